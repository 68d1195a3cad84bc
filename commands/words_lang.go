package commands

import (
	"time"

	"github.com/kindred-bot/kindred/i18n"
)

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
