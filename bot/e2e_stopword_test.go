package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

func TestStopWordInADMEndsEveryNudge(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	carol := h.member("carol")

	h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00")))).Wait(t)
	h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on", discordtest.Opt("time", "20:00")))).Wait(t)
	hello := h.fake.WaitDM(t, carol.User.ID, nil)
	if !strings.Contains(hello.Content, "reply **stop**") {
		t.Errorf("the hello DM does not mention the stop word: %q", hello.Content)
	}
	dm := h.fake.DMChannelID(carol.User.ID)

	// Anything else in a DM is ignored; the stop word, in any case, stops all.
	h.fake.UserMessage(dm, carol.User, "thanks, that helps")
	h.fake.UserMessage(dm, carol.User, "STOP!")
	reply := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "stopped your self-care nudges") })
	if reply.ChannelID != dm {
		t.Errorf("the answer went to channel %s, want the DM %s", reply.ChannelID, dm)
	}
	n, err := h.store.SelfCareNudgeSettings(ctx, g, carol.User.ID)
	if err != nil || n.Enabled {
		t.Errorf("nudges after stop: enabled=%v, %v", n.Enabled, err)
	}
	if _, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID); err == nil {
		t.Error("the check-in reminder is still on after stop")
	}
	// Kindred's DMs: the hello and the answer to the stop word, nothing
	// for "thanks" (sent first, so handled before the stop word's answer).
	var fromBot int
	for _, m := range h.fake.DMs(carol.User.ID) {
		if m.Author != nil && m.Author.ID == h.fake.BotUserID {
			fromBot++
		}
	}
	if fromBot != 2 {
		t.Errorf("Kindred sent %d DMs, want 2 (the hello and the stop answer)", fromBot)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
