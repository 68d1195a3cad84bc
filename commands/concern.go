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
	"github.com/kindred-bot/kindred/i18n"
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
	msgConcernInServer = "concern.in_server"
	msgNoAlertsChannel = "concern.no_alerts"
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
			return req.PrivateT(msgConcernInServer), nil
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
		return req.PrivateT("concern.unknown_part"), nil
	}
	c.Autocomplete = h.autocomplete
	return c
}

// form opens the concern form, or says straight away that there is
// nowhere to send it, before the member writes anything.
func (h *concerns) form(req *Request, anonymous bool) *Response {
	if req.Settings.Get(data.SettingAlertsChannel) == "" {
		return req.PrivateT("concern.no_alerts_form")
	}
	title, placeholder, kind := req.T("concern.form_named_title"), req.T("concern.form_named_hint"), "n"
	if anonymous {
		title, placeholder, kind = req.T("concern.form_anon_title"), req.T("concern.form_anon_hint"), "a"
	}
	return &Response{Modal: &Modal{
		CustomID: CustomID(keyConcernRaise, kind),
		Title:    title,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID: msgConcernTextID, Label: req.T("concern.form_label"),
				Style: discordgo.TextInputParagraph, Placeholder: placeholder,
				Required: true, MinLength: 1, MaxLength: data.MaxConcernLength,
			},
		}}},
	}}
}

// giveBack answers what could not be done with the member's words, so
// nothing they wrote is lost (in English: giveBackTo writes it in the
// member's language).
func giveBack(reason, text string) *Response {
	return giveBackTo(&Request{}, reason, text)
}

// giveBackTo is giveBack in req's language; reason is already written in it.
func giveBackTo(req *Request, reason, text string) *Response {
	r := &Response{Ephemeral: true, Content: req.T("concern.give_back", "Reason", reason)}
	if strings.TrimSpace(text) != "" {
		r.Embeds = []*discordgo.MessageEmbed{{Description: clipRunes(text, 4096), Color: concernColor}}
	}
	return r
}

// raise passes a concern from the form to the moderators.
func (h *concerns) raise(ctx context.Context, req *Request) (*Response, error) {
	text := req.ModalValue(msgConcernTextID)
	if req.GuildID == "" {
		return giveBackTo(req, req.T(msgConcernInServer), text), nil
	}
	anonymous := len(req.Args) > 0 && req.Args[0] == "a"
	alerts := req.Settings.Get(data.SettingAlertsChannel)
	if alerts == "" {
		return giveBackTo(req, req.T("concern.no_alerts_raise"), text), nil
	}
	nc := data.NewConcern{GuildID: req.GuildID, UserID: req.User.ID, Anonymous: anonymous, Text: text}
	if anonymous {
		dm, err := h.discord.OpenDM(ctx, req.User.ID)
		if err != nil {
			// The error may name the member; logging it would tie them
			// to an anonymous concern, so only its kind is logged.
			h.log.Error("open a reply channel for an anonymous concern", "guild", req.GuildID, errAttr(true, err))
			return giveBackTo(req, req.T("concern.no_reply_channel"), text), nil
		}
		nc.ReplyChannelID = dm
	}
	c, err := h.store.RaiseConcern(ctx, nc)
	if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrConflict) {
		reply, _ := req.Problem(err)
		return giveBackTo(req, reply.Content, text), nil
	}
	if err != nil {
		h.log.Error("raise a concern", "guild", req.GuildID, errAttr(anonymous, err))
		return giveBackTo(req, req.T("concern.save_failed"), text), nil
	}
	risk, safety, safetyEmbeds := h.concernSafety(ctx, req, text)
	alert := concernAlert(req.Public(), req.Settings, c)
	if risk.Level != NoRisk {
		alert = markUrgent(req.Public(), alert)
	}
	msgID, err := h.discord.SendMessage(ctx, alerts, alert)
	if err != nil {
		h.log.Error("post a concern to the alerts channel", "guild", req.GuildID, "concern", c.Ref, errAttr(anonymous, err))
		if werr := h.store.WithdrawConcern(ctx, req.GuildID, c.Ref, req.User.ID); werr != nil {
			h.log.Error("withdraw a concern that could not be posted", "guild", req.GuildID, "concern", c.Ref, errAttr(anonymous, werr))
		}
		r := giveBackTo(req, req.T("concern.alerts_unreachable"), text)
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
	receipt := req.T("concern.sent_named", "Ref", c.Ref)
	if anonymous {
		receipt = req.T("concern.sent_anon", "Ref", c.Ref)
	}
	if risk.Level != NoRisk {
		// The crisis lines come first, in the member's language; the
		// receipt follows.
		return &Response{Ephemeral: true, Content: clipRunes(safety+"\n\n"+receipt, 2000), Embeds: safetyEmbeds}, nil
	}
	return &Response{Ephemeral: true, Content: receipt}, nil
}

// concernAlert is the post in the alerts channel: the text and the
// reference, and the member only when they gave their name.
func concernAlert(p *i18n.Printer, st data.Settings, c data.Concern) *discordgo.MessageSend {
	prefix, mentions := alertMentions(st)
	head := prefix + p.T("concern.alert_anon", "Ref", c.Ref)
	footer := p.T("concern.alert_anon_footer")
	if !c.Anonymous {
		head = prefix + p.T("concern.alert_named", "Ref", c.Ref, "Member", "<@"+c.UserID+">")
		footer = ""
	}
	footer += p.T("concern.alert_footer", "Ref", c.Ref)
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
		r, err := req.Problem(err)
		return data.Concern{}, r, err
	}
	c, err := h.store.Concern(ctx, req.GuildID, ref)
	if err != nil {
		r, err := req.Problem(err)
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
func (h *concerns) reach(ctx context.Context, lang string, c data.Concern, msg *discordgo.MessageSend) error {
	msg = nameServerIn(ctx, h.store, c.GuildID, lang, msg)
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
		return req.PrivateT("common.moderators_only"), nil
	}
	rawRef, text := req.String("ref"), strings.TrimSpace(req.String("text"))
	if req.Interaction.Type == discordgo.InteractionModalSubmit {
		rawRef, text = strings.Join(req.Args, ":"), strings.TrimSpace(req.ModalValue(longTextInputID))
	} else if text == "" {
		c, resp, err := h.loadRef(ctx, req, rawRef)
		if resp != nil || err != nil {
			return resp, err
		}
		return &Response{Modal: paragraphForm(CustomID(keyConcernReplyForm, c.Ref), req.T("forms.concern_reply_title", "Ref", c.Ref),
			req.T("forms.concern_reply_label"), req.T("forms.concern_reply_hint"), "", true, maxConcernReply)}, nil
	}
	if resp := longTextProblemIn(req.P(), text, maxConcernReply, false); resp != nil {
		return resp, nil
	}
	c, resp, err := h.loadRef(ctx, req, rawRef)
	if err != nil {
		return nil, err
	}
	if resp != nil {
		resp.Content += "\n\n" + req.T("concern.reply_was") + "\n>>> " + text
		return resp, nil
	}
	was := " " + req.T("concern.reply_was") + "\n>>> " + text
	if c.Status != data.ConcernOpen {
		return Private("%s", req.T("concern.reply_closed", "Ref", c.Ref)+was), nil
	}
	if c.Anonymous && c.ReplyChannelID == "" {
		return Private("%s", req.T("concern.reply_erased", "Ref", c.Ref)+was), nil
	}
	p := h.memberPrinter(ctx, req, c)
	dm := &discordgo.MessageSend{
		Content: p.T("concern.reply_dm", "Ref", c.Ref),
		Embeds: []*discordgo.MessageEmbed{{Description: text, Color: concernColor, Footer: &discordgo.MessageEmbedFooter{
			Text: concernDMFooter(p, c),
		}}},
	}
	if err := h.reach(ctx, p.Lang(), c, dm); err != nil {
		h.log.Warn("reply to a concern by DM", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		return Private("%s", req.T("concern.reply_undelivered", "Ref", c.Ref)+was), nil
	}
	done := req.T("concern.reply_sent", "Ref", c.Ref)
	if _, err := h.store.RecordConcernReply(ctx, req.GuildID, c.Ref, req.User.ID); err != nil {
		// The member has the reply (sending it again would reach them
		// twice), and the copy below still tells the other moderators.
		h.log.Error("record a concern reply", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		done = req.T("concern.reply_unrecorded", "Ref", c.Ref) + was
	}
	// Other moderators see what was said, so replies stay accountable.
	if c.AlertChannelID != "" {
		copyMsg := &discordgo.MessageSend{
			Content: req.Public().T("concern.reply_copy", "Moderator", "<@"+req.User.ID+">", "Ref", c.Ref),
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
	return Private("%s", done), nil
}

// memberPrinter is the language to DM the member who raised c in: theirs
// for a named concern (as any DM), the server's for an anonymous one,
// since Kindred keeps nothing of an anonymous member, their language
// included.
func (h *concerns) memberPrinter(ctx context.Context, req *Request, c data.Concern) *i18n.Printer {
	if ln, ok := h.store.(languageNoter); ok && !c.Anonymous {
		return i18n.For(dmLanguage(ctx, ln, c.UserID, req.ServerLang))
	}
	return req.Public()
}

// concernDMFooter explains that a reply can't be answered in the DM.
func concernDMFooter(p *i18n.Printer, c data.Concern) string {
	s := p.T("concern.dm_footer", "Ref", c.Ref)
	if c.Anonymous {
		s += p.T("concern.dm_footer_anon")
	}
	return s
}

// close is /mod-concerns close.
func (h *concerns) close(ctx context.Context, req *Request) (*Response, error) {
	ref, err := data.NormalizeConcernRef(req.String("ref"))
	if err != nil {
		return req.Problem(err)
	}
	c, err := h.store.CloseConcern(ctx, req.GuildID, ref, req.User.ID)
	if err != nil {
		return req.Problem(err)
	}
	msg := req.T("concern.closed", "Ref", c.Ref)
	if c.Anonymous {
		msg += req.T("concern.closed_forgot")
	}
	if c.Anonymous && c.ReplyChannelID == "" {
		return Private("%s", msg), nil
	}
	p := h.memberPrinter(ctx, req, c)
	notice := &discordgo.MessageSend{Content: p.T("concern.closed_dm", "Ref", c.Ref)}
	if err := h.reach(ctx, p.Lang(), c, notice); err != nil {
		h.log.Warn("tell a member their concern was closed", "guild", req.GuildID, "concern", c.Ref, errAttr(c.Anonymous, err))
		msg += req.T("concern.closed_not_told")
	} else {
		msg += req.T("concern.closed_told")
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
			return req.PrivateT("concern.none_ever"), nil
		}
		return req.PrivateT("concern.none_open"), nil
	}
	var b strings.Builder
	for _, c := range cs {
		who := req.T("concern.anonymous")
		if !c.Anonymous {
			who = "<@" + c.UserID + ">"
		}
		status := ""
		if c.Status == data.ConcernClosed {
			status = req.T("concern.status_closed")
		}
		line := fmt.Sprintf("`%s` · %s · <t:%d:R> · %s%s\n> %s\n", c.Ref, who, c.CreatedAt.Unix(), req.N("concern.replies", c.Replies), status,
			clipRunes(strings.Join(strings.Fields(c.Text), " "), 120))
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > 4000 {
			b.WriteString("…")
			break
		}
		b.WriteString(line)
	}
	title := req.T("concern.list_open")
	if withClosed {
		title = req.T("concern.list_recent")
	}
	return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: title, Description: b.String(), Color: concernColor,
		Footer: &discordgo.MessageEmbedFooter{Text: req.T("concern.list_footer")},
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
