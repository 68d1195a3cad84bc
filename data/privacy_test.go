package data_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// IDs of the privacy tests. Each is 18 digits, so none contains another.
const (
	pvGuildA      = "110000000000000001"
	pvGuildB      = "110000000000000002"
	pvMember      = "210000000000000001" // the member who exports and erases
	pvOther       = "210000000000000002" // another member, whose data must stay
	pvChannel     = "310000000000000001"
	pvDM          = "310000000000000099" // pvMember's DM channel
	pvPostID      = "510000000000000001"
	pvAlertMsg    = "510000000000000002"
	pvCelebration = "510000000000000003"
	pvThread      = "510000000000000004" // the member's support thread
	pvNotice      = "510000000000000005" // the listeners' notice of it
	pvNote        = "510000000000000007" // a hand-over note about it
	modB          = "220000000000000009"
)

var pvNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// pvOpen opens a store at pvNow and returns it with its file's path.
func pvOpen(t *testing.T) (*data.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kindred.db")
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return pvNow }
	t.Cleanup(func() { s.Close() })
	return s, path
}

// pvRaw opens the database file directly, to look at it as an outsider would.
func pvRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_query_only=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// must returns v, or panics (failing the test) when err is set; it
// keeps the seed below readable.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seedMember creates, through the store's own methods, one record of every
// kind Kindred keeps for member in guild, with member also acting as a
// moderator there.
func seedMember(t *testing.T, s *data.Store, guild, member string) {
	t.Helper()
	ctx := context.Background()
	must(s.GuildJoined(ctx, guild))

	// Settings and the moderator audit log.
	must(s.SetSetting(ctx, guild, member, data.SettingAlertsChannel, pvChannel))
	mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: guild, ModeratorID: member, Feature: data.AuditMeetings, Action: "edit", Target: "Tuesday group"}))
	mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: guild, ModeratorID: modA, Feature: data.AuditMeetings, Action: "attendance", Target: "<@" + member + ">", Detail: "recorded <@" + member + "> at Tuesday group"}))

	// A dashboard login that includes the server.
	must(s.CreateWebSession(ctx, member, "member", []string{guild}, time.Hour, ""))

	// Guidelines, country, resources.
	must(s.AcknowledgeGuidelines(ctx, guild, member, data.GuidelinesVersion("Be kind.")))
	mustDo(t, s.SetMemberCountry(ctx, guild, member, "GB"))
	must(s.AddResource(ctx, guild, member, data.Resource{
		Name: "Listening line " + guild[len(guild)-1:], Category: data.CategoryHotline,
		Description: "Listening support for anyone who is struggling.", Phone: "0800 123 4567", Region: "London",
	}))

	// Check-ins: a shared one with a note, a follow-up, a reminder.
	c := must(s.AddCheckin(ctx, data.Checkin{GuildID: guild, UserID: member, Mood: 2, Feelings: []string{"tired"}, Note: "a hard day"}, time.UTC))
	mustDo(t, s.MarkCheckinShared(ctx, guild, member, c.ID, pvChannel, pvPostID, true))
	must(s.AddCheckinFollowup(ctx, guild, member, c.ID, pvChannel, pvAlertMsg))
	must(s.SetCheckinReminder(ctx, guild, member, "20:00", "Europe/London"))

	// Meetings: created by member, who answers, asks for a DM, attends
	// and records attendance.
	d := must(s.CreateMeetingDraft(ctx, data.Meeting{
		GuildID: guild, Title: "Tuesday group", Schedule: "every Tuesday at 19:00", Duration: time.Hour,
		ChannelID: pvChannel, Reminders: []time.Duration{time.Hour}, CreatedBy: member,
	}))
	m := must(s.ConfirmMeetingDraft(ctx, guild, d.ID))
	start := pvNow.Add(48 * time.Hour)
	must(s.RecordPlan(ctx, data.MeetingPlan{
		Meeting: m, Starts: []time.Time{start}, PlannedThrough: start, NextPlanAt: start.Add(time.Hour),
		Deliveries: func(o data.Occurrence) []data.Delivery {
			return []data.Delivery{{GuildID: guild, Kind: data.DeliveryMeetingReminder, Source: data.MeetingSource(m.ID),
				Key: "r:" + o.StartsAt.Format(time.RFC3339), ChannelID: pvChannel, DueAt: o.StartsAt.Add(-time.Hour), ExpiresAt: o.StartsAt}}
		},
	}))
	occ := must(s.Occurrences(ctx, guild, m.ID, pvNow, start.Add(time.Hour)))[0]
	must(s.SetRSVP(ctx, guild, occ.ID, member, data.RSVPGoing))
	dm := data.Delivery{GuildID: guild, Kind: data.DeliveryMeetingDM, Source: data.MeetingDMSource(m.ID), UserID: member,
		Key: "meeting:1:" + start.Format("2006-01-02T15:04Z") + ":dm:" + member, DueAt: start.Add(-time.Hour), ExpiresAt: start}
	_, _, err := s.SetRSVPDM(ctx, guild, occ.ID, member, true, dm)
	mustDo(t, err)
	must(s.RecordAttendance(ctx, guild, occ.ID, member, member))
	mustDo(t, s.SaveMeetingEvent(ctx, data.MeetingEvent{GuildID: guild, MeetingID: m.ID, StartsAt: start, EventID: "9" + guild[1:], Status: data.EventLive}))
	mustDo(t, s.SetMeetingEventsShown(ctx, guild, m.ID, true))
	// A full meeting: the member waits for a place.
	mustDo(t, s.SetAttendeeLimit(ctx, guild, m.ID, 1))
	start2 := start.Add(7 * 24 * time.Hour)
	must(s.RecordPlan(ctx, data.MeetingPlan{Meeting: must(s.Meeting(ctx, guild, m.ID)), Starts: []time.Time{start2}, PlannedThrough: start2, NextPlanAt: start2.Add(time.Hour)}))
	occ2 := must(s.Occurrences(ctx, guild, m.ID, start2, start2.Add(time.Hour)))[0]
	must(s.SetRSVP(ctx, guild, occ2.ID, "390000000000000009", data.RSVPGoing))
	var wait *data.WaitlistedError
	if _, err := s.SetRSVP(ctx, guild, occ2.ID, member, data.RSVPGoing); !errors.As(err, &wait) {
		t.Fatalf("going to a full meeting: %v, want waitlisted", err)
	}
	mustDo(t, s.RecordDMFailure(ctx, data.DMFailure{GuildID: guild, UserID: member, Kind: data.DeliveryMeetingDM, Reason: "DMs closed", At: pvNow}))

	// Self-care: a server prompt, a switched-off shipped prompt, a
	// schedule, a channel post, a nudge and "I did this".
	must(s.AddSelfCarePrompt(ctx, guild, member, data.SelfCareCategories()[0], "Drink a glass of water "+guild[len(guild)-1:]))
	shipped := data.ShippedSelfCarePrompts()[0]
	_, _, err = s.SetSelfCarePromptEnabled(ctx, guild, member, shipped.Ref, false)
	mustDo(t, err)
	must(s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: guild, Schedule: "every day at 09:00", ChannelID: pvChannel, CreatedBy: member}))
	must(s.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: guild, DeliveryKey: "selfcare:1:channel", ScheduleID: 1}))
	must(s.StartSelfCareNudges(ctx, guild, member, []string{"10:00"}, "every day", "Europe/London"))
	nudgeKey := data.SelfCareNudgeKey(guild, member, "2026-11-27", "10:00")
	post := must(s.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: guild, DeliveryKey: nudgeKey, UserID: member}))
	must(s.EnqueueDelivery(ctx, data.Delivery{GuildID: guild, Kind: data.DeliverySelfCareNudge, Source: data.SelfCareNudgeSource(member),
		Ref: "2026-11-27", UserID: member, Key: nudgeKey, DueAt: pvNow.Add(time.Hour), ExpiresAt: pvNow.Add(2 * time.Hour)}))
	_, _, err = s.RecordSelfCareDone(ctx, guild, post.ID, member)
	mustDo(t, err)

	// Concerns: one named, one anonymous; member closes another's as a moderator.
	must(s.RaiseConcern(ctx, data.NewConcern{GuildID: guild, UserID: member, Text: "The voice chat got heated."}))
	must(s.RaiseConcern(ctx, data.NewConcern{GuildID: guild, UserID: member, Anonymous: true, ReplyChannelID: pvDM, Text: "Someone keeps DMing me."}))
	other := must(s.RaiseConcern(ctx, data.NewConcern{GuildID: guild, UserID: modA, Text: "A concern to close."}))
	must(s.CloseConcern(ctx, guild, other.Ref, member))

	// Milestones: one reached and celebrated (its post sent), kudos given
	// and received, an award given as a moderator, an encouragement, and
	// the member's preferences.
	mustDo(t, s.NoteMemberJoined(ctx, guild, member, pvNow.Add(-90*24*time.Hour)))
	ms := must(s.RecordMilestones(ctx, guild, member, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, pvChannel))
	celebration := must(s.DeliveryByKey(ctx, guild, "milestone:"+strconv.FormatInt(ms[0].ID, 10)))
	if !must(s.ClaimDelivery(ctx, celebration, pvNow)) {
		t.Fatal("could not claim the celebration post")
	}
	mustDo(t, s.CompleteDelivery(ctx, celebration, pvCelebration, pvNow))
	given := must(s.GiveKudos(ctx, data.Kudos{GuildID: guild, From: member, To: modA, Reason: "for listening"}, time.UTC, pvChannel))
	must(s.GiveKudos(ctx, data.Kudos{GuildID: guild, From: modA, To: member, Reason: "for showing up"}, time.UTC, pvChannel))
	must(s.AwardMilestone(ctx, guild, member, modA, "Six months of hosting", pvChannel))
	postCelebration(t, s, guild, given.ID, pvCelebration+"1")
	_, _, err = s.Encourage(ctx, guild, given.ID, pvCelebration+"1", modB)
	mustDo(t, err)
	_, _, err = s.Encourage(ctx, guild, given.ID, pvCelebration+"1", member) // their own kudos to modA: encouraging it is allowed
	mustDo(t, err)

	// Talk to someone: the member asks (modA takes it and hands it to
	// modB with a note), and as a listener on duty takes modA's request
	// and hands it over in turn.
	draft := must(s.CreateTalkDraft(ctx, guild, member, data.TalkNeedListen, "I can't sleep again"))
	tr := must(s.OpenTalk(ctx, guild, draft.ID, member, data.TalkOpening{ThreadID: pvThread, Pinged: true, EscalateAt: pvNow.Add(10 * time.Minute)}))
	mustDo(t, s.SetTalkNotice(ctx, guild, tr.ID, pvChannel, pvNotice))
	must(s.TakeTalk(ctx, guild, tr.ID, modA))
	_, handover, err := s.HandOverTalk(ctx, guild, tr.ID, modA, modB, "a listener-only note about the member")
	mustDo(t, err)
	mustDo(t, s.SetHandoverNoteMessage(ctx, guild, handover, pvChannel, pvNote))
	must(s.CloseTalk(ctx, guild, tr.ID, data.TalkClosedByMember))
	must(s.RateTalk(ctx, guild, tr.ID, member, 4))
	theirs := must(s.CreateTalkDraft(ctx, guild, modA, data.TalkNeedPractical, ""))
	theirs = must(s.OpenTalk(ctx, guild, theirs.ID, modA, data.TalkOpening{ThreadID: "510000000000000006"}))
	must(s.TakeTalk(ctx, guild, theirs.ID, member))
	_, _, err = s.HandOverTalk(ctx, guild, theirs.ID, member, modB, "handing over to modB")
	mustDo(t, err)
	mustDo(t, s.SetListenerDuty(ctx, guild, member, true))

	// Leaving.
	mustDo(t, s.MemberLeft(ctx, guild, member))
}

// seedOther gives a second member a few records in guild.
func seedOther(t *testing.T, s *data.Store, guild, member string) {
	t.Helper()
	ctx := context.Background()
	must(s.AcknowledgeGuidelines(ctx, guild, member, data.GuidelinesVersion("Be kind.")))
	must(s.AddCheckin(ctx, data.Checkin{GuildID: guild, UserID: member, Mood: 4, Note: "better today"}, time.UTC))
	mustDo(t, s.SetMemberCountry(ctx, guild, member, "DE"))
	must(s.SetProfileTimeZone(ctx, member, "Europe/Berlin"))
	must(s.RaiseConcern(ctx, data.NewConcern{GuildID: guild, UserID: member, Text: "Thanks for the group."}))
	ms := must(s.Meetings(ctx, guild))
	occ := must(s.Occurrences(ctx, guild, ms[0].ID, pvNow, pvNow.Add(72*time.Hour)))[0]
	must(s.SetRSVP(ctx, guild, occ.ID, member, data.RSVPMaybe))
	// Recorded as being there by pvMember, who will erase their data.
	must(s.RecordAttendance(ctx, guild, occ.ID, member, pvMember))
}

// tableColumns lists every table in the database and its columns, leaving
// out SQLite's own tables and the shadow tables of full-text indexes.
func tableColumns(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	rows := must(db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`))
	var names, virtual []string
	for rows.Next() {
		var name string
		var ddl sql.NullString
		mustDo(t, rows.Scan(&name, &ddl))
		names = append(names, name)
		if strings.HasPrefix(strings.ToUpper(ddl.String), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
		}
	}
	mustDo(t, rows.Err())
	rows.Close()
	out := map[string][]string{}
	for _, n := range names {
		shadow := false
		for _, v := range virtual {
			shadow = shadow || strings.HasPrefix(n, v+"_")
		}
		if shadow {
			continue
		}
		cols := must(db.Query(`SELECT name FROM pragma_table_info(?)`, n))
		for cols.Next() {
			var c string
			mustDo(t, cols.Scan(&c))
			out[n] = append(out[n], c)
		}
		mustDo(t, cols.Err())
		cols.Close()
	}
	return out
}

// rowsContaining counts the rows of table in which some column contains
// s, among the rows of guild when the table has a guild_id column.
func rowsContaining(t *testing.T, db *sql.DB, table string, cols []string, guild, s string) int {
	t.Helper()
	var conds []string
	for _, c := range cols {
		conds = append(conds, `instr(CAST("`+c+`" AS TEXT), ?1) > 0`)
	}
	q := `SELECT count(*) FROM "` + table + `" WHERE (` + strings.Join(conds, " OR ") + `)`
	for _, c := range cols {
		if c == "guild_id" {
			q += ` AND guild_id = ?2`
		}
	}
	var n int
	mustDo(t, db.QueryRow(q, s, guild).Scan(&n))
	return n
}

// guildRows counts the rows of table belonging to guild, or all its rows
// if it has no guild_id column.
func guildRows(t *testing.T, db *sql.DB, table string, cols []string, guild string) int {
	t.Helper()
	q := `SELECT count(*) FROM "` + table + `"`
	for _, c := range cols {
		if c == "guild_id" {
			q += ` WHERE guild_id = ?1`
		}
	}
	var n int
	mustDo(t, db.QueryRow(q, guild).Scan(&n))
	return n
}

// requireSeeded fails unless the seed put rows in every table for guild:
// a table the seed doesn't fill is one the privacy tests can't vouch for.
func requireSeeded(t *testing.T, db *sql.DB, tables map[string][]string, guild string) {
	t.Helper()
	for table, cols := range tables {
		if table == "bot_state" {
			continue // the install's own state, no server's records
		}
		if guildRows(t, db, table, cols, guild) == 0 {
			t.Errorf("table %s has no rows for server %s after seeding: add a record of it to seedMember, "+
				"and make sure data.DeleteMemberData, MemberExport and EraseRemovedGuild handle it", table, guild)
		}
	}
}

func TestDeleteMemberDataLeavesNoTraceInAnyTable(t *testing.T) {
	ctx := context.Background()
	s, path := pvOpen(t)
	seedMember(t, s, pvGuildA, pvMember)
	seedOther(t, s, pvGuildA, pvOther)
	seedMember(t, s, pvGuildB, pvMember) // the same member elsewhere: untouched
	db := pvRaw(t, path)
	tables := tableColumns(t, db)
	requireSeeded(t, db, tables, pvGuildA)

	otherBefore := must(s.MemberExport(ctx, pvGuildA, pvOther))
	elsewhereBefore := must(s.MemberExport(ctx, pvGuildB, pvMember))
	countsBefore := map[string]int{}
	for table, cols := range tables {
		countsBefore[table] = rowsContaining(t, db, table, cols, pvGuildA, pvMember)
	}

	del := must(s.DeleteMemberData(ctx, pvGuildA, pvMember))
	if got, want := del.Posts, []data.Post{
		{Kind: data.PostCheckin, ChannelID: pvChannel, MessageID: pvPostID},
		{Kind: data.PostCelebration, ChannelID: pvChannel, MessageID: pvCelebration},
		{Kind: data.PostTalkThread, ChannelID: pvThread},
		{Kind: data.PostTalkNotice, ChannelID: pvChannel, MessageID: pvNotice},
		{Kind: data.PostTalkNote, ChannelID: pvChannel, MessageID: pvNote},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("posts to delete = %+v, want %+v", got, want)
	}
	if del.Rows["checkins"] != 1 || del.Rows["concerns"] != 1 || del.Total() == 0 {
		t.Errorf("deleted rows = %v", del.Rows)
	}

	for table, cols := range tables {
		if n := rowsContaining(t, db, table, cols, pvGuildA, pvMember); n != 0 {
			t.Errorf("table %s still has %d rows of server A containing the member's ID (had %d)", table, n, countsBefore[table])
		}
	}
	var rate int
	mustDo(t, db.QueryRow(`SELECT count(*) FROM concern_rate WHERE guild_id = ?`, pvGuildA).Scan(&rate))
	if rate != 0 { // only the member's anonymous concern had one
		t.Errorf("concern_rate has %d rows in server A, want 0 (the member's removed)", rate)
	}

	// Nothing of anyone else changed, nor the member's data elsewhere.
	if got := must(s.MemberExport(ctx, pvGuildA, pvOther)); !reflect.DeepEqual(got, otherBefore) {
		t.Errorf("the other member's export changed:\n got %+v\nwant %+v", got.Sections, otherBefore.Sections)
	}
	if got := must(s.MemberExport(ctx, pvGuildB, pvMember)); !reflect.DeepEqual(got, elsewhereBefore) {
		t.Errorf("the member's export in another server changed")
	}
	// Community records the member made as a moderator stay, unnamed.
	if rs := must(s.AllResources(ctx, pvGuildA)); len(rs) != 1 {
		t.Errorf("server A has %d resources, want 1 (kept, unnamed)", len(rs))
	}
	if ms := must(s.Meetings(ctx, pvGuildA)); len(ms) != 1 || ms[0].CreatedBy != data.ErasedMember {
		t.Errorf("meetings after erasure = %+v, want one with CreatedBy erased", ms)
	}
	log := must(s.ModeratorAudit(ctx, pvGuildA, "", 0))
	if len(log) < 3 {
		t.Fatalf("audit log has %d entries, want the member's actions kept unnamed", len(log))
	}
	for _, a := range log {
		if strings.Contains(a.ModeratorID+a.Target+a.Detail, pvMember) {
			t.Errorf("audit entry still names the member: %+v", a)
		}
	}

	// Erasing again finds nothing.
	again := must(s.DeleteMemberData(ctx, pvGuildA, pvMember))
	if again.Total() != 0 || len(again.Posts) != 0 {
		t.Errorf("second erasure: %+v, want nothing", again)
	}
}

func TestMemberExportHoldsEveryKindOfRecord(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	seedMember(t, s, pvGuildA, pvMember)
	seedOther(t, s, pvGuildA, pvOther)
	e := must(s.MemberExport(ctx, pvGuildA, pvMember))
	for _, sec := range e.Sections {
		if len(sec.Records) == 0 {
			t.Errorf("section %s is empty; the seed made one of each", sec.Kind)
		}
		if sec.About == "" {
			t.Errorf("section %s has no description", sec.Kind)
		}
	}
	checks := []struct {
		kind, field string
		want        any
	}{
		{"checkins", "note", "a hard day"},
		{"checkins", "shared_message_id", pvPostID},
		{"checkins", "created_at", pvNow.Format(time.RFC3339)},
		{"meeting_rsvps", "meeting", "Tuesday group"},
		{"meeting_attendance", "recorded_by", "you"},
		{"country", "country", "GB"},
		{"concerns", "text", "The voice chat got heated."},
		{"records_you_made", "record", "resource"},
		{"support_requests", "first_message", "I can't sleep again"},
		{"support_requests", "rating", int64(4)},
		{"listener_duty", "duty", "on duty"},
	}
	for _, c := range checks {
		var found bool
		for _, sec := range e.Sections {
			if sec.Kind != c.kind {
				continue
			}
			for _, r := range sec.Records {
				found = found || r[c.field] == c.want
			}
		}
		if !found {
			t.Errorf("export has no %s with %s = %v", c.kind, c.field, c.want)
		}
	}
	if got := e.Count("concerns"); got != 1 {
		t.Errorf("export lists %d concerns, want 1 (the named one; anonymous ones can't be tied to the member)", got)
	}
	b, err := json.Marshal(e)
	mustDo(t, err)
	for _, leak := range []string{"better today", "Someone keeps DMing me", pvOther, pvDM, "listener-only note", "handing over"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("export contains %q, which is not the member's", leak)
		}
	}
	if e2 := must(s.MemberExport(ctx, pvGuildB, pvMember)); e2.Count("checkins") != 0 {
		t.Errorf("export in server B lists server A's check-ins")
	}
}

func TestModeratorAuditUnionsSettingsAndFilters(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	must(s.SetSetting(ctx, pvGuildA, modA, data.SettingTimeZone, "Europe/London"))
	s.Now = func() time.Time { return pvNow.Add(time.Minute) }
	mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: pvGuildA, ModeratorID: modA, Feature: data.AuditResources, Action: "add", Target: "Samaritans"}))
	mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: pvGuildB, ModeratorID: modA, Feature: data.AuditResources, Action: "add", Target: "Elsewhere"}))
	if err := s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: pvGuildA, Feature: "", Action: "x"}); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("entry without a feature: err=%v", err)
	}
	all := must(s.ModeratorAudit(ctx, pvGuildA, "", 0))
	if len(all) != 2 || all[0].Target != "Samaritans" || all[1].Feature != data.AuditSettings || all[1].Detail != "UTC → Europe/London" {
		t.Fatalf("audit = %+v", all)
	}
	if got := must(s.ModeratorAudit(ctx, pvGuildA, data.AuditSettings, 0)); len(got) != 1 || got[0].Target != data.SettingTimeZone {
		t.Errorf("settings only = %+v", got)
	}
	if got := must(s.ModeratorAudit(ctx, pvGuildA, data.AuditMeetings, 0)); len(got) != 0 {
		t.Errorf("meetings only = %+v, want none", got)
	}
	if got := must(s.ModeratorAudit(ctx, pvGuildA, "", 1)); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
	long := strings.Repeat("é", 2000)
	mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: pvGuildA, ModeratorID: modA, Feature: data.AuditMeetings, Action: "edit", Detail: long}))
	if got := must(s.ModeratorAudit(ctx, pvGuildA, data.AuditMeetings, 1)); len([]rune(got[0].Detail)) > 1000 {
		t.Errorf("detail kept %d characters", len([]rune(got[0].Detail)))
	}
}

func TestMemberLeaveGraceAndReturn(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	mustDo(t, s.MemberLeft(ctx, pvGuildA, pvMember))
	mustDo(t, s.MemberLeft(ctx, pvGuildB, pvMember))
	must(s.SetSetting(ctx, pvGuildB, modA, data.SettingMemberGraceDays, "7"))
	s.Now = func() time.Time { return pvNow.Add(time.Hour) }
	mustDo(t, s.MemberLeft(ctx, pvGuildA, pvOther))
	mustDo(t, s.MemberLeft(ctx, pvGuildA, pvMember)) // again: the first time counts

	due := func(at time.Time) []string {
		var out []string
		for _, m := range must(s.MembersPastGrace(ctx, at, 100)) {
			out = append(out, m.GuildID[len(m.GuildID)-1:]+"/"+m.UserID[len(m.UserID)-1:])
		}
		return out
	}
	day := 24 * time.Hour
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{pvNow.Add(7*day - time.Second), nil},
		{pvNow.Add(7 * day), []string{"2/1"}},
		{pvNow.Add(30 * day), []string{"1/1", "2/1"}},
		{pvNow.Add(30*day + time.Hour), []string{"1/1", "2/1", "1/2"}},
	} {
		if got := due(tc.at); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("past grace at %v = %v, want %v", tc.at, got, tc.want)
		}
	}
	mustDo(t, s.MemberReturned(ctx, pvGuildA, pvMember))
	if got := due(pvNow.Add(60 * day)); !reflect.DeepEqual(got, []string{"2/1", "1/2"}) {
		t.Errorf("after returning: %v", got)
	}
}

func TestPruneCheckinNotesFollowsEachServersRetention(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	old := must(s.AddCheckin(ctx, data.Checkin{GuildID: pvGuildA, UserID: pvMember, Mood: 3, Note: "old note"}, time.UTC))
	oldB := must(s.AddCheckin(ctx, data.Checkin{GuildID: pvGuildB, UserID: pvMember, Mood: 3, Note: "kept forever"}, time.UTC))
	s.Now = func() time.Time { return pvNow.Add(20 * 24 * time.Hour) }
	recent := must(s.AddCheckin(ctx, data.Checkin{GuildID: pvGuildA, UserID: pvMember, Mood: 4, Note: "recent note"}, time.UTC))
	if _, err := s.SetSetting(ctx, pvGuildA, modA, data.SettingNoteRetentionDays, "45"); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("retention of 45 days: err=%v, want ErrInvalid (30, 90 or 365)", err)
	}
	must(s.SetSetting(ctx, pvGuildA, modA, data.SettingNoteRetentionDays, "30"))
	must(s.SetSetting(ctx, pvGuildB, modA, data.SettingNoteRetentionDays, "0"))

	if n := must(s.PruneCheckinNotes(ctx, pvNow.Add(30*24*time.Hour-time.Second))); n != 0 {
		t.Errorf("pruned %d notes a second early", n)
	}
	if n := must(s.PruneCheckinNotes(ctx, pvNow.Add(30*24*time.Hour))); n != 1 {
		t.Errorf("pruned %d notes at 30 days, want 1", n)
	}
	for _, tc := range []struct {
		guild string
		id    int64
		note  string
	}{{pvGuildA, old.ID, ""}, {pvGuildA, recent.ID, "recent note"}, {pvGuildB, oldB.ID, "kept forever"}} {
		c := must(s.Checkin(ctx, tc.guild, pvMember, tc.id))
		if c.Note != tc.note {
			t.Errorf("check-in %d note = %q, want %q", tc.id, c.Note, tc.note)
		}
		if c.Mood == 0 {
			t.Errorf("check-in %d lost more than its note", tc.id)
		}
	}
}

func TestEraseRemovedGuildLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s, path := pvOpen(t)
	seedMember(t, s, pvGuildA, pvMember)
	seedOther(t, s, pvGuildA, pvOther)
	seedMember(t, s, pvGuildB, pvMember)
	db := pvRaw(t, path)
	tables := tableColumns(t, db)
	requireSeeded(t, db, tables, pvGuildA)
	before := map[string]int{}
	for table, cols := range tables {
		before[table] = guildRows(t, db, table, cols, pvGuildB)
	}

	mustDo(t, s.GuildRemoved(ctx, pvGuildA))
	grace := 30 * 24 * time.Hour
	if got := must(s.RemovedGuildsPastGrace(ctx, pvNow.Add(-grace))); len(got) != 0 {
		t.Fatalf("past grace at once: %v", got)
	}
	// Kindred came back and left again: the grace starts again.
	must(s.GuildJoined(ctx, pvGuildA))
	s.Now = func() time.Time { return pvNow.Add(24 * time.Hour) }
	mustDo(t, s.GuildRemoved(ctx, pvGuildA))
	if ok := must(s.EraseRemovedGuild(ctx, pvGuildA, pvNow.Add(24*time.Hour-grace-time.Second))); ok {
		t.Fatal("erased before the grace period was over")
	}
	cutoff := pvNow.Add(24 * time.Hour)
	if got := must(s.RemovedGuildsPastGrace(ctx, cutoff)); !reflect.DeepEqual(got, []string{pvGuildA}) {
		t.Fatalf("past grace = %v", got)
	}
	if ok := must(s.EraseRemovedGuild(ctx, pvGuildA, cutoff)); !ok {
		t.Fatal("not erased after the grace period")
	}
	for table, cols := range tables {
		if n := rowsContaining(t, db, table, cols, pvGuildA, pvGuildA); n != 0 && table != "bot_state" {
			t.Errorf("table %s still has %d rows naming server A", table, n)
		}
		if !slices.Contains(cols, "guild_id") {
			continue // counted across servers; the search index is checked below
		}
		if got := guildRows(t, db, table, cols, pvGuildB); got != before[table] {
			t.Errorf("table %s: server B has %d rows, had %d", table, got, before[table])
		}
	}
	var orphans, indexed int
	mustDo(t, db.QueryRow(`SELECT count(*) FROM resources_fts WHERE docid NOT IN (SELECT id FROM resources)`).Scan(&orphans))
	mustDo(t, db.QueryRow(`SELECT count(*) FROM resources_fts`).Scan(&indexed))
	if orphans != 0 || indexed != before["resources"] {
		t.Errorf("search index: %d entries of erased resources remain, %d entries for server B's %d resources", orphans, indexed, before["resources"])
	}
	if ok := must(s.EraseRemovedGuild(ctx, pvGuildA, cutoff)); ok {
		t.Error("erased twice")
	}
	if ok := must(s.EraseRemovedGuild(ctx, pvGuildB, cutoff)); ok {
		t.Error("erased a server Kindred is still in")
	}
}

// pvCelebrate records a milestone of member in guild and sends its
// celebration post as messageID, unless messageID is "" (then the
// delivery is left claimed, being sent). It returns the delivery.
func pvCelebrate(t *testing.T, s *data.Store, guild, member, messageID string) data.Delivery {
	t.Helper()
	ctx := context.Background()
	ms := must(s.RecordMilestones(ctx, guild, member, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, pvChannel))
	d := must(s.DeliveryByKey(ctx, guild, "milestone:"+strconv.FormatInt(ms[0].ID, 10)))
	if !must(s.ClaimDelivery(ctx, d, pvNow)) {
		t.Fatal("could not claim the celebration post")
	}
	if messageID != "" {
		mustDo(t, s.CompleteDelivery(ctx, d, messageID, pvNow))
	}
	return d
}

func TestErasureFindsCelebrationPostsOlderThanTheirDeliveries(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	pvCelebrate(t, s, pvGuildA, pvMember, pvCelebration)
	pvCelebrate(t, s, pvGuildA, pvOther, pvAlertMsg)
	// A year on, the deliveries' records are long pruned.
	later := pvNow.Add(365 * 24 * time.Hour)
	s.Now = func() time.Time { return later }
	if n := must(s.PruneDeliveries(ctx, later.Add(-30*24*time.Hour))); n != 2 {
		t.Fatalf("pruned %d deliveries, want both celebrations", n)
	}
	del := must(s.DeleteMemberData(ctx, pvGuildA, pvMember))
	want := []data.Post{{Kind: data.PostCelebration, ChannelID: pvChannel, MessageID: pvCelebration}}
	if !reflect.DeepEqual(del.Posts, want) {
		t.Errorf("posts to delete = %+v, want %+v", del.Posts, want)
	}
	if ms := must(s.MemberMilestones(ctx, pvGuildA, pvOther, false)); len(ms) != 1 || ms[0].PostMessageID != pvAlertMsg {
		t.Errorf("the other member's celebration = %+v, want it kept with its post", ms)
	}
}

func TestCompleteDeliveryReportsAnErasedDelivery(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	sending := pvCelebrate(t, s, pvGuildA, pvMember, "")
	// Erased while the post is being sent: nothing knows of it yet.
	if del := must(s.DeleteMemberData(ctx, pvGuildA, pvMember)); len(del.Posts) != 0 {
		t.Errorf("posts to delete = %+v, want none (not sent yet)", del.Posts)
	}
	err := s.CompleteDelivery(ctx, sending, pvCelebration, pvNow)
	if !errors.Is(err, data.ErrDeliveryErased) || !errors.Is(err, data.ErrConflict) {
		t.Fatalf("completing an erased delivery: err=%v, want ErrDeliveryErased", err)
	}
	if ms := must(s.MemberMilestones(ctx, pvGuildA, pvMember, false)); len(ms) != 0 {
		t.Errorf("completing brought back %+v", ms)
	}
	// A delivery that exists but isn't claimed is a conflict, not erased.
	sent := pvCelebrate(t, s, pvGuildA, pvOther, pvAlertMsg)
	if err := s.CompleteDelivery(ctx, sent, pvAlertMsg, pvNow); !errors.Is(err, data.ErrConflict) || errors.Is(err, data.ErrDeliveryErased) {
		t.Errorf("completing twice: err=%v, want ErrConflict only", err)
	}
}

func TestErasureUnnamesOnlyTheMembersMentions(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	// IDs that contain the member's ID without being it.
	longer, prefixed := pvMember+"1", "1"+pvMember
	cases := []struct {
		action, target, detail string
		wantTarget, wantDetail string
	}{
		{"bare-target", pvMember, "", "an erased member", ""},
		{"mention", "<@" + pvMember + ">", "recorded <@" + pvMember + "> and <@!" + pvMember + ">",
			"an erased member", "recorded an erased member and an erased member"},
		{"longer-id", "<@" + longer + ">", "recorded <@" + longer + "> on Tuesday", "<@" + longer + ">", "recorded <@" + longer + "> on Tuesday"},
		{"prefixed-id", prefixed, "recorded <@" + prefixed + ">", prefixed, "recorded <@" + prefixed + ">"},
		{"bare-in-text", "Tuesday group", "with " + longer, "Tuesday group", "with " + longer},
	}
	for _, tc := range cases {
		mustDo(t, s.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: pvGuildA, ModeratorID: modA,
			Feature: data.AuditMeetings, Action: tc.action, Target: tc.target, Detail: tc.detail}))
	}
	must(s.DeleteMemberData(ctx, pvGuildA, pvMember))
	got := map[string]data.ModeratorAction{}
	for _, a := range must(s.ModeratorAudit(ctx, pvGuildA, data.AuditMeetings, 0)) {
		got[a.Action] = a
	}
	for _, tc := range cases {
		if a := got[tc.action]; a.Target != tc.wantTarget || a.Detail != tc.wantDetail {
			t.Errorf("%s after erasure: target %q detail %q, want %q and %q", tc.action, a.Target, a.Detail, tc.wantTarget, tc.wantDetail)
		}
	}
}
