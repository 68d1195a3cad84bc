package commands

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// checkinRenderStore is what rendering check-in reminders and prompts
// needs of the store.
type checkinRenderStore interface {
	guildNamer
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	CheckinReminderFor(ctx context.Context, guildID, userID string) (data.CheckinReminder, error)
	RecentCheckins(ctx context.Context, guildID, userID string, since time.Time) ([]data.Checkin, error)
}

// renderCheckin renders a member's daily reminder DM (obsolete if they
// have checked in since their local midnight or turned reminders off) or
// the server's daily check-in prompt.
func renderCheckin(ctx context.Context, store checkinRenderStore, d data.Delivery) (*Outgoing, error) {
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	if d.Kind == data.DeliveryCheckinAlert {
		msg := i18n.For(st.Language()).T("checkin.prompt_alert", "Channel", "<#"+d.ChannelID+">", "Reason", d.Ref)
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
		return &Outgoing{ChannelID: channel, Message: CheckinPrompt(i18n.For(st.Language()))}, nil
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
	p := checkinDMLanguage(ctx, store, d.UserID, st.Language())
	return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{Content: p.T("checkin.reminder_dm"), Components: dmMoodButtons(p, d.GuildID)}}, nil
}
