package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestEveryOtherWeekMeetingEndToEnd creates an every-other-week meeting
// through the fake Discord and checks its dates stay the same after a
// restart, and that schedules Kindred can't do are refused with ones that
// would work.
func TestEveryOtherWeekMeetingEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")

	resp := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Peer circle"), discordtest.Opt("schedule", "every other day at 1900"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general))).Wait(t)
	wantReply(t, "every other day", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"every Monday, Wednesday and Friday at 19:00", "Nothing was saved")

	// The harness starts on Thursday 26 November 2026: the first date is
	// the nearest Tuesday, 1 December, then every two weeks.
	createMeeting(t, h,
		discordtest.Opt("title", "Peer circle"), discordtest.Opt("schedule", "every other tuesday at 1900"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general))
	first := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
	third := first.AddDate(0, 0, 14)

	h.restart()
	h.clock.Set(first.Add(2 * time.Hour)) // after the first meeting
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	got := embedsText(resp.Data.Embeds) + resp.Data.Content
	if !strings.Contains(got, fmt.Sprintf("<t:%d:F>", third.Unix())) {
		t.Errorf("/meeting next after a restart does not show %v:\n%s", third, got)
	}
	if strings.Contains(got, fmt.Sprintf("<t:%d:F>", first.AddDate(0, 0, 7).Unix())) {
		t.Errorf("/meeting next shows the off week:\n%s", got)
	}

	// Two ordinals a month, and a day range, are accepted the same way.
	for _, text := range []string{"2nd and 4th thursday at 18:00", "mon-fri at 0830", "last friday of the month at 17:30"} {
		in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
			discordtest.Opt("title", "Another"), discordtest.Opt("schedule", text), discordtest.Opt("duration", 30),
			discordtest.ChannelOpt("post_in", general)))
		wantReply(t, text, in.Wait(t), discordgo.InteractionResponseChannelMessageWithSource, "nothing is saved until you do")
	}
}
