package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Planned is a plan the scheduler computed for one row of a recurring
// source (a meeting, a self-care schedule, a member's nudges, a check-in
// reminder): the deliveries to enqueue and how far the row is planned.
// Only this package makes them (MeetingPlan, SelfCareSchedulePlan,
// SelfCareNudgePlan, CheckinReminderPlan), so every source is recorded
// the one way RecordPlans records them.
type Planned interface {
	// recordTx records the plan in pt if its row is unchanged since it
	// was loaded, reporting whether it was.
	recordTx(ctx context.Context, pt *planTx) (bool, error)
	// describe names the plan's row in errors.
	describe() string
}

// planTx is one RecordPlans transaction: statements are prepared once per
// transaction, however many plans it records.
type planTx struct {
	tx    *sql.Tx
	now   int64
	stmts map[string]*sql.Stmt
}

func (pt *planTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := pt.stmts[query]; ok {
		return st, nil
	}
	st, err := pt.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	pt.stmts[query] = st
	return st, nil
}

// advance is the one exactly-once step of planning: it runs update, the
// row's conditional UPDATE (it names the row and the version it was
// loaded at, or whatever else tells that it changed since), and only if
// it changed one row enqueues ds, all of guildID, idempotently by key.
// It reports whether the row was unchanged (and so the plan recorded).
func (pt *planTx) advance(ctx context.Context, guildID string, ds []Delivery, update string, args ...any) (bool, error) {
	st, err := pt.stmt(ctx, update)
	if err != nil {
		return false, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, pt.enqueue(ctx, guildID, ds)
}

// enqueue enqueues ds, all of guildID, idempotently by key.
func (pt *planTx) enqueue(ctx context.Context, guildID string, ds []Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	st, err := pt.stmt(ctx, enqueueSQL)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.GuildID != guildID {
			return fmt.Errorf("%w: a delivery of server %s planned for server %s", ErrInvalid, d.GuildID, guildID)
		}
		if err := d.validate(); err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, enqueueArgs(d, pt.now)...); err != nil {
			return err
		}
	}
	return nil
}

// RecordPlan records one plan, as RecordPlans does. It reports false,
// recording nothing, when the plan's row changed since it was loaded (it
// will be planned again).
func (s *Store) RecordPlan(ctx context.Context, p Planned) (bool, error) {
	n, err := s.RecordPlans(ctx, []Planned{p})
	return n == 1, err
}

// RecordPlans records plans in one transaction and returns how many were
// recorded: each plan's deliveries are enqueued (idempotently, by key)
// and its row advanced, but only if the row is unchanged since it was
// loaded; plans of rows that changed are left out, recording nothing.
// This is what makes planning exactly once: two planners, or a planner
// and an edit, never both record a slot.
func (s *Store) RecordPlans(ctx context.Context, plans []Planned) (int, error) {
	if len(plans) == 0 {
		return 0, nil
	}
	planned := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		planned = 0
		pt := &planTx{tx: tx, now: s.now().Unix(), stmts: map[string]*sql.Stmt{}}
		defer func() {
			for _, st := range pt.stmts {
				st.Close()
			}
		}()
		for _, p := range plans {
			ok, err := p.recordTx(ctx, pt)
			if err != nil {
				return fmt.Errorf("%s: %w", p.describe(), err)
			}
			if ok {
				planned++
			}
		}
		return nil
	})
	if err != nil {
		if len(plans) == 1 {
			return 0, fmt.Errorf("plan %w", err)
		}
		return 0, fmt.Errorf("plan %d rows: %w", len(plans), err)
	}
	return planned, nil
}

// deferPlan puts off planning a row (what names it) until until: update
// sets its next_plan_at (the first argument) where args name it.
func (s *Store) deferPlan(ctx context.Context, what string, until time.Time, update string, args ...any) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, update, append([]any{until.Unix()}, args...)...)
		return err
	})
	if err != nil {
		return fmt.Errorf("defer planning %s: %w", what, err)
	}
	return nil
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}
