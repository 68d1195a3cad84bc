package bot

import (
	"container/heap"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Kindred's own pace for REST requests: 48 a second with bursts of 2
// never makes more than 50 requests in any second, Discord's global
// limit. The pace is kept at the HTTP transport, so it counts every
// request discordgo makes, its own retries of a 502 or a 429 included.
const (
	sendRate  = 48
	sendBurst = 2
	// DefaultQuietStart is how long a new process waits before its first
	// paced request: the process it replaces (killed, or restarted) may
	// have sent at the full pace in its last second, and the two must not
	// add up to more than Discord's 50 a second.
	DefaultQuietStart = time.Second
)

// rankKey carries a request's rank (lower goes first) in its context.
type rankKey struct{}

// withRank marks the requests made with ctx with rank: when requests
// queue for the global pace, the lowest rank goes first. Requests with
// no rank (answers to members, setup) go before every delivery.
func withRank(ctx context.Context, rank int64) context.Context {
	return context.WithValue(ctx, rankKey{}, rank)
}

func rankOf(ctx context.Context) int64 {
	if r, ok := ctx.Value(rankKey{}).(int64); ok {
		return r
	}
	return math.MinInt64
}

// pacer is a token bucket whose waiters are served lowest rank first
// (then first come), unlike rate.Limiter, which serves in arrival order:
// a "starting now" post queued behind a hundred reminders still leaves
// next.
type pacer struct {
	every time.Duration // one token per every
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	tokens  float64
	last    time.Time // when tokens was computed
	waiters waitHeap
	seq     int64
	timer   *time.Timer
}

func newPacer(perSecond, burst int, quiet time.Duration) *pacer {
	p := &pacer{every: time.Second / time.Duration(perSecond), burst: float64(burst), now: time.Now}
	// No tokens until quiet has passed: the first request leaves then.
	p.last = p.now().Add(quiet).Add(-p.every)
	return p
}

type waiter struct {
	rank    int64
	seq     int64
	ready   chan struct{}
	granted bool
	index   int
}

type waitHeap []*waiter

func (h waitHeap) Len() int { return len(h) }
func (h waitHeap) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].seq < h[j].seq
}
func (h waitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *waitHeap) Push(x any)   { w := x.(*waiter); w.index = len(*h); *h = append(*h, w) }
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	*h = old[:len(old)-1]
	w.index = -1
	return w
}

// refill adds the tokens earned since last; p.mu must be held.
func (p *pacer) refill(now time.Time) {
	if now.Before(p.last) {
		return
	}
	p.tokens = math.Min(p.burst, p.tokens+float64(now.Sub(p.last))/float64(p.every))
	p.last = now
}

// wait blocks until a request of the given rank may be made.
func (p *pacer) wait(ctx context.Context, rank int64) error {
	p.mu.Lock()
	p.refill(p.now())
	if len(p.waiters) == 0 && p.tokens >= 1 {
		p.tokens--
		p.mu.Unlock()
		return nil
	}
	p.seq++
	w := &waiter{rank: rank, seq: p.seq, ready: make(chan struct{})}
	heap.Push(&p.waiters, w)
	p.scheduleLocked()
	p.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		defer p.mu.Unlock()
		if w.granted {
			return nil // too late to give the token back to anyone else waiting
		}
		heap.Remove(&p.waiters, w.index)
		return fmt.Errorf("wait for a turn to send: %w", ctx.Err())
	}
}

// scheduleLocked arms the timer for the next token; p.mu must be held.
func (p *pacer) scheduleLocked() {
	if p.timer != nil || len(p.waiters) == 0 {
		return
	}
	d := time.Duration((1 - p.tokens) * float64(p.every))
	if now := p.now(); p.last.After(now) {
		d += p.last.Sub(now)
	}
	p.timer = time.AfterFunc(max(d, 0), p.grant)
}

// grant hands out the tokens earned to the best waiters.
func (p *pacer) grant() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = nil
	p.refill(p.now())
	for p.tokens >= 1 && len(p.waiters) > 0 {
		w := heap.Pop(&p.waiters).(*waiter)
		p.tokens--
		w.granted = true
		close(w.ready)
	}
	p.scheduleLocked()
}

// pacedTransport makes every REST request wait for the global pace,
// except interaction callbacks and their webhooks, which Discord exempts
// from the global limit (and which must answer within 3 seconds).
//
// The wait is bounded by the request's context only; timeout (the HTTP
// client's, which the paced client leaves unset) starts once the request
// has its turn. Otherwise a burst larger than timeout's worth of turns,
// such as the welcome posts of a thousand servers added at once, would
// fail the requests at the end of the queue without their ever leaving.
type pacedTransport struct {
	p       *pacer
	next    http.RoundTripper
	timeout time.Duration
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if p := req.URL.Path; !strings.Contains(p, "/interactions/") && !strings.Contains(p, "/webhooks/") {
		if err := t.p.wait(req.Context(), rankOf(req.Context())); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}
	if t.timeout <= 0 {
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// pacedClient is client with every request paced by p and timed by
// client's timeout from its turn.
func pacedClient(client *http.Client, p *pacer) *http.Client {
	paced := *client
	paced.Transport = &pacedTransport{p: p, next: transportOf(client), timeout: client.Timeout}
	paced.Timeout = 0
	return &paced
}

// cancelOnClose releases a request's timeout when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
