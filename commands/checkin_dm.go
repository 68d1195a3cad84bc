package commands

import (
	"context"
	"errors"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// dmMoodButtons are the channel prompt's five mood buttons for a daily
// reminder DM. They carry the server, because a press in a DM has none:
// "ci-dmood:<guild>:<mood>".
func dmMoodButtons(guildID string) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	for m := 1; m <= 5; m++ {
		row = append(row, discordgo.Button{
			Label: moods[m].word, Emoji: &discordgo.ComponentEmoji{Name: moods[m].emoji},
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
		return Private(msgStale), nil
	}
	guildID := req.Args[0]
	m, err := strconv.Atoi(req.Args[1])
	if _, idErr := strconv.ParseUint(guildID, 10, 64); idErr != nil || err != nil || m < 1 || m > 5 ||
		(req.GuildID != "" && req.GuildID != guildID) {
		return Private(msgStale), nil
	}
	// Only a member with a reminder in that server is sent these buttons.
	if _, err := h.store.CheckinReminderFor(ctx, guildID, req.User.ID); errors.Is(err, data.ErrNotFound) {
		return Private("Check-ins belong to a server, and your daily reminder there is off now, so I didn't record this. Please use `/checkin now` in the server."), nil
	} else if err != nil {
		return nil, err
	}
	st, err := h.store.Settings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	if !st.Enabled(data.FeatureCheckins) {
		return Private("Check-ins are switched off in that server just now, so I didn't record this one."), nil
	}
	// From here on the press is about that server, as if made there.
	inGuild := *req
	inGuild.GuildID, inGuild.Settings = guildID, st
	c, err := h.store.AddCheckin(ctx, data.Checkin{GuildID: guildID, UserID: req.User.ID, Mood: m}, st.Location())
	if err != nil {
		return ProblemReply(err)
	}
	celebrate(ctx, h.store, h.log, &inGuild, guildID, req.User.ID, checkinEvent(c, string(req.Interaction.Locale)))
	resp, err := h.view(ctx, &inGuild, c, "", false)
	if err != nil || resp == nil {
		return resp, err
	}
	// The view's buttons (feelings, a note, sharing) work in the server:
	// in a DM, say where to find them instead, keeping crisis lines.
	if req.GuildID == "" {
		return h.forDM(ctx, guildID, resp, "To add feelings or a note, or share it, use `/checkin history` in the server."), nil
	}
	return resp, nil
}
