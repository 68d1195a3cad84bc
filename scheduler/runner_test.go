package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

const (
	guildA = "100000000000000001"
	guildB = "100000000000000002"
	modID  = "200000000000000009"
	chanID = "300000000000000001"
	userID = "200000000000000001"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// sentRecord is one delivery the fake notifier sent.
type sentRecord struct {
	Kind string
	Key  string
	At   time.Time
}

// fakeNotifier records deliveries; fail, if set, decides whether the
// attempt-th call for a delivery fails.
type fakeNotifier struct {
	mu    sync.Mutex
	clock *fakeClock
	sent  []sentRecord
	calls map[string]int
	fail  func(d data.Delivery, attempt int) error
	out   chan data.Delivery // if set, receives each sent delivery

	unseen map[string]string // posted by a process that was killed; see posted
	looks  int
}

func newNotifier(c *fakeClock) *fakeNotifier {
	return &fakeNotifier{clock: c, calls: map[string]int{}}
}

func (n *fakeNotifier) Deliver(ctx context.Context, d data.Delivery) (string, error) {
	n.mu.Lock()
	n.calls[d.Key]++
	attempt := n.calls[d.Key]
	if n.fail != nil {
		if err := n.fail(d, attempt); err != nil {
			n.mu.Unlock()
			return "", err
		}
	}
	n.sent = append(n.sent, sentRecord{Kind: d.Kind, Key: d.Key, At: n.clock.Now()})
	id := fmt.Sprintf("9%017d", len(n.sent))
	n.mu.Unlock()
	if n.out != nil {
		n.out <- d
	}
	return id, nil
}

// FindDelivered finds what an interrupted process posted (see posted),
// as the bot finds its marked post in the channel.
func (n *fakeNotifier) FindDelivered(ctx context.Context, d data.Delivery) (string, bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.looks++
	id, ok := n.unseen[d.Key]
	return id, ok, nil
}

// posted records that a process posted d and was killed before it could
// record so.
func (n *fakeNotifier) posted(d data.Delivery) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.unseen == nil {
		n.unseen = map[string]string{}
	}
	n.unseen[d.Key] = "8000000000000000001"
}

func (n *fakeNotifier) Sent() []sentRecord {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]sentRecord(nil), n.sent...)
}

func (n *fakeNotifier) Calls(key string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.calls[key]
}

// sentOfKind returns when deliveries of kind were sent, in order.
func sentOfKind(recs []sentRecord, kind string) []time.Time {
	var out []time.Time
	for _, r := range recs {
		if r.Kind == kind {
			out = append(out, r.At)
		}
	}
	return out
}

func assertNoDuplicates(t *testing.T, recs []sentRecord) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Key] {
			t.Errorf("%s sent twice", r.Key)
		}
		seen[r.Key] = true
	}
}

// openStore opens a store at path with the clock c.
func openStore(t testing.TB, path string, c *fakeClock) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = c.Now
	t.Cleanup(func() { s.Close() })
	return s
}

type env struct {
	clock    *fakeClock
	path     string
	store    *data.Store
	notifier *fakeNotifier
	runner   *scheduler.Runner
	logs     *syncBuffer
	meetings int
}

// syncBuffer is a bytes.Buffer safe for the runner's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func newEnv(t testing.TB, start time.Time) *env {
	t.Helper()
	e := &env{clock: &fakeClock{t: start}, path: filepath.Join(t.TempDir(), "kindred.db"), logs: &syncBuffer{}}
	e.store = openStore(t, e.path, e.clock)
	e.notifier = newNotifier(e.clock)
	e.runner = e.newRunner(e.store)
	return e
}

func (e *env) newRunner(s *data.Store) *scheduler.Runner {
	return &scheduler.Runner{
		Store: s, Notifier: e.notifier, Now: e.clock.Now,
		Log: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// meeting creates and confirms a meeting at the clock's time.
func (e *env) meeting(t testing.TB, guild, schedule, zone string, reminders ...time.Duration) data.Meeting {
	t.Helper()
	ctx := context.Background()
	sched, err := scheduler.Parse(schedule)
	if err != nil {
		t.Fatal(err)
	}
	e.meetings++
	d, err := e.store.CreateMeetingDraft(ctx, data.Meeting{
		GuildID: guild, Title: fmt.Sprintf("Group %d", e.meetings), Schedule: sched.String(), Zone: zone, Duration: time.Hour,
		ChannelID: chanID, Reminders: reminders, CreatedBy: modID,
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.store.ConfirmMeetingDraft(ctx, guild, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tickAt moves the clock to at and ticks.
func (e *env) tickAt(t testing.TB, r *scheduler.Runner, at time.Time) {
	t.Helper()
	e.clock.Set(at)
	if err := r.Tick(context.Background()); err != nil {
		t.Fatalf("Tick at %v: %v", at, err)
	}
}

// run ticks from from to to (inclusive) every step.
func (e *env) run(t testing.TB, from, to time.Time, step time.Duration) {
	t.Helper()
	for at := from; !at.After(to); at = at.Add(step) {
		e.tickAt(t, e.runner, at)
	}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestRunnerSendsEachReminderAndStartOnce(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z")) // a Monday
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
	e.run(t, utc("2026-11-30T18:00:00Z"), utc("2026-12-01T20:00:00Z"), 5*time.Minute)

	sent := e.notifier.Sent()
	assertNoDuplicates(t, sent)
	if got, want := sentOfKind(sent, data.DeliveryMeetingReminder), []time.Time{utc("2026-11-30T19:00:00Z"), utc("2026-12-01T18:45:00Z")}; !slices.Equal(got, want) {
		t.Errorf("reminders sent at %v, want %v", got, want)
	}
	if got, want := sentOfKind(sent, data.DeliveryMeetingStart), []time.Time{utc("2026-12-01T19:00:00Z")}; !slices.Equal(got, want) {
		t.Errorf("starting-now posts sent at %v, want %v", got, want)
	}
	if len(sent) != 3 {
		t.Errorf("sent %v, want 3 deliveries", sent)
	}
}

// TestRunnerAcrossDST checks that the instants the runner posts at follow
// the DST rule in scheduler/doc.go: a time skipped by spring-forward
// happens at the jump, a repeated time happens once, at its first instant.
func TestRunnerAcrossDST(t *testing.T) {
	tests := []struct {
		name       string
		zone       string
		schedule   string
		from, to   string
		wantStarts []string
	}{
		{"New York spring forward, 02:30 happens at 03:00 EDT", "America/New_York", "every Sunday at 02:30",
			"2026-03-07T12:00:00Z", "2026-03-15T12:00:00Z", []string{"2026-03-08T07:00:00Z", "2026-03-15T06:30:00Z"}},
		{"New York fall back, 01:30 happens once, in EDT", "America/New_York", "every day at 01:30",
			"2026-10-31T12:00:00Z", "2026-11-01T12:00:00Z", []string{"2026-11-01T05:30:00Z"}},
		{"London spring forward, 01:30 happens at 02:00 BST", "Europe/London", "every day at 01:30",
			"2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", []string{"2026-03-29T01:00:00Z"}},
		{"London fall back, 01:30 happens once, in BST", "Europe/London", "every day at 01:30",
			"2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", []string{"2026-10-25T00:30:00Z"}},
		{"Sydney fall back, 02:30 happens once, in AEDT", "Australia/Sydney", "every day at 02:30",
			"2026-04-04T00:00:00Z", "2026-04-04T23:00:00Z", []string{"2026-04-04T15:30:00Z"}},
		{"Sydney spring forward, 02:30 happens at 03:00 AEDT", "Australia/Sydney", "every day at 02:30",
			"2026-10-03T00:00:00Z", "2026-10-04T10:00:00Z", []string{"2026-10-03T16:00:00Z"}},
	}
	for _, tt := range tests {
		for _, zoneOn := range []string{"server", "meeting"} {
			t.Run(tt.name+"/zone on "+zoneOn, func(t *testing.T) {
				e := newEnv(t, utc(tt.from))
				meetingZone := tt.zone
				if zoneOn == "server" {
					meetingZone = ""
					if _, err := e.store.SetSetting(context.Background(), guildA, modID, data.SettingTimeZone, tt.zone); err != nil {
						t.Fatal(err)
					}
				}
				e.meeting(t, guildA, tt.schedule, meetingZone, 15*time.Minute)
				e.run(t, utc(tt.from), utc(tt.to), 15*time.Minute)
				sent := e.notifier.Sent()
				assertNoDuplicates(t, sent)
				var want, wantReminders []time.Time
				for _, s := range tt.wantStarts {
					want = append(want, utc(s))
					wantReminders = append(wantReminders, utc(s).Add(-15*time.Minute))
				}
				if got := sentOfKind(sent, data.DeliveryMeetingStart); !slices.Equal(got, want) {
					t.Errorf("starting-now posts at %v, want %v", got, want)
				}
				if got := sentOfKind(sent, data.DeliveryMeetingReminder); !slices.Equal(got, wantReminders) {
					t.Errorf("reminders at %v, want %v", got, wantReminders)
				}
			})
		}
	}
}

func TestRestartNeverSendsTwice(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z"))
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
	// First process: up until after the 24-hour reminder.
	e.run(t, utc("2026-11-30T18:00:00Z"), utc("2026-11-30T19:30:00Z"), 5*time.Minute)
	if n := len(e.notifier.Sent()); n != 1 {
		t.Fatalf("before restart: sent %d, want 1", n)
	}
	e.store.Close()

	// Second process on the same database, from a few minutes earlier
	// (clocks differ), through the meeting.
	s2 := openStore(t, e.path, e.clock)
	r2 := e.newRunner(s2)
	for at := utc("2026-11-30T19:20:00Z"); !at.After(utc("2026-12-01T19:30:00Z")); at = at.Add(5 * time.Minute) {
		e.tickAt(t, r2, at)
	}
	sent := e.notifier.Sent()
	assertNoDuplicates(t, sent)
	if len(sent) != 3 {
		t.Fatalf("sent %v, want the two reminders and the starting-now post once each", sent)
	}
}

func TestConcurrentRunnersSendOnce(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z"))
	for range 20 {
		e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
	}
	s2 := openStore(t, e.path, e.clock)
	runners := []*scheduler.Runner{e.runner, e.newRunner(s2)}
	for at := utc("2026-11-30T18:00:00Z"); !at.After(utc("2026-12-01T20:00:00Z")); at = at.Add(5 * time.Minute) {
		e.clock.Set(at)
		var wg sync.WaitGroup
		errs := make([]error, len(runners))
		for i, r := range runners {
			wg.Go(func() { errs[i] = r.Tick(context.Background()) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	}
	sent := e.notifier.Sent()
	assertNoDuplicates(t, sent)
	if got := len(sentOfKind(sent, data.DeliveryMeetingStart)); got != 20 {
		t.Errorf("starting-now posts: %d, want 20", got)
	}
	if got := len(sentOfKind(sent, data.DeliveryMeetingReminder)); got != 40 {
		t.Errorf("reminders: %d, want 40", got)
	}
}

// TestCrashAfterClaimIsSentExactlyOnce: a process claims a delivery and
// is killed, before or after Discord stored its post. Once the claim's
// lease has passed, the next runner looks for the post: found, it is
// recorded and not sent again; not found, it is sent.
func TestCrashAfterClaimIsSentExactlyOnce(t *testing.T) {
	for _, wentOut := range []bool{true, false} {
		t.Run(fmt.Sprintf("went out %v", wentOut), func(t *testing.T) {
			e := newEnv(t, utc("2026-12-01T18:00:00Z"))
			m := e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
			ctx := context.Background()
			if err := e.runner.Plan(ctx, e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			ds, err := e.store.Deliveries(ctx, guildA, data.MeetingSource(m.ID))
			if err != nil || len(ds) != 2 {
				t.Fatalf("planned %v, %v; want 2", ds, err)
			}
			if ok, err := e.store.ClaimDelivery(ctx, ds[0], ds[0].DueAt); err != nil || !ok {
				t.Fatal(ok, err)
			}
			if wentOut {
				e.notifier.posted(ds[0])
			}
			e.run(t, utc("2026-12-01T18:45:00Z"), utc("2026-12-01T19:30:00Z"), 10*time.Second)
			wantCalls, wantID := 1, "900000000000000001"
			if wentOut {
				wantCalls, wantID = 0, "8000000000000000001"
			}
			if got := e.notifier.Calls(ds[0].Key); got != wantCalls {
				t.Fatalf("claimed reminder sent %d times after the crash, want %d", got, wantCalls)
			}
			got, err := e.store.Delivery(ctx, guildA, ds[0].ID)
			if err != nil || got.Status != data.DeliverySent || got.MessageID != wantID {
				t.Fatalf("interrupted reminder: %+v, %v; want sent as %s", got, err, wantID)
			}
			if !strings.Contains(e.logs.String(), "interrupted while sending") {
				t.Errorf("interrupted delivery not logged:\n%s", e.logs)
			}
			if n := len(sentOfKind(e.notifier.Sent(), data.DeliveryMeetingStart)); n != 1 {
				t.Fatalf("starting-now posts %d, want 1", n)
			}
		})
	}
}

// TestMissedWhileDown checks the policy for deliveries missed while
// Kindred was down: still sent if still useful, only the latest of an
// occurrence's, otherwise skipped and logged.
func TestMissedWhileDown(t *testing.T) {
	tests := []struct {
		name        string
		upAgain     string
		wantKinds   []string
		wantLogged  string
		plannedWhen string // a tick before going down, "" for none
	}{
		{"back before the meeting: only the closest reminder", "2026-12-01T18:50:00Z",
			[]string{data.DeliveryMeetingReminder, data.DeliveryMeetingStart}, "a later one for the same thing", "2026-11-30T18:00:00Z"},
		{"back just after the start: starting-now post only", "2026-12-01T19:05:00Z",
			[]string{data.DeliveryMeetingStart}, "", "2026-11-30T18:00:00Z"},
		{"back after the grace window: nothing, logged", "2026-12-01T19:20:00Z",
			nil, "no longer useful", "2026-11-30T18:00:00Z"},
		{"never planned, back after the start: starting-now post only", "2026-12-01T19:05:00Z",
			[]string{data.DeliveryMeetingStart}, "", ""},
		{"never planned, back long after: nothing", "2026-12-01T21:00:00Z", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, utc("2026-11-30T17:55:00Z"))
			e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
			if tt.plannedWhen != "" {
				e.tickAt(t, e.runner, utc(tt.plannedWhen))
			}
			e.run(t, utc(tt.upAgain), utc(tt.upAgain).Add(30*time.Minute), 5*time.Minute)
			var kinds []string
			for _, s := range e.notifier.Sent() {
				kinds = append(kinds, s.Kind)
			}
			if !slices.Equal(kinds, tt.wantKinds) {
				t.Errorf("sent %v, want %v", kinds, tt.wantKinds)
			}
			if tt.wantLogged != "" && !strings.Contains(e.logs.String(), tt.wantLogged) {
				t.Errorf("log does not say %q:\n%s", tt.wantLogged, e.logs)
			}
		})
	}
}

func TestTemporaryFailuresAreRetriedWithBackoff(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:00:00Z"))
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		if d.Kind == data.DeliveryMeetingReminder && attempt <= 2 {
			return errors.New("HTTP 503 Service Unavailable")
		}
		return nil
	}
	e.tickAt(t, e.runner, utc("2026-12-01T18:45:00Z")) // attempt 1 fails: retry in 5s
	e.tickAt(t, e.runner, utc("2026-12-01T18:45:03Z")) // too early
	e.tickAt(t, e.runner, utc("2026-12-01T18:45:05Z")) // attempt 2 fails: retry in 10s
	e.tickAt(t, e.runner, utc("2026-12-01T18:45:10Z")) // too early
	e.tickAt(t, e.runner, utc("2026-12-01T18:45:15Z")) // attempt 3 succeeds
	e.tickAt(t, e.runner, utc("2026-12-01T18:47:00Z"))
	sent := e.notifier.Sent()
	if len(sent) != 1 || !sent[0].At.Equal(utc("2026-12-01T18:45:15Z")) {
		t.Fatalf("sent %v, want the reminder once at 18:45:15", sent)
	}
	if got := e.notifier.Calls(sent[0].Key); got != 3 {
		t.Fatalf("attempts %d, want 3", got)
	}
}

func TestTemporaryFailureStopsAtExpiry(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:00:00Z"))
	m := e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.notifier.fail = func(d data.Delivery, attempt int) error { return errors.New("connection reset") }
	e.run(t, utc("2026-12-01T18:45:00Z"), utc("2026-12-01T19:30:00Z"), 30*time.Second)
	ds, err := e.store.Deliveries(context.Background(), guildA, data.MeetingSource(m.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Status != data.DeliverySkipped || d.Attempts == 0 {
			t.Errorf("%s: %s after %d attempts, want skipped after trying", d.Key, d.Status, d.Attempts)
		}
	}
	// Backoff 5s, 10s, 20s, 40s, 80s, 160s, 320s on ticks every 30s:
	// attempts at 18:45, :45:30, :46, :46:30, :47:30, :49, :51:30, :56:30;
	// then 10m would end after it expires, so half the time left: 18:58:30
	// (due 18:58:15) and 18:59:30 (due 18:59:15); due again at 18:59:45,
	// it is found expired by the next tick, at 19:00.
	if got := e.notifier.Calls(ds[0].Key); got != 10 {
		t.Errorf("reminder attempts %d, want 10 (no attempt after it expired)", got)
	}
}

func TestUnreachableChannelStopsAnnouncementsAndAlertsOnce(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T18:00:00Z"))
	ctx := context.Background()
	m := e.meeting(t, guildA, "every Tuesday at 19:00", "", 24*time.Hour, 15*time.Minute)
	other := e.meeting(t, guildA, "every Tuesday at 20:00", "", 24*time.Hour)
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		if d.Kind == data.DeliveryMeetingReminder && strings.HasPrefix(d.Key, fmt.Sprintf("meeting:%d:", m.ID)) {
			return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the channel was deleted", Err: errors.New("HTTP 404, code 10003")}
		}
		return nil
	}
	e.run(t, utc("2026-11-30T18:00:00Z"), utc("2026-12-01T21:00:00Z"), 5*time.Minute)

	sent := e.notifier.Sent()
	if got, want := sentOfKind(sent, data.DeliveryMeetingAlert), []time.Time{utc("2026-11-30T19:00:00Z")}; !slices.Equal(got, want) {
		t.Errorf("moderator alerts sent at %v, want once, in the tick of the failure (%v)", got, want)
	}
	for _, s := range sent {
		if strings.HasPrefix(s.Key, fmt.Sprintf("meeting:%d:", m.ID)) && s.Kind != data.DeliveryMeetingAlert {
			t.Errorf("sent %s after the channel was gone", s.Key)
		}
	}
	if got := len(sentOfKind(sent, data.DeliveryMeetingStart)); got != 1 {
		t.Errorf("starting-now posts %d, want 1 (of the other meeting)", got)
	}
	if n := e.notifier.Calls(fmt.Sprintf("meeting:%d:2026-12-01T19:00Z:reminder:24h", m.ID)); n != 1 {
		t.Errorf("failed reminder tried %d times, want 1", n)
	}
	got, err := e.store.Meeting(ctx, guildA, m.ID)
	if err != nil || got.AnnounceError != "the channel was deleted" {
		t.Fatalf("meeting %+v, %v; want announcements stopped", got, err)
	}
	if o, _ := e.store.Meeting(ctx, guildA, other.ID); o.AnnounceError != "" {
		t.Errorf("other meeting stopped too: %q", o.AnnounceError)
	}
}

func TestPermanentObsoleteAndDMFailures(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:00:00Z"))
	ctx := context.Background()
	m := e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.tickAt(t, e.runner, utc("2026-12-01T18:00:00Z"))
	os, err := e.store.Occurrences(ctx, guildA, m.ID, utc("2026-12-01T00:00:00Z"), utc("2026-12-02T00:00:00Z"))
	if err != nil || len(os) != 1 {
		t.Fatal(os, err)
	}
	dm := data.Delivery{
		GuildID: guildA, Kind: data.DeliveryMeetingDM, Source: data.MeetingDMSource(m.ID), Ref: fmt.Sprint(os[0].ID),
		UserID: userID, Key: "dm", DueAt: utc("2026-12-01T18:45:00Z"), ExpiresAt: utc("2026-12-01T19:00:00Z"),
	}
	if _, _, err := e.store.SetRSVPDM(ctx, guildA, os[0].ID, userID, true, dm); err != nil {
		t.Fatal(err)
	}
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		switch d.Kind {
		case data.DeliveryMeetingReminder:
			return &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "invalid form body"}
		case data.DeliveryMeetingDM:
			return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "their DMs are closed"}
		case data.DeliveryMeetingStart:
			return &data.DeliveryError{Kind: data.ErrDeliveryObsolete, Reason: "the meeting is paused"}
		}
		return nil
	}
	e.run(t, utc("2026-12-01T18:45:00Z"), utc("2026-12-01T19:30:00Z"), time.Minute)
	want := map[string]data.DeliveryStatus{
		data.DeliveryMeetingReminder: data.DeliveryFailed,
		data.DeliveryMeetingStart:    data.DeliverySkipped,
	}
	ds, _ := e.store.Deliveries(ctx, guildA, data.MeetingSource(m.ID))
	for _, d := range ds {
		if d.Status != want[d.Kind] || d.Attempts != 1 {
			t.Errorf("%s: %s after %d attempts, want %s after 1", d.Key, d.Status, d.Attempts, want[d.Kind])
		}
	}
	if got, _ := e.store.DeliveryByKey(ctx, guildA, "dm"); got.Status != data.DeliveryFailed || got.Attempts != 1 {
		t.Errorf("DM: %s after %d attempts, want failed after 1", got.Status, got.Attempts)
	}
	if f, err := e.store.LastDMFailure(ctx, guildA, userID); err != nil || f.Reason != "their DMs are closed" {
		t.Errorf("DM failure %+v, %v; want recorded", f, err)
	}
	if got, _ := e.store.Meeting(ctx, guildA, m.ID); got.AnnounceError != "" {
		t.Errorf("a bad message or closed DMs stopped the meeting's announcements: %q", got.AnnounceError)
	}
}

func TestFeatureOffPlansNothing(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:00:00Z"))
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.meeting(t, guildB, "every Tuesday at 19:00", "", 15*time.Minute)
	if _, err := e.store.SetSetting(context.Background(), guildA, modID, data.FeatureMeetings, "off"); err != nil {
		t.Fatal(err)
	}
	e.run(t, utc("2026-12-01T18:00:00Z"), utc("2026-12-01T19:30:00Z"), 5*time.Minute)
	if got := len(e.notifier.Sent()); got != 2 {
		t.Fatalf("sent %d, want only server B's reminder and starting-now post", got)
	}
}

func TestOneOffMeetingIsPlannedOnce(t *testing.T) {
	e := newEnv(t, utc("2026-12-20T12:00:00Z"))
	m := e.meeting(t, guildA, "once on 2026-12-24 at 17:00", "Europe/Berlin", 24*time.Hour)
	e.run(t, utc("2026-12-20T12:00:00Z"), utc("2026-12-24T17:00:00Z"), 30*time.Minute)
	sent := e.notifier.Sent()
	if got, want := sentOfKind(sent, data.DeliveryMeetingStart), []time.Time{utc("2026-12-24T16:00:00Z")}; !slices.Equal(got, want) {
		t.Errorf("starting-now posts %v, want %v", got, want)
	}
	got, err := e.store.Meeting(context.Background(), guildA, m.ID)
	if err != nil || !got.NextPlanAt.IsZero() {
		t.Errorf("one-off meeting still to plan at %v (%v)", got.NextPlanAt, err)
	}
}

func TestFrequentScheduleIsPlannedOverSeveralTicks(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T00:00:00Z"))
	e.meeting(t, guildA, "*/15 * * * *", "", 24*time.Hour)
	e.run(t, utc("2026-12-01T00:00:00Z"), utc("2026-12-02T00:00:00Z"), 5*time.Minute)
	sent := e.notifier.Sent()
	assertNoDuplicates(t, sent)
	// Every quarter hour after creation through the end: 96 posts.
	if got := len(sentOfKind(sent, data.DeliveryMeetingStart)); got != 96 {
		t.Errorf("starting-now posts %d, want 96", got)
	}
}

// manualTicker is a Ticker the test fires.
type manualTicker struct{ c chan time.Time }

func (m manualTicker) C() <-chan time.Time { return m.c }
func (m manualTicker) Stop()               {}

func TestRunTicksOnTickerAndStops(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:45:00Z"))
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute, 14*time.Minute)
	e.notifier.out = make(chan data.Delivery, 10)
	tick := manualTicker{c: make(chan time.Time)}
	var gotInterval time.Duration
	e.runner.NewTicker = func(d time.Duration) scheduler.Ticker { gotInterval = d; return tick }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.runner.Run(ctx) }()

	if d := <-e.notifier.out; d.Kind != data.DeliveryMeetingReminder {
		t.Fatalf("first tick sent %s", d.Kind)
	}
	e.clock.Set(utc("2026-12-01T19:00:00Z"))
	tick.c <- e.clock.Now()
	if d := <-e.notifier.out; d.Kind != data.DeliveryMeetingStart {
		t.Fatalf("second tick sent %s", d.Kind)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if gotInterval != scheduler.DefaultInterval {
		t.Errorf("interval %v, want %v", gotInterval, scheduler.DefaultInterval)
	}
}

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{
		1: 5 * time.Second, 2: 10 * time.Second, 3: 20 * time.Second, 4: 40 * time.Second,
		7: 320 * time.Second, 8: 10 * time.Minute, 20: 10 * time.Minute,
	} {
		if got := scheduler.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

// BenchmarkDueBurst measures planning 10,000 meetings across 1,000
// servers that all start in the same minute: computing each meeting's
// next occurrence and enqueueing its reminders and starting-now post
// (30,000 deliveries).
func BenchmarkDueBurst(b *testing.B) {
	const servers, perServer = 1000, 10
	clock := &fakeClock{t: utc("2026-11-30T18:00:00Z")}
	dir := b.TempDir()
	template := filepath.Join(dir, "template.db")
	{
		s := openStore(b, filepath.Join(dir, "seed.db"), clock)
		ctx := context.Background()
		sched, _ := scheduler.Parse("every Tuesday at 19:00")
		for g := range servers {
			guild := fmt.Sprintf("1%017d", g)
			for i := range perServer {
				d, err := s.CreateMeetingDraft(ctx, data.Meeting{
					GuildID: guild, Title: fmt.Sprintf("Group %d", i), Schedule: sched.String(), Duration: time.Hour,
					ChannelID: chanID, Reminders: []time.Duration{24 * time.Hour, 15 * time.Minute}, CreatedBy: modID,
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.ConfirmMeetingDraft(ctx, guild, d.ID); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := s.Backup(ctx, template); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		i++
		s, err := data.Open(context.Background(), template)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Backup(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		s.Close()
		s = openStore(b, path, clock)
		r := &scheduler.Runner{Store: s, Notifier: newNotifier(clock), Now: clock.Now}
		b.StartTimer()
		if err := r.Plan(context.Background(), clock.Now()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		due, err := s.DueDeliveries(context.Background(), utc("2026-12-01T19:00:00Z"), 100000)
		if err != nil || len(due) != servers*perServer*3 {
			b.Fatalf("planned %d deliveries, %v; want %d", len(due), err, servers*perServer*3)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(servers*perServer)/(b.Elapsed().Seconds()/float64(b.N)), "meetings/s")
}

// TestRunWakesForTheNextDelivery: between ticks, Run sleeps only until
// the next delivery is due, so a post leaves at its time, not up to an
// interval late.
func TestRunWakesForTheNextDelivery(t *testing.T) {
	e := newEnv(t, utc("2026-12-01T18:45:00Z"))
	e.meeting(t, guildA, "every Tuesday at 19:00", "", 15*time.Minute)
	e.notifier.out = make(chan data.Delivery, 10)
	e.runner.Interval = time.Hour
	e.runner.NewTicker = func(time.Duration) scheduler.Ticker { return manualTicker{c: make(chan time.Time)} }
	timers := make(chan time.Duration, 10)
	fire := make(chan time.Time)
	e.runner.NewTimer = func(d time.Duration) scheduler.Ticker { timers <- d; return manualTicker{c: fire} }
	select {
	case <-e.store.Changed(): // the setup's writes: only the timer wakes Run here
	default:
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.runner.Run(ctx) }()

	if d := <-e.notifier.out; d.Kind != data.DeliveryMeetingReminder {
		t.Fatalf("first tick sent %s", d.Kind)
	}
	if got, want := <-timers, 15*time.Minute+10*time.Millisecond; got != want {
		t.Fatalf("timer set for %v, want %v (the starting-now post)", got, want)
	}
	e.clock.Set(utc("2026-12-01T19:00:00Z"))
	fire <- e.clock.Now()
	if d := <-e.notifier.out; d.Kind != data.DeliveryMeetingStart {
		t.Fatalf("woken, sent %s", d.Kind)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
