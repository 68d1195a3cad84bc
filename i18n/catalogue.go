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

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales
var files embed.FS

// Catalogue is every message in every language, parsed once.
type Catalogue struct {
	bundle *goi18n.Bundle
	// messages holds each language's messages by ID, as written (before
	// {{cmd}} is resolved), for lookups and the catalogue's tests.
	messages map[string]map[string]*goi18n.Message
	printers map[string]*Printer
}

// Load parses the embedded catalogue. Most callers want For; Load is for
// tests and tools that inspect the catalogue.
func Load() (*Catalogue, error) { return LoadFS(files, "locales") }

// LoadFS parses a catalogue laid out as dir/<language>/<feature>.toml.
func LoadFS(fsys fs.FS, dir string) (*Catalogue, error) {
	c := &Catalogue{
		bundle:   goi18n.NewBundle(language.English),
		messages: map[string]map[string]*goi18n.Message{},
		printers: map[string]*Printer{},
	}
	for _, l := range languages {
		tag := language.MustParse(l.Tag)
		c.messages[l.Tag] = map[string]*goi18n.Message{}
		names, err := fs.Glob(fsys, path.Join(dir, l.Tag, "*.toml"))
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			msgs, err := c.bundle.ParseMessageBytes(tag, buf, toml.Unmarshal)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			for _, m := range msgs {
				if _, dup := c.messages[l.Tag][m.ID]; dup {
					return nil, fmt.Errorf("read %s: message %q is defined twice in %s", name, m.ID, l.Tag)
				}
				c.messages[l.Tag][m.ID] = m
			}
		}
	}
	// The bundle gets the messages with command paths resolved. (A
	// plural form a language's rules ask for but its translators left out,
	// such as Spanish "many" for a million, falls back to "other".)
	for _, l := range languages {
		tag := language.MustParse(l.Tag)
		for _, m := range c.messages[l.Tag] {
			r := *m
			for _, f := range forms(&r) {
				*f = c.resolveCommands(l.Tag, *f)
			}
			if err := c.bundle.AddMessages(tag, &r); err != nil {
				return nil, fmt.Errorf("add %s %s: %w", l.Tag, m.ID, err)
			}
		}
		p := &Printer{lang: l.Tag, cat: c, loc: goi18n.NewLocalizer(c.bundle, l.Tag, Base), num: newNumberPrinter(l.Tag)}
		p.dates = loadDates(p)
		c.printers[l.Tag] = p
	}
	return c, nil
}

func forms(m *goi18n.Message) []*string {
	return []*string{&m.Zero, &m.One, &m.Two, &m.Few, &m.Many, &m.Other}
}

// cmdRef is a command named in a message: {{/checkin now}}.
var cmdRef = regexp.MustCompile(`\{\{\s*/([^{}]+?)\s*\}\}`)

// resolveCommands writes each {{/path}} as the command path in lang, in
// backticks: "`/checkin now`".
func (c *Catalogue) resolveCommands(lang, s string) string {
	if !strings.Contains(s, "{{") {
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

// Text returns a message's text in lang exactly as written (no
// placeholders filled, no fallback), for lookups such as command names.
func (c *Catalogue) Text(lang, id string) (string, bool) {
	m, ok := c.messages[lang][id]
	if !ok || m.Other == "" {
		return "", false
	}
	return m.Other, true
}

// IDs returns the IDs of lang's messages, sorted.
func (c *Catalogue) IDs(lang string) []string {
	ids := make([]string, 0, len(c.messages[lang]))
	for id := range c.messages[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forms returns a message's texts in lang by plural form ("other" for a
// message without plurals), as written.
func (c *Catalogue) Forms(lang, id string) map[string]string {
	m, ok := c.messages[lang][id]
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

var embedded = sync.OnceValues(Load)

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
