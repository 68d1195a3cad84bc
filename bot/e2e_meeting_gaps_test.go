package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestMeetingAnswerRefreshesEveryReminderPost checks that an answer on
// one reminder post of a date updates the counts on all of them, and
// that only moderators see who answered.
func TestMeetingAnswerRefreshesEveryReminderPost(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	tickAt(t, h, r, tuesday19.Add(-15*time.Minute))
	posts := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(posts) != 2 {
		t.Fatalf("reminder posts: %d, want 2", len(posts))
	}
	occ := strings.Split(buttonWithPrefix(t, posts[0].Components, "mtg-rsvp:"), ":")[1]

	// carol answers on the older post; both show her answer.
	h.fake.ClickButton(g, carol, posts[0], "mtg-rsvp:"+occ+":going").Wait(t)
	for i, p := range posts {
		if got := embedsText(h.fake.Message(p.ID).Embeds); !strings.Contains(got, "1 going · 0 maybe") {
			t.Errorf("post %d after carol answered:\n%s", i, got)
		}
	}
	// bob asks for a DM on the newer one; both show him going too.
	h.fake.ClickButton(g, h.member("bob"), posts[1], "mtg-dm:"+occ).Wait(t)
	for i, p := range posts {
		if got := embedsText(h.fake.Message(p.ID).Embeds); !strings.Contains(got, "2 going · 0 maybe") {
			t.Errorf("post %d after bob asked for a DM:\n%s", i, got)
		}
	}

	// A member sees counts, never names; a moderator sees names.
	resp := h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	got := embedsText(resp.Data.Embeds)
	if !strings.Contains(got, "2 going · 0 maybe") || strings.Contains(got, "<@") {
		t.Errorf("/meeting next for a member:\n%s", got)
	}
	resp = h.fake.SlashCommand(g, alice, "meeting", discordtest.Sub("next")).Wait(t)
	got = embedsText(resp.Data.Embeds)
	if !strings.Contains(got, "Going (2): ") || !strings.Contains(got, "<@"+carol.User.ID+">") ||
		!strings.Contains(got, "<@"+h.member("bob").User.ID+">") || !resp.Ephemeral() {
		t.Errorf("/meeting next for a moderator:\n%s", got)
	}
	// /meeting list promises only what /meeting next shows a member.
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("list")).Wait(t)
	if f := resp.Data.Embeds[0].Footer; f == nil || strings.Contains(f.Text, "who is coming") {
		t.Errorf("/meeting list footer for a member: %+v", f)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("/meeting list: type %d", resp.Type)
	}
}
