package commands_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// TestStoreProblemsInTheMembersLanguage: a problem the store reports (a
// data.Problem) is said in the member's language, wrapped or not, and
// still reads as before in English.
func TestStoreProblemsInTheMembersLanguage(t *testing.T) {
	err := fmt.Errorf("open thread: %w", &data.Problem{Kind: data.ErrConflict, ID: "talk_already_open"})
	if !errors.Is(err, data.ErrConflict) {
		t.Fatal("a problem does not wrap its kind")
	}
	for _, tc := range []struct{ lang, want string }{
		{"", "You already have a support thread open"},
		{"es", "Ya tienes"},
		{"de", "Du hast"},
	} {
		resp, rerr := (&commands.Request{Lang: tc.lang}).Problem(err)
		if rerr != nil || resp == nil || !resp.Ephemeral || !strings.HasPrefix(resp.Content, tc.want) {
			t.Errorf("%q: %+v, %v; want a private reply starting %q", tc.lang, resp, rerr, tc.want)
		}
	}
	note := &data.Problem{Kind: data.ErrInvalid, ID: "checkin_note_too_long", Args: []any{"Max", 4000, "Length", 4001}}
	if got := note.Error(); got != "invalid: a note can be at most 4000 characters, and yours has 4001" {
		t.Errorf("English error: %q", got)
	}
}

func TestProblemsStartingWithANonASCIILetterAreCapitalised(t *testing.T) {
	err := &data.Problem{Kind: data.ErrInvalid, ID: "language_unknown", Args: []any{"Language", "xx"}}
	for _, l := range []string{"pl", "es", "fr"} {
		resp, _ := (&commands.Request{Lang: l}).Problem(err)
		if resp == nil || strings.ContainsRune(resp.Content, '\uFFFD') {
			t.Errorf("%s: %+v", l, resp)
		}
	}
	resp, _ := commands.ProblemReply(fmt.Errorf("%w: ñu", data.ErrInvalid))
	if resp == nil || resp.Content != "Ñu" {
		t.Errorf("ProblemReply capitalised %+v, want Ñu", resp)
	}
}
