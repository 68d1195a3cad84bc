package commands

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// englishCommandCatalogue writes the English texts of a command's
// definition as the catalogue's "cmd" messages, for translators to work
// from; TestCommandCatalogueIsCurrent keeps the files in step.
func englishCommandCatalogue(d *discordgo.ApplicationCommand) string {
	var b strings.Builder
	b.WriteString("# Generated from the command's definition: run\n" +
		"#   KINDRED_UPDATE_CATALOGUE=1 go test ./commands -run TestCommandCatalogueIsCurrent\n" +
		"# after changing a command. Other languages translate each value; a name\n" +
		"# is lowercase, 1-32 letters, digits, - or _ (no spaces), except the names\n" +
		"# of message and user commands (such as \"Celebrate this\").\n")
	table := ""
	for _, f := range commandFields([]*discordgo.ApplicationCommand{d}) {
		t, key := f.ID[:strings.LastIndex(f.ID, ".")], f.ID[strings.LastIndex(f.ID, ".")+1:]
		if t != table {
			fmt.Fprintf(&b, "\n[%s]\n", t)
			table = t
		}
		fmt.Fprintf(&b, "%s = %s\n", key, tomlString(f.English))
	}
	return b.String()
}

func tomlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func definitions(t *testing.T) []*discordgo.ApplicationCommand {
	t.Helper()
	var defs []*discordgo.ApplicationCommand
	for _, c := range All(Deps{}) {
		defs = append(defs, c.Definition)
	}
	return defs
}

// commandCatalogue is the English catalogue file of a command's texts.
func commandCatalogue(d *discordgo.ApplicationCommand) string {
	return "../i18n/locales/en/cmd_" + strings.ReplaceAll(strings.ToLower(d.Name), " ", "_") + ".toml"
}

func TestCommandCatalogueIsCurrent(t *testing.T) {
	for _, d := range definitions(t) {
		want, path := englishCommandCatalogue(d), commandCatalogue(d)
		if os.Getenv("KINDRED_UPDATE_CATALOGUE") != "" {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s is out of date with the command's definition; run\n  KINDRED_UPDATE_CATALOGUE=1 go test ./commands -run TestCommandCatalogueIsCurrent\nand translate what changed in every language", path)
		}
	}
}

// chatName is Discord's rule for the names of chat-input commands and
// options (which must also be lowercase where the script has case).
var chatName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func TestLocalizedCommandsKeepDiscordRules(t *testing.T) {
	defs := definitions(t)
	for _, l := range i18n.Languages() {
		locale := discordgo.Locale(l.Discord[0])
		if l.Tag == i18n.Base {
			continue
		}
		for _, d := range defs {
			checkDefinition(t, l.Tag, locale, d)
		}
	}
	// Each command's texts count once per field, at their longest across
	// languages, against Discord's combined limit.
	for _, d := range defs {
		total := 0
		for _, f := range commandFields([]*discordgo.ApplicationCommand{d}) {
			longest := utf8.RuneCountInString(f.English)
			for _, l := range i18n.Languages() {
				if s, ok := i18n.Embedded().Text(l.Tag, f.ID); ok && utf8.RuneCountInString(s) > longest {
					longest = utf8.RuneCountInString(s)
				}
			}
			total += longest
		}
		if total > 8000 {
			t.Errorf("/%s: %d characters of names and descriptions at their longest, over Discord's 8,000", d.Name, total)
		}
	}
}

func checkDefinition(t *testing.T, lang string, locale discordgo.Locale, d *discordgo.ApplicationCommand) {
	t.Helper()
	chat := d.Type == 0 || d.Type == discordgo.ChatApplicationCommand
	name := d.Name
	if d.NameLocalizations != nil && (*d.NameLocalizations)[locale] != "" {
		name = (*d.NameLocalizations)[locale]
	}
	where := lang + " /" + d.Name
	checkName(t, where, name, chat)
	if chat {
		desc := d.Description
		if d.DescriptionLocalizations != nil && (*d.DescriptionLocalizations)[locale] != "" {
			desc = (*d.DescriptionLocalizations)[locale]
		}
		checkText(t, where+" description", desc, 100)
	}
	checkOptions(t, where, locale, d.Options)
}

func checkOptions(t *testing.T, where string, locale discordgo.Locale, opts []*discordgo.ApplicationCommandOption) {
	t.Helper()
	seen := map[string]bool{}
	for _, o := range opts {
		name := o.Name
		if n := o.NameLocalizations[locale]; n != "" {
			name = n
		}
		w := where + " " + o.Name
		checkName(t, w, name, true)
		if seen[name] {
			t.Errorf("%s: two options are called %q", w, name)
		}
		seen[name] = true
		desc := o.Description
		if s := o.DescriptionLocalizations[locale]; s != "" {
			desc = s
		}
		checkText(t, w+" description", desc, 100)
		for _, c := range o.Choices {
			n := c.Name
			if s := c.NameLocalizations[locale]; s != "" {
				n = s
			}
			checkText(t, w+" choice "+c.Name, n, 100)
		}
		checkOptions(t, w, locale, o.Options)
	}
}

func checkName(t *testing.T, where, name string, chat bool) {
	t.Helper()
	if !chat {
		checkText(t, where+" name", name, 32)
		return
	}
	if !chatName.MatchString(name) || strings.ToLower(name) != name {
		t.Errorf("%s: name %q breaks Discord's rules (lowercase, 1-32 letters, digits, - or _)", where, name)
	}
}

func checkText(t *testing.T, where, s string, max int) {
	t.Helper()
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		t.Errorf("%s: %q is %d characters, want 1-%d", where, s, n, max)
	}
}
