package commands

import (
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/i18n"
)

// TestImportProblemsInTheImportersLanguage: a line the store refuses is
// named in the importer's language, the store's sentence included.
func TestImportProblemsInTheImportersLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"en", `"sleep" isn't a category`},
		{"es", `"sleep" no es una categoría`},
		{"de", "„sleep“ ist keine Kategorie"},
		{"pl", "Podpowiedź musi mieć co najmniej 10 znaków"},
	} {
		text := "sleep: Go to bed a little earlier tonight."
		if tt.lang == "pl" {
			text = "rest: Drzemka."
		}
		_, problems := parseImport(i18n.For(tt.lang), "rest: Put your feet up for five minutes.\n"+text)
		if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
			t.Errorf("%s: problems %q, want one with %q", tt.lang, problems, tt.want)
		}
	}
}
