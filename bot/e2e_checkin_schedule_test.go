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

	// Down all Saturday until 17:00: the 13:00 nudge would be 4 hours late,
	// so that day is skipped rather than sent at an odd hour.
	tickAt(t, h, r, at(28, 17, 0))
	if got := reminders(carol.User.ID); got != 2 {
		t.Fatalf("Carol's reminders after a late start on Saturday: %d, want still 2", got)
	}

	// Closed DMs stop the reminders instead of retrying forever.
	h.fake.SetDMsClosed(carol.User.ID, true)
	tickThrough(t, h, r, at(29, 12, 0), at(30, 15, 0), 30*time.Minute)
	if _, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID); err == nil {
		t.Error("Carol's reminder is still on after her DMs refused one")
	}

	// The prompt's channel becomes unusable: the prompt is switched off and
	// the moderators are told, once.
	if v := h.fake.TakeViolations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
	modLog := h.guild.ChannelID("mod-log")
	if _, err := h.store.SetSetting(ctx, g, alice.User.ID, data.SettingAlertsChannel, modLog); err != nil {
		t.Fatal(err)
	}
	h.fake.Inject("POST", "/channels/"+general+"/messages", discordtest.Fault{Status: 403, Code: 50001, Message: "Missing Access", Times: 1})
	tickThrough(t, h, r, at(31, 8, 30), at(31, 10, 0), 30*time.Minute)
	alert := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "daily check-in prompt") })
	if !strings.Contains(alert.Content, "switched it off") {
		t.Errorf("alert: %q", alert.Content)
	}
	if st, _ := h.store.Settings(ctx, g); st.IsSet(data.SettingCheckinPromptTime) {
		t.Error("the prompt is still on")
	}
	h.fake.TakeViolations() // the injected 403 is not the bot's fault
}
