package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestStopWordAsksWhichServerEndToEnd: a member with reminders from two
// servers types "stop" in a DM and is asked which; choosing one stops
// only that server's; "stop all" ends the rest without asking.
func TestStopWordAsksWhichServerEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	carol := h.member("carol")
	second := addSecondServer(t, h, carol)
	for _, g := range []string{h.guild.ID, second.ID} {
		wantReply(t, "remind on", h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
			discordtest.Opt("time", "2000")))).Wait(t), discordgo.InteractionResponseChannelMessageWithSource, "20:00")
	}
	h.fake.SlashCommand("", carol, "help").Wait(t) // in the DM channel, which this opens
	dm := h.fake.DMChannelID(carol.User.ID)

	h.fake.UserMessage(dm, carol.User, "stop")
	ask := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "Which should I stop?") })
	if !strings.Contains(ask.Content, "2 servers") {
		t.Errorf("question: %q", ask.Content)
	}
	var labels []string
	for _, row := range ask.Components {
		for _, c := range row.(*discordgo.ActionsRow).Components {
			labels = append(labels, c.(*discordgo.Button).Label)
		}
	}
	if strings.Join(labels, "|") != "Second Circle|Test Server|All servers" {
		t.Errorf("buttons %v", labels)
	}
	// Nothing stopped yet.
	for _, g := range []string{h.guild.ID, second.ID} {
		if _, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID); err != nil {
			t.Fatalf("reminder in %s stopped before the member chose: %v", g, err)
		}
	}
	resp := h.fake.ClickButton("", carol, ask, "dmstop:"+second.ID).Wait(t)
	wantReply(t, "stop one", resp, discordgo.InteractionResponseUpdateMessage, "from **Second Circle**", "stop all")
	if _, err := h.store.CheckinReminderFor(ctx, second.ID, carol.User.ID); err == nil {
		t.Error("the chosen server's reminder is still on")
	}
	if _, err := h.store.CheckinReminderFor(ctx, h.guild.ID, carol.User.ID); err != nil {
		t.Errorf("the other server's reminder stopped too: %v", err)
	}

	// One server left: "stop all" ends it without asking.
	h.fake.UserMessage(dm, carol.User, "stop all")
	h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "in every server") })
	if _, err := h.store.CheckinReminderFor(ctx, h.guild.ID, carol.User.ID); err == nil {
		t.Error("stop all left a reminder on")
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
