package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// walkStreak is the streak rule as CheckinStreak's doc states it, walked
// a calendar day at a time: the reference CheckinStreak must agree with.
func walkStreak(days []string, today string) int {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return 0
	}
	checked := map[string]bool{}
	for _, d := range days {
		if d <= today {
			checked[d] = true
		}
	}
	if len(checked) == 0 {
		return 0
	}
	if !checked[today] {
		t = t.AddDate(0, 0, -1)
	}
	streak, missedBefore, rested := 0, false, map[string]bool{}
	for streak < len(checked) {
		d := t.Format(time.DateOnly)
		if checked[d] {
			streak++
			missedBefore = false
		} else {
			y, w := t.ISOWeek()
			week := fmt.Sprint(y, w)
			if missedBefore || rested[week] {
				break
			}
			rested[week], missedBefore = true, true
		}
		t = t.AddDate(0, 0, -1)
	}
	return streak
}

// randomHistory is a member's check-in days over the n days up to today
// (and, now and then, the day after, as a time zone change can leave),
// some days twice, with runs of days missed.
func randomHistory(rng *rand.Rand, today time.Time, n int) []string {
	var days []string
	miss := rng.Float64() * 0.4
	for d := 0; d < n; d++ {
		if rng.Float64() < miss {
			continue
		}
		day := today.AddDate(0, 0, -d).Format(time.DateOnly)
		days = append(days, day)
		if rng.IntN(5) == 0 {
			days = append(days, day)
		}
	}
	if rng.IntN(10) == 0 {
		days = append(days, today.AddDate(0, 0, 1).Format(time.DateOnly))
	}
	rng.Shuffle(len(days), func(i, j int) { days[i], days[j] = days[j], days[i] })
	return days
}

func TestCheckinStreakAgreesWithTheDayByDayWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 17))
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for i := range 3000 {
		days := randomHistory(rng, today.AddDate(0, 0, -rng.IntN(400)), rng.IntN(200))
		day := today.Format(time.DateOnly)
		if got, want := data.CheckinStreak(days, day), walkStreak(days, day); got != want {
			t.Fatalf("case %d: CheckinStreak(%q, %s) = %d, the walk says %d", i, days, day, got, want)
		}
	}
	for _, bad := range []string{"2026-02-30", "2026-13-01", "2026-1-01", "20261126xx", ""} {
		if got := data.CheckinStreak([]string{bad, "2026-11-26"}, "2026-11-26"); got != 1 {
			t.Errorf("with %q among the days the streak is %d, want 1", bad, got)
		}
	}
}

// TestCheckinReadsTheDaysItsStreakNeeds checks that what RecordCheckin
// reads of a member's days (as few as their streak needs) gives the
// streak, with the check-in and without it, that all their days give:
// for short and long histories, streaks shorter and longer than the
// first read, and days in any order.
func TestCheckinReadsTheDaysItsStreakNeeds(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 5))
	today := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := today.Format(time.DateOnly)
	path := filepath.Join(t.TempDir(), "kindred.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return today }
	history := map[string][]time.Time{}
	var members []string
	for m := range 120 {
		member := fmt.Sprint(200000000000000000 + m)
		members = append(members, member)
		n := []int{0, 5, 63, 64, 65, 200, 400}[m%7]
		start := today.AddDate(0, 0, -1)
		if m%3 == 0 {
			start = today // checked in earlier today
		}
		var days []string
		if m%2 == 0 {
			days = span(start.AddDate(0, 0, 1-n).Format(time.DateOnly), start.Format(time.DateOnly)) // unbroken
		} else {
			days = randomHistory(rng, start, n)
		}
		for _, d := range days {
			at, _ := time.Parse(time.DateOnly, d)
			history[member] = append(history[member], at.Add(9*time.Hour))
		}
	}
	writeCheckins(t, path, ckGuildA, history)
	for _, member := range members {
		all, err := s.CheckinDays(ctx, ckGuildA, member)
		if err != nil {
			t.Fatal(err)
		}
		added, err := s.RecordCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: member, Mood: 3}, time.UTC, true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := data.CheckinStreak(added.DaysBefore, day), data.CheckinStreak(all, day); got != want {
			t.Errorf("member %s with %d days: streak before the check-in from what it read %d, from all days %d", member, len(all), got, want)
		}
		withToday := func(days []string) []string { return append(append([]string(nil), days...), day) }
		if got, want := data.CheckinStreak(withToday(added.DaysBefore), day), data.CheckinStreak(withToday(all), day); got != want {
			t.Errorf("member %s with %d days: streak with the check-in from what it read %d, from all days %d", member, len(all), got, want)
		}
		if (len(all) == 0) != (len(added.DaysBefore) == 0) {
			t.Errorf("member %s: read %d days of %d: whether this is their first check-in differs", member, len(added.DaysBefore), len(all))
		}
	}
}
