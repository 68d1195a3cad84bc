package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/metrics"
)

func TestRoute(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/api/v10/channels/123456789012345678/messages", "/channels/{id}/messages"},
		{"/api/v10/channels/1/messages/2", "/channels/{id}/messages/{id}"},
		{"/api/v10/webhooks/1/aW50ZXJhY3Rpb246MTIz/messages/@original", "/webhooks/{id}/{token}/messages/@original"},
		{"/api/v10/interactions/1/aW50ZXJhY3Rpb246MTIz/callback", "/interactions/{id}/{token}/callback"},
		{"/api/v9/users/@me/channels", "/users/@me/channels"},
		{"/gateway/bot", "/gateway/bot"},
	}
	for _, tt := range tests {
		if got := metrics.Route(tt.path); got != tt.want {
			t.Errorf("Route(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestNilRecordsNothing(t *testing.T) {
	var m *metrics.Metrics
	m.Interaction("help", "ok", time.Millisecond)
	m.Delivery("reminder", "sent", time.Second)
	m.GatewayUp(true, true)
	m.Query("read", time.Millisecond)
	m.Tick(time.Millisecond, time.Now())
	if rt := m.Transport(http.DefaultTransport); rt != http.DefaultTransport {
		t.Fatalf("nil Metrics wrapped the transport")
	}
}

func TestTransportCountsRoutesAndRateLimits(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/messages") {
			w.Header().Set("X-RateLimit-Scope", "shared")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer api.Close()
	m := metrics.New()
	client := &http.Client{Transport: m.Transport(nil)}
	for _, p := range []string{"/api/v10/channels/42/messages", "/api/v10/users/@me", "/api/v10/webhooks/7/secret-token-value/messages/@original"} {
		resp, err := client.Post(api.URL+p, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	body := scrape(t, m)
	for _, want := range []string{
		`kindred_discord_requests_total{method="POST",route="/channels/{id}/messages",status="4xx"} 1`,
		`kindred_discord_rate_limited_total{method="POST",route="/channels/{id}/messages",scope="shared"} 1`,
		`kindred_discord_requests_total{method="POST",route="/users/@me",status="2xx"} 1`,
		`route="/webhooks/{id}/{token}/messages/@original"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, secret := range []string{"secret-token-value", "/42/"} {
		if strings.Contains(body, secret) {
			t.Errorf("metrics carry %q", secret)
		}
	}
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
