package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"text/template"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Printer writes Kindred's messages in one language.
type Printer struct {
	lang  string
	tag   language.Tag
	cat   *Catalogue
	num   *message.Printer
	dates dateNames
}

// Lang returns the printer's language tag.
func (p *Printer) Lang() string { return p.lang }

// T returns message id with its placeholders filled from kv, pairs of a
// placeholder's name and its value: T("checkin.saved", "Mood", "okay").
// A message missing in the printer's language is written in English; one
// missing in English too is returned as its ID in brackets, which the
// catalogue's tests do not let through.
//
// A value of type Msg is itself a message ID, written in p's language
// before it is put in: a store error can name a setting or a kind of
// thing without knowing the reader's language.
func (p *Printer) T(id string, kv ...any) string {
	return p.localize(id, nil, kv)
}

// Msg is a placeholder value that is a message ID, translated where it is
// put in (see T).
type Msg string

// N is T for a message with plural forms, chosen by count; the
// placeholder {{.Count}} is count written in the language's way.
func (p *Printer) N(id string, count int, kv ...any) string {
	return p.localize(id, count, append(kv, "Count", p.Number(count)))
}

func (p *Printer) localize(id string, count any, kv []any) string {
	// A message missing in the printer's language is English's, with
	// English's plural rules.
	t, tag := p.cat.texts[p.lang][id], p.tag
	if t == nil {
		t, tag = p.cat.texts[Base][id], language.English
	}
	if t == nil {
		return "[" + id + "]"
	}
	form := plural.Other
	if n, ok := count.(int); ok {
		form = plural.Cardinal.MatchPlural(tag, abs(n), 0, 0, 0, 0)
	}
	// A form the language's rules ask for but its translators left out
	// (Spanish "many", for a million) is "other".
	fm := t.form(form)
	if !strings.Contains(fm.src, "{{") {
		return fm.src
	}
	tmpl := fm.parsed.Load()
	if tmpl == nil {
		var err error
		if tmpl, err = template.New(id).Option("missingkey=default").Parse(fm.src); err != nil {
			return "[" + id + "]"
		}
		fm.parsed.Store(tmpl)
	}
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			name, _ := kv[i].(string)
			v := kv[i+1]
			if m, ok := v.(Msg); ok {
				v = p.T(string(m))
			}
			data[name] = v
		}
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		return "[" + id + "]"
	}
	return b.String()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// List joins items the language's way: "a, b and c", "a, b y c".
func (p *Printer) List(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return p.T("common.list", "Items", strings.Join(items[:len(items)-1], ", "), "Last", items[len(items)-1])
}

// Number writes a whole number with the language's digit grouping:
// 12,345 in English, 12.345 in German.
func (p *Printer) Number(n int) string {
	if n > -1000 && n < 1000 {
		return strconv.Itoa(n)
	}
	return p.num.Sprintf("%d", n)
}

// Command returns a command path ("checkin now") as members of this
// language see it, in backticks.
func (p *Printer) Command(path string) string {
	return "`/" + p.cat.CommandPath(p.lang, path) + "`"
}

// dateNames are a language's names of weekdays and months, as used in a
// date ("2 grudnia" in Polish), from the catalogue's "date" messages.
type dateNames struct {
	weekdays, weekdaysShort [7]string
	months, monthsShort     [12]string
}

func loadDates(p *Printer) dateNames {
	var d dateNames
	split := func(id string, dst []string) {
		parts := strings.Split(p.rawText(id), "|")
		for i := range dst {
			if i < len(parts) {
				dst[i] = strings.TrimSpace(parts[i])
			}
		}
	}
	split("date.weekdays", d.weekdays[:])
	split("date.weekdays_short", d.weekdaysShort[:])
	split("date.months", d.months[:])
	split("date.months_short", d.monthsShort[:])
	return d
}

// rawText is a message as written in the printer's language, else English.
func (p *Printer) rawText(id string) string {
	if s, ok := p.cat.Text(p.lang, id); ok {
		return s
	}
	s, _ := p.cat.Text(Base, id)
	return s
}

// Date styles for Printer.Date.
const (
	// Short is a weekday, day, month and time: "Mon 2 Dec 18:00".
	Short = "date.short"
	// Long adds the year and writes names in full: "Monday 2 December 2026, 18:00".
	Long = "date.long"
	// Day is a date without a time: "2 December 2026".
	Day = "date.day"
	// DayShort is a day and short month without a year: "2 Dec".
	DayShort = "date.day_short"
)

// Date writes t (already in the reader's time zone) in the language's
// way, in one of the styles Short, Long, Day or DayShort.
func (p *Printer) Date(t time.Time, style string) string {
	d := p.dates
	return p.T(style,
		"Weekday", d.weekdays[t.Weekday()], "WeekdayShort", d.weekdaysShort[t.Weekday()],
		"Day", strconv.Itoa(t.Day()), "Month", d.months[t.Month()-1], "MonthShort", d.monthsShort[t.Month()-1],
		"Year", strconv.Itoa(t.Year()), "Time", t.Format("15:04"), "Zone", t.Format("MST"))
}

func newNumberPrinter(tag string) *message.Printer {
	return message.NewPrinter(language.MustParse(tag))
}

// String describes the printer, for logs and test failures.
func (p *Printer) String() string { return fmt.Sprintf("i18n.Printer(%s)", p.lang) }
