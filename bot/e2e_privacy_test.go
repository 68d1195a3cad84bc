package bot_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// pvSet changes a setting as a moderator would.
func pvSet(t *testing.T, h *harness, key, value string) {
	t.Helper()
	if _, err := h.store.SetSetting(context.Background(), h.guild.ID, h.member("alice").User.ID, key, value); err != nil {
		t.Fatal(err)
	}
}

// pvButton returns the custom ID of the first button whose ID starts with prefix.
func pvButton(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, c := range cs {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if b, ok := x.(*discordgo.Button); ok && strings.HasPrefix(b.CustomID, prefix) {
					return b.CustomID
				}
			}
		}
	}
	t.Fatalf("no button %s* among %d rows", prefix, len(cs))
	return ""
}

// pvRowsContaining opens the database file as an outsider would and
// returns, per table, how many rows have s in some column.
func pvRowsContaining(t *testing.T, h *harness, s string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+h.dbPath+"?_query_only=true")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, table := range tables {
		cols, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		var conds []string
		for cols.Next() {
			var c string
			if err := cols.Scan(&c); err != nil {
				t.Fatal(err)
			}
			conds = append(conds, `instr(CAST("`+c+`" AS TEXT), ?) > 0`)
		}
		cols.Close()
		if len(conds) == 0 {
			continue
		}
		args := make([]any, len(conds))
		for i := range args {
			args[i] = s
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM "`+table+`" WHERE `+strings.Join(conds, " OR "), args...).Scan(&n); err != nil {
			t.Fatalf("table %s: %v", table, err)
		}
		if n > 0 {
			out[table] = n
		}
	}
	return out
}

// pvEventually waits for a gateway event the bot handles asynchronously
// to show in the database.
func pvEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pvShareCheckin has member check in and share it in #general, through
// the bot, and returns the post.
func pvShareCheckin(t *testing.T, h *harness, member discordtest.Member) *discordtest.Message {
	t.Helper()
	g, general := h.guild.ID, h.guild.ChannelID("general")
	in := h.fake.SlashCommand(g, member, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
	resp := in.Wait(t)
	reply := in.Original()
	resp = h.fake.ClickButton(g, member, reply, pvButton(t, resp.Data.Components, "ci-share:")).Wait(t)
	h.fake.ClickButton(g, member, reply, pvButton(t, resp.Data.Components, "ci-sharego:")).Wait(t)
	return h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool {
		return strings.Contains(m.Content, "<@"+member.User.ID+"> checked in")
	})
}

func TestBotAsksForTheServerMembersIntent(t *testing.T) {
	if bot.Intents&discordgo.IntentsGuildMembers == 0 {
		t.Fatal("Kindred needs GUILD_MEMBERS to see members leave and return")
	}
	h := newHarness(t)
	ids := h.fake.IdentifyPayloads()
	if len(ids) == 0 {
		t.Fatal("no IDENTIFY")
	}
	if got, _ := ids[0]["intents"].(float64); int64(got)&int64(discordgo.IntentsGuildMembers) == 0 {
		t.Fatalf("IDENTIFY intents = %v, without GUILD_MEMBERS", ids[0]["intents"])
	}
}

func TestConcernsEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
	carol, bob := h.member("carol"), h.member("bob")
	pvSet(t, h, data.SettingAlertsChannel, modLog)
	pvSet(t, h, data.SettingModeratorRole, h.guild.RoleID("Moderator"))

	// Carol raises an anonymous concern through the form.
	resp := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("anonymous")).Wait(t)
	if resp.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/concern anonymous: response type %d %q, want the form", resp.Type, resp.Content())
	}
	const text = "Someone in voice chat keeps making jokes about self-harm."
	resp = h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"text": text}).Wait(t)
	wantReply(t, "anonymous concern", resp, discordgo.InteractionResponseChannelMessageWithSource, "anonymously", "C-")
	if !resp.Ephemeral() {
		t.Error("the thank-you is not ephemeral")
	}
	alert := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "anonymous concern") })
	if len(alert.Embeds) != 1 || alert.Embeds[0].Description != text {
		t.Fatalf("alert = %+v", alert.Message)
	}
	ref := alert.Content[strings.Index(alert.Content, "C-") : strings.Index(alert.Content, "C-")+6]
	if strings.Contains(alert.Content+alert.Embeds[0].Footer.Text, carol.User.ID) {
		t.Fatalf("the alert names carol: %q", alert.Content)
	}
	// The database holds no trace of carol: not her ID, anywhere.
	if found := pvRowsContaining(t, h, carol.User.ID); len(found) != 0 {
		t.Fatalf("carol's ID is in the database after an anonymous concern: %v", found)
	}

	// Members can't list concerns; moderators can, and reply.
	resp = h.fake.SlashCommand(g, carol, "mod-concerns", discordtest.Sub("list")).Wait(t)
	wantReply(t, "member lists concerns", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")
	ac := h.fake.Autocomplete(g, bob, "mod-concerns", discordtest.Sub("reply", discordtest.Focused("ref", "voice"), discordtest.Opt("text", "x"))).Wait(t)
	if len(ac.Data.Choices) != 1 || ac.Data.Choices[0].Value != ref {
		t.Fatalf("autocomplete = %+v, want %s", ac.Data.Choices, ref)
	}
	const answer = "Thank you for telling us. We've spoken to them and we're keeping an eye on it."
	resp = h.fake.SlashCommand(g, bob, "mod-concerns", discordtest.Sub("reply", discordtest.Opt("ref", ref), discordtest.Opt("text", answer))).Wait(t)
	wantReply(t, "reply", resp, discordgo.InteractionResponseChannelMessageWithSource, "Sent your reply")
	dm := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return len(m.Embeds) == 1 && m.Embeds[0].Description == answer })
	if !strings.Contains(dm.Content, ref) || !strings.HasPrefix(dm.Content, "-# From the **Test Server** server\n") {
		t.Errorf("reply DM = %q, want it to name the server and the concern", dm.Content)
	}
	h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "<@"+bob.User.ID+"> replied") })

	// Closing tells carol and forgets the way to her.
	resp = h.fake.SlashCommand(g, bob, "mod-concerns", discordtest.Sub("close", discordtest.Opt("ref", ref))).Wait(t)
	wantReply(t, "close", resp, discordgo.InteractionResponseChannelMessageWithSource, "Closed", "let them know")
	h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "closed the concern") })
	if found := pvRowsContaining(t, h, h.fake.DMChannelID(carol.User.ID)); len(found) != 0 {
		t.Fatalf("the DM channel is still stored after closing: %v", found)
	}
	resp = h.fake.SlashCommand(g, bob, "audit", discordtest.Sub("show", discordtest.Opt("feature", "concerns"))).Wait(t)
	if len(resp.Data.Embeds) != 1 || !strings.Contains(resp.Data.Embeds[0].Description, "reply · "+ref) ||
		!strings.Contains(resp.Data.Embeds[0].Description, "close · "+ref) {
		t.Fatalf("audit = %+v", resp.Data)
	}
}

// pvSeed gives carol a record of every kind Kindred keeps, through the
// bot where a member would, and through the store for the rest.
func pvSeed(t *testing.T, h *harness, carol discordtest.Member) (post *discordtest.Message) {
	t.Helper()
	ctx := context.Background()
	g, general := h.guild.ID, h.guild.ChannelID("general")
	uid := carol.User.ID
	post = pvShareCheckin(t, h, carol)
	h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "20:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
	h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("country", discordtest.Opt("country", "GB"))).Wait(t)
	form := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("named")).Wait(t)
	h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"text": "Can we talk about the rules?"}).Wait(t)

	st := h.store
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cs, err := st.RecentCheckins(ctx, g, uid, time.Time{})
	check(err)
	_, err = st.AddCheckinFollowup(ctx, g, uid, cs[0].ID, h.guild.ChannelID("mod-log"), "999000000000000001")
	check(err)
	_, err = st.AcknowledgeGuidelines(ctx, g, uid, data.GuidelinesVersion("Be kind."))
	check(err)
	d, err := st.CreateMeetingDraft(ctx, data.Meeting{GuildID: g, Title: "Tuesday group", Schedule: "every Tuesday at 19:00",
		Duration: time.Hour, ChannelID: general, Reminders: []time.Duration{time.Hour}, CreatedBy: uid})
	check(err)
	m, err := st.ConfirmMeetingDraft(ctx, g, d.ID)
	check(err)
	start := harnessStart.Add(48 * time.Hour)
	_, err = st.RecordPlan(ctx, data.MeetingPlan{Meeting: m, Starts: []time.Time{start}, PlannedThrough: start, NextPlanAt: start.Add(time.Hour),
		Deliveries: func(data.Occurrence) []data.Delivery { return nil }})
	check(err)
	occ, err := st.Occurrences(ctx, g, m.ID, harnessStart, start.Add(time.Hour))
	check(err)
	_, _, err = st.SetRSVPDM(ctx, g, occ[0].ID, uid, true, data.Delivery{GuildID: g, Kind: data.DeliveryMeetingDM,
		Source: data.MeetingDMSource(m.ID), UserID: uid, Key: "meeting:dm:" + uid, DueAt: start.Add(-time.Hour), ExpiresAt: start})
	check(err)
	_, err = st.RecordAttendance(ctx, g, occ[0].ID, uid, uid)
	check(err)
	// A full meeting date carol waits for.
	check(st.SetAttendeeLimit(ctx, g, m.ID, 1))
	start2 := start.Add(7 * 24 * time.Hour)
	m, err = st.Meeting(ctx, g, m.ID)
	check(err)
	_, err = st.RecordPlan(ctx, data.MeetingPlan{Meeting: m, Starts: []time.Time{start2}, PlannedThrough: start2, NextPlanAt: start2.Add(time.Hour)})
	check(err)
	occ2, err := st.Occurrences(ctx, g, m.ID, start2, start2.Add(time.Hour))
	check(err)
	_, err = st.SetRSVP(ctx, g, occ2[0].ID, h.member("alice").User.ID, data.RSVPGoing)
	check(err)
	var wait *data.WaitlistedError
	if _, err := st.SetRSVP(ctx, g, occ2[0].ID, uid, data.RSVPGoing); !errors.As(err, &wait) {
		t.Fatalf("carol going to a full meeting: %v", err)
	}
	check(st.RecordDMFailure(ctx, data.DMFailure{GuildID: g, UserID: uid, Kind: data.DeliveryMeetingDM, Reason: "closed", At: harnessStart}))
	_, err = st.StartSelfCareNudges(ctx, g, uid, []string{"10:00"}, "every day", "Europe/London")
	check(err)
	p, err := st.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: g, DeliveryKey: data.SelfCareNudgeKey(g, uid, "2026-11-27", "10:00"), UserID: uid})
	check(err)
	_, _, err = st.RecordSelfCareDone(ctx, g, p.ID, uid)
	check(err)
	bob, alice := h.member("bob").User.ID, h.member("alice").User.ID
	check(st.NoteMemberJoined(ctx, g, uid, harnessStart.Add(-60*24*time.Hour)))
	_, err = st.RecordMilestones(ctx, g, uid, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin}}, "")
	check(err)
	_, err = st.GiveKudos(ctx, data.Kudos{GuildID: g, From: bob, To: uid, Reason: "for showing up"}, time.UTC, "")
	check(err)
	k, err := st.GiveKudos(ctx, data.Kudos{GuildID: g, From: uid, To: alice, Reason: "for hosting"}, time.UTC, h.guild.ChannelID("general"))
	check(err)
	// Encouragement counts only on a sent celebration post.
	kd, err := st.DeliveryByKey(ctx, g, "milestone:"+strconv.FormatInt(k.ID, 10))
	check(err)
	_, err = st.ClaimDelivery(ctx, kd, kd.NextAttemptAt)
	check(err)
	check(st.CompleteDelivery(ctx, kd, "990000000000000001", kd.NextAttemptAt))
	_, _, err = st.Encourage(ctx, g, k.ID, "990000000000000001", uid)
	check(err)
	// A request to talk, and carol on duty as a listener.
	tr, err := st.CreateTalkDraft(ctx, g, uid, data.TalkNeedListen, "I'd like to talk")
	check(err)
	_, err = st.OpenTalk(ctx, g, tr.ID, uid, data.TalkOpening{ThreadID: "999000000000000002"})
	check(err)
	check(st.SetListenerDuty(ctx, g, uid, true))
	// What carol did as a moderator, once.
	_, err = st.AddResource(ctx, g, uid, data.Resource{Name: "Listening line", Category: data.CategoryHotline,
		Description: "Someone to talk to.", Phone: "0800 123 4567", Region: "London"})
	check(err)
	check(st.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: g, ModeratorID: uid, Feature: data.AuditResources, Action: "add", Target: "Listening line"}))
	return post
}

func TestMyDataExportAndDeleteEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol, bob := h.member("carol"), h.member("bob")
	pvSet(t, h, data.SettingAlertsChannel, h.guild.ChannelID("mod-log"))
	pvSet(t, h, data.SettingCheckinChannel, h.guild.ChannelID("general"))
	post := pvSeed(t, h, carol)
	bobPost := pvShareCheckin(t, h, bob)

	// Export: every kind of record made above is in the file.
	resp := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("export")).Wait(t)
	if !resp.Ephemeral() || len(resp.Files) != 1 {
		t.Fatalf("export = %q with %d files", resp.Content(), len(resp.Files))
	}
	var e data.MemberExport
	if err := json.Unmarshal(resp.Files[0].Data, &e); err != nil {
		t.Fatalf("export file: %v", err)
	}
	for _, s := range e.Sections {
		if len(s.Records) == 0 && s.Kind != "left_server" { // carol is still here
			t.Errorf("export section %s (%s) is empty", s.Kind, s.About)
		}
	}
	if !strings.Contains(resp.Content(), "Your check-ins") {
		t.Errorf("summary = %q", resp.Content())
	}
	if strings.Contains(string(resp.Files[0].Data), bob.User.ID) {
		t.Error("carol's export names bob")
	}

	// Delete asks first, then erases everything of carol's.
	in := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("delete"))
	resp = in.Wait(t)
	wantReply(t, "delete", resp, discordgo.InteractionResponseChannelMessageWithSource, "can't be undone")
	if found := pvRowsContaining(t, h, carol.User.ID); len(found) == 0 {
		t.Fatal("asking erased already")
	}
	resp = h.fake.ClickButton(g, carol, in.Original(), pvButton(t, resp.Data.Components, "mydata-erase")).Wait(t)
	wantReply(t, "erase", resp, discordgo.InteractionResponseUpdateMessage, "erased everything", "deleted 1 post")
	if found := pvRowsContaining(t, h, carol.User.ID); len(found) != 0 {
		t.Fatalf("carol's ID is still in the database: %v", found)
	}
	if h.fake.Message(post.ID) != nil {
		t.Error("carol's shared check-in post is still in #general")
	}
	if h.fake.Message(bobPost.ID) == nil {
		t.Error("bob's post was deleted")
	}
	if found := pvRowsContaining(t, h, bob.User.ID); found["checkins"] != 1 {
		t.Errorf("bob's data changed: %v", found)
	}
}

func TestMemberLeaveGracePeriodEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	carol := h.member("carol")
	pvSet(t, h, data.SettingCheckinChannel, h.guild.ChannelID("general"))
	post := pvShareCheckin(t, h, carol)
	dave := h.fake.AddMember(g, discordtest.Member{User: discordtest.User{Username: "dave"}})
	h.fake.SlashCommand(g, dave, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3))).Wait(t)
	left := func(uid string) bool {
		ms, err := h.store.MembersPastGrace(ctx, harnessStart.AddDate(1, 0, 0), 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.UserID == uid {
				return true
			}
		}
		return false
	}
	count := func(uid string) int {
		cs, err := h.store.RecentCheckins(ctx, g, uid, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}

	// Carol leaves; dave leaves and comes back.
	h.fake.RemoveMember(g, carol.User.ID)
	h.fake.RemoveMember(g, dave.User.ID)
	pvEventually(t, "carol and dave recorded as gone", func() bool { return left(carol.User.ID) && left(dave.User.ID) })
	h.fake.AddMember(g, dave)
	pvEventually(t, "dave recorded as back", func() bool { return !left(dave.User.ID) })

	r := &scheduler.Runner{Store: h.store, Notifier: h.bot, Now: h.clock.Now, Log: testLogger(t)}
	tick := func(at time.Time) {
		t.Helper()
		h.clock.Set(at)
		if err := r.Tick(ctx); err != nil {
			t.Fatalf("tick at %v: %v", at, err)
		}
	}
	tick(harnessStart.Add(29 * 24 * time.Hour))
	if count(carol.User.ID) != 1 || h.fake.Message(post.ID) == nil {
		t.Fatal("carol's data went before the 30-day grace period was over")
	}
	tick(harnessStart.Add(30*24*time.Hour + time.Minute))
	if count(carol.User.ID) != 0 {
		t.Fatal("carol's data is still here 30 days after she left")
	}
	if found := pvRowsContaining(t, h, carol.User.ID); len(found) != 0 {
		t.Fatalf("carol's ID is still in the database: %v", found)
	}
	if h.fake.Message(post.ID) != nil {
		t.Error("carol's shared check-in post was not deleted")
	}
	if count(dave.User.ID) != 1 {
		t.Error("dave came back, but his data was deleted")
	}
}

// pvGone reports whether uid is recorded as having left the test server.
func pvGone(t *testing.T, h *harness, uid string) bool {
	t.Helper()
	ms, err := h.store.MembersPastGrace(context.Background(), harnessStart.AddDate(1, 0, 0), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.GuildID == h.guild.ID && m.UserID == uid {
			return true
		}
	}
	return false
}

func TestOldCelebrationPostsGoWithTheMembersDataEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	general := h.guild.ChannelID("general")
	pvSet(t, h, data.SettingCelebrationsChannel, general)
	bob, carol := msJoined(h.member("bob")), msJoined(h.member("carol"))
	dave := h.fake.AddMember(g, msJoined(discordtest.Member{User: discordtest.User{Username: "dave"}}))
	r := meetingRunner(t, h)
	tickAt(t, h, r, harnessStart)
	for _, m := range []discordtest.Member{bob, carol, dave} {
		msCheckIn(t, h, m)
	}
	tickAt(t, h, r, harnessStart.Add(time.Minute))
	postOf := map[string]*discordtest.Message{}
	for _, p := range celebrations(h, general) {
		for _, m := range []discordtest.Member{bob, carol, dave} {
			if strings.Contains(p.Content, "<@"+m.User.ID+">") {
				postOf[m.User.ID] = p
			}
		}
	}
	if len(postOf) != 3 {
		t.Fatalf("celebrated %d of bob, carol and dave's first check-ins, want 3", len(postOf))
	}

	// Dave leaves. A month on, the celebrations' deliveries are pruned in
	// the same tick that deletes his data: his post goes too.
	h.fake.RemoveMember(g, dave.User.ID)
	pvEventually(t, "dave recorded as gone", func() bool { return pvGone(t, h, dave.User.ID) })
	tickAt(t, h, r, harnessStart.Add(31*24*time.Hour))
	if ds, err := h.store.Deliveries(ctx, g, "milestones"); err != nil || len(ds) != 0 {
		t.Fatalf("celebration deliveries after 31 days: %d, %v; want pruned", len(ds), err)
	}
	if pvGone(t, h, dave.User.ID) || h.fake.Message(postOf[dave.User.ID].ID) != nil {
		t.Error("dave's data or his month-old celebration post is still here after his grace period")
	}

	// Carol erases her data: her month-old celebration goes; bob's stays.
	in := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("delete"))
	resp := in.Wait(t)
	resp = h.fake.ClickButton(g, carol, in.Original(), pvButton(t, resp.Data.Components, "mydata-erase")).Wait(t)
	wantReply(t, "erase", resp, discordgo.InteractionResponseUpdateMessage, "erased everything", "deleted 1 post")
	if h.fake.Message(postOf[carol.User.ID].ID) != nil {
		t.Error("carol's month-old celebration post is still in #general")
	}
	if h.fake.Message(postOf[bob.User.ID].ID) == nil {
		t.Error("bob's celebration post was deleted")
	}
}

func TestSweepKeepsAMemberWhoseReturnKindredMissedEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	pvSet(t, h, data.SettingCheckinChannel, h.guild.ChannelID("general"))
	carol, dave := h.member("carol"), h.fake.AddMember(g, discordtest.Member{User: discordtest.User{Username: "dave"}})
	carolPost, davePost := pvShareCheckin(t, h, carol), pvShareCheckin(t, h, dave)
	// Carol left and came back while Kindred was offline: it saw her go
	// but not return. Dave really left.
	if err := h.store.MemberLeft(ctx, g, carol.User.ID); err != nil {
		t.Fatal(err)
	}
	h.fake.RemoveMember(g, dave.User.ID)
	pvEventually(t, "dave recorded as gone", func() bool { return pvGone(t, h, dave.User.ID) })

	r := meetingRunner(t, h)
	tickAt(t, h, r, harnessStart.Add(31*24*time.Hour))
	if pvGone(t, h, carol.User.ID) {
		t.Error("carol is still recorded as gone although Discord says she is in the server")
	}
	if found := pvRowsContaining(t, h, carol.User.ID); found["checkins"] != 1 || h.fake.Message(carolPost.ID) == nil {
		t.Errorf("carol's data or post was deleted although she is still a member: %v", found)
	}
	if found := pvRowsContaining(t, h, dave.User.ID); len(found) != 0 || h.fake.Message(davePost.ID) != nil {
		t.Errorf("dave really left, but his data or post is still here: %v", found)
	}
}
