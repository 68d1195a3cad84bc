package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// checkinLate is how long after its time a check-in reminder or the daily
// check-in prompt may still go out; later than that it is skipped rather
// than arriving at an odd hour.
const checkinLate = 3 * time.Hour

// PlanCheckins enqueues the check-in reminders members asked for whose
// time has come today (and who have not checked in yet), and each server's
// daily check-in prompt once its time has come. The delivery keys carry
// the local date, so each goes out at most once a day, even across
// restarts.
func (r *Runner) PlanCheckins(ctx context.Context, now time.Time) error {
	return errors.Join(r.planCheckinReminders(ctx, now), r.planCheckinPrompts(ctx, now))
}

func (r *Runner) planCheckinReminders(ctx context.Context, now time.Time) error {
	return planAll(ctx, r, now, checkinReminderSource{r})
}

// checkinReminderSource plans members' daily check-in reminders. A
// reminder's row is planned once a day: its local date is its version.
type checkinReminderSource struct{ r *Runner }

func (checkinReminderSource) Name() string         { return "check-in reminder" }
func (checkinReminderSource) Grace() time.Duration { return checkinLate }

// PlannedThrough is zero: which days were planned is in the row (the
// last date nudged), so the window is always the grace before now.
func (checkinReminderSource) PlannedThrough(data.CheckinReminder) time.Time { return time.Time{} }
func (checkinReminderSource) LogAttrs(c data.CheckinReminder) []any {
	return []any{"user", c.UserID, "guild", c.GuildID}
}

func (s checkinReminderSource) Due(ctx context.Context, now time.Time, limit int) ([]data.CheckinReminder, error) {
	due, err := s.r.Store.DueCheckinReminders(ctx, now)
	if len(due) > limit {
		due = due[:limit]
	}
	return due, err
}

// Defer does nothing: a reminder that could not be planned is due again
// at the next tick, until its day is over.
func (checkinReminderSource) Defer(context.Context, data.CheckinReminder, time.Time) error {
	return nil
}

// Plan is the member's nudge for the day, or none when Kindred was down
// at its time: a nudge hours late would come at an odd hour, so the day
// is skipped.
func (s checkinReminderSource) Plan(_ context.Context, c data.CheckinReminder, w Window) (data.Planned, error) {
	loc, err := time.LoadLocation(c.Zone)
	if err != nil {
		loc = time.UTC
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", c.LocalDate+" "+c.Time, loc)
	if err != nil {
		return nil, fmt.Errorf("check-in reminder time: %w", err)
	}
	p := data.CheckinReminderPlan{Reminder: c}
	if at.Before(w.From) {
		s.r.log().Info("check-in reminder skipped: too late", "guild", c.GuildID, "due", at)
		return p, nil
	}
	p.Delivery = &data.Delivery{
		GuildID: c.GuildID, Kind: data.DeliveryCheckinReminder, UserID: c.UserID, Ref: c.LocalDate,
		Source: "checkin-reminder:" + c.UserID,
		Key:    fmt.Sprintf("checkin-reminder:%s:%s", c.UserID, c.LocalDate),
		DueAt:  at, ExpiresAt: at.Add(checkinLate),
	}
	return p, nil
}

func (r *Runner) planCheckinPrompts(ctx context.Context, now time.Time) error {
	guilds, err := r.Store.GuildsWithSetting(ctx, data.SettingCheckinPromptTime)
	if err != nil {
		return err
	}
	var errs []error
	for guildID, hhmm := range guilds {
		st, err := r.Store.Settings(ctx, guildID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		channel := st.Get(data.SettingCheckinChannel)
		if !st.Enabled(data.FeatureCheckins) || channel == "" {
			continue
		}
		local := now.In(st.Location())
		at, err := time.ParseInLocation("2006-01-02 15:04", local.Format(time.DateOnly)+" "+hhmm, st.Location())
		if err != nil || now.Before(at) || now.Sub(at) > checkinLate {
			continue
		}
		date := local.Format(time.DateOnly)
		d := data.Delivery{
			GuildID: guildID, Kind: data.DeliveryCheckinPrompt, ChannelID: channel, Ref: date,
			Source: "checkin-prompt", Key: "checkin-prompt:" + date,
			DueAt: at, ExpiresAt: at.Add(checkinLate),
		}
		if _, err := r.Store.EnqueueDelivery(ctx, d); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkinUnreachable stops what can no longer arrive: a member's reminders
// when their DMs are closed (recorded, never retried in a loop), or a
// server's daily prompt when its channel is gone.
func (r *Runner) checkinUnreachable(ctx context.Context, d data.Delivery, reason string, now time.Time) error {
	if d.Kind == data.DeliveryCheckinReminder {
		r.log().Warn("check-in reminders stopped: the member can't be reached", "guild", d.GuildID, "reason", reason)
		return errors.Join(
			r.Store.RecordDMFailure(ctx, data.DMFailure{GuildID: d.GuildID, UserID: d.UserID, Kind: d.Kind, Reason: reason, At: now}),
			r.Store.DeleteCheckinReminder(ctx, d.GuildID, d.UserID),
		)
	}
	r.log().Warn("daily check-in prompt stopped: its channel can't be reached", "guild", d.GuildID, "reason", reason)
	if _, err := r.Store.ResetSetting(ctx, d.GuildID, "kindred", data.SettingCheckinPromptTime); err != nil {
		return err
	}
	if len(reason) > 200 {
		reason = reason[:200]
	}
	_, err := r.Store.EnqueueDelivery(ctx, data.Delivery{
		GuildID: d.GuildID, Kind: data.DeliveryCheckinAlert, ChannelID: d.ChannelID, Ref: reason,
		Source: "checkin-prompt", Key: "checkin-prompt-alert:" + d.Ref,
		DueAt: now, ExpiresAt: now.Add(alertLifetime),
	})
	return err
}
