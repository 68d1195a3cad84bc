package commands

import (
	"strings"
	"time"

	"github.com/kindred-bot/kindred/i18n"
)

// joinAndIn joins items as a list in p's language: "a, b and c".
func joinAndIn(p *i18n.Printer, items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + p.T("words.and") + " " + items[len(items)-1]
}

// durationIn says a duration as people do, in p's language: "90
// minutes", "2 hours", "3 days".
func durationIn(p *i18n.Printer, d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return p.N("words.days", int(d/(24*time.Hour)))
	case d >= time.Hour && d%time.Hour == 0:
		return p.N("words.hours", int(d/time.Hour))
	}
	return p.N("words.minutes", int(d/time.Minute))
}
