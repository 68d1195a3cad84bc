package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// A check-in at the lowest mood, or whose note has crisis language, never
// brings a public celebration: the milestone is kept and shown privately.
func TestHardCheckinNeverQueuesAPublicCelebrationEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := msJoined(h.member("alice")), msJoined(h.member("bob")), msJoined(h.member("carol"))
	celebrate := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, celebrate)
	msSet(t, h, data.SettingAlertsChannel, h.guild.ChannelID("mod-log"))
	r := meetingRunner(t, h)
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	// Carol's first check-in is at the lowest mood.
	resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1))).Wait(t)
	wantReply(t, "struggling check-in", resp, reply, "You are not alone")
	// Bob's first check-in is "okay", with a note from the form that
	// turns out to hold crisis language.
	form := h.fake.SlashCommand(g, bob, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3), discordtest.Opt("note", true))).Wait(t)
	if form.Type != discordgo.InteractionResponseModal {
		t.Fatalf("note:true answered %d, want the note form", form.Type)
	}
	resp = h.fake.SubmitModal(g, bob, form.Data.CustomID, map[string]string{"note": "I keep thinking I'd be better off dead"}).Wait(t)
	wantReply(t, "note with crisis language", resp, reply, "You are not alone")
	// Alice's is an ordinary one: celebrated as before.
	msCheckIn(t, h, alice)

	for _, at := range []time.Duration{time.Minute, 2 * time.Minute, time.Hour} {
		tickAt(t, h, r, harnessStart.Add(at))
	}
	posts := celebrations(h, celebrate)
	if len(posts) != 1 || !strings.Contains(posts[0].Content, alice.User.ID) {
		var got []string
		for _, p := range posts {
			got = append(got, p.Content)
		}
		t.Fatalf("celebrations: %q, want alice's only", got)
	}

	// The milestones are kept, and shown to each member privately.
	for _, m := range []discordtest.Member{carol, bob} {
		ms, err := h.store.MemberMilestones(t.Context(), g, m.User.ID, false)
		if err != nil || len(ms) != 1 || ms[0].Kind != data.MilestoneFirstCheckin || ms[0].Announced() {
			t.Fatalf("%s's milestones: %+v, %v; want one unannounced first check-in", m.User.Username, ms, err)
		}
		resp := h.fake.SlashCommand(g, m, "milestones").Wait(t)
		if !resp.Ephemeral() || !strings.Contains(resp.Content()+embedsText(resp.Data.Embeds), "First check-in") {
			t.Errorf("%s's /milestones: ephemeral %v, %q %s", m.User.Username, resp.Ephemeral(), resp.Content(), embedsText(resp.Data.Embeds))
		}
	}

	// Later, carol chooses to celebrate hers: only then is it posted.
	in := h.fake.SlashCommand(g, carol, "milestones")
	resp = in.Wait(t)
	later := buttonWithPrefix(t, resp.Data.Components, "ms-later:")
	resp = h.fake.ClickButton(g, carol, in.Original(), later).Wait(t)
	wantReply(t, "celebrate later", resp, reply, "I'll celebrate **First check-in**")
	tickAt(t, h, r, harnessStart.Add(2*time.Hour))
	posts = celebrations(h, celebrate)
	if len(posts) != 2 || !strings.Contains(posts[1].Content, carol.User.ID) {
		t.Fatalf("%d celebrations after carol chose, want hers second", len(posts))
	}
	// Pressing again changes nothing; bob was never posted.
	resp = h.fake.ClickButton(g, carol, in.Original(), later).Wait(t)
	wantReply(t, "celebrate later again", resp, reply, "celebrated already")
	tickAt(t, h, r, harnessStart.Add(3*time.Hour))
	if got := len(celebrations(h, celebrate)); got != 2 {
		t.Fatalf("%d celebrations, want 2", got)
	}
}
