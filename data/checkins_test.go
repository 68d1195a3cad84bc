package data_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	ckGuildA  = "100000000000000001"
	ckGuildB  = "100000000000000002"
	ckMember1 = "200000000000000001"
	ckMember2 = "200000000000000002"
	ckMember3 = "200000000000000003"
	ckMember4 = "200000000000000004"
	ckChannel = "300000000000000001"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at sets the store's clock.
func at(s *data.Store, t time.Time) { s.Now = func() time.Time { return t } }

func mustCheckin(t *testing.T, s *data.Store, guildID, userID string, mood int) data.Checkin {
	t.Helper()
	c, err := s.AddCheckin(context.Background(), data.Checkin{GuildID: guildID, UserID: userID, Mood: mood}, time.UTC)
	if err != nil {
		t.Fatalf("AddCheckin: %v", err)
	}
	return c
}

func TestAddCheckinStoresWhatTheMemberChose(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c, err := s.AddCheckin(ctx, data.Checkin{
		GuildID: ckGuildA, UserID: ckMember1, Mood: 4,
		Feelings: []string{"Hopeful", " tired ", "hopeful", ""}, Note: "  a good walk today \n",
	}, mustZone(t, "Europe/London"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Checkin(ctx, ckGuildA, ckMember1, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mood != 4 || !slices.Equal(got.Feelings, []string{"hopeful", "tired"}) || got.Note != "a good walk today" ||
		got.LocalDate != "2026-11-26" || !got.CreatedAt.Equal(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)) || got.Shared() {
		t.Fatalf("stored check-in = %+v", got)
	}
	if got.ID != c.ID || got.Note != c.Note || !slices.Equal(got.Feelings, c.Feelings) {
		t.Fatalf("AddCheckin returned %+v, stored %+v", c, got)
	}

	// An empty note is no note.
	c2 := mustCheckin(t, s, ckGuildA, ckMember1, 2)
	if got, _ := s.Checkin(ctx, ckGuildA, ckMember1, c2.ID); got.Note != "" || got.Feelings != nil {
		t.Fatalf("check-in without extras = %+v", got)
	}
}

func TestAddCheckinRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	many := make([]string, data.MaxCheckinFeelings+1)
	for i := range many {
		many[i] = fmt.Sprintf("feeling %c", 'a'+i)
	}
	tests := []struct {
		name string
		c    data.Checkin
		want string
	}{
		{"mood too low", data.Checkin{Mood: 0}, "from 1 (struggling) to 5 (great)"},
		{"mood too high", data.Checkin{Mood: 6}, "from 1 (struggling) to 5 (great)"},
		{"note too long", data.Checkin{Mood: 3, Note: strings.Repeat("é", data.MaxCheckinNoteLength+1)}, "at most 4000 characters"},
		{"feeling with a comma", data.Checkin{Mood: 3, Feelings: []string{"sad,angry"}}, "a feeling is"},
		{"too many feelings", data.Checkin{Mood: 3, Feelings: many}, "at most 25 feelings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.GuildID, tt.c.UserID = ckGuildA, ckMember1
			_, err := s.AddCheckin(ctx, tt.c, time.UTC)
			if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalid saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "éé") {
				t.Fatalf("error repeats the note: %v", err)
			}
		})
	}
	// A note of exactly the limit is fine.
	if _, err := s.AddCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: 3,
		Note: strings.Repeat("é", data.MaxCheckinNoteLength)}, time.UTC); err != nil {
		t.Fatalf("note at the limit: %v", err)
	}
	if cs, _ := s.RecentCheckins(ctx, ckGuildA, ckMember1, time.Time{}); len(cs) != 1 {
		t.Fatalf("%d check-ins stored, want only the valid one", len(cs))
	}
}

func TestCheckinLocalDateFollowsTheServerZone(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		zone string
		want string
	}{
		{"UTC", time.Date(2026, 11, 26, 23, 59, 59, 0, time.UTC), "UTC", "2026-11-26"},
		{"New York before spring forward", time.Date(2026, 3, 8, 4, 30, 0, 0, time.UTC), "America/New_York", "2026-03-07"},
		{"New York spring-forward day, last minute", time.Date(2026, 3, 9, 3, 59, 0, 0, time.UTC), "America/New_York", "2026-03-08"},
		{"New York day after spring forward", time.Date(2026, 3, 9, 4, 0, 0, 0, time.UTC), "America/New_York", "2026-03-09"},
		{"New York fall-back day, last minute", time.Date(2026, 11, 2, 4, 59, 0, 0, time.UTC), "America/New_York", "2026-11-01"},
		{"London in summer time after midnight", time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), "Europe/London", "2026-10-25"},
		{"London after falling back", time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), "Europe/London", "2026-10-25"},
		{"Kiritimati is a day ahead", time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), "Pacific/Kiritimati", "2026-11-27"},
		{"Pago Pago is a day behind", time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), "Pacific/Pago_Pago", "2026-11-25"},
		{"Kolkata half hour, before midnight", time.Date(2026, 11, 26, 18, 29, 0, 0, time.UTC), "Asia/Kolkata", "2026-11-26"},
		{"Kolkata half hour, midnight", time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC), "Asia/Kolkata", "2026-11-27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			at(s, tt.now)
			c, err := s.AddCheckin(context.Background(), data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: 3}, mustZone(t, tt.zone))
			if err != nil {
				t.Fatal(err)
			}
			if c.LocalDate != tt.want {
				t.Fatalf("local date = %s, want %s", c.LocalDate, tt.want)
			}
			days, err := s.CheckinDays(context.Background(), ckGuildA, ckMember1)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(days, []string{tt.want}) {
				t.Fatalf("CheckinDays = %v, want [%s]", days, tt.want)
			}
		})
	}
}

func TestCheckinsBelongToOneMemberInOneServer(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mine := mustCheckin(t, s, ckGuildA, ckMember1, 3)
	mustCheckin(t, s, ckGuildA, ckMember2, 4)
	mustCheckin(t, s, ckGuildB, ckMember1, 5)

	cs, err := s.RecentCheckins(ctx, ckGuildA, ckMember1, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].ID != mine.ID {
		t.Fatalf("member 1 in server A sees %+v, want only their own check-in", cs)
	}

	others := []struct {
		name            string
		guildID, userID string
	}{
		{"another member", ckGuildA, ckMember2},
		{"same member, another server", ckGuildB, ckMember1},
	}
	for _, o := range others {
		t.Run(o.name, func(t *testing.T) {
			calls := map[string]error{}
			_, calls["Checkin"] = s.Checkin(ctx, o.guildID, o.userID, mine.ID)
			calls["SetCheckinFeelings"] = s.SetCheckinFeelings(ctx, o.guildID, o.userID, mine.ID, []string{"sad"})
			calls["SetCheckinNote"] = s.SetCheckinNote(ctx, o.guildID, o.userID, mine.ID, "not mine")
			calls["MarkCheckinShared"] = s.MarkCheckinShared(ctx, o.guildID, o.userID, mine.ID, ckChannel, "1", false)
			_, calls["AddCheckinFollowup"] = s.AddCheckinFollowup(ctx, o.guildID, o.userID, mine.ID, ckChannel, "1")
			_, calls["DeleteCheckin"] = s.DeleteCheckin(ctx, o.guildID, o.userID, mine.ID)
			for name, err := range calls {
				if !errors.Is(err, data.ErrNotFound) {
					t.Errorf("%s on another's check-in: err = %v, want ErrNotFound", name, err)
				}
			}
		})
	}
	got, err := s.Checkin(ctx, ckGuildA, ckMember1, mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Note != "" || got.Feelings != nil || got.Shared() {
		t.Fatalf("another member changed my check-in: %+v", got)
	}
}

func TestCheckinFeelingsNoteAndSharing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c := mustCheckin(t, s, ckGuildA, ckMember1, 2)
	if err := s.SetCheckinFeelings(ctx, ckGuildA, ckMember1, c.ID, []string{"anxious", "lonely"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCheckinNote(ctx, ckGuildA, ckMember1, c.ID, "rough night"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCheckinNote(ctx, ckGuildA, ckMember1, c.ID, strings.Repeat("x", 4001)); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("overlong note: err = %v, want ErrInvalid", err)
	}
	if err := s.MarkCheckinShared(ctx, ckGuildA, ckMember1, c.ID, ckChannel, "700000000000000001", true); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkCheckinShared(ctx, ckGuildA, ckMember1, c.ID, ckChannel, "700000000000000002", false); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("sharing twice: err = %v, want ErrConflict", err)
	}
	got, err := s.Checkin(ctx, ckGuildA, ckMember1, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := data.Checkin{ID: c.ID, GuildID: ckGuildA, UserID: ckMember1, Mood: 2, Feelings: []string{"anxious", "lonely"},
		Note: "rough night", CreatedAt: c.CreatedAt, LocalDate: c.LocalDate,
		SharedChannelID: ckChannel, SharedMessageID: "700000000000000001", NoteShared: true}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("check-in = %+v\nwant       %+v", got, want)
	}
	if err := s.SetCheckinFeelings(ctx, ckGuildA, ckMember1, c.ID, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCheckinNote(ctx, ckGuildA, ckMember1, c.ID, "  "); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Checkin(ctx, ckGuildA, ckMember1, c.ID); got.Feelings != nil || got.Note != "" {
		t.Fatalf("after clearing: %+v", got)
	}
	if err := s.SetCheckinNote(ctx, ckGuildA, ckMember1, 9999, "x"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("note on a missing check-in: err = %v, want ErrNotFound", err)
	}
}

func TestRecentCheckinsAndDays(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	loc := mustZone(t, "America/New_York")
	times := []time.Time{
		time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), // 24th in New York
		time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC), // a second check-in that day
	}
	for i, tm := range times {
		at(s, tm)
		if _, err := s.AddCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: i + 1}, loc); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := s.RecentCheckins(ctx, ckGuildA, ckMember1, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var moods []int
	for _, c := range cs {
		moods = append(moods, c.Mood)
	}
	if !slices.Equal(moods, []int{4, 3, 2}) {
		t.Fatalf("recent moods = %v, want [4 3 2] (newest first, since the 25th)", moods)
	}
	days, err := s.CheckinDays(ctx, ckGuildA, ckMember1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-11-25", "2026-11-24", "2026-11-20"}; !slices.Equal(days, want) {
		t.Fatalf("days = %v, want %v", days, want)
	}
}

// span lists the days from first to last inclusive, leaving out except.
func span(first, last string, except ...string) []string {
	var out []string
	d, _ := time.Parse(time.DateOnly, first)
	end, _ := time.Parse(time.DateOnly, last)
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		if s := d.Format(time.DateOnly); !slices.Contains(except, s) {
			out = append(out, s)
		}
	}
	return out
}

func TestCheckinStreak(t *testing.T) {
	// 2026-11-26 is a Thursday; its week runs Monday 23rd to Sunday 29th,
	// the week before from Monday 16th to Sunday 22nd.
	const today = "2026-11-26"
	tests := []struct {
		name  string
		days  []string
		today string
		want  int
	}{
		{"never checked in", nil, today, 0},
		{"only today", []string{today}, today, 1},
		{"today not yet, yesterday yes", []string{"2026-11-25"}, today, 1},
		{"three days in a row", span("2026-11-24", today), today, 3},
		{"eleven days in a row", span("2026-11-16", today), today, 11},
		{"one rest day this week", span("2026-11-16", today, "2026-11-24"), today, 10},
		{"one rest day in each week", span("2026-11-16", today, "2026-11-24", "2026-11-19"), today, 9},
		{"two missed days in a row end it", span("2026-11-16", today, "2026-11-24", "2026-11-25"), today, 1},
		{"two missed days in one week end it", span("2026-11-16", today, "2026-11-25", "2026-11-23"), today, 2},
		{"missed Sunday and Monday end it though the weeks differ", span("2026-11-16", today, "2026-11-22", "2026-11-23"), today, 3},
		{"today not yet and yesterday a rest day", span("2026-11-16", "2026-11-24"), today, 9},
		{"today not yet, yesterday and the day before missed", span("2026-11-16", "2026-11-23"), today, 0},
		{"a rest day right after the first check-in", append(span("2026-11-16", "2026-11-23"), "2026-11-25"), today, 9},
		{"out of order with duplicates", []string{"2026-11-25", today, "2026-11-24", today, "2026-11-25"}, today, 3},
		{"a rest day every week until a week with two", append(span("2026-10-01", "2026-10-20"), span("2026-10-22", today, "2026-10-23", "2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25")...), today, 30},
		{"check-ins after today are ignored", []string{"2026-11-27", today}, today, 1},
		{"bad today", []string{today}, "26/11/2026", 0},
		// Dates are counted as calendar days, so daylight saving changes
		// (a 23- or 25-hour day) neither skip nor repeat a day.
		{"across US spring forward", span("2026-03-01", "2026-03-10"), "2026-03-10", 10},
		{"across EU spring forward", span("2026-03-27", "2026-03-31"), "2026-03-31", 5},
		{"across EU fall back", span("2026-10-23", "2026-10-27"), "2026-10-27", 5},
		{"across US fall back with its Sunday as rest day", span("2026-10-28", "2026-11-03", "2026-11-01"), "2026-11-03", 6},
		// 2026-12-28 to 2027-01-03 is one ISO week (2026-W53), across the new year.
		{"one rest day per ISO week across the new year", span("2026-12-20", "2027-01-02", "2026-12-29", "2027-01-01"), "2027-01-02", 3},
		{"rest days in ISO weeks either side of new year", span("2026-12-20", "2027-01-05", "2026-12-26", "2027-01-01"), "2027-01-05", 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := data.CheckinStreak(tt.days, tt.today); got != tt.want {
				t.Fatalf("CheckinStreak = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestStreakOfStoredCheckinsInServerTime(t *testing.T) {
	// A member in a New York server checks in late each evening, which is
	// already the next day in UTC: the streak counts New York days.
	ctx := context.Background()
	s := mustOpen(t)
	loc := mustZone(t, "America/New_York")
	for d := 1; d <= 10; d++ {
		if d == 8 { // Sunday 2026-03-08, the day clocks spring forward, is a rest day
			continue
		}
		at(s, time.Date(2026, 3, d, 23, 30, 0, 0, loc))
		if _, err := s.AddCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: 3}, loc); err != nil {
			t.Fatal(err)
		}
	}
	days, err := s.CheckinDays(ctx, ckGuildA, ckMember1)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 3, 11, 9, 0, 0, 0, loc).Format(time.DateOnly)
	if got, want := data.CheckinStreak(days, today), 9; got != want {
		t.Fatalf("streak = %d, want %d (days %v)", got, want, days)
	}
}

func TestDeleteCheckins(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a := mustCheckin(t, s, ckGuildA, ckMember1, 1)
	b := mustCheckin(t, s, ckGuildA, ckMember1, 4)
	c := mustCheckin(t, s, ckGuildA, ckMember1, 5)
	other := mustCheckin(t, s, ckGuildA, ckMember2, 3)
	elsewhere := mustCheckin(t, s, ckGuildB, ckMember1, 3)
	if err := s.MarkCheckinShared(ctx, ckGuildA, ckMember1, b.ID, ckChannel, "700000000000000001", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCheckinFollowup(ctx, ckGuildA, ckMember1, a.ID, ckChannel, "700000000000000002"); err != nil {
		t.Fatal(err)
	}

	gone, err := s.DeleteCheckin(ctx, ckGuildA, ckMember1, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gone.ID != a.ID {
		t.Fatalf("DeleteCheckin returned %+v", gone)
	}
	if _, err := s.Checkin(ctx, ckGuildA, ckMember1, a.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("deleted check-in still there: %v", err)
	}
	fs, err := s.CheckinFollowups(ctx, ckGuildA, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].CheckinID != 0 || fs[0].Mood != 1 {
		t.Fatalf("follow-ups after deleting the check-in = %+v, want one kept without the link", fs)
	}

	n, shared, err := s.DeleteMemberCheckins(ctx, ckGuildA, ckMember1)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(shared) != 1 || shared[0].ID != b.ID || shared[0].SharedMessageID != "700000000000000001" {
		t.Fatalf("DeleteMemberCheckins = %d, %+v", n, shared)
	}
	for _, k := range []struct {
		guildID, userID string
		id              int64
		want            bool
	}{{ckGuildA, ckMember1, c.ID, false}, {ckGuildA, ckMember2, other.ID, true}, {ckGuildB, ckMember1, elsewhere.ID, true}} {
		_, err := s.Checkin(ctx, k.guildID, k.userID, k.id)
		if got := err == nil; got != k.want {
			t.Errorf("check-in %d of %s in %s kept = %v, want %v", k.id, k.userID, k.guildID, got, k.want)
		}
	}
}

func TestCheckinFollowups(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c := mustCheckin(t, s, ckGuildA, ckMember1, 1)
	if _, err := s.CheckinFollowupFor(ctx, ckGuildA, ckMember1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("before asking: err = %v, want ErrNotFound", err)
	}
	f, err := s.AddCheckinFollowup(ctx, ckGuildA, ckMember1, c.ID, ckChannel, "700000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCheckinFollowup(ctx, ckGuildA, ckMember1, c.ID, ckChannel, "700000000000000002"); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("asking twice: err = %v, want ErrConflict", err)
	}
	got, err := s.CheckinFollowupFor(ctx, ckGuildA, ckMember1, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != f.ID || got.AlertMessageID != "700000000000000001" || got.Mood != 1 || got.NoteShared {
		t.Fatalf("follow-up = %+v", got)
	}
	if err := s.MarkFollowupNoteShared(ctx, ckGuildA, ckMember2, f.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("another member marking the note shared: err = %v, want ErrNotFound", err)
	}
	if err := s.MarkFollowupNoteShared(ctx, ckGuildA, ckMember1, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFollowupNoteShared(ctx, ckGuildA, ckMember1, f.ID); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("sharing the note twice: err = %v, want ErrConflict", err)
	}

	// Moderators of server B never see server A's requests.
	cb := mustCheckin(t, s, ckGuildB, ckMember2, 1)
	if _, err := s.AddCheckinFollowup(ctx, ckGuildB, ckMember2, cb.ID, ckChannel, "700000000000000003"); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		guildID string
		want    string
	}{{ckGuildA, ckMember1}, {ckGuildB, ckMember2}} {
		fs, err := s.CheckinFollowups(ctx, g.guildID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].UserID != g.want {
			t.Fatalf("follow-ups in %s = %+v, want one from %s", g.guildID, fs, g.want)
		}
	}
	if fs, _ := s.CheckinFollowups(ctx, ckGuildA, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); len(fs) != 0 {
		t.Fatalf("follow-ups since tomorrow = %+v, want none", fs)
	}
}

func TestSetCheckinReminder(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t) // 2026-11-26 12:00 UTC
	tests := []struct {
		name, hhmm, zone string
		wantErr          string
		wantLast         string
	}{
		{"later today", "20:00", "Europe/London", "", ""},
		{"already passed today", "08:00", "Europe/London", "", "2026-11-26"},
		{"passed in the member's zone only", "20:00", "Asia/Tokyo", "", "2026-11-26"},
		{"bad time", "8pm", "Europe/London", "looks like 08:30", ""},
		{"hour too big", "24:00", "UTC", "looks like 08:30", ""},
		{"unknown zone", "08:00", "Mars/Olympus", "don't know the time zone", ""},
		{"host zone", "08:00", "Local", "needs a time zone", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.SetCheckinReminder(ctx, ckGuildA, ckMember1, tt.hhmm, tt.zone)
			if tt.wantErr != "" {
				if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ErrInvalid saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.CheckinReminderFor(ctx, ckGuildA, ckMember1)
			if err != nil {
				t.Fatal(err)
			}
			if got.Time != tt.hhmm || got.Zone != tt.zone || got.LastSentDate != tt.wantLast || r.LastSentDate != tt.wantLast {
				t.Fatalf("reminder = %+v (returned %+v), want %s %s last %q", got, r, tt.hhmm, tt.zone, tt.wantLast)
			}
			if err := s.DeleteCheckinReminder(ctx, ckGuildA, ckMember1); err != nil {
				t.Fatal(err)
			}
		})
	}
	if err := s.DeleteCheckinReminder(ctx, ckGuildA, ckMember1); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("deleting no reminder: err = %v, want ErrNotFound", err)
	}
	if _, err := s.CheckinReminderFor(ctx, ckGuildA, ckMember1); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("no reminder: err = %v, want ErrNotFound", err)
	}

	// Moving today's nudge later does not nudge twice.
	if _, err := s.SetCheckinReminder(ctx, ckGuildA, ckMember1, "09:00", "UTC"); err != nil {
		t.Fatal(err)
	}
	r, err := s.SetCheckinReminder(ctx, ckGuildA, ckMember1, "21:00", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if r.LastSentDate != "2026-11-26" {
		t.Fatalf("after moving the time later, last sent = %q, want today", r.LastSentDate)
	}
}

func TestDueCheckinReminders(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	// Opted in at 2026-11-26 00:30 UTC: 00:30 in London, 19:30 on the 25th
	// in New York, 09:30 in Tokyo.
	at(s, time.Date(2026, 11, 26, 0, 30, 0, 0, time.UTC))
	for _, r := range []struct{ user, hhmm, zone string }{
		{ckMember1, "20:00", "Europe/London"},
		{ckMember2, "08:30", "America/New_York"},
		{ckMember3, "07:00", "Asia/Tokyo"},
		{ckMember4, "21:00", "Europe/London"},
	} {
		if _, err := s.SetCheckinReminder(ctx, ckGuildA, r.user, r.hhmm, r.zone); err != nil {
			t.Fatal(err)
		}
	}
	// Member 4 checks in at 08:00 in London, before their 21:00 nudge,
	// and in another server (which doesn't count) the evening before.
	at(s, time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC))
	mustCheckin(t, s, ckGuildA, ckMember4, 3)
	at(s, time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC))
	mustCheckin(t, s, ckGuildB, ckMember1, 3)

	steps := []struct {
		now     time.Time
		checkIn string   // a member who checks in at now, first
		want    []string // user@localDate, then marked sent
	}{
		{time.Date(2026, 11, 26, 13, 29, 0, 0, time.UTC), "", nil},
		{time.Date(2026, 11, 26, 13, 30, 0, 0, time.UTC), "", []string{ckMember2 + "@2026-11-26"}},
		{time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC), "", nil}, // already nudged today
		{time.Date(2026, 11, 26, 19, 59, 0, 0, time.UTC), "", nil},
		{time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC), "", []string{ckMember1 + "@2026-11-26"}},
		{time.Date(2026, 11, 26, 21, 30, 0, 0, time.UTC), "", nil}, // member 4 checked in today
		{time.Date(2026, 11, 26, 22, 0, 0, 0, time.UTC), "", []string{ckMember3 + "@2026-11-27"}},
		// Member 2 checks in at 22:00 on the 26th in New York (03:00 UTC
		// on the 27th): their 26th, so it doesn't hold back the 27th's nudge.
		{time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC), ckMember2, nil},
		{time.Date(2026, 11, 27, 13, 30, 0, 0, time.UTC), "", []string{ckMember2 + "@2026-11-27"}},
		{time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC), "", []string{ckMember1 + "@2026-11-27", ckMember4 + "@2026-11-27"}},
	}
	for _, st := range steps {
		if st.checkIn != "" {
			at(s, st.now)
			mustCheckin(t, s, ckGuildA, st.checkIn, 4)
		}
		due, err := s.DueCheckinReminders(ctx, st.now)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range due {
			got = append(got, r.UserID+"@"+r.LocalDate)
			if r.GuildID != ckGuildA {
				t.Fatalf("due reminder in %s", r.GuildID)
			}
			if ok, err := s.RecordPlan(ctx, data.CheckinReminderPlan{Reminder: r}); err != nil || !ok {
				t.Fatalf("RecordPlan = %v, %v", ok, err)
			}
			if ok, err := s.RecordPlan(ctx, data.CheckinReminderPlan{Reminder: r}); err != nil || ok {
				t.Fatalf("RecordPlan again = %v, %v; want the day planned once", ok, err)
			}
		}
		if !slices.Equal(got, st.want) {
			t.Fatalf("at %s: due %v, want %v", st.now.Format(time.RFC3339), got, st.want)
		}
	}
	bad := data.CheckinReminder{GuildID: ckGuildA, UserID: ckMember1, LocalDate: "yesterday"}
	if _, err := s.RecordPlan(ctx, data.CheckinReminderPlan{Reminder: bad}); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("bad date: err = %v, want ErrInvalid", err)
	}
}

func TestDueCheckinRemindersAcrossDaylightSaving(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		hhmm    string
		steps   []time.Time
		wantDue []bool
	}{
		// 02:30 does not exist on 2026-03-08 in New York: clocks jump from
		// 02:00 to 03:00, and the nudge comes then.
		{"spring forward skips the time", "02:30", []time.Time{
			time.Date(2026, 3, 8, 6, 59, 0, 0, time.UTC), // 01:59 EST
			time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),  // 03:00 EDT
		}, []bool{false, true}},
		// 01:30 happens twice on 2026-11-01: one nudge only.
		{"fall back repeats the time", "01:30", []time.Time{
			time.Date(2026, 11, 1, 5, 29, 0, 0, time.UTC), // 01:29 EDT
			time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), // 01:30 EDT
			time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), // 01:30 EST
		}, []bool{false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			at(s, tt.steps[0].Add(-3*time.Hour))
			if _, err := s.SetCheckinReminder(ctx, ckGuildA, ckMember1, tt.hhmm, "America/New_York"); err != nil {
				t.Fatal(err)
			}
			for i, now := range tt.steps {
				due, err := s.DueCheckinReminders(ctx, now)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(due) == 1; got != tt.wantDue[i] {
					t.Fatalf("at %s: due = %v, want %v", now.Format(time.RFC3339), due, tt.wantDue[i])
				}
				for _, r := range due {
					if _, err := s.RecordPlan(ctx, data.CheckinReminderPlan{Reminder: r}); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}

func TestDueCheckinRemindersSkipQuietServers(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	at(s, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	for _, g := range []string{ckGuildA, ckGuildB} {
		if _, err := s.SetCheckinReminder(ctx, g, ckMember1, "09:00", "UTC"); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	count := func() int {
		due, err := s.DueCheckinReminders(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return len(due)
	}
	if got := count(); got != 2 {
		t.Fatalf("due = %d, want 2", got)
	}
	if _, err := s.SetSetting(ctx, ckGuildA, ckMember2, data.FeatureCheckins, "off"); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 1 {
		t.Fatalf("with check-ins off in A: due = %d, want 1", got)
	}
	if _, err := s.GuildJoined(ctx, ckGuildB); err != nil {
		t.Fatal(err)
	}
	if err := s.GuildRemoved(ctx, ckGuildB); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 0 {
		t.Fatalf("with Kindred removed from B: due = %d, want 0", got)
	}
}

func TestDeleteGuildCheckinData(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, g := range []string{ckGuildA, ckGuildB} {
		c := mustCheckin(t, s, g, ckMember1, 1)
		if _, err := s.AddCheckinFollowup(ctx, g, ckMember1, c.ID, ckChannel, "700000000000000001"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetCheckinReminder(ctx, g, ckMember1, "20:00", "UTC"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteGuildCheckinData(ctx, ckGuildA); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		guildID string
		want    int
	}{{ckGuildA, 0}, {ckGuildB, 1}} {
		cs, _ := s.RecentCheckins(ctx, k.guildID, ckMember1, time.Time{})
		fs, _ := s.CheckinFollowups(ctx, k.guildID, time.Time{})
		_, rerr := s.CheckinReminderFor(ctx, k.guildID, ckMember1)
		got := []int{len(cs), len(fs), boolN(rerr == nil)}
		if want := []int{k.want, k.want, k.want}; !slices.Equal(got, want) {
			t.Errorf("in %s: check-ins, follow-ups, reminders = %v, want %v", k.guildID, got, want)
		}
	}
}

func boolN(b bool) int {
	if b {
		return 1
	}
	return 0
}
