package data_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

func TestPruneMeetingOccurrencesKeepsAttended(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	week := 7 * 24 * time.Hour
	// Five weekly occurrences, the last one still to come.
	mtgPlan(t, s, m, dlvT0.Add(-4*week), dlvT0.Add(-3*week), dlvT0.Add(-2*week), dlvT0.Add(-week), dlvT0.Add(week))
	os := mustOccurrences(t, s, m)
	if len(os) != 5 {
		t.Fatalf("%d occurrences planned, want 5", len(os))
	}
	if _, err := s.RecordAttendance(ctx, dlvGuildA, os[0].ID, dlvUser, dlvUser); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRSVP(ctx, dlvGuildA, os[1].ID, dlvUser, "going"); err != nil {
		t.Fatal(err)
	}
	n, err := s.PruneMeetingOccurrences(ctx, dlvT0.Add(-10*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("pruned %d, want 2 (weeks 3 and 2 before, not attended)", n)
	}
	left := mustOccurrences(t, s, m)
	var ids []int64
	for _, o := range left {
		ids = append(ids, o.ID)
	}
	if want := []int64{os[0].ID, os[3].ID, os[4].ID}; len(ids) != 3 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
		t.Errorf("occurrences left %v, want %v (attended, recent, future)", ids, want)
	}
	if got, _ := s.MemberAttendance(ctx, dlvGuildA, dlvUser); got != 1 {
		t.Errorf("attendance after prune = %d, want 1", got)
	}
	if n, err := s.PruneMeetingOccurrences(ctx, dlvT0.Add(-10*24*time.Hour)); err != nil || n != 0 {
		t.Errorf("second prune = %d, %v; want 0", n, err)
	}
}

// BenchmarkOccurrenceRetention plans a year of weekly occurrences for 200
// meetings, one meeting's every tenth occurrence attended, then runs the
// retention prune as the sweep would a year on.
// It reports the occurrences per meeting before and after: after, those
// of the last KeepPastOccurrences, the future and the attended remain,
// however long Kindred runs.
func BenchmarkOccurrenceRetention(b *testing.B) {
	const meetings, weeks = 200, 52
	week := 7 * 24 * time.Hour
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := mustOpen(b)
		start := dlvT0.Add(-weeks * week)
		for i := range meetings {
			d, err := s.CreateMeetingDraft(ctx, mtgDraft(dlvGuildA, fmt.Sprintf("Group %d", i)))
			if err != nil {
				b.Fatal(err)
			}
			m, err := s.ConfirmMeetingDraft(ctx, dlvGuildA, d.ID)
			if err != nil {
				b.Fatal(err)
			}
			var starts []time.Time
			for w := range weeks + 1 {
				starts = append(starts, start.Add(time.Duration(w)*week))
			}
			if _, err := s.RecordPlan(ctx, data.MeetingPlan{Meeting: m, Starts: starts, PlannedThrough: starts[len(starts)-1], NextPlanAt: starts[len(starts)-1]}); err != nil {
				b.Fatal(err)
			}
		}
		os, err := s.Occurrences(ctx, dlvGuildA, 1, start.Add(-week), dlvT0.Add(week))
		if err != nil || len(os) != weeks+1 {
			b.Fatalf("meeting 1 has %d occurrences, %v; want %d", len(os), err, weeks+1)
		}
		for i, o := range os {
			if i%10 == 0 {
				if _, err := s.RecordAttendance(ctx, dlvGuildA, o.ID, dlvUser, dlvUser); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StartTimer()
		n, err := s.PruneMeetingOccurrences(ctx, dlvT0.Add(-30*24*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		total := meetings * (weeks + 1)
		b.ReportMetric(float64(total)/meetings, "occurrences/meeting-before")
		b.ReportMetric(float64(total-n)/meetings, "occurrences/meeting-after")
		b.StartTimer()
	}
}
