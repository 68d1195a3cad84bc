package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// Member text in Kindred's public posts shows links as plain addresses,
// flattens headings and shows invite links plainly: a shared check-in
// note, a kudos reason and a shared milestone.
func TestMemberTextInPublicPostsIsRenderedPlainlyEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, general := h.guild.ID, h.guild.ChannelID("general")
	carol, alice := msJoined(h.member("carol")), msJoined(h.member("alice"))
	ciSet(t, h, data.SettingCheckinChannel, general)
	msSet(t, h, data.SettingCelebrationsChannel, general)
	r := meetingRunner(t, h)
	const (
		reply  = discordgo.InteractionResponseChannelMessageWithSource
		update = discordgo.InteractionResponseUpdateMessage
	)
	const tricky = "# BIG NEWS\n[my blog](https://evil.example/x) and join discord.gg/abc123 now\n-# small print"
	check := func(what, got string) {
		t.Helper()
		for _, bad := range []string{"](", "# BIG", "\n-# small", "> -# small", "discord.gg/abc123 now"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s keeps %q:\n%s", what, bad, got)
			}
		}
		for _, want := range []string{"BIG NEWS", "my blog (<https://evil.example/x>)", "`discord.gg/abc123`", "small print"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %q:\n%s", what, want, got)
			}
		}
	}

	// A shared check-in with its note.
	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
	resp := in.Wait(t)
	msg := in.Original()
	id := strings.TrimPrefix(ciComponentID(t, resp.Data.Components, "ci-note:"), "ci-note:")
	resp = h.fake.ClickButton(g, carol, msg, "ci-note:"+id).Wait(t)
	h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"note": tricky}, discordtest.OnMessage(msg.ID)).Wait(t)
	resp = h.fake.ClickButton(g, carol, msg, ciComponentID(t, msg.Components, "ci-share:")).Wait(t)
	resp = h.fake.ClickButton(g, carol, msg, ciComponentID(t, resp.Data.Components, "ci-sharego:"+id+":1")).Wait(t)
	wantReply(t, "share with note", resp, update, "Shared in")
	post := h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "checked in") })
	check("shared check-in", embedsText(post.Embeds))

	// Kudos and a shared milestone.
	resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", alice.User.ID), discordtest.Opt("reason", strings.ReplaceAll(tricky, "\n", " "))).Wait(t)
	wantReply(t, "/kudos", resp, reply, "Thank you for lifting")
	resp = h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share", discordtest.Opt("what", "Six months"),
		discordtest.Opt("note", tricky), discordtest.Opt("public", true))).Wait(t)
	if resp.Type != reply {
		t.Fatalf("/milestone share: %d %q", resp.Type, resp.Content())
	}
	tickAt(t, h, r, harnessStart.Add(2*time.Minute))
	var kudos, story string
	for _, m := range celebrations(h, general) {
		switch {
		case strings.Contains(m.Content, "Six months"):
			story = m.Content
		case strings.Contains(m.Content, "evil.example"):
			kudos = m.Content
		}
	}
	if kudos == "" || story == "" {
		t.Fatalf("celebrations: kudos %q, story %q", kudos, story)
	}
	check("kudos post", kudos)
	check("shared milestone post", story)
}
