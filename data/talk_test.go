package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	tkGuild    = "120000000000000001"
	tkMember   = "230000000000000001"
	tkListener = "230000000000000002"
	tkOther    = "230000000000000003"
)

// tkOpened opens a request for tkMember at the store's clock.
func tkOpened(t *testing.T, s *data.Store, text string) data.TalkRequest {
	t.Helper()
	ctx := context.Background()
	d := must(s.CreateTalkDraft(ctx, tkGuild, tkMember, data.TalkNeedListen, text))
	return must(s.OpenTalk(ctx, tkGuild, d.ID, tkMember, data.TalkOpening{ThreadID: "530000000000000001", Pinged: true, EscalateAt: pvNow.Add(10 * time.Minute)}))
}

func TestTalkDraftValidation(t *testing.T) {
	s, _ := pvOpen(t)
	tests := []struct {
		name, need, text string
		wantErr          error
	}{
		{"listen, no words", data.TalkNeedListen, "", nil},
		{"struggling with words", data.TalkNeedStruggling, "it's bad tonight", nil},
		{"unknown need", "chat", "", data.ErrInvalid},
		{"words too long", data.TalkNeedPractical, strings.Repeat("a", data.MaxTalkMessage+1), data.ErrInvalid},
		{"words at the limit", data.TalkNeedPractical, strings.Repeat("é", data.MaxTalkMessage), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := s.CreateTalkDraft(context.Background(), tkGuild, tkMember, tt.need, tt.text)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (d.Status != data.TalkDraft || d.FirstMessage != tt.text) {
				t.Errorf("draft = %+v", d)
			}
		})
	}
}

func TestTalkOneOpenRequestPerMember(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	r := tkOpened(t, s, "")
	d := must(s.CreateTalkDraft(ctx, tkGuild, tkMember, data.TalkNeedListen, ""))
	if _, err := s.OpenTalk(ctx, tkGuild, d.ID, tkMember, data.TalkOpening{ThreadID: "530000000000000002"}); !errors.Is(err, data.ErrConflict) {
		t.Errorf("second open request: err = %v, want conflict", err)
	}
	if _, err := s.OpenTalk(ctx, tkGuild, d.ID, tkOther, data.TalkOpening{ThreadID: "530000000000000002"}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("opening another member's draft: err = %v, want not found", err)
	}
	if got := must(s.ActiveTalkRequest(ctx, tkGuild, tkMember)); got.ID != r.ID {
		t.Errorf("active request = %d, want %d", got.ID, r.ID)
	}
	must(s.CloseTalk(ctx, tkGuild, r.ID, data.TalkClosedByMember))
	if _, err := s.OpenTalk(ctx, tkGuild, d.ID, tkMember, data.TalkOpening{ThreadID: "530000000000000002"}); err != nil {
		t.Errorf("open after closing the first: %v", err)
	}
}

func TestTalkTakeHandOverCloseRules(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	r := tkOpened(t, s, "")
	if _, err := s.TakeTalk(ctx, tkGuild, r.ID, tkMember); !errors.Is(err, data.ErrConflict) {
		t.Errorf("member taking their own request: %v", err)
	}
	if _, _, err := s.HandOverTalk(ctx, tkGuild, r.ID, tkListener, tkOther, ""); !errors.Is(err, data.ErrConflict) {
		t.Errorf("handing over an open request: %v", err)
	}
	taken := must(s.TakeTalk(ctx, tkGuild, r.ID, tkListener))
	if taken.Status != data.TalkTaken || taken.ListenerID != tkListener || taken.TakenAt.IsZero() {
		t.Errorf("taken = %+v", taken)
	}
	_, err := s.TakeTalk(ctx, tkGuild, r.ID, tkOther)
	if !errors.Is(err, data.ErrConflict) || !strings.Contains(err.Error(), tkListener) {
		t.Errorf("second listener taking: %v, want conflict naming the first", err)
	}
	steps := []struct {
		name, from, to, note string
		want                 error
	}{
		{"not the listener who has it", tkOther, tkListener, "", data.ErrConflict},
		{"to themselves", tkListener, tkListener, "", data.ErrInvalid},
		{"to the member", tkListener, tkMember, "", data.ErrInvalid},
		{"note too long", tkListener, tkOther, strings.Repeat("n", data.MaxTalkNote+1), data.ErrInvalid},
		{"to another listener", tkListener, tkOther, "likes short messages", nil},
	}
	for _, st := range steps {
		if _, _, err := s.HandOverTalk(ctx, tkGuild, r.ID, st.from, st.to, st.note); !errors.Is(err, st.want) {
			t.Errorf("%s: err = %v, want %v", st.name, err, st.want)
		}
	}
	if got := must(s.TalkRequest(ctx, tkGuild, r.ID)); got.ListenerID != tkOther {
		t.Errorf("listener after hand-over = %s, want %s", got.ListenerID, tkOther)
	}
	if _, err := s.RateTalk(ctx, tkGuild, r.ID, tkMember, 4); !errors.Is(err, data.ErrConflict) {
		t.Errorf("rating before closing: %v", err)
	}
	must(s.CloseTalk(ctx, tkGuild, r.ID, data.TalkClosedByListener))
	if _, err := s.CloseTalk(ctx, tkGuild, r.ID, data.TalkClosedByMember); !errors.Is(err, data.ErrConflict) {
		t.Errorf("closing twice: %v", err)
	}
	for _, n := range []int{0, 6} {
		if _, err := s.RateTalk(ctx, tkGuild, r.ID, tkMember, n); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("rating %d: %v", n, err)
		}
	}
	if _, err := s.RateTalk(ctx, tkGuild, r.ID, tkListener, 5); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("listener rating: %v", err)
	}
	must(s.RateTalk(ctx, tkGuild, r.ID, tkMember, 5))
}

func TestTalkEscalationIsClaimedOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	r := tkOpened(t, s, "")
	if due := must(s.DueTalkEscalations(ctx, pvNow.Add(9*time.Minute), 10)); len(due) != 0 {
		t.Errorf("due before the timeout: %d", len(due))
	}
	at := pvNow.Add(10 * time.Minute)
	if due := must(s.DueTalkEscalations(ctx, at, 10)); len(due) != 1 || due[0].ID != r.ID {
		t.Fatalf("due at the timeout = %+v", due)
	}
	if !must(s.ClaimTalkEscalation(ctx, tkGuild, r.ID, at)) {
		t.Fatal("first claim failed")
	}
	if must(s.ClaimTalkEscalation(ctx, tkGuild, r.ID, at)) {
		t.Error("second claim succeeded")
	}
	mustDo(t, s.ReleaseTalkEscalation(ctx, tkGuild, r.ID, at.Add(time.Minute)))
	if due := must(s.DueTalkEscalations(ctx, at.Add(time.Minute), 10)); len(due) != 1 {
		t.Errorf("released escalation not due again")
	}
	must(s.TakeTalk(ctx, tkGuild, r.ID, tkListener))
	if due := must(s.DueTalkEscalations(ctx, at.Add(time.Hour), 10)); len(due) != 0 {
		t.Errorf("a taken request is still due for escalation")
	}
}

func TestTalkRetentionAndStats(t *testing.T) {
	ctx := context.Background()
	s, _ := pvOpen(t)
	r := tkOpened(t, s, "remember nothing of this")
	clock := pvNow
	s.Now = func() time.Time { return clock }
	clock = pvNow.Add(4 * time.Minute)
	must(s.TakeTalk(ctx, tkGuild, r.ID, tkListener))
	must(s.CloseTalk(ctx, tkGuild, r.ID, data.TalkClosedByMember))
	must(s.RateTalk(ctx, tkGuild, r.ID, tkMember, 3))

	if old := must(s.TalkThreadsPastRetention(ctx, clock.Add(13*24*time.Hour), 10)); len(old) != 0 {
		t.Errorf("past retention after 13 days: %d", len(old))
	}
	old := must(s.TalkThreadsPastRetention(ctx, clock.Add(14*24*time.Hour), 10))
	if len(old) != 1 {
		t.Fatalf("past retention after 14 days: %d", len(old))
	}
	mustDo(t, s.ForgetTalkRequest(ctx, tkGuild, old[0].ID))
	if e := must(s.MemberExport(ctx, tkGuild, tkMember)); e.Count("support_requests") != 0 {
		t.Error("a forgotten request is still in the member's export")
	}
	if again := must(s.TalkThreadsPastRetention(ctx, clock.Add(15*24*time.Hour), 10)); len(again) != 0 {
		t.Errorf("a forgotten request is past retention again: %+v", again)
	}
	st := must(s.TalkStats(ctx, tkGuild, pvNow.Add(-time.Hour)))
	if st.Requests != 1 || st.Taken != 1 || st.Closed != 1 || st.Open != 0 || st.Ratings[2] != 1 || st.MedianToTake != 4*time.Minute {
		t.Errorf("stats = %+v, want the forgotten request still counted", st)
	}
}
