package commands

// Sharing a check-in to the check-in channel: the preview, the post, and
// where it may go.

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// sharedPost is what a shared check-in looks like in the check-in
// channel, in the server's language p.
func sharedPost(p *i18n.Printer, c data.Checkin, withNote bool) *discordgo.MessageSend {
	content := p.T("checkin.shared_post", "Member", "<@"+c.UserID+">", "Emoji", moods[c.Mood].emoji, "Mood", moodWord(p, c.Mood))
	if len(c.Feelings) > 0 {
		content += p.T("checkin.shared_post_feeling", "Feelings", p.List(feelingLabels(p, c.Feelings)))
	}
	content += "\n" + p.T("checkin.shared_post_react")
	msg := &discordgo.MessageSend{Content: content, AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}
	if withNote && c.Note != "" {
		msg.Embeds = []*discordgo.MessageEmbed{{Description: clipRunes(memberText(c.Note), 4096), Color: checkinColor}}
	}
	return msg
}

// shareChannel is the check-in channel and whether Kindred can post
// there; when it can't, problem is the member's reply.
func (h *checkins) shareChannel(req *Request, withNote bool) (channelID, problem string) {
	ch := req.Settings.Get(data.SettingCheckinChannel)
	if ch == "" {
		return "", req.T("checkin.share_no_channel")
	}
	need := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages)
	if withNote {
		need |= discordgo.PermissionEmbedLinks
	}
	if perms, err := h.discord.BotPermissions(req.GuildID, ch); err == nil && perms&need != need {
		return "", req.T("checkin.share_not_allowed", "Channel", "<#"+ch+">")
	}
	return ch, ""
}

// sharePreview shows exactly what would be posted, and asks.
func (h *checkins) sharePreview(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	if c.Shared() {
		return h.view(ctx, req, *c, req.T("checkin.share_already"), true)
	}
	ch, problem := h.shareChannel(req, false)
	if problem != "" {
		return Private("%s", problem), nil
	}
	id := strconv.FormatInt(c.ID, 10)
	post := sharedPost(req.Public(), *c, false)
	var b strings.Builder
	b.WriteString(req.T("checkin.share_preview", "Channel", "<#"+ch+">") + "\n")
	for _, line := range strings.Split(post.Content, "\n") {
		b.WriteString("> " + line + "\n")
	}
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: req.T("checkin.share_go"), Style: discordgo.PrimaryButton, CustomID: CustomID("ci-sharego", id, "0")},
	}
	if c.Note != "" {
		b.WriteString("\n" + req.T("checkin.share_note_private"))
		buttons = append(buttons, discordgo.Button{Label: req.T("checkin.share_with_note"), Style: discordgo.SecondaryButton, CustomID: CustomID("ci-sharego", id, "1")})
	}
	buttons = append(buttons, discordgo.Button{Label: req.T("checkin.cancel"), Style: discordgo.SecondaryButton, CustomID: CustomID("ci-back", id)})
	return &Response{
		Content: b.String(), Ephemeral: true, Update: true, Embeds: []*discordgo.MessageEmbed{},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}},
	}, nil
}

// share posts the check-in to the check-in channel.
func (h *checkins) share(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	if c.Shared() {
		return h.view(ctx, req, *c, req.T("checkin.share_already"), true)
	}
	withNote := len(req.Args) > 1 && req.Args[1] == "1" && c.Note != ""
	ch, problem := h.shareChannel(req, withNote)
	if problem != "" {
		return Private("%s", problem), nil
	}
	msgID, err := postShare(ctx, h.discord, req.GuildID, ch, checkinForumPost(req.Public(), *c), sharedPost(req.Public(), *c, withNote))
	if err != nil {
		h.log.Error("share check-in", "guild", req.GuildID, "err", err)
		return req.PrivateT("checkin.share_failed", "Channel", "<#"+ch+">"), nil
	}
	if err := h.store.MarkCheckinShared(ctx, req.GuildID, req.User.ID, c.ID, ch, msgID, withNote); err != nil {
		// Two presses at once: keep one post.
		if derr := h.discord.DeleteMessage(ctx, ch, msgID); derr != nil {
			h.log.Error("delete duplicate check-in post", "guild", req.GuildID, "err", derr)
		}
		if errors.Is(err, data.ErrConflict) {
			return req.PrivateT("checkin.share_already"), nil
		}
		return req.Problem(err)
	}
	c.SharedChannelID, c.SharedMessageID, c.NoteShared = ch, msgID, withNote
	return h.view(ctx, req, *c, req.T("checkin.shared", "Channel", "<#"+ch+">"), true)
}
