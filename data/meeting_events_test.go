package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

func TestWaitingListIsFirstComeFirstServed(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Small circle")
	start := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
	mtgPlan(t, s, m, start)
	os, err := s.Occurrences(ctx, dlvGuildA, m.ID, start, start.Add(time.Second))
	if err != nil || len(os) != 1 {
		t.Fatalf("occurrences %v, %v", os, err)
	}
	occ := os[0].ID
	if err := s.SetAttendeeLimit(ctx, dlvGuildA, m.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendeeLimit(ctx, dlvGuildA, m.ID, -1); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("negative limit: %v, want ErrInvalid", err)
	}
	if _, err := s.SetRSVP(ctx, dlvGuildA, occ, "u1", data.RSVPGoing); err != nil {
		t.Fatal(err)
	}
	for i, u := range []string{"u2", "u3"} {
		var w *data.WaitlistedError
		if _, err := s.SetRSVP(ctx, dlvGuildA, occ, u, data.RSVPGoing); !errors.As(err, &w) || w.Position != i+1 || w.Limit != 1 {
			t.Fatalf("%s going to a full meeting: %v, want waitlisted at %d", u, err, i+1)
		}
	}
	// Answering again keeps the place in the queue.
	var w *data.WaitlistedError
	if _, err := s.SetRSVP(ctx, dlvGuildA, occ, "u3", data.RSVPGoing); !errors.As(err, &w) || w.Position != 2 {
		t.Fatalf("u3 again: %v", err)
	}
	// u1 drops out: u2 (first) gets the place; u3 waits on.
	c, err := s.SetRSVP(ctx, dlvGuildA, occ, "u1", data.RSVPNo)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c, (data.RSVPCounts{Going: 1, No: 1, Waiting: 1}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	if r, err := s.RSVPOf(ctx, dlvGuildA, occ, "u2"); err != nil || r.Status != data.RSVPGoing {
		t.Errorf("u2 after the place opened: %+v, %v", r, err)
	}
	if n, err := s.WaitlistPosition(ctx, dlvGuildA, occ, "u3"); err != nil || n != 1 {
		t.Errorf("u3's place: %d, %v, want 1", n, err)
	}
	// Leaving the list by answering "no".
	c, err = s.SetRSVP(ctx, dlvGuildA, occ, "u3", data.RSVPNo)
	if err != nil || c.Waiting != 0 {
		t.Errorf("after u3 left: %+v, %v", c, err)
	}
}

func TestClaimMeetingEventOnce(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	start := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
	now := s.Now()
	for i, want := range []bool{true, false} {
		got, err := s.ClaimMeetingEvent(ctx, dlvGuildA, m.ID, start, now)
		if err != nil || got != want {
			t.Fatalf("claim %d: %v, %v, want %v", i, got, err, want)
		}
	}
	// A claim left by a process that died is taken over later.
	if got, err := s.ClaimMeetingEvent(ctx, dlvGuildA, m.ID, start, now.Add(3*time.Minute)); err != nil || !got {
		t.Fatalf("stale claim: %v, %v", got, err)
	}
	// Another server can't claim this server's meeting.
	if got, err := s.ClaimMeetingEvent(ctx, dlvGuildB, m.ID, start.Add(time.Hour), now); err != nil || got {
		t.Fatalf("claim from another server: %v, %v", got, err)
	}
	if err := s.SaveMeetingEvent(ctx, data.MeetingEvent{GuildID: dlvGuildA, MeetingID: m.ID, StartsAt: start, EventID: "e1", Status: data.EventLive}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimMeetingEvent(ctx, dlvGuildA, m.ID, start, now.Add(time.Hour)); err != nil || got {
		t.Fatalf("claim of a published date: %v, %v", got, err)
	}
	// A moderator's deletion sticks; Kindred's own (not live) is ignored.
	if ok, err := s.ScheduledEventRemoved(ctx, dlvGuildA, "e1"); err != nil || !ok {
		t.Fatalf("removed: %v, %v", ok, err)
	}
	if ok, err := s.ScheduledEventRemoved(ctx, dlvGuildA, "e1"); err != nil || ok {
		t.Fatalf("removed twice: %v, %v", ok, err)
	}
	if _, err := s.SetEventInterest(ctx, dlvGuildA, "e1", 3); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("interest in a removed event: %v, want ErrNotFound", err)
	}
}

func TestServerZoneChangeMovesPlannedDates(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	m := mustMeeting(t, s, dlvGuildA, "Group")
	start := time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
	mtgPlan(t, s, m, start)
	os, _ := s.Occurrences(ctx, dlvGuildA, m.ID, start, start.Add(time.Second))
	if _, err := s.SetRSVP(ctx, dlvGuildA, os[0].ID, "u1", data.RSVPGoing); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSetting(ctx, dlvGuildA, mtgMod, data.SettingTimeZone, "Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	moved := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) // 19:00 in Tokyo
	o, err := s.Occurrence(ctx, dlvGuildA, os[0].ID)
	if err != nil || !o.StartsAt.Equal(moved) {
		t.Fatalf("occurrence after the zone change: %+v, %v, want %v", o, err, moved)
	}
	if r, err := s.RSVPOf(ctx, dlvGuildA, o.ID, "u1"); err != nil || r.Status != data.RSVPGoing {
		t.Errorf("answer after the move: %+v, %v", r, err)
	}
	got, err := s.Meeting(ctx, dlvGuildA, m.ID)
	if err != nil || got.Version == m.Version || !got.NextPlanAt.Equal(s.Now()) {
		t.Errorf("meeting not replanned: %+v, %v", got, err)
	}
}
