package bot_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestDeliveryStoredDespiteA5xxIsFoundNotPostedAgain: Discord stores a
// reminder and then answers 500. The post carries the delivery's nonce
// and marker; the retry reads the channel, finds Kindred's marked post
// and records it instead of posting again.
func TestDeliveryStoredDespiteA5xxIsFoundNotPostedAgain(t *testing.T) {
	h := newHarness(t)
	general := h.guild.ChannelID("general")
	createMeeting(t, h,
		discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour))

	h.fake.Inject("POST", "/channels/*/messages", discordtest.Fault{Status: http.StatusInternalServerError, AfterEffect: true})
	tickAt(t, h, r, monday19)
	posts := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(posts) != 1 {
		t.Fatalf("reminders after a 500 after the store: %d, want 1", len(posts))
	}
	creates := h.fake.RequestsTo("POST", "/channels/{channel_id}/messages")
	body, _ := creates[len(creates)-1].JSON.(map[string]any)
	nonce, _ := body["nonce"].(string)
	if enforce, _ := body["enforce_nonce"].(bool); !enforce || nonce == "" || len(nonce) > 25 {
		t.Fatalf("create carried nonce %q, enforce_nonce %v", nonce, body["enforce_nonce"])
	}
	if got := bot.MarkerOf(posts[0].Content); got != nonce {
		t.Fatalf("post's marker %q, want the nonce %q", got, nonce)
	}

	before := len(creates)
	tickAt(t, h, r, monday19.Add(10*time.Second)) // the retry is due
	if got := len(h.fake.RequestsTo("POST", "/channels/{channel_id}/messages")); got != before {
		t.Fatalf("the retry posted again (%d creates, want %d)", got, before)
	}
	if len(h.fake.RequestsTo("GET", "/channels/{channel_id}/messages")) == 0 {
		t.Fatal("the retry did not read the channel")
	}
	if got := postsContaining(h, general, "Reminder: **Tuesday group**"); len(got) != 1 {
		t.Fatalf("reminders: %d, want 1", len(got))
	}
	ds, err := h.store.Deliveries(context.Background(), h.guild.ID, "meeting:1")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, d := range ds {
		if d.Kind == data.DeliveryMeetingReminder && d.Status == data.DeliverySent && d.MessageID == posts[0].ID {
			found = true
		}
	}
	if !found {
		t.Fatalf("no reminder recorded as sent as the found post %s: %+v", posts[0].ID, ds)
	}
}
