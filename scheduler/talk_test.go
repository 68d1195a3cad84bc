package scheduler_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// talkNotifier is a Notifier that also tells members nobody has taken
// their request; fail decides the attempt-th call's outcome.
type talkNotifier struct {
	*fakeNotifier
	mu    sync.Mutex
	calls int
	fail  func(attempt int) error
}

func (n *talkNotifier) TalkUnanswered(ctx context.Context, r data.TalkRequest, now time.Time) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls++
	if n.fail != nil {
		return n.fail(n.calls)
	}
	return nil
}

func (n *talkNotifier) Calls() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.calls
}

func TestTalkTimeoutsRetryTemporaryFailuresAndGiveUpOnPermanentOnes(t *testing.T) {
	tests := []struct {
		name      string
		fail      func(attempt int) error
		wantCalls int
	}{
		{"sent at once", nil, 1},
		{"retried after a temporary failure", func(a int) error {
			if a == 1 {
				return errors.New("503 Service Unavailable")
			}
			return nil
		}, 2},
		{"a thread that is gone is not retried", func(int) error {
			return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the channel was deleted"}
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, retStart)
			n := &talkNotifier{fakeNotifier: e.notifier, fail: tt.fail}
			r := &scheduler.Runner{Store: e.store, Notifier: n, Now: e.clock.Now}
			d, err := e.store.CreateTalkDraft(ctx, guildA, userID, data.TalkNeedListen, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.OpenTalk(ctx, guildA, d.ID, userID, data.TalkOpening{ThreadID: "530000000000000001", EscalateAt: retStart.Add(10 * time.Minute)}); err != nil {
				t.Fatal(err)
			}
			for _, at := range []time.Duration{5 * time.Minute, 10 * time.Minute, 11 * time.Minute, 13 * time.Minute, time.Hour} {
				e.clock.Set(retStart.Add(at))
				_ = r.Tick(ctx) // a temporary failure is reported, and retried
			}
			if got := n.Calls(); got != tt.wantCalls {
				t.Errorf("member told %d times, want %d", got, tt.wantCalls)
			}
		})
	}
}
