package discordtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// NonceWindow is how long the fake remembers a message's nonce: a create
// with the same nonce and enforce_nonce within it returns the message
// already made instead of posting again, as Discord does ("a few
// minutes").
const NonceWindow = 2 * time.Minute

type nonceEntry struct {
	messageID string
	at        time.Time
}

// nonceOf returns the key of an enforced nonce in a create body, or "".
func nonceOf(channelID string, body map[string]any) string {
	if enforce, _ := body["enforce_nonce"].(bool); !enforce {
		return ""
	}
	switch n := body["nonce"].(type) {
	case string:
		if n != "" {
			return channelID + "/" + n
		}
	case float64:
		return channelID + "/" + strconv.FormatFloat(n, 'f', -1, 64)
	}
	return ""
}

// nonceHitLocked returns the message a create with the same enforced
// nonce made within NonceWindow, or nil; s.mu must be held.
func (s *Server) nonceHitLocked(channelID string, body map[string]any) *messageRecord {
	key := nonceOf(channelID, body)
	if key == "" || s.nonces == nil {
		return nil
	}
	e, ok := s.nonces[key]
	if !ok || time.Since(e.at) > NonceWindow {
		return nil
	}
	rec := s.messages[e.messageID]
	if rec == nil || rec.deleted {
		return nil
	}
	s.nonceHits++
	return rec
}

// rememberNonceLocked records the nonce of a created message; s.mu must
// be held.
func (s *Server) rememberNonceLocked(channelID string, body map[string]any, rec *messageRecord) {
	key := nonceOf(channelID, body)
	if key == "" {
		return
	}
	if s.nonces == nil {
		s.nonces = map[string]nonceEntry{}
	}
	s.nonces[key] = nonceEntry{messageID: rec.id, at: time.Now()}
}

// NonceHits reports how many message creates were answered with the
// message an earlier create with the same nonce made.
func (s *Server) NonceHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nonceHits
}

// LimitChannelMessages gives every channel's message creates a rate-limit
// bucket of n per window, as Discord does (about 5 per 5 s): answers carry
// the bucket's X-RateLimit-* headers, and a create beyond it is refused
// with a 429 (scope "user") whose retry_after is the time to the window's
// end. n == 0 removes the limit.
func (s *Server) LimitChannelMessages(n int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chanLimitN, s.chanLimitWindow = n, window
	s.chanWindows = map[string]*chanWindow{}
}

type chanWindow struct {
	start time.Time
	used  int
}

// channelLimitLocked applies the channel message bucket to req: it sets
// the bucket's headers on h and reports a 429 fault when the bucket is
// empty. s.mu must be held.
func (s *Server) channelLimitLocked(req *Request, h http.Header) *Fault {
	if s.chanLimitN <= 0 || req.Method != http.MethodPost {
		return nil
	}
	seg := strings.Split(strings.Trim(req.Path, "/"), "/")
	if len(seg) != 3 || seg[0] != "channels" || seg[2] != "messages" {
		return nil
	}
	now := time.Now()
	w := s.chanWindows[seg[1]]
	if w == nil || now.Sub(w.start) >= s.chanLimitWindow {
		w = &chanWindow{start: now}
		s.chanWindows[seg[1]] = w
	}
	resetAfter := s.chanLimitWindow - now.Sub(w.start)
	if w.used >= s.chanLimitN {
		s.chanLimited++
		setRateLimitHeaders(h, req, s.chanLimitN, 0, resetAfter)
		return &Fault{Status: http.StatusTooManyRequests, RetryAfter: resetAfter}
	}
	w.used++
	setRateLimitHeaders(h, req, s.chanLimitN, s.chanLimitN-w.used, resetAfter)
	return nil
}

// ChannelRateLimited reports how many message creates the channel bucket
// refused with a 429.
func (s *Server) ChannelRateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chanLimited
}
