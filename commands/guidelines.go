package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// DefaultGuidelines is the community guidelines text, in English, a server
// has until its moderators write their own. DefaultGuidelinesIn gives it in
// the server's language.
var DefaultGuidelines = DefaultGuidelinesIn(i18n.Base)

// DefaultGuidelinesIn is Kindred's default community guidelines in lang.
func DefaultGuidelinesIn(lang string) string { return i18n.For(lang).T("guidelines.default") }

// guidelinesStore is what /guidelines needs of the store.
type guidelinesStore interface {
	SetSetting(ctx context.Context, guildID, userID, key, value string) (string, error)
	ResetSetting(ctx context.Context, guildID, userID, key string) (string, error)
	AcknowledgeGuidelines(ctx context.Context, guildID, userID, version string) (bool, error)
	GuidelinesAcknowledgements(ctx context.Context, guildID, version string) (data.GuidelinesAcks, error)
	HasAcknowledgedGuidelines(ctx context.Context, guildID, userID, version string) (bool, error)
}

type guidelines struct {
	store   guidelinesStore
	discord Discord
	log     *slog.Logger
}

// Guidelines is /guidelines: everyone can read the server's community
// guidelines; moderators edit, reset and post them, and see how many
// members agreed to them.
func Guidelines(store guidelinesStore, discord Discord, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &guidelines{store: store, discord: discord, log: log}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "guidelines",
			Description: "This community's guidelines: how we keep this space safe",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "Read the community guidelines"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "edit", Description: "Write this server's own guidelines (moderators)"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "reset", Description: "Go back to Kindred's default guidelines (moderators)"},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "post",
					Description: "Post the guidelines with an \"I have read and agree\" button (moderators)",
					Options: []*discordgo.ApplicationCommandOption{{
						Type:         discordgo.ApplicationCommandOptionChannel,
						Name:         "channel",
						Description:  "Where to post them",
						Required:     true,
						ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
					}},
				},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "acknowledgements", Description: "How many members have agreed to the guidelines (moderators)"},
			},
		},
		ModeratorSubcommands: []string{"edit", "reset", "post", "acknowledgements"},
		Components: map[string]Component{
			"gl-edit": {Handle: g.saveEdit, Moderator: true},
			"gl-ack":  {Handle: g.acknowledge},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("guidelines.dm_only"), nil
		}
		switch req.Subcommand() {
		case "show":
			return g.show(ctx, req)
		case "edit":
			return &Response{Modal: guidelinesModal(req.P(), guidelinesText(req.Settings))}, nil
		case "reset":
			return g.reset(ctx, req)
		case "post":
			return g.post(ctx, req)
		case "acknowledgements":
			return g.acknowledgements(ctx, req)
		}
		return req.PrivateT("guidelines.unknown_part"), nil
	}
	return c
}

// guidelinesText is the server's guidelines: its moderators' text or
// Kindred's default in the server's language.
func guidelinesText(st data.Settings) string {
	if t := st.Get(data.SettingGuidelines); t != "" {
		return t
	}
	return DefaultGuidelinesIn(st.Language())
}

func guidelinesEmbed(p *i18n.Printer, text string) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{Title: p.T("guidelines.title"), Description: text, Color: 0x6FA8DC}
}

// agreedFooter is the count shown under a posted copy.
func agreedFooter(p *i18n.Printer, n int) *discordgo.MessageEmbedFooter {
	if n == 0 {
		return &discordgo.MessageEmbedFooter{Text: p.T("guidelines.please_read")}
	}
	return &discordgo.MessageEmbedFooter{Text: p.N("guidelines.agreed", n)}
}

// postedMessage is a posted copy, in the form it is stored in the setting
// data.SettingGuidelinesMessage: "channelID/messageID".
func postedMessage(st data.Settings) (channelID, messageID string, ok bool) {
	channelID, messageID, ok = strings.Cut(st.Get(data.SettingGuidelinesMessage), "/")
	return channelID, messageID, ok && channelID != "" && messageID != ""
}

func (g *guidelines) show(ctx context.Context, req *Request) (*Response, error) {
	text := guidelinesText(req.Settings)
	version := data.GuidelinesVersion(text)
	e := guidelinesEmbed(req.P(), text)
	if req.IsModerator {
		acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
		if err != nil {
			return nil, err
		}
		source := req.T("guidelines.source_default")
		if req.Settings.IsSet(data.SettingGuidelines) {
			source = req.T("guidelines.source_own")
		}
		e.Footer = &discordgo.MessageEmbedFooter{Text: req.T("guidelines.mod_footer", "Source", source, "Agreed", req.P().Number(acks.Version))}
	} else if agreed, err := g.store.HasAcknowledgedGuidelines(ctx, req.GuildID, req.User.ID, version); err != nil {
		return nil, err
	} else if agreed {
		e.Footer = &discordgo.MessageEmbedFooter{Text: req.T("guidelines.you_agreed")}
	}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}, nil
}

func guidelinesModal(p *i18n.Printer, current string) *Modal {
	return &Modal{
		CustomID: "gl-edit",
		Title:    p.T("guidelines.form_title"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID:  "text",
				Label:     p.T("guidelines.form_label"),
				Style:     discordgo.TextInputParagraph,
				Value:     current,
				Required:  true,
				MinLength: 1,
				MaxLength: data.MaxGuidelinesLength,
			},
		}}},
	}
}

// saveEdit saves the text typed into the edit form. A refusal carries the
// text back as a file, so nothing typed is lost.
func (g *guidelines) saveEdit(ctx context.Context, req *Request) (*Response, error) {
	typed := req.ModalValue("text")
	text := strings.TrimSpace(typed)
	switch {
	case text == "":
		return req.PrivateT("guidelines.empty"), nil
	case utf8.RuneCountInString(text) > data.MaxGuidelinesLength:
		return keepTyped(typed, req.T("guidelines.too_long", "Max", strconv.Itoa(data.MaxGuidelinesLength),
			"Length", strconv.Itoa(utf8.RuneCountInString(text)))), nil
	case text == guidelinesText(req.Settings):
		return req.PrivateT("guidelines.unchanged"), nil
	}
	var err error
	if text == DefaultGuidelinesIn(req.Settings.Language()) {
		_, err = g.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines)
	} else {
		_, err = g.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines, text)
	}
	if err != nil {
		if resp, err := req.Problem(err); err == nil {
			return keepTyped(typed, req.T("guidelines.not_saved_problem", "Problem", resp.Content)), nil
		}
		return nil, err
	}
	return &Response{Content: req.T("guidelines.saved") + " " + g.refreshPost(ctx, req, text), Ephemeral: true}, nil
}

// keepTyped is a refusal that hands back what was typed as a file.
func keepTyped(typed, msg string) *Response {
	return &Response{
		Content:   msg,
		Files:     []*discordgo.File{{Name: "guidelines.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(typed)}},
		Ephemeral: true,
	}
}

func (g *guidelines) reset(ctx context.Context, req *Request) (*Response, error) {
	if !req.Settings.IsSet(data.SettingGuidelines) {
		return req.PrivateT("guidelines.already_default"), nil
	}
	if _, err := g.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines); err != nil {
		return req.Problem(err)
	}
	return &Response{Content: req.T("guidelines.reset_done") + " " + g.refreshPost(ctx, req, DefaultGuidelinesIn(req.Settings.Language())), Ephemeral: true}, nil
}

// refreshPost updates the posted copy, if there is one, to text. The
// count starts again for the new text, whose button records agreement to
// it. It returns a sentence for the moderator saying how that went.
func (g *guidelines) refreshPost(ctx context.Context, req *Request, text string) string {
	channelID, posted, err := RefreshPostedGuidelines(ctx, g.store, g.discord, g.log, req.GuildID, req.Settings, text)
	switch {
	case !posted:
		return req.T("guidelines.refresh_none")
	case err != nil:
		return req.T("guidelines.refresh_failed", "Channel", channelID)
	}
	return req.T("guidelines.refresh_done", "Channel", channelID)
}

// RefreshPostedGuidelines updates the guidelines message posted in
// Discord, if settings (the server's, as they were before the change)
// record one, to text, as /mod-guidelines edit and the dashboard do. The
// count starts again for the new text, whose button records agreement to
// it. posted is false when there is no posted copy; err is the failure
// to edit it (deleted, or Discord refused), already logged.
func RefreshPostedGuidelines(ctx context.Context, store interface {
	GuidelinesAcknowledgements(ctx context.Context, guildID, version string) (data.GuidelinesAcks, error)
}, discord Discord, log *slog.Logger, guildID string, settings data.Settings, text string) (channelID string, posted bool, err error) {
	channelID, messageID, ok := postedMessage(settings)
	if !ok {
		return "", false, nil
	}
	version := data.GuidelinesVersion(text)
	acks, err := store.GuidelinesAcknowledgements(ctx, guildID, version)
	if err != nil {
		log.Error("count guidelines acknowledgements", "guild", guildID, "err", err)
	}
	p := i18n.For(settings.Language())
	e := guidelinesEmbed(p, text)
	e.Footer = agreedFooter(p, acks.Version)
	embeds, components := []*discordgo.MessageEmbed{e}, guidelinesButtons(p, version, settings)
	if err := discord.EditMessage(ctx, channelID, messageID, &discordgo.MessageEdit{Embeds: &embeds, Components: &components}); err != nil {
		log.Warn("update posted guidelines", "guild", guildID, "channel", channelID, "err", err)
		return channelID, true, fmt.Errorf("update guidelines posted in channel %s: %w", channelID, err)
	}
	return channelID, true, nil
}

func guidelinesButtons(p *i18n.Printer, version string, st data.Settings) []discordgo.MessageComponent {
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: p.T("guidelines.button_agree"), Style: discordgo.SuccessButton, CustomID: CustomID("gl-ack", version)},
	}
	if talkAvailable(st) {
		buttons = append(buttons, TalkButtonIn(p))
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

func (g *guidelines) post(ctx context.Context, req *Request) (*Response, error) {
	channelID := req.ID("channel")
	if channelID == "" {
		return req.PrivateT("guidelines.choose_channel"), nil
	}
	problem, _, err := channelProblemIn(req.P(), g.discord, req.GuildID, channelID, "")
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return req.PrivateT("guidelines.nothing_posted", "Problem", problem), nil
	}
	text := guidelinesText(req.Settings)
	version := data.GuidelinesVersion(text)
	acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
	if err != nil {
		return nil, err
	}
	pub := req.Public()
	e := guidelinesEmbed(pub, text)
	e.Footer = agreedFooter(pub, acks.Version)
	messageID, err := g.discord.SendMessage(ctx, channelID, &discordgo.MessageSend{
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: guidelinesButtons(pub, version, req.Settings),
	})
	if err != nil {
		return nil, fmt.Errorf("post guidelines: %w", err)
	}
	if _, err := g.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelinesMessage, channelID+"/"+messageID); err != nil {
		return nil, fmt.Errorf("record posted guidelines: %w", err)
	}
	return req.PrivateT("guidelines.posted", "Channel", channelID, "Button", pub.T("guidelines.button_agree")), nil
}

func (g *guidelines) acknowledgements(ctx context.Context, req *Request) (*Response, error) {
	version := data.GuidelinesVersion(guidelinesText(req.Settings))
	acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(req.N("guidelines.acks_count", acks.Version))
	if acks.Any > acks.Version {
		b.WriteString(req.T("guidelines.acks_any", "Any", req.P().Number(acks.Any)))
	}
	b.WriteString(".\n")
	if channelID, _, ok := postedMessage(req.Settings); ok {
		b.WriteString(req.T("guidelines.acks_posted", "Channel", channelID))
	} else {
		b.WriteString(req.T("guidelines.acks_not_posted"))
	}
	b.WriteString("\n" + req.T("guidelines.acks_privacy"))
	return &Response{Content: b.String(), Ephemeral: true}, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// acknowledge records a member pressing "I have read and agree" and
// updates the count on the post. Pressing again changes nothing.
func (g *guidelines) acknowledge(ctx context.Context, req *Request) (*Response, error) {
	if req.GuildID == "" || len(req.Args) == 0 {
		return req.PrivateT("guidelines.button_server_only"), nil
	}
	version := req.Args[0]
	first, err := g.store.AcknowledgeGuidelines(ctx, req.GuildID, req.User.ID, version)
	if err != nil {
		return req.Problem(err)
	}
	reply := req.T("guidelines.already_agreed")
	if first {
		reply = req.T("guidelines.thanks")
		g.updateCount(ctx, req, version)
	}
	if version != data.GuidelinesVersion(guidelinesText(req.Settings)) {
		reply += "\n" + req.T("guidelines.changed_since")
	}
	return &Response{Content: reply, Ephemeral: true}, nil
}

// updateCount shows the new count on the message whose button was pressed.
// The agreement is already saved, so a failure is only logged.
func (g *guidelines) updateCount(ctx context.Context, req *Request, version string) {
	msg := req.Interaction.Message
	if msg == nil || len(msg.Embeds) == 0 {
		return
	}
	acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
	if err != nil {
		g.log.Error("count guidelines acknowledgements", "guild", req.GuildID, "err", err)
		return
	}
	e := *msg.Embeds[0]
	e.Footer = agreedFooter(req.Public(), acks.Version)
	embeds := []*discordgo.MessageEmbed{&e}
	if err := g.discord.EditMessage(ctx, msg.ChannelID, msg.ID, &discordgo.MessageEdit{Embeds: &embeds}); err != nil {
		g.log.Warn("update guidelines count", "guild", req.GuildID, "channel", msg.ChannelID, "err", err)
	}
}
