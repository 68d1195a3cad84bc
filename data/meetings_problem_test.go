package data_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// TestMeetingProblemsCarryTheirMessage: what the store refuses about a
// meeting's reminders, link or check-in reminder is a data.Problem of the
// same kind, that reads as before in English and has its own message in
// another language.
func TestMeetingProblemsCarryTheirMessage(t *testing.T) {
	_, remErr := data.ParseReminders("soon")
	_, farErr := data.ParseReminders("8d")
	_, manyErr := data.ParseReminders("1h,2h,3h,4h,5h,6h")
	_, linkErr := data.NormalizeMeetingLink("meet dot org")
	for _, tc := range []struct {
		name    string
		err     error
		kind    error
		id      string
		english string
		spanish string
	}{
		{"unreadable reminder", remErr, data.ErrInvalid, "meeting_reminder_unclear",
			`invalid: I don't understand the reminder "soon". Write times before the meeting like "24h, 15m" or "2d, 1h", or "none"`,
			"no entiendo el recordatorio «soon»"},
		{"reminder too far ahead", farErr, data.ErrInvalid, "meeting_reminder_over_week",
			`invalid: reminders can be up to 7 days before the meeting, not "8d"`, "hasta 7 días antes de la reunión, no «8d»"},
		{"too many reminders", manyErr, data.ErrInvalid, "meeting_too_many_reminders",
			"invalid: a meeting can have up to 5 reminders, not 6", "hasta 5 recordatorios, no 6"},
		{"unusable link", linkErr, data.ErrInvalid, "meeting_link_unusable",
			`invalid: "meet dot org" isn't a link I can use; it should start with https://, like https://meet.example.org/group`,
			"«meet dot org» no es un enlace que pueda usar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p *data.Problem
			if !errors.As(tc.err, &p) || p.ID != tc.id || !errors.Is(tc.err, tc.kind) {
				t.Fatalf("error %v (%T), want a %v problem %q", tc.err, tc.err, tc.kind, tc.id)
			}
			if got := tc.err.Error(); got != tc.english {
				t.Errorf("English:\n got %q\nwant %q", got, tc.english)
			}
			if got := i18n.For("es").T("problem."+p.ID, p.Args...); !strings.Contains(got, tc.spanish) {
				t.Errorf("Spanish: %q, want it to contain %q", got, tc.spanish)
			}
		})
	}
}
