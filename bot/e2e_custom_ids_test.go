package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// A crafted "Send encouragement" button naming a private milestone (or a
// milestone on another message) renders nothing and changes no post.
func TestEncouragementChecksTheMilestoneFromTheCustomIDEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	bob, carol, alice := msJoined(h.member("bob")), msJoined(h.member("carol")), msJoined(h.member("alice"))
	celebrate := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, celebrate)
	r := meetingRunner(t, h)

	// Bob keeps his celebrations private; carol doesn't.
	if _, err := h.store.SetMilestonesPrivate(t.Context(), g, bob.User.ID, true); err != nil {
		t.Fatal(err)
	}
	msCheckIn(t, h, bob)
	msCheckIn(t, h, carol)
	tickAt(t, h, r, harnessStart.Add(2*time.Minute))
	posts := celebrations(h, celebrate)
	if len(posts) != 1 || !strings.Contains(posts[0].Content, carol.User.ID) {
		t.Fatalf("%d celebrations, want carol's only", len(posts))
	}
	bobs, err := h.store.MemberMilestones(t.Context(), g, bob.User.ID, false)
	if err != nil || len(bobs) != 1 {
		t.Fatalf("bob's milestones: %d, %v", len(bobs), err)
	}
	before := posts[0].Content

	for _, customID := range []string{
		"ms-cheer:" + strconv.FormatInt(bobs[0].ID, 10), // private
		"ms-cheer:999999", // none
	} {
		resp := h.fake.CraftedButton(g, alice, posts[0], customID).Wait(t)
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !resp.Ephemeral() {
			t.Errorf("%s: type %d ephemeral %v, want a private reply", customID, resp.Type, resp.Ephemeral())
		}
		if strings.Contains(resp.Content(), bob.User.ID) || strings.Contains(resp.Content(), "First check-in") {
			t.Errorf("%s reveals a private milestone: %q", customID, resp.Content())
		}
	}
	if got := h.fake.Message(posts[0].ID).Content; got != before {
		t.Errorf("carol's post changed:\n%s\nwas:\n%s", got, before)
	}
	// The real button still works.
	resp := h.fake.ClickButton(g, alice, posts[0], buttonWithPrefix(t, posts[0].Components, "ms-cheer:")).Wait(t)
	if resp.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(resp.Content(), "1 member sent encouragement") {
		t.Fatalf("real encouragement: type %d %q", resp.Type, resp.Content())
	}
}

// A crafted "I did this" button counts only on its own post: a channel
// post's ID pressed from a DM, or on another message, is refused.
func TestSelfCareDoneChecksThePostFromTheCustomIDEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	day := func(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, time.UTC) }
	resp := h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "every day at 13:00"), discordtest.ChannelOpt("channel", general))).Wait(t)
	wantReply(t, "/mod-selfcare schedule", resp, reply, "Done")
	resp = h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on",
		discordtest.Opt("times", "1pm"), discordtest.Opt("timezone", "UTC")))).Wait(t)
	wantReply(t, "/selfcare nudge on", resp, reply, "Nudges are on")
	h.fake.WaitDM(t, carol.User.ID, nil)
	r := meetingRunner(t, h)
	tickThrough(t, h, r, day(26, 12), day(26, 14), 30*time.Minute)
	posts, nudges := selfCarePosts(h, general), nudgeDMs(h, carol.User.ID)
	if len(posts) != 1 || len(nudges) != 1 {
		t.Fatalf("%d posts and %d nudges, want 1 and 1", len(posts), len(nudges))
	}
	postDid := buttonWithPrefix(t, posts[0].Components, "sc-did:")
	nudgeDid := buttonWithPrefix(t, nudges[0].Components, "sc-did:")
	postBefore := h.fake.Message(posts[0].ID)
	welcome := h.fake.DMs(carol.User.ID)[0]

	for _, tc := range []struct {
		name     string
		guildID  string
		message  *discordtest.Message
		customID string
	}{
		{"the channel post's ID from a DM", "", nudges[0], postDid},
		{"the channel post's ID on the welcome DM", "", welcome, postDid},
		{"the nudge's ID on the channel post", g, posts[0], nudgeDid},
		{"the nudge's ID on another DM", "", welcome, nudgeDid},
	} {
		resp := h.fake.CraftedButton(tc.guildID, carol, tc.message, tc.customID).Wait(t)
		if !strings.Contains(resp.Content(), "can't find that prompt") && !strings.Contains(resp.Content(), "don't recognise") {
			t.Errorf("%s: %q", tc.name, resp.Content())
		}
	}
	if n, err := h.store.SelfCareDoneCount(t.Context(), g, carol.User.ID); err != nil || n != 0 {
		t.Fatalf("done count after crafted presses: %d, %v; want 0", n, err)
	}
	if got := h.fake.Message(posts[0].ID); len(got.Embeds) != len(postBefore.Embeds) || got.Embeds[0].Footer != nil && postBefore.Embeds[0].Footer != nil && got.Embeds[0].Footer.Text != postBefore.Embeds[0].Footer.Text {
		t.Errorf("the channel post changed")
	}
	// The real buttons work.
	wantReply(t, "real nudge button", h.fake.ClickButton("", carol, nudges[0], nudgeDid).Wait(t), reply, "Well done")
	wantReply(t, "real post button", h.fake.ClickButton(g, carol, posts[0], postDid).Wait(t), reply, "Well done")
}
