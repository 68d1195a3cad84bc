package commands

// Sharing a check-in to the check-in channel: the preview, the post, and
// where it may go.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// sharedPost is what a shared check-in looks like in the check-in channel.
func sharedPost(c data.Checkin, withNote bool) *discordgo.MessageSend {
	content := fmt.Sprintf("<@%s> checked in: %s **%s**", c.UserID, moods[c.Mood].emoji, moods[c.Mood].word)
	if len(c.Feelings) > 0 {
		content += ", feeling " + joinAnd(c.Feelings)
	}
	content += "\nReact to send them some support 💙"
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
		return "", "This server doesn't have a check-in channel yet, so there's nowhere to share to. A moderator can choose one with `/setup`. Your check-in is saved either way."
	}
	need := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages)
	if withNote {
		need |= discordgo.PermissionEmbedLinks
	}
	if perms, err := h.discord.BotPermissions(req.GuildID, ch); err == nil && perms&need != need {
		return "", fmt.Sprintf("I'm not allowed to post in <#%s>, so I can't share your check-in there. Please let a moderator know. Your check-in is saved either way.", ch)
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
		return h.view(ctx, req, *c, "You've already shared this check-in.", true)
	}
	ch, problem := h.shareChannel(req, false)
	if problem != "" {
		return Private("%s", problem), nil
	}
	id := strconv.FormatInt(c.ID, 10)
	post := sharedPost(*c, false)
	var b strings.Builder
	fmt.Fprintf(&b, "Here's what I'll post in <#%s> for everyone there to see:\n", ch)
	for _, line := range strings.Split(post.Content, "\n") {
		b.WriteString("> " + line + "\n")
	}
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: "Share", Style: discordgo.PrimaryButton, CustomID: CustomID("ci-sharego", id, "0")},
	}
	if c.Note != "" {
		b.WriteString("\nYour note stays private unless you choose **Share with my note**.")
		buttons = append(buttons, discordgo.Button{Label: "Share with my note", Style: discordgo.SecondaryButton, CustomID: CustomID("ci-sharego", id, "1")})
	}
	buttons = append(buttons, discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: CustomID("ci-back", id)})
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
		return h.view(ctx, req, *c, "You've already shared this check-in.", true)
	}
	withNote := len(req.Args) > 1 && req.Args[1] == "1" && c.Note != ""
	ch, problem := h.shareChannel(req, withNote)
	if problem != "" {
		return Private("%s", problem), nil
	}
	msgID, err := postShare(ctx, h.discord, req.GuildID, ch, checkinForumPost(*c), sharedPost(*c, withNote))
	if err != nil {
		h.log.Error("share check-in", "guild", req.GuildID, "err", err)
		return Private("I couldn't post in <#%s> just now. Please try again in a moment. Your check-in is saved either way.", ch), nil
	}
	if err := h.store.MarkCheckinShared(ctx, req.GuildID, req.User.ID, c.ID, ch, msgID, withNote); err != nil {
		// Two presses at once: keep one post.
		if derr := h.discord.DeleteMessage(ctx, ch, msgID); derr != nil {
			h.log.Error("delete duplicate check-in post", "guild", req.GuildID, "err", derr)
		}
		if errors.Is(err, data.ErrConflict) {
			return Private("You've already shared this check-in."), nil
		}
		return ProblemReply(err)
	}
	c.SharedChannelID, c.SharedMessageID, c.NoteShared = ch, msgID, withNote
	return h.view(ctx, req, *c, fmt.Sprintf("Shared in <#%s>. Others there can react to send you support.", ch), true)
}
