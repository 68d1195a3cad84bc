package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestMeetingEditTellsWhoIsGoing checks that moving a meeting tells the
// members who said Going, once: a post in its channel that mentions no
// one and a DM to those who asked for reminder DMs; an edit that changes
// nothing they rely on tells no one.
func TestMeetingEditTellsWhoIsGoing(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := h.member("alice"), h.member("bob"), h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	posts := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(posts) != 1 {
		t.Fatalf("reminder posts: %d, want 1", len(posts))
	}
	occ := strings.Split(buttonWithPrefix(t, posts[0].Components, "mtg-rsvp:"), ":")[1]
	h.fake.ClickButton(g, carol, posts[0], "mtg-dm:"+occ).Wait(t)
	h.fake.ClickButton(g, bob, posts[0], "mtg-rsvp:"+occ+":going").Wait(t)

	edit := func(opt discordtest.Arg) *discordtest.Response {
		t.Helper()
		resp := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Tuesday group"), opt)).Wait(t)
		wantReply(t, "edit", resp, discordgo.InteractionResponseChannelMessageWithSource, "Saved the changes")
		return resp
	}
	changed := func() int { return len(postsContaining(h, general, "has changed")) }
	changedDMs := func(m discordtest.Member) (out []string) {
		for _, d := range h.fake.DMs(m.User.ID) {
			if strings.Contains(d.Content, "has changed") {
				out = append(out, d.Content)
			}
		}
		return out
	}

	// Only the description: nobody is told.
	resp := edit(discordtest.Opt("description", "Bring a cup of tea."))
	if strings.Contains(resp.Data.Content, "letting them know") {
		t.Errorf("description edit reply: %q", resp.Data.Content)
	}
	tickAt(t, h, r, monday19.Add(time.Minute))
	if n := changed(); n != 0 || len(changedDMs(carol)) != 0 {
		t.Fatalf("after a description edit: %d posts, %d DMs, want none", n, len(changedDMs(carol)))
	}

	// The time: both going members are counted, the channel hears once,
	// carol (DM on) gets one DM, bob (no DM) none.
	resp = edit(discordtest.Opt("schedule", "every Wednesday at 18:00"))
	if !strings.Contains(resp.Data.Content, "2 members had said they're going") {
		t.Errorf("schedule edit reply: %q", resp.Data.Content)
	}
	wednesday18 := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	tickAt(t, h, r, monday19.Add(2*time.Minute))
	tickAt(t, h, r, monday19.Add(3*time.Minute))
	notices := postsContaining(h, general, "has changed")
	if len(notices) != 1 {
		t.Fatalf("change notices in the channel: %d, want 1", len(notices))
	}
	for _, want := range []string{"**Tuesday group**", "was <t:" + itoa(tuesday19.Unix()) + ":F>", "now <t:" + itoa(wednesday18.Unix()) + ":F>"} {
		if !strings.Contains(notices[0].Content, want) {
			t.Errorf("channel notice lacks %q:\n%s", want, notices[0].Content)
		}
	}
	if strings.Contains(notices[0].Content, "<@") {
		t.Errorf("channel notice mentions someone:\n%s", notices[0].Content)
	}
	dms := changedDMs(carol)
	if len(dms) != 1 {
		t.Fatalf("change DMs to carol: %d, want 1", len(dms))
	}
	if !strings.HasPrefix(dms[0], "-# From the **Test Server** server\n") || !strings.Contains(dms[0], "To change your answer") {
		t.Errorf("change DM:\n%s", dms[0])
	}
	if got := changedDMs(bob); len(got) != 0 {
		t.Errorf("bob asked for no DMs but got %q", got)
	}
}
