package discordtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// recorder is a testing.TB whose failures are captured instead of failing
// the surrounding test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, sprintf(format, args...))
}

func TestResponseValidationDetectsBrokenFakeResponses(t *testing.T) {
	s := New(t)
	if s.spec == nil {
		t.Skip("spec not available")
	}
	req := &Request{Method: "GET", Path: "/users/@me", Query: url.Values{}, Header: http.Header{"Authorization": {"Bot x"}}}
	s.spec.validateResponse(s, req, "", 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"id":"1","username":"x"}`))
	v := s.TakeViolations()
	if len(v) != 1 || !strings.Contains(v[0], "discordtest bug") {
		t.Fatalf("violations = %q", v)
	}
	t.Log(v[0])
	// And the real one validates.
	s.spec.validateResponse(s, req, "", 200, http.Header{"Content-Type": {"application/json"}}, mustJSON(s.botUserPII()))
	if v := s.TakeViolations(); len(v) != 0 {
		t.Fatalf("violations = %q", v)
	}
}

func TestMatchRoute(t *testing.T) {
	cases := []struct {
		method, pattern, gotMethod, path string
		want                             bool
	}{
		{"POST", "/channels/*/messages", "POST", "/channels/1/messages", true},
		{"POST", "/channels/{channel_id}/messages", "POST", "/channels/1/messages", true},
		{"", "messages", "GET", "/channels/1/messages", true},
		{"*", "messages/*", "GET", "/channels/1/messages/2", true},
		{"GET", "/channels/*", "GET", "/channels/1/messages", false},
		{"GET", "/channels/*", "POST", "/channels/1", false},
		{"GET", "callback", "GET", "/interactions/1/t/callback", true},
	}
	for _, c := range cases {
		if got := matchRoute(c.method, c.pattern, c.gotMethod, c.path); got != c.want {
			t.Errorf("matchRoute(%q,%q,%q,%q) = %v", c.method, c.pattern, c.gotMethod, c.path, got)
		}
	}
}
