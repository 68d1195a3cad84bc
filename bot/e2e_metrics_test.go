package bot_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/metrics"
)

// TestMetricsEndToEnd drives an interaction, a refused one, a reminder
// and a gateway reconnect through the fake Discord, then scrapes the
// metrics and finds every family the operators' docs name, with no ID
// or token in any label.
func TestMetricsEndToEnd(t *testing.T) {
	m := metrics.New()
	h := newHarnessWithMetrics(t, m)
	g := h.guild.ID
	carol := h.member("carol")
	general := h.guild.ChannelID("general")

	h.fake.SlashCommand(g, carol, "help").Wait(t)
	h.fake.SlashCommand(g, carol, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Mine"), discordtest.Opt("schedule", "every day at 10:00"), discordtest.Opt("duration", 30))).Wait(t)
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	h.fake.FailNext("POST", "/channels/*/messages", 429) // discordgo waits and retries
	r := meetingRunner(t, h)
	r.Observe = m.Tick
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19.Add(30*time.Second))
	if len(postsContaining(h, general, "Reminder: **Tuesday group**")) != 1 {
		t.Fatal("the reminder was not sent")
	}
	h.fake.DropSession()
	h.fake.WaitResumes(t, 1)
	h.fake.SlashCommand(g, carol, "help").Wait(t)

	// The reply reaches Discord a moment before the bot counts it.
	const helpCount = `kindred_interactions_total{command="help",outcome="ok"} 2`
	var body string
	for deadline := time.Now().Add(discordtest.DefaultWaitTimeout); ; {
		body = scrape(t, m)
		if strings.Contains(body, helpCount) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, want := range []string{
		helpCount,
		`kindred_interactions_total{command="mod-meetings",outcome="refused"} 1`,
		`kindred_interaction_duration_seconds_bucket{command="help"`,
		`kindred_deliveries_total{kind="meeting_reminder",outcome="sent"} 1`,
		`kindred_delivery_lateness_seconds_bucket{kind="meeting_reminder"`,
		`kindred_discord_requests_total{method="POST",route="/channels/{id}/messages",status="2xx"}`,
		`kindred_discord_request_duration_seconds_bucket{method="POST",route="/interactions/{id}/{token}/callback"`,
		`kindred_gateway_connected 1`,
		`kindred_gateway_reconnects_total 1`,
		`kindred_store_query_duration_seconds_bucket{kind="read"`,
		`kindred_store_query_duration_seconds_bucket{kind="write"`,
		`kindred_scheduler_tick_duration_seconds_count 3`,
		`kindred_scheduler_last_tick_timestamp_seconds`,
		`kindred_discord_rate_limited_total{method="POST",route="/channels/{id}/messages",scope="user"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, id := range []string{g, carol.User.ID, general, h.fake.Token} {
		if strings.Contains(body, id) {
			t.Errorf("metrics carry an ID or token %q", id)
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
