package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// A panic while sending one delivery fails that delivery, is logged with
// what it was, and the scheduler goes on with the others.
func TestPanicWhileSendingFailsOnlyThatDelivery(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z")) // a Monday
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
	e.runner.Notifier = reminderPanics{e.notifier}
	// The first tick plans and sends the 24-hour reminder, which panics.
	e.run(t, utc("2026-11-30T18:00:00Z"), utc("2026-12-01T19:05:00Z"), 5*time.Minute)

	if got := sentOfKind(e.notifier.Sent(), data.DeliveryMeetingStart); len(got) != 1 {
		t.Errorf("starting-now posts sent %v, want one: the scheduler stopped after a panic", got)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "panic recovered while sending a delivery") || !strings.Contains(logs, "kind="+data.DeliveryMeetingReminder) {
		t.Errorf("the panic is not logged with what was being sent:\n%s", logs)
	}
}

// reminderPanics is a Notifier that panics on meeting reminders.
type reminderPanics struct{ *fakeNotifier }

func (n reminderPanics) Deliver(ctx context.Context, d data.Delivery) (string, error) {
	if d.Kind == data.DeliveryMeetingReminder {
		var m map[string]int
		m["boom"]++ // a nil map: a real bug, not a panic("...") of our own
	}
	return n.fakeNotifier.Deliver(ctx, d)
}

// memberPanics is a Notifier whose member check (used by the retention
// sweep) panics.
type memberPanics struct{ *fakeNotifier }

func (memberPanics) IsMember(context.Context, string, string) (bool, error) {
	panic("member check exploded")
}

// A panic in one step of a tick (here the retention sweep) is returned as
// an error naming the step, and the other steps still run.
func TestPanicInATickStepIsRecovered(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z"))
	ctx := context.Background()
	if err := e.store.MemberLeft(ctx, guildA, "200000000000000077"); err != nil {
		t.Fatal(err)
	}
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	r := e.newRunner(e.store)
	r.Notifier = memberPanics{e.notifier}
	e.clock.Set(utc("2026-11-30T18:00:00Z").Add(40 * 24 * time.Hour))
	err := r.Tick(ctx)
	if err == nil || !strings.Contains(err.Error(), "retention sweep: panic") {
		t.Fatalf("Tick err = %v, want the sweep's panic as an error", err)
	}
	if !strings.Contains(e.logs.String(), "step=\"retention sweep\"") {
		t.Errorf("the panic is not logged with its step:\n%s", e.logs.String())
	}
	// The next tick runs as usual.
	if err := r.Tick(ctx); err != nil && !strings.Contains(err.Error(), "retention sweep") {
		t.Fatalf("next tick: %v", err)
	}
}
