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

// What happens in a support thread: a listener takes it, brings in
// another, hands over; the member or a listener closes it; the member
// rates it and may keep it.

const msgListenersOnly = "talk.listeners_only"

// take gives an open request to the listener who pressed first.
func (h *talk) take(ctx context.Context, req *Request) (*Response, error) {
	if !isListener(req) {
		return req.PrivateT(msgListenersOnly), nil
	}
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	asked := r.ID
	r, err = h.store.TakeTalk(ctx, req.GuildID, asked, req.User.ID)
	if errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) {
		cur, lerr := h.store.TalkRequest(ctx, req.GuildID, asked)
		if lerr != nil {
			return req.Problem(err)
		}
		h.refreshNotice(ctx, req.Public(), cur)
		return takeConflict(req, cur, err)
	}
	if err != nil {
		return nil, err
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, req.User.ID); errors.Is(err, ErrChannelGone) {
		// Someone deleted the thread in Discord: the conversation is over.
		if closed, cerr := h.store.CloseTalk(ctx, req.GuildID, r.ID, data.TalkClosedThreadGone); cerr == nil {
			h.refreshNotice(ctx, req.Public(), closed)
		}
		return req.PrivateT("talk.take_thread_gone", "ID", r.ID), nil
	} else if err != nil {
		h.refreshNotice(ctx, req.Public(), r)
		h.log.Error("add a listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return req.PrivateT("talk.take_not_added", "ID", r.ID, "Thread", r.ThreadID), nil
	}
	h.refreshNotice(ctx, req.Public(), r)
	h.post(ctx, r, req.Public().T("talk.joined_to_listen", "Listener", req.User.ID, "Member", r.UserID), r.UserID)
	h.log.Info("support request taken", "guild", req.GuildID, "request", r.ID)
	return req.PrivateT("talk.taken_thanks", "Thread", r.ThreadID), nil
}

// takeConflict says why a listener couldn't take a request, in their
// language: another listener has it, it is closed, or it is their own.
func takeConflict(req *Request, cur data.TalkRequest, err error) (*Response, error) {
	switch {
	case cur.UserID == req.User.ID:
		return req.PrivateT("talk.join_own"), nil
	case cur.Status == data.TalkTaken:
		return req.PrivateT("talk.taken_already", "Listener", cur.ListenerID), nil
	case !cur.Active():
		return req.PrivateT("talk.is_closed"), nil
	}
	return req.Problem(err)
}

// post writes in a support thread, pinging only the users given.
func (h *talk) post(ctx context.Context, r data.TalkRequest, content string, ping ...string) {
	_, err := h.discord.SendMessage(ctx, r.ThreadID, &discordgo.MessageSend{
		Content:         content,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: ping},
	})
	if err != nil {
		h.log.Warn("post in a support thread", "guild", r.GuildID, "request", r.ID, "err", err)
	}
}

// inThread loads the request a thread button names, for a member or a
// listener of it.
func (h *talk) inThread(ctx context.Context, req *Request) (data.TalkRequest, *Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return r, reply, err
	}
	if r.UserID != req.User.ID && !isListener(req) {
		return r, req.PrivateT("talk.not_yours"), nil
	}
	return r, nil, nil
}

// bringIn asks the listeners for one more to join.
func (h *talk) bringIn(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.inThread(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if !r.Active() {
		return req.PrivateT("talk.is_closed"), nil
	}
	last, err := h.store.LastTalkPing(ctx, req.GuildID, r.UserID)
	if err != nil {
		return nil, err
	}
	ping := req.Now.Sub(last) >= data.TalkPingWindow
	prefix, mentions := h.listenerPing(ctx, req.Settings, ping)
	id := strconv.FormatInt(r.ID, 10)
	_, err = h.discord.SendMessage(ctx, listenerChannel(req.Settings), &discordgo.MessageSend{
		Content: prefix + req.Public().T("talk.more_notice", "ID", id, "Need", talkNeedInline(req.Public(), r.Need)),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.Public().T("talk.button_join"), Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkJoin, id)},
		}}},
		AllowedMentions: mentions,
	})
	if err != nil {
		h.log.Error("ask for another listener", "guild", req.GuildID, "request", r.ID, "err", err)
		return req.PrivateT("talk.cant_reach"), nil
	}
	if ping {
		if err := h.store.MarkTalkPinged(ctx, req.GuildID, r.ID, req.Now); err != nil {
			h.log.Error("record a ping", "guild", req.GuildID, "err", err)
		}
	}
	return req.PrivateT("talk.asked_more"), nil
}

// join adds another listener to a thread.
func (h *talk) join(ctx context.Context, req *Request) (*Response, error) {
	if !isListener(req) {
		return req.PrivateT(msgListenersOnly), nil
	}
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if !r.Active() {
		return req.PrivateT("talk.join_closed"), nil
	}
	if r.UserID == req.User.ID {
		return req.PrivateT("talk.join_own"), nil
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, req.User.ID); err != nil {
		h.log.Error("add a listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return req.PrivateT("talk.join_failed"), nil
	}
	h.post(ctx, r, req.Public().T("talk.joined_too", "Listener", req.User.ID))
	return req.PrivateT("talk.join_thanks", "Thread", r.ThreadID), nil
}

// handOver offers the listener who has it a choice of whom to hand to.
func (h *talk) handOver(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.inThread(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if !isListener(req) || r.ListenerID != req.User.ID {
		return req.PrivateT("talk.hand_only_holder"), nil
	}
	return &Response{
		Content: req.T("talk.hand_who"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType: discordgo.UserSelectMenu, CustomID: CustomID(keyTalkHandTo, strconv.FormatInt(r.ID, 10)),
			Placeholder: req.T("talk.hand_choose"), MaxValues: 1,
		}}}},
		Ephemeral: true,
	}, nil
}

// handOverTo checks the chosen listener and asks for the note.
func (h *talk) handOverTo(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	values := req.Values()
	if len(values) == 0 {
		return req.PrivateT("talk.hand_pick"), nil
	}
	to := values[0]
	role := req.Settings.Get(data.SettingListenerRole)
	if m := req.Interaction.MessageComponentData().Resolved; m.Members[to] == nil || !slices.Contains(m.Members[to].Roles, role) {
		return req.PrivateT("talk.hand_not_listener", "User", to), nil
	}
	return &Response{Modal: &Modal{
		CustomID: CustomID(keyTalkHandNote, strconv.FormatInt(r.ID, 10), to),
		Title:    req.T("talk.button_hand_over"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: talkNoteID, Label: req.T("talk.hand_note_label"), Style: discordgo.TextInputParagraph,
				Placeholder: req.T("talk.hand_note_placeholder"), MaxLength: data.MaxTalkNote},
		}}},
	}}, nil
}

// handOverNote passes the conversation on.
func (h *talk) handOverNote(ctx context.Context, req *Request) (*Response, error) {
	note := req.ModalValue(talkNoteID)
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		if reply != nil {
			return talkGiveBack(req.P(), reply.Content, note), nil
		}
		return nil, err
	}
	if len(req.Args) < 2 || !isListener(req) {
		return talkGiveBack(req.P(), req.T(msgListenersOnly), note), nil
	}
	to := req.Args[1]
	r, handover, err := h.store.HandOverTalk(ctx, req.GuildID, r.ID, req.User.ID, to, note)
	if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) {
		reply, _ := req.Problem(err)
		return talkGiveBack(req.P(), reply.Content, note), nil
	}
	if err != nil {
		h.log.Error("hand over a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return talkGiveBack(req.P(), req.T("talk.hand_failed"), note), nil
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, to); err != nil {
		h.log.Error("add the next listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.post(ctx, r, req.Public().T("talk.handed_post", "From", req.User.ID, "To", to), r.UserID, to)
	if err := h.discord.RemoveThreadMember(ctx, r.ThreadID, req.User.ID); err != nil {
		h.log.Warn("remove the previous listener from a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.refreshNotice(ctx, req.Public(), r)
	if strings.TrimSpace(note) != "" {
		channel := listenerChannel(req.Settings)
		msgID, err := h.discord.SendMessage(ctx, channel, &discordgo.MessageSend{
			Content:         req.Public().T("talk.hand_note_post", "To", to, "ID", r.ID, "Thread", r.ThreadID, "From", req.User.ID),
			Embeds:          []*discordgo.MessageEmbed{{Description: clipRunes(strings.TrimSpace(note), 4096), Color: talkColor}},
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{to}},
		})
		if err != nil {
			h.log.Error("post a hand-over note", "guild", req.GuildID, "request", r.ID, "err", err)
			return talkGiveBack(req.P(), req.T("talk.hand_note_failed", "To", to), note), nil
		}
		if err := h.store.SetHandoverNoteMessage(ctx, req.GuildID, handover, channel, msgID); err != nil {
			h.log.Error("record where a hand-over note was posted", "guild", req.GuildID, "request", r.ID, "err", err)
		}
	}
	return req.PrivateT("talk.handed", "To", to), nil
}

// imOK is the member closing their own conversation.
func (h *talk) imOK(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if r.UserID != req.User.ID {
		return req.PrivateT("talk.ok_only_member"), nil
	}
	return h.closeAs(ctx, req, r, data.TalkClosedByMember, "talk.closing_ok")
}

// close ends a conversation, for the member or a listener.
func (h *talk) close(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.inThread(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	by := data.TalkClosedByListener
	if r.UserID == req.User.ID {
		by = data.TalkClosedByMember
	}
	return h.closeAs(ctx, req, r, by, "talk.closing")
}

// closeAs closes a conversation and posts closing (a message ID) in its
// thread, in the server's language.
func (h *talk) closeAs(ctx context.Context, req *Request, r data.TalkRequest, by, closing string) (*Response, error) {
	r, err := h.store.CloseTalk(ctx, req.GuildID, r.ID, by)
	if errors.Is(err, data.ErrConflict) {
		return req.Problem(err)
	}
	if err != nil {
		return nil, err
	}
	days := atoiOr(req.Settings.Get(data.SettingTalkRetentionDays), 14)
	id := strconv.FormatInt(r.ID, 10)
	rate := make([]discordgo.MessageComponent, 0, 5)
	for n := 1; n <= 5; n++ {
		rate = append(rate, discordgo.Button{Label: strconv.Itoa(n) + "★", Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkRate, id, strconv.Itoa(n))})
	}
	_, err = h.discord.SendMessage(ctx, r.ThreadID, &discordgo.MessageSend{
		Content: req.Public().N(closing, days, "Member", r.UserID),
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: rate},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: req.Public().T("talk.button_keep"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkKeep, id)},
			}},
		},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{r.UserID}},
	})
	if err != nil {
		h.log.Warn("post the closing message in a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.refreshNotice(ctx, req.Public(), r)
	if err := h.discord.ArchiveThread(ctx, r.ThreadID, true); err != nil {
		// Locking needs Manage Threads; archiving alone is still worth it.
		if err := h.discord.ArchiveThread(ctx, r.ThreadID, false); err != nil {
			h.log.Warn("archive a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		}
	}
	h.log.Info("support thread closed", "guild", req.GuildID, "request", r.ID, "by", by)
	return req.PrivateT("talk.closed_thanks"), nil
}

// rate records the member's optional rating.
func (h *talk) rate(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	n := 0
	if len(req.Args) > 1 {
		n, _ = strconv.Atoi(req.Args[1])
	}
	if r.UserID != req.User.ID {
		return req.PrivateT("talk.rate_only_member"), nil
	}
	if _, err := h.store.RateTalk(ctx, req.GuildID, r.ID, req.User.ID, n); err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("talk.rated", "Stars", n), nil
}

// keep records that the member wants their thread kept past retention.
func (h *talk) keep(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if r.UserID != req.User.ID {
		return req.PrivateT("talk.keep_only_member"), nil
	}
	if _, err := h.store.KeepTalkThread(ctx, req.GuildID, r.ID, req.User.ID, true); err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("talk.kept"), nil
}

// TalkUnanswered tells a member that nobody has taken their request in
// the time the moderators set, gives crisis lines, and pings the
// listeners once more (within the rate limit). It never pretends someone
// is coming. The member is told in their language (see dmLanguage: the
// Discord language they asked in), the listeners in the server's. The
// scheduler calls it (through the bot) for due requests.
func TalkUnanswered(ctx context.Context, store talkStore, discord Discord, log *slog.Logger, r data.TalkRequest, now time.Time) error {
	td, ok := discord.(TalkDiscord)
	if !ok {
		return fmt.Errorf("talk: no thread support")
	}
	h := &talk{store: store, discord: td, log: log}
	st, err := store.Settings(ctx, r.GuildID)
	if err != nil {
		return err
	}
	lang := dmLanguage(ctx, store, r.UserID, st.Language())
	_, err = td.SendMessage(ctx, r.ThreadID, &discordgo.MessageSend{
		Content:         i18n.For(lang).T("talk.unanswered", "Member", r.UserID),
		Embeds:          talkCrisisEmbeds(h.country(ctx, r.GuildID, r.UserID, st), lang),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{r.UserID}},
	})
	if err != nil {
		return fmt.Errorf("tell a member nobody has taken their request: %w", err)
	}
	if !talkAvailable(st) {
		return nil
	}
	last, err := store.LastTalkPing(ctx, r.GuildID, r.UserID)
	if err != nil {
		log.Error("load when a member last pinged listeners", "guild", r.GuildID, "err", err)
		last = now
	}
	ping := now.Sub(last) >= data.TalkPingWindow
	prefix, mentions := h.listenerPing(ctx, st, ping)
	pub := i18n.For(st.Language())
	msg := &discordgo.MessageSend{
		Content: prefix + pub.T("talk.still_waiting", "ID", r.ID, "Need", talkNeedInline(pub, r.Need)),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: pub.T("talk.button_take"), Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkTake, strconv.FormatInt(r.ID, 10))},
		}}},
		AllowedMentions: mentions,
	}
	if r.NoticeMessageID != "" && r.NoticeChannelID == listenerChannel(st) {
		msg.Reference = &discordgo.MessageReference{MessageID: r.NoticeMessageID, ChannelID: r.NoticeChannelID, FailIfNotExists: new(false)}
	}
	if _, err := td.SendMessage(ctx, listenerChannel(st), msg); err != nil {
		// The member has been told; a missed reminder to listeners is only logged.
		log.Error("ping listeners again", "guild", r.GuildID, "request", r.ID, "err", err)
		return nil
	}
	if ping {
		if err := store.MarkTalkPinged(ctx, r.GuildID, r.ID, now); err != nil {
			log.Error("record a ping", "guild", r.GuildID, "err", err)
		}
	}
	return nil
}
