package commands

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
)

// upperFirst capitalizes the first letter of s, whatever its script.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// serverTimeIn shows an instant in the meeting's zone, to check a
// schedule, in p's language: "Tue 3 Mar 2026, 19:00 CET" in English.
func serverTimeIn(p *i18n.Printer, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if p.Lang() == i18n.Base {
		return serverTime(t, loc)
	}
	return p.Date(t, i18n.Long) + " " + t.Format("MST")
}

// commandOption is the last word of a command path ("mod-meetings edit
// post_in") as members of req's language see it: an option's name.
func commandOption(req *Request, path string) string {
	words := strings.Fields(i18n.Embedded().CommandPath(req.Lang, path))
	return words[len(words)-1]
}
