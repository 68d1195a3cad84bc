package scheduler_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// Each language's usual ways of writing a schedule parse to the same
// Schedule as the English text.
func TestParseEveryLanguage(t *testing.T) {
	tests := []struct {
		english string
		typed   map[string][]string
	}{
		{"every Tuesday at 19:00", map[string][]string{
			"es":    {"todos los martes a las 19:00", "cada martes a las 19h", "los martes 19:00", "Martes a las 19.00"},
			"fr":    {"tous les mardis à 19h00", "chaque mardi à 19h", "le mardi à 19:00", "mardi 19h"},
			"de":    {"jeden Dienstag um 19:00 Uhr", "dienstags um 19 Uhr", "Di 19:00", "jeden Dienstag 19.00 Uhr"},
			"pt-BR": {"toda terça-feira às 19:00", "todas as terças às 19h", "terça 19h", "toda terca as 19:00"},
			"it":    {"ogni martedì alle 19:00", "tutti i martedì alle 19", "martedi alle 19.00", "il martedì alle 19:00"},
			"nl":    {"elke dinsdag om 19:00", "iedere dinsdag om 19.00 uur", "dinsdags om 19 uur", "di 19:00"},
			"pl":    {"w każdy wtorek o 19:00", "we wtorki o 19:00", "wtorek o godz. 19:00", "w kazdy wtorek o 19"},
		}},
		{"every Monday, Wednesday and Friday at 18:30", map[string][]string{
			"es":    {"lunes, miércoles y viernes a las 18:30", "lun, mié, vie 18:30"},
			"fr":    {"les lundis, mercredis et vendredis à 18h30", "lun, mer, ven à 18h30"},
			"de":    {"Montag, Mittwoch und Freitag um 18:30 Uhr", "Mo, Mi, Fr 18.30 Uhr"},
			"pt-BR": {"segunda, quarta e sexta às 18h30", "seg, qua, sex às 18:30"},
			"it":    {"lunedì, mercoledì e venerdì alle 18:30", "lun, mer, ven alle 18.30"},
			"nl":    {"maandag, woensdag en vrijdag om 18:30", "ma, wo, vr om 18.30"},
			"pl":    {"w poniedziałki, środy i piątki o 18:30", "pon, śr, pt o 18:30"},
		}},
		{"every day at 09:00", map[string][]string{
			"es":    {"todos los días a las 09:00", "cada día a las 9:00", "diario a las 09:00"},
			"fr":    {"tous les jours à 9h", "chaque jour à 09:00"},
			"de":    {"jeden Tag um 9 Uhr", "täglich um 09:00", "täglich 09:00"},
			"pt-BR": {"todos os dias às 9h", "todo dia às 09:00", "diariamente às 09:00"},
			"it":    {"ogni giorno alle 9:00", "tutti i giorni alle 09:00"},
			"nl":    {"elke dag om 9:00", "dagelijks om 09.00 uur"},
			"pl":    {"codziennie o 9:00", "każdego dnia o 09:00"},
		}},
		{"weekdays at 08:30", map[string][]string{
			"es":    {"de lunes a viernes a las 8:30", "entre semana a las 08:30", "lun-vie 08:30", "días laborables a las 8:30"},
			"fr":    {"du lundi au vendredi à 8h30", "en semaine à 8h30", "lun-ven 8h30"},
			"de":    {"Montag bis Freitag um 8:30 Uhr", "werktags um 08:30", "Mo-Fr 8.30 Uhr"},
			"pt-BR": {"de segunda a sexta às 8h30", "dias úteis às 08:30", "seg-sex 08:30"},
			"it":    {"dal lunedì al venerdì alle 8:30", "nei giorni feriali alle 08:30", "lun-ven 8.30"},
			"nl":    {"maandag tot en met vrijdag om 8:30", "op werkdagen om 08:30", "ma-vr 8.30", "ma t/m vr om 08:30"},
			"pl":    {"od poniedziałku do piątku o 8:30", "w dni robocze o 08:30", "pon-pt 8:30"},
		}},
		{"weekends at 10:00", map[string][]string{
			"es":    {"los fines de semana a las 10:00"},
			"fr":    {"le week-end à 10h"},
			"de":    {"am Wochenende um 10 Uhr"},
			"pt-BR": {"nos fins de semana às 10h"},
			"it":    {"nel weekend alle 10:00"},
			"nl":    {"in het weekend om 10:00"},
			"pl":    {"w weekendy o 10:00"},
		}},
		{"every other Tuesday at 19:00", map[string][]string{
			"es":    {"cada dos semanas, los martes, a las 19:00", "martes alternos a las 19:00", "cada 2 semanas el martes a las 19h"},
			"fr":    {"un mardi sur deux à 19h", "toutes les deux semaines le mardi à 19h00"},
			"de":    {"jeden zweiten Dienstag um 19 Uhr", "alle zwei Wochen am Dienstag um 19:00", "zweiwöchentlich dienstags 19 Uhr"},
			"pt-BR": {"a cada duas semanas, às terças, às 19h", "quinzenalmente na terça às 19:00"},
			"it":    {"martedì a settimane alterne, alle 19:00", "ogni due settimane il martedì alle 19"},
			"nl":    {"om de week op dinsdag om 19:00", "om de twee weken op dinsdag om 19.00", "tweewekelijks op dinsdag om 19:00"},
			"pl":    {"co drugi wtorek o 19:00", "co dwa tygodnie we wtorek o 19:00"},
		}},
		{"2nd and 4th Thursday at 18:00", map[string][]string{
			"es":    {"el segundo y cuarto jueves de cada mes a las 18:00", "2º y 4º jueves del mes a las 18h"},
			"fr":    {"le deuxième et quatrième jeudi du mois à 18h", "les 2e et 4e jeudis du mois à 18h00"},
			"de":    {"am zweiten und vierten Donnerstag im Monat um 18 Uhr", "jeden 2. und 4. Donnerstag im Monat um 18:00"},
			"pt-BR": {"na segunda e quarta quinta-feira do mês às 18h", "2ª e 4ª quinta-feira de cada mês às 18:00"},
			"it":    {"il secondo e quarto giovedì del mese alle 18:00", "il 2° e 4° giovedì di ogni mese alle 18"},
			"nl":    {"op de tweede en vierde donderdag van de maand om 18:00", "elke 2e en 4e donderdag van de maand om 18.00"},
			"pl":    {"w drugi i czwarty czwartek miesiąca o 18:00", "2. i 4. czwartek miesiąca o 18:00"},
		}},
		{"first Monday of the month at 18:00", map[string][]string{
			"es":    {"el primer lunes de cada mes a las 18:00", "primer lunes del mes 18h"},
			"fr":    {"le premier lundi du mois à 18h", "le 1er lundi de chaque mois à 18h00"},
			"de":    {"am ersten Montag im Monat um 18 Uhr", "jeden 1. Montag im Monat 18:00"},
			"pt-BR": {"na primeira segunda-feira de cada mês, às 18:00", "primeira segunda do mês às 18h"},
			"it":    {"il primo lunedì del mese alle 18:00", "il primo lunedì di ogni mese alle 18"},
			"nl":    {"op de eerste maandag van de maand om 18:00", "elke eerste maandag van de maand om 18 uur"},
			"pl":    {"w pierwszy poniedziałek miesiąca o 18:00", "pierwszy poniedziałek każdego miesiąca o 18:00"},
		}},
		{"last Sunday of the month at 11:00", map[string][]string{
			"es":    {"el último domingo de cada mes a las 11:00"},
			"fr":    {"le dernier dimanche du mois à 11h"},
			"de":    {"am letzten Sonntag im Monat um 11 Uhr"},
			"pt-BR": {"no último domingo do mês às 11h"},
			"it":    {"l'ultima domenica del mese alle 11:00"},
			"nl":    {"op de laatste zondag van de maand om 11:00"},
			"pl":    {"w ostatnią niedzielę miesiąca o 11:00"},
		}},
		{"every month on the 15th at 12:00", map[string][]string{
			"es":    {"el día 15 de cada mes a las 12:00", "todos los meses el 15 a las 12h"},
			"fr":    {"le 15 de chaque mois à 12h", "tous les mois le 15 à 12h00"},
			"de":    {"am 15. jedes Monats um 12 Uhr", "jeden Monat am 15. um 12:00"},
			"pt-BR": {"todo dia 15, às 12:00", "no dia 15 de cada mês às 12h"},
			"it":    {"il giorno 15 di ogni mese alle 12:00", "il 15 di ogni mese alle 12"},
			"nl":    {"op de 15e van elke maand om 12:00", "elke maand op de 15de om 12 uur"},
			"pl":    {"15. dnia każdego miesiąca o 12:00", "co miesiąc 15. dnia o 12:00"},
		}},
		{"once on 2026-12-24 at 17:00", map[string][]string{
			"es":    {"una vez el 24 de diciembre de 2026 a las 17:00", "una vez el 2026-12-24 a las 17h", "el 24/12/2026 a las 17:00"},
			"fr":    {"une fois le 24 décembre 2026 à 17h", "le jeudi 24/12/2026 à 17h00"},
			"de":    {"einmalig am 24. Dezember 2026 um 17 Uhr", "einmal am 24.12.2026 um 17:00"},
			"pt-BR": {"uma vez, 24 de dezembro de 2026, às 17h", "uma vez em 24/12/2026 às 17:00", "dia 24/12/2026 às 17h"},
			"it":    {"una volta il 24 dicembre 2026 alle 17:00", "una volta il 24/12/2026 alle 17"},
			"nl":    {"eenmalig op 24 december 2026 om 17:00", "eenmalig op 24-12-2026 om 17.00 uur"},
			"pl":    {"jednorazowo 24 grudnia 2026 o 17:00", "jednorazowo 24.12.2026 o 17:00"},
		}},
	}
	langs := i18n.Languages()
	for _, tt := range tests {
		want := mustParse(t, tt.english)
		for _, l := range langs[1:] {
			if len(tt.typed[l.Tag]) == 0 {
				t.Errorf("%q: no %s phrasings", tt.english, l.Tag)
			}
			for _, text := range tt.typed[l.Tag] {
				got, err := scheduler.Parse(text)
				if err != nil {
					t.Errorf("%s: Parse(%q): %v", l.Tag, text, err)
					continue
				}
				if got != want {
					t.Errorf("%s: Parse(%q) = %q, want %q", l.Tag, text, got, want)
				}
			}
		}
	}
}

// roundTrip are schedules whose description in every language parses
// back to them.
var roundTrip = []string{
	"every Tuesday at 19:00",
	"every Saturday at 10:30",
	"every Sunday at 11:00",
	"every Wednesday at 07:15",
	"every Monday, Wednesday and Friday at 18:30",
	"weekends at 10:00",
	"every day at 09:00",
	"weekdays at 08:30",
	"every other Tuesday at 19:00",
	"every other Monday and Thursday at 18:00",
	"every other Sunday at 12:00",
	"second and fourth Thursday of the month at 18:00",
	"first Monday of the month at 18:00",
	"last Friday of the month at 17:30",
	"first and third Sunday of the month at 11:00",
	"fourth Wednesday of the month at 20:00",
	"second and last Saturday of the month at 09:00",
	"every month on the 15th at 12:00",
	"every month on the 1st at 08:00",
	"every month on the 28th at 12:00",
	"once on 2026-12-24 at 17:00",
	"once on 2027-03-01 at 09:30",
	"0 19 * * 2",
	"30 8 * * 1-5",
	"0 12 15 * *",
}

func TestDescribeInRoundTrips(t *testing.T) {
	for _, l := range i18n.Languages() {
		p := i18n.For(l.Tag)
		for _, text := range roundTrip {
			s := mustParse(t, text)
			d := s.DescribeIn(p)
			if strings.Contains(d, "[schedule.") || (l.Tag != i18n.Base && d == s.Describe()) {
				t.Errorf("%s: %q described as %q", l.Tag, text, d)
			}
			got, err := scheduler.Parse(d)
			if err != nil {
				t.Errorf("%s: %q is described as %q, which doesn't parse: %v", l.Tag, text, d, scheduler.ProblemIn(err, p))
				continue
			}
			// A cron expression reads back as the plain-words schedule it means.
			if want := s.NextN(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC, 6); !slices.EqualFunc(got.NextN(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC, 6), want, time.Time.Equal) {
				t.Errorf("%s: %q is described as %q, which parses as %q", l.Tag, text, d, got)
			}
		}
	}
}

func TestDescribeIn(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string
	}{
		{"every Tuesday at 19:00", map[string]string{
			"en": "every Tuesday at 19:00", "es": "todos los martes a las 19:00", "fr": "tous les mardis à 19h00",
			"de": "jeden Dienstag um 19:00 Uhr", "pt-BR": "toda terça-feira às 19:00", "it": "ogni martedì alle 19:00",
			"nl": "elke dinsdag om 19:00", "pl": "w każdy wtorek o 19:00",
		}},
		{"every Monday, Wednesday and Friday at 18:30", map[string]string{
			"en": "every Monday, Wednesday and Friday at 18:30", "es": "todos los lunes, miércoles y viernes a las 18:30",
			"fr": "tous les lundis, mercredis et vendredis à 18h30", "de": "jeden Montag, Mittwoch und Freitag um 18:30 Uhr",
			"pt-BR": "às segundas, quartas e sextas, às 18:30", "it": "ogni lunedì, mercoledì e venerdì alle 18:30",
			"nl": "elke maandag, woensdag en vrijdag om 18:30", "pl": "w poniedziałki, środy i piątki o 18:30",
		}},
		{"weekdays at 08:30", map[string]string{
			"en": "every weekday (Monday to Friday) at 08:30", "es": "entre semana (de lunes a viernes) a las 08:30",
			"de": "werktags (Montag bis Freitag) um 08:30 Uhr", "pl": "w dni robocze (od poniedziałku do piątku) o 08:30",
		}},
		{"2nd and 4th Thursday at 18:00", map[string]string{
			"en": "on the second and fourth Thursday of every month at 18:00", "es": "el segundo y cuarto jueves de cada mes a las 18:00",
			"fr": "le deuxième et quatrième jeudi du mois à 18h00", "de": "am zweiten und vierten Donnerstag im Monat um 18:00 Uhr",
			"pt-BR": "na segunda e quarta quinta-feira de cada mês, às 18:00", "it": "il secondo e quarto giovedì del mese alle 18:00",
			"nl": "op de tweede en vierde donderdag van de maand om 18:00", "pl": "w drugi i czwarty czwartek miesiąca o 18:00",
		}},
		{"first Sunday of the month at 11:00", map[string]string{
			"pt-BR": "no primeiro domingo de cada mês, às 11:00", "it": "la prima domenica del mese alle 11:00",
			"pl": "w pierwszą niedzielę miesiąca o 11:00",
		}},
		{"every other Wednesday at 19:00", map[string]string{
			"en": "every other Wednesday at 19:00", "fr": "un mercredi sur deux à 19h00", "de": "jeden zweiten Mittwoch um 19:00 Uhr",
			"pl": "co drugą środę o 19:00", "nl": "om de week op woensdag om 19:00",
		}},
		{"every other Tuesday at 19:00 from 2026-12-08", map[string]string{
			"en": "every other Tuesday at 19:00, starting the week of 8 December 2026",
			"es": "cada dos semanas, los martes, a las 19:00, empezando la semana del 8 de diciembre de 2026",
		}},
		{"every month on the 1st at 08:00", map[string]string{
			"en": "on the 1st of every month at 08:00", "fr": "le 1er de chaque mois à 08h00", "de": "am 1. jedes Monats um 08:00 Uhr",
		}},
		{"every month on the 31st at 08:00", map[string]string{
			"en": "on the 31st of every month at 08:00 (skipped in months without a 31st)",
			"es": "el día 31 de cada mes a las 08:00 (se salta los meses sin día 31)",
		}},
		{"once on 2026-12-24 at 17:00", map[string]string{
			"en": "once, on Thursday 24 December 2026 at 17:00", "es": "una vez, el jueves 24 de diciembre de 2026 a las 17:00",
			"de": "einmalig am Donnerstag, 24. Dezember 2026, um 17:00 Uhr", "pl": "jednorazowo, czwartek 24 grudnia 2026 o 17:00",
		}},
		{"*/15 9-17 * * *", map[string]string{
			"en": `on the cron schedule "0,15,30,45 9-17 * * *"`, "es": `según el cron "0,15,30,45 9-17 * * *"`,
		}},
		{"5 * * * *", map[string]string{
			"en": "every hour at 5 minutes past", "pl": "co godzinę, 5 minut po pełnej godzinie",
		}},
	}
	for _, tt := range tests {
		s := mustParse(t, tt.text)
		for lang, want := range tt.want {
			if got := s.DescribeIn(i18n.For(lang)); got != want {
				t.Errorf("%s: DescribeIn(%q) = %q, want %q", lang, tt.text, got, want)
			}
		}
		if got, want := s.Describe(), s.DescribeIn(i18n.For("en")); got != want {
			t.Errorf("Describe() = %q, DescribeIn(en) = %q", got, want)
		}
	}
}

// Errors are written in the reader's language, and the English one is
// Error().
func TestParseErrorsInReadersLanguage(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string
	}{
		{"todos los martes", map[string]string{
			"es": `No he podido leer "todos los martes": también necesito una hora. Prueba «todos los martes a las 19:00».`,
			"en": `I couldn't read "todos los martes": I need a time too. Try "every Tuesday at 19:00".`,
			"de": `Ich konnte "todos los martes" nicht lesen: ich brauche auch eine Uhrzeit. Versuch es mit „jeden Dienstag um 19:00 Uhr“.`,
		}},
		{"every tuesday at 25:00", map[string]string{
			"en": `I couldn't read "every tuesday at 25:00": "25:00" isn't a time of day: hours go from 00 to 23.`,
			"fr": `Je n'ai pas pu lire "every tuesday at 25:00" : "25:00" n'est pas une heure de la journée : les heures vont de 00 à 23.`,
		}},
		{"", map[string]string{
			"pl": "Potrzebuję harmonogramu, np. „w każdy wtorek o 19:00”, albo wyrażenia cron, np. „0 19 * * 2”.",
		}},
		{"martez a las 19:00", map[string]string{
			"es": `No he podido leer "martez a las 19:00": ¿querías decir martes? Prueba «todos los martes a las 19:00» o una expresión cron como «0 19 * * 2».`,
		}},
		{"cinquième vendredi du mois à 18h", map[string]string{
			"fr": `Je n'ai pas pu lire "cinquième vendredi du mois à 18h" : tous les mois n'ont pas de cinquième vendredi. Essaie « le dernier vendredi du mois à 18h00 ».`,
		}},
		{"once on 2026-02-30 at 10:00", map[string]string{
			"nl": `Ik kon "once on 2026-02-30 at 10:00" niet lezen: "2026-02-30" is geen echte datum: februari 2026 heeft 28 dagen.`,
		}},
	}
	for _, tt := range tests {
		_, err := scheduler.Parse(tt.text)
		var pe *scheduler.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q) = %v, want a *ParseError", tt.text, err)
		}
		for lang, want := range tt.want {
			if got := scheduler.ProblemIn(err, i18n.For(lang)); got != want {
				t.Errorf("%s: %q\n got %s\nwant %s", lang, tt.text, got, want)
			}
		}
		if got := scheduler.ProblemIn(err, i18n.For("en")); got != err.Error() {
			t.Errorf("English %q != Error() %q", got, err.Error())
		}
	}
	if _, err := scheduler.ParseTimeOfDay("25:00"); scheduler.ProblemIn(err, i18n.For("it")) != `"25:00" non è un'ora del giorno: le ore vanno da 00 a 23.` {
		t.Errorf("ParseTimeOfDay in Italian: %q", scheduler.ProblemIn(err, i18n.For("it")))
	}
}

var quoted = regexp.MustCompile(`[«„“"‘] ?([^«»„“”"‘’]+?) ?[»“”"’]`)

// The examples in hints are schedules Parse accepts, in each language.
func TestHintExamplesParse(t *testing.T) {
	cat := i18n.Embedded()
	for _, l := range i18n.Languages() {
		for _, id := range []string{"schedule.err_empty", "schedule.hint_try", "schedule.hint_monthly", "schedule.hint_biweekly", "schedule.hint_date",
			"web.meetings.f_when_hint", "web.selfcare.when_hint", "problem.meeting_needs_schedule"} {
			text, _ := cat.Text(l.Tag, id)
			examples := quoted.FindAllStringSubmatch(text, -1)
			if len(examples) < 1 {
				t.Errorf("%s %s: no examples in %q", l.Tag, id, text)
			}
			for _, m := range examples {
				if _, err := scheduler.Parse(m[1]); err != nil {
					t.Errorf("%s %s: example %q doesn't parse: %v", l.Tag, id, m[1], err)
				}
			}
		}
	}
}

// The schedule examples in translated option descriptions are ones Parse
// accepts in that language; the nudge days take a time after them.
func TestOptionExamplesParse(t *testing.T) {
	cat := i18n.Embedded()
	for _, l := range i18n.Languages() {
		for id, suffix := range map[string]string{
			"cmd.mod-meetings.create.schedule.desc": "",
			"cmd.mod-meetings.edit.schedule.desc":   "",
			"cmd.mod-selfcare.schedule.when.desc":   "",
			"cmd.selfcare.nudge.on.days.desc":       " at 12:00",
		} {
			text, ok := cat.Text(l.Tag, id)
			if !ok {
				t.Fatalf("%s: no %s", l.Tag, id)
			}
			examples := quoted.FindAllStringSubmatch(text, -1)
			if len(examples) < 2 {
				t.Errorf("%s %s: no examples in %q", l.Tag, id, text)
			}
			for _, m := range examples {
				if _, err := scheduler.Parse(m[1] + suffix); err != nil {
					t.Errorf("%s %s: example %q doesn't parse: %v", l.Tag, id, m[1], err)
				}
			}
		}
	}
}

// Other features' messages that suggest a schedule suggest one Parse
// reads in the reader's language.
func TestSuggestedSchedulesParse(t *testing.T) {
	for _, l := range i18n.Languages() {
		p := i18n.For(l.Tag)
		for _, text := range []string{
			p.T("meetings_manage.no_future_dates", "Schedule", "every day at 09:00", "Year", "2030"),
			p.T("selfcare.too_often"),
			p.T("selfcare.list_none"),
		} {
			examples := quoted.FindAllStringSubmatch(text, -1)
			if len(examples) == 0 {
				t.Errorf("%s: no examples in %q", l.Tag, text)
			}
			for _, m := range examples {
				if _, err := scheduler.Parse(m[1]); err != nil {
					t.Errorf("%s: example %q in %q doesn't parse: %v", l.Tag, m[1], text, err)
				}
			}
		}
	}
}
