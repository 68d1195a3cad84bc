package discordtest

import (
	"net/http"
	"slices"
	"time"
)

// DropNext makes the next times requests matching method and pattern (see
// RequestsTo) fail as on the network: the fake closes the connection
// without answering, so the client's error is a *url.Error naming the
// URL it was sending to, token and channel included.
func (s *Server) DropNext(method, pattern string, times int) {
	s.Inject(method, pattern, Fault{Drop: true, Times: times})
}

// dropConnection closes the request's connection without a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not reachable with httptest's HTTP/1 server; answer something.
		http.Error(w, "dropped", http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	conn.Close()
}

// Fault describes an injected error response.
type Fault struct {
	// Status is the HTTP status (e.g. 429, 500, 502, 503).
	Status int
	// RetryAfter is the 429 retry_after (default 50ms).
	RetryAfter time.Duration
	// Global marks a 429 as a global rate limit (X-RateLimit-Global).
	Global bool
	// Code overrides the Discord error code of the JSON body (default 0).
	Code int
	// Message overrides the message of the JSON body.
	Message string
	// Times is how many matching requests fail (default 1).
	Times int
	// Drop closes the connection without an answer, as a network failure
	// does; Status is then unused. See DropNext.
	Drop bool
	// AfterEffect applies the request first (a message create stores and
	// dispatches its message) and only then answers with the fault: what
	// a client sees when Discord fails after doing the work.
	AfterEffect bool
	// Stall holds the answer back this long (until the client gives up
	// first): a timeout, with or without AfterEffect.
	Stall time.Duration
	// Lapse, if set, drops the fault when no request has matched it this
	// long after Inject: a passing outage, which only the requests made
	// during it see, rather than a fault that waits for the next request
	// however late it comes.
	Lapse time.Duration
}

type faultRule struct {
	method, pattern string
	f               Fault
	left            int
	until           time.Time // when a fault with Lapse lapses
}

// FailNext makes the next request matching method and pattern (see
// RequestsTo) fail with status. For 429 the response carries retry_after
// 0.05 and Discord's rate-limit headers, so discordgo sleeps and retries
// by itself; for 502 discordgo retries too (up to MaxRestRetries); other
// statuses surface as *discordgo.RESTError.
func (s *Server) FailNext(method, pattern string, status int) {
	s.Inject(method, pattern, Fault{Status: status})
}

// Inject adds a fault rule; see Fault and FailNext.
func (s *Server) Inject(method, pattern string, f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Status == http.StatusTooManyRequests && f.RetryAfter == 0 {
		f.RetryAfter = 50 * time.Millisecond
	}
	s.mu.Lock()
	rule := &faultRule{method: method, pattern: pattern, f: f, left: f.Times}
	if f.Lapse > 0 {
		rule.until = time.Now().Add(f.Lapse)
	}
	s.faults = append(s.faults, rule)
	s.mu.Unlock()
}

// takeFaultLocked returns the fault for a request, if one matches, and
// counts it used; faults that lapsed are dropped first. s.mu must be held.
func (s *Server) takeFaultLocked(method, path string) *Fault {
	now := time.Now()
	s.faults = slices.DeleteFunc(s.faults, func(f *faultRule) bool { return !f.until.IsZero() && now.After(f.until) })
	for i, f := range s.faults {
		if matchRoute(f.method, f.pattern, method, path) {
			fc := f.f
			f.left--
			if f.left <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return &fc
		}
	}
	return nil
}
