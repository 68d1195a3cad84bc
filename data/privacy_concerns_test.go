package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

func TestAnonymousConcernStoresNoMemberID(t *testing.T) {
	ctx := context.Background()
	s, path := pvOpen(t)
	c := must(s.RaiseConcern(ctx, data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Anonymous: true, ReplyChannelID: pvDM, Text: "Please check the #vent channel."}))
	if !strings.HasPrefix(c.Ref, "C-") || len(c.Ref) != 6 || c.UserID != "" {
		t.Fatalf("concern = %+v", c)
	}
	db := pvRaw(t, path)
	for table, cols := range tableColumns(t, db) {
		if n := rowsContaining(t, db, table, cols, pvGuildA, pvMember); n != 0 {
			t.Errorf("table %s has %d rows containing the member's ID after an anonymous concern", table, n)
		}
	}
	got := must(s.Concern(ctx, pvGuildA, c.Ref))
	if got.ReplyChannelID != pvDM || got.Text != "Please check the #vent channel." || !got.Anonymous {
		t.Fatalf("stored concern = %+v", got)
	}
	closed := must(s.CloseConcern(ctx, pvGuildA, c.Ref, modA))
	if closed.ReplyChannelID != pvDM {
		t.Errorf("CloseConcern returned reply channel %q, want the one before closing", closed.ReplyChannelID)
	}
	for table, cols := range tableColumns(t, db) {
		if n := rowsContaining(t, db, table, cols, pvGuildA, pvDM); n != 0 {
			t.Errorf("table %s still has the DM channel after closing", table)
		}
	}
	if _, err := s.RecordConcernReply(ctx, pvGuildA, c.Ref, modA); !errors.Is(err, data.ErrConflict) {
		t.Errorf("reply to a closed concern: err=%v, want ErrConflict", err)
	}
}

func TestConcernsAreRateLimitedPerMember(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	raise := func(member string, anon bool) error {
		_, err := s.RaiseConcern(ctx, data.NewConcern{GuildID: pvGuildA, UserID: member, Anonymous: anon, ReplyChannelID: pvDM, Text: "hello"})
		return err
	}
	for i := range data.ConcernsPerDay {
		if err := raise(pvMember, i%2 == 0); err != nil {
			t.Fatalf("concern %d: %v", i+1, err)
		}
	}
	if err := raise(pvMember, true); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("concern over the limit: err=%v, want ErrConflict", err)
	}
	if err := raise(pvOther, true); err != nil {
		t.Fatalf("another member is limited too: %v", err)
	}
	if _, err := s.RaiseConcern(ctx, data.NewConcern{GuildID: pvGuildB, UserID: pvMember, Text: "hello"}); err != nil {
		t.Fatalf("the limit is per server: %v", err)
	}
	// A concern that couldn't be passed on gives the turn back.
	cs := must(s.Concerns(ctx, pvGuildA, false, 0))
	var mine string
	for _, c := range cs {
		if c.UserID == pvMember {
			mine = c.Ref
		}
	}
	mustDo(t, s.WithdrawConcern(ctx, pvGuildA, mine, pvMember))
	if err := raise(pvMember, false); err != nil {
		t.Fatalf("after a withdrawn concern: %v", err)
	}
	// A day later the limit is lifted, and pruning forgets the old counts.
	s.Now = func() time.Time { return pvNow.Add(data.ConcernRateWindow + time.Second) }
	if err := raise(pvMember, true); err != nil {
		t.Fatalf("a day later: %v", err)
	}
	// Only anonymous concerns leave a limit record: the member's two and
	// the other member's one, from the first day.
	if n := must(s.PruneConcernRate(ctx, pvNow.Add(time.Second))); n != 3 {
		t.Errorf("pruned %d limit records, want 3", n)
	}
}

func TestConcernValidationAndRefs(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	for _, tc := range []struct {
		name string
		c    data.NewConcern
	}{
		{"empty", data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Text: "   "}},
		{"too long", data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Text: strings.Repeat("a", data.MaxConcernLength+1)}},
		{"anonymous without a way back", data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Anonymous: true, Text: "hi"}},
		{"no member", data.NewConcern{GuildID: pvGuildA, Text: "hi"}},
	} {
		if _, err := s.RaiseConcern(ctx, tc.c); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("%s: err=%v, want ErrInvalid", tc.name, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"C-7F3K", "C-7F3K"}, {"c-7f3k", "C-7F3K"}, {" 7F3K ", "C-7F3K"}, {"C7F3K", "C-7F3K"},
		{"C-7F3", ""}, {"C-O0I1", ""}, {"hello", ""},
	} {
		got, err := data.NormalizeConcernRef(tc.in)
		if tc.want == "" {
			if !errors.Is(err, data.ErrInvalid) {
				t.Errorf("NormalizeConcernRef(%q) = %q, %v; want ErrInvalid", tc.in, got, err)
			}
			continue
		}
		if got != tc.want || err != nil {
			t.Errorf("NormalizeConcernRef(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	c := must(s.RaiseConcern(ctx, data.NewConcern{GuildID: pvGuildA, UserID: pvMember, Text: "hi"}))
	if _, err := s.Concern(ctx, pvGuildB, c.Ref); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("concern of server A seen from server B: err=%v", err)
	}
	if _, err := s.CloseConcern(ctx, pvGuildB, c.Ref, modA); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("concern of server A closed from server B: err=%v", err)
	}
	r := must(s.RecordConcernReply(ctx, pvGuildA, c.Ref, modA))
	if r.Replies != 1 || r.UserID != pvMember {
		t.Errorf("after reply: %+v", r)
	}
	log := must(s.ModeratorAudit(ctx, pvGuildA, data.AuditConcerns, 10))
	if len(log) != 1 || log[0].Action != "reply" || log[0].Target != c.Ref || log[0].ModeratorID != modA {
		t.Errorf("audit after reply = %+v", log)
	}
}
