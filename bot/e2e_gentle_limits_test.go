package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// Repeated "Ask a moderator to reach out" reaches the moderators every
// time but pings their role at most once in ten minutes; posting
// check-ins to the check-in channel is limited kindly.
func TestGentleLimitsOnPingsAndPostsEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, general, modLog := h.guild.ID, h.guild.ChannelID("general"), h.guild.ChannelID("mod-log")
	carol := h.member("carol")
	modRole := h.guild.RoleID("Moderator")
	ciSet(t, h, data.SettingCheckinChannel, general)
	ciSet(t, h, data.SettingAlertsChannel, modLog)
	ciSet(t, h, data.SettingModeratorRole, modRole)
	const update = discordgo.InteractionResponseUpdateMessage

	ask := func(after time.Duration) *discordtest.Message {
		t.Helper()
		h.clock.Set(harnessStart.Add(after))
		in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1)))
		resp := in.Wait(t)
		safety := in.Original()
		before := len(h.fake.Messages(modLog))
		resp = h.fake.ClickButton(g, carol, safety, ciComponentID(t, resp.Data.Components, "ci-reach:")).Wait(t)
		wantReply(t, "ask a moderator", resp, update, "I've asked the moderators to reach out")
		msgs := h.fake.Messages(modLog)
		if len(msgs) != before+1 {
			t.Fatalf("after %v: %d new notices, want 1", after, len(msgs)-before)
		}
		return msgs[len(msgs)-1]
	}
	ping := "<@&" + modRole + ">"
	for _, tc := range []struct {
		after    time.Duration
		wantPing bool
	}{
		{0, true},
		{time.Minute, false},
		{5 * time.Minute, false},
		{16 * time.Minute, true}, // ten minutes after the last request
	} {
		n := ask(tc.after)
		if got := strings.Contains(n.Content, ping); got != tc.wantPing {
			t.Errorf("request after %v: ping %v, want %v:\n%s", tc.after, got, tc.wantPing, n.Content)
		}
		if !strings.Contains(n.Content, "<@"+carol.User.ID+"> asked for a moderator") {
			t.Errorf("request after %v doesn't reach the moderators:\n%s", tc.after, n.Content)
		}
	}

	// Sharing: three check-ins an hour reach the channel; the fourth is
	// kept private with a kind word.
	h.clock.Set(harnessStart.Add(2 * time.Hour))
	posted := 0
	for i := range 4 {
		in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
		resp := in.Wait(t)
		reply := in.Original()
		resp = h.fake.ClickButton(g, carol, reply, ciComponentID(t, resp.Data.Components, "ci-share:")).Wait(t)
		resp = h.fake.ClickButton(g, carol, reply, ciComponentID(t, resp.Data.Components, "ci-sharego:")).Wait(t)
		if i < 3 {
			wantReply(t, "share", resp, update, "Shared in")
			posted++
			continue
		}
		if !resp.Ephemeral() || !strings.Contains(resp.Content(), "plenty for now") {
			t.Fatalf("fourth share: %q", resp.Content())
		}
	}
	var shared int
	for _, m := range h.fake.Messages(general) {
		if strings.Contains(m.Content, "<@"+carol.User.ID+"> checked in") {
			shared++
		}
	}
	if shared != posted {
		t.Fatalf("%d posts in the check-in channel, want %d", shared, posted)
	}
	// An hour later sharing works again.
	h.clock.Set(harnessStart.Add(3*time.Hour + time.Minute))
	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
	resp := in.Wait(t)
	reply := in.Original()
	resp = h.fake.ClickButton(g, carol, reply, ciComponentID(t, resp.Data.Components, "ci-share:")).Wait(t)
	resp = h.fake.ClickButton(g, carol, reply, ciComponentID(t, resp.Data.Components, "ci-sharego:")).Wait(t)
	wantReply(t, "share an hour later", resp, update, "Shared in")
}
