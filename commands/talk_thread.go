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
)

// What happens in a support thread: a listener takes it, brings in
// another, hands over; the member or a listener closes it; the member
// rates it and may keep it.

const msgListenersOnly = "Only this server's listeners can do that. If you'd like to help as a listener, please ask a moderator."

// take gives an open request to the listener who pressed first.
func (h *talk) take(ctx context.Context, req *Request) (*Response, error) {
	if !isListener(req) {
		return Private(msgListenersOnly), nil
	}
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	r, err = h.store.TakeTalk(ctx, req.GuildID, r.ID, req.User.ID)
	if errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) {
		if cur, lerr := h.store.TalkRequest(ctx, req.GuildID, r.ID); lerr == nil {
			h.refreshNotice(ctx, cur)
		}
		return ProblemReply(err)
	}
	if err != nil {
		return nil, err
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, req.User.ID); errors.Is(err, ErrChannelGone) {
		// Someone deleted the thread in Discord: the conversation is over.
		if closed, cerr := h.store.CloseTalk(ctx, req.GuildID, r.ID, data.TalkClosedThreadGone); cerr == nil {
			h.refreshNotice(ctx, closed)
		}
		return Private("Thank you, but request %d's thread was deleted in Discord, so I've closed it. If the member asks again, a new notice will come.", r.ID), nil
	} else if err != nil {
		h.refreshNotice(ctx, r)
		h.log.Error("add a listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return Private("You've taken request %d, but I couldn't add you to its thread <#%s>. A moderator with Manage Threads can add you; please let one know.", r.ID, r.ThreadID), nil
	}
	h.refreshNotice(ctx, r)
	h.post(ctx, r, fmt.Sprintf("💙 <@%s> has joined to listen. <@%s>, you can talk here whenever you're ready.", req.User.ID, r.UserID), r.UserID)
	h.log.Info("support request taken", "guild", req.GuildID, "request", r.ID)
	return Private("Thank you for taking it. The member is waiting in <#%s>.", r.ThreadID), nil
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
		return r, Private("This conversation belongs to another member; only they and the listeners can use its buttons."), nil
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
		return Private("This conversation is closed."), nil
	}
	last, err := h.store.LastTalkPing(ctx, req.GuildID, r.UserID)
	if err != nil {
		return nil, err
	}
	ping := req.Now.Sub(last) >= data.TalkPingWindow
	prefix, mentions := h.listenerPing(ctx, req.Settings, ping)
	id := strconv.FormatInt(r.ID, 10)
	_, err = h.discord.SendMessage(ctx, listenerChannel(req.Settings), &discordgo.MessageSend{
		Content: prefix + fmt.Sprintf("💬 Request %s (%s) would like another listener to join.", id, strings.ToLower(talkNeedLabel(r.Need))),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "I'll join", Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkJoin, id)},
		}}},
		AllowedMentions: mentions,
	})
	if err != nil {
		h.log.Error("ask for another listener", "guild", req.GuildID, "request", r.ID, "err", err)
		return Private("I couldn't reach the listeners just now. Please try again in a moment."), nil
	}
	if ping {
		if err := h.store.MarkTalkPinged(ctx, req.GuildID, r.ID, req.Now); err != nil {
			h.log.Error("record a ping", "guild", req.GuildID, "err", err)
		}
	}
	return Private("I've asked the listeners for one more to join here."), nil
}

// join adds another listener to a thread.
func (h *talk) join(ctx context.Context, req *Request) (*Response, error) {
	if !isListener(req) {
		return Private(msgListenersOnly), nil
	}
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if !r.Active() {
		return Private("That conversation is closed now. Thank you for offering."), nil
	}
	if r.UserID == req.User.ID {
		return Private("This is your own request; you're in it already."), nil
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, req.User.ID); err != nil {
		h.log.Error("add a listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return Private("I couldn't add you to the thread just now. Please try again in a moment."), nil
	}
	h.post(ctx, r, fmt.Sprintf("💙 <@%s> has joined too.", req.User.ID))
	return Private("Thank you. You're in <#%s>.", r.ThreadID), nil
}

// handOver offers the listener who has it a choice of whom to hand to.
func (h *talk) handOver(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.inThread(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if !isListener(req) || r.ListenerID != req.User.ID {
		return Private("Only the listener who has this conversation now can hand it over."), nil
	}
	return &Response{
		Content: "Who should take over? They need the listener role. You can add a note for them next; only listeners see it.",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType: discordgo.UserSelectMenu, CustomID: CustomID(keyTalkHandTo, strconv.FormatInt(r.ID, 10)),
			Placeholder: "Choose a listener", MaxValues: 1,
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
		return Private("Please choose a listener to hand over to."), nil
	}
	to := values[0]
	role := req.Settings.Get(data.SettingListenerRole)
	if m := req.Interaction.MessageComponentData().Resolved; m.Members[to] == nil || !slices.Contains(m.Members[to].Roles, role) {
		return Private("<@%s> doesn't have the listener role, so I can't hand over to them. Please choose a listener.", to), nil
	}
	return &Response{Modal: &Modal{
		CustomID: CustomID(keyTalkHandNote, strconv.FormatInt(r.ID, 10), to),
		Title:    "Hand over",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: talkNoteID, Label: "A note for the next listener (optional)", Style: discordgo.TextInputParagraph,
				Placeholder: "Only listeners see this; the member doesn't.", MaxLength: data.MaxTalkNote},
		}}},
	}}, nil
}

// handOverNote passes the conversation on.
func (h *talk) handOverNote(ctx context.Context, req *Request) (*Response, error) {
	note := req.ModalValue(talkNoteID)
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		if reply != nil {
			return giveBack(reply.Content, note), nil
		}
		return nil, err
	}
	if len(req.Args) < 2 || !isListener(req) {
		return giveBack(msgListenersOnly, note), nil
	}
	to := req.Args[1]
	r, handover, err := h.store.HandOverTalk(ctx, req.GuildID, r.ID, req.User.ID, to, note)
	if errors.Is(err, data.ErrInvalid) || errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrNotFound) {
		reply, _ := ProblemReply(err)
		return giveBack(reply.Content, note), nil
	}
	if err != nil {
		h.log.Error("hand over a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		return giveBack("Something went wrong on my side and I couldn't hand over. Please try again in a moment.", note), nil
	}
	if err := h.discord.AddThreadMember(ctx, r.ThreadID, to); err != nil {
		h.log.Error("add the next listener to a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.post(ctx, r, fmt.Sprintf("💙 <@%s> has handed over to <@%s>, who's here with you now.", req.User.ID, to), r.UserID, to)
	if err := h.discord.RemoveThreadMember(ctx, r.ThreadID, req.User.ID); err != nil {
		h.log.Warn("remove the previous listener from a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.refreshNotice(ctx, r)
	if strings.TrimSpace(note) != "" {
		channel := listenerChannel(req.Settings)
		msgID, err := h.discord.SendMessage(ctx, channel, &discordgo.MessageSend{
			Content:         fmt.Sprintf("📝 Hand-over note for <@%s> on request %d (<#%s>), from <@%s>. Only listeners see this.", to, r.ID, r.ThreadID, req.User.ID),
			Embeds:          []*discordgo.MessageEmbed{{Description: clipRunes(strings.TrimSpace(note), 4096), Color: talkColor}},
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{to}},
		})
		if err != nil {
			h.log.Error("post a hand-over note", "guild", req.GuildID, "request", r.ID, "err", err)
			return giveBack(fmt.Sprintf("I've handed over to <@%s>, but I couldn't post your note to the listeners' channel. Please pass it on yourself.", to), note), nil
		}
		if err := h.store.SetHandoverNoteMessage(ctx, req.GuildID, handover, channel, msgID); err != nil {
			h.log.Error("record where a hand-over note was posted", "guild", req.GuildID, "request", r.ID, "err", err)
		}
	}
	return Private("Handed over to <@%s>. Thank you for listening.", to), nil
}

// imOK is the member closing their own conversation.
func (h *talk) imOK(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if r.UserID != req.User.ID {
		return Private("Only the member who asked can press this. Listeners can use **Close**."), nil
	}
	return h.closeAs(ctx, req, r, data.TalkClosedByMember, "💙 I'm glad you're feeling OK now.")
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
	return h.closeAs(ctx, req, r, by, "💙 This conversation is closed.")
}

func (h *talk) closeAs(ctx context.Context, req *Request, r data.TalkRequest, by, opening string) (*Response, error) {
	r, err := h.store.CloseTalk(ctx, req.GuildID, r.ID, by)
	if errors.Is(err, data.ErrConflict) {
		return ProblemReply(err)
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
		Content: fmt.Sprintf("%s Thank you for reaching out, <@%s>. `/talk start` is here whenever you want to talk again.\n\n"+
			"If you'd like, you can rate how it went (optional; moderators only ever see anonymous counts). "+
			"This thread is archived now and deleted after %d days, unless you press **Keep this thread**.", opening, r.UserID, days),
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: rate},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Keep this thread", Style: discordgo.SecondaryButton, CustomID: CustomID(keyTalkKeep, id)},
			}},
		},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{r.UserID}},
	})
	if err != nil {
		h.log.Warn("post the closing message in a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
	}
	h.refreshNotice(ctx, r)
	if err := h.discord.ArchiveThread(ctx, r.ThreadID, true); err != nil {
		// Locking needs Manage Threads; archiving alone is still worth it.
		if err := h.discord.ArchiveThread(ctx, r.ThreadID, false); err != nil {
			h.log.Warn("archive a support thread", "guild", req.GuildID, "request", r.ID, "err", err)
		}
	}
	h.log.Info("support thread closed", "guild", req.GuildID, "request", r.ID, "by", by)
	return Private("Closed. Thank you."), nil
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
		return Private("Only the member who asked can rate this conversation."), nil
	}
	if _, err := h.store.RateTalk(ctx, req.GuildID, r.ID, req.User.ID, n); err != nil {
		return ProblemReply(err)
	}
	return Private("Thank you. Your rating (%d★) is counted anonymously.", n), nil
}

// keep records that the member wants their thread kept past retention.
func (h *talk) keep(ctx context.Context, req *Request) (*Response, error) {
	r, reply, err := h.requestArg(ctx, req)
	if reply != nil || err != nil {
		return reply, err
	}
	if r.UserID != req.User.ID {
		return Private("Only the member who asked can keep this thread."), nil
	}
	if _, err := h.store.KeepTalkThread(ctx, req.GuildID, r.ID, req.User.ID, true); err != nil {
		return ProblemReply(err)
	}
	return Private("I'll keep this thread. `/mydata delete` deletes it (and everything else Kindred keeps about you) whenever you like."), nil
}

// TalkUnanswered tells a member that nobody has taken their request in
// the time the moderators set, gives crisis lines, and pings the
// listeners once more (within the rate limit). It never pretends someone
// is coming. The scheduler calls it (through the bot) for due requests.
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
	_, err = td.SendMessage(ctx, r.ThreadID, &discordgo.MessageSend{
		Content: fmt.Sprintf("💙 <@%s>, I'm sorry: none of the listeners has been able to take this yet. I've asked them again, "+
			"but I can't promise when someone will be free. Please don't wait alone if things feel hard: the lines below are there to listen, any time. "+
			"If you are in danger, please call your local emergency number now.\n\nThis thread stays open, and you can write here whenever you like.", r.UserID),
		Embeds:          CrisisEmbeds(h.country(ctx, r.GuildID, r.UserID, st)),
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
	msg := &discordgo.MessageSend{
		Content: prefix + fmt.Sprintf("💬 **Still waiting:** request %d (%s) hasn't been taken yet. If you can, please press **I'll take this** on it.",
			r.ID, strings.ToLower(talkNeedLabel(r.Need))),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "I'll take this", Style: discordgo.SuccessButton, CustomID: CustomID(keyTalkTake, strconv.FormatInt(r.ID, 10))},
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
