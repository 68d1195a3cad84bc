package commands

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kindred-bot/kindred/i18n"
)

func stripAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestStopWordsOfEveryLanguage checks each language's stop words stop
// DMs, however they are typed, and that every DM telling a member how to
// stop names that language's own word.
func TestStopWordsOfEveryLanguage(t *testing.T) {
	// Messages that tell a member to reply with a stop word, and whether
	// the word they name is the "stop all" one.
	naming := []struct {
		id  string
		all bool
	}{
		{"checkin.reminder_dm", false},
		{"selfcare.welcome", false},
		{"selfcare.switched_off_there", false},
		{"selfcare.nudge_intro", false},
		{"dms.unknown_button", false},
		{"dms.stopped_server", true},
		{"dms.stopped_that_server", true},
	}
	for _, l := range i18n.Languages() {
		t.Run(l.Tag, func(t *testing.T) {
			words, all := stopWordsOf(l.Tag)
			if len(words) == 0 || len(all) == 0 {
				t.Fatalf("%s has no stop words (%q) or none for all (%q)", l.Tag, words, all)
			}
			for _, w := range append(append([]string(nil), words...), all...) {
				for _, typed := range []string{w, strings.ToUpper(w), " ¡" + w + "!! ", "«" + w + "»", stripAccents(w), "\"" + strings.ReplaceAll(w, " ", "  ") + ".\""} {
					if !IsStopWord(typed) {
						t.Errorf("IsStopWord(%q) = false, want true", typed)
					}
				}
			}
			for _, w := range append(append([]string(nil), words...), all...) {
				if phrase, found := CrisisLanguage(w); found {
					t.Errorf("stop word %q is crisis language (%q): it would skip the safety net", w, phrase)
				}
			}
			for _, w := range words {
				if isStopAll(w) {
					t.Errorf("isStopAll(%q) = true: a plain stop word asks which server", w)
				}
			}
			for _, w := range all {
				if !isStopAll(strings.ToUpper(w) + "!") {
					t.Errorf("isStopAll(%q) = false, want true", w)
				}
			}
			p := i18n.For(l.Tag)
			for _, m := range naming {
				want := "**" + words[0] + "**"
				if m.all {
					want = "**" + all[0] + "**"
				}
				if got := p.T(m.id); !strings.Contains(got, want) {
					t.Errorf("%s in %s does not name %s: %q", m.id, l.Tag, want, got)
				}
			}
			for _, n := range []int{1, 3} {
				if got, want := p.N("dms.which_server", n), "**"+all[0]+"**"; !strings.Contains(got, want) {
					t.Errorf("dms.which_server(%d) in %s does not name %s: %q", n, l.Tag, want, got)
				}
			}
		})
	}
}

func TestNotStopWords(t *testing.T) {
	for _, text := range []string{
		"", "  ", "!!", "stop it please", "I can't stop crying", "stopped", "para mí", "no quiero parar",
		"basta", "koniec", "beenden", "alles beenden", "tout arrêter", "fermati", "all", "todo", "hello", "parar de sentirme así", "help",
	} {
		if IsStopWord(text) {
			t.Errorf("IsStopWord(%q) = true, want false", text)
		}
		if isStopAll(text) {
			t.Errorf("isStopAll(%q) = true, want false", text)
		}
	}
	// English's words work whatever the member's language.
	for _, text := range []string{"stop", "STOP", "Unsubscribe.", "cancel", "stop all", "Stop All!"} {
		if !IsStopWord(text) {
			t.Errorf("IsStopWord(%q) = false, want true", text)
		}
	}
}
