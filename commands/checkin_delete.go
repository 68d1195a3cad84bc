package commands

// Deleting check-ins: one (from its reply or /checkin history) or all of
// a member's, with their shared posts.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
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
		return Private(msgStale), nil
	}
	req.Args = vals
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	return deleteQuestion(req, *c, "ci-keep"), nil
}

func deleteQuestion(req *Request, c data.Checkin, keepID string) *Response {
	what := "Its note goes too."
	if c.Shared() {
		what = "Its note goes too, and so does its post in the check-in channel."
	}
	return &Response{
		Content: fmt.Sprintf("Delete your check-in from %s (%s)? %s This can't be undone.",
			c.CreatedAt.In(req.Settings.Location()).Format("Mon 2 Jan 15:04"), moodText(c.Mood), what),
		Ephemeral: true, Embeds: []*discordgo.MessageEmbed{},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete it", Style: discordgo.DangerButton, CustomID: CustomID("ci-delgo", strconv.FormatInt(c.ID, 10))},
			discordgo.Button{Label: "Keep it", Style: discordgo.SecondaryButton, CustomID: keepID},
		}}},
	}
}

// delete deletes one check-in and its shared post.
func (h *checkins) delete(ctx context.Context, req *Request) (*Response, error) {
	id, ok := checkinArg(req)
	if !ok {
		return Private(msgStale), nil
	}
	c, err := h.store.DeleteCheckin(ctx, req.GuildID, req.User.ID, id)
	if errors.Is(err, data.ErrNotYours) {
		return Private(msgCheckinNotYours), nil
	}
	if errors.Is(err, data.ErrNotFound) {
		return checkinDone("That check-in is already gone."), nil
	}
	if err != nil {
		return nil, err
	}
	msg := fmt.Sprintf("Deleted your check-in from %s.", c.CreatedAt.In(req.Settings.Location()).Format("Mon 2 Jan 15:04"))
	if c.Shared() && !h.deletePost(ctx, req, c) {
		msg += fmt.Sprintf(" I couldn't remove its post in <#%s>; please ask a moderator to delete it.", c.SharedChannelID)
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
	return checkinDone("Kept. Nothing was deleted."), nil
}

// deleteAllConfirm asks before deleting all of a member's check-ins.
func (h *checkins) deleteAllConfirm(ctx context.Context, req *Request) (*Response, error) {
	all, err := h.store.RecentCheckins(ctx, req.GuildID, req.User.ID, time.Time{})
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return Private("You have no check-ins in this server."), nil
	}
	return &Response{
		Content:   fmt.Sprintf("Delete all %s in this server, with their notes and any posts you shared? This can't be undone.", nounCount(len(all), "check-in")),
		Ephemeral: true,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete them all", Style: discordgo.DangerButton, CustomID: "ci-delallgo"},
			discordgo.Button{Label: "Keep them", Style: discordgo.SecondaryButton, CustomID: "ci-keep"},
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
	msg := fmt.Sprintf("Deleted %s.", nounCount(n, "check-in"))
	if failed > 0 {
		msg += fmt.Sprintf(" I couldn't remove %s in the check-in channel; please ask a moderator to delete them.", nounCount(failed, "shared post"))
	}
	if _, err := h.store.CheckinReminderFor(ctx, req.GuildID, req.User.ID); err == nil {
		msg += " Your daily reminder is still on; `/checkin remind off` stops it."
	}
	return checkinDone(msg), nil
}
