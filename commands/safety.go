package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// The safety net. A check-in with the lowest mood, or a note with crisis
// language, is answered at once, privately: the member is not alone, their
// check-in is saved, and here are the crisis lines for their country. It
// offers a button to ask a moderator to reach out. Only if the member
// presses it does the alerts channel get a notice naming them, and only if
// they press a second button does it get their note. Nothing else goes to
// anyone.

// needsSafetyNet reports whether a check-in brings the safety net: the
// lowest mood, or a note with crisis language, read first with the list
// for the member's locale.
func needsSafetyNet(c data.Checkin, locale string) bool {
	if c.Mood == 1 {
		return true
	}
	return AssessRisk(c.Note, locale).Level != NoRisk
}

// crisisCountryFor is whose crisis lines to show a member: their own
// country, else the server's default, else "" (international). A store
// error never stops the lines being shown; it is logged.
func (h *checkins) crisisCountryFor(ctx context.Context, req *Request) string {
	code, err := h.store.MemberCountry(ctx, req.GuildID, req.User.ID)
	if err != nil {
		h.log.Error("load member country", "guild", req.GuildID, "err", err)
	}
	if code != "" {
		return code
	}
	return req.Settings.Get(data.SettingCountry)
}

// safetyNet is the safety-net part of a check-in's reply: the words, the
// crisis lines, and the row of buttons for asking a moderator (nil when
// there is nothing to press).
func (h *checkins) safetyNet(ctx context.Context, req *Request, c data.Checkin) (string, []*discordgo.MessageEmbed, discordgo.MessageComponent, error) {
	f, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID)
	asked := err == nil
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		// The crisis lines matter more than knowing whether a moderator
		// was asked: show them as if not, and never fail the reply.
		h.log.Error("load check-in follow-up", "guild", req.GuildID, "err", err)
	}
	var b strings.Builder
	lang := SafetyLanguage(string(req.Interaction.Locale))
	if lang == "" {
		lang = "en"
	}
	if risk := AssessRisk(c.Note, string(req.Interaction.Locale)); lang != "en" && !asked {
		// The opening words in the member's language; the receipt and
		// buttons below are still in English.
		w := wordsFor(lang)
		lead := w.ConcernLead
		if risk.Level == RiskUrgent {
			lead = w.UrgentLead
		}
		b.WriteString(lead + "\n")
	} else if c.Mood == 1 && !asked {
		b.WriteString("💙 Thank you for checking in. I'm sorry today is so hard. You are not alone, and you don't have to get through it by yourself.\n")
	} else if !asked {
		b.WriteString("💙 Thank you for trusting me with how you feel. You are not alone, and you don't have to carry this by yourself.\n")
	}
	id := strconv.FormatInt(c.ID, 10)
	var buttons []discordgo.MessageComponent
	switch {
	case asked:
		fmt.Fprintf(&b, "💙 I've asked the moderators to reach out to you (<t:%d:R>). They're people from this community, so it may take a little while; the lines below are there for you in the meantime.", f.RequestedAt.Unix())
		switch {
		case f.NoteShared:
			b.WriteString("\nYou shared your note with them.")
		case c.Note != "":
			b.WriteString("\nYour note is still private. If you'd like the moderators to read it too, press the button below.")
			buttons = append(buttons, discordgo.Button{Label: "Share my note with the moderators too", Style: discordgo.SecondaryButton, CustomID: CustomID("ci-reachnote", id)})
		}
	default:
		b.WriteString("Your check-in is saved, and only you can see this message.\n\n")
		b.WriteString("If you are in danger or thinking about ending your life, please call your emergency number or one of the lines below now. They are there to listen, any time.")
		if talkAvailable(req.Settings) { // Talk to someone (issue 15) replaces the alert where listeners are set up
			b.WriteString("\n\n" + msgTalkOffer)
			buttons = append(buttons, TalkButton())
		} else if req.Settings.Get(data.SettingAlertsChannel) != "" {
			b.WriteString("\n\nIf you'd like, I can ask a moderator here to reach out to you. Nothing is sent to them unless you press the button, and your note stays private.")
			buttons = append(buttons, discordgo.Button{Label: "Ask a moderator to reach out", Emoji: &discordgo.ComponentEmoji{Name: "💙"}, Style: discordgo.PrimaryButton, CustomID: CustomID(keyCheckinReach, id)})
		} else {
			b.WriteString("\n\nIf you'd like someone here to check on you, please message one of this server's moderators directly.")
		}
	}
	var row discordgo.MessageComponent
	if len(buttons) > 0 {
		row = discordgo.ActionsRow{Components: buttons}
	}
	return b.String(), CrisisEmbedsIn(h.crisisCountryFor(ctx, req), lang), row, nil
}

// noModerators answers a request to reach a moderator that can't be passed on.
func (h *checkins) noModerators(ctx context.Context, req *Request, why string) *Response {
	return &Response{
		Content:   "💙 " + why + " If you can, please message a moderator directly. The lines below are there for you any time, and you are not alone.",
		Embeds:    CrisisEmbeds(h.crisisCountryFor(ctx, req)),
		Ephemeral: true,
	}
}

// alertMentions pings the moderator role, if there is one, and nobody else.
func alertMentions(st data.Settings) (prefix string, m *discordgo.MessageAllowedMentions) {
	m = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if role := st.Get(data.SettingModeratorRole); role != "" {
		m.Roles = []string{role}
		prefix = "<@&" + role + "> "
	}
	return prefix, m
}

// reachOut is "Ask a moderator to reach out": a notice in the alerts
// channel naming the member, never their note.
func (h *checkins) reachOut(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	if _, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID); err == nil {
		return h.view(ctx, req, *c, "", true) // asked already: the view says so
	} else if !errors.Is(err, data.ErrNotFound) {
		h.log.Error("load check-in follow-up", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "Something went wrong on my side, so I couldn't pass this on just now. Please try the button again in a moment."), nil
	}
	alerts := req.Settings.Get(data.SettingAlertsChannel)
	if alerts == "" {
		return h.noModerators(ctx, req, "This server hasn't set up a channel where I can reach its moderators, so I can't pass this on myself."), nil
	}
	prefix, mentions := alertMentions(req.Settings)
	msg := &discordgo.MessageSend{
		Content: fmt.Sprintf("%s💙 **A member asked for someone to reach out.** <@%s> asked for a moderator to check on them after a check-in (mood: %s).\n"+
			"Please contact them gently and privately, for example by DM. React ✅ here when someone has, so they hear from one person. "+
			"Their note stays private unless they choose to share it.", prefix, req.User.ID, moodText(c.Mood)),
		AllowedMentions: mentions,
	}
	msgID, err := h.discord.SendMessage(ctx, alerts, msg)
	if err != nil {
		h.log.Error("send moderator follow-up notice", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "I couldn't reach the moderators' channel just now. Please try the button again in a moment."), nil
	}
	if _, err := h.store.AddCheckinFollowup(ctx, req.GuildID, req.User.ID, c.ID, alerts, msgID); err != nil {
		if errors.Is(err, data.ErrConflict) { // two presses at once: keep one notice
			if derr := h.discord.DeleteMessage(ctx, alerts, msgID); derr != nil {
				h.log.Error("delete duplicate follow-up notice", "guild", req.GuildID, "err", derr)
			}
			return h.view(ctx, req, *c, "", true)
		}
		return nil, err
	}
	h.log.Info("moderator follow-up requested", "guild", req.GuildID)
	return h.view(ctx, req, *c, "", true)
}

// shareNoteWithModerators sends the member's note to the alerts channel,
// as a reply to their notice, because they chose to.
func (h *checkins) shareNoteWithModerators(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	f, err := h.store.CheckinFollowupFor(ctx, req.GuildID, req.User.ID, c.ID)
	if err != nil {
		return ProblemReply(err)
	}
	if f.NoteShared {
		return h.view(ctx, req, *c, "", true)
	}
	if c.Note == "" {
		return h.view(ctx, req, *c, "This check-in has no note to share.", true)
	}
	keep := false
	msg := &discordgo.MessageSend{
		Content:         fmt.Sprintf("<@%s> chose to share their check-in note with the moderators:", req.User.ID),
		Embeds:          []*discordgo.MessageEmbed{{Description: c.Note, Color: checkinColor}},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		Reference:       &discordgo.MessageReference{MessageID: f.AlertMessageID, ChannelID: f.AlertChannelID, GuildID: req.GuildID, FailIfNotExists: &keep},
	}
	msgID, err := h.discord.SendMessage(ctx, f.AlertChannelID, msg)
	if err != nil {
		h.log.Error("share note with moderators", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, "I couldn't send your note to the moderators just now. Please try again in a moment."), nil
	}
	if err := h.store.MarkFollowupNoteShared(ctx, req.GuildID, req.User.ID, f.ID); err != nil {
		if errors.Is(err, data.ErrConflict) {
			if derr := h.discord.DeleteMessage(ctx, f.AlertChannelID, msgID); derr != nil {
				h.log.Error("delete duplicate shared note", "guild", req.GuildID, "err", derr)
			}
			return h.view(ctx, req, *c, "", true)
		}
		return nil, err
	}
	return h.view(ctx, req, *c, "", true)
}

// followups is /mod-checkins followups: who asked a moderator to reach out in
// the last 30 days, for the moderators. It never shows notes.
func (h *checkins) followups(ctx context.Context, req *Request) (*Response, error) {
	fs, err := h.store.CheckinFollowups(ctx, req.GuildID, req.Now.AddDate(0, 0, -30))
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return Private("No one has asked a moderator to reach out in the last 30 days."), nil
	}
	var b strings.Builder
	for i, f := range fs {
		line := fmt.Sprintf("<@%s> asked <t:%d:R> after a check-in (%s)", f.UserID, f.RequestedAt.Unix(), moodText(f.Mood))
		if f.NoteShared {
			line += ", and shared their note"
		}
		line += fmt.Sprintf(" · [notice](%s)\n", jumpLink(req.GuildID, f.AlertChannelID, f.AlertMessageID))
		if b.Len()+len(line) > 3900 {
			fmt.Fprintf(&b, "…and %d more.", len(fs)-i)
			break
		}
		b.WriteString(line)
	}
	return &Response{
		Embeds: []*discordgo.MessageEmbed{{
			Title: "Members who asked a moderator to reach out (last 30 days)", Description: b.String(), Color: checkinColor,
			Footer:    &discordgo.MessageEmbedFooter{Text: "Their notes stay private unless they chose to share them in the alerts channel."},
			Timestamp: req.Now.UTC().Format(time.RFC3339),
		}},
		Ephemeral: true,
	}, nil
}
