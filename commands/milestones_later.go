package commands

import (
	"context"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// keyCelebrateLater routes "Celebrate it": ms-later:<milestone ID>, a
// member's choice to celebrate in public a milestone that was kept
// unannounced (reached on a hard day, say).
const keyCelebrateLater = "ms-later"

// celebrateLaterWindow is how long after reaching a milestone a member is
// offered to celebrate it.
const celebrateLaterWindow = 30 * 24 * time.Hour

// celebrateLaterRow offers up to five recent milestones a member could
// still choose to celebrate, or nil.
func celebrateLaterRow(req *Request, mm data.MilestoneMember, ms []data.Milestone) discordgo.MessageComponent {
	if mm.Private || req.Settings.Get(data.SettingCelebrationsChannel) == "" {
		return nil
	}
	var buttons []discordgo.MessageComponent
	for _, m := range ms {
		if len(buttons) == 5 {
			break
		}
		if m.Announced() || m.Backfilled || !m.Kind.Automatic() || req.Now.Sub(m.AchievedAt) > celebrateLaterWindow {
			continue
		}
		buttons = append(buttons, discordgo.Button{
			Label: clipRunes(req.T("milestones.later_button", "Title", milestoneTitleIn(req.P(), m)), 80), Style: discordgo.SecondaryButton,
			Emoji:    &discordgo.ComponentEmoji{Name: milestoneEmoji(m.Kind)},
			CustomID: CustomID(keyCelebrateLater, strconv.FormatInt(m.ID, 10)),
		})
	}
	if len(buttons) == 0 {
		return nil
	}
	return discordgo.ActionsRow{Components: buttons}
}

// celebrateLater plans the post the member chose.
func celebrateLater(ctx context.Context, store milestoneStore, req *Request) (*Response, error) {
	if req.GuildID == "" || req.User == nil || len(req.Args) != 1 {
		return req.PrivateT(msgOldMilestoneButton), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return req.PrivateT(msgOldMilestoneButton), nil
	}
	channel := req.Settings.Get(data.SettingCelebrationsChannel)
	m, err := store.CelebrateLater(ctx, req.GuildID, req.User.ID, id, channel)
	if err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("milestones.later_done", "Title", milestoneTitleIn(req.P(), m), "Channel", "<#"+channel+">"), nil
}
