// Package i18n is Kindred's message catalogue: every text Kindred shows,
// in each language it speaks, with plural rules and dates per language.
//
// Messages live in locales/<language>/<feature>.toml, in go-i18n's
// format: a table per feature, a key per message, plural forms as
// sub-keys (one, few, many, other) and placeholders as {{.Name}}. English
// is the base: a message missing in another language falls back to it.
// A message may name a slash command as {{cmd "checkin now"}}; it is
// written as that language's localized command path.
//
// The catalogue is embedded and read-only; For returns a Printer for a
// language.
package i18n

import (
	"strings"
)

// Base is the language every message exists in and every other falls
// back to.
const Base = "en"

// Language is one language Kindred speaks.
type Language struct {
	// Tag is Kindred's name for it (a BCP 47 tag): "es", "pt-BR".
	Tag string
	// Name is its name in English, Native its name in itself.
	Name, Native string
	// Discord lists Discord's locales written in this language, the
	// first being where command localizations go with the others
	// receiving the same.
	Discord []string
}

var languages = []Language{
	{Tag: "en", Name: "English", Native: "English", Discord: []string{"en-US", "en-GB"}},
	{Tag: "es", Name: "Spanish", Native: "Español", Discord: []string{"es-ES", "es-419"}},
	{Tag: "fr", Name: "French", Native: "Français", Discord: []string{"fr"}},
	{Tag: "de", Name: "German", Native: "Deutsch", Discord: []string{"de"}},
	{Tag: "pt-BR", Name: "Portuguese (Brazil)", Native: "Português (Brasil)", Discord: []string{"pt-BR"}},
	{Tag: "it", Name: "Italian", Native: "Italiano", Discord: []string{"it"}},
	{Tag: "nl", Name: "Dutch", Native: "Nederlands", Discord: []string{"nl"}},
	{Tag: "pl", Name: "Polish", Native: "Polski", Discord: []string{"pl"}},
}

// Languages lists the languages Kindred speaks, English first.
func Languages() []Language { return append([]Language(nil), languages...) }

// Lookup returns the language with tag (case-insensitive), if Kindred speaks it.
func Lookup(tag string) (Language, bool) {
	for _, l := range languages {
		if strings.EqualFold(l.Tag, tag) {
			return l, true
		}
	}
	return Language{}, false
}

// Match returns the language Kindred speaks for a Discord locale ("es-419"
// is Spanish, "en-GB" English), or "" when it speaks none of it.
func Match(discordLocale string) string {
	if discordLocale == "" {
		return ""
	}
	for _, l := range languages {
		for _, d := range l.Discord {
			if strings.EqualFold(d, discordLocale) {
				return l.Tag
			}
		}
	}
	// A bare language ("es", "pt") or a region Discord may add later.
	base, _, _ := strings.Cut(discordLocale, "-")
	for _, l := range languages {
		if lb, _, _ := strings.Cut(l.Tag, "-"); strings.EqualFold(lb, base) {
			return l.Tag
		}
	}
	return ""
}

// Pick returns the first of tags that Kindred speaks, or Base: the
// member's own choice, then what Discord says, then the server's.
func Pick(tags ...string) string {
	for _, t := range tags {
		if l, ok := Lookup(t); ok {
			return l.Tag
		}
	}
	return Base
}
