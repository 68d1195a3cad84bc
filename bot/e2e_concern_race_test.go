package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// syncBuffer is a log sink tests read while the bot writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newLoggedHarness is newHarness with the bot's logs kept in logs.
func newLoggedHarness(t *testing.T, logs *syncBuffer) *harness {
	t.Helper()
	h := &harness{t: t, fake: discordtest.New(t), dbPath: filepath.Join(t.TempDir(), "kindred.db"), clock: &fakeClock{now: harnessStart}}
	h.guild = h.fake.AddGuild(discordtest.DefaultGuild())
	store, err := data.Open(context.Background(), h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	store.Now = h.clock.Now
	b, err := bot.New(bot.Config{
		Token: h.fake.Token, HTTPClient: h.fake.HTTPClient(), Store: store, Now: h.clock.Now, DeferAfter: time.Minute,
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.store, h.bot, h.cancel, h.done = store, b, cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-h.done:
		t.Fatalf("bot stopped before it was ready: %v", err)
	case <-time.After(discordtest.DefaultWaitTimeout):
		t.Fatal("bot did not connect")
	}
	t.Cleanup(h.stop)
	h.fake.WaitMessage(t, h.guild.ChannelID("general"), nil)
	return h
}

// A concern closed or erased while its alert is being posted: the alert
// is withdrawn, the member gets their words back, and nothing is logged
// as an error.
func TestConcernErasedOrClosedWhileItsAlertIsPostedEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		name   string
		outrun func(h *harness, c data.Concern) error
	}{
		{"erased with the member's data", func(h *harness, c data.Concern) error {
			_, err := h.store.DeleteMemberData(context.Background(), h.guild.ID, c.UserID)
			return err
		}},
		{"closed by a moderator", func(h *harness, c data.Concern) error {
			_, err := h.store.CloseConcern(context.Background(), h.guild.ID, c.Ref, h.member("bob").User.ID)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &syncBuffer{}
			h := newLoggedHarness(t, logs)
			g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
			carol := h.member("carol")
			pvSet(t, h, data.SettingAlertsChannel, modLog)

			form := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("named")).Wait(t)
			// The alert takes a while to post; meanwhile the concern goes.
			h.fake.Delay("POST", "/channels/"+modLog+"/messages", 700*time.Millisecond)
			const text = "The Tuesday voice chat got heated."
			in := h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"text": text})
			var c data.Concern
			pvEventually(t, "the concern is stored", func() bool {
				cs, err := h.store.Concerns(context.Background(), g, true, 5)
				if err != nil || len(cs) == 0 {
					return false
				}
				c = cs[0]
				return true
			})
			if err := tc.outrun(h, c); err != nil {
				t.Fatal(err)
			}
			resp := in.Wait(t)
			h.fake.Delay("POST", "/channels/"+modLog+"/messages", 0)
			if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !resp.Ephemeral() {
				t.Fatalf("reply type %d ephemeral %v", resp.Type, resp.Ephemeral())
			}
			if got := resp.Content() + embedsText(resp.Data.Embeds); !strings.Contains(got, "withdrawn") || !strings.Contains(got, text) {
				t.Errorf("reply:\n%s", got)
			}
			for _, m := range h.fake.Messages(modLog) {
				if strings.Contains(m.Content, c.Ref) {
					t.Errorf("the alert of %s is still in the moderators' channel", c.Ref)
				}
			}
			if strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("the race was logged as an error:\n%s", logs.String())
			}
		})
	}
}
