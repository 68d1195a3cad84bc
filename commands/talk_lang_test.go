package commands_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
)

// Discord refuses a modal, button or thread whose texts are too long, so
// every language's must fit: a form that can't open would leave a member
// asking for support with nothing.
func TestTalkTextsFitDiscordsLimitsInEveryLanguage(t *testing.T) {
	limits := map[string]int{
		"talk.title":                 45, // modal title, and the button on /help and the safety net
		"talk.button_hand_over":      45, // also the hand-over form's title
		"talk.form_label":            45, // text input labels
		"talk.hand_note_label":       45,
		"talk.form_placeholder":      100, // text input placeholders
		"talk.hand_note_placeholder": 100,
		"talk.hand_choose":           150, // select placeholder
		"talk.thread_name":           100,
	}
	for _, id := range []string{"need_listen", "need_practical", "need_struggling", "button_open", "button_open_share",
		"button_cancel", "button_bring_in", "button_ok", "button_close", "button_take", "button_join", "button_keep"} {
		limits["talk."+id] = 80 // button labels
	}
	for _, l := range i18n.Languages() {
		p := i18n.For(l.Tag)
		for id, max := range limits {
			text := p.T(id, "ID", "1234567")
			if strings.HasPrefix(text, "[") {
				t.Errorf("%s: %s is missing", l.Tag, id)
			}
			if n := utf8.RuneCountInString(text); n > max {
				t.Errorf("%s: %s has %d characters, Discord allows %d: %q", l.Tag, id, n, max, text)
			}
		}
	}
}
