package health_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/health"
)

func TestHandlerAndProbe(t *testing.T) {
	var gatewayUp atomic.Bool
	h := &health.Handler{
		Live: map[string]health.Check{"store": func(context.Context) error { return nil }},
		Ready: map[string]health.Check{"gateway": func(context.Context) error {
			if !gatewayUp.Load() {
				return errors.New("disconnected")
			}
			return nil
		}},
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", h)
	mux.Handle("GET /readyz", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	tests := []struct {
		path string
		up   bool
		want int
	}{
		{"/healthz", false, http.StatusOK}, // alive though not connected
		{"/readyz", false, http.StatusServiceUnavailable},
		{"/readyz", true, http.StatusOK},
	}
	for _, tt := range tests {
		gatewayUp.Store(tt.up)
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s with gateway up=%v: %d, want %d", tt.path, tt.up, resp.StatusCode, tt.want)
		}
	}
	gatewayUp.Store(false)
	if err := health.Probe(context.Background(), addr); err == nil || !strings.Contains(err.Error(), "gateway: disconnected") {
		t.Errorf("Probe while disconnected: %v", err)
	}
	gatewayUp.Store(true)
	if err := health.Probe(context.Background(), addr); err != nil {
		t.Errorf("Probe while ready: %v", err)
	}
}

func TestRecent(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tests := []struct {
		last time.Time
		ok   bool
	}{
		{time.Time{}, false},
		{now.Add(-time.Minute), true},
		{now.Add(-10 * time.Minute), false},
	}
	for _, tt := range tests {
		err := health.Recent(func() time.Time { return tt.last }, 2*time.Minute, clock)(context.Background())
		if (err == nil) != tt.ok {
			t.Errorf("Recent(last %v) = %v, want ok=%v", tt.last, err, tt.ok)
		}
	}
}
