package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

func TestCheckinRemindersAndDailyPromptEndToEnd(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	ctx := context.Background()
	g := h.guild.ID
	alice, carol, bob := h.member("alice"), h.member("carol"), h.member("bob")
	general := h.guild.ChannelID("general")
	at := func(d, hour, min int) time.Time { return time.Date(2026, 11, d, hour, min, 0, 0, time.UTC) }
	reminders := func(userID string) int {
		n := 0
		for _, m := range h.fake.DMs(userID) {
			if strings.Contains(m.Content, "gentle nudge") {
				n++
			}
		}
		return n
	}
	prompts := func() int {
		n := 0
		for _, m := range h.fake.Messages(general) {
			if strings.Contains(m.Content, "How is everyone today?") {
				n++
			}
		}
		return n
	}

	// Carol asks for a reminder at 13:00 London time; Bob at 13:00 too.
	for _, m := range []discordtest.Member{carol, bob} {
		resp := h.fake.SlashCommand(g, m, "checkin", discordtest.Group("remind", discordtest.Sub("on",
			discordtest.Opt("time", "13:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
		if !resp.Ephemeral() {
			t.Fatalf("remind on: %q", resp.Content())
		}
	}
	// Moderators switch on the daily prompt at 09:00 in #general.
	for key, v := range map[string]string{data.SettingCheckinChannel: general, data.SettingCheckinPromptTime: "09:00"} {
		if _, err := h.store.SetSetting(ctx, g, alice.User.ID, key, v); err != nil {
			t.Fatal(err)
		}
	}

	r := meetingRunner(t, h)
	// Bob checks in before his reminder: he is left alone.
	h.fake.SlashCommand(g, bob, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4))).Wait(t)
	tickThrough(t, h, r, at(26, 12, 30), at(26, 16, 0), 30*time.Minute)
	if got, want := reminders(carol.User.ID), 1; got != want {
		t.Fatalf("Carol's reminders on Thursday: %d, want %d", got, want)
	}
	if got := reminders(bob.User.ID); got != 0 {
		t.Fatalf("Bob checked in, yet got %d reminders", got)
	}
	if got := prompts(); got != 0 {
		t.Fatalf("prompts on Thursday: %d, want 0 (09:00 was over 3 hours past when the prompt was switched on)", got)
	}

	// Across a restart, Friday brings exactly one prompt and one reminder each.
	h.restart()
	r = meetingRunner(t, h)
	tickThrough(t, h, r, at(27, 8, 0), at(27, 15, 0), 30*time.Minute)
	if got := prompts(); got != 1 {
		t.Fatalf("prompts on Friday: %d, want 1", got)
	}
	if got := reminders(carol.User.ID); got != 2 {
		t.Fatalf("Carol's reminders by Friday afternoon: %d, want 2", got)
	}
	if got := reminders(bob.User.ID); got != 1 {
		t.Fatalf("Bob's reminders on Friday (no check-in that day): %d, want 1", got)
	}

	// Closed DMs stop the reminders instead of retrying forever.
	h.fake.SetDMsClosed(carol.User.ID, true)
	tickThrough(t, h, r, at(28, 12, 0), at(29, 15, 0), 30*time.Minute)
	if _, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID); err == nil {
		t.Error("Carol's reminder is still on after her DMs refused one")
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
