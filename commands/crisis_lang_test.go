package commands

import (
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// crisisNotes lists every note of the crisis-line table that the crisis
// embeds show.
func crisisNotes() map[string]bool {
	notes := map[string]bool{}
	add := func(s string) {
		if s != "" {
			notes[s] = true
		}
	}
	set := data.CrisisFor("")
	for _, l := range set.International {
		add(l.Caveat)
	}
	for _, c := range data.CrisisCountries() {
		set := data.CrisisFor(c.Code)
		for _, e := range set.Emergency {
			add(e.Note)
		}
		for _, l := range set.Lines {
			for _, p := range l.Phones {
				add(p.Note)
			}
			for _, t := range l.Texts {
				add(t.Note)
			}
			add(l.Hours)
			add(l.Languages)
			add(l.Caveat)
		}
	}
	return notes
}

// TestEveryCrisisNoteIsInTheCatalogue fails when a note of the crisis-line
// table has no crisis_note message with its English text (a note was added
// or reworded: add it to en/crisis_notes.toml and translate it), or when
// the catalogue keeps a note the table no longer has.
func TestEveryCrisisNoteIsInTheCatalogue(t *testing.T) {
	cat := i18n.Embedded()
	want := map[string]bool{}
	for note := range crisisNotes() {
		id := "crisis_note." + crisisNoteKey(note)
		if want[id] {
			t.Errorf("two notes share the key %s; reword one", id)
		}
		want[id] = true
		got, ok := cat.Text(i18n.Base, id)
		if !ok || got != note {
			t.Errorf("%s = %q in en/crisis_notes.toml, want the table's note %q", id, got, note)
		}
	}
	for _, id := range cat.IDs(i18n.Base) {
		if strings.HasPrefix(id, "crisis_note.") && !want[id] {
			t.Errorf("%s is in en/crisis_notes.toml but no crisis line has that note any more", id)
		}
	}
}

func TestCrisisEmbedsInTheMembersLanguage(t *testing.T) {
	tests := []struct {
		lang, country string
		want          []string
	}{
		{"", "US", []string{"Crisis lines: United States", "**Call:** **988** (press 1 for the Veterans Crisis Line, 2 for Spanish)", "Checked against public sources on 25 November 2026"}},
		{"es", "US", []string{"Líneas de crisis: Estados Unidos", "**Llama:** **988** (pulsa 1 para la Veterans Crisis Line, 2 para español)", "988 Suicide & Crisis Lifeline", "25 de noviembre de 2026"}},
		{"pt", "US", []string{"Estados Unidos", "**Ligue:**", "inglês ou espanhol"}},
		{"pt-BR", "US", []string{"Estados Unidos", "**Ligue:**"}},
		{"de", "DE", []string{"Deutschland", "**Anrufen:**"}},
		{"pl", "GB", []string{"Wielka Brytania", "**Zadzwoń:**", "bezpłatnie"}},
		{"fr", "AQ", []string{"Antarctique"}},
	}
	for _, tt := range tests {
		var b strings.Builder
		for _, e := range CrisisEmbedsIn(tt.country, tt.lang) {
			b.WriteString(e.Title + "\n" + e.Description + "\n")
			for _, f := range e.Fields {
				b.WriteString(f.Name + "\n" + f.Value + "\n")
			}
			if e.Footer != nil {
				b.WriteString(e.Footer.Text + "\n")
			}
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("CrisisEmbedsIn(%q, %q) lacks %q:\n%s", tt.country, tt.lang, w, b.String())
			}
		}
	}
}

func TestCountryChoicesInTheMembersLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, typed, want string }{
		{"en", "ger", "Germany (DE)"},
		{"es", "alem", "Alemania (DE)"},
		{"es", "germ", "Alemania (DE)"},
		{"pl", "niem", "Niemcy (DE)"},
	} {
		choices := countryChoicesIn(i18n.For(tt.lang), tt.typed, "")
		if len(choices) == 0 || choices[0].Name != tt.want {
			t.Errorf("countryChoicesIn(%s, %q) = %v, want %q first", tt.lang, tt.typed, choices, tt.want)
		}
	}
}

func TestLookupCountryInTheMembersLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, typed, want string }{
		{"en", "Germany", "DE"}, {"es", "alemania", "DE"}, {"de", "Österreich", "AT"}, {"es", "Germany", "DE"}, {"en", "Alemania", ""},
	} {
		c, ok := lookupCountryIn(i18n.For(tt.lang), tt.typed)
		if c.Code != tt.want || ok != (tt.want != "") {
			t.Errorf("lookupCountryIn(%s, %q) = %q, %v; want %q", tt.lang, tt.typed, c.Code, ok, tt.want)
		}
	}
}
