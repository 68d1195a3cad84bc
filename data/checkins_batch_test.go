package data_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// TestRecordCheckinAtOnce: check-ins that arrive together are written
// together, each as if alone: every one saved with its own ID, and each
// reads the member's days and milestones as they were just before it.
func TestRecordCheckinAtOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const members, each = 8, 6
	if _, err := s.RecordMilestones(ctx, ckGuildA, "member-0", []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin}}, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := map[string][]data.CheckinAdded{}
	for m := range members {
		for range each {
			wg.Go(func() {
				user := fmt.Sprintf("member-%d", m)
				a, err := s.RecordCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: user, Mood: 3}, time.UTC, true)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				added[user] = append(added[user], a)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	ids := map[int64]bool{}
	for user, as := range added {
		if len(as) != each {
			t.Fatalf("%s: %d check-ins saved, want %d", user, len(as), each)
		}
		first := 0
		for _, a := range as {
			ids[a.Checkin.ID] = true
			if len(a.DaysBefore) == 0 {
				first++
			} else if !slices.Equal(a.DaysBefore, []string{a.Checkin.LocalDate}) {
				t.Errorf("%s: days before = %q", user, a.DaysBefore)
			}
			if a.Recorded == nil {
				t.Errorf("%s: recorded milestones not read", user)
			}
			if got := a.Recorded.Has(data.MilestoneFirstCheckin, 0); got != (user == "member-0") {
				t.Errorf("%s: first check-in recorded = %v", user, got)
			}
		}
		if first != 1 {
			t.Errorf("%s: %d check-ins saw no day before, want exactly 1", user, first)
		}
		cs, err := s.RecentCheckins(ctx, ckGuildA, user, time.Time{})
		if err != nil || len(cs) != each {
			t.Errorf("%s: %d rows, %v", user, len(cs), err)
		}
	}
	if len(ids) != members*each {
		t.Errorf("%d distinct IDs for %d check-ins", len(ids), members*each)
	}
}

// TestRecordCheckinCancelled: a check-in whose context ended is not
// written, and says so.
func TestRecordCheckinCancelled(t *testing.T) {
	s := mustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.RecordCheckin(ctx, data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: 3}, time.UTC, false); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if cs, _ := s.RecentCheckins(context.Background(), ckGuildA, ckMember1, time.Time{}); len(cs) != 0 {
		t.Fatalf("%d check-ins written", len(cs))
	}
	if _, err := s.RecordCheckin(context.Background(), data.Checkin{GuildID: ckGuildA, UserID: ckMember1, Mood: 3}, time.UTC, false); err != nil {
		t.Fatal(err)
	}
}
