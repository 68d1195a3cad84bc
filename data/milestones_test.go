package data_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	msGuildA = "100000000000000001"
	msGuildB = "100000000000000002"
	msUser1  = "200000000000000001"
	msUser2  = "200000000000000002"
	msUser3  = "200000000000000003"
	msMod    = "200000000000000009"
	msChan   = "300000000000000001"
)

func TestMilestoneThresholds(t *testing.T) {
	for _, tc := range []struct {
		kind  data.MilestoneKind
		value int
		want  []int
	}{
		{data.MilestoneCheckinStreak, 6, nil},
		{data.MilestoneCheckinStreak, 7, []int{7}},
		{data.MilestoneCheckinStreak, 99, []int{7, 30}},
		{data.MilestoneCheckinStreak, 800, []int{7, 30, 100, 365, 730}},
		{data.MilestoneMeetings, 0, nil},
		{data.MilestoneMeetings, 1, []int{1}},
		{data.MilestoneMeetings, 26, []int{1, 5, 10, 25}},
		{data.MilestoneMeetings, 310, []int{1, 5, 10, 25, 50, 100, 200, 300}},
		{data.MilestoneSelfCare, 10, []int{1, 10}},
		{data.MilestoneMembership, 5, []int{1}},
		{data.MilestoneMembership, 36, []int{1, 6, 12, 24, 36}},
		{data.MilestoneKudos, 100, nil},
		{data.MilestoneFirstCheckin, 1, nil},
	} {
		if got := data.MilestoneThresholds(tc.kind, tc.value); !slices.Equal(got, tc.want) {
			t.Errorf("MilestoneThresholds(%s, %d) = %v, want %v", tc.kind, tc.value, got, tc.want)
		}
	}
}

// celebrationDeliveries returns a server's planned celebration posts.
func celebrationDeliveries(t *testing.T, s *data.Store, guildID string) []data.Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), guildID, "milestones")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestRecordMilestonesOnceAnnouncingOnlyWhatWasJustReached(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	reached := []data.ReachedMilestone{
		{Kind: data.MilestoneFirstCheckin},                                                    // back-filled
		{Kind: data.MilestoneCheckinStreak, Threshold: 7, Announce: true},                     // just reached
		{Kind: data.MilestoneMeetings, Threshold: 1, AchievedAt: time.Unix(1_700_000_000, 0)}, // back-filled, dated
	}
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, reached, msChan)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("recorded %d, want 3", len(got))
	}
	if got[0].Announced() || !got[0].Backfilled || !got[0].Public {
		t.Errorf("first check-in: announced %v, backfilled %v, public %v; want a quiet, public back-fill", got[0].Announced(), got[0].Backfilled, got[0].Public)
	}
	if !got[1].Announced() || got[1].Backfilled || got[1].Variant != 1 {
		t.Errorf("streak: announced %v, backfilled %v, variant %d; want announced as the first celebration", got[1].Announced(), got[1].Backfilled, got[1].Variant)
	}
	if want := time.Unix(1_700_000_000, 0).UTC(); !got[2].AchievedAt.Equal(want) {
		t.Errorf("meeting achieved at %v, want %v", got[2].AchievedAt, want)
	}
	ds := celebrationDeliveries(t, s, msGuildA)
	if len(ds) != 1 || ds[0].Kind != data.DeliveryMilestone || ds[0].ChannelID != msChan || ds[0].Ref != strconv.FormatInt(got[1].ID, 10) {
		t.Fatalf("deliveries = %+v, want one celebration of milestone %d in %s", ds, got[1].ID, msChan)
	}

	// Again (a restart, a second check-in the same day, a race): nothing new.
	again, err := s.RecordMilestones(ctx, msGuildA, msUser1, reached, msChan)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 || len(celebrationDeliveries(t, s, msGuildA)) != 1 {
		t.Fatalf("recording again: %d new, %d deliveries; want 0 and still 1", len(again), len(celebrationDeliveries(t, s, msGuildA)))
	}

	// The same milestone is its own in another server and for another member.
	for _, who := range []struct{ guild, user string }{{msGuildB, msUser1}, {msGuildA, msUser2}} {
		got, err := s.RecordMilestones(ctx, who.guild, who.user, reached[1:2], msChan)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s/%s: %d recorded, err %v; want 1", who.guild, who.user, len(got), err)
		}
	}
	// Each server numbers its own celebrations: consecutive numbers pick
	// different words.
	ms, err := s.MemberMilestones(ctx, msGuildA, msUser2, false)
	if err != nil || len(ms) != 1 || ms[0].Variant != 2 {
		t.Fatalf("second celebration in server A: %+v, %v; want variant 2", ms, err)
	}
	ms, err = s.MemberMilestones(ctx, msGuildB, msUser1, false)
	if err != nil || len(ms) != 1 || ms[0].Variant != 1 {
		t.Fatalf("first celebration in server B: %+v, %v; want variant 1", ms, err)
	}

	if _, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneKudos}}, msChan); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("recording kudos as automatic: %v, want ErrInvalid", err)
	}
}

func TestPrivateMembersAndNoChannelAreNeverPosted(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if changed, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser1, true); err != nil || !changed {
		t.Fatalf("SetMilestonesPrivate: %v, %v", changed, err)
	}
	if changed, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser1, true); err != nil || changed {
		t.Fatalf("SetMilestonesPrivate again: changed %v, %v; want no change", changed, err)
	}
	streak := []data.ReachedMilestone{{Kind: data.MilestoneCheckinStreak, Threshold: 7, Announce: true}}
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, streak, msChan)
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	if got[0].Announced() || got[0].Public || !got[0].Unseen() {
		t.Errorf("private member's milestone: announced %v, public %v, unseen %v; want kept private and unseen", got[0].Announced(), got[0].Public, got[0].Unseen())
	}
	// No celebrations channel: recorded, not posted, told privately later.
	got, err = s.RecordMilestones(ctx, msGuildA, msUser2, streak, "")
	if err != nil || len(got) != 1 || got[0].Announced() || !got[0].Unseen() {
		t.Fatalf("without a channel: %+v, %v", got, err)
	}
	if n := len(celebrationDeliveries(t, s, msGuildA)); n != 0 {
		t.Fatalf("%d celebrations planned, want none", n)
	}
	if n, err := s.MarkMilestonesSeen(ctx, msGuildA, msUser1); err != nil || n != 1 {
		t.Fatalf("MarkMilestonesSeen: %d, %v; want 1", n, err)
	}
	ms, err := s.MemberMilestones(ctx, msGuildA, msUser1, false)
	if err != nil || len(ms) != 1 || ms[0].Unseen() {
		t.Fatalf("after seeing: %+v, %v", ms, err)
	}
	if n, err := s.MarkMilestonesSeen(ctx, msGuildA, msUser1); err != nil || n != 0 {
		t.Fatalf("MarkMilestonesSeen again: %d, %v; want 0", n, err)
	}
}

func TestMemberMilestonesPublicOnly(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneMeetings, Threshold: 1, Announce: true}}, msChan); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ShareMilestone(ctx, msGuildA, msUser1, "Went back to work", "It was hard.", false, msChan); err != nil {
		t.Fatal(err)
	}
	count := func(publicOnly bool) int {
		ms, err := s.MemberMilestones(ctx, msGuildA, msUser1, publicOnly)
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	if all, public := count(false), count(true); all != 2 || public != 1 {
		t.Fatalf("all %d, public %d; want 2 and 1 (the shared one is private)", all, public)
	}
	// Choosing privacy later hides even public ones from others.
	if _, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser1, true); err != nil {
		t.Fatal(err)
	}
	if all, public := count(false), count(true); all != 2 || public != 0 {
		t.Fatalf("after choosing privacy: all %d, public %d; want 2 and 0", all, public)
	}
	if ms, err := s.MemberMilestones(ctx, msGuildB, msUser1, false); err != nil || len(ms) != 0 {
		t.Fatalf("server B sees server A's milestones: %+v, %v", ms, err)
	}
}

func TestShareMilestone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, tc := range []struct {
		name, title, note string
		public            bool
		channel           string
		wantErr           error
		wantPost          bool
	}{
		{name: "public", title: "  30 days sober ", note: "One day at a time.", public: true, channel: msChan, wantPost: true},
		{name: "private", title: "Called my therapist", public: false, channel: msChan},
		{name: "public without a channel", title: "Went for a walk", public: true},
		{name: "empty", title: "   ", public: true, channel: msChan, wantErr: data.ErrInvalid},
		{name: "too long", title: strings.Repeat("a", data.MaxMilestoneTitle+1), channel: msChan, wantErr: data.ErrInvalid},
		{name: "long note", title: "Ok", note: strings.Repeat("n", data.MaxMilestoneNote+1), channel: msChan, wantErr: data.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(celebrationDeliveries(t, s, msGuildA))
			m, err := s.ShareMilestone(ctx, msGuildA, msUser1, tc.title, tc.note, tc.public, tc.channel)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != data.MilestoneShared || m.Title != strings.TrimSpace(tc.title) || m.Public != tc.public || m.Unseen() {
				t.Errorf("shared = %+v", m)
			}
			if got := len(celebrationDeliveries(t, s, msGuildA)) - before; (got == 1) != tc.wantPost || m.Announced() != tc.wantPost {
				t.Errorf("planned %d posts, announced %v; want post %v", got, m.Announced(), tc.wantPost)
			}
		})
	}
	// The error never repeats what was typed (errors are logged).
	_, err := s.ShareMilestone(ctx, msGuildA, msUser1, strings.Repeat("secret ", 20), "", false, "")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v", err)
	}
}

func TestKudosLimitsAndRules(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	tokyo, err := time.LoadLocation("Asia/Tokyo") // 21:00 there
	if err != nil {
		t.Fatal(err)
	}
	give := func(to, reason string) error {
		_, err := s.GiveKudos(ctx, data.Kudos{GuildID: msGuildA, From: msUser1, To: to, Reason: reason}, tokyo, msChan)
		return err
	}
	if err := give(msUser1, "being me"); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("kudos to oneself: %v, want ErrInvalid", err)
	}
	if err := give(msUser2, " "); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("kudos without a reason: %v, want ErrInvalid", err)
	}
	for i := range data.KudosPerDay {
		if err := give(msUser2, "showing up"); err != nil {
			t.Fatalf("kudos %d: %v", i+1, err)
		}
	}
	if n, err := s.KudosGivenToday(ctx, msGuildA, msUser1, tokyo); err != nil || n != data.KudosPerDay {
		t.Fatalf("KudosGivenToday = %d, %v", n, err)
	}
	err = give(msUser3, "one more")
	if !errors.Is(err, data.ErrKudosLimit) || !errors.Is(err, data.ErrConflict) {
		t.Fatalf("kudos beyond the limit: %v, want ErrKudosLimit", err)
	}
	// Others still may; the limit is per giver and per server.
	if _, err := s.GiveKudos(ctx, data.Kudos{GuildID: msGuildA, From: msUser2, To: msUser1, Reason: "thanks"}, tokyo, msChan); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GiveKudos(ctx, data.Kudos{GuildID: msGuildB, From: msUser1, To: msUser2, Reason: "thanks"}, tokyo, msChan); err != nil {
		t.Fatal(err)
	}
	// Midnight in Tokyo is 15:00 UTC: a new day there.
	now = now.Add(3 * time.Hour)
	if err := give(msUser3, "a new day"); err != nil {
		t.Fatalf("kudos after midnight in the server's zone: %v", err)
	}

	// A message celebrated needs no reason; a private receiver isn't posted.
	if _, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser3, true); err != nil {
		t.Fatal(err)
	}
	m, err := s.GiveKudos(ctx, data.Kudos{GuildID: msGuildA, From: msUser2, To: msUser3, ChannelID: msChan, MessageID: "700000000000000001"}, tokyo, msChan)
	if err != nil {
		t.Fatal(err)
	}
	if m.Announced() || m.Public || m.RefMessageID != "700000000000000001" || m.AwardedBy != msUser2 || !m.Unseen() {
		t.Errorf("kudos to a private member = %+v", m)
	}
}

func TestAwardMilestone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.AwardMilestone(ctx, msGuildA, msMod, msMod, "Best mod", msChan); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("award to oneself: %v, want ErrInvalid", err)
	}
	m, err := s.AwardMilestone(ctx, msGuildA, msMod, msUser1, "Six months of hosting", msChan)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != data.MilestoneAward || !m.Announced() || !m.Public || m.AwardedBy != msMod {
		t.Errorf("award = %+v", m)
	}
	// Awards and kudos are not automatic: the same one twice is fine.
	if _, err := s.AwardMilestone(ctx, msGuildA, msMod, msUser1, "Six months of hosting", msChan); err != nil {
		t.Errorf("second award: %v", err)
	}
}

func TestEncourageOncePerMember(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, msChan)
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	id := got[0].ID
	if _, _, err := s.Encourage(ctx, msGuildA, id, "", msUser2); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("encouragement before the post is sent: %v, want not found", err)
	}
	const post = "900000000000000001"
	postCelebration(t, s, msGuildA, id, post)
	for _, tc := range []struct {
		name, guild, message, user string
		wantAdded                  bool
		wantCount                  int
		wantErr                    error
	}{
		{"first", msGuildA, post, msUser2, true, 1, nil},
		{"again", msGuildA, post, msUser2, false, 1, nil},
		{"on another message", msGuildA, "900000000000000002", msUser3, false, 0, data.ErrNotFound},
		{"another member", msGuildA, post, msUser3, true, 2, nil},
		{"their own", msGuildA, post, msUser1, false, 2, nil},
		{"from another server", msGuildB, post, msUser2, false, 0, data.ErrNotFound},
	} {
		added, m, err := s.Encourage(ctx, tc.guild, id, tc.message, tc.user)
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("%s: err %v, want %v", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || added != tc.wantAdded || m.Encouragements != tc.wantCount {
			t.Errorf("%s: added %v, count %d, err %v; want %v, %d", tc.name, added, m.Encouragements, err, tc.wantAdded, tc.wantCount)
		}
	}
	m, err := s.Milestone(ctx, msGuildA, id)
	if err != nil || m.Encouragements != 2 {
		t.Fatalf("stored count %d, %v; want 2", m.Encouragements, err)
	}
}

func TestNoteMemberJoined(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mm, err := s.MilestoneMember(ctx, msGuildA, msUser1)
	if err != nil || !mm.JoinedAt.IsZero() || mm.Private {
		t.Fatalf("unknown member: %+v, %v", mm, err)
	}
	joined := time.Date(2025, 5, 26, 9, 30, 0, 0, time.UTC)
	for range 2 {
		if err := s.NoteMemberJoined(ctx, msGuildA, msUser1, joined); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser1, true); err != nil {
		t.Fatal(err)
	}
	mm, err = s.MilestoneMember(ctx, msGuildA, msUser1)
	if err != nil || !mm.JoinedAt.Equal(joined) || !mm.Private {
		t.Fatalf("member = %+v, %v; want joined %v and private", mm, err, joined)
	}
	// Rejoining gives a new date and keeps the preference.
	rejoined := joined.AddDate(1, 0, 0)
	if err := s.NoteMemberJoined(ctx, msGuildA, msUser1, rejoined); err != nil {
		t.Fatal(err)
	}
	if mm, err = s.MilestoneMember(ctx, msGuildA, msUser1); err != nil || !mm.JoinedAt.Equal(rejoined) || !mm.Private {
		t.Fatalf("after rejoining: %+v, %v", mm, err)
	}
	if mm, err = s.MilestoneMember(ctx, msGuildB, msUser1); err != nil || !mm.JoinedAt.IsZero() {
		t.Fatalf("server B knows server A's join date: %+v, %v", mm, err)
	}
}

func TestCelebrationPostIsKeptOnTheMilestone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, msChan)
	if err != nil {
		t.Fatal(err)
	}
	ds := celebrationDeliveries(t, s, msGuildA)
	if ok, err := s.ClaimDelivery(ctx, ds[0], now); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if m, err := s.Milestone(ctx, msGuildA, got[0].ID); err != nil || m.PostMessageID != "" {
		t.Fatalf("milestone's post before it was sent: %+v, %v", m, err)
	}
	if err := s.CompleteDelivery(ctx, ds[0], "800000000000000001", now); err != nil {
		t.Fatal(err)
	}
	// The delivery's record is pruned after 30 days; the post is still known.
	if n, err := s.PruneDeliveries(ctx, now.Add(365*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("pruned %d deliveries, %v; want the celebration's", n, err)
	}
	ms, err := s.MemberMilestones(ctx, msGuildA, msUser1, false)
	if err != nil || len(ms) != 1 || ms[0].PostChannelID != msChan || ms[0].PostMessageID != "800000000000000001" {
		t.Fatalf("milestones after pruning the delivery: %+v, %v; want the post kept", ms, err)
	}
}

func TestRecordMilestonesRacingRecordsOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	reached := []data.ReachedMilestone{{Kind: data.MilestoneMeetings, Threshold: 5, Announce: true}}
	const n = 8
	results := make(chan int, n)
	errs := make(chan error, n)
	for range n {
		go func() {
			got, err := s.RecordMilestones(ctx, msGuildA, msUser1, reached, msChan)
			results <- len(got)
			errs <- err
		}()
	}
	total := 0
	for range n {
		total += <-results
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if total != 1 || len(celebrationDeliveries(t, s, msGuildA)) != 1 {
		t.Fatalf("%d racing calls recorded %d and planned %d posts; want 1 and 1", n, total, len(celebrationDeliveries(t, s, msGuildA)))
	}
}

// postCelebration sends milestone id's planned celebration as message postID.
func postCelebration(t *testing.T, s *data.Store, guildID string, id int64, postID string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.DeliveryByKey(ctx, guildID, "milestone:"+strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatalf("celebration delivery of milestone %d: %v", id, err)
	}
	if ok, err := s.ClaimDelivery(ctx, d, s.Now()); err != nil || !ok {
		t.Fatalf("claim celebration: %v, %v", ok, err)
	}
	if err := s.CompleteDelivery(ctx, d, postID, s.Now()); err != nil {
		t.Fatalf("complete celebration: %v", err)
	}
}

func TestEncourageNeedsAVisiblePost(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, msChan)
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	const post = "900000000000000001"
	postCelebration(t, s, msGuildA, got[0].ID, post)
	if _, err := s.SetMilestonesPrivate(ctx, msGuildA, msUser1, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Encourage(ctx, msGuildA, got[0].ID, post, msUser2); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("encouraging a private member's milestone: %v, want not found", err)
	}
}

func TestCelebrateLaterOnlyTheMembersOwnUnannouncedMilestone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	got, err := s.RecordMilestones(ctx, msGuildA, msUser1, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, "")
	if err != nil || len(got) != 1 || got[0].Announced() {
		t.Fatal(got, err)
	}
	id := got[0].ID
	for _, tc := range []struct {
		name, guild, user, channel string
		want                       error
	}{
		{"another member's", msGuildA, msUser2, msChan, data.ErrNotFound},
		{"from another server", msGuildB, msUser1, msChan, data.ErrNotFound},
		{"no channel", msGuildA, msUser1, "", data.ErrConflict},
		{"their own", msGuildA, msUser1, msChan, nil},
		{"again", msGuildA, msUser1, msChan, data.ErrConflict},
	} {
		_, err := s.CelebrateLater(ctx, tc.guild, tc.user, id, tc.channel)
		if (tc.want == nil && err != nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := s.DeliveryByKey(ctx, msGuildA, "milestone:"+strconv.FormatInt(id, 10)); err != nil {
		t.Fatalf("no celebration planned: %v", err)
	}
}
