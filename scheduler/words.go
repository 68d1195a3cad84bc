package scheduler

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Schedules in other languages.
//
// Parse reads English. Text in one of Kindred's other languages is first
// rewritten word by word into that English ("todos los martes a las
// 19:00" becomes "every tuesday at 19:00") and then parsed as English.
// Each language's words are a Go table (words_<lang>.go) rather than
// catalogue messages: a language has as many spellings, plurals and
// abbreviations as it needs (the catalogue wants the same messages in
// every language), some words depend on their neighbours ("a" is "at"
// before a time and "to" between two days), and all tables are merged
// into one, so two languages giving the same word different meanings is
// caught when the package loads (see TestVocabulariesDoNotClash).

// vocab is one language's words for schedules, written as people type
// them (accents are folded away before lookup).
type vocab struct {
	lang string
	// words maps a word to the English words it stands for ("" drops it).
	words map[string]string
	// phrases maps several words to English, matched before words.
	phrases map[string]string
	// atWords mean "at" before a time ("à 19h"); otherwise they mean
	// words[w], or nothing.
	atWords []string
	// rangeWords mean "to" between two days ("lunes a viernes").
	rangeWords []string
	// fromWords mean "from" before a date ("desde el 2026-12-08").
	fromWords []string
	// months are the month names used in dates, January first, each
	// with its spellings separated by "|".
	months [12]string
	// days are the full weekday names, Sunday first, suggested for
	// misspellings.
	days [7]string
}

// vocabs are the languages Parse reads besides English.
var vocabs []*vocab

// foreign is every language's words merged: a folded word and the
// English it stands for.
var (
	foreignWords   = map[string]string{}
	foreignPhrases = map[string]string{}
	atWords        = map[string]bool{}
	rangeWordsAll  = map[string]bool{}
	fromWords      = map[string]bool{}
	monthNames     = map[string]time.Month{}
	daySuggestions = map[string]time.Weekday{}
	maxPhrase      = 1
)

// fillers are English words that carry no meaning in any kind of
// schedule; two languages mapping one word to different fillers do not
// clash.
var fillers = map[string]bool{"": true, "on": true, "and": true, "the": true, "of": true}

// clashes lists the words two languages give different meanings.
var clashes []string

func register(v *vocab) {
	vocabs = append(vocabs, v)
	add := func(table map[string]string, word, en string) {
		word = fold(word)
		if old, ok := table[word]; ok && old != en && !(fillers[old] && fillers[en]) {
			clashes = append(clashes, fmt.Sprintf("%s: %q is %q, but elsewhere %q", v.lang, word, en, old))
			return
		}
		table[word] = en
	}
	for w, en := range v.words {
		add(foreignWords, w, en)
	}
	for p, en := range v.phrases {
		add(foreignPhrases, strings.Join(strings.Fields(p), " "), en)
		maxPhrase = max(maxPhrase, len(strings.Fields(p)))
	}
	for _, w := range v.atWords {
		atWords[fold(w)] = true
	}
	for _, w := range v.rangeWords {
		rangeWordsAll[fold(w)] = true
	}
	for _, w := range v.fromWords {
		fromWords[fold(w)] = true
	}
	for i, names := range v.months {
		for _, n := range strings.Split(names, "|") {
			n = fold(n)
			if old, ok := monthNames[n]; ok && old != time.Month(i+1) {
				clashes = append(clashes, fmt.Sprintf("%s: month %q is %d, but elsewhere %d", v.lang, n, i+1, old))
			}
			monthNames[n] = time.Month(i + 1)
		}
	}
	for i, d := range v.days {
		daySuggestions[fold(d)] = time.Weekday(i)
	}
}

// englishMonths let one-off dates be written with month names in English too.
var englishMonths = [12]string{"january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul", "august|aug", "september|sep|sept", "october|oct", "november|nov", "december|dec"}

func init() {
	for i, names := range englishMonths {
		for _, n := range strings.Split(names, "|") {
			monthNames[n] = time.Month(i + 1)
		}
	}
}

// folding turns accented letters into plain ones.
var folding = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'ą': "a", 'ª': "a",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ę': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'º': "o", '°': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u",
	'ç': "c", 'ć': "c", 'ñ': "n", 'ń': "n", 'ß': "ss", 'ł': "l", 'ś': "s", 'ż': "z", 'ź': "z", 'œ': "oe",
}

// fold lowercases s and removes its accents.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := folding[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	// reHourH is a French or German time: "19h", "19h30", "19.30h".
	reHourH = regexp.MustCompile(`^([0-9]{1,2})(?:h|[:.]([0-9]{2})h)([0-9]{2})?$`)
	// reNumOrdinal is a day number with a suffix other than English's:
	// "1.", "15e", "2eme", "1o", "3a", "1er", "1ste", "4de".
	reNumOrdinal = regexp.MustCompile(`^([0-9]{1,2})(?:\.o|\.|er|re|e|eme|o|a|ste|de|ieme)$`)
	// reDayFirst is a day-first date: "24/12/2026", "24.12.2026", "24-12-2026".
	reDayFirst = regexp.MustCompile(`^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})$`)
	// reNumber is a plain number.
	reNumber = regexp.MustCompile(`^[0-9]{1,2}$`)
)

// translate rewrites text written in any of Kindred's languages into
// the English Parse reads. It reports whether it changed anything and
// whether it used a word of another language.
func translate(text string) (out string, changed, foreignUsed bool) {
	text = strings.ToLower(text)
	typed := strings.Join(strings.Fields(text), " ")
	text = strings.NewReplacer(",", " , ", "(", " ", ")", " ", "'", " ", "’", " ", "«", " ", "»", " ", ";", " , ", "–", "-", "—", "-", "&", " and ").Replace(text)
	raw := strings.Fields(fold(text))
	var toks []string
	// Phrases, longest first.
	for i := 0; i < len(raw); {
		matched := false
		for n := min(maxPhrase, len(raw)-i); n >= 2; n-- {
			if en, ok := foreignPhrases[strings.Join(raw[i:i+n], " ")]; ok {
				toks = append(toks, strings.Fields(en)...)
				i += n
				matched, foreignUsed = true, true
				break
			}
		}
		if !matched {
			toks = append(toks, raw[i])
			i++
		}
	}
	toks = joinDates(toks)

	isDay := func(t string) bool {
		_, ok := dayWords[t]
		return ok || strings.HasPrefix(t, ambiguousMarker)
	}
	mapped := make([]string, 0, len(toks))
	for i, t := range toks {
		next, next2 := "", ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		if i+2 < len(toks) {
			next2 = toks[i+2]
		}
		prevDay := len(mapped) > 0 && isDay(mapped[len(mapped)-1])
		switch {
		case rangeWordsAll[t] && prevDay && isDay(lookupWord(next)):
			mapped = append(mapped, "-")
			foreignUsed = true
			continue
		case atWords[t] && (startsWithDigit(next) || lookupWord(next) == "noon" || lookupWord(next) == "midnight"):
			mapped = append(mapped, "at")
			foreignUsed = foreignUsed || t != "at"
			continue
		case fromWords[t] && (isDateLike(next) || foreignWords[next] == "" && isDateLike(next2)):
			mapped = append(mapped, "from")
			foreignUsed = true
			continue
		case t == "am" && (len(mapped) == 0 || !startsWithDigit(mapped[len(mapped)-1])):
			// German "am Dienstag" is "on"; English "7 am" stays.
			foreignUsed = true
			continue
		case (t == "uhr" || t == "uur" || t == "h" || t == "godz." || t == "godz") && len(mapped) > 0 && reNumber.MatchString(mapped[len(mapped)-1]):
			mapped[len(mapped)-1] += ":00"
			changed = true
			continue
		case t == "uhr" || t == "uur" || t == "godz." || t == "godz" || t == "godzinie" || t == "godzina":
			foreignUsed = true
			continue
		}
		if m := reHourH.FindStringSubmatch(t); m != nil {
			minute := m[2] + m[3]
			if minute == "" {
				minute = "00"
			}
			mapped = append(mapped, m[1]+":"+minute)
			changed = true
			continue
		}
		if m := reNumOrdinal.FindStringSubmatch(t); m != nil {
			n, _ := strconv.Atoi(m[1])
			mapped = append(mapped, ordinalNumber(n))
			changed = true
			continue
		}
		if a, b, ok := strings.Cut(t, "-"); ok && !isDay(t) {
			if _, whole := foreignWords[t]; !whole && isDay(lookupWord(a)) && isDay(lookupWord(b)) {
				mapped = append(mapped, lookupWord(a), "-", lookupWord(b))
				foreignUsed = foreignUsed || lookupWord(a) != a || lookupWord(b) != b
				continue
			}
		}
		if en, ok := foreignWords[t]; ok && !englishWord(t) {
			foreignUsed = true
			if (en == "day" || en == "days") && (reNumber.MatchString(next) || reNumOrdinal.MatchString(next)) {
				en = "month" // "el día 15", "todo dia 15": a day of the month
			}
			if (en == "day" || en == "days") && isDateLike(next) {
				continue // "dia 31/12/2026"
			}
			mapped = append(mapped, strings.Fields(en)...)
			continue
		}
		if atWords[t] || rangeWordsAll[t] || fromWords[t] {
			foreignUsed = true
			continue // meant nothing here
		}
		mapped = append(mapped, t)
	}
	mapped = resolveOrdinals(mapped)
	for i := 0; foreignUsed && i+1 < len(mapped); i++ {
		// "alle 19", "a las 21": a bare hour from 12 on is clear on a 24-hour clock.
		if n, err := strconv.Atoi(mapped[i+1]); err == nil && mapped[i] == "at" && reNumber.MatchString(mapped[i+1]) &&
			n >= 12 && n <= 23 && (i+2 == len(mapped) || (mapped[i+2] != "am" && mapped[i+2] != "pm")) {
			mapped[i+1] += ":00"
		}
	}
	if foreignUsed && len(mapped) > 0 && startsWithDigit(mapped[0]) && !isDateLike(mapped[0]) {
		// "15 every month": a day first must not read as cron.
		mapped = append([]string{"on"}, mapped...)
	}
	if slices.ContainsFunc(mapped, isDateLike) {
		mapped = slices.DeleteFunc(mapped, func(t string) bool { return t == "," })
	}
	out = strings.Join(mapped, " ")
	changed = changed || foreignUsed || out != typed
	if !foreignUsed && dayFirst(raw) {
		changed = false // English keeps asking for year-month-day
	}
	return out, changed, foreignUsed
}

// lookupWord returns the English for one word, or the word itself.
func lookupWord(t string) string {
	if en, ok := foreignWords[t]; ok && !englishWord(t) && !strings.Contains(en, " ") {
		return en
	}
	return t
}

// englishWord reports whether t already means something in English
// schedules, so another language's table never changes it.
func englishWord(t string) bool {
	if _, ok := dayWords[t]; ok {
		return true
	}
	if _, ok := daySetWords[t]; ok {
		return true
	}
	if _, ok := ordinals[t]; ok {
		return true
	}
	switch t {
	case "every", "each", "other", "at", "on", "and", "month", "once", "from", "to", "the", "of", "weekend", "weekends", "noon", "midnight":
		return true
	}
	return false
}

func startsWithDigit(t string) bool { return t != "" && unicode.IsDigit(rune(t[0])) }

// ambiguousDays are words that are a day of the week or an ordinal
// (Portuguese "segunda" is Monday, and second in "segunda quinta-feira
// do mês"), with the ordinal they may be.
var ambiguousDays = map[string]string{"segunda": "second", "quarta": "fourth", "quinta": "fifth", "segundas": "second", "quartas": "fourth", "quintas": "fifth"}

// ambiguousMarker is what translate leaves for an ambiguous word before
// resolveOrdinals decides what it is.
const ambiguousMarker = "\x00"

// resolveOrdinals decides the words that are a day or an ordinal, and
// turns "every second Tuesday" into "every other Tuesday" unless a month
// is named ("jeden zweiten Dienstag" is every other Tuesday; "am zweiten
// Dienstag im Monat" the second Tuesday of the month).
func resolveOrdinals(toks []string) []string {
	hasMonth := false
	for _, t := range toks {
		if t == "month" || t == "monthly" {
			hasMonth = true
		}
	}
	isDayish := func(t string) bool {
		_, day := dayWords[t]
		return day || strings.HasPrefix(t, ambiguousMarker)
	}
	out := make([]string, len(toks))
	copy(out, toks)
	for i, t := range toks {
		word, ok := strings.CutPrefix(t, ambiguousMarker)
		if !ok {
			continue
		}
		day, ordinal, _ := strings.Cut(word, ":")
		out[i] = day
		if !hasMonth {
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			if toks[j] == "and" || toks[j] == "," {
				continue
			}
			if isDayish(toks[j]) {
				out[i] = ordinal
			}
			break
		}
	}
	if !hasMonth {
		for i := 0; i+2 < len(out); i++ {
			if (out[i] == "every" || out[i] == "each") && (out[i+1] == "second" || out[i+1] == "2nd") && isDayish(out[i+2]) {
				out[i+1] = "other"
			}
		}
	}
	return out
}

// dayFirst reports whether toks have a day-first date ("24/12/2026"),
// which English text must not use: Parse asks for year-month-day there.
func dayFirst(toks []string) bool {
	for _, t := range toks {
		if reDayFirst.MatchString(t) {
			return true
		}
	}
	return false
}

// joinDates turns a date written with a month name ("24 de diciembre de
// 2026", "24. Dezember 2026") or day first ("24/12/2026") into
// year-month-day, and drops a weekday written before it.
func joinDates(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if m := reDayFirst.FindStringSubmatch(t); m != nil {
			out = dropWeekday(out)
			out = append(out, isoDate(m[3], m[2], m[1]))
			continue
		}
		day := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "."), "er"), "o")
		if reNumber.MatchString(day) {
			j := i + 1
			if j < len(toks) && toks[j] == "de" {
				j++
			}
			if j < len(toks) {
				if month, ok := monthNames[strings.TrimSuffix(toks[j], ",")]; ok {
					k := j + 1
					if k < len(toks) && (toks[k] == "de" || toks[k] == ",") {
						k++
					}
					if k < len(toks) && len(toks[k]) == 4 && isDigits(toks[k]) {
						out = dropWeekday(out)
						out = append(out, isoDate(toks[k], strconv.Itoa(int(month)), day))
						i = k
						continue
					}
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// dropWeekday drops a weekday (and a comma) written just before a date.
func dropWeekday(toks []string) []string {
	n := len(toks)
	if n > 0 && toks[n-1] == "," {
		n--
	}
	if n > 0 {
		w := lookupWord(toks[n-1])
		if _, ok := dayWords[w]; ok || strings.HasPrefix(w, ambiguousMarker) {
			return toks[:n-1]
		}
		if _, ok := daySuggestions[toks[n-1]]; ok {
			return toks[:n-1]
		}
	}
	return toks
}

func isoDate(y, m, d string) string {
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	return fmt.Sprintf("%s-%02d-%02d", y, mi, di)
}

// suggestionWords returns every language's weekday names, for suggestions.
func suggestionWords() []string {
	var out []string
	for w := range daySuggestions {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
