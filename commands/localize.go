package commands

import (
	"context"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// commandField is one localizable text of a command definition: a
// command's, option's or choice's name or description, with the
// catalogue ID it is translated under.
type commandField struct {
	ID      string // such as "cmd.checkin.now.mood.desc"
	English string
	// set stores a translation for the Discord locales of a language.
	set func(locales []string, text string)
	// Name is true for names (Discord's naming rules apply), Chat for
	// chat-input commands' and options' names (lowercase, no spaces).
	Name, Chat bool
}

// commandFields lists every localizable text of defs, in order.
func commandFields(defs []*discordgo.ApplicationCommand) []commandField {
	var out []commandField
	for _, d := range defs {
		chat := d.Type == 0 || d.Type == discordgo.ChatApplicationCommand
		path := []string{d.Name}
		out = append(out, commandField{ID: i18n.CommandKey(path, "name"), English: d.Name, Name: true, Chat: chat,
			set: localeSetter(&d.NameLocalizations)})
		if chat {
			out = append(out, commandField{ID: i18n.CommandKey(path, "desc"), English: d.Description,
				set: localeSetter(&d.DescriptionLocalizations)})
		}
		out = appendOptionFields(out, path, d.Options)
	}
	return out
}

func appendOptionFields(out []commandField, parent []string, opts []*discordgo.ApplicationCommandOption) []commandField {
	for _, o := range opts {
		path := append(append([]string(nil), parent...), o.Name)
		out = append(out,
			commandField{ID: i18n.CommandKey(path, "name"), English: o.Name, Name: true, Chat: true, set: mapSetter(&o.NameLocalizations)},
			commandField{ID: i18n.CommandKey(path, "desc"), English: o.Description, set: mapSetter(&o.DescriptionLocalizations)})
		for _, c := range o.Choices {
			cp := append(append([]string(nil), path...), "choice_"+choiceKey(c.Value))
			out = append(out, commandField{ID: i18n.CommandKey(cp, "name"), English: c.Name, set: mapSetter(&c.NameLocalizations)})
		}
		out = appendOptionFields(out, path, o.Options)
	}
	return out
}

func choiceKey(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return "value"
}

// localeSetter returns a setter filling a localizations map (a pointer
// to discordgo's *map, created on first use).
func localeSetter(m **map[discordgo.Locale]string) func([]string, string) {
	return func(locales []string, text string) {
		if *m == nil {
			*m = &map[discordgo.Locale]string{}
		}
		for _, l := range locales {
			(**m)[discordgo.Locale(l)] = text
		}
	}
}

// mapSetter is localeSetter for the plain maps of options and choices.
func mapSetter(m *map[discordgo.Locale]string) func([]string, string) {
	return func(locales []string, text string) {
		if *m == nil {
			*m = map[discordgo.Locale]string{}
		}
		for _, l := range locales {
			(*m)[discordgo.Locale(l)] = text
		}
	}
}

// localizeDefinitions adds to every command definition its names and
// descriptions in each language Kindred speaks, from the catalogue's
// "cmd" messages. A text the catalogue lacks stays English there.
func localizeDefinitions(list []*Command) {
	defs := make([]*discordgo.ApplicationCommand, len(list))
	for i, c := range list {
		defs[i] = c.Definition
	}
	cat := i18n.Embedded()
	for _, f := range commandFields(defs) {
		for _, l := range i18n.Languages() {
			if l.Tag == i18n.Base {
				continue
			}
			if text, ok := cat.Text(l.Tag, f.ID); ok && text != f.English {
				f.set(l.Discord, text)
			}
		}
	}
}

// languageNoter is what features that will DM a member later need, to
// write those DMs in the member's language.
type languageNoter interface {
	NoteDiscordLocale(ctx context.Context, userID, locale string) error
	MemberLanguage(ctx context.Context, userID string) (data.MemberLanguage, error)
}

// noteLanguage remembers the Discord language of the member asking for
// DMs (a reminder, a nudge), so the DMs sent later are in it. A failure is
// logged: the DMs then fall back to the server's language.
func noteLanguage(ctx context.Context, store languageNoter, req *Request) {
	if req.User == nil {
		return
	}
	if err := store.NoteDiscordLocale(ctx, req.User.ID, string(req.Interaction.Locale)); err != nil && req.Log != nil {
		req.Log.Error("record member language", "err", err)
	}
}

// dmLanguage is the language to DM a member in, about a server whose
// language is serverLang: their /me choice, else the Discord language
// they last asked for DMs in, else the server's.
func dmLanguage(ctx context.Context, store languageNoter, userID, serverLang string) string {
	m, err := store.MemberLanguage(ctx, userID)
	if err != nil {
		return i18n.Pick(serverLang)
	}
	return m.For(serverLang)
}
