package data

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SelfCareScheduleStatus is whether a prompt schedule posts.
type SelfCareScheduleStatus string

// Prompt schedule statuses.
const (
	SelfCareActive SelfCareScheduleStatus = "active"
	SelfCarePaused SelfCareScheduleStatus = "paused"
)

// SelfCareSchedule posts prompts to a channel on a schedule.
type SelfCareSchedule struct {
	ID      int64
	GuildID string
	Status  SelfCareScheduleStatus
	// Schedule is the canonical schedule text (package scheduler), in
	// the server's time zone.
	Schedule  string
	ChannelID string
	// PostError says why posting stopped (a deleted channel, missing
	// access); "" while it works. A schedule with an error is paused.
	PostError string
	// PlannedThrough: slots up to this instant are planned.
	PlannedThrough time.Time
	// NextPlanAt is when the scheduler looks again; zero when never.
	NextPlanAt time.Time
	// Version is bumped by every change, so planning never races an edit.
	Version   int64
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const selfCareScheduleColumns = `id, guild_id, status, schedule, channel_id, post_error, planned_through, next_plan_at,
	version, created_by, created_at, updated_at`

func scanSelfCareSchedule(r rowScanner) (SelfCareSchedule, error) {
	var sc SelfCareSchedule
	var planned, created, updated int64
	var next sql.NullInt64
	if err := r.Scan(&sc.ID, &sc.GuildID, &sc.Status, &sc.Schedule, &sc.ChannelID, &sc.PostError, &planned, &next,
		&sc.Version, &sc.CreatedBy, &created, &updated); err != nil {
		return SelfCareSchedule{}, err
	}
	sc.PlannedThrough, sc.CreatedAt, sc.UpdatedAt = unixToUTC(planned), unixToUTC(created), unixToUTC(updated)
	if next.Valid {
		sc.NextPlanAt = unixToUTC(next.Int64)
	}
	return sc, nil
}

func querySelfCareSchedules(ctx context.Context, db queryer, query string, args ...any) ([]SelfCareSchedule, error) {
	return queryAll(ctx, db, scanSelfCareSchedule, query, args...)
}

var errNoSchedule = problem(ErrNotFound, "selfcare_schedule_gone")

func selfCareScheduleTx(ctx context.Context, db queryer, guildID string, id int64) (SelfCareSchedule, error) {
	sc, err := scanSelfCareSchedule(db.QueryRowContext(ctx,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCareSchedule{}, errNoSchedule
	}
	return sc, err
}

// CreateSelfCareSchedule adds a prompt schedule, to be planned at once.
// The schedule text is not parsed here (package scheduler does that);
// it must be its canonical form.
func (s *Store) CreateSelfCareSchedule(ctx context.Context, sc SelfCareSchedule) (SelfCareSchedule, error) {
	sc.Schedule = strings.TrimSpace(sc.Schedule)
	switch {
	case sc.GuildID == "":
		return SelfCareSchedule{}, fmt.Errorf("%w: prompt schedules belong to a server", ErrInvalid)
	case sc.Schedule == "" || len(sc.Schedule) > MaxSelfCareSchedule:
		return SelfCareSchedule{}, fmt.Errorf("%w: a prompt schedule needs a schedule, like \"every day at 09:00\"", ErrInvalid)
	case !snowflakeRE.MatchString(sc.ChannelID):
		return SelfCareSchedule{}, problem(ErrInvalid, "selfcare_schedule_needs_channel")
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n, same int
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*), count(CASE WHEN schedule = ? AND channel_id = ? THEN 1 END) FROM selfcare_schedules WHERE guild_id = ?`,
			sc.Schedule, sc.ChannelID, sc.GuildID).Scan(&n, &same); err != nil {
			return err
		}
		switch {
		case same > 0:
			return problem(ErrConflict, "selfcare_schedule_duplicate", "Channel", "<#"+sc.ChannelID+">", "Schedule", sc.Schedule)
		case n >= MaxSelfCareSchedules:
			return problem(ErrInvalid, "selfcare_schedule_limit", "Max", MaxSelfCareSchedules)
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO selfcare_schedules (guild_id, status, schedule, channel_id, planned_through, next_plan_at, created_by, created_at, updated_at)
			 VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?)`,
			sc.GuildID, sc.Schedule, sc.ChannelID, now.Unix(), now.Unix(), sc.CreatedBy, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		sc, err = selfCareScheduleTx(ctx, tx, sc.GuildID, id)
		return err
	})
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("create self-care schedule for guild %s: %w", sc.GuildID, err)
	}
	return sc, nil
}

// SelfCareSchedules returns a server's prompt schedules, oldest first.
func (s *Store) SelfCareSchedules(ctx context.Context, guildID string) ([]SelfCareSchedule, error) {
	out, err := querySelfCareSchedules(ctx, s.read,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("load self-care schedules for guild %s: %w", guildID, err)
	}
	return out, nil
}

// SelfCareSchedule returns one of a server's prompt schedules.
func (s *Store) SelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	sc, err := selfCareScheduleTx(ctx, s.read, guildID, id)
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("load self-care schedule %d: %w", id, err)
	}
	return sc, nil
}

// changeSchedule applies an update to a server's schedule, withdrawing
// the posts not sent yet when withdraw is set, and returns the result.
func (s *Store) changeSchedule(ctx context.Context, what, guildID string, id int64, withdraw bool, check func(SelfCareSchedule) error, query string, args ...any) (SelfCareSchedule, error) {
	var sc SelfCareSchedule
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if sc, err = selfCareScheduleTx(ctx, tx, guildID, id); err != nil {
			return err
		}
		if err := check(sc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, query, append(args, guildID, id)...); err != nil {
			return err
		}
		if withdraw {
			if _, err := withdrawTx(ctx, tx, guildID, SelfCareScheduleSource(id), ""); err != nil {
				return err
			}
		}
		if deleted, err := selfCareScheduleTx(ctx, tx, guildID, id); err == nil {
			sc = deleted
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("%s self-care schedule %d: %w", what, id, err)
	}
	return sc, nil
}

// PauseSelfCareSchedule stops a schedule posting, withdrawing posts not
// sent yet. Pausing a paused schedule is an ErrConflict.
func (s *Store) PauseSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	return s.changeSchedule(ctx, "pause", guildID, id, true, func(sc SelfCareSchedule) error {
		if sc.Status == SelfCarePaused {
			return problem(ErrConflict, "selfcare_schedule_paused_already")
		}
		return nil
	}, `UPDATE selfcare_schedules SET status = 'paused', next_plan_at = NULL, version = version + 1, updated_at = ?
	    WHERE guild_id = ? AND id = ?`, s.now().Unix())
}

// ResumeSelfCareSchedule starts a paused schedule again from now (slots
// missed while paused are not posted) and clears any posting error.
// Resuming an active schedule is an ErrConflict.
func (s *Store) ResumeSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	now := s.now().Unix()
	return s.changeSchedule(ctx, "resume", guildID, id, false, func(sc SelfCareSchedule) error {
		if sc.Status == SelfCareActive {
			return problem(ErrConflict, "selfcare_schedule_running_already")
		}
		return nil
	}, `UPDATE selfcare_schedules SET status = 'active', post_error = '', planned_through = ?, next_plan_at = ?,
	                                  version = version + 1, updated_at = ?
	    WHERE guild_id = ? AND id = ?`, now, now, now)
}

// DeleteSelfCareSchedule deletes a schedule and withdraws its posts not
// sent yet. Prompts already posted, and "I did this" on them, stay.
func (s *Store) DeleteSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	return s.changeSchedule(ctx, "delete", guildID, id, true, func(SelfCareSchedule) error { return nil },
		`DELETE FROM selfcare_schedules WHERE guild_id = ? AND id = ?`)
}

// StopSelfCareSchedule pauses a schedule whose channel cannot be reached,
// recording why, withdraws its posts not sent yet and enqueues alert (if
// not nil) for the moderators, in one transaction. It reports false when
// it had stopped already, so moderators are told once.
func (s *Store) StopSelfCareSchedule(ctx context.Context, guildID string, id int64, reason string, alert *Delivery) (bool, error) {
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE selfcare_schedules SET status = 'paused', post_error = ?, next_plan_at = NULL, version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ? AND status = 'active'`,
			clipError(reason), s.now().Unix(), guildID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		changed = true
		return stopSourceTx(ctx, tx, guildID, SelfCareScheduleSource(id), alert, s.now())
	})
	if err != nil {
		return false, fmt.Errorf("stop self-care schedule %d: %w", id, err)
	}
	return changed, nil
}

// SelfCareSchedulesToPlan returns up to limit active schedules, across all
// servers, that the scheduler should plan at now, the most overdue first.
func (s *Store) SelfCareSchedulesToPlan(ctx context.Context, now time.Time, limit int) ([]SelfCareSchedule, error) {
	out, err := querySelfCareSchedules(ctx, s.read,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules
		 WHERE status = 'active' AND next_plan_at <= ? ORDER BY next_plan_at, id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("load self-care schedules to plan: %w", err)
	}
	return out, nil
}

// SelfCareSchedulePlan is what the scheduler planned for a schedule.
type SelfCareSchedulePlan struct {
	// Schedule is the schedule as loaded for planning.
	Schedule SelfCareSchedule
	// Deliveries are the posts to enqueue (idempotently, by key).
	Deliveries []Delivery
	// PlannedThrough is the last instant planned.
	PlannedThrough time.Time
	// NextPlanAt is when to plan again; zero when nothing is left.
	NextPlanAt time.Time
}

func (p SelfCareSchedulePlan) describe() string {
	return fmt.Sprintf("self-care schedule %d", p.Schedule.ID)
}

// recordTx enqueues the schedule's posts if it is unchanged.
func (p SelfCareSchedulePlan) recordTx(ctx context.Context, pt *planTx) (bool, error) {
	sc := p.Schedule
	return pt.advance(ctx, sc.GuildID, p.Deliveries,
		`UPDATE selfcare_schedules SET planned_through = ?, next_plan_at = ?
		 WHERE guild_id = ? AND id = ? AND version = ? AND status = 'active'`,
		p.PlannedThrough.Unix(), nullUnix(p.NextPlanAt), sc.GuildID, sc.ID, sc.Version)
}

// DeferSelfCareSchedule postpones planning a schedule until until (after
// a failure, or while the feature is off).
func (s *Store) DeferSelfCareSchedule(ctx context.Context, guildID string, id int64, until time.Time) error {
	return s.deferPlan(ctx, fmt.Sprintf("self-care schedule %d", id), until,
		`UPDATE selfcare_schedules SET next_plan_at = ? WHERE guild_id = ? AND id = ? AND status = 'active'`, guildID, id)
}
