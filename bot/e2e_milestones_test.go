package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// msJoined is a member as their interactions carry them, joined ten days
// before the harness clock starts: the fake otherwise dates joining by the
// wall clock, which could make a membership anniversary fall due.
func msJoined(m discordtest.Member) discordtest.Member {
	m.JoinedAt = harnessStart.AddDate(0, 0, -10)
	return m
}

// msSet changes a server setting as a moderator would.
func msSet(t *testing.T, h *harness, key, value string) {
	t.Helper()
	if _, err := h.store.SetSetting(context.Background(), h.guild.ID, h.member("alice").User.ID, key, value); err != nil {
		t.Fatal(err)
	}
}

// celebrations returns the celebration posts in channelID.
func celebrations(h *harness, channelID string) []*discordtest.Message {
	var out []*discordtest.Message
	for _, m := range h.fake.Messages(channelID) {
		if hasButtonPrefix(m.Components, "ms-cheer:") {
			out = append(out, m)
		}
	}
	return out
}

func hasButtonPrefix(cs []discordgo.MessageComponent, prefix string) bool {
	for _, c := range cs {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, b := range row.Components {
				if btn, ok := b.(*discordgo.Button); ok && strings.HasPrefix(btn.CustomID, prefix) {
					return true
				}
			}
		}
	}
	return false
}

// msCheckIn checks member in with /checkin now at the harness's time.
func msCheckIn(t *testing.T, h *harness, member discordtest.Member) {
	t.Helper()
	resp := h.fake.SlashCommand(h.guild.ID, member, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4))).Wait(t)
	wantReply(t, "/checkin now", resp, discordgo.InteractionResponseChannelMessageWithSource, "Thank you for checking in")
}

func TestMilestonesCheckinStreakPrivacyAndRestartEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := msJoined(h.member("alice")), msJoined(h.member("bob")), msJoined(h.member("carol"))
	celebrate := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, celebrate)
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	r := meetingRunner(t, h)
	day := func(n int) time.Time { return harnessStart.AddDate(0, 0, n) } // day 0 is Thursday 26 November, 12:00

	// Carol checks in every day for a week: one celebration for her first
	// check-in, one for her 7-day streak, each once.
	for n := range 7 {
		tickAt(t, h, r, day(n))
		msCheckIn(t, h, carol)
		if n == 6 {
			msCheckIn(t, h, carol) // twice on the seventh day
		}
		tickAt(t, h, r, day(n).Add(time.Minute))
		if got, want := len(celebrations(h, celebrate)), map[bool]int{true: 1, false: 2}[n < 6]; got != want {
			t.Fatalf("day %d: %d celebrations, want %d", n+1, got, want)
		}
	}
	posts := celebrations(h, celebrate)
	for i, want := range []string{"**First check-in**", "**7-day check-in streak**"} {
		if !strings.Contains(posts[i].Content, want) || !strings.Contains(posts[i].Content, "<@"+carol.User.ID+">") {
			t.Errorf("celebration %d: %q, want carol and %q", i+1, posts[i].Content, want)
		}
		for _, secret := range []string{"good", "🙂", "mood"} {
			if strings.Contains(posts[i].Content, secret) {
				t.Errorf("celebration %d reveals the check-in: %q", i+1, posts[i].Content)
			}
		}
	}
	if strings.SplitN(posts[0].Content, "\n", 2)[0] == strings.SplitN(posts[1].Content, "\n", 2)[0] {
		t.Errorf("two celebrations in a row read the same: %q", posts[0].Content)
	}

	// Bob sends encouragement: counted on the post, once.
	cheer := buttonWithPrefix(t, posts[1].Components, "ms-cheer:")
	resp := h.fake.ClickButton(g, bob, posts[1], cheer).Wait(t)
	if resp.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(resp.Content(), "1 member sent encouragement") {
		t.Fatalf("encouragement: type %d, %q", resp.Type, resp.Content())
	}
	if got := h.fake.Message(posts[1].ID).Content; !strings.Contains(got, "1 member sent encouragement") {
		t.Errorf("post after encouragement: %q", got)
	}
	resp = h.fake.ClickButton(g, bob, posts[1], cheer).Wait(t)
	wantReply(t, "encouragement again", resp, reply, "already sent encouragement")
	if !resp.Ephemeral() {
		t.Error("the second press is answered publicly")
	}
	resp = h.fake.ClickButton(g, carol, posts[1], cheer).Wait(t)
	wantReply(t, "own encouragement", resp, reply, "yours")

	// Kindred restarts: nothing is announced again.
	h.restart()
	r = meetingRunner(t, h)
	tickAt(t, h, r, day(7))
	msCheckIn(t, h, carol)
	tickAt(t, h, r, day(7).Add(time.Minute))
	if got := len(celebrations(h, celebrate)); got != 2 {
		t.Fatalf("after the restart: %d celebrations, want still 2", got)
	}

	// Alice keeps her milestones private: recorded, never posted, told privately.
	resp = h.fake.SlashCommand(g, alice, "milestones", discordtest.Opt("privacy", "private")).Wait(t)
	wantReply(t, "/milestones privacy", resp, reply, "private now")
	msCheckIn(t, h, alice)
	tickAt(t, h, r, day(7).Add(2*time.Minute))
	if got := len(celebrations(h, celebrate)); got != 2 {
		t.Fatalf("alice's private first check-in was posted: %d celebrations", got)
	}
	resp = h.fake.SlashCommand(g, alice, "milestones").Wait(t)
	wantReply(t, "alice's /milestones", resp, reply, "New since you last looked", "First check-in", "private")
	if !resp.Ephemeral() {
		t.Error("/milestones is public")
	}
	resp = h.fake.SlashCommand(g, bob, "milestones", discordtest.UserOpt("member", alice.User.ID)).Wait(t)
	wantReply(t, "bob looks at alice", resp, reply, "no milestones to show")

	// Carol's milestones are public: bob sees them.
	resp = h.fake.SlashCommand(g, bob, "milestones", discordtest.UserOpt("member", carol.User.ID)).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "7-day check-in streak") || !strings.Contains(got, "First check-in") {
		t.Fatalf("bob looks at carol:\n%s", got)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func TestMilestonesMeetingAttendanceEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	bob, carol := msJoined(h.member("bob")), msJoined(h.member("carol"))
	general, modLog := h.guild.ChannelID("general"), h.guild.ChannelID("mod-log")
	msSet(t, h, data.SettingCelebrationsChannel, modLog)
	msSet(t, h, data.SettingModeratorRole, h.guild.RoleID("Moderator"))
	createMeeting(t, h, discordtest.Opt("title", "Daily circle"), discordtest.Opt("schedule", "every day at 10:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	ms, err := h.store.Meetings(context.Background(), g)
	if err != nil || len(ms) != 1 {
		t.Fatal(ms, err)
	}
	meetingID := strconv.FormatInt(ms[0].ID, 10)
	r := meetingRunner(t, h)
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	// Five daily meetings: carol marks the first herself, a moderator
	// records the others.
	for n := 1; n <= 5; n++ {
		start := time.Date(2026, 11, 26+n, 10, 0, 0, 0, time.UTC)
		tickAt(t, h, r, start)
		h.clock.Set(start.Add(30 * time.Minute))
		if n == 1 {
			starts := postsContaining(h, general, "is starting now")
			if len(starts) != 1 {
				t.Fatalf("starting-now posts: %d", len(starts))
			}
			resp := h.fake.ClickButton(g, carol, starts[0], buttonWithPrefix(t, starts[0].Components, "mtg-here:")).Wait(t)
			wantReply(t, "I was there", resp, reply, "I've noted that you were there")
		} else {
			resp := h.fake.SlashCommand(g, bob, "meeting", discordtest.Sub("attendance",
				discordtest.Opt("meeting", meetingID), discordtest.UserOpt("member", carol.User.ID))).Wait(t)
			wantReply(t, "/meeting attendance", resp, reply, "Recorded")
		}
		tickAt(t, h, r, start.Add(31*time.Minute))
		want := map[int]int{1: 1, 2: 1, 3: 1, 4: 1, 5: 2}[n]
		if got := len(celebrations(h, modLog)); got != want {
			t.Fatalf("after meeting %d: %d celebrations, want %d", n, got, want)
		}
	}
	posts := celebrations(h, modLog)
	if !strings.Contains(posts[0].Content, "**First meeting attended**") || !strings.Contains(posts[1].Content, "**5 meetings attended**") {
		t.Errorf("celebrations: %q, %q", posts[0].Content, posts[1].Content)
	}
	// Bob recording her twice announces nothing more.
	resp := h.fake.SlashCommand(g, bob, "meeting", discordtest.Sub("attendance",
		discordtest.Opt("meeting", meetingID), discordtest.UserOpt("member", carol.User.ID))).Wait(t)
	wantReply(t, "/meeting attendance again", resp, reply, "already recorded")
	tickAt(t, h, r, h.clock.Now().Add(time.Minute))
	if got := len(celebrations(h, modLog)); got != 2 {
		t.Fatalf("after recording twice: %d celebrations, want 2", got)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func TestMilestonesKudosAndSharingEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := msJoined(h.member("alice")), msJoined(h.member("bob")), msJoined(h.member("carol"))
	general := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, general)
	r := meetingRunner(t, h)
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	// "Celebrate this" on bob's message: a form, then kudos with a link.
	msg := h.fake.UserMessage(general, bob.User, "I made it to the shop today.")
	in := h.fake.MessageCommand(g, carol, "Celebrate this", msg.ID)
	form := in.Wait(t)
	if form.Type != discordgo.InteractionResponseModal {
		t.Fatalf("Celebrate this answered %d, want a form", form.Type)
	}
	resp := h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"reason": "Proud of you"}).Wait(t)
	wantReply(t, "Celebrate this", resp, reply, "Thank you for lifting <@"+bob.User.ID+">")

	// Kudos are limited to a few a day, said kindly, keeping the reason.
	for _, who := range []discordtest.Member{alice, bob} {
		resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", who.User.ID), discordtest.Opt("reason", "always kind")).Wait(t)
		wantReply(t, "/kudos", resp, reply, "Thank you for lifting")
	}
	resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", alice.User.ID), discordtest.Opt("reason", "one more")).Wait(t)
	wantReply(t, "/kudos over the limit", resp, reply, "you can give more tomorrow", "> one more")
	resp = h.fake.MessageCommand(g, carol, "Celebrate this", msg.ID).Wait(t)
	wantReply(t, "Celebrate this over the limit", resp, reply, "you can give more tomorrow")
	resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", carol.User.ID), discordtest.Opt("reason", "me")).Wait(t)
	wantReply(t, "/kudos to herself", resp, reply, "someone else")
	resp = h.fake.SlashCommand(g, alice, "kudos", discordtest.UserOpt("member", h.fake.BotUserID), discordtest.Opt("reason", "beep")).Wait(t)
	wantReply(t, "/kudos to Kindred", resp, reply, "bots get by")

	// A milestone of her own: kept privately unless she chooses to post it.
	resp = h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share", discordtest.Opt("what", "Called my sister"))).Wait(t)
	resp = h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"what": "Called my sister", "text": ""}).Wait(t)
	wantReply(t, "private share", resp, reply, "just for you")
	resp = h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share",
		discordtest.Opt("what", "30 days sober"), discordtest.Opt("note", "One day at a time."), discordtest.Opt("public", true))).Wait(t)
	wantReply(t, "public share", resp, reply, "I'll post **30 days sober**")
	// Members can't give awards; moderators can.
	resp = h.fake.SlashCommand(g, carol, "mod-milestones", discordtest.Sub("award", discordtest.UserOpt("member", bob.User.ID), discordtest.Opt("title", "Star"))).Wait(t)
	wantReply(t, "member awards", resp, reply, "Only moderators")
	resp = h.fake.SlashCommand(g, alice, "mod-milestones", discordtest.Sub("award", discordtest.UserOpt("member", bob.User.ID), discordtest.Opt("title", "Six months of hosting"))).Wait(t)
	wantReply(t, "award", resp, reply, "Awarded **Six months of hosting**")

	tickAt(t, h, r, harnessStart.Add(time.Minute))
	posts := celebrations(h, general)
	if len(posts) != 5 {
		t.Fatalf("%d celebrations, want 5 (3 kudos, a shared milestone, an award)", len(posts))
	}
	all := ""
	for _, p := range posts {
		all += p.Content + "\n"
	}
	for _, want := range []string{"> Proud of you", "/" + msg.ID + ")", "**30 days sober**", "> One day at a time.", "**Six months of hosting**"} {
		if !strings.Contains(all, want) {
			t.Errorf("celebrations lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Called my sister") {
		t.Errorf("a private milestone was posted:\n%s", all)
	}

	// The next day carol may give kudos again.
	h.clock.Set(harnessStart.Add(24 * time.Hour))
	resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", alice.User.ID), discordtest.Opt("reason", "a new day")).Wait(t)
	wantReply(t, "/kudos the next day", resp, reply, "Thank you for lifting")
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func TestMilestonesSwitchedOnOverHistoryEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := msJoined(h.member("carol"))
	general := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, general)
	msSet(t, h, data.FeatureMilestones, "off")
	r := meetingRunner(t, h)
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	for n := range 8 {
		tickAt(t, h, r, harnessStart.AddDate(0, 0, n))
		msCheckIn(t, h, carol)
	}
	resp := h.fake.SlashCommand(g, carol, "milestones").Wait(t)
	wantReply(t, "/milestones while off", resp, reply, "switched off")

	msSet(t, h, data.FeatureMilestones, "on")
	tickAt(t, h, r, harnessStart.AddDate(0, 0, 8))
	msCheckIn(t, h, carol)
	tickAt(t, h, r, harnessStart.AddDate(0, 0, 8).Add(time.Minute))
	if got := celebrations(h, general); len(got) != 0 {
		t.Fatalf("switching on posted %d old milestones: %q", len(got), got[0].Content)
	}
	resp = h.fake.SlashCommand(g, carol, "milestones").Wait(t)
	wantReply(t, "/milestones after switching on", resp, reply, "New since you last looked", "First check-in", "7-day check-in streak")

	// A kind switched off is neither recorded nor posted; the rest go on.
	msSet(t, h, data.FeatureMilestoneCheckins, "off")
	for n := 9; n < 31; n++ {
		tickAt(t, h, r, harnessStart.AddDate(0, 0, n))
		msCheckIn(t, h, carol)
	}
	tickAt(t, h, r, harnessStart.AddDate(0, 0, 31))
	if got := celebrations(h, general); len(got) != 0 {
		t.Fatalf("with check-in milestones off: %d celebrations", len(got))
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
