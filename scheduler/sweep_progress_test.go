package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// uncheckable is a MemberChecker that can't answer for some members (as
// Discord can fail for one member again and again) and says the rest are
// gone.
type uncheckable struct {
	*fakeNotifier
	fail map[string]bool
}

func (u uncheckable) IsMember(ctx context.Context, guildID, userID string) (bool, error) {
	if u.fail[userID] {
		return false, errors.New("HTTP 500 Internal Server Error")
	}
	return false, nil
}

// Members the sweep can't check go to the back of its queue, so the ones
// behind them are reached: with a full batch of uncheckable members
// first, the member after them is still erased by the next sweep.
func TestSweepMakesProgressPastMembersItCantCheck(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	fail := map[string]bool{}
	const stuck = 100 // a whole batch
	for i := range stuck + 1 {
		user := fmt.Sprintf("20000000000002%04d", i)
		if i < stuck {
			fail[user] = true
		}
		if err := e.store.MemberLeft(ctx, guildA, user); err != nil {
			t.Fatal(err)
		}
		e.clock.Set(e.clock.Now().Add(time.Second)) // left in this order
	}
	last := fmt.Sprintf("20000000000002%04d", stuck)
	e.runner.Notifier = uncheckable{e.notifier, fail}
	grace := retStart.Add(31 * 24 * time.Hour)
	tickTo(t, e, grace)
	tickTo(t, e, grace.Add(time.Hour))
	if departed(t, e, guildA, last) {
		t.Fatal("after two sweeps the member behind a batch of uncheckable ones is still waiting")
	}
	if !departed(t, e, guildA, fmt.Sprintf("20000000000002%04d", 0)) {
		t.Fatal("an uncheckable member's data was deleted")
	}
}
