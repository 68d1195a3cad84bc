package bot_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// Pressing a button of another member's check-in says plainly that it is
// theirs, and changes nothing.
func TestCheckinButtonOfSomeoneElseEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, general := h.guild.ID, h.guild.ChannelID("general")
	carol, alice := h.member("carol"), h.member("alice")
	ciSet(t, h, data.SettingCheckinChannel, general)

	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
	resp := in.Wait(t)
	wantReply(t, "/checkin now", resp, discordgo.InteractionResponseChannelMessageWithSource, "Saved")
	reply := in.Original()
	id := strings.TrimPrefix(ciComponentID(t, resp.Data.Components, "ci-note:"), "ci-note:")

	for _, customID := range []string{"ci-note:" + id, "ci-share:" + id, "ci-del:" + id} {
		resp := h.fake.ClickButton(g, alice, reply, customID).Wait(t)
		if !resp.Ephemeral() || !strings.Contains(resp.Content(), "belongs to someone else") {
			t.Errorf("%s pressed by another member: %q", customID, resp.Content())
		}
	}
	if _, err := h.store.Checkin(t.Context(), g, carol.User.ID, mustInt(t, id)); err != nil {
		t.Fatalf("carol's check-in after alice pressed its buttons: %v", err)
	}
	for _, m := range h.fake.Messages(general) {
		if strings.Contains(m.Content, "checked in") {
			t.Fatalf("another member's press shared the check-in: %q", m.Content)
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return n
}
