package commands

import "strings"

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
