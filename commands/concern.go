package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// concernStore is what /concern needs of the store.
type concernStore interface {
	guildNamer
	RaiseConcern(ctx context.Context, c data.NewConcern) (data.Concern, error)
	WithdrawConcern(ctx context.Context, guildID, ref, userID string) error
	SetConcernAlert(ctx context.Context, guildID, ref, channelID, messageID string) error
	Concern(ctx context.Context, guildID, ref string) (data.Concern, error)
	Concerns(ctx context.Context, guildID string, withClosed bool, limit int) ([]data.Concern, error)
	RecordConcernReply(ctx context.Context, guildID, ref, moderatorID string) (data.Concern, error)
	CloseConcern(ctx context.Context, guildID, ref, moderatorID string) (data.Concern, error)
}

// Component routing keys of /concern.
const keyConcernRaise = "cn-raise" // cn-raise:a (anonymous) or cn-raise:n (named)

// Concern limits and look.
const (
	// maxConcernReply is the longest moderator reply, so that the DM with
	// its framing stays well inside Discord's limits.
	maxConcernReply = 1500
	// concernListLimit is how many concerns /mod-concerns list shows.
	concernListLimit = 25
	concernColor     = 0x7289DA
)

// Replies /concern gives in more than one place.
const (
	msgConcernInServer = "Concerns go to a server's moderators; please use `/concern` in the server."
	msgNoAlertsChannel = "The moderators of this server haven't chosen a private channel where I can pass concerns on yet, so I can't send this."
	msgConcernTextID   = "text"
)

// concerns answers /concern.
type concerns struct {
	store   concernStore
	discord Discord
	log     *slog.Logger
}

// Concern is /concern: a member raises a concern with the moderators,
// anonymously or with their name; moderators list, reply to and close
// them. For an anonymous concern Kindred stores no member ID and logs
// nothing that could tie the member to it.
func Concern(store concernStore, discord Discord, log *slog.Logger) *Command {
	h := &concerns{store: store, discord: discord, log: log}
	refOpt := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "ref", Description: "The concern's reference, like C-7F3K",
		Required: true, Autocomplete: true, MaxLength: 10,
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "concern",
			Description: "Raise a concern with the moderators, anonymously or with your name",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "anonymous",
					Description: "Raise a concern without your name: moderators see only what you write"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "named",
					Description: "Raise a concern with your name, so moderators can talk it through with you"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list",
					Description: "Concerns members raised (moderators)",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionBoolean, Name: "closed", Description: "Include closed concerns",
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "reply",
					Description: "Reply to a concern through Kindred, by DM (moderators)",
					Options: []*discordgo.ApplicationCommandOption{refOpt, {
						Type: discordgo.ApplicationCommandOptionString, Name: "text", Description: "What to tell the member (leave out to write it in a form, with line breaks)",
						MaxLength: maxConcernReply,
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "close",
					Description: "Close a concern; for an anonymous one, Kindred forgets how to reach the member (moderators)",
					Options:     []*discordgo.ApplicationCommandOption{refOpt}},
			},
		},
		ModeratorSubcommands: []string{"list", "reply", "close"},
		Components: map[string]Component{
			keyConcernRaise:     {Handle: h.raise},
			keyConcernReplyForm: {Handle: h.reply, Moderator: true},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return Private(msgConcernInServer), nil
		}
		switch req.Subcommand() {
		case "anonymous":
			return h.form(req, true), nil
		case "named":
			return h.form(req, false), nil
		case "list":
			return h.list(ctx, req)
		case "reply":
			return h.reply(ctx, req)
		case "close":
			return h.close(ctx, req)
		}
		return Private("I don't know that part of `/concern`. Try `/concern anonymous` or `/concern named`."), nil
	}
	c.Autocomplete = h.autocomplete
	return c
}

// form opens the concern form, or says straight away that there is
// nowhere to send it, before the member writes anything.
func (h *concerns) form(req *Request, anonymous bool) *Response {
	if req.Settings.Get(data.SettingAlertsChannel) == "" {
		return Private("💙 %s Please message a moderator directly for now. If you need help right now, `/crisis` lists crisis lines.", msgNoAlertsChannel)
	}
	title, placeholder, kind := "Raise a concern with your name", "About the group, a conversation, or Kindred.", "n"
	if anonymous {
		title, placeholder, kind = "Raise a concern anonymously", "About the group, a conversation, or Kindred. Leave out your name.", "a"
	}
	return &Response{Modal: &Modal{
		CustomID: CustomID(keyConcernRaise, kind),
		Title:    title,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID: msgConcernTextID, Label: "What would you like the moderators to know?",
				Style: discordgo.TextInputParagraph, Placeholder: placeholder,
				Required: true, MinLength: 1, MaxLength: data.MaxConcernLength,
			},
		}}},
	}}
}

// giveBack answers a concern that could not be passed on, with the
// member's words, so nothing they wrote is lost.
func giveBack(reason, text string) *Response {
	r := &Response{Ephemeral: true, Content: "💙 " + reason + " Here's what you wrote, so nothing is lost:"}
	if strings.TrimSpace(text) != "" {
		r.Embeds = []*discordgo.MessageEmbed{{Description: clipRunes(text, 4096), Color: concernColor}}
	}
	return r
}

// raise passes a concern from the form to the moderators.
func (h *concerns) raise(ctx context.Context, req *Request) (*Response, error) {
	text := req.ModalValue(msgConcernTextID)
	if req.GuildID == "" {
		return giveBack(msgConcernInServer, text), nil
	}
	anonymous := len(req.Args) > 0 && req.Args[0] == "a"
	alerts := req.Settings.Get(data.SettingAlertsChannel)
	if alerts == "" {
		return giveBack(msgNoAlertsChannel+" Please message a moderator directly for now.", text), nil
	}
	nc := data.NewConcern{GuildID: req.GuildID, UserID: req.User.ID, Anonymous: anonymous, Text: text}
	if anonymous {
		dm, err := h.discord.OpenDM(ctx, req.User.ID)
		if err != nil {
			// The error may name the member; logging it would tie them
			// to an anonymous concern, so only its kind is logged.
			h.log.Error("open a reply channel for an anonymous concern", "guild", req.GuildID, errAttr(true, err))
			return giveBack("I couldn't set up a way for the moderators to reply to you just now. Please try again in a moment.", text), nil
		}
		nc.ReplyChannelID = dm
	}
	c, err := h.store.RaiseConcern(ctx, nc)
	if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrConflict) {
		reply, _ := ProblemReply(err)
		return giveBack(reply.Content, text), nil
	}
	if err != nil {
		h.log.Error("raise a concern", "guild", req.GuildID, errAttr(anonymous, err))
		return giveBack("Something went wrong on my side and I couldn't save this. Please try again in a moment.", text), nil
	}
	risk, safety, safetyEmbeds := h.concernSafety(ctx, req, text)
	alert := concernAlert(req.Settings, c)
	if risk.Level != NoRisk {
		alert = markUrgent(alert)
	}
	msgID, err := h.discord.SendMessage(ctx, alerts, alert)
	if err != nil {
		h.log.Error("post a concern to the alerts channel", "guild", req.GuildID, "concern", c.Ref, errAttr(anonymous, err))
		if werr := h.store.WithdrawConcern(ctx, req.GuildID, c.Ref, req.User.ID); werr != nil {
			h.log.Error("withdraw a concern that could not be posted", "guild", req.GuildID, "concern", c.Ref, errAttr(anonymous, werr))
		}
		r := giveBack("I couldn't reach the moderators' channel just now, so I haven't sent this. Please try again in a moment, or message a moderator directly.", text)
		if risk.Level != NoRisk { // the crisis lines never wait on the moderators
			r.Embeds = append(r.Embeds, CrisisEmbedsIn(req.Settings.Get(data.SettingCountry), risk.Lang)...)
		}
		return r, nil
	}
	if err := h.store.SetConcernAlert(ctx, req.GuildID, c.Ref, alerts, msgID); err != nil {
		if resp := h.alertOutrun(ctx, req, c, alerts, msgID, text, err); resp != nil {
			return resp, nil
		}
		h.log.Error("record a concern's alert", "guild", req.GuildID, "concern", c.Ref, errAttr(anonymous, err))
	}
	var b strings.Builder
	if anonymous {
		fmt.Fprintf(&b, "💙 Thank you. I've passed your concern to the moderators **anonymously**: they see only what you wrote and the reference **%s**, never your name. ", c.Ref)
		b.WriteString("If they reply, it will come to you as a direct message from Kindred, so please keep DMs from this server open. ")
		b.WriteString("When they close the concern, I forget how to reach you.")
	} else {
		fmt.Fprintf(&b, "💙 Thank you. I've passed your concern to the moderators with your name (reference **%s**). ", c.Ref)
		b.WriteString("They may reply through Kindred by DM, or talk with you directly.")
	}
	if risk.Level != NoRisk {
		// The crisis lines come first, in the member's language; the
		// receipt follows.
		return &Response{Ephemeral: true, Content: clipRunes(safety+"\n\n"+b.String(), 2000), Embeds: safetyEmbeds}, nil
	}
	return &Response{Ephemeral: true, Content: b.String()}, nil
}

// concernAlert is the post in the alerts channel: the text and the
// reference, and the member only when they gave their name.
func concernAlert(st data.Settings, c data.Concern) *discordgo.MessageSend {
	prefix, mentions := alertMentions(st)
	head := fmt.Sprintf("%s📮 **New anonymous concern `%s`**", prefix, c.Ref)
	footer := "Anonymous: Kindred doesn't know who sent this. "
	if !c.Anonymous {
		head = fmt.Sprintf("%s📮 **New concern `%s`** from <@%s>", prefix, c.Ref, c.UserID)
		footer = ""
	}
	footer += fmt.Sprintf("Reply with /mod-concerns reply %s · close with /mod-concerns close %s", c.Ref, c.Ref)
	return &discordgo.MessageSend{
		Content:         head,
		Embeds:          []*discordgo.MessageEmbed{{Description: c.Text, Color: concernColor, Footer: &discordgo.MessageEmbedFooter{Text: footer}}},
		AllowedMentions: mentions,
	}
}

// loadRef reads and checks a concern's reference.
func (h *concerns) loadRef(ctx context.Context, req *Request, raw string) (data.Concern, *Response, error) {
	ref, err := data.NormalizeConcernRef(raw)
	if err != nil {
		r, err := ProblemReply(err)
		return data.Concern{}, r, err
	}
	c, err := h.store.Concern(ctx, req.GuildID, ref)
	if err != nil {
		r, err := ProblemReply(err)
		return data.Concern{}, r, err
	}
	return c, nil, nil
}

// errAttr is the error of a log line about a concern. For a named one it
// is the error itself. For an anonymous one it is only the kind of error:
// error texts carry IDs (the DM channel a send failed on, the member a DM
// channel was opened for), and a log line holding one of them next to the
// concern's reference would tie the member to it for as long as logs are
// kept.
func errAttr(anonymous bool, err error) slog.Attr {
	if !anonymous {
		return slog.Any("err", err)
	}
	return slog.String("err", errClass(err))
}

// errClass names the kind of err without its text: "discord 403 (50007)"
// for a Discord API error, "timeout", "canceled", "network" or "other".
func errClass(err error) string {
	var rest *discordgo.RESTError
	var netErr net.Error
	switch {
	case errors.As(err, &rest) && rest.Response != nil:
		class := fmt.Sprintf("discord %d", rest.Response.StatusCode)
		if rest.Message != nil && rest.Message.Code != 0 {
			class += fmt.Sprintf(" (%d)", rest.Message.Code)
		}
		return class
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.As(err, &netErr):
		return "network"
	}
	return "other"
}

// reach sends msg to the member who raised c: through the DM channel
// of an anonymous concern, or by DM to a named one's member.
func (h *concerns) reach(ctx context.Context, c data.Concern, msg *discordgo.MessageSend) error {
	msg = nameServer(ctx, h.store, c.GuildID, msg)
	if c.Anonymous {
		if c.ReplyChannelID == "" {
			return errors.New("no way to reach the member")
		}
		_, err := h.discord.SendMessage(ctx, c.ReplyChannelID, msg)
		return err
	}
	_, _, err := h.discord.SendDM(ctx, c.UserID, msg)
	return err
}

// reply is /mod-concerns reply: a moderator's answer, sent by DM. Without
// the text option it opens the reply form (keyConcernReplyForm), whose
// submission comes back here.
func (h *concerns) reply(ctx context.Context, req *Request) (*Response, error) {
	if !req.IsModerator {
		return Private("%s", msgModeratorsOnly), nil
	}
	rawRef, text := req.String("ref"), strings.TrimSpace(req.String("text"))
	if req.Interaction.Type == discordgo.InteractionModalSubmit {
		rawRef, text = strings.Join(req.Args, ":"), strings.TrimSpace(req.ModalValue(longTextInputID))
	} else if text == "" {
		c, resp, err := h.loadRef(ctx, req, rawRef)
		if resp != nil || err != nil {
			return resp, err
		}
		return &Response{Modal: paragraphForm(CustomID(keyConcernReplyForm, c.Ref), fmt.Sprintf(msgConcernReplyTitle, c.Ref),
			msgConcernReplyLabel, msgConcernReplyHint, "", true, maxConcernReply)}, nil
	}
	if resp := longTextProblem(text, maxConcernReply, false); resp != nil {
		return resp, nil
	}
	c, resp, err := h.loadRef(ctx, req, rawRef)
	if err != nil {
		return nil, err
	}
	if resp != nil {
		resp.Content += "\n\nYour reply was:\n>>> " + text
		return resp, nil
	}
	if c.Status != data.ConcernOpen {
		return Private("Concern **%s** is closed, so I can't pass on a reply. Your reply was:\n>>> %s", c.Ref, text), nil
	}
	if c.Anonymous && c.ReplyChannelID == "" {
		return Private("The member who raised **%s** erased their data, so I no longer know how to reach them. Your reply was:\n>>> %s", c.Ref, text), nil
	}
	dm := &discordgo.MessageSend{
		Content: fmt.Sprintf("💬 **A moderator replied to the concern you raised (`%s`).**", c.Ref),
		Embeds: []*discordgo.MessageEmbed{{Description: text, Color: concernColor, Footer: &discordgo.MessageEmbedFooter{
			Text: concernDMFooter(c),
		}}},
	}
	if err := h.reach(ctx, c, dm); err != nil {
		h.log.Warn("reply to a concern by DM", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		return Private("I couldn't deliver your reply to **%s**: the member's direct messages seem to be closed to Kindred. Nothing was sent. Your reply was:\n>>> %s", c.Ref, text), nil
	}
	if _, err := h.store.RecordConcernReply(ctx, req.GuildID, c.Ref, req.User.ID); err != nil {
		return nil, fmt.Errorf("record reply to concern %s: %w", c.Ref, err)
	}
	// Other moderators see what was said, so replies stay accountable.
	if c.AlertChannelID != "" {
		copyMsg := &discordgo.MessageSend{
			Content: fmt.Sprintf("<@%s> replied to concern `%s`:", req.User.ID, c.Ref),
			Embeds:  []*discordgo.MessageEmbed{{Description: text, Color: concernColor}},
		}
		if c.AlertMessageID != "" {
			keep := false
			copyMsg.Reference = &discordgo.MessageReference{MessageID: c.AlertMessageID, ChannelID: c.AlertChannelID, GuildID: req.GuildID, FailIfNotExists: &keep}
		}
		if _, err := h.discord.SendMessage(ctx, c.AlertChannelID, copyMsg); err != nil {
			h.log.Warn("copy a concern reply to the alerts channel", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		}
	}
	return Private("Sent your reply to the member who raised **%s**, by DM. It's in the audit log.", c.Ref), nil
}

// concernDMFooter explains that a reply can't be answered in the DM.
func concernDMFooter(c data.Concern) string {
	s := "Kindred doesn't read direct messages, so you can't answer here. To say more, use /concern in the server and mention " + c.Ref + "."
	if c.Anonymous {
		s += " Your concern stays anonymous: the moderators don't know who you are."
	}
	return s
}

// close is /mod-concerns close.
func (h *concerns) close(ctx context.Context, req *Request) (*Response, error) {
	ref, err := data.NormalizeConcernRef(req.String("ref"))
	if err != nil {
		return ProblemReply(err)
	}
	c, err := h.store.CloseConcern(ctx, req.GuildID, ref, req.User.ID)
	if err != nil {
		return ProblemReply(err)
	}
	msg := fmt.Sprintf("Closed **%s**.", c.Ref)
	if c.Anonymous {
		msg += " I've forgotten how to reach the member who raised it."
	}
	if c.Anonymous && c.ReplyChannelID == "" {
		return Private("%s", msg), nil
	}
	notice := &discordgo.MessageSend{Content: fmt.Sprintf("💙 The moderators have closed the concern you raised (`%s`). Thank you for speaking up; if something else comes up, `/concern` is always there.", c.Ref)}
	if err := h.reach(ctx, c, notice); err != nil {
		h.log.Warn("tell a member their concern was closed", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		msg += " I couldn't tell them it was closed: their direct messages seem to be closed to Kindred."
	} else {
		msg += " I've let them know by DM."
	}
	return Private("%s", msg), nil
}

// list is /mod-concerns list.
func (h *concerns) list(ctx context.Context, req *Request) (*Response, error) {
	withClosed, _ := req.Bool("closed")
	cs, err := h.store.Concerns(ctx, req.GuildID, withClosed, concernListLimit)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		if withClosed {
			return Private("No concerns have been raised in this server."), nil
		}
		return Private("There are no open concerns. `/mod-concerns list closed:true` shows closed ones too."), nil
	}
	var b strings.Builder
	for _, c := range cs {
		who := "anonymous"
		if !c.Anonymous {
			who = "<@" + c.UserID + ">"
		}
		status := ""
		if c.Status == data.ConcernClosed {
			status = " · closed"
		}
		line := fmt.Sprintf("`%s` · %s · <t:%d:R> · %s%s\n> %s\n", c.Ref, who, c.CreatedAt.Unix(), countWord(c.Replies, "reply", "replies"), status,
			clipRunes(strings.Join(strings.Fields(c.Text), " "), 120))
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > 4000 {
			b.WriteString("…")
			break
		}
		b.WriteString(line)
	}
	title := "Open concerns"
	if withClosed {
		title = "Recent concerns"
	}
	return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: title, Description: b.String(), Color: concernColor,
		Footer: &discordgo.MessageEmbedFooter{Text: "/mod-concerns reply <ref> answers by DM · /mod-concerns close <ref> closes"},
	}}}, nil
}

// autocomplete offers open concerns for the ref option.
func (h *concerns) autocomplete(ctx context.Context, req *Request) (*Response, error) {
	name, typed := req.Focused()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	// Checked here as well as by the router: a crafted payload can put
	// the focused option outside a moderator subcommand.
	if name != "ref" || req.GuildID == "" || !req.IsModerator {
		return &Response{Choices: choices}, nil
	}
	cs, err := h.store.Concerns(ctx, req.GuildID, false, 0)
	if err != nil {
		return nil, err
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	for _, c := range cs {
		if len(choices) == 25 {
			break
		}
		label := c.Ref + " · " + strings.Join(strings.Fields(c.Text), " ")
		if typed != "" && !strings.Contains(strings.ToLower(label), typed) {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(label, 100), Value: c.Ref})
	}
	return &Response{Choices: choices}, nil
}
