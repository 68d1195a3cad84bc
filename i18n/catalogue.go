package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed locales
var files embed.FS

// Catalogue is every message in every language, parsed once.
type Catalogue struct {
	// texts holds each language's messages by ID, with {{/command}}
	// references resolved, as printers use them.
	texts map[string]map[string]*text
	// source holds them as written (before {{/command}} is resolved), for
	// the catalogue's tests; only Load keeps it.
	source   map[string]map[string]*goi18n.Message
	printers map[string]*Printer
}

// text is one message in one language: its "other" form and, for a
// message with plural forms, the others (indexed by plural.Form), each
// parsed as a template the first time it is used. It is a fraction of the
// size of go-i18n's bundle entry, and most messages have no plural forms:
// that matters because every language's messages (twenty thousand) stay
// in memory for as long as Kindred runs.
type text struct {
	other  form
	plural *[plural.Many + 1]form // nil without plural forms; Other unused
}

// form is one form of a message: its source and, once used, its template.
type form struct {
	src    string
	parsed atomic.Pointer[template.Template]
}

// newText is a text of the given forms, indexed by plural.Form.
func newText(forms [plural.Many + 1]string) *text {
	t := &text{other: form{src: forms[plural.Other]}}
	for f, s := range forms {
		if s != "" && plural.Form(f) != plural.Other {
			if t.plural == nil {
				t.plural = new([plural.Many + 1]form)
			}
			t.plural[f].src = s
		}
	}
	return t
}

// form returns f's form, or "other" when the message has none for f.
func (t *text) form(f plural.Form) *form {
	if t.plural != nil && f != plural.Other && t.plural[f].src != "" {
		return &t.plural[f]
	}
	return &t.other
}

// Load parses the embedded catalogue, keeping the messages as written
// for the tests and tools that inspect the catalogue. Most callers want
// For.
func Load() (*Catalogue, error) { return LoadFS(files, "locales") }

// LoadFS parses a catalogue laid out as dir/<language>/<feature>.toml,
// with go-i18n's message format.
func LoadFS(fsys fs.FS, dir string) (*Catalogue, error) { return load(fsys, dir, true) }

func load(fsys fs.FS, dir string, keepSource bool) (*Catalogue, error) {
	c := &Catalogue{
		texts:    map[string]map[string]*text{},
		source:   map[string]map[string]*goi18n.Message{},
		printers: map[string]*Printer{},
	}
	for _, l := range languages {
		c.source[l.Tag] = map[string]*goi18n.Message{}
		names, err := fs.Glob(fsys, path.Join(dir, l.Tag, "*.toml"))
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			msgs, err := goi18n.ParseMessageBytes(buf, toml.Unmarshal)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			for _, m := range msgs {
				if _, dup := c.source[l.Tag][m.ID]; dup {
					return nil, fmt.Errorf("read %s: message %q is defined twice in %s", name, m.ID, l.Tag)
				}
				c.source[l.Tag][m.ID] = m
			}
		}
	}
	// Printers get the messages with command paths resolved, which needs
	// every language's command names: a second pass. Every language's
	// messages are keyed by one copy of each ID.
	ids := map[string]string{}
	for _, l := range languages {
		texts := make(map[string]*text, len(c.source[l.Tag]))
		for id, m := range c.source[l.Tag] {
			if shared, ok := ids[id]; ok {
				id = shared
			} else {
				ids[id] = id
			}
			var forms [plural.Many + 1]string
			forms[plural.Zero], forms[plural.One], forms[plural.Two] = m.Zero, m.One, m.Two
			forms[plural.Few], forms[plural.Many], forms[plural.Other] = m.Few, m.Many, m.Other
			for f, s := range forms {
				forms[f] = c.resolveCommands(l.Tag, s)
			}
			texts[id] = newText(forms)
		}
		c.texts[l.Tag] = texts
	}
	for _, l := range languages {
		p := &Printer{lang: l.Tag, tag: language.MustParse(l.Tag), cat: c, num: newNumberPrinter(l.Tag)}
		p.dates = loadDates(p)
		c.printers[l.Tag] = p
	}
	if !keepSource {
		c.source = nil
	}
	return c, nil
}

// cmdRef is a command named in a message: {{/checkin now}}.
var cmdRef = regexp.MustCompile(`\{\{\s*/([^{}]+?)\s*\}\}`)

// resolveCommands writes each {{/path}} as the command path in lang, in
// backticks: "`/checkin now`".
func (c *Catalogue) resolveCommands(lang, s string) string {
	if !strings.Contains(s, "{{/") && !strings.Contains(s, "{{ /") {
		return s
	}
	return cmdRef.ReplaceAllStringFunc(s, func(ref string) string {
		p := cmdRef.FindStringSubmatch(ref)[1]
		return "`/" + c.CommandPath(lang, p) + "`"
	})
}

// CommandPath returns a command path ("checkin now", or one with its
// options: "resources find query") as written in lang: each word its
// localized name where the catalogue has one.
func (c *Catalogue) CommandPath(lang, p string) string {
	words := strings.Fields(p)
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		if n, ok := c.Text(lang, CommandKey(words[:i+1], "name")); ok {
			out[i] = n
		}
	}
	return strings.Join(out, " ")
}

// CommandKey is the message ID of a command's (or option's, or choice's)
// localized name, description ("desc") or other field: the path's words
// under "cmd", such as "cmd.checkin.now.mood.desc".
func CommandKey(path []string, field string) string {
	var b strings.Builder
	b.WriteString("cmd")
	for _, w := range path {
		b.WriteByte('.')
		b.WriteString(keyWord(w))
	}
	b.WriteByte('.')
	b.WriteString(field)
	return b.String()
}

// keyWord makes a command word safe as a TOML key part: a choice value
// may hold spaces or dots.
func keyWord(w string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '_'
	}, w)
}

// Text returns a message's text in lang (its "other" form, with
// {{/command}} references resolved and no placeholders filled), with no
// fallback to English, for lookups such as command names.
func (c *Catalogue) Text(lang, id string) (string, bool) {
	t, ok := c.texts[lang][id]
	if !ok || t.other.src == "" {
		return "", false
	}
	return t.other.src, true
}

// IDs returns the IDs of lang's messages, sorted.
func (c *Catalogue) IDs(lang string) []string {
	ids := make([]string, 0, len(c.texts[lang]))
	for id := range c.texts[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forms returns a message's texts in lang by plural form ("other" for a
// message without plurals), as written. It needs a catalogue from Load;
// For's catalogue keeps only what printers use, and returns nil.
func (c *Catalogue) Forms(lang, id string) map[string]string {
	m, ok := c.source[lang][id]
	if !ok {
		return nil
	}
	out := map[string]string{}
	for name, v := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if v != "" {
			out[name] = v
		}
	}
	return out
}

// Printer returns the printer for lang (Base for a language Kindred
// doesn't speak).
func (c *Catalogue) Printer(lang string) *Printer {
	if p, ok := c.printers[Pick(lang)]; ok {
		return p
	}
	return c.printers[Base]
}

// embedded is the catalogue For uses: without the messages as written.
var embedded = sync.OnceValues(func() (*Catalogue, error) { return load(files, "locales", false) })

// For returns the printer for lang from the embedded catalogue (English
// for "" or a language Kindred doesn't speak). The catalogue is checked
// by its tests, so a failure to load it is a build defect and panics.
func For(lang string) *Printer {
	c, err := embedded()
	if err != nil {
		panic("i18n: the embedded catalogue does not load: " + err.Error())
	}
	return c.Printer(lang)
}

// Embedded returns the embedded catalogue, for lookups beyond a Printer.
func Embedded() *Catalogue {
	c, err := embedded()
	if err != nil {
		panic("i18n: the embedded catalogue does not load: " + err.Error())
	}
	return c
}
