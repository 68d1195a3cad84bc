package commands

import (
	"context"
	"errors"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// dmMoodButtons are the channel prompt's five mood buttons for a daily
// reminder DM. They carry the server, because a press in a DM has none:
// "ci-dmood:<guild>:<mood>".
func dmMoodButtons(p *i18n.Printer, guildID string) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	for m := 1; m <= 5; m++ {
		row = append(row, discordgo.Button{
			Label: moodWord(p, m), Emoji: &discordgo.ComponentEmoji{Name: moods[m].emoji},
			Style: discordgo.SecondaryButton, CustomID: CustomID("ci-dmood", guildID, strconv.Itoa(m)),
		})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// dmMoodPicked records a check-in from a reminder DM's mood button, in
// the server the reminder was about. Pressed in a server (the button is
// only sent by DM), it records for that server only if it is the same.
func (h *checkins) dmMoodPicked(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 2 || req.User == nil {
		return req.PrivateT("checkin.stale"), nil
	}
	guildID := req.Args[0]
	m, err := strconv.Atoi(req.Args[1])
	if _, idErr := strconv.ParseUint(guildID, 10, 64); idErr != nil || err != nil || m < 1 || m > 5 ||
		(req.GuildID != "" && req.GuildID != guildID) {
		return req.PrivateT("checkin.stale"), nil
	}
	// Only a member with a reminder in that server is sent these buttons.
	if _, err := h.store.CheckinReminderFor(ctx, guildID, req.User.ID); errors.Is(err, data.ErrNotFound) {
		return req.PrivateT("checkin.dm_reminder_off"), nil
	} else if err != nil {
		return nil, err
	}
	st, err := h.store.Settings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	if !st.Enabled(data.FeatureCheckins) {
		return req.PrivateT("checkin.dm_feature_off"), nil
	}
	// From here on the press is about that server, as if made there.
	inGuild := *req
	inGuild.GuildID, inGuild.Settings, inGuild.ServerLang = guildID, st, st.Language()
	c, err := h.store.AddCheckin(ctx, data.Checkin{GuildID: guildID, UserID: req.User.ID, Mood: m}, st.Location())
	if err != nil {
		return req.Problem(err)
	}
	celebrate(ctx, h.store, h.log, &inGuild, guildID, req.User.ID, checkinEvent(c, string(req.Interaction.Locale)))
	resp, err := h.view(ctx, &inGuild, c, "", false)
	if err != nil || resp == nil {
		return resp, err
	}
	// The view's buttons (feelings, a note, sharing) work in the server:
	// in a DM, say where to find them instead, keeping crisis lines.
	if req.GuildID == "" {
		return h.forDM(ctx, req, guildID, resp, req.T("checkin.dm_mood_where")), nil
	}
	return resp, nil
}
