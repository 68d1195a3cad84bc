package i18n

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"time"
)

// pluralForms are the forms each language's plural rules (CLDR) use for
// whole numbers, which a plural message must have in that language.
var pluralForms = map[string][]string{
	"en": {"one", "other"}, "es": {"one", "other"}, "fr": {"one", "other"}, "de": {"one", "other"},
	"pt-BR": {"one", "other"}, "it": {"one", "other"}, "nl": {"one", "other"}, "pl": {"one", "few", "many", "other"},
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}|\{\{\s*/([^{}]+?)\s*\}\}`)

// placeholders lists the placeholders and command references in s.
func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if m[1] != "" {
			out = append(out, "."+m[1])
		} else {
			out = append(out, "/"+m[2])
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func TestEveryMessageIsInEveryLanguageWithTheSamePlaceholders(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]bool{}
	for _, id := range c.IDs(Base) {
		base[id] = true
	}
	if len(base) == 0 {
		t.Fatal("the English catalogue is empty")
	}
	for _, l := range languages {
		if _, ok := pluralForms[l.Tag]; !ok {
			t.Errorf("%s: no plural forms listed for the test", l.Tag)
		}
		for _, id := range c.IDs(l.Tag) {
			if !base[id] && !strings.HasPrefix(id, "cmd.") {
				t.Errorf("%s: %s is not an English message (renamed or removed?)", l.Tag, id)
			}
		}
		for id := range base {
			want := c.Forms(Base, id)
			got := c.Forms(l.Tag, id)
			if got == nil {
				t.Errorf("%s: %s is missing", l.Tag, id)
				continue
			}
			_, plural := want["one"]
			if plural {
				for _, f := range pluralForms[l.Tag] {
					if got[f] == "" {
						t.Errorf("%s: %s lacks the plural form %q", l.Tag, id, f)
					}
				}
			} else if len(got) != 1 || got["other"] == "" {
				t.Errorf("%s: %s has plural forms but the English has none", l.Tag, id)
			}
			wantPH := placeholders(want["other"])
			for form, text := range got {
				ph := placeholders(text)
				if form != "other" && plural {
					// "one" may say "a day" without the count.
					ph = slices.DeleteFunc(slices.Clone(wantPH), func(p string) bool { return p == ".Count" && !slices.Contains(ph, p) })
					if !slices.Equal(placeholders(text), slices.DeleteFunc(slices.Clone(wantPH), func(p string) bool {
						return p == ".Count" && !strings.Contains(text, ".Count")
					})) {
						t.Errorf("%s: %s (%s) has placeholders %v, want %v", l.Tag, id, form, placeholders(text), wantPH)
					}
					continue
				}
				if !slices.Equal(ph, wantPH) {
					t.Errorf("%s: %s (%s) has placeholders %v, want %v", l.Tag, id, form, ph, wantPH)
				}
			}
			for form, text := range got {
				if _, err := template.New("").Parse(cmdRef.ReplaceAllString(text, "x")); err != nil {
					t.Errorf("%s: %s (%s) does not parse: %v", l.Tag, id, form, err)
				}
			}
		}
	}
}

func TestMatchDiscordLocales(t *testing.T) {
	for _, tc := range []struct{ locale, want string }{
		{"en-US", "en"}, {"en-GB", "en"}, {"es-ES", "es"}, {"es-419", "es"}, {"pt-BR", "pt-BR"},
		{"fr", "fr"}, {"de", "de"}, {"it", "it"}, {"nl", "nl"}, {"pl", "pl"},
		{"ja", ""}, {"sv-SE", ""}, {"", ""}, {"pt", "pt-BR"}, {"ES-es", "es"},
	} {
		if got := Match(tc.locale); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.locale, got, tc.want)
		}
	}
	if got := Pick("", "xx", "de", "fr"); got != "de" {
		t.Errorf("Pick = %q, want de", got)
	}
	if got := Pick("", "ja"); got != Base {
		t.Errorf("Pick with nothing spoken = %q, want %q", got, Base)
	}
}

func TestPrinterPluralsNumbersAndDates(t *testing.T) {
	day := time.Date(2026, time.December, 2, 18, 5, 0, 0, time.UTC) // a Wednesday
	for _, tc := range []struct {
		lang, got, want string
	}{
		{"en", For("en").Date(day, Long), "Wednesday 2 December 2026, 18:05"},
		{"pl", For("pl").Date(day, Day), "2 grudnia 2026"},
		{"de", For("de").Date(day, Short), "Mi. 2. Dez. 18:05"},
		{"es", For("es").Date(day, Long), "miércoles, 2 de diciembre de 2026, 18:05"},
		{"de", For("de").Number(12345), "12.345"},
		{"en", For("en").Number(12345), "12,345"},
		{"fr", For("fr").Number(7), "7"},
		{"xx", For("xx").Lang(), "en"},
		{"en", For("en").T("no.such.message"), "[no.such.message]"},
		{"de", For("de").T("problem.talk_taken_by", "Listener", Msg("common.off")), "aus hat das schon übernommen"},
		{"de", For("de").T("problem.talk_taken_by", "Listener", "common.off"), "common.off hat das schon übernommen"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, tc.got, tc.want)
		}
	}
}

// Plural forms are chosen by each language's CLDR rules, a form the
// translators left out is "other", and a message missing in a language
// is English's, with English's rules.
func TestPluralFormsAndFallback(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{
		"l/en/x.toml": {Data: []byte("[x]\nonly_en = \"hello {{.Name}}\"\n[x.n]\none = \"one {{.Count}}\"\nother = \"other {{.Count}}\"\n")},
		"l/pl/x.toml": {Data: []byte("[x.n]\none = \"jeden\"\nfew = \"kilka {{.Count}}\"\nmany = \"wiele {{.Count}}\"\nother = \"inne {{.Count}}\"\n")},
		"l/es/x.toml": {Data: []byte("[x.n]\none = \"uno\"\nother = \"otros {{.Count}}\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	pl, es, fr := c.Printer("pl"), c.Printer("es"), c.Printer("fr")
	for _, tc := range []struct{ got, want string }{
		{pl.N("x.n", 1), "jeden"},
		{pl.N("x.n", 2), "kilka 2"},
		{pl.N("x.n", 5), "wiele 5"},
		{pl.N("x.n", 22), "kilka 22"},
		{pl.N("x.n", 25), "wiele 25"},
		{pl.N("x.n", 112), "wiele 112"},
		{es.N("x.n", 1), "uno"},
		{es.N("x.n", 1000000), "otros 1.000.000"}, // Spanish "many", left out
		{fr.N("x.n", 0), "other 0"},               // missing in French: English's rules say "other"
		{fr.T("x.only_en", "Name", "Ana"), "hello Ana"},
		{pl.T("x.nothing"), "[x.nothing]"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
