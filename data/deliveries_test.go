package data_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	dlvGuildA = "100000000000000001"
	dlvGuildB = "100000000000000002"
	dlvUser   = "200000000000000001"
)

// dlvT0 is the clock of mustOpen.
var dlvT0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// dlv builds a delivery due at dlvT0+due that expires ttl after.
func dlv(guild, key string, due, ttl time.Duration) data.Delivery {
	return data.Delivery{
		GuildID: guild, Kind: data.DeliveryMeetingReminder, Source: "test", Ref: "1", Key: key,
		DueAt: dlvT0.Add(due), ExpiresAt: dlvT0.Add(due + ttl),
	}
}

// mustEnqueue enqueues d and returns it as stored.
func mustEnqueue(t *testing.T, s *data.Store, d data.Delivery) data.Delivery {
	t.Helper()
	ctx := context.Background()
	if added, err := s.EnqueueDelivery(ctx, d); err != nil || !added {
		t.Fatalf("EnqueueDelivery(%s) = %v, %v; want true, nil", d.Key, added, err)
	}
	got, err := s.DeliveryByKey(ctx, d.GuildID, d.Key)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func mustClaim(t *testing.T, s *data.Store, d data.Delivery, now time.Time) {
	t.Helper()
	ok, err := s.ClaimDelivery(context.Background(), d, now)
	if err != nil || !ok {
		t.Fatalf("ClaimDelivery(%s) = %v, %v; want true, nil", d.Key, ok, err)
	}
}

func statusOf(t *testing.T, s *data.Store, d data.Delivery) data.DeliveryStatus {
	t.Helper()
	got, err := s.Delivery(context.Background(), d.GuildID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Status
}

func keys(ds []data.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Key)
	}
	return out
}

func sameKeys(got []data.Delivery, want ...string) bool {
	k := keys(got)
	if len(k) != len(want) {
		return false
	}
	for i := range k {
		if k[i] != want[i] {
			return false
		}
	}
	return true
}

func TestEnqueueDeliveryIsIdempotentPerServer(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	d := dlv(dlvGuildA, "k1", 0, time.Hour)
	mustEnqueue(t, s, d)
	d.DueAt = d.DueAt.Add(time.Minute) // a replan with a different time changes nothing
	if added, err := s.EnqueueDelivery(ctx, d); err != nil || added {
		t.Fatalf("second EnqueueDelivery = %v, %v; want false, nil", added, err)
	}
	got, err := s.DeliveryByKey(ctx, dlvGuildA, "k1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.DueAt.Equal(dlvT0) || got.Status != data.DeliveryPending || got.Attempts != 0 {
		t.Fatalf("stored %+v; want due %v, pending, 0 attempts", got, dlvT0)
	}
	mustEnqueue(t, s, dlv(dlvGuildB, "k1", 0, time.Hour)) // same key, other server
}

func TestEnqueueDeliveryRejectsBadDeliveries(t *testing.T) {
	s := mustOpen(t)
	ok := dlv(dlvGuildA, "k", 0, time.Hour)
	for name, mutate := range map[string]func(*data.Delivery){
		"no guild":        func(d *data.Delivery) { d.GuildID = "" },
		"no key":          func(d *data.Delivery) { d.Key = "" },
		"no kind":         func(d *data.Delivery) { d.Kind = "" },
		"no due time":     func(d *data.Delivery) { d.DueAt = time.Time{} },
		"expires earlier": func(d *data.Delivery) { d.ExpiresAt = d.DueAt.Add(-time.Second) },
	} {
		t.Run(name, func(t *testing.T) {
			d := ok
			mutate(&d)
			if _, err := s.EnqueueDelivery(context.Background(), d); !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("err=%v, want ErrInvalid", err)
			}
		})
	}
}

// TestDueDeliveriesUrgentThenEarliestExpiry: of the deliveries due, a
// "starting now" post comes first, then the rest by expiry (earliest
// deadline first), so nothing that matters now waits behind what can.
func TestDueDeliveriesUrgentThenEarliestExpiry(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	mustEnqueue(t, s, dlv(dlvGuildA, "later", 2*time.Minute, time.Hour))
	mustEnqueue(t, s, dlv(dlvGuildB, "oldest", -time.Hour, 2*time.Hour))
	mustEnqueue(t, s, dlv(dlvGuildA, "middle", -time.Minute, time.Hour))
	mustEnqueue(t, s, dlv(dlvGuildA, "future", time.Hour, time.Hour))
	start := dlv(dlvGuildA, "start", 0, 3*time.Hour)
	start.Kind = data.DeliveryMeetingStart
	mustEnqueue(t, s, start)

	tests := []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{dlvT0, 10, []string{"start", "middle", "oldest"}},
		{dlvT0.Add(2 * time.Minute), 10, []string{"start", "middle", "oldest", "later"}},
		{dlvT0.Add(2 * time.Minute), 2, []string{"start", "middle"}},
		{dlvT0.Add(-2 * time.Hour), 10, nil},
	}
	for _, tt := range tests {
		got, err := s.DueDeliveries(ctx, tt.now, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !sameKeys(got, tt.want...) {
			t.Errorf("DueDeliveries(%v, %d) = %v, want %v", tt.now, tt.limit, keys(got), tt.want)
		}
	}
}

func TestClaimIsExclusiveAcrossStores(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kindred.db")
	s1, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	mustEnqueue(t, s1, dlv(dlvGuildA, "k", 0, time.Hour))
	d, err := s2.DeliveryByKey(ctx, dlvGuildA, "k")
	if err != nil {
		t.Fatal(err)
	}
	mustClaim(t, s1, d, dlvT0)
	if ok, err := s2.ClaimDelivery(ctx, d, dlvT0); err != nil || ok {
		t.Fatalf("second claim = %v, %v; want false, nil", ok, err)
	}
	if due, err := s2.DueDeliveries(ctx, dlvT0, 10); err != nil || len(due) != 0 {
		t.Fatalf("DueDeliveries after claim = %v, %v; want none", keys(due), err)
	}
	// A claim needs the delivery's own server.
	other := d
	other.GuildID = dlvGuildB
	if err := s1.CompleteDelivery(ctx, other, "m1", dlvT0); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("CompleteDelivery in another server: err=%v, want ErrConflict", err)
	}
}

func TestDeliveryTransitions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		finish func(s *data.Store, d data.Delivery) error
		want   data.DeliveryStatus
	}{
		{"complete", func(s *data.Store, d data.Delivery) error { return s.CompleteDelivery(ctx, d, "msg1", dlvT0) }, data.DeliverySent},
		{"fail", func(s *data.Store, d data.Delivery) error { return s.FailDelivery(ctx, d, "unknown channel") }, data.DeliveryFailed},
		{"skip", func(s *data.Store, d data.Delivery) error { return s.SkipDelivery(ctx, d, "paused") }, data.DeliverySkipped},
		{"retry", func(s *data.Store, d data.Delivery) error {
			return s.RetryDelivery(ctx, d, dlvT0.Add(time.Minute), "503")
		}, data.DeliveryPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			d := mustEnqueue(t, s, dlv(dlvGuildA, "k", 0, time.Hour))
			if err := tt.finish(s, d); !errors.Is(err, data.ErrConflict) {
				t.Fatalf("%s before claim: err=%v, want ErrConflict", tt.name, err)
			}
			mustClaim(t, s, d, dlvT0)
			if err := tt.finish(s, d); err != nil {
				t.Fatal(err)
			}
			got, err := s.Delivery(ctx, dlvGuildA, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.want || got.Attempts != 1 {
				t.Fatalf("status=%s attempts=%d, want %s, 1", got.Status, got.Attempts, tt.want)
			}
			if err := tt.finish(s, d); !errors.Is(err, data.ErrConflict) {
				t.Fatalf("%s twice: err=%v, want ErrConflict", tt.name, err)
			}
		})
	}
}

func TestRetryWaitsForNextAttempt(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	d := mustEnqueue(t, s, dlv(dlvGuildA, "k", 0, time.Hour))
	mustClaim(t, s, d, dlvT0)
	if err := s.RetryDelivery(ctx, d, dlvT0.Add(time.Minute), "HTTP 503"); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueDeliveries(ctx, dlvT0.Add(59*time.Second), 10); len(due) != 0 {
		t.Fatalf("due before the next attempt: %v", keys(due))
	}
	if ok, _ := s.ClaimDelivery(ctx, d, dlvT0.Add(59*time.Second)); ok {
		t.Fatal("claimed before the next attempt")
	}
	due, err := s.DueDeliveries(ctx, dlvT0.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].LastError != "HTTP 503" {
		t.Fatalf("due at next attempt = %+v, %v", due, err)
	}
	mustClaim(t, s, d, dlvT0.Add(time.Minute))
	if got, _ := s.Delivery(ctx, dlvGuildA, d.ID); got.Attempts != 2 {
		t.Fatalf("attempts=%d, want 2", got.Attempts)
	}
}

func TestSkipExpired(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	expired := mustEnqueue(t, s, dlv(dlvGuildA, "expired", -2*time.Hour, time.Hour))
	atExpiry := mustEnqueue(t, s, dlv(dlvGuildA, "at-expiry", -time.Hour, time.Hour))
	live := mustEnqueue(t, s, dlv(dlvGuildA, "live", -time.Hour, 2*time.Hour))
	claimed := mustEnqueue(t, s, dlv(dlvGuildB, "claimed", -3*time.Hour, time.Hour))
	mustClaim(t, s, claimed, dlvT0)

	got, err := s.SkipExpired(ctx, dlvT0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("skipped %v, want expired and at-expiry", keys(got))
	}
	for d, want := range map[data.Delivery]data.DeliveryStatus{
		expired: data.DeliverySkipped, atExpiry: data.DeliverySkipped, live: data.DeliveryPending, claimed: data.DeliveryClaimed,
	} {
		if got := statusOf(t, s, d); got != want {
			t.Errorf("%s: status=%s, want %s", d.Key, got, want)
		}
	}
}

func TestSkipSupersededKeepsOnlyLatestDue(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	grouped := func(key, group string, due time.Duration) data.Delivery {
		d := dlv(dlvGuildA, key, due, 48*time.Hour)
		d.Group = group
		return d
	}
	day := mustEnqueue(t, s, grouped("24h", "occ1", -24*time.Hour))
	quarter := mustEnqueue(t, s, grouped("15m", "occ1", -15*time.Minute))
	start := mustEnqueue(t, s, grouped("start", "occ1", time.Minute)) // not due yet
	alone := mustEnqueue(t, s, grouped("other", "occ2", -time.Hour))
	ungrouped := mustEnqueue(t, s, dlv(dlvGuildA, "ungrouped", -time.Hour, 48*time.Hour))
	otherGuild := func() data.Delivery { d := grouped("b", "occ1", -30*time.Hour); d.GuildID = dlvGuildB; return d }()
	otherGuild = mustEnqueue(t, s, otherGuild)

	got, err := s.SkipSuperseded(ctx, dlvT0)
	if err != nil {
		t.Fatal(err)
	}
	if !sameKeys(got, "24h") {
		t.Fatalf("skipped %v, want [24h]", keys(got))
	}
	for d, want := range map[data.Delivery]data.DeliveryStatus{
		day: data.DeliverySkipped, quarter: data.DeliveryPending, start: data.DeliveryPending,
		alone: data.DeliveryPending, ungrouped: data.DeliveryPending, otherGuild: data.DeliveryPending,
	} {
		if got := statusOf(t, s, d); got != want {
			t.Errorf("%s: status=%s, want %s", d.Key, got, want)
		}
	}
	// Once the start post is due, the 15-minute reminder is superseded too,
	// even after the start post was sent.
	mustClaim(t, s, start, dlvT0.Add(time.Minute))
	if err := s.CompleteDelivery(ctx, start, "m", dlvT0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err = s.SkipSuperseded(ctx, dlvT0.Add(time.Minute))
	if err != nil || !sameKeys(got, "15m") {
		t.Fatalf("skipped %v, %v; want [15m]", keys(got), err)
	}
}

func TestReleaseStaleClaimsReturnsThemToPendingWithTheirFirstClaim(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	old := mustEnqueue(t, s, dlv(dlvGuildA, "old", -time.Hour, 2*time.Hour))
	recent := mustEnqueue(t, s, dlv(dlvGuildA, "recent", -time.Hour, 2*time.Hour))
	firstClaim := dlvT0.Add(-20 * time.Minute)
	mustClaim(t, s, old, firstClaim)
	mustClaim(t, s, recent, dlvT0)
	got, err := s.ReleaseStaleClaims(ctx, dlvT0.Add(-time.Minute), dlvT0)
	if err != nil || !sameKeys(got, "old") {
		t.Fatalf("ReleaseStaleClaims = %v, %v; want [old]", keys(got), err)
	}
	if got := statusOf(t, s, recent); got != data.DeliveryClaimed {
		t.Fatalf("recent: %s, want claimed", got)
	}
	d, err := s.Delivery(ctx, dlvGuildA, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != data.DeliveryPending || d.Attempts != 0 || !d.NextAttemptAt.Equal(dlvT0) {
		t.Fatalf("old after release: %s, %d attempts, next %v; want pending, 0, %v", d.Status, d.Attempts, d.NextAttemptAt, dlvT0)
	}
	// Claimed again, it keeps the time of its first claim: the post is
	// looked for from there.
	mustClaim(t, s, d, dlvT0)
	d, err = s.Delivery(ctx, dlvGuildA, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.FirstClaimedAt.Equal(firstClaim) || !d.ClaimedAt.Equal(dlvT0) {
		t.Fatalf("claims: first %v, last %v; want %v, %v", d.FirstClaimedAt, d.ClaimedAt, firstClaim, dlvT0)
	}
	wake, ok, err := s.NextDeliveryWake(ctx, 20*time.Second)
	if err != nil || !ok || !wake.Equal(dlvT0.Add(20*time.Second)) {
		t.Fatalf("NextDeliveryWake = %v, %v, %v; want %v", wake, ok, err, dlvT0.Add(20*time.Second))
	}
}

func TestWithdrawDeliveriesOnlyPendingAndOnlyOwnServer(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	sent := mustEnqueue(t, s, dlv(dlvGuildA, "sent", -time.Hour, 2*time.Hour))
	mustClaim(t, s, sent, dlvT0)
	if err := s.CompleteDelivery(ctx, sent, "m", dlvT0); err != nil {
		t.Fatal(err)
	}
	pending := mustEnqueue(t, s, dlv(dlvGuildA, "pending", time.Hour, time.Hour))
	otherRef := dlv(dlvGuildA, "other-ref", time.Hour, time.Hour)
	otherRef.Ref = "2"
	otherRef = mustEnqueue(t, s, otherRef)
	otherGuild := mustEnqueue(t, s, dlv(dlvGuildB, "pending", time.Hour, time.Hour))

	n, err := s.WithdrawDeliveries(ctx, dlvGuildA, "test", "1")
	if err != nil || n != 1 {
		t.Fatalf("WithdrawDeliveries = %d, %v; want 1", n, err)
	}
	if _, err := s.Delivery(ctx, dlvGuildA, pending.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("withdrawn delivery still there: %v", err)
	}
	for _, d := range []data.Delivery{sent, otherRef, otherGuild} {
		if _, err := s.Delivery(ctx, d.GuildID, d.ID); err != nil {
			t.Errorf("%s/%s: %v", d.GuildID, d.Key, err)
		}
	}
	// Withdrawn keys can be planned again; sent ones cannot.
	mustEnqueue(t, s, dlv(dlvGuildA, "pending", time.Hour, time.Hour))
	if added, _ := s.EnqueueDelivery(ctx, dlv(dlvGuildA, "sent", time.Hour, time.Hour)); added {
		t.Fatal("a sent delivery was planned again")
	}
	if ok, err := s.WithdrawDelivery(ctx, dlvGuildA, "sent"); err != nil || ok {
		t.Fatalf("WithdrawDelivery(sent) = %v, %v; want false", ok, err)
	}
}

func TestPruneDeliveries(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	old := mustEnqueue(t, s, dlv(dlvGuildA, "old", -40*24*time.Hour, time.Hour))
	mustClaim(t, s, old, dlvT0)
	if err := s.CompleteDelivery(ctx, old, "m", dlvT0); err != nil {
		t.Fatal(err)
	}
	pendingOld := mustEnqueue(t, s, dlv(dlvGuildA, "pending-old", -40*24*time.Hour, 50*24*time.Hour))
	n, err := s.PruneDeliveries(ctx, dlvT0.Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PruneDeliveries = %d, %v; want 1", n, err)
	}
	if _, err := s.Delivery(ctx, dlvGuildA, pendingOld.ID); err != nil {
		t.Fatalf("pending delivery pruned: %v", err)
	}
}

func TestDMFailures(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	if _, err := s.LastDMFailure(ctx, dlvGuildA, dlvUser); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("no failure yet: err=%v, want ErrNotFound", err)
	}
	f := data.DMFailure{GuildID: dlvGuildA, UserID: dlvUser, Kind: data.DeliveryMeetingDM, Reason: "DMs closed", At: dlvT0}
	if err := s.RecordDMFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := s.LastDMFailure(ctx, dlvGuildA, dlvUser)
	if err != nil || got != f {
		t.Fatalf("LastDMFailure = %+v, %v; want %+v", got, err, f)
	}
	if _, err := s.LastDMFailure(ctx, dlvGuildB, dlvUser); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("failure visible in another server: %v", err)
	}
	if err := s.ClearDMFailure(ctx, dlvGuildA, dlvUser); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastDMFailure(ctx, dlvGuildA, dlvUser); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("after clear: err=%v, want ErrNotFound", err)
	}
}

func TestDeliveryErrorClassifies(t *testing.T) {
	cause := errors.New("HTTP 404 Not Found")
	err := error(&data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the channel was deleted", Err: cause})
	if !errors.Is(err, data.ErrDeliveryUnreachable) || !errors.Is(err, cause) || errors.Is(err, data.ErrDeliveryPermanent) {
		t.Fatalf("errors.Is does not see the kind and cause of %v", err)
	}
	var de *data.DeliveryError
	if !errors.As(err, &de) || de.Reason != "the channel was deleted" {
		t.Fatalf("errors.As = %v", de)
	}
}

// TestDueDeliveriesOnShards: with several processes on one database each
// loads only its shards' deliveries (a server's shard is
// (guild_id >> 22) % count), and direct messages and moderator alerts
// belong to shard 0.
func TestDueDeliveriesOnShards(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	guildOn := func(shard int64) string { return strconv.FormatInt(((1<<40)+shard)<<22, 10) }
	for shard := range int64(4) {
		mustEnqueue(t, s, dlv(guildOn(shard), "post-"+strconv.FormatInt(shard, 10), -time.Minute, time.Hour))
	}
	dm := dlv(guildOn(3), "dm", -time.Minute, time.Hour)
	dm.UserID = "123456789012345678"
	mustEnqueue(t, s, dm)
	alert := dlv(guildOn(2), "alert", -time.Minute, time.Hour)
	alert.Kind = data.DeliveryMeetingAlert
	mustEnqueue(t, s, alert)

	tests := []struct {
		shards data.Shards
		want   []string
	}{
		{data.Shards{}, []string{"alert", "post-0", "post-1", "post-2", "post-3", "dm"}},
		{data.Shards{Count: 4, IDs: []int{0, 1, 2, 3}}, []string{"alert", "post-0", "post-1", "post-2", "post-3", "dm"}},
		{data.Shards{Count: 4, IDs: []int{0}}, []string{"alert", "post-0", "dm"}},
		{data.Shards{Count: 4, IDs: []int{1, 3}}, []string{"post-1", "post-3"}},
	}
	for _, tt := range tests {
		got, err := s.DueDeliveriesOn(ctx, dlvT0, 10, tt.shards)
		if err != nil {
			t.Fatal(err)
		}
		if !sameKeys(got, tt.want...) {
			t.Errorf("DueDeliveriesOn(%+v) = %v, want %v", tt.shards, keys(got), tt.want)
		}
	}
}
