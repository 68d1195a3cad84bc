package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// TestSelfCareProblemsCarryTheirMessage: the self-care, nudge and
// guidelines refusals are data.Problems of the right kind, read in
// English as before, and have a Spanish message of their own.
func TestSelfCareProblemsCarryTheirMessage(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	g, u := pvGuildA, pvMember
	second := func(_ any, err error) error { return err }
	third := func(_, _ any, err error) error { return err }
	for _, tt := range []struct {
		name, id string
		kind     error
		english  string
		err      error
	}{
		{"unknown category", "selfcare_not_category", data.ErrInvalid,
			`"sleep" isn't a category; choose one of movement, rest, connection, mindfulness, nourishment, creativity, reflection`,
			third(data.NormalizeSelfCarePrompt("sleep", "Go to bed a little earlier tonight."))},
		{"short prompt", "selfcare_prompt_too_short", data.ErrInvalid,
			`a prompt needs at least 10 characters, like "Drink a glass of water now."`,
			third(data.NormalizeSelfCarePrompt("rest", "Nap."))},
		{"long prompt", "selfcare_prompt_too_long", data.ErrInvalid,
			"a prompt can have at most 300 characters; this one has 398",
			third(data.NormalizeSelfCarePrompt("rest", strings.Repeat("ab ", 133)))},
		{"not a time", "nudge_not_a_time", data.ErrInvalid, `"9" isn't a time like 09:00 or 18:30`,
			second(s.StartSelfCareNudges(ctx, g, u, []string{"9"}, "every day", "UTC"))},
		{"too many times", "nudge_too_many", data.ErrInvalid, "you can have up to 4 nudges a day",
			second(s.StartSelfCareNudges(ctx, g, u, []string{"08:00", "09:00", "10:00", "11:00", "12:00"}, "every day", "UTC"))},
		{"no time", "nudge_need_time", data.ErrInvalid, `please give at least one time, like "09:00" or "09:00, 18:30"`,
			second(s.StartSelfCareNudges(ctx, g, u, nil, "every day", "UTC"))},
		{"same quiet hours", "nudge_quiet_same_time", data.ErrInvalid, "quiet hours need to start and end at different times",
			second(s.SetSelfCareQuietHours(ctx, g, u, "22:00", "22:00"))},
		{"gone schedule", "selfcare_schedule_gone", data.ErrNotFound,
			"that prompt schedule doesn't exist any more; `/mod-selfcare list` shows the current ones",
			second(s.PauseSelfCareSchedule(ctx, g, 999))},
		{"gone post", "selfcare_post_gone", data.ErrNotFound, "I can't find that prompt any more",
			second(s.SelfCarePost(ctx, g, 999))},
		{"unknown guidelines", "guidelines_unknown_message", data.ErrInvalid,
			"that guidelines message is not one I recognise; please ask a moderator to post the guidelines again",
			second(s.AcknowledgeGuidelines(ctx, g, u, "not a version!"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var p *data.Problem
			if !errors.As(tt.err, &p) || p.ID != tt.id {
				t.Fatalf("error %v (%T), want problem %s", tt.err, tt.err, tt.id)
			}
			if !errors.Is(tt.err, tt.kind) {
				t.Errorf("%v is not %v", tt.err, tt.kind)
			}
			if got, want := tt.err.Error(), tt.kind.Error()+": "+tt.english; !strings.HasSuffix(got, want) {
				t.Errorf("English:\n got %q\nwant %q", got, want)
			}
			es := i18n.For("es").T("problem."+p.ID, p.Args...)
			if es == "" || strings.HasPrefix(es, "[") || strings.Contains(es, "<no value>") || es == tt.english {
				t.Errorf("Spanish: %q", es)
			}
		})
	}
}
