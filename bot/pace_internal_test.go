package bot

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestPacerServesTheMostUrgentFirst: requests queued for the global pace
// are served lowest rank first, whatever order they came in, and a
// request whose context ends leaves the queue without a token.
func TestPacerServesTheMostUrgentFirst(t *testing.T) {
	p := newPacer(5, 1, 0) // a token every 200ms: time to queue them all
	ctx := context.Background()
	if err := p.wait(ctx, 0); err != nil { // the one token there is
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []int64
	var wg sync.WaitGroup
	gone, cancel := context.WithCancel(ctx)
	for _, rank := range []int64{30, 10, 20, 5} {
		c := ctx
		if rank == 5 {
			c = gone // cancelled before its turn
		}
		wg.Go(func() {
			if err := p.wait(c, rank); err != nil {
				return
			}
			mu.Lock()
			order = append(order, rank)
			mu.Unlock()
		})
		for queued := false; !queued; { // queue them in this order
			p.mu.Lock()
			queued = slices.ContainsFunc(p.waiters, func(w *waiter) bool { return w.rank == rank })
			p.mu.Unlock()
		}
	}
	cancel()
	wg.Wait()
	if want := []int64{10, 20, 30}; !slices.Equal(order, want) {
		t.Fatalf("served %v, want %v", order, want)
	}
}

// TestPacerStartsQuiet: a new process makes no request before its quiet
// start has passed, so its pace and its predecessor's never add up.
func TestPacerStartsQuiet(t *testing.T) {
	start := time.Now()
	p := newPacer(48, 2, 300*time.Millisecond)
	if err := p.wait(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Fatalf("first request after %v, want at least the quiet start", waited)
	}
}
