package commands

import (
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/i18n"
)

// NormalizeSafetyText exposes the crisis-language normaliser to the
// black-box tests: the words the English list matches on, joined by spaces.
func NormalizeSafetyText(text string) string {
	return NormalizeSafetyTextIn("en", text)
}

// NormalizeSafetyTextIn is NormalizeSafetyText for another language's list.
func NormalizeSafetyTextIn(lang, text string) string {
	return strings.Join(safetyLists[lang].words(baseTokens(text)), " ")
}

// ParsePhrases exposes the phrase-list parser to the black-box tests.
func ParsePhrases(text string) error {
	_, err := parsePhrases(text)
	return err
}

// TestSafetyWordsHaveNoPercentSign: the safety net's words become fmt
// formats (wordsFor), so a literal % in a translation would print as
// "%!…" in a crisis reply.
func TestSafetyWordsHaveNoPercentSign(t *testing.T) {
	cat := i18n.Embedded()
	for _, l := range i18n.Languages() {
		for _, id := range cat.IDs(l.Tag) {
			if !strings.HasPrefix(id, "safety.") {
				continue
			}
			if s, _ := cat.Text(l.Tag, id); strings.Contains(s, "%") {
				t.Errorf("%s %s has a %%: %q", l.Tag, id, s)
			}
		}
	}
}
