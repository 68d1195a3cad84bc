package scheduler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

func TestRetryAtKeepsLastTriesBeforeExpiry(t *testing.T) {
	now := utc("2026-12-01T18:59:00Z")
	tests := []struct {
		name     string
		attempts int
		expires  time.Time
		want     time.Time
	}{
		{"backoff ends well before expiry", 2, utc("2026-12-01T19:00:00Z"), now.Add(10 * time.Second)},
		{"backoff would outlast it: halfway", 5, utc("2026-12-01T19:00:00Z"), now.Add(30 * time.Second)},
		{"backoff ends at expiry: halfway", 4, now.Add(40 * time.Second), now.Add(20 * time.Second)},
		{"under twice the base left: backoff (it expires first)", 4, now.Add(9 * time.Second), now.Add(40 * time.Second)},
		{"no expiry", 8, time.Time{}, now.Add(10 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := data.Delivery{Attempts: tt.attempts, ExpiresAt: tt.expires}
			if got := scheduler.RetryAt(d, now); !got.Equal(tt.want) {
				t.Errorf("RetryAt(%d attempts, expires %v) = %v, want %v", tt.attempts, tt.expires, got, tt.want)
			}
		})
	}
}

// A reminder that keeps failing late (a storm of 5xx, restarts) is tried
// again before its meeting starts rather than waiting out a backoff that
// ends after it, which would lose it.
func TestFailingReminderGetsItsLastTriesBeforeTheMeeting(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:00:00Z"))
	m := e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		if d.Kind == data.DeliveryMeetingReminder && attempt <= 5 {
			return errors.New("HTTP 503 Service Unavailable")
		}
		return nil
	}
	// Attempts at 18:58:30, :35, :45, 18:59:05 and :45 fail; the next
	// backoff (80s) would end after 19:00, so the sixth comes at 18:59:53.
	e.run(t, utc("2026-12-01T18:58:30Z"), utc("2026-12-01T19:00:30Z"), time.Second)
	sent := sentOfKind(e.notifier.Sent(), data.DeliveryMeetingReminder)
	if len(sent) != 1 || !sent[0].Before(utc("2026-12-01T19:00:00Z")) {
		t.Fatalf("reminder sent at %v, want once before 19:00", sent)
	}
	ds, err := e.store.Deliveries(context.Background(), guildA, data.MeetingSource(m.ID))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.notifier.Calls(ds[0].Key); got != 6 {
		t.Errorf("reminder attempts %d, want 6", got)
	}
}
