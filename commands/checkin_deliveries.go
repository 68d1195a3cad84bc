package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// checkinRenderStore is what rendering check-in reminders and prompts
// needs of the store.
type checkinRenderStore interface {
	guildNamer
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	CheckinReminderFor(ctx context.Context, guildID, userID string) (data.CheckinReminder, error)
	RecentCheckins(ctx context.Context, guildID, userID string, since time.Time) ([]data.Checkin, error)
}

const checkinReminderText = "💙 A gentle nudge: how are you today? Tap how you feel to check in, or use `/checkin now` in the server. " +
	"Only you see your check-in unless you choose to share it.\n-# You asked for this reminder; `/checkin remind off` stops it, or reply **stop** to end all my DMs."

// renderCheckin renders a member's daily reminder DM (obsolete if they
// have checked in since their local midnight or turned reminders off) or
// the server's daily check-in prompt.
func renderCheckin(ctx context.Context, store checkinRenderStore, d data.Delivery) (*Outgoing, error) {
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	if d.Kind == data.DeliveryCheckinAlert {
		msg := fmt.Sprintf("Heads-up for moderators: I couldn't post the daily check-in prompt in <#%s> (%s), so I've switched it off. "+
			"Please check Kindred's permissions there (View Channel, Send Messages), then turn it back on with `/settings set checkin_prompt_time`.",
			d.ChannelID, d.Ref)
		return &Outgoing{ChannelID: st.Get(data.SettingAlertsChannel), ToModerators: true, Message: &discordgo.MessageSend{Content: msg}}, nil
	}
	if !st.Enabled(data.FeatureCheckins) {
		return nil, obsolete("check-ins are switched off in this server")
	}
	if d.Kind == data.DeliveryCheckinPrompt {
		channel := st.Get(data.SettingCheckinChannel)
		if channel == "" || !st.IsSet(data.SettingCheckinPromptTime) {
			return nil, obsolete("the daily check-in prompt is switched off")
		}
		return &Outgoing{ChannelID: channel, Message: CheckinPrompt()}, nil
	}
	rem, err := store.CheckinReminderFor(ctx, d.GuildID, d.UserID)
	if errors.Is(err, data.ErrNotFound) {
		return nil, obsolete("the member turned check-in reminders off")
	}
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(rem.Zone)
	if err != nil {
		loc = st.Location()
	}
	midnight, err := time.ParseInLocation(time.DateOnly, d.Ref, loc)
	if err != nil {
		return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "the reminder's date is unreadable", Err: err}
	}
	recent, err := store.RecentCheckins(ctx, d.GuildID, d.UserID, midnight)
	if err != nil {
		return nil, err
	}
	if len(recent) > 0 {
		return nil, obsolete("the member has checked in today")
	}
	return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{Content: checkinReminderText, Components: dmMoodButtons(d.GuildID)}}, nil
}
