package data

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// SelfCareNudges are a member's personal nudge settings in a server.
type SelfCareNudges struct {
	GuildID string
	UserID  string
	// Enabled is true while the member wants nudges.
	Enabled bool
	// Times are the nudges' times of day, HH:MM, earliest first.
	Times []string
	// Days is the day part of a schedule: "every day", "weekdays",
	// "every Monday and Thursday".
	Days string
	// Zone is the member's IANA time zone.
	Zone string
	// QuietFrom and QuietTo (HH:MM) bound the quiet hours, when no nudge
	// is ever sent; they may wrap past midnight.
	QuietFrom string
	QuietTo   string
	// SnoozedDate is a local day (YYYY-MM-DD) without nudges.
	SnoozedDate string
	// DMError says why nudges stopped because a DM failed; "" otherwise.
	DMError        string
	PlannedThrough time.Time
	NextPlanAt     time.Time
	Version        int64
	UpdatedAt      time.Time
}

// Quiet reports whether a time of day (HH:MM) falls in the quiet hours.
func (n SelfCareNudges) Quiet(hhmm string) bool { return InQuietHours(n.QuietFrom, n.QuietTo, hhmm) }

// InQuietHours reports whether hhmm is in [from, to), wrapping past
// midnight when to is earlier than from. All are HH:MM.
func InQuietHours(from, to, hhmm string) bool {
	if from <= to {
		return hhmm >= from && hhmm < to
	}
	return hhmm >= from || hhmm < to
}

var nudgeClockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// IsClock reports whether s is a time of day written HH:MM.
func IsClock(s string) bool { return nudgeClockRE.MatchString(s) }

const nudgeColumns = `guild_id, user_id, enabled, times, days, zone, quiet_from, quiet_to, snoozed_date, dm_error,
	planned_through, next_plan_at, version, updated_at`

func scanNudges(r rowScanner) (SelfCareNudges, error) {
	var n SelfCareNudges
	var times string
	var planned, updated int64
	var next sql.NullInt64
	if err := r.Scan(&n.GuildID, &n.UserID, &n.Enabled, &times, &n.Days, &n.Zone, &n.QuietFrom, &n.QuietTo,
		&n.SnoozedDate, &n.DMError, &planned, &next, &n.Version, &updated); err != nil {
		return SelfCareNudges{}, err
	}
	if times != "" {
		n.Times = strings.Split(times, ",")
	}
	n.PlannedThrough, n.UpdatedAt = unixToUTC(planned), unixToUTC(updated)
	if next.Valid {
		n.NextPlanAt = unixToUTC(next.Int64)
	}
	return n, nil
}

func nudgesTx(ctx context.Context, db queryer, guildID, userID string) (SelfCareNudges, error) {
	n, err := scanNudges(db.QueryRowContext(ctx,
		`SELECT `+nudgeColumns+` FROM selfcare_nudges WHERE guild_id = ? AND user_id = ?`, guildID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCareNudges{GuildID: guildID, UserID: userID, Days: DefaultNudgeDays, Zone: "UTC",
			QuietFrom: DefaultQuietFrom, QuietTo: DefaultQuietTo}, nil
	}
	return n, err
}

// SelfCareNudgeSettings returns a member's nudge settings; a member who
// never set any gets the defaults, with nudges off.
func (s *Store) SelfCareNudgeSettings(ctx context.Context, guildID, userID string) (SelfCareNudges, error) {
	n, err := nudgesTx(ctx, s.read, guildID, userID)
	if err != nil {
		return SelfCareNudges{}, fmt.Errorf("load self-care nudges of user %s: %w", userID, err)
	}
	return n, nil
}

// normalizeTimes checks nudge times and returns them sorted, without repeats.
func normalizeTimes(times []string) ([]string, error) {
	var out []string
	for _, t := range times {
		if !IsClock(t) {
			return nil, problem(ErrInvalid, "nudge_not_a_time", "Time", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	switch {
	case len(out) == 0:
		return nil, problem(ErrInvalid, "nudge_need_time")
	case len(out) > MaxNudgeTimes:
		return nil, problem(ErrInvalid, "nudge_too_many", "Max", MaxNudgeTimes)
	}
	sort.Strings(out)
	return out, nil
}

// saveNudgesTx writes a member's nudge row (creating it) and withdraws
// the nudges not sent yet, so the next plan starts from the new settings.
func saveNudgesTx(ctx context.Context, tx *sql.Tx, n SelfCareNudges, now int64) error {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO selfcare_nudges (guild_id, user_id, enabled, times, days, zone, quiet_from, quiet_to, snoozed_date, dm_error,
		                              planned_through, next_plan_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (guild_id, user_id) DO UPDATE SET enabled = excluded.enabled, times = excluded.times, days = excluded.days,
		   zone = excluded.zone, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to,
		   snoozed_date = excluded.snoozed_date, dm_error = excluded.dm_error, planned_through = excluded.planned_through,
		   next_plan_at = excluded.next_plan_at, updated_at = excluded.updated_at, version = version + 1`,
		n.GuildID, n.UserID, n.Enabled, strings.Join(n.Times, ","), n.Days, n.Zone, n.QuietFrom, n.QuietTo,
		n.SnoozedDate, n.DMError, n.PlannedThrough.Unix(), nullUnix(n.NextPlanAt), now); err != nil {
		return err
	}
	_, err := withdrawTx(ctx, tx, n.GuildID, SelfCareNudgeSource(n.UserID), "")
	return err
}

// updateNudges loads a member's nudges, lets change edit them, saves them
// and withdraws what was planned, in one transaction.
func (s *Store) updateNudges(ctx context.Context, what, guildID, userID string, change func(*SelfCareNudges, time.Time) error) (SelfCareNudges, error) {
	var n SelfCareNudges
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = nudgesTx(ctx, tx, guildID, userID); err != nil {
			return err
		}
		now := s.now()
		if err := change(&n, now); err != nil {
			return err
		}
		if err := saveNudgesTx(ctx, tx, n, now.Unix()); err != nil {
			return err
		}
		n, err = nudgesTx(ctx, tx, guildID, userID)
		return err
	})
	if err != nil {
		return SelfCareNudges{}, fmt.Errorf("%s self-care nudges of user %s: %w", what, userID, err)
	}
	return n, nil
}

// replan restarts planning of enabled nudges from now.
func (n *SelfCareNudges) replan(now time.Time) {
	n.PlannedThrough, n.NextPlanAt = now, time.Time{}
	if n.Enabled {
		n.NextPlanAt = now
	}
}

// StartSelfCareNudges turns a member's nudges on (or changes them) at
// times (HH:MM) on days (the day part of a schedule, such as "weekdays")
// in zone. Nudges not sent yet are withdrawn and planned again from now;
// a snooze for today stays; a recorded DM failure is forgotten.
func (s *Store) StartSelfCareNudges(ctx context.Context, guildID, userID string, times []string, days, zone string) (SelfCareNudges, error) {
	times, err := normalizeTimes(times)
	if err != nil {
		return SelfCareNudges{}, err
	}
	days = strings.TrimSpace(days)
	if days == "" || len(days) > MaxNudgeDays {
		return SelfCareNudges{}, problem(ErrInvalid, "nudge_need_days")
	}
	zone, err = NormalizeSetting(SettingTimeZone, zone)
	if err != nil {
		return SelfCareNudges{}, err
	}
	return s.updateNudges(ctx, "start", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		n.Enabled, n.Times, n.Days, n.Zone, n.DMError = true, times, days, zone, ""
		n.replan(now)
		return nil
	})
}

// StopSelfCareNudges turns a member's nudges off at once, withdrawing
// those not sent yet; one being sent right now is dropped when it is
// rendered. reason, if not "", records why (their DMs are closed). It
// reports whether nudges were on.
func (s *Store) StopSelfCareNudges(ctx context.Context, guildID, userID, reason string) (SelfCareNudges, bool, error) {
	var was bool
	n, err := s.updateNudges(ctx, "stop", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		was = n.Enabled
		n.Enabled = false
		if reason != "" {
			n.DMError = clipError(reason)
		}
		n.replan(now)
		return nil
	})
	return n, was, err
}

// SetSelfCareQuietHours sets a member's quiet hours (HH:MM, from may be
// later than to, wrapping past midnight). Nudges not sent yet are
// planned again.
func (s *Store) SetSelfCareQuietHours(ctx context.Context, guildID, userID, from, to string) (SelfCareNudges, error) {
	switch {
	case !IsClock(from) || !IsClock(to):
		return SelfCareNudges{}, problem(ErrInvalid, "nudge_quiet_two_times")
	case from == to:
		return SelfCareNudges{}, problem(ErrInvalid, "nudge_quiet_same_time")
	}
	return s.updateNudges(ctx, "set quiet hours of", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		n.QuietFrom, n.QuietTo = from, to
		n.replan(now)
		return nil
	})
}

// SnoozeSelfCareNudges skips a member's nudges for one local day
// (YYYY-MM-DD), withdrawing those not sent yet.
func (s *Store) SnoozeSelfCareNudges(ctx context.Context, guildID, userID, localDate string) (SelfCareNudges, error) {
	if _, err := time.Parse(time.DateOnly, localDate); err != nil {
		return SelfCareNudges{}, fmt.Errorf("%w: %q isn't a date", ErrInvalid, localDate)
	}
	return s.updateNudges(ctx, "snooze", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		if !n.Enabled {
			return problem(ErrConflict, "nudge_off_already")
		}
		n.SnoozedDate = localDate
		n.replan(now)
		return nil
	})
}

// SelfCareNudgesToPlan returns up to limit members' enabled nudges, across
// all servers, that the scheduler should plan at now, most overdue first.
func (s *Store) SelfCareNudgesToPlan(ctx context.Context, now time.Time, limit int) ([]SelfCareNudges, error) {
	out, err := queryAll(ctx, s.read, scanNudges,
		`SELECT `+nudgeColumns+` FROM selfcare_nudges WHERE enabled = 1 AND next_plan_at <= ?
		 ORDER BY next_plan_at, guild_id, user_id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("load self-care nudges to plan: %w", err)
	}
	return out, nil
}

// SelfCareNudgePlan is what the scheduler planned for a member's nudges.
type SelfCareNudgePlan struct {
	// Nudges are the settings as loaded for planning.
	Nudges SelfCareNudges
	// Deliveries are the nudges to enqueue (idempotently, by key).
	Deliveries []Delivery
	// PlannedThrough is the last instant planned.
	PlannedThrough time.Time
	// NextPlanAt is when to plan again; zero when never.
	NextPlanAt time.Time
}

func (p SelfCareNudgePlan) describe() string {
	return "self-care nudges of user " + p.Nudges.UserID
}

// recordTx enqueues the member's nudges if their settings are unchanged.
func (p SelfCareNudgePlan) recordTx(ctx context.Context, pt *planTx) (bool, error) {
	n := p.Nudges
	return pt.advance(ctx, n.GuildID, p.Deliveries,
		`UPDATE selfcare_nudges SET planned_through = ?, next_plan_at = ?
		 WHERE guild_id = ? AND user_id = ? AND version = ? AND enabled = 1`,
		p.PlannedThrough.Unix(), nullUnix(p.NextPlanAt), n.GuildID, n.UserID, n.Version)
}

// DeferSelfCareNudges postpones planning a member's nudges until until.
func (s *Store) DeferSelfCareNudges(ctx context.Context, guildID, userID string, until time.Time) error {
	return s.deferPlan(ctx, "self-care nudges of user "+userID, until,
		`UPDATE selfcare_nudges SET next_plan_at = ? WHERE guild_id = ? AND user_id = ? AND enabled = 1`, guildID, userID)
}
