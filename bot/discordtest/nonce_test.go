package discordtest_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

type nonceCreate struct {
	Content      string `json:"content"`
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

func createWithNonce(dg *discordgo.Session, channelID, content, nonce string) (string, error) {
	ep := discordgo.EndpointChannelMessages(channelID)
	body, err := dg.RequestWithBucketID("POST", ep, nonceCreate{content, nonce, true}, ep)
	if err != nil {
		return "", err
	}
	var m discordgo.Message
	err = discordgo.Unmarshal(body, &m)
	return m.ID, err
}

// TestNonceDedupesEvenAfterAFailureAfterEffect: a 502 after the message
// was stored makes discordgo retry; the nonce makes the retry return the
// stored message, so the channel has it once.
func TestNonceDedupesEvenAfterAFailureAfterEffect(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	general := g.ChannelID("general")

	fake.Inject("POST", "/channels/*/messages", discordtest.Fault{Status: http.StatusBadGateway, AfterEffect: true})
	id, err := createWithNonce(dg, general, "once", "n-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Messages(general)); got != 1 {
		t.Fatalf("messages after a 502 after effect and a retry = %d, want 1", got)
	}
	if fake.NonceHits() != 1 || fake.Messages(general)[0].ID != id {
		t.Fatalf("nonce hits %d, id %s; want 1 and the stored message", fake.NonceHits(), id)
	}
	// A 500 after effect is not retried by discordgo: the caller sees an
	// error though the message exists, and its own retry is deduplicated.
	fake.Inject("POST", "/channels/*/messages", discordtest.Fault{Status: http.StatusInternalServerError, AfterEffect: true})
	var re *discordgo.RESTError
	if _, err := createWithNonce(dg, general, "twice?", "n-2"); !errors.As(err, &re) {
		t.Fatalf("err = %v, want a RESTError", err)
	}
	if _, err := createWithNonce(dg, general, "twice?", "n-2"); err != nil {
		t.Fatal(err)
	}
	// Without enforce_nonce, or with another nonce, a create posts.
	if _, err := createWithNonce(dg, general, "other", "n-3"); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Messages(general)); got != 3 {
		t.Fatalf("messages = %d, want 3", got)
	}
	// Listing after a message returns what came later, for recovery.
	msgs, err := dg.ChannelMessages(general, 100, "", id, "")
	if err != nil || len(msgs) != 2 {
		t.Fatalf("messages after the first = %d, %v; want 2", len(msgs), err)
	}
}

// TestChannelMessageBucket: the per-channel bucket refuses the sixth
// create in 5 s with a 429 and headers that discordgo's rate limiter
// follows, and leaves other channels alone.
func TestChannelMessageBucket(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	fake.LimitChannelMessages(2, time.Second)
	general := g.ChannelID("general")

	start := time.Now()
	for i := range 5 {
		if _, err := dg.ChannelMessageSend(general, "m"); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	// discordgo waits for the bucket from its headers: 5 sends in 2 a
	// window take at least two more windows.
	if el := time.Since(start); el < 2*time.Second {
		t.Fatalf("5 sends at 2 a second took %v", el)
	}
	reqs := fake.RequestsTo("POST", "/channels/{channel_id}/messages")
	if len(reqs) < 5 || reqs[0].Status != 200 {
		t.Fatalf("requests = %d", len(reqs))
	}
	// A 429 from the bucket is one discordgo retries by itself.
	ep := discordgo.EndpointChannelMessages(general)
	// Each under a bucket key of its own, so discordgo cannot wait ahead.
	for i := range 3 {
		dg.RequestWithBucketID("POST", ep, map[string]string{"content": "x"}, fmt.Sprint("key-", i))
	}
	if fake.ChannelRateLimited() == 0 {
		t.Fatal("no create was refused by the channel bucket")
	}
	if got := len(fake.Messages(general)); got != 8 {
		t.Fatalf("messages = %d, want 8", got)
	}
}
