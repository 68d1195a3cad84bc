package commands

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// lookupCountryIn is data.LookupCountry that also knows countries by their
// name in p's language ("Alemania" for a member writing in Spanish).
func lookupCountryIn(p *i18n.Printer, typed string) (data.Country, bool) {
	if c, ok := data.LookupCountry(typed); ok {
		return c, true
	}
	if p.Lang() == i18n.Base || p.Lang() == "" {
		return data.Country{}, false
	}
	typed = strings.TrimSpace(typed)
	for _, c := range data.Countries() {
		if strings.EqualFold(countryName(p, c.Code, c.Name), typed) {
			return c, true
		}
	}
	return data.Country{}, false
}

// crisisPrinter is the printer for the crisis embeds in lang, which may be
// a catalogue tag ("pt-BR"), a safety-list language ("pt") or "" (English).
func crisisPrinter(lang string) *i18n.Printer { return i18n.For(i18n.Match(lang)) }

// countryName is a country's name in the printer's language, from
// Unicode's tables; english (the crisis table's name) is kept in English
// and where the tables have no name for the code.
func countryName(p *i18n.Printer, code, english string) string {
	if p.Lang() == i18n.Base || p.Lang() == "" || len(code) != 2 {
		return english
	}
	tag, err := language.Parse(p.Lang())
	if err != nil {
		return english
	}
	region, err := language.ParseRegion(code)
	if err != nil {
		return english
	}
	if name := display.Regions(tag).Name(region); name != "" {
		return name
	}
	return english
}

// crisisNoteKey is the catalogue key of a note of the crisis-line table
// (hours, languages, a number's note, a caveat): its English text in
// lowercase with every run of other characters as "_", such as
// "free_confidential" for "free, confidential". The notes are translated
// by their text, not by line, because many lines share one ("24/7").
func crisisNoteKey(english string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(english) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	key := b.String()
	if len(key) > 60 {
		key = strings.TrimRight(key[:60], "_")
	}
	return "n_" + key
}

// crisisNote is a note of the crisis-line table in the printer's language,
// or as the table writes it (English) when the catalogue has no
// translation for it.
func crisisNote(p *i18n.Printer, english string) string {
	if english == "" || p.Lang() == i18n.Base || p.Lang() == "" {
		return english
	}
	if s, ok := i18n.Embedded().Text(p.Lang(), "crisis_note."+crisisNoteKey(english)); ok && s != "" {
		return s
	}
	return english
}
