package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
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

func TestMeetingCancelledDateCanBeRestored(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general), discordtest.Opt("reminders", "24h"))
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())

	// Cancelled and undone before members were told: nobody hears of it.
	in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("cancel", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("which", itoa(tuesday19.Unix()))))
	resp := in.Wait(t)
	wantReply(t, "cancel", resp, discordgo.InteractionResponseChannelMessageWithSource, "Cancelled", "Undo")
	undo := buttonWithPrefix(t, resp.Data.Components, "mtg-undo:")
	// Only moderators may undo.
	resp = h.fake.ClickButton(g, h.member("carol"), in.Original(), undo).Wait(t)
	wantReply(t, "member pressing undo", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")
	resp = h.fake.ClickButton(g, alice, in.Original(), undo).Wait(t)
	wantReply(t, "undo", resp, discordgo.InteractionResponseUpdateMessage, "is back on", "won't hear about it")
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	if got := postsContaining(h, general, "cancelled"); len(got) != 0 {
		t.Errorf("a cancellation notice went out after the undo: %q", got[0].Content)
	}
	if got := postsContaining(h, general, "Reminder: **Tuesday group**"); len(got) != 1 {
		t.Fatalf("reminders for the restored date: %d, want 1", len(got))
	}

	// Cancelled, announced, then restored: members hear it's back on.
	tuesday8 := tuesday19.AddDate(0, 0, 7)
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("cancel", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("which", itoa(tuesday8.Unix())))).Wait(t)
	tickAt(t, h, r, monday19.Add(time.Minute))
	if got := postsContaining(h, general, "is cancelled"); len(got) != 1 {
		t.Fatalf("cancellation notices: %d, want 1", len(got))
	}
	ac := h.fake.Autocomplete(g, alice, "mod-meetings", discordtest.Sub("restore", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Focused("which", ""))).Wait(t)
	if len(ac.Data.Choices) != 1 || ac.Data.Choices[0].Value != itoa(tuesday8.Unix()) {
		t.Fatalf("restore choices: %+v", ac.Data.Choices)
	}
	resp = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("restore", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("which", itoa(tuesday8.Unix())))).Wait(t)
	wantReply(t, "restore", resp, discordgo.InteractionResponseChannelMessageWithSource, "is back on", "letting them know")
	tickAt(t, h, r, monday19.Add(2*time.Minute))
	if got := postsContaining(h, general, "is back on after all"); len(got) != 1 {
		t.Fatalf("back-on notices: %d, want 1", len(got))
	}
	tickAt(t, h, r, tuesday8.Add(-24*time.Hour))
	if got := postsContaining(h, general, "Reminder: **Tuesday group**"); len(got) != 2 {
		t.Errorf("reminders: %d, want 2 (the restored date's too)", len(got))
	}
	// A date that isn't cancelled can't be restored.
	resp = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("restore", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("which", itoa(tuesday8.Unix())))).Wait(t)
	wantReply(t, "restore twice", resp, discordgo.InteractionResponseChannelMessageWithSource, "isn't cancelled")
}

func TestMeetingWaitingListEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	bob, carol := h.member("bob"), h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Small circle"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general), discordtest.Opt("limit", 1))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	post := postsContaining(h, general, "Reminder: **Small circle**")[0]
	occ := strings.Split(buttonWithPrefix(t, post.Components, "mtg-rsvp:"), ":")[1]

	h.fake.ClickButton(g, carol, post, "mtg-rsvp:"+occ+":going").Wait(t)
	resp := h.fake.ClickButton(g, bob, post, "mtg-rsvp:"+occ+":going").Wait(t)
	wantReply(t, "going to a full meeting", resp, discordgo.InteractionResponseChannelMessageWithSource, "waiting list", "number 1")
	if !resp.Ephemeral() {
		t.Error("the waiting-list answer is public")
	}
	if got := embedsText(h.fake.Message(post.ID).Embeds); !strings.Contains(got, "1 of 1 places taken") || !strings.Contains(got, "1 waiting") {
		t.Errorf("post with a waiting list:\n%s", got)
	}
	// carol drops out: bob gets her place and a DM.
	h.fake.ClickButton(g, carol, post, "mtg-rsvp:"+occ+":no").Wait(t)
	tickAt(t, h, r, monday19.Add(30*time.Second))
	dms := h.fake.DMs(bob.User.ID)
	if len(dms) != 1 || !strings.Contains(dms[0].Content, "a place opened up") {
		t.Fatalf("DMs to bob: %+v", dms)
	}
	if got := embedsText(h.fake.Message(post.ID).Embeds); !strings.Contains(got, "1 of 1 places taken") || strings.Contains(got, "waiting") {
		t.Errorf("post after the place was passed on:\n%s", got)
	}
}

func TestMeetingAttendanceForAnyRecentDate(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tuesday8 := tuesday19.AddDate(0, 0, 7)
	for _, at := range []time.Time{monday19.Add(-time.Hour), tuesday19, tuesday8.Add(-25 * time.Hour), tuesday8, tuesday8.Add(2 * 24 * time.Hour)} {
		tickAt(t, h, r, at)
	}

	ac := h.fake.Autocomplete(g, alice, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Focused("date", ""))).Wait(t)
	if len(ac.Data.Choices) != 2 || ac.Data.Choices[0].Value != itoa(tuesday8.Unix()) || ac.Data.Choices[1].Value != itoa(tuesday19.Unix()) {
		t.Fatalf("past dates offered: %+v", ac.Data.Choices)
	}
	// Not only the latest date: the one before it too.
	resp := h.fake.SlashCommand(g, alice, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("date", itoa(tuesday19.Unix())), discordtest.UserOpt("member", carol.User.ID))).Wait(t)
	wantReply(t, "record an earlier date", resp, discordgo.InteractionResponseChannelMessageWithSource, "Recorded", itoa(tuesday19.Unix()))
	resp = h.fake.SlashCommand(g, alice, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("date", itoa(tuesday19.Unix())))).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "<@"+carol.User.ID+">") || !resp.Ephemeral() {
		t.Errorf("who was there:\n%s", got)
	}
	resp = h.fake.SlashCommand(g, alice, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	wantReply(t, "latest date, nobody recorded", resp, discordgo.InteractionResponseChannelMessageWithSource, "Nobody is recorded")
	// A date outside the last 90 days, or not one of its dates, is refused kindly.
	resp = h.fake.SlashCommand(g, alice, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("date", itoa(tuesday19.AddDate(0, 0, -91).Unix())))).Wait(t)
	wantReply(t, "old date", resp, discordgo.InteractionResponseChannelMessageWithSource, "last 90 days")
	// Members see no names.
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	wantReply(t, "member asking who was there", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators and the hosts")
	if strings.Contains(resp.Content(), carol.User.ID) {
		t.Error("a member was shown names")
	}
}

func TestMeetingPlannedDatesFollowATimeZoneChange(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	post := postsContaining(h, general, "Reminder: **Tuesday group**")[0]
	occ := strings.Split(buttonWithPrefix(t, post.Components, "mtg-rsvp:"), ":")[1]
	h.fake.ClickButton(g, carol, post, "mtg-rsvp:"+occ+":going").Wait(t)

	// The server moves to Berlin time (UTC+1 in December): the planned
	// date moves to 19:00 Berlin, 18:00 UTC, and keeps carol's answer.
	resp := h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", data.SettingTimeZone),
		discordtest.Opt("value", "Europe/Berlin"))).Wait(t)
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("/settings set timezone: %+v", resp)
	}
	berlin18 := tuesday19.Add(-time.Hour)
	tickAt(t, h, r, berlin18.Add(-15*time.Minute))
	later := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(later) != 2 {
		t.Fatalf("reminders: %d, want 2 (the 15-minute one at the new time)", len(later))
	}
	if got := later[1].Content; !strings.Contains(got, itoa(berlin18.Unix())) {
		t.Errorf("15-minute reminder %q doesn't point at 18:00 UTC", got)
	}
	if got := embedsText(later[1].Embeds); !strings.Contains(got, "1 going") {
		t.Errorf("carol's answer was lost in the move:\n%s", got)
	}
	tickAt(t, h, r, berlin18)
	if got := postsContaining(h, general, "is starting now"); len(got) != 1 {
		t.Errorf("starting-now posts at 18:00 UTC: %d, want 1", len(got))
	}
	tickAt(t, h, r, tuesday19)
	if got := postsContaining(h, general, "is starting now"); len(got) != 1 {
		t.Errorf("starting-now posts after 19:00 UTC: %d, want still 1", len(got))
	}
}

// TestMeetingHostsSeeWhoIsComing checks that a meeting's hosts (its host
// role, without being moderators) see names, and other members counts.
func TestMeetingHostsSeeWhoIsComing(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	bob, carol := h.member("bob"), h.member("carol") // bob has the Moderator role, which hosts this meeting
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general),
		discordtest.RoleOpt("host_role", h.guild.RoleID("Moderator")))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	post := postsContaining(h, general, "Reminder: **Tuesday group**")[0]
	occ := strings.Split(buttonWithPrefix(t, post.Components, "mtg-rsvp:"), ":")[1]
	h.fake.ClickButton(g, carol, post, "mtg-rsvp:"+occ+":maybe").Wait(t)

	// bob is not a moderator here (no Manage Server, no moderator role set).
	resp := h.fake.SlashCommand(g, bob, "mod-meetings", discordtest.Sub("pause", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	wantReply(t, "bob pausing", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")
	resp = h.fake.SlashCommand(g, bob, "meeting", discordtest.Sub("next")).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Maybe (1): <@"+carol.User.ID+">") {
		t.Errorf("/meeting next for a host:\n%s", got)
	}
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	if got := embedsText(resp.Data.Embeds); strings.Contains(got, "<@") || !strings.Contains(got, "0 going · 1 maybe") {
		t.Errorf("/meeting next for a member:\n%s", got)
	}
	// Hosts may see who was there, too.
	tickAt(t, h, r, tuesday19.Add(2*time.Hour))
	resp = h.fake.SlashCommand(g, bob, "meeting", discordtest.Sub("attendance", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	wantReply(t, "host asking who was there", resp, discordgo.InteractionResponseChannelMessageWithSource, "Nobody is recorded")
}
