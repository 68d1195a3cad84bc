package scheduler

import (
	"context"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Window is what the planner hands a source for one row: the time of the
// tick, and From, the instant after which the row's slots are planned.
// From is the row's planned-through, or the source's grace before now if
// that is later: after downtime, slots older than the grace are skipped,
// never sent late. That is the missed-run policy, and it is applied here
// only.
type Window struct {
	Now  time.Time
	From time.Time
}

// catchUp is the missed-run policy: planning resumes at plannedThrough,
// but never more than grace before now.
func catchUp(plannedThrough, now time.Time, grace time.Duration) Window {
	from := plannedThrough
	if g := now.Add(-grace); g.After(from) {
		from = g
	}
	return Window{Now: now, From: from}
}

// A Source is one kind of recurring thing whose deliveries are planned
// ahead as rows: meetings, self-care schedules, members' nudges and
// check-in reminders. Its rows are of type T. The planner (planAll) owns
// the rest: batching, the missed-run policy, recording each plan only if
// its row is unchanged since it was loaded (data.Store.RecordPlans), and
// putting off a row that could not be planned so it holds up no other.
type Source[T any] interface {
	// Name names the source in logs ("meeting", "self-care schedule").
	Name() string
	// Grace is how late a slot may still be planned after downtime.
	Grace() time.Duration
	// Due returns up to limit rows whose turn to be planned has come at
	// now, the most overdue first.
	Due(ctx context.Context, now time.Time, limit int) ([]T, error)
	// PlannedThrough is the last instant row was planned through.
	PlannedThrough(row T) time.Time
	// Plan computes row's plan for the slots after w.From.
	Plan(ctx context.Context, row T, w Window) (data.Planned, error)
	// Defer puts off planning row until until, after it failed.
	Defer(ctx context.Context, row T, until time.Time) error
	// LogAttrs names row in logs (IDs only, never content).
	LogAttrs(row T) []any
}

// planAll plans src's due rows at now, a batch at a time, recording each
// batch in one transaction. It stops at a short batch, at a batch that
// made no progress (every row changed while it was planned: they are
// left for the next tick rather than looped over), or after
// maxPlanBatches. A row that cannot be planned or recorded is logged and
// deferred by planRetry; if the batch's transaction fails, its plans are
// recorded one by one, so one broken row cannot hold up the others.
func planAll[T any](ctx context.Context, r *Runner, now time.Time, src Source[T]) error {
	batch := r.planBatchSize
	if batch <= 0 {
		batch = planBatch
	}
	for range maxPlanBatches {
		rows, err := src.Due(ctx, now, batch)
		if err != nil {
			return err
		}
		progress := false
		plans := make([]data.Planned, 0, len(rows))
		planned := make([]T, 0, len(rows))
		for _, row := range rows {
			p, err := src.Plan(ctx, row, catchUp(src.PlannedThrough(row), now, src.Grace()))
			if err != nil {
				if err := planFailed(ctx, r, now, src, row, err); err != nil {
					return err
				}
				progress = true
				continue
			}
			plans = append(plans, p)
			planned = append(planned, row)
		}
		n, err := r.Store.RecordPlans(ctx, plans)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			n = 0
			for i, p := range plans {
				ok, err := r.Store.RecordPlan(ctx, p)
				if err != nil {
					if err := planFailed(ctx, r, now, src, planned[i], err); err != nil {
						return err
					}
					progress = true
				} else if ok {
					n++
				}
			}
		}
		if n > 0 {
			progress = true
		}
		if len(rows) < batch || !progress {
			return nil
		}
	}
	return nil
}

// planFailed logs a row that could not be planned and looks at it again
// later.
func planFailed[T any](ctx context.Context, r *Runner, now time.Time, src Source[T], row T, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	r.log().Error("plan "+src.Name(), append(src.LogAttrs(row), "err", err)...)
	return src.Defer(ctx, row, now.Add(planRetry))
}
