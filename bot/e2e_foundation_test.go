package bot_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

func TestHelpEndToEnd(t *testing.T) {
	h := newHarness(t)
	resp := h.fake.SlashCommand(h.guild.ID, h.member("carol"), "help").Wait(t)
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("response type=%d, want a message", resp.Type)
	}
	if !resp.Ephemeral() {
		t.Error("/help reply is public, want ephemeral")
	}
	for _, want := range []string{"not a therapist", "/crisis", "Crisis lines"} {
		if !strings.Contains(resp.Content(), want) {
			t.Errorf("/help lacks %q:\n%s", want, resp.Content())
		}
	}
	if am := resp.Data.AllowedMentions; am == nil || len(am.Parse) != 0 {
		t.Errorf("allowed_mentions=%+v, want parse=[] (nobody pinged)", am)
	}
}

func TestCommandsSyncOnlyWhenChanged(t *testing.T) {
	h := newHarness(t)
	syncs := func() int { return len(h.fake.RequestsTo("PUT", "/applications/*/commands")) }
	if got := syncs(); got != 1 {
		t.Fatalf("first start made %d bulk overwrites, want 1", got)
	}
	names := map[string]bool{}
	for _, c := range h.fake.Commands() {
		names[c.Name] = true
	}
	if !names["help"] {
		t.Fatalf("synced commands lack /help: %v", names)
	}
	h.restart()
	if got := syncs(); got != 1 {
		t.Fatalf("second start with the same definitions made %d bulk overwrites in all, want still 1", got)
	}
	if got := len(h.fake.RequestsTo("GET", "/oauth2/applications/@me")); got != 2 {
		t.Errorf("application ID read %d times, want once per start (2)", got)
	}
}

func TestWelcomeOnceWhenJoiningAServer(t *testing.T) {
	h := newHarness(t)
	general := h.guild.ChannelID("general")
	msgs := h.fake.Messages(general)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Content, "/setup") || !strings.Contains(msgs[0].Content, "not a crisis service") {
		t.Fatalf("welcome messages in #general: %+v", msgs)
	}
	h.restart()
	// A second server joined while running is welcomed too.
	g2 := discordtest.DefaultGuild()
	g2.Name = "Second"
	second := h.fake.AddGuild(g2)
	h.fake.WaitMessage(t, second.ChannelID("general"), nil)
	if got := len(h.fake.Messages(general)); got != 1 {
		t.Fatalf("#general of the first server has %d messages after a restart, want the one welcome", got)
	}
}

// TestWelcomeRetriedAfterDiscordFails: a welcome post Discord fails
// (503) is tried again while Kindred runs, not only at its next start,
// and arrives once.
func TestWelcomeRetriedAfterDiscordFails(t *testing.T) {
	const posts = "/channels/*/messages"
	// newHarnessSetUp waits for the welcome in #general.
	h := newHarnessSetUp(t, func(h *harness) {
		h.configure = func(c *bot.Config) {
			c.WelcomeRetries = []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond}
		}
		h.fake.Inject("POST", posts, discordtest.Fault{Status: http.StatusServiceUnavailable, Times: 2})
	})
	if msgs := h.fake.Messages(h.guild.ChannelID("general")); len(msgs) != 1 {
		t.Fatalf("#general has %d messages, want the one welcome", len(msgs))
	}
	if got := len(h.fake.RequestsTo("POST", posts)); got != 3 {
		t.Errorf("%d welcome posts tried, want 3 (two failed, one posted)", got)
	}
}

func TestSurvivesDroppedGatewaySession(t *testing.T) {
	h := newHarness(t)
	h.fake.DropSession()
	h.fake.WaitResumes(t, 1)
	if got := h.fake.Identifies(); got != 1 {
		t.Errorf("identified %d times, want 1 (a drop should RESUME, not re-IDENTIFY)", got)
	}
	resp := h.fake.SlashCommand(h.guild.ID, h.member("carol"), "help").Wait(t)
	if !strings.Contains(resp.Content(), "Kindred") {
		t.Fatalf("/help after a resume answered %q", resp.Content())
	}
}

func TestDeletedConfiguredChannelIsClearedAndModeratorsTold(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	modLog, general := h.guild.ChannelID("mod-log"), h.guild.ChannelID("general")
	alice := h.member("alice").User.ID
	for key, id := range map[string]string{data.SettingAlertsChannel: modLog, data.SettingCheckinChannel: general} {
		if _, err := h.store.SetSetting(ctx, h.guild.ID, alice, key, id); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.Dispatch("CHANNEL_DELETE", &discordgo.Channel{ID: general, GuildID: h.guild.ID, Name: "general", Type: discordgo.ChannelTypeGuildText})
	msg := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "Check-in channel") })
	if !strings.Contains(msg.Content, "#general") || !strings.Contains(msg.Content, "/setup") {
		t.Errorf("alert: %q", msg.Content)
	}
	st, err := h.store.Settings(ctx, h.guild.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.IsSet(data.SettingCheckinChannel) {
		t.Error("the deleted channel is still the check-in channel")
	}
	hist, err := h.store.SettingsHistory(ctx, h.guild.ID, 1)
	if err != nil || len(hist) != 1 || hist[0].Key != data.SettingCheckinChannel || hist[0].UserID != h.fake.BotUserID {
		t.Errorf("audit of the clearing: %+v, %v", hist, err)
	}
}
