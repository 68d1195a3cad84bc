package data_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	mtgChannel = "300000000000000001"
	mtgVoice   = "300000000000000005"
	mtgRole    = "400000000000000001"
	mtgMod     = "200000000000000009"
)

func mtgDraft(guild, title string) data.Meeting {
	return data.Meeting{
		GuildID: guild, Title: title, Schedule: "every Tuesday at 19:00", Duration: time.Hour,
		Location: mtgVoice, ChannelID: mtgChannel, Reminders: []time.Duration{24 * time.Hour, 15 * time.Minute},
		CreatedBy: mtgMod,
	}
}

// mustMeeting creates and confirms a meeting.
func mustMeeting(t *testing.T, s *data.Store, guild, title string) data.Meeting {
	t.Helper()
	ctx := context.Background()
	d, err := s.CreateMeetingDraft(ctx, mtgDraft(guild, title))
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.ConfirmMeetingDraft(ctx, guild, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mtgPlan plans starts for m with one reminder an hour before each.
func mtgPlan(t *testing.T, s *data.Store, m data.Meeting, starts ...time.Time) bool {
	t.Helper()
	ok, err := s.RecordPlan(context.Background(), data.MeetingPlan{
		Meeting: m,
		Starts:  starts,
		Deliveries: func(o data.Occurrence) []data.Delivery {
			return []data.Delivery{{
				GuildID: m.GuildID, Kind: data.DeliveryMeetingReminder, Source: data.MeetingSource(m.ID),
				Ref: strconv.FormatInt(o.ID, 10), Key: "r:" + o.StartsAt.Format(time.RFC3339),
				DueAt: o.StartsAt.Add(-time.Hour), ExpiresAt: o.StartsAt,
			}}
		},
		PlannedThrough: starts[len(starts)-1],
		NextPlanAt:     starts[len(starts)-1].Add(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func mustOccurrences(t *testing.T, s *data.Store, m data.Meeting) []data.Occurrence {
	t.Helper()
	os, err := s.Occurrences(context.Background(), m.GuildID, m.ID, dlvT0.Add(-365*24*time.Hour), dlvT0.Add(365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return os
}

func pendingKeys(t *testing.T, s *data.Store, guild, source string) []string {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), guild, source)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		if d.Status == data.DeliveryPending {
			out = append(out, d.Key)
		}
	}
	return out
}

func TestParseReminders(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"24h,15m", "24h,15m", ""},
		{"15m, 24h", "24h,15m", ""},
		{"1 day, 2 hours, 30 minutes", "24h,2h,30m", ""},
		{"2d; 1h30m", "2d,1h30m", ""},
		{"90m", "1h30m", ""},
		{"15m,15 min", "15m", ""},
		{"none", "none", ""},
		{"", "none", ""},
		{"soon", "", "don't understand"},
		{"0m", "", "at least 1 minute"},
		{"8d", "", "up to 7 days"},
		{"1m,2m,3m,4m,5m,6m", "", "up to 5 reminders"},
		{"15", "", "don't understand"},
	}
	for _, tt := range tests {
		got, err := data.ParseReminders(tt.in)
		if tt.wantErr != "" {
			if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseReminders(%q) err=%v, want ErrInvalid containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || data.FormatReminders(got) != tt.want {
			t.Errorf("ParseReminders(%q) = %q, %v; want %q", tt.in, data.FormatReminders(got), err, tt.want)
		}
	}
}

func TestMeetingDraftValidation(t *testing.T) {
	s := mustOpen(t)
	tests := []struct {
		name    string
		mutate  func(*data.Meeting)
		wantErr string
	}{
		{"empty title", func(m *data.Meeting) { m.Title = "  " }, "needs a title"},
		{"long title", func(m *data.Meeting) { m.Title = strings.Repeat("a", 101) }, "at most 100"},
		{"long description", func(m *data.Meeting) { m.Description = strings.Repeat("a", 1001) }, "at most 1000"},
		{"zero duration", func(m *data.Meeting) { m.Duration = 0 }, "1 to 1440 minutes"},
		{"two days", func(m *data.Meeting) { m.Duration = 48 * time.Hour }, "1 to 1440 minutes"},
		{"no channel", func(m *data.Meeting) { m.ChannelID = "" }, "channel to post"},
		{"bad link", func(m *data.Meeting) { m.Location = "javascript:alert(1)" }, "https://"},
		{"bad zone", func(m *data.Meeting) { m.Zone = "Mars/Olympus" }, "time zone"},
		{"bad role", func(m *data.Meeting) { m.PingRoleID = "everyone" }, "isn't a role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mtgDraft(dlvGuildA, "Group")
			tt.mutate(&m)
			_, err := s.CreateMeetingDraft(context.Background(), m)
			if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err=%v, want ErrInvalid containing %q", err, tt.wantErr)
			}
		})
	}
	m := mtgDraft(dlvGuildA, "  Tuesday   group ")
	m.Location = " https://meet.example.org/abc "
	m.Zone = " Europe/London "
	got, err := s.CreateMeetingDraft(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Tuesday group" || got.Location != "https://meet.example.org/abc" || got.Zone != "Europe/London" {
		t.Fatalf("normalised to %q %q %q", got.Title, got.Location, got.Zone)
	}
}

func TestMeetingDraftConfirmListAndIsolation(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	d, err := s.CreateMeetingDraft(ctx, mtgDraft(dlvGuildA, "Tuesday group"))
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.Meetings(ctx, dlvGuildA); len(ms) != 0 {
		t.Fatalf("a draft is listed: %v", ms)
	}
	if _, err := s.Meeting(ctx, dlvGuildA, d.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("Meeting(draft): err=%v, want ErrNotFound", err)
	}
	if _, err := s.ConfirmMeetingDraft(ctx, dlvGuildB, d.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("confirm from another server: err=%v, want ErrNotFound", err)
	}
	m, err := s.ConfirmMeetingDraft(ctx, dlvGuildA, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != data.MeetingActive || !m.NextPlanAt.Equal(dlvT0) || !m.PlannedThrough.Equal(dlvT0) {
		t.Fatalf("confirmed meeting %+v: want active, planned now", m)
	}
	if _, err := s.ConfirmMeetingDraft(ctx, dlvGuildA, d.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("confirm twice: err=%v, want ErrNotFound", err)
	}
	if _, err := s.CreateMeetingDraft(ctx, mtgDraft(dlvGuildA, "TUESDAY GROUP")); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("same title: err=%v, want ErrConflict", err)
	}
	mustMeeting(t, s, dlvGuildB, "Tuesday group") // other servers may use the title
	ms, err := s.Meetings(ctx, dlvGuildA)
	if err != nil || len(ms) != 1 || ms[0].ID != m.ID {
		t.Fatalf("Meetings(A) = %v, %v", ms, err)
	}
	if _, err := s.Meeting(ctx, dlvGuildB, m.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("meeting of A read from B: err=%v", err)
	}
	if _, err := s.PauseMeeting(ctx, dlvGuildB, m.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("meeting of A paused from B: err=%v", err)
	}
	if _, err := s.DeleteMeeting(ctx, dlvGuildB, m.ID, nil); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("meeting of A deleted from B: err=%v", err)
	}
}

func TestDiscardDraft(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	d, err := s.CreateMeetingDraft(ctx, mtgDraft(dlvGuildA, "Group"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardMeetingDraft(ctx, dlvGuildA, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MeetingDraft(ctx, dlvGuildA, d.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("discarded draft: err=%v, want ErrNotFound", err)
	}
}

func TestPlanMeetingIsIdempotentAndRespectsEdits(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	start := dlvT0.Add(48 * time.Hour)
	if !mtgPlan(t, s, m, start) {
		t.Fatal("plan not recorded")
	}
	if !mtgPlan(t, s, m, start) {
		t.Fatal("second plan not recorded")
	}
	if got := mustOccurrences(t, s, m); len(got) != 1 || !got[0].StartsAt.Equal(start) {
		t.Fatalf("occurrences %v, want one at %v", got, start)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 1 {
		t.Fatalf("deliveries %v, want one", got)
	}
	reloaded, err := s.Meeting(ctx, dlvGuildA, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reloaded.PlannedThrough.Equal(start) || !reloaded.NextPlanAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("planned through %v, next %v", reloaded.PlannedThrough, reloaded.NextPlanAt)
	}
	if due, _ := s.MeetingsToPlan(ctx, dlvT0, 10); len(due) != 0 {
		t.Fatalf("MeetingsToPlan right after planning = %v", due)
	}
	if due, _ := s.MeetingsToPlan(ctx, start.Add(time.Hour), 10); len(due) != 1 {
		t.Fatalf("MeetingsToPlan at next plan time = %v, want the meeting", due)
	}

	// A plan made from a stale copy is not recorded.
	m2 := reloaded
	m2.Title = "Renamed"
	if _, err := s.UpdateMeeting(ctx, m2); err != nil {
		t.Fatal(err)
	}
	if mtgPlan(t, s, reloaded, start.Add(7*24*time.Hour)) {
		t.Fatal("stale plan recorded")
	}
	if got := mustOccurrences(t, s, m); len(got) != 1 {
		t.Fatalf("stale plan added occurrences: %v", got)
	}
}

func TestUpdateMeetingScheduleForgetsFutureOccurrences(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	past, future := dlvT0.Add(-time.Hour), dlvT0.Add(48*time.Hour)
	mtgPlan(t, s, m, past, future)
	os := mustOccurrences(t, s, m)
	if _, err := s.SetRSVP(ctx, dlvGuildA, os[1].ID, dlvUser, data.RSVPGoing); err != nil {
		t.Fatal(err)
	}
	m, _ = s.Meeting(ctx, dlvGuildA, m.ID)

	// A new description keeps everything.
	m.Description = "Bring tea"
	m, err := s.UpdateMeeting(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustOccurrences(t, s, m); len(got) != 2 {
		t.Fatalf("description change dropped occurrences: %v", got)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 2 {
		t.Fatalf("description change withdrew deliveries: %v", got)
	}

	// New reminders withdraw what wasn't sent and plan again, keeping RSVPs.
	m.Reminders = []time.Duration{time.Hour}
	m, err = s.UpdateMeeting(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 0 {
		t.Fatalf("reminder change kept deliveries: %v", got)
	}
	if !m.NextPlanAt.Equal(dlvT0) || !m.PlannedThrough.Equal(dlvT0) {
		t.Fatalf("not replanned: %+v", m)
	}
	if c, _ := s.RSVPCountsOf(ctx, dlvGuildA, os[1].ID); c.Going != 1 {
		t.Fatalf("reminder change lost RSVPs: %+v", c)
	}

	// A new schedule forgets future occurrences (and their RSVPs), not past ones.
	m.Schedule = "every Wednesday at 19:00"
	if _, err := s.UpdateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := mustOccurrences(t, s, m)
	if len(got) != 1 || !got[0].StartsAt.Equal(past) {
		t.Fatalf("after schedule change: %v, want only the past one", got)
	}
}

func TestPauseResumeWithdrawsAndReplans(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	mtgPlan(t, s, m, dlvT0.Add(48*time.Hour))
	paused, err := s.PauseMeeting(ctx, dlvGuildA, m.ID)
	if err != nil || paused.Status != data.MeetingPaused {
		t.Fatalf("PauseMeeting = %+v, %v", paused, err)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 0 {
		t.Fatalf("paused meeting kept deliveries: %v", got)
	}
	if _, err := s.PauseMeeting(ctx, dlvGuildA, m.ID); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("pause twice: err=%v, want ErrConflict", err)
	}
	if due, _ := s.MeetingsToPlan(ctx, dlvT0.Add(1000*time.Hour), 10); len(due) != 0 {
		t.Fatalf("paused meeting to plan: %v", due)
	}
	resumed, err := s.ResumeMeeting(ctx, dlvGuildA, m.ID)
	if err != nil || resumed.Status != data.MeetingActive || !resumed.NextPlanAt.Equal(dlvT0) {
		t.Fatalf("ResumeMeeting = %+v, %v", resumed, err)
	}
	if _, err := s.ResumeMeeting(ctx, dlvGuildA, m.ID); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("resume twice: err=%v, want ErrConflict", err)
	}
	mtgPlan(t, s, resumed, dlvT0.Add(48*time.Hour))
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 1 {
		t.Fatalf("resumed meeting deliveries: %v, want the reminder again", got)
	}
}

func TestDisableAnnouncementsOnceWithAlert(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	mtgPlan(t, s, m, dlvT0.Add(48*time.Hour))
	alert := dlv(dlvGuildA, "alert", 0, time.Hour)
	alert.Kind, alert.Source = data.DeliveryMeetingAlert, data.MeetingSource(m.ID)+":alerts"
	changed, err := s.DisableMeetingAnnouncements(ctx, dlvGuildA, m.ID, "the channel was deleted", &alert)
	if err != nil || !changed {
		t.Fatalf("DisableMeetingAnnouncements = %v, %v", changed, err)
	}
	alert.Key = "alert2"
	if changed, err := s.DisableMeetingAnnouncements(ctx, dlvGuildA, m.ID, "again", &alert); err != nil || changed {
		t.Fatalf("second DisableMeetingAnnouncements = %v, %v; want false", changed, err)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 0 {
		t.Fatalf("reminders kept: %v", got)
	}
	if got := pendingKeys(t, s, dlvGuildA, alert.Source); !slices.Equal(got, []string{"alert"}) {
		t.Fatalf("alerts %v, want one", got)
	}
	got, _ := s.Meeting(ctx, dlvGuildA, m.ID)
	if got.AnnounceError != "the channel was deleted" {
		t.Fatalf("AnnounceError=%q", got.AnnounceError)
	}
	if due, _ := s.MeetingsToPlan(ctx, dlvT0.Add(1000*time.Hour), 10); len(due) != 0 {
		t.Fatalf("meeting with stopped announcements to plan: %v", due)
	}
	// A new channel starts announcements again.
	got.ChannelID = "300000000000000002"
	if got, err = s.UpdateMeeting(ctx, got); err != nil || got.AnnounceError != "" {
		t.Fatalf("UpdateMeeting with new channel = %q, %v", got.AnnounceError, err)
	}
}

func TestCancelOccurrence(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	start := dlvT0.Add(48 * time.Hour)
	mtgPlan(t, s, m, start)
	notice := dlv(dlvGuildA, "cancel-notice", 0, 48*time.Hour)
	notice.Kind, notice.Source = data.DeliveryMeetingCancelled, data.MeetingSource(m.ID)
	o, err := s.CancelOccurrence(ctx, dlvGuildA, m.ID, start, &notice)
	if err != nil || o.Status != data.OccurrenceCancelled {
		t.Fatalf("CancelOccurrence = %+v, %v", o, err)
	}
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); !slices.Equal(got, []string{"cancel-notice"}) {
		t.Fatalf("pending %v, want only the notice", got)
	}
	n, _ := s.DeliveryByKey(ctx, dlvGuildA, "cancel-notice")
	if n.Ref != strconv.FormatInt(o.ID, 10) {
		t.Fatalf("notice ref %q, want %d", n.Ref, o.ID)
	}
	if _, err := s.CancelOccurrence(ctx, dlvGuildA, m.ID, start, nil); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("cancel twice: err=%v, want ErrConflict", err)
	}
	if _, err := s.CancelOccurrence(ctx, dlvGuildA, m.ID, dlvT0, nil); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("cancel a started one: err=%v, want ErrInvalid", err)
	}
	// Planning again neither revives it nor plans its reminders.
	m, _ = s.Meeting(ctx, dlvGuildA, m.ID)
	mtgPlan(t, s, m, start)
	if got := pendingKeys(t, s, dlvGuildA, data.MeetingSource(m.ID)); len(got) != 1 {
		t.Fatalf("replanning a cancelled occurrence: %v", got)
	}
	if _, err := s.SetRSVP(ctx, dlvGuildA, o.ID, dlvUser, data.RSVPGoing); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("RSVP to a cancelled meeting: err=%v, want ErrConflict", err)
	}
	// A future occurrence not planned yet can be cancelled too.
	if _, err := s.CancelOccurrence(ctx, dlvGuildA, m.ID, start.Add(7*24*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
}

func TestRSVPsAndReminderDMs(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	start := dlvT0.Add(48 * time.Hour)
	mtgPlan(t, s, m, start)
	o := mustOccurrences(t, s, m)[0]
	dm := data.Delivery{
		GuildID: dlvGuildA, Kind: data.DeliveryMeetingDM, Source: data.MeetingDMSource(m.ID), Ref: strconv.FormatInt(o.ID, 10),
		UserID: dlvUser, Key: "dm:" + dlvUser, DueAt: start.Add(-15 * time.Minute), ExpiresAt: start,
	}

	steps := []struct {
		user   string
		status data.RSVPStatus
		dm     *bool
		want   data.RSVPCounts
		wantDM int
	}{
		{dlvUser, data.RSVPMaybe, nil, data.RSVPCounts{Maybe: 1}, 0},
		{"200000000000000002", data.RSVPGoing, nil, data.RSVPCounts{Going: 1, Maybe: 1}, 0},
		{dlvUser, "", ptr(true), data.RSVPCounts{Going: 2}, 1}, // DM me: going too
		{dlvUser, data.RSVPGoing, nil, data.RSVPCounts{Going: 2}, 1},
		{dlvUser, data.RSVPNo, nil, data.RSVPCounts{Going: 1, No: 1}, 0}, // can't make it: no DM
		{dlvUser, "", ptr(true), data.RSVPCounts{Going: 2}, 1},
		{dlvUser, "", ptr(false), data.RSVPCounts{Going: 2}, 0},
	}
	for i, st := range steps {
		var got data.RSVPCounts
		var err error
		if st.dm != nil {
			var r data.RSVP
			r, got, err = s.SetRSVPDM(ctx, dlvGuildA, o.ID, st.user, *st.dm, dm)
			if err == nil && r.DMOptIn != *st.dm {
				t.Fatalf("step %d: DMOptIn=%v", i, r.DMOptIn)
			}
		} else {
			got, err = s.SetRSVP(ctx, dlvGuildA, o.ID, st.user, st.status)
		}
		if err != nil || got != st.want {
			t.Fatalf("step %d: counts %+v, %v; want %+v", i, got, err, st.want)
		}
		if dms := pendingKeys(t, s, dlvGuildA, data.MeetingDMSource(m.ID)); len(dms) != st.wantDM {
			t.Fatalf("step %d: pending DMs %v, want %d", i, dms, st.wantDM)
		}
	}
	if _, err := s.SetRSVP(ctx, dlvGuildB, o.ID, dlvUser, data.RSVPGoing); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("RSVP from another server: err=%v, want ErrNotFound", err)
	}
	if _, err := s.SetRSVP(ctx, dlvGuildA, o.ID, dlvUser, "perhaps"); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("bad answer: err=%v, want ErrInvalid", err)
	}
	if _, err := s.DeleteMeeting(ctx, dlvGuildA, m.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRSVP(ctx, dlvGuildA, o.ID, dlvUser, data.RSVPGoing); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("RSVP to a deleted meeting: err=%v, want ErrNotFound", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestAttendance(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	mtgPlan(t, s, m, dlvT0.Add(-2*time.Hour), dlvT0.Add(-time.Hour))
	os := mustOccurrences(t, s, m)
	for _, tt := range []struct {
		occ        data.Occurrence
		user, by   string
		wantAdded  bool
		wantMember int
	}{
		{os[0], dlvUser, dlvUser, true, 1},
		{os[0], dlvUser, mtgMod, false, 1},
		{os[1], dlvUser, mtgMod, true, 2},
	} {
		added, err := s.RecordAttendance(ctx, dlvGuildA, tt.occ.ID, tt.user, tt.by)
		if err != nil || added != tt.wantAdded {
			t.Fatalf("RecordAttendance = %v, %v; want %v", added, err, tt.wantAdded)
		}
		if n, _ := s.MemberAttendance(ctx, dlvGuildA, tt.user); n != tt.wantMember {
			t.Fatalf("MemberAttendance = %d, want %d", n, tt.wantMember)
		}
	}
	if n, _ := s.AttendanceCount(ctx, dlvGuildA, os[0].ID); n != 1 {
		t.Fatalf("AttendanceCount = %d, want 1", n)
	}
	if _, err := s.RecordAttendance(ctx, dlvGuildB, os[0].ID, dlvUser, dlvUser); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("attendance from another server: err=%v, want ErrNotFound", err)
	}
	latest, err := s.LatestOccurrence(ctx, dlvGuildA, m.ID, dlvT0)
	if err != nil || latest.ID != os[1].ID {
		t.Fatalf("LatestOccurrence = %+v, %v; want %d", latest, err, os[1].ID)
	}
	if _, err := s.LatestOccurrence(ctx, dlvGuildA, m.ID, dlvT0.Add(-3*time.Hour)); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("LatestOccurrence before any: err=%v, want ErrNotFound", err)
	}
	// Deleting the meeting keeps attendance, for milestones.
	if _, err := s.DeleteMeeting(ctx, dlvGuildA, m.ID, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.MemberAttendance(ctx, dlvGuildA, dlvUser); n != 2 {
		t.Fatalf("attendance after delete = %d, want 2", n)
	}
}

func TestPlanMeetingsBatchSkipsStalePlans(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	fresh := mustMeeting(t, s, dlvGuildA, "Fresh")
	stale := mustMeeting(t, s, dlvGuildB, "Stale")
	if _, err := s.PauseMeeting(ctx, dlvGuildB, stale.ID); err != nil {
		t.Fatal(err)
	}
	start := dlvT0.Add(time.Hour)
	plan := func(m data.Meeting) data.MeetingPlan {
		return data.MeetingPlan{Meeting: m, Starts: []time.Time{start}, PlannedThrough: start, NextPlanAt: start.Add(time.Hour)}
	}
	n, err := s.RecordPlans(ctx, []data.Planned{plan(stale), plan(fresh)})
	if err != nil || n != 1 {
		t.Fatalf("RecordPlans = %d, %v; want 1", n, err)
	}
	if got := mustOccurrences(t, s, fresh); len(got) != 1 {
		t.Errorf("fresh meeting occurrences %v", got)
	}
	if got := mustOccurrences(t, s, stale); len(got) != 0 {
		t.Errorf("paused meeting planned: %v", got)
	}
}
