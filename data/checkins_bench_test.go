package data_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// BenchmarkCheckinHistory measures one check-in's database work
// (RecordCheckin, with milestones on) for members with a history of
// check-in days behind them: none, a month, a year and nearly three
// years, each with two days missed ten days ago (so their streak is ten
// days long), and a year unbroken (a streak of 365 days). Each history is
// given to 64 members, and the check-ins go round them, so that each
// member's own rows grow by under one a day for every 64 timed.
//
// A check-in reads only as many of the member's days as their streak
// needs, so its cost stays flat as a history grows; only an unbroken
// streak is read whole, since every one of its days counts.
func BenchmarkCheckinHistory(b *testing.B) {
	const members = 64
	today := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		days    int
		unbroke bool
	}{
		{"days=0", 0, false},
		{"days=30", 30, false},
		{"days=365", 365, false},
		{"days=1000", 1000, false},
		{"streak=365", 365, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "kindred.db")
			s, err := data.Open(context.Background(), path)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			s.Now = func() time.Time { return today }
			seedCheckinDays(b, path, members, tc.days, tc.unbroke, today)
			ctx := context.Background()
			var added data.CheckinAdded
			i := 0
			for b.Loop() {
				c := data.Checkin{GuildID: benchGuild, UserID: benchMember(i % members), Mood: 3}
				if added, err = s.RecordCheckin(ctx, c, time.UTC, true); err != nil {
					b.Fatal(err)
				}
				i++
			}
			want := 1 + min(tc.days, 10)
			if tc.unbroke {
				want = 1 + tc.days
			}
			day := today.Format(time.DateOnly)
			if got := data.CheckinStreak(append(added.DaysBefore, day), day); got != want {
				b.Fatalf("streak with the check-in is %d, want %d", got, want)
			}
		})
	}
}

const benchGuild = "100000000000000001"

func benchMember(i int) string { return fmt.Sprint(200000000000000000 + i) }

// seedCheckinDays gives each of n members one check-in a day for the
// days before today, missing the 11th and 12th days back unless unbroken.
func seedCheckinDays(b *testing.B, path string, n, days int, unbroken bool, today time.Time) {
	b.Helper()
	history := map[string][]time.Time{}
	for m := range n {
		for d := 1; d <= days; d++ {
			if unbroken || (d != 11 && d != 12) {
				history[benchMember(m)] = append(history[benchMember(m)], today.AddDate(0, 0, -d))
			}
		}
	}
	writeCheckins(b, path, benchGuild, history)
}

// writeCheckins writes one check-in at each time in history (by member)
// straight to the database file in one transaction, local dates in UTC:
// a history of years would take minutes through the store.
func writeCheckins(tb testing.TB, path, guildID string, history map[string][]time.Time) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for member, times := range history {
		for _, at := range times {
			if _, err := tx.Exec(`INSERT INTO checkins (guild_id, user_id, mood, created_at, local_date) VALUES (?, ?, 3, ?, ?)`,
				guildID, member, at.Unix(), at.UTC().Format(time.DateOnly)); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}
