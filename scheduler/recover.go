package scheduler

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// step runs one part of a tick, named by what, turning a panic into an
// error (and a log line with the stack) so that one bug never stops the
// scheduler: the other parts run, and the next tick tries again.
func (r *Runner) step(what string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log().Error("scheduler panic recovered", "step", what, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("%s: panic: %v", what, p)
		}
	}()
	return fn()
}

// deliver calls the Notifier, turning a panic into a permanent failure of
// that one delivery: a bug in rendering it would only repeat, and the
// claim must still be finished.
func (r *Runner) deliver(ctx context.Context, d data.Delivery, now time.Time) (id string, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log().Error("panic recovered while sending a delivery", "delivery", d.ID, "kind", d.Kind, "guild", d.GuildID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			id, err = "", &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "Kindred hit a bug while sending it"}
		}
	}()
	return r.deliverOnce(ctx, d, now)
}
