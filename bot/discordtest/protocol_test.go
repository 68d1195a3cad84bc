package discordtest_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// Failures the fake answers with as Discord does, and its gateway and
// REST protocol: permissions, rate limits, resumes, spec validation,
// request recording, heartbeats and tokens.

func TestMissingPermissions(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	tmpl := discordtest.DefaultGuild()
	tmpl.BotPermissions = discordgo.PermissionViewChannel // cannot send
	tmpl.Roles[0].Permissions = discordgo.PermissionViewChannel
	g := fake.AddGuild(tmpl)
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	if _, err := dg.ChannelMessageSend(g.ChannelID("general"), "hi"); !isRESTCode(err, 50013) {
		t.Fatalf("err = %v, want 50013 Missing Permissions", err)
	}
}

func TestRateLimitAndServerErrors(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	general := g.ChannelID("general")

	// 429: discordgo sleeps retry_after and retries by itself.
	fake.FailNext("POST", "/channels/*/messages", http.StatusTooManyRequests)
	rateLimited := make(chan *discordgo.RateLimit, 1)
	dg.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) { rateLimited <- r })
	m, err := dg.ChannelMessageSend(general, "after 429")
	if err != nil {
		t.Fatalf("send after 429: %v", err)
	}
	rl := recv(t, rateLimited, "RateLimit event")
	if rl.RetryAfter != 50*time.Millisecond {
		t.Errorf("retry after = %v", rl.RetryAfter)
	}
	reqs := fake.RequestsTo("POST", "/channels/{channel_id}/messages")
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 200 {
		t.Fatalf("requests = %d", len(reqs))
	}
	if reqs[0].Response == nil || !bytes.Contains(reqs[0].Response, []byte(`"retry_after":0.05`)) {
		t.Errorf("429 body = %s", reqs[0].Response)
	}
	if len(fake.Messages(general)) != 1 || m.Content != "after 429" {
		t.Errorf("message not stored once")
	}

	// 502: retried by discordgo.
	fake.FailNext("GET", "/channels/*", http.StatusBadGateway)
	if _, err := dg.Channel(general); err != nil {
		t.Fatalf("after 502: %v", err)
	}
	// 500: surfaces as a RESTError.
	fake.FailNext("POST", "messages", http.StatusInternalServerError)
	_, err = dg.ChannelMessageSend(general, "boom")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 500 {
		t.Fatalf("err = %v, want 500 RESTError", err)
	}
	// Delay: slow responses.
	fake.Delay("GET", "/guilds/*", 150*time.Millisecond)
	start := time.Now()
	if _, err := dg.Guild(g.ID); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 150*time.Millisecond {
		t.Errorf("delay not applied: %v", el)
	}
	fake.Delay("GET", "/guilds/*", 0)
}

func TestDropSessionResumeReplaysMissedEvents(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	resumed := make(chan *discordgo.Resumed, 1)
	members := make(chan *discordgo.GuildMemberAdd, 4)
	openBot(t, fake, discordgo.IntentsAllWithoutPrivileged|discordgo.IntentsGuildMembers,
		func(_ *discordgo.Session, r *discordgo.Resumed) { resumed <- r },
		func(_ *discordgo.Session, m *discordgo.GuildMemberAdd) { members <- m })
	fake.WaitConnected(t)

	fake.DropSession()
	// Dispatched while the bot is disconnected (or reconnecting): replayed on RESUME.
	eve := fake.AddMember(g.ID, discordtest.Member{User: discordtest.User{Username: "eve"}})
	recv(t, resumed, "RESUMED")
	if got := recv(t, members, "replayed GUILD_MEMBER_ADD"); got.User.ID != eve.User.ID {
		t.Fatalf("replayed member = %s", got.User.ID)
	}
	if fake.Resumes() != 1 || fake.Identifies() != 1 || fake.Replayed() < 1 {
		t.Fatalf("resumes=%d identifies=%d replayed=%d", fake.Resumes(), fake.Identifies(), fake.Replayed())
	}

	// After an invalidated session, discordgo identifies again.
	fake.InvalidateSessions()
	fake.DropSessionWithCode(4000)
	fake.WaitIdentifies(t, 2)
	fake.WaitConnected(t)
	in := fake.SlashCommand(g.ID, g.Member("alice"), "ping")
	if in.ID == "" {
		t.Fatal("no interaction")
	}
}

func TestSpecValidationCatchesInvalidRequests(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	if !fake.SpecEnabled() {
		t.Skip("Discord OpenAPI spec not available")
	}
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)

	in := fake.SlashCommand(g.ID, g.Member("alice"), "long")
	ic := in.Payload()
	err := dg.InteractionRespond(ic, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: strings.Repeat("x", 2001)}})
	if !isRESTCode(err, 50035) {
		t.Errorf("over-long content err = %v, want 50035", err)
	}
	// A command name with an invalid length is caught by the spec itself.
	_, _ = dg.ApplicationCommandBulkOverwrite(fake.AppID, "", []*discordgo.ApplicationCommand{
		{Name: strings.Repeat("n", 40), Description: "too long a name"}})
	// An unknown route.
	_, _ = dg.Request("GET", discordgo.EndpointAPI+"no/such/route", nil)

	v := fake.TakeViolations()
	joined := strings.Join(v, "\n")
	t.Logf("violations:\n%s", joined)
	for _, want := range []string{
		"request POST /interactions/" + in.ID, // content > 2000 violates the spec's maxLength
		"maxLength",
		"PUT /applications/" + fake.AppID + "/commands",
		"unknown route: GET /no/such/route",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("violations lack %q:\n%s", want, joined)
		}
	}
}

func TestRequestRecording(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	if _, err := dg.ChannelMessageSendComplex(g.ChannelID("general"), &discordgo.MessageSend{
		Content: "hi", AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}); err != nil {
		t.Fatal(err)
	}
	reqs := fake.RequestsTo("POST", "messages")
	if len(reqs) != 1 {
		t.Fatalf("got %d", len(reqs))
	}
	body, _ := reqs[0].JSON.(map[string]any)
	if body["content"] != "hi" || reqs[0].APIVersion != 9 || reqs[0].Header.Get("Authorization") != "Bot "+fake.Token {
		t.Errorf("recorded = %+v", reqs[0])
	}
	if len(fake.RequestsTo("GET", "/gateway")) != 1 {
		t.Errorf("gateway lookups = %d", len(fake.RequestsTo("GET", "/gateway")))
	}
}

func TestHeartbeatsAreAcknowledged(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.WithHeartbeatInterval(20*time.Millisecond))
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	fake.WaitHeartbeats(t, 5)
	dg.RLock()
	ack, sent := dg.LastHeartbeatAck, dg.LastHeartbeatSent
	dg.RUnlock()
	if ack.IsZero() || sent.IsZero() {
		t.Fatalf("ack=%v sent=%v", ack, sent)
	}
	// Still connected: no reconnect was triggered by missing ACKs.
	if fake.Identifies() != 1 || fake.Resumes() != 0 {
		t.Fatalf("identifies=%d resumes=%d", fake.Identifies(), fake.Resumes())
	}
}

func TestBadTokenIsRejected(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.WithToken("right"))
	dg, _ := discordgo.New("Bot wrong")
	dg.Client = fake.HTTPClient()
	dg.ShouldReconnectOnError = false
	dg.LogLevel = -1
	if _, err := dg.User("@me"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("REST with bad token err = %v, want 401", err)
	}
	if err := dg.Open(); err == nil {
		_ = dg.Close()
		t.Fatal("Open with bad token succeeded")
	}
	if fake.Identifies() != 0 {
		t.Errorf("identifies = %d", fake.Identifies())
	}
}
