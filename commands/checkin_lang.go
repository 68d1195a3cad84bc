package commands

// Check-ins in the reader's language: the moods' and feelings' labels
// (their values and stored keys stay English) and lists joined with the
// language's "and".

import (
	"context"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// moodKeys are the catalogue keys of the five moods, indexed 1 to 5.
var moodKeys = [6]string{"", "checkin.mood_struggling", "checkin.mood_low", "checkin.mood_okay", "checkin.mood_good", "checkin.mood_great"}

// moodWord is a mood's label in p's language ("?" for no mood).
func moodWord(p *i18n.Printer, m int) string {
	if m < 1 || m > 5 {
		return "?"
	}
	return p.T(moodKeys[m])
}

// moodTextIn is moodText in p's language: the emoji and the label.
func moodTextIn(p *i18n.Printer, m int) string {
	if m < 1 || m > 5 {
		return "?"
	}
	return moods[m].emoji + " " + moodWord(p, m)
}

// feelingLabel is a feeling's label in p's language; f is its stored
// English key.
func feelingLabel(p *i18n.Printer, f string) string {
	id, ok := feelingMessages[f]
	if !ok {
		return f
	}
	return p.T(id)
}

// feelingMessages are the feelings' message IDs, by feeling: every
// check-in reply names all twenty.
var feelingMessages = func() map[string]string {
	m := make(map[string]string, len(feelingWords))
	for _, f := range feelingWords {
		m[f] = "checkin.feeling_" + f
	}
	return m
}()

// feelingLabels are feelings' labels in p's language.
func feelingLabels(p *i18n.Printer, fs []string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = feelingLabel(p, f)
	}
	return out
}

// feelingFromLabel is the feeling key whose label in p's language (or in
// English) is word, ignoring case.
func feelingFromLabel(p *i18n.Printer, word string) (string, bool) {
	word = strings.ToLower(strings.TrimSpace(word))
	for _, f := range feelingWords {
		if f == word || strings.ToLower(feelingLabel(p, f)) == word {
			return f, true
		}
	}
	return "", false
}

// parseFeelingsIn is parseFeelings that also knows the feelings' labels
// in p's language: each comma-separated part is first matched whole (a
// label may have several words), else read word by word.
func parseFeelingsIn(p *i18n.Printer, typed string) (known, unknown []string) {
	seen := map[string]bool{}
	for _, part := range strings.Split(typed, ",") {
		if f, ok := feelingFromLabel(p, part); ok {
			if !seen[f] {
				seen[f] = true
				known = append(known, f)
			}
			continue
		}
		k, u := parseFeelings(part)
		for _, w := range u {
			if f, ok := feelingFromLabel(p, w); ok {
				k = append(k, f)
			} else if !seen["?"+w] {
				seen["?"+w] = true
				unknown = append(unknown, w)
			}
		}
		for _, f := range k {
			if !seen[f] {
				seen[f] = true
				known = append(known, f)
			}
		}
	}
	return known, unknown
}

// feelingChoicesIn completes the last of the comma-separated feelings
// typed, with the labels of p's language.
func feelingChoicesIn(p *i18n.Printer, typed string) []*discordgo.ApplicationCommandOptionChoice {
	parts := strings.Split(typed, ",")
	last := strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
	var before []string
	chosen := map[string]bool{}
	for _, part := range parts[:len(parts)-1] {
		if part = strings.ToLower(strings.TrimSpace(part)); part != "" {
			before = append(before, part)
			if f, ok := feelingFromLabel(p, part); ok {
				chosen[f] = true
			}
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, f := range feelingWords {
		label := feelingLabel(p, f)
		if chosen[f] || !strings.HasPrefix(strings.ToLower(label), last) {
			continue
		}
		v := strings.Join(append(append([]string(nil), before...), label), ", ")
		if len(v) > 100 || len(out) == 25 {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
	}
	return out
}

// noteLanguage remembers the member's Discord language for the reminder
// DMs they just turned on, when the store can (*data.Store can).
func (h *checkins) noteLanguage(ctx context.Context, req *Request) {
	if n, ok := h.store.(languageNoter); ok {
		noteLanguage(ctx, n, req)
	}
}

// checkinDMLanguage is the printer for a DM to userID about a server
// whose language is serverLang.
func checkinDMLanguage(ctx context.Context, store any, userID, serverLang string) *i18n.Printer {
	if n, ok := store.(languageNoter); ok {
		return i18n.For(dmLanguage(ctx, n, userID, serverLang))
	}
	return i18n.For(serverLang)
}

// averageIn writes an average mood with one decimal, with the language's
// decimal separator ("3.5", "3,5").
func averageIn(p *i18n.Printer, avg float64) string {
	s := strconv.FormatFloat(avg, 'f', 1, 64)
	if p.T("checkin.decimal_comma") == "yes" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
