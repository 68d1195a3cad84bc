package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// guildNamer finds a server's name, for DMs that say which server they
// are about.
type guildNamer interface {
	GuildName(ctx context.Context, guildID string) (string, error)
}

// namedDM renders a delivery with render and, when it is a direct
// message, names the server it is about.
func namedDM(ctx context.Context, store deliveryStore, d data.Delivery,
	render func(context.Context, deliveryStore, data.Delivery) (*Outgoing, error)) (*Outgoing, error) {
	out, err := render(ctx, store, d)
	if err != nil || out == nil || out.UserID == "" || out.Message == nil {
		return out, err
	}
	serverLang := ""
	if st, err := store.Settings(ctx, d.GuildID); err == nil {
		serverLang = st.Language()
	}
	lang := i18n.Pick(serverLang)
	if ln, ok := store.(languageNoter); ok {
		lang = dmLanguage(ctx, ln, out.UserID, serverLang)
	}
	out.Message = nameServerIn(ctx, store, d.GuildID, lang, out.Message)
	return out, nil
}

// maxContent is Discord's limit on a message's content, in characters.
const maxContent = 2000

// serverLine is the first line of every DM about a server, in lang.
func serverLine(name, lang string) string {
	return "-# " + i18n.For(lang).T("dms.from_server", "Server", escapeMarkdown(clipRunes(name, 100))) + "\n"
}

// nameServerIn returns msg with a first line naming the server guildID,
// in lang (the DM's language), so a member who is in several servers
// knows which one a DM is about. The message is unchanged when the name
// is unknown or the store fails (a DM is never held back for it).
func nameServerIn(ctx context.Context, store guildNamer, guildID, lang string, msg *discordgo.MessageSend) *discordgo.MessageSend {
	if guildID == "" || msg == nil {
		return msg
	}
	name, err := store.GuildName(ctx, guildID)
	if err != nil || strings.TrimSpace(name) == "" {
		return msg
	}
	line := serverLine(name, lang)
	if strings.HasPrefix(msg.Content, line) || len([]rune(msg.Content))+len([]rune(line)) > maxContent {
		return msg
	}
	named := *msg
	named.Content = line + msg.Content
	return &named
}

// escapeMarkdown keeps a server's name from changing the formatting
// around it.
func escapeMarkdown(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`, "#", `\#`).Replace(s)
}
