package data_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestMemberReturnedWritesOnlyForMembersWhoLeft: a member joining who
// never left costs no write, so a wave of joins does not queue for the
// writer; one who left is no longer due for deletion.
func TestMemberReturnedWritesOnlyForMembersWhoLeft(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	mustDo(t, s.MemberLeft(ctx, pvGuildA, pvMember))
	var writes atomic.Int32
	s.Observe = func(kind string, _ time.Duration) {
		if kind == "write" {
			writes.Add(1)
		}
	}
	mustDo(t, s.MemberReturned(ctx, pvGuildA, "never-left"))
	if n := writes.Load(); n != 0 {
		t.Errorf("a member who never left: %d writes, want none", n)
	}
	mustDo(t, s.MemberReturned(ctx, pvGuildA, pvMember))
	if n := writes.Load(); n != 1 {
		t.Errorf("a member who left: %d writes, want 1", n)
	}
	due, err := s.MembersPastGrace(ctx, pvNow.Add(365*24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 0 {
		t.Errorf("after returning, still due for deletion: %v", due)
	}
}
