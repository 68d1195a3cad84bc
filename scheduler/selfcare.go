package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Self-care timing.
const (
	// SelfCarePostGrace is how late a scheduled prompt may still be
	// posted, after downtime; older ones are skipped, not sent late.
	SelfCarePostGrace = 2 * time.Hour
	// NudgeGrace is how late a member's nudge may still be sent. A nudge
	// never goes out in quiet hours, however late it is.
	NudgeGrace = time.Hour
)

// PlanSelfCare records, as deliveries, the self-care prompts to post
// (for every active schedule whose turn has come) and the members'
// nudges to send, up to an hour ahead of now.
func (r *Runner) PlanSelfCare(ctx context.Context, now time.Time) error {
	return errors.Join(r.planSelfCareSchedules(ctx, now), r.planSelfCareNudges(ctx, now))
}

// selfCareOn reports whether a server has self-care switched on.
func selfCareOn(ctx context.Context, store *data.Store, guildID string) (data.Settings, bool, error) {
	st, err := store.Settings(ctx, guildID) // the store keeps them in memory
	if err != nil {
		return data.Settings{}, false, err
	}
	return st, st.Enabled(data.FeatureSelfCare), nil
}

func (r *Runner) planSelfCareSchedules(ctx context.Context, now time.Time) error {
	return planAll(ctx, r, now, selfCareScheduleSource{r})
}

// selfCareScheduleSource plans servers' prompt schedules: their posts.
type selfCareScheduleSource struct{ r *Runner }

func (selfCareScheduleSource) Name() string         { return "self-care schedule" }
func (selfCareScheduleSource) Grace() time.Duration { return SelfCarePostGrace }
func (selfCareScheduleSource) PlannedThrough(sc data.SelfCareSchedule) time.Time {
	return sc.PlannedThrough
}
func (selfCareScheduleSource) LogAttrs(sc data.SelfCareSchedule) []any {
	return []any{"schedule", sc.ID, "guild", sc.GuildID}
}
func (s selfCareScheduleSource) Due(ctx context.Context, now time.Time, limit int) ([]data.SelfCareSchedule, error) {
	return s.r.Store.SelfCareSchedulesToPlan(ctx, now, limit)
}
func (s selfCareScheduleSource) Defer(ctx context.Context, sc data.SelfCareSchedule, until time.Time) error {
	return s.r.Store.DeferSelfCareSchedule(ctx, sc.GuildID, sc.ID, until)
}

func (s selfCareScheduleSource) Plan(ctx context.Context, sc data.SelfCareSchedule, w Window) (data.Planned, error) {
	st, on, err := selfCareOn(ctx, s.r.Store, sc.GuildID)
	if err != nil {
		return nil, err
	}
	if !on {
		// Slots while the feature is off are skipped, not posted late;
		// look again later, in case it is switched back on.
		return data.SelfCareSchedulePlan{Schedule: sc, PlannedThrough: w.Now, NextPlanAt: w.Now.Add(planRetry)}, nil
	}
	sched, err := Parse(sc.Schedule)
	if err != nil {
		return nil, fmt.Errorf("stored schedule %q: %w", sc.Schedule, err)
	}
	return selfCarePostPlan(sc, sched, st.Location(), w), nil
}

// SelfCarePostPlan computes the plan of prompt schedule sc, whose
// schedule is sched in loc, at now: a post for every slot after what was
// planned (and at most SelfCarePostGrace ago) up to an hour ahead, and
// when to plan again. Posts of one schedule share a group, so after
// downtime only the latest one due is posted.
func SelfCarePostPlan(sc data.SelfCareSchedule, sched Schedule, loc *time.Location, now time.Time) data.SelfCareSchedulePlan {
	return selfCarePostPlan(sc, sched, loc, catchUp(sc.PlannedThrough, now, SelfCarePostGrace))
}

func selfCarePostPlan(sc data.SelfCareSchedule, sched Schedule, loc *time.Location, w Window) data.SelfCareSchedulePlan {
	now, from := w.Now, w.From
	horizon := now.Add(planAhead)
	p := data.SelfCareSchedulePlan{Schedule: sc, PlannedThrough: from}
	next, ok := sched.Next(from, loc)
	for ok && !next.After(horizon) && len(p.Deliveries) < maxOccurrencesPerPlan {
		p.Deliveries = append(p.Deliveries, SelfCarePostDelivery(sc, next))
		p.PlannedThrough = next
		next, ok = sched.Next(next, loc)
	}
	switch {
	case !ok:
		// Nothing left (a one-off that is planned): no next plan.
	case !next.After(horizon):
		p.NextPlanAt = now.Add(time.Second) // capped: carry on next tick
	default:
		p.NextPlanAt = next.Add(-planAhead)
	}
	return p
}

// SelfCarePostDelivery is the post of schedule sc at slot. Its key names
// the schedule and the slot, so a slot is posted at most once.
func SelfCarePostDelivery(sc data.SelfCareSchedule, slot time.Time) data.Delivery {
	src := data.SelfCareScheduleSource(sc.ID)
	return data.Delivery{
		GuildID: sc.GuildID, Kind: data.DeliverySelfCarePost, Source: src, Ref: strconv.FormatInt(sc.ID, 10),
		ChannelID: sc.ChannelID, Group: src, Key: src + ":" + slot.UTC().Format("2006-01-02T15:04Z"),
		DueAt: slot, ExpiresAt: slot.Add(SelfCarePostGrace),
	}
}

func (r *Runner) planSelfCareNudges(ctx context.Context, now time.Time) error {
	return planAll(ctx, r, now, nudgeSource{r})
}

// nudgeSource plans members' self-care nudges.
type nudgeSource struct{ r *Runner }

func (nudgeSource) Name() string                                   { return "self-care nudges" }
func (nudgeSource) Grace() time.Duration                           { return NudgeGrace }
func (nudgeSource) PlannedThrough(n data.SelfCareNudges) time.Time { return n.PlannedThrough }
func (nudgeSource) LogAttrs(n data.SelfCareNudges) []any {
	return []any{"user", n.UserID, "guild", n.GuildID}
}
func (s nudgeSource) Due(ctx context.Context, now time.Time, limit int) ([]data.SelfCareNudges, error) {
	return s.r.Store.SelfCareNudgesToPlan(ctx, now, limit)
}
func (s nudgeSource) Defer(ctx context.Context, n data.SelfCareNudges, until time.Time) error {
	return s.r.Store.DeferSelfCareNudges(ctx, n.GuildID, n.UserID, until)
}

func (s nudgeSource) Plan(ctx context.Context, n data.SelfCareNudges, w Window) (data.Planned, error) {
	_, on, err := selfCareOn(ctx, s.r.Store, n.GuildID)
	if err != nil {
		return nil, err
	}
	if !on {
		return data.SelfCareNudgePlan{Nudges: n, PlannedThrough: w.Now, NextPlanAt: w.Now.Add(planRetry)}, nil
	}
	p, err := nudgePlan(n, w)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// NudgePlan computes the plan of a member's nudges at now: one nudge for
// each of their times, on their days, in their time zone, after what was
// planned (and at most NudgeGrace ago) up to an hour ahead. A time in the
// member's quiet hours, or on the day they snoozed, is skipped. A nudge
// expires NudgeGrace after its time, or when quiet hours begin if that is
// sooner, so a late nudge never breaks them. The dedupe key is the
// member's local date and time of day: at most one nudge per slot.
func NudgePlan(n data.SelfCareNudges, now time.Time) (data.SelfCareNudgePlan, error) {
	return nudgePlan(n, catchUp(n.PlannedThrough, now, NudgeGrace))
}

func nudgePlan(n data.SelfCareNudges, w Window) (data.SelfCareNudgePlan, error) {
	now, from := w.Now, w.From
	loc, err := time.LoadLocation(n.Zone)
	if err != nil {
		return data.SelfCareNudgePlan{}, fmt.Errorf("nudge time zone: %w", err)
	}
	quietStart, err := Parse("every day at " + n.QuietFrom)
	if err != nil {
		return data.SelfCareNudgePlan{}, fmt.Errorf("quiet hours: %w", err)
	}
	horizon := now.Add(planAhead)
	p := data.SelfCareNudgePlan{Nudges: n, PlannedThrough: horizon}
	if from.After(horizon) {
		p.PlannedThrough = from
	}
	src := data.SelfCareNudgeSource(n.UserID)
	var later time.Time // the first slot beyond the horizon
	for _, hhmm := range n.Times {
		sched, err := Parse(n.Days + " at " + hhmm)
		if err != nil {
			return data.SelfCareNudgePlan{}, fmt.Errorf("nudge schedule: %w", err)
		}
		slot, ok := sched.Next(from, loc)
		for ok && !slot.After(horizon) {
			date := slot.In(loc).Format(time.DateOnly)
			if date != n.SnoozedDate && !n.Quiet(hhmm) {
				expires := slot.Add(NudgeGrace)
				if q, ok := quietStart.Next(slot, loc); ok && q.Before(expires) {
					expires = q
				}
				p.Deliveries = append(p.Deliveries, data.Delivery{
					GuildID: n.GuildID, Kind: data.DeliverySelfCareNudge, Source: src, Ref: date, UserID: n.UserID,
					Group: src, Key: data.SelfCareNudgeKey(n.GuildID, n.UserID, date, hhmm), DueAt: slot, ExpiresAt: expires,
				})
			}
			slot, ok = sched.Next(slot, loc)
		}
		if ok && (later.IsZero() || slot.Before(later)) {
			later = slot
		}
	}
	if !later.IsZero() {
		p.NextPlanAt = later.Add(-planAhead)
	}
	return p, nil
}

// selfCareUnreachable reacts to a self-care destination that is gone: a
// schedule whose channel can't be reached is paused (and the moderators
// told, once); a member whose DMs are closed has their nudges stopped,
// so they are never retried in a loop.
func (r *Runner) selfCareUnreachable(ctx context.Context, d data.Delivery, reason string, now time.Time) error {
	switch d.Kind {
	case data.DeliverySelfCarePost:
		id, ok := data.ParseSelfCareScheduleSource(d.Source)
		if !ok {
			return nil
		}
		alert := &data.Delivery{
			GuildID: d.GuildID, Kind: data.DeliverySelfCareAlert, Source: d.Source, Ref: strconv.FormatInt(id, 10),
			Key: fmt.Sprintf("%s:alert:%d", d.Source, d.ID), DueAt: now, ExpiresAt: now.Add(alertLifetime),
		}
		changed, err := r.Store.StopSelfCareSchedule(ctx, d.GuildID, id, reason, alert)
		if changed {
			r.log().Warn("self-care prompts stopped; telling the moderators", "schedule", id, "guild", d.GuildID, "reason", reason)
		}
		return err
	case data.DeliverySelfCareNudge:
		err := r.Store.RecordDMFailure(ctx, data.DMFailure{GuildID: d.GuildID, UserID: d.UserID, Kind: d.Kind, Reason: reason, At: now})
		_, was, serr := r.Store.StopSelfCareNudges(ctx, d.GuildID, d.UserID, reason)
		if was {
			r.log().Warn("self-care nudges stopped: the member's DMs are closed", "guild", d.GuildID)
		}
		return errors.Join(err, serr)
	}
	return nil
}
