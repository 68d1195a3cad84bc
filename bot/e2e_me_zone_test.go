package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestMeTimeZoneMovesTodaysNudgesEndToEnd: a member whose self-care
// nudges are already planned for today changes their zone with /me
// timezone; today's nudge then comes at the same local time in the new
// zone, not the old one.
func TestMeTimeZoneMovesTodaysNudgesEndToEnd(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	g := h.guild.ID
	carol := h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	at := func(hour int) time.Time { return time.Date(2026, 11, 26, hour, 0, 0, 0, time.UTC) }

	resp := h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on",
		discordtest.Opt("times", "13:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
	wantReply(t, "/selfcare nudge on", resp, reply, "Nudges are on")
	h.fake.WaitDM(t, carol.User.ID, nil) // the hello
	r := meetingRunner(t, h)
	tickThrough(t, h, r, at(12), at(12), time.Minute) // today's 13:00 London is planned

	resp = h.fake.SlashCommand(g, carol, "me", discordtest.Sub("timezone", discordtest.Opt("zone", "America/New_York"))).Wait(t)
	if !strings.Contains(resp.Content(), "America/New_York") {
		t.Fatalf("/me timezone = %q", resp.Content())
	}

	tickThrough(t, h, r, at(12), at(17), 30*time.Minute)
	if n := len(nudgeDMs(h, carol.User.ID)); n != 0 {
		t.Fatalf("nudges by 17:00 UTC (12:00 in New York): %d, want 0", n)
	}
	tickThrough(t, h, r, at(17), at(19), 30*time.Minute)
	if n := len(nudgeDMs(h, carol.User.ID)); n != 1 {
		t.Fatalf("nudges by 19:00 UTC (14:00 in New York): %d, want 1", n)
	}
}
