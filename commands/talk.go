package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// talkStore is what Talk to someone needs of the store.
type talkStore interface {
	CreateTalkDraft(ctx context.Context, guildID, userID, need, firstMessage string) (data.TalkRequest, error)
	TalkRequest(ctx context.Context, guildID string, id int64) (data.TalkRequest, error)
	ActiveTalkRequest(ctx context.Context, guildID, userID string) (data.TalkRequest, error)
	LastTalkPing(ctx context.Context, guildID, userID string) (time.Time, error)
	OpenTalk(ctx context.Context, guildID string, id int64, userID string, o data.TalkOpening) (data.TalkRequest, error)
	DiscardTalkDraft(ctx context.Context, guildID string, id int64, userID string) error
	SetTalkNotice(ctx context.Context, guildID string, id int64, channelID, messageID string) error
	TakeTalk(ctx context.Context, guildID string, id int64, listenerID string) (data.TalkRequest, error)
	HandOverTalk(ctx context.Context, guildID string, id int64, fromID, toID, note string) (data.TalkRequest, int64, error)
	SetHandoverNoteMessage(ctx context.Context, guildID string, handoverID int64, channelID, messageID string) error
	CloseTalk(ctx context.Context, guildID string, id int64, by string) (data.TalkRequest, error)
	RateTalk(ctx context.Context, guildID string, id int64, userID string, rating int) (data.TalkRequest, error)
	KeepTalkThread(ctx context.Context, guildID string, id int64, userID string, keep bool) (data.TalkRequest, error)
	MarkTalkPinged(ctx context.Context, guildID string, id int64, now time.Time) error
	SetListenerDuty(ctx context.Context, guildID, userID string, onDuty bool) error
	ListenersOnDuty(ctx context.Context, guildID string) ([]string, error)
	TalkStats(ctx context.Context, guildID string, since time.Time) (data.TalkStats, error)
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	MemberCountry(ctx context.Context, guildID, userID string) (string, error)
	languageNoter
}

// TalkDiscord is what Talk to someone needs of Discord beyond Discord:
// private threads and their members. Package bot implements it.
type TalkDiscord interface {
	Discord
	// CreatePrivateThread opens a private thread in a channel and returns
	// its ID; ErrNoPrivateThreads when the server or channel doesn't allow it.
	CreatePrivateThread(ctx context.Context, channelID, name string) (string, error)
	AddThreadMember(ctx context.Context, threadID, userID string) error
	RemoveThreadMember(ctx context.Context, threadID, userID string) error
	ArchiveThread(ctx context.Context, threadID string, lock bool) error
	DeleteThread(ctx context.Context, threadID string) error
}

// ErrNoPrivateThreads means Discord won't let Kindred open a private
// thread: the server's boost level or Kindred's permissions don't allow it.
var ErrNoPrivateThreads = errors.New("private threads are not available")

// ErrChannelGone means Discord says a channel or thread no longer exists.
var ErrChannelGone = errors.New("the channel no longer exists")

// Component routing keys of Talk to someone.
const (
	keyTalkOpen     = "talk-open"     // the Talk to someone button
	keyTalkNeed     = "talk-need"     // talk-need:<need>
	keyTalkFirst    = "talk-first"    // modal: talk-first:<need>
	keyTalkSend     = "talk-send"     // talk-send:<id>:<share 0|1>
	keyTalkCancel   = "talk-cancel"   // talk-cancel:<id>
	keyTalkTake     = "talk-take"     // talk-take:<id>
	keyTalkMore     = "talk-more"     // talk-more:<id>
	keyTalkJoin     = "talk-join"     // talk-join:<id>
	keyTalkHand     = "talk-hand"     // talk-hand:<id>
	keyTalkHandTo   = "talk-handto"   // talk-handto:<id> (user select)
	keyTalkHandNote = "talk-handnote" // modal: talk-handnote:<id>:<to>
	keyTalkOK       = "talk-ok"       // talk-ok:<id>
	keyTalkClose    = "talk-close"    // talk-close:<id>
	keyTalkRate     = "talk-rate"     // talk-rate:<id>:<1-5>
	keyTalkKeep     = "talk-keep"     // talk-keep:<id>
)

const (
	talkColor     = 0x5B8DEF
	talkTextID    = "text"
	talkNoteID    = "note"
	talkStatsDays = 30
	// talkThreadArchive is how long a quiet support thread stays open
	// before Discord hides it (a week).
	talkThreadArchive = 10080
)

// talkNeeds are what a member can ask for; their labels are the
// catalogue's talk.need_<key> (and talk.need_<key>_inline in a sentence).
var talkNeeds = []struct{ key, emoji string }{
	{data.TalkNeedListen, "👂"},
	{data.TalkNeedPractical, "🧭"},
	{data.TalkNeedStruggling, "💙"},
}

// talkAvailable reports whether a server has set up Talk to someone: a
// listener role, a channel for the private threads, and somewhere
// listeners see notices.
func talkAvailable(st data.Settings) bool {
	return st.Get(data.SettingListenerRole) != "" && st.Get(data.SettingTalkChannel) != "" && listenerChannel(st) != ""
}

// TalkAvailable is talkAvailable for other packages' features.
func TalkAvailable(st data.Settings) bool { return talkAvailable(st) }

// listenerChannel is where listeners see notices: their own channel, or
// else the moderators' alerts channel.
func listenerChannel(st data.Settings) string {
	if c := st.Get(data.SettingListenerChannel); c != "" {
		return c
	}
	return st.Get(data.SettingAlertsChannel)
}

// TalkButton is the "Talk to someone" button, for the safety-net reply,
// /help and the guidelines post, in English (TalkButtonIn for another
// language). Pressing it starts the same choice as /talk start, privately.
func TalkButton() discordgo.Button { return TalkButtonIn(i18n.For(i18n.Base)) }

// isListener reports whether a member holds the server's listener role.
func isListener(req *Request) bool {
	role := req.Settings.Get(data.SettingListenerRole)
	return role != "" && slices.Contains(req.Roles, role)
}

// talk answers /talk and its components.
type talk struct {
	store   talkStore
	discord TalkDiscord
	log     *slog.Logger
}

// Talk is /talk: a member asks for a private thread with one of the
// community's listeners; listeners go on and off duty; moderators see
// counts, never contents.
func Talk(store talkStore, discord Discord, log *slog.Logger) *Command {
	td, _ := discord.(TalkDiscord)
	h := &talk{store: store, discord: td, log: log}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "talk",
			Description: "Talk privately with one of this community's listeners",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "start",
					Description: "Ask to talk with a listener in a private thread (nothing is shared until you confirm)"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "duty",
					Description: "Listeners: go on or off duty",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionBoolean, Name: "on", Description: "On duty (true) or off duty (false)", Required: true,
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "stats",
					Description: "Counts of requests and how they went, never what was said (moderators)",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "How many days back (default 30)",
						MinValue: new(float64(1)), MaxValue: 365,
					}}},
			},
		},
		ModeratorSubcommands: []string{"stats"},
		Components: map[string]Component{
			keyTalkOpen:     {Handle: h.startComponent},
			keyTalkNeed:     {Handle: h.chooseNeed},
			keyTalkFirst:    {Handle: h.firstMessage},
			keyTalkSend:     {Handle: h.send},
			keyTalkCancel:   {Handle: h.cancel},
			keyTalkTake:     {Handle: h.take},
			keyTalkMore:     {Handle: h.bringIn},
			keyTalkJoin:     {Handle: h.join},
			keyTalkHand:     {Handle: h.handOver},
			keyTalkHandTo:   {Handle: h.handOverTo},
			keyTalkHandNote: {Handle: h.handOverNote},
			keyTalkOK:       {Handle: h.imOK},
			keyTalkClose:    {Handle: h.close},
			keyTalkRate:     {Handle: h.rate},
			keyTalkKeep:     {Handle: h.keep},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("talk.in_server_crisis"), nil
		}
		switch req.Subcommand() {
		case "start":
			resp, err := h.start(ctx, req)
			if resp != nil {
				resp.Update = false
			}
			return resp, err
		case "duty":
			return h.duty(ctx, req)
		case "stats":
			return h.stats(ctx, req)
		}
		return req.PrivateT("talk.unknown_part"), nil
	}
	return c
}

// notSetUp answers a member in a server without listeners, honestly, with
// the crisis lines.
func (h *talk) notSetUp(ctx context.Context, req *Request, why string) *Response {
	return &Response{
		Content:   "💙 " + why + " " + req.T("talk.not_set_up_help"),
		Embeds:    h.crisisFor(ctx, req),
		Ephemeral: true,
		Update:    true,
	}
}

// crisisFor is the crisis lines for the member asking, in their language.
func (h *talk) crisisFor(ctx context.Context, req *Request) []*discordgo.MessageEmbed {
	return talkCrisisEmbeds(h.country(ctx, req.GuildID, req.User.ID, req.Settings), req.Lang)
}

// country is whose crisis lines to show a member: theirs, or the server's.
func (h *talk) country(ctx context.Context, guildID, userID string, st data.Settings) string {
	code, err := h.store.MemberCountry(ctx, guildID, userID)
	if err != nil {
		h.log.Error("load member country", "guild", guildID, "err", err)
	}
	if code == "" {
		code = st.Get(data.SettingCountry)
	}
	return code
}

func (h *talk) startComponent(ctx context.Context, req *Request) (*Response, error) {
	resp, err := h.start(ctx, req)
	if resp != nil {
		// The button sits on the safety net's reply (whose crisis lines
		// stay in view), /help and the public guidelines post: answer
		// with a new private reply rather than replacing any of them.
		resp.Update = false
		resp.Ephemeral = true
	}
	return resp, err
}

// start offers the choice of what the member needs, or returns them to
// the thread they have open.
func (h *talk) start(ctx context.Context, req *Request) (*Response, error) {
	if req.GuildID == "" {
		return req.PrivateT("talk.in_server"), nil
	}
	if !talkAvailable(req.Settings) || h.discord == nil {
		return h.notSetUp(ctx, req, req.T("talk.not_set_up")), nil
	}
	if r, err := h.store.ActiveTalkRequest(ctx, req.GuildID, req.User.ID); err == nil {
		if resp, gone := h.returnToThread(ctx, req, r); !gone {
			return resp, nil
		}
		// Someone deleted the thread in Discord: that conversation is over.
		if _, err := h.store.CloseTalk(ctx, req.GuildID, r.ID, data.TalkClosedThreadGone); err != nil && !errors.Is(err, data.ErrConflict) {
			return nil, err
		}
		if cur, err := h.store.TalkRequest(ctx, req.GuildID, r.ID); err == nil {
			h.refreshNotice(ctx, req.Public(), cur)
		}
	} else if !errors.Is(err, data.ErrNotFound) {
		return nil, err
	}
	buttons := make([]discordgo.MessageComponent, 0, len(talkNeeds))
	for _, n := range talkNeeds {
		buttons = append(buttons, discordgo.Button{Label: talkNeedLabel(req.P(), n.key), Emoji: &discordgo.ComponentEmoji{Name: n.emoji},
			Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkNeed, n.key)})
	}
	return &Response{
		Content:    req.T("talk.start"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}},
		Ephemeral:  true,
		Update:     true,
	}, nil
}

// returnTo brings a member back to the thread they have open, adding them
// again in case they left it.
func (h *talk) returnTo(ctx context.Context, req *Request, r data.TalkRequest) *Response {
	resp, _ := h.returnToThread(ctx, req, r)
	return resp
}

// returnToThread is returnTo, reporting instead whether Discord says the
// thread is gone (deleted by someone), so that the member can start anew.
func (h *talk) returnToThread(ctx context.Context, req *Request, r data.TalkRequest) (*Response, bool) {
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, req.User.ID); errors.Is(err, ErrChannelGone) {
		return nil, true
	} else if err != nil {
		h.log.Warn("add a member back to their support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	msg := req.T("talk.already_open", "Thread", r.ThreadID)
	if r.Status == data.TalkOpen {
		msg = req.T("talk.already_open_waiting", "Thread", r.ThreadID)
	}
	return &Response{Content: msg, Ephemeral: true, Update: true, Components: []discordgo.MessageComponent{}}, false
}

// chooseNeed opens the optional first-message form.
func (h *talk) chooseNeed(ctx context.Context, req *Request) (*Response, error) {
	need := ""
	if len(req.Args) > 0 {
		need = req.Args[0]
	}
	if !data.ValidTalkNeed(need) {
		return h.start(ctx, req)
	}
	return &Response{Modal: &Modal{
		CustomID: CustomID(keyTalkFirst, need),
		Title:    req.T("talk.title"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID: talkTextID, Label: req.T("talk.form_label"),
				Style: discordgo.TextInputParagraph, Placeholder: req.T("talk.form_placeholder"),
				Required: false, MaxLength: data.MaxTalkMessage,
			},
		}}},
	}}, nil
}

// talkGiveBack answers with the member's words when they can't be used,
// in the language of p.
func talkGiveBack(p *i18n.Printer, reason, text string) *Response {
	r := &Response{Ephemeral: true, Content: "💙 " + reason + " " + p.T("talk.give_back")}
	if strings.TrimSpace(text) != "" {
		r.Embeds = []*discordgo.MessageEmbed{{Description: clipRunes(text, 4096), Color: talkColor}}
	}
	return r
}

// giveBackTalk is talkGiveBack replacing the private reply a component is on.
func giveBackTalk(p *i18n.Printer, reason, text string) *Response {
	r := talkGiveBack(p, reason, text)
	r.Update = true
	r.Components = []discordgo.MessageComponent{}
	if strings.TrimSpace(text) == "" {
		r.Content = "💙 " + reason
		r.Embeds = []*discordgo.MessageEmbed{}
	}
	return r
}

// firstMessage saves the member's choice as a draft and asks them to confirm.
func (h *talk) firstMessage(ctx context.Context, req *Request) (*Response, error) {
	text := strings.TrimSpace(req.ModalValue(talkTextID))
	need := ""
	if len(req.Args) > 0 {
		need = req.Args[0]
	}
	if req.GuildID == "" {
		return giveBackTalk(req.P(), req.T("talk.in_server"), text), nil
	}
	if !talkAvailable(req.Settings) || h.discord == nil {
		return giveBackTalk(req.P(), req.T("talk.cannot_pass_on"), text), nil
	}
	d, err := h.store.CreateTalkDraft(ctx, req.GuildID, req.User.ID, need, text)
	if errors.Is(err, data.ErrInvalid) {
		reply, _ := req.Problem(err)
		return giveBackTalk(req.P(), reply.Content, text), nil
	}
	if err != nil {
		h.log.Error("save a draft request for support", "guild", req.GuildID, "err", err)
		return giveBackTalk(req.P(), req.T("talk.save_failed"), text), nil
	}
	return h.confirmView(req.P(), d), nil
}

// confirmView says what will happen, and shares nothing until pressed.
func (h *talk) confirmView(p *i18n.Printer, d data.TalkRequest) *Response {
	id := strconv.FormatInt(d.ID, 10)
	plan := "talk.confirm_plan"
	if d.FirstMessage != "" {
		plan = "talk.confirm_plan_words"
	}
	text := p.T(plan, "Need", talkNeedInline(p, d.Need)) + "\n\n" + p.T("talk.confirm_nothing")
	if d.Need == data.TalkNeedStruggling {
		text += "\n\n" + p.T("talk.confirm_struggling")
	}
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: p.T("talk.button_open"), Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkSend, id, "0")},
	}
	if d.FirstMessage != "" {
		buttons = append(buttons, discordgo.Button{Label: p.T("talk.button_open_share"), Style: discordgo.PrimaryButton, CustomID: CustomID(keyTalkSend, id, "1")})
	}
	buttons = append(buttons, discordgo.Button{Label: p.T("talk.button_cancel"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkCancel, id)})
	r := &Response{Content: text, Ephemeral: true, Update: true, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}}
	if d.FirstMessage != "" {
		r.Embeds = []*discordgo.MessageEmbed{{Title: p.T("talk.what_you_wrote"), Description: clipRunes(d.FirstMessage, 4096), Color: talkColor}}
	}
	return r
}

// requestArg loads the request a component names, from its first argument.
func (h *talk) requestArg(ctx context.Context, req *Request) (data.TalkRequest, *Response, error) {
	if len(req.Args) == 0 || req.GuildID == "" {
		return data.TalkRequest{}, req.PrivateT(msgUnknownTalk), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return data.TalkRequest{}, req.PrivateT(msgUnknownTalk), nil
	}
	r, err := h.store.TalkRequest(ctx, req.GuildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return data.TalkRequest{}, req.PrivateT(msgUnknownTalk), nil
	}
	return r, nil, err
}

const msgUnknownTalk = "talk.unknown_request"

func (h *talk) cancel(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if r.UserID == req.User.ID && r.Status == data.TalkDraft {
		if err := h.store.DiscardTalkDraft(ctx, req.GuildID, r.ID, req.User.ID); err != nil {
			return nil, err
		}
	}
	return &Response{Content: req.T("talk.cancelled"), Ephemeral: true, Update: true,
		Components: []discordgo.MessageComponent{}, Embeds: []*discordgo.MessageEmbed{}}, nil
}

// send opens the member's private thread and tells the listeners.
func (h *talk) send(ctx context.Context, req *Request) (*Response, error) {
	d, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	share := len(req.Args) > 1 && req.Args[1] == "1"
	if d.UserID != req.User.ID {
		return req.PrivateT(msgUnknownTalk), nil
	}
	if d.Status != data.TalkDraft {
		if active, err := h.store.ActiveTalkRequest(ctx, req.GuildID, req.User.ID); err == nil {
			return h.returnTo(ctx, req, active), nil
		}
		return req.PrivateT(msgUnknownTalk), nil
	}
	if active, err := h.store.ActiveTalkRequest(ctx, req.GuildID, req.User.ID); err == nil {
		if err := h.store.DiscardTalkDraft(ctx, req.GuildID, d.ID, req.User.ID); err != nil {
			h.log.Error("discard a draft request for support", "guild", req.GuildID, "err", err)
		}
		return h.returnTo(ctx, req, active), nil
	} else if !errors.Is(err, data.ErrNotFound) {
		return nil, err
	}
	if !talkAvailable(req.Settings) || h.discord == nil {
		return giveBackTalk(req.P(), req.T("talk.no_longer_set_up"), d.FirstMessage), nil
	}
	threadID, err := h.discord.CreatePrivateThread(ctx, req.Settings.Get(data.SettingTalkChannel), req.Public().T("talk.thread_name", "ID", strconv.FormatInt(d.ID, 10)))
	if err != nil {
		h.log.Error("open a private support thread", "guild", req.GuildID, "err", err)
		why := req.T("talk.thread_failed")
		if errors.Is(err, ErrNoPrivateThreads) {
			why = req.T("talk.no_private_threads")
		}
		resp := giveBackTalk(req.P(), why, d.FirstMessage)
		resp.Embeds = append(resp.Embeds, h.crisisFor(ctx, req)...)
		return resp, nil
	}
	undo := func(why string, err error) *Response {
		h.log.Error(why, "guild", req.GuildID, "err", err)
		if derr := h.discord.DeleteThread(ctx, threadID); derr != nil {
			h.log.Error("delete a support thread that could not be opened", "guild", req.GuildID, "err", derr)
		}
		return giveBackTalk(req.P(), req.T("talk.open_failed"), d.FirstMessage)
	}
	if err := h.discord.AddThreadMember(ctx, threadID, req.User.ID); err != nil {
		return undo("add a member to their support thread", err), nil
	}
	last, err := h.store.LastTalkPing(ctx, req.GuildID, req.User.ID)
	if err != nil {
		h.log.Error("load when a member last pinged listeners", "guild", req.GuildID, "err", err)
		last = req.Now // when unsure, don't ping
	}
	ping := req.Now.Sub(last) >= data.TalkPingWindow
	timeout := time.Duration(atoiOr(req.Settings.Get(data.SettingTalkTimeoutMinutes), 10)) * time.Minute
	r, err := h.store.OpenTalk(ctx, req.GuildID, d.ID, req.User.ID, data.TalkOpening{
		ThreadID: threadID, Shared: share, Pinged: ping, EscalateAt: req.Now.Add(timeout),
	})
	if errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) {
		// Pressed twice, or another request opened meanwhile: keep one thread.
		if derr := h.discord.DeleteThread(ctx, threadID); derr != nil {
			h.log.Error("delete a duplicate support thread", "guild", req.GuildID, "err", derr)
		}
		if active, aerr := h.store.ActiveTalkRequest(ctx, req.GuildID, req.User.ID); aerr == nil {
			return h.returnTo(ctx, req, active), nil
		}
	}
	if err != nil {
		return undo("open a request for support", err), nil
	}
	if _, err := h.discord.SendMessage(ctx, threadID, threadWelcome(req.Public(), r)); err != nil {
		h.log.Error("post the welcome in a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.postNotice(ctx, req.Public(), req.Settings, r, ping)
	// If nobody takes it in time, the member is told in their language.
	noteLanguage(ctx, h.store, req)
	h.log.Info("support thread opened", "guild", req.GuildID, "request", r.ID, "pinged", ping)
	resp := &Response{
		Content:   req.N("talk.opened", int(timeout.Minutes()), "Thread", threadID),
		Ephemeral: true, Update: true, Components: []discordgo.MessageComponent{}, Embeds: []*discordgo.MessageEmbed{},
	}
	if r.Need == data.TalkNeedStruggling {
		resp.Content += "\n\n" + req.T("talk.opened_struggling")
		resp.Embeds = h.crisisFor(ctx, req)
	}
	return resp, nil
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

// threadWelcome is Kindred's first post in a support thread, in the
// language of p (the server's).
func threadWelcome(p *i18n.Printer, r data.TalkRequest) *discordgo.MessageSend {
	msg := &discordgo.MessageSend{
		Content:         p.T("talk.welcome", "Member", r.UserID, "Need", talkNeedLabel(p, r.Need)),
		Components:      threadButtons(p, r.ID),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{r.UserID}},
	}
	if r.FirstMessage != "" {
		msg.Embeds = []*discordgo.MessageEmbed{{Title: p.T("talk.what_you_said_first"), Description: clipRunes(r.FirstMessage, 4096), Color: talkColor}}
	}
	return msg
}

func threadButtons(p *i18n.Printer, id int64) []discordgo.MessageComponent {
	s := strconv.FormatInt(id, 10)
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: p.T("talk.button_bring_in"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkMore, s)},
		discordgo.Button{Label: p.T("talk.button_hand_over"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkHand, s)},
		discordgo.Button{Label: p.T("talk.button_ok"), Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkOK, s)},
		discordgo.Button{Label: p.T("talk.button_close"), Style: discordgo.DangerButton, CustomID: CustomID(keyTalkClose, s)},
	}}}
}

// listenerPing says whom a notice pings: listeners on duty when any
// are, else the listener role; nobody when ping is false.
func (h *talk) listenerPing(ctx context.Context, st data.Settings, ping bool) (string, *discordgo.MessageAllowedMentions) {
	m := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if !ping {
		return "", m
	}
	onDuty, err := h.store.ListenersOnDuty(ctx, st.GuildID)
	if err != nil {
		h.log.Error("load listeners on duty", "guild", st.GuildID, "err", err)
	}
	if len(onDuty) > 0 {
		if len(onDuty) > 20 {
			onDuty = onDuty[:20]
		}
		var b strings.Builder
		for _, id := range onDuty {
			b.WriteString("<@" + id + "> ")
		}
		m.Users = onDuty
		return b.String(), m
	}
	role := st.Get(data.SettingListenerRole)
	m.Roles = []string{role}
	return "<@&" + role + "> ", m
}

// noticeContent is the listeners' notice of a request in its state now,
// in the language of p (the server's).
func noticeContent(p *i18n.Printer, r data.TalkRequest) (string, []*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	var embeds []*discordgo.MessageEmbed
	if r.Shared && r.FirstMessage != "" && r.Active() {
		embeds = []*discordgo.MessageEmbed{{Title: p.T("talk.shared_title"), Description: clipRunes(r.FirstMessage, 4096), Color: talkColor}}
	}
	id := strconv.FormatInt(r.ID, 10)
	need := talkNeedInline(p, r.Need)
	switch r.Status {
	case data.TalkOpen:
		return p.T("talk.notice_open", "ID", id, "Need", need), embeds,
			[]discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: p.T("talk.button_take"), Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkTake, id)},
			}}}
	case data.TalkTaken:
		return p.T("talk.notice_taken", "ID", id, "Need", need, "Listener", r.ListenerID, "When", fmt.Sprintf("<t:%d:R>", r.TakenAt.Unix())),
			embeds, []discordgo.MessageComponent{}
	}
	return p.T("talk.notice_closed", "ID", id, "Need", need), []*discordgo.MessageEmbed{}, []discordgo.MessageComponent{}
}

// postNotice tells the listeners about a new request, in the language of
// p (the server's).
func (h *talk) postNotice(ctx context.Context, p *i18n.Printer, st data.Settings, r data.TalkRequest, ping bool) {
	channel := listenerChannel(st)
	prefix, mentions := h.listenerPing(ctx, st, ping)
	content, embeds, components := noticeContent(p, r)
	msgID, err := h.discord.SendMessage(ctx, channel, &discordgo.MessageSend{
		Content: prefix + content, Embeds: embeds, Components: components, AllowedMentions: mentions,
	})
	if err != nil {
		h.log.Error("post a notice to the listeners", "guild", st.GuildID, "request", r.ID, "err", err)
		return
	}
	if err := h.store.SetTalkNotice(ctx, st.GuildID, r.ID, channel, msgID); err != nil {
		h.log.Error("record a notice to the listeners", "guild", st.GuildID, "request", r.ID, "err", err)
	}
}

// refreshNotice shows a request's new state on its notice, in the
// language of p (the server's).
func (h *talk) refreshNotice(ctx context.Context, p *i18n.Printer, r data.TalkRequest) {
	if r.NoticeMessageID == "" {
		return
	}
	content, embeds, components := noticeContent(p, r)
	err := h.discord.EditMessage(ctx, r.NoticeChannelID, r.NoticeMessageID, &discordgo.MessageEdit{
		Content: &content, Embeds: &embeds, Components: &components,
	})
	if err != nil {
		h.log.Warn("update a notice to the listeners", "guild", r.GuildID, "request", r.ID, "err", err)
	}
}

// duty sets a listener on or off duty.
func (h *talk) duty(ctx context.Context, req *Request) (*Response, error) {
	if !isListener(req) {
		return req.PrivateT("talk.duty_not_listener"), nil
	}
	on, _ := req.Bool("on")
	if err := h.store.SetListenerDuty(ctx, req.GuildID, req.User.ID, on); err != nil {
		return nil, err
	}
	if on {
		return req.PrivateT("talk.duty_on"), nil
	}
	return req.PrivateT("talk.duty_off"), nil
}

// stats shows moderators counts, never contents.
func (h *talk) stats(ctx context.Context, req *Request) (*Response, error) {
	days := int64(talkStatsDays)
	if n, ok := req.Int("days"); ok && n >= 1 && n <= 365 {
		days = n
	}
	st, err := h.store.TalkStats(ctx, req.GuildID, req.Now.Add(-time.Duration(days)*24*time.Hour))
	if err != nil {
		return nil, err
	}
	p := req.P()
	lines := []string{
		req.N("talk.stats_title", int(days)),
		req.T("talk.stats_counts", "Requests", p.Number(st.Requests), "Taken", p.Number(st.Taken), "Closed", p.Number(st.Closed), "Open", p.Number(st.Open)),
	}
	if st.Taken > 0 {
		lines = append(lines, req.T("talk.stats_median", "Time", roundDuration(p, st.MedianToTake)))
	}
	rated := 0
	var parts []string
	for i, n := range st.Ratings {
		rated += n
		parts = append(parts, fmt.Sprintf("%d★ %s", i+1, p.Number(n)))
	}
	if rated == 0 {
		lines = append(lines, req.T("talk.stats_no_ratings"))
	} else {
		lines = append(lines, req.T("talk.stats_ratings", "Ratings", strings.Join(parts, " · ")))
	}
	text := strings.Join(lines, "\n") + "\n"
	if !talkAvailable(req.Settings) {
		text += "\n" + req.T("talk.stats_not_set_up")
	}
	return &Response{Content: text, Ephemeral: true}, nil
}

func roundDuration(p *i18n.Printer, d time.Duration) string {
	switch {
	case d < time.Minute:
		return p.N("talk.seconds", int(d.Seconds()))
	case d < time.Hour:
		return p.N("talk.minutes", int(d.Minutes()))
	}
	return talkHours(p, d.Hours())
}
