package bot

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
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

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A queue longer than the client's timeout still sends every request: the
// timeout runs from a request's turn, not from when it joined the queue.
// A request that Discord doesn't answer still times out.
func TestPacedRequestsAreTimedFromTheirTurn(t *testing.T) {
	const timeout = 40 * time.Millisecond
	answer := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if err := r.Context().Err(); err != nil {
			return nil, err
		}
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
	})
	// 25 a second with no burst: the tenth request waits ~360 ms, nine
	// timeouts' worth.
	paced := pacedClient(&http.Client{Transport: answer, Timeout: timeout}, newPacer(25, 1, 0))
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := paced.Get("http://discord.invalid/api/v9/channels/1/messages")
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a request failed in the queue: %v", err)
	}

	hang := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	paced = pacedClient(&http.Client{Transport: hang, Timeout: timeout}, newPacer(25, 1, 0))
	if _, err := paced.Get("http://discord.invalid/api/v9/users/@me"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("an unanswered request: got %v, want a deadline error", err)
	}
}
