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
}

type faultRule struct {
	method, pattern string
	f               Fault
	left            int
}

type chaosRule struct {
	method, pattern string
	pick            func() (Fault, bool)
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
	f = withFaultDefaults(f)
	s.mu.Lock()
	s.faults = append(s.faults, &faultRule{method: method, pattern: pattern, f: f, left: f.Times})
	s.mu.Unlock()
}

// Chaos makes every request matching method and pattern that no injected
// fault matches ask pick whether to fail, and how: a storm whose faults
// fall on the requests made during it, however many or few there are
// (one in four at random, say), where faults injected ahead of time
// would wait for whatever request comes next. pick is called with the
// server locked, so it must not call the server. A nil pick ends the
// chaos for method and pattern.
func (s *Server) Chaos(method, pattern string, pick func() (Fault, bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos = slices.DeleteFunc(s.chaos, func(c *chaosRule) bool { return c.method == method && c.pattern == pattern })
	if pick != nil {
		s.chaos = append(s.chaos, &chaosRule{method: method, pattern: pattern, pick: pick})
	}
}

func withFaultDefaults(f Fault) Fault {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Status == http.StatusTooManyRequests && f.RetryAfter == 0 {
		f.RetryAfter = 50 * time.Millisecond
	}
	return f
}

// takeFaultLocked returns the fault for a request, if one matches: the
// first injected fault (counted used), else what chaos picks. s.mu must
// be held.
func (s *Server) takeFaultLocked(method, path string) *Fault {
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
	for _, c := range s.chaos {
		if matchRoute(c.method, c.pattern, method, path) {
			if f, ok := c.pick(); ok {
				f = withFaultDefaults(f)
				return &f
			}
			return nil
		}
	}
	return nil
}
