package commands

// Deleting check-ins: one (from its reply or /checkin history) or all of
// a member's, with their shared posts.

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// deleteConfirm asks before deleting the check-in shown.
func (h *checkins) deleteConfirm(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	resp := deleteQuestion(req, *c, CustomID("ci-back", strconv.FormatInt(c.ID, 10)))
	resp.Update = true
	return resp, nil
}

// deletePicked asks before deleting a check-in chosen in /checkin history.
func (h *checkins) deletePicked(ctx context.Context, req *Request) (*Response, error) {
	vals := req.Values()
	if len(vals) != 1 {
		return req.PrivateT("checkin.stale"), nil
	}
	req.Args = vals
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	return deleteQuestion(req, *c, "ci-keep"), nil
}

func deleteQuestion(req *Request, c data.Checkin, keepID string) *Response {
	id := "checkin.delete_question"
	if c.Shared() {
		id = "checkin.delete_question_shared"
	}
	p := req.P()
	return &Response{
		Content:   p.T(id, "When", p.Date(c.CreatedAt.In(req.Settings.Location()), i18n.Short), "Mood", moodTextIn(p, c.Mood)),
		Ephemeral: true, Embeds: []*discordgo.MessageEmbed{},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: p.T("checkin.delete_it"), Style: discordgo.DangerButton, CustomID: CustomID("ci-delgo", strconv.FormatInt(c.ID, 10))},
			discordgo.Button{Label: p.T("checkin.keep_it"), Style: discordgo.SecondaryButton, CustomID: keepID},
		}}},
	}
}

// delete deletes one check-in and its shared post.
func (h *checkins) delete(ctx context.Context, req *Request) (*Response, error) {
	id, ok := checkinArg(req)
	if !ok {
		return req.PrivateT("checkin.stale"), nil
	}
	c, err := h.store.DeleteCheckin(ctx, req.GuildID, req.User.ID, id)
	if errors.Is(err, data.ErrNotYours) {
		return req.PrivateT("checkin.not_yours"), nil
	}
	if errors.Is(err, data.ErrNotFound) {
		return checkinDone(req.T("checkin.delete_gone")), nil
	}
	if err != nil {
		return nil, err
	}
	msg := req.T("checkin.deleted_one", "When", req.P().Date(c.CreatedAt.In(req.Settings.Location()), i18n.Short))
	if c.Shared() && !h.deletePost(ctx, req, c) {
		msg += " " + req.T("checkin.deleted_post_failed", "Channel", "<#"+c.SharedChannelID+">")
	}
	return checkinDone(msg), nil
}

// deletePost removes a shared check-in's post, reporting success.
func (h *checkins) deletePost(ctx context.Context, req *Request, c data.Checkin) bool {
	if err := h.discord.DeleteMessage(ctx, c.SharedChannelID, c.SharedMessageID); err != nil {
		h.log.Error("delete shared check-in post", "guild", req.GuildID, "err", err)
		return false
	}
	return true
}

// checkinDone replaces a question with its outcome.
func checkinDone(msg string) *Response {
	return &Response{Content: msg, Ephemeral: true, Update: true, Embeds: []*discordgo.MessageEmbed{}, Components: []discordgo.MessageComponent{}}
}

func (h *checkins) keep(ctx context.Context, req *Request) (*Response, error) {
	return checkinDone(req.T("checkin.kept")), nil
}

// deleteAllConfirm asks before deleting all of a member's check-ins.
func (h *checkins) deleteAllConfirm(ctx context.Context, req *Request) (*Response, error) {
	all, err := h.store.RecentCheckins(ctx, req.GuildID, req.User.ID, time.Time{})
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return req.PrivateT("checkin.delete_all_none"), nil
	}
	return &Response{
		Content:   req.N("checkin.delete_all_question", len(all)),
		Ephemeral: true,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("checkin.delete_all_go"), Style: discordgo.DangerButton, CustomID: "ci-delallgo"},
			discordgo.Button{Label: req.T("checkin.keep_them"), Style: discordgo.SecondaryButton, CustomID: "ci-keep"},
		}}},
	}, nil
}

// deleteAll deletes all of a member's check-ins and their shared posts.
func (h *checkins) deleteAll(ctx context.Context, req *Request) (*Response, error) {
	n, shared, err := h.store.DeleteMemberCheckins(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	failed := 0
	for _, c := range shared {
		if !h.deletePost(ctx, req, c) {
			failed++
		}
	}
	msg := req.N("checkin.deleted_all", n)
	if failed > 0 {
		msg += " " + req.N("checkin.deleted_posts_failed", failed)
	}
	if _, err := h.store.CheckinReminderFor(ctx, req.GuildID, req.User.ID); err == nil {
		msg += " " + req.T("checkin.deleted_reminder_on")
	}
	return checkinDone(msg), nil
}
