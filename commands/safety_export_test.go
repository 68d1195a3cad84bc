package commands

import "strings"

// NormalizeSafetyText exposes the crisis-language normaliser to the
// black-box tests: the words it matches on, joined by spaces.
func NormalizeSafetyText(text string) string { return strings.Join(normalizeSafetyText(text), " ") }

// ParsePhrases exposes the phrase-list parser to the black-box tests.
func ParsePhrases(text string) error {
	_, err := parsePhrases(text)
	return err
}
