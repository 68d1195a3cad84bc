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
	"github.com/kindred-bot/kindred/i18n"
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
	lang := req.Lang
	if lang == "" {
		lang = SafetyLanguage(string(req.Interaction.Locale))
	}
	if lang == "" {
		lang = "en"
	}
	if risk := AssessRisk(c.Note, string(req.Interaction.Locale)); lang != "en" && !asked {
		// The opening words in the member's language, from the safety
		// net's own words.
		w := wordsFor(lang)
		lead := w.ConcernLead
		if risk.Level == RiskUrgent {
			lead = w.UrgentLead
		}
		b.WriteString(lead + "\n")
	} else if c.Mood == 1 && !asked {
		b.WriteString(req.T("checkin.safety_mood_lead") + "\n")
	} else if !asked {
		b.WriteString(req.T("checkin.safety_note_lead") + "\n")
	}
	id := strconv.FormatInt(c.ID, 10)
	var buttons []discordgo.MessageComponent
	switch {
	case asked:
		b.WriteString(req.T("checkin.safety_asked", "When", fmt.Sprintf("<t:%d:R>", f.RequestedAt.Unix())))
		switch {
		case f.NoteShared:
			b.WriteString("\n" + req.T("checkin.safety_note_shared"))
		case c.Note != "":
			b.WriteString("\n" + req.T("checkin.safety_note_private"))
			buttons = append(buttons, discordgo.Button{Label: req.T("checkin.safety_share_note"), Style: discordgo.SecondaryButton, CustomID: CustomID("ci-reachnote", id)})
		}
	default:
		b.WriteString(req.T("checkin.safety_saved") + "\n\n")
		b.WriteString(req.T("checkin.safety_danger"))
		if talkAvailable(req.Settings) { // Talk to someone (issue 15) replaces the alert where listeners are set up
			b.WriteString("\n\n" + req.T("checkin.talk_offer"))
			buttons = append(buttons, TalkButtonIn(req.P()))
		} else if req.Settings.Get(data.SettingAlertsChannel) != "" {
			b.WriteString("\n\n" + req.T("checkin.safety_offer"))
			buttons = append(buttons, discordgo.Button{Label: req.T("checkin.safety_reach_button"), Emoji: &discordgo.ComponentEmoji{Name: "💙"}, Style: discordgo.PrimaryButton, CustomID: CustomID(keyCheckinReach, id)})
		} else {
			b.WriteString("\n\n" + req.T("checkin.safety_message_mods"))
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
		Content:   "💙 " + why + " " + req.T("checkin.safety_no_mods"),
		Embeds:    CrisisEmbedsIn(h.crisisCountryFor(ctx, req), i18n.Pick(req.Lang)),
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
		return h.noModerators(ctx, req, req.T("checkin.reach_error")), nil
	}
	alerts := req.Settings.Get(data.SettingAlertsChannel)
	if alerts == "" {
		return h.noModerators(ctx, req, req.T("checkin.reach_no_channel")), nil
	}
	prefix, mentions := alertMentions(req.Settings)
	msg := &discordgo.MessageSend{
		Content:         prefix + req.Public().T("checkin.reach_notice", "Member", "<@"+req.User.ID+">", "Mood", moodTextIn(req.Public(), c.Mood)),
		AllowedMentions: mentions,
	}
	msgID, err := h.discord.SendMessage(ctx, alerts, msg)
	if err != nil {
		h.log.Error("send moderator follow-up notice", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, req.T("checkin.reach_failed")), nil
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
		return req.Problem(err)
	}
	if f.NoteShared {
		return h.view(ctx, req, *c, "", true)
	}
	if c.Note == "" {
		return h.view(ctx, req, *c, req.T("checkin.reach_no_note"), true)
	}
	keep := false
	msg := &discordgo.MessageSend{
		Content:         req.Public().T("checkin.reach_note_post", "Member", "<@"+req.User.ID+">"),
		Embeds:          []*discordgo.MessageEmbed{{Description: c.Note, Color: checkinColor}},
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		Reference:       &discordgo.MessageReference{MessageID: f.AlertMessageID, ChannelID: f.AlertChannelID, GuildID: req.GuildID, FailIfNotExists: &keep},
	}
	msgID, err := h.discord.SendMessage(ctx, f.AlertChannelID, msg)
	if err != nil {
		h.log.Error("share note with moderators", "guild", req.GuildID, "err", err)
		return h.noModerators(ctx, req, req.T("checkin.reach_note_failed")), nil
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
		return req.PrivateT("checkin.followups_none"), nil
	}
	var b strings.Builder
	for i, f := range fs {
		line := req.T("checkin.followups_line", "Member", "<@"+f.UserID+">", "When", fmt.Sprintf("<t:%d:R>", f.RequestedAt.Unix()), "Mood", moodTextIn(req.P(), f.Mood))
		if f.NoteShared {
			line += req.T("checkin.followups_note_shared")
		}
		line += " · " + req.T("checkin.followups_notice", "Link", jumpLink(req.GuildID, f.AlertChannelID, f.AlertMessageID)) + "\n"
		if b.Len()+len(line) > 3900 {
			b.WriteString(req.N("checkin.history_more", len(fs)-i))
			break
		}
		b.WriteString(line)
	}
	return &Response{
		Embeds: []*discordgo.MessageEmbed{{
			Title: req.T("checkin.followups_title"), Description: b.String(), Color: checkinColor,
			Footer:    &discordgo.MessageEmbedFooter{Text: req.T("checkin.followups_footer")},
			Timestamp: req.Now.UTC().Format(time.RFC3339),
		}},
		Ephemeral: true,
	}, nil
}
