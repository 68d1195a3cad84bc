package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// DefaultGuidelines is the community guidelines text a server has until its
// moderators write their own.
const DefaultGuidelines = `Welcome. This is a peer-support space for people on the road of recovery. These guidelines help everyone feel safe here.

**1. What is shared here stays here.** Please don't repeat, copy or screenshot what others share, here or anywhere else.

**2. Be respectful, and put the person first.** Say "a person living with bipolar disorder", not "a bipolar". Everyone's path is their own: no judging, no shaming, no pressure.

**3. No medical advice.** Share what has helped you, but never tell anyone to start, stop or change a medication or treatment. That is for them and their care team.

**4. Take care with heavy topics.** Add a content note (CW) before talking about self-harm, suicide or trauma, and leave out graphic details.

**5. In a crisis, reach out for help now.** If you or someone else is in danger, call your local emergency number. ` + "`/crisis`" + ` lists crisis lines for your country. People here care, but this server and Kindred are not a crisis service.

**6. Moderators are here to help.** If something worries you, contact a moderator. It's always fine to step away, mute a channel or take a break.`

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
			return Private("Guidelines belong to a server; please use this command there."), nil
		}
		switch req.Subcommand() {
		case "show":
			return g.show(ctx, req)
		case "edit":
			return &Response{Modal: guidelinesModal(guidelinesText(req.Settings))}, nil
		case "reset":
			return g.reset(ctx, req)
		case "post":
			return g.post(ctx, req)
		case "acknowledgements":
			return g.acknowledgements(ctx, req)
		}
		return Private("I don't know that part of `/guidelines`. Try `/guidelines show`."), nil
	}
	return c
}

// guidelinesText is the server's guidelines: its moderators' text or Kindred's default.
func guidelinesText(st data.Settings) string {
	if t := st.Get(data.SettingGuidelines); t != "" {
		return t
	}
	return DefaultGuidelines
}

func guidelinesEmbed(text string) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{Title: "Community guidelines", Description: text, Color: 0x6FA8DC}
}

// agreedFooter is the count shown under a posted copy.
func agreedFooter(n int) *discordgo.MessageEmbedFooter {
	switch n {
	case 0:
		return &discordgo.MessageEmbedFooter{Text: "Please read these, then press the button below."}
	case 1:
		return &discordgo.MessageEmbedFooter{Text: "1 member has read and agreed."}
	}
	return &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d members have read and agreed.", n)}
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
	e := guidelinesEmbed(text)
	if req.IsModerator {
		acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
		if err != nil {
			return nil, err
		}
		source := "Kindred's default text"
		if req.Settings.IsSet(data.SettingGuidelines) {
			source = "your server's own text"
		}
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%s · %d agreed to this version · /mod-guidelines edit to change", source, acks.Version)}
	} else if agreed, err := g.store.HasAcknowledgedGuidelines(ctx, req.GuildID, req.User.ID, version); err != nil {
		return nil, err
	} else if agreed {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "You've read and agreed to these. Thank you."}
	}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}, nil
}

func guidelinesModal(current string) *Modal {
	return &Modal{
		CustomID: "gl-edit",
		Title:    "Edit community guidelines",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID:  "text",
				Label:     "Guidelines (up to 4,000 characters)",
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
		return Private("The guidelines can't be empty. To go back to Kindred's default text, use `/mod-guidelines reset`."), nil
	case utf8.RuneCountInString(text) > data.MaxGuidelinesLength:
		return keepTyped(typed, fmt.Sprintf("Not saved: the guidelines can be at most %d characters, and this text has %d. Here is what you wrote, so you can shorten it and try `/mod-guidelines edit` again.",
			data.MaxGuidelinesLength, utf8.RuneCountInString(text))), nil
	case text == guidelinesText(req.Settings):
		return Private("The guidelines are unchanged, so there was nothing to save."), nil
	}
	var err error
	if text == DefaultGuidelines {
		_, err = g.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines)
	} else {
		_, err = g.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines, text)
	}
	if err != nil {
		if resp, err := ProblemReply(err); err == nil {
			return keepTyped(typed, "Not saved. "+resp.Content+" Here is what you wrote."), nil
		}
		return nil, err
	}
	return Private("Saved. Everyone now sees the new guidelines with `/guidelines show`.%s", g.refreshPost(ctx, req, text)), nil
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
		return Private("The guidelines are already Kindred's default text; nothing changed."), nil
	}
	if _, err := g.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelines); err != nil {
		return ProblemReply(err)
	}
	return Private("Done: the guidelines are Kindred's default text again.%s", g.refreshPost(ctx, req, DefaultGuidelines)), nil
}

// refreshPost updates the posted copy, if there is one, to text. The
// count starts again for the new text, whose button records agreement to
// it. It returns a sentence for the moderator saying how that went.
func (g *guidelines) refreshPost(ctx context.Context, req *Request, text string) string {
	channelID, posted, err := RefreshPostedGuidelines(ctx, g.store, g.discord, g.log, req.GuildID, req.Settings, text)
	switch {
	case !posted:
		return " Use `/mod-guidelines post` to post them with a button members press to agree."
	case err != nil:
		return fmt.Sprintf(" I couldn't update the copy posted in <#%s>; it may have been deleted. `/mod-guidelines post` posts a fresh one.", channelID)
	}
	return fmt.Sprintf(" I've updated the copy posted in <#%s>; members who agreed before can agree to the new text there.", channelID)
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
	e := guidelinesEmbed(text)
	e.Footer = agreedFooter(acks.Version)
	embeds, components := []*discordgo.MessageEmbed{e}, guidelinesButtons(version, settings)
	if err := discord.EditMessage(ctx, channelID, messageID, &discordgo.MessageEdit{Embeds: &embeds, Components: &components}); err != nil {
		log.Warn("update posted guidelines", "guild", guildID, "channel", channelID, "err", err)
		return channelID, true, fmt.Errorf("update guidelines posted in channel %s: %w", channelID, err)
	}
	return channelID, true, nil
}

func guidelinesButtons(version string, st data.Settings) []discordgo.MessageComponent {
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: "I have read and agree", Style: discordgo.SuccessButton, CustomID: CustomID("gl-ack", version)},
	}
	if talkAvailable(st) {
		buttons = append(buttons, TalkButton())
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

func (g *guidelines) post(ctx context.Context, req *Request) (*Response, error) {
	channelID := req.ID("channel")
	if channelID == "" {
		return Private("Please choose a channel to post the guidelines in."), nil
	}
	problem, _, err := channelProblem(g.discord, req.GuildID, channelID, "")
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return Private("%s Nothing was posted.", problem), nil
	}
	text := guidelinesText(req.Settings)
	version := data.GuidelinesVersion(text)
	acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
	if err != nil {
		return nil, err
	}
	e := guidelinesEmbed(text)
	e.Footer = agreedFooter(acks.Version)
	messageID, err := g.discord.SendMessage(ctx, channelID, &discordgo.MessageSend{
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: guidelinesButtons(version, req.Settings),
	})
	if err != nil {
		return nil, fmt.Errorf("post guidelines: %w", err)
	}
	if _, err := g.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingGuidelinesMessage, channelID+"/"+messageID); err != nil {
		return nil, fmt.Errorf("record posted guidelines: %w", err)
	}
	return Private("Posted the guidelines in <#%s>. Members can press **I have read and agree**; `/mod-guidelines acknowledgements` shows how many have. When you edit the guidelines, I'll update this copy.", channelID), nil
}

func (g *guidelines) acknowledgements(ctx context.Context, req *Request) (*Response, error) {
	version := data.GuidelinesVersion(guidelinesText(req.Settings))
	acks, err := g.store.GuidelinesAcknowledgements(ctx, req.GuildID, version)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%d** %s agreed to the current guidelines", acks.Version, plural(acks.Version, "member has", "members have"))
	if acks.Any > acks.Version {
		fmt.Fprintf(&b, " (%d to any version, counting earlier texts)", acks.Any)
	}
	b.WriteString(".\n")
	if channelID, _, ok := postedMessage(req.Settings); ok {
		fmt.Fprintf(&b, "The guidelines are posted in <#%s>.", channelID)
	} else {
		b.WriteString("They aren't posted anywhere yet: `/mod-guidelines post` posts them with a button members press to agree.")
	}
	b.WriteString("\nKindred keeps only who agreed and when, to count them; it doesn't list members.")
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
		return Private("That button only works on guidelines posted in a server."), nil
	}
	version := req.Args[0]
	first, err := g.store.AcknowledgeGuidelines(ctx, req.GuildID, req.User.ID, version)
	if err != nil {
		return ProblemReply(err)
	}
	reply := "You've already agreed to these guidelines; there's nothing more to do. Thank you."
	if first {
		reply = "Thank you for reading the guidelines and agreeing to them. Welcome, and take good care of yourself."
		g.updateCount(ctx, req, version)
	}
	if version != data.GuidelinesVersion(guidelinesText(req.Settings)) {
		reply += "\nThe guidelines have changed since this copy was posted; `/guidelines show` has the current text."
	}
	return Private("%s", reply), nil
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
	e.Footer = agreedFooter(acks.Version)
	embeds := []*discordgo.MessageEmbed{&e}
	if err := g.discord.EditMessage(ctx, msg.ChannelID, msg.ID, &discordgo.MessageEdit{Embeds: &embeds}); err != nil {
		g.log.Warn("update guidelines count", "guild", req.GuildID, "channel", msg.ChannelID, "err", err)
	}
}
