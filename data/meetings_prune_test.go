package data_test

import (
	"context"
	"testing"
	"time"
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
