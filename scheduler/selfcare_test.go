package scheduler_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// promptSchedule creates a self-care prompt schedule at the clock's time.
func (e *env) promptSchedule(t testing.TB, guild, schedule string) data.SelfCareSchedule {
	t.Helper()
	sched, err := scheduler.Parse(schedule)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := e.store.CreateSelfCareSchedule(context.Background(), data.SelfCareSchedule{
		GuildID: guild, Schedule: sched.String(), ChannelID: chanID, CreatedBy: modID,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// nudges turns a member's nudges on at the clock's time.
func (e *env) nudges(t testing.TB, user, days, zone string, times ...string) {
	t.Helper()
	if _, err := e.store.StartSelfCareNudges(context.Background(), guildA, user, times, days, zone); err != nil {
		t.Fatal(err)
	}
}

func utcs(ss ...string) []time.Time {
	var out []time.Time
	for _, s := range ss {
		out = append(out, utc(s))
	}
	return out
}

func TestSelfCarePostsOncePerSlotAcrossRestart(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T07:00:00Z"))
	if _, err := e.store.SetSetting(context.Background(), guildA, modID, data.SettingTimeZone, "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	e.promptSchedule(t, guildA, "every day at 09:00")
	e.run(t, utc("2026-11-30T07:00:00Z"), utc("2026-12-01T09:00:00Z"), 5*time.Minute)
	e.store.Close()

	// The next process starts a little earlier than the last one stopped.
	s2 := openStore(t, e.path, e.clock)
	r2 := e.newRunner(s2)
	for at := utc("2026-12-01T07:30:00Z"); !at.After(utc("2026-12-03T09:00:00Z")); at = at.Add(5 * time.Minute) {
		e.tickAt(t, r2, at)
	}
	sent := e.notifier.Sent()
	assertNoDuplicates(t, sent)
	want := utcs("2026-11-30T08:00:00Z", "2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z", "2026-12-03T08:00:00Z")
	if got := sentOfKind(sent, data.DeliverySelfCarePost); !slices.Equal(got, want) {
		t.Fatalf("posts at %v, want %v", got, want)
	}
}

func TestSelfCareMissedPostsAreNotSentLate(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T07:00:00Z"))
	e.promptSchedule(t, guildA, "every day at 09:00")
	e.tickAt(t, e.runner, utc("2026-11-30T08:30:00Z"))
	// Down from 08:30 until 10:30: the 09:00 post is still useful.
	e.tickAt(t, e.runner, utc("2026-11-30T10:30:00Z"))
	// Down for a day and a half: yesterday's post is skipped.
	e.tickAt(t, e.runner, utc("2026-12-01T20:00:00Z"))
	e.run(t, utc("2026-12-01T20:10:00Z"), utc("2026-12-02T09:30:00Z"), 10*time.Minute)
	want := utcs("2026-11-30T10:30:00Z", "2026-12-02T09:00:00Z")
	if got := sentOfKind(e.notifier.Sent(), data.DeliverySelfCarePost); !slices.Equal(got, want) {
		t.Fatalf("posts at %v, want %v", got, want)
	}
}

func TestSelfCareTwoRunnersOnOneDatabaseSendOnce(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T07:00:00Z"))
	e.promptSchedule(t, guildA, "every day at 09:00")
	e.promptSchedule(t, guildA, "every day at 18:00")
	users := []string{"200000000000000001", "200000000000000002", "200000000000000003"}
	for _, u := range users {
		e.nudges(t, u, "every day", "Europe/London", "09:00", "12:30")
	}
	s2 := openStore(t, e.path, e.clock)
	runners := []*scheduler.Runner{e.runner, e.newRunner(s2)}
	for at := utc("2026-11-30T07:00:00Z"); !at.After(utc("2026-12-02T07:00:00Z")); at = at.Add(5 * time.Minute) {
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
	if got, want := len(sentOfKind(sent, data.DeliverySelfCarePost)), 4; got != want {
		t.Errorf("posts: %d, want %d", got, want)
	}
	if got, want := len(sentOfKind(sent, data.DeliverySelfCareNudge)), 2*2*len(users); got != want {
		t.Errorf("nudges: %d, want %d", got, want)
	}
}

func TestNudgesFollowTimesDaysZonesAndQuietHours(t *testing.T) {
	tests := []struct {
		name      string
		days      string
		zone      string
		times     []string
		quiet     [2]string // "" keeps the default 22:00-08:00
		from, to  string
		wantSends []string
	}{
		{
			name: "times in quiet hours are skipped", days: "every day", zone: "America/New_York",
			times: []string{"07:30", "12:00", "23:00"},
			from:  "2026-11-30T00:00:00Z", to: "2026-12-02T00:00:00Z",
			wantSends: []string{"2026-11-30T17:00:00Z", "2026-12-01T17:00:00Z"},
		},
		{
			name: "own quiet hours replace the default", days: "every day", zone: "America/New_York",
			times: []string{"07:30", "12:00", "23:00"}, quiet: [2]string{"11:00", "13:00"},
			// 23:00 on the 29th, 07:30 on the 30th (12:00 is quiet now), 23:00 on the 30th.
			from: "2026-11-30T00:00:00Z", to: "2026-12-01T06:00:00Z",
			wantSends: []string{"2026-11-30T04:00:00Z", "2026-11-30T12:30:00Z", "2026-12-01T04:00:00Z"},
		},
		{
			name: "weekdays only, in the member's zone", days: "weekdays", zone: "Asia/Tokyo",
			times: []string{"09:00"},
			// Friday 4 Dec 09:00 JST, then Monday 7 Dec 09:00 JST.
			from: "2026-12-03T12:00:00Z", to: "2026-12-07T12:00:00Z",
			wantSends: []string{"2026-12-04T00:00:00Z", "2026-12-07T00:00:00Z"},
		},
		{
			name: "spring forward: 01:30 London happens at 02:00 BST", days: "every day", zone: "Europe/London",
			times: []string{"01:30"}, quiet: [2]string{"03:00", "05:00"},
			from: "2026-03-28T12:00:00Z", to: "2026-03-30T12:00:00Z",
			wantSends: []string{"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		},
		{
			name: "fall back: 01:30 London happens once", days: "every day", zone: "Europe/London",
			times: []string{"01:30"}, quiet: [2]string{"03:00", "05:00"},
			from: "2026-10-24T12:00:00Z", to: "2026-10-26T12:00:00Z",
			wantSends: []string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		},
		{
			name: "New York across its spring forward", days: "every day", zone: "America/New_York",
			times: []string{"09:00"},
			from:  "2026-03-07T12:00:00Z", to: "2026-03-09T15:00:00Z",
			wantSends: []string{"2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, utc(tt.from))
			e.nudges(t, userID, tt.days, tt.zone, tt.times...)
			if tt.quiet[0] != "" {
				if _, err := e.store.SetSelfCareQuietHours(context.Background(), guildA, userID, tt.quiet[0], tt.quiet[1]); err != nil {
					t.Fatal(err)
				}
			}
			e.run(t, utc(tt.from), utc(tt.to), 10*time.Minute)
			sent := e.notifier.Sent()
			assertNoDuplicates(t, sent)
			if got, want := sentOfKind(sent, data.DeliverySelfCareNudge), utcs(tt.wantSends...); !slices.Equal(got, want) {
				t.Fatalf("nudges at %v, want %v", got, want)
			}
		})
	}
}

func TestLateNudgeNeverBreaksQuietHours(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T20:00:00Z"))
	e.nudges(t, userID, "every day", "UTC", "21:40")
	e.tickAt(t, e.runner, utc("2026-11-30T21:00:00Z")) // planned
	// Back at 22:05: the nudge would be 25 minutes late, inside the grace,
	// but quiet hours began at 22:00.
	e.tickAt(t, e.runner, utc("2026-11-30T22:05:00Z"))
	if got := sentOfKind(e.notifier.Sent(), data.DeliverySelfCareNudge); len(got) != 0 {
		t.Fatalf("nudges sent at %v, want none in quiet hours", got)
	}
	// Back at 21:50 the next day: late but before quiet hours, so it goes.
	e.tickAt(t, e.runner, utc("2026-12-01T21:00:00Z"))
	e.tickAt(t, e.runner, utc("2026-12-01T21:50:00Z"))
	if got, want := sentOfKind(e.notifier.Sent(), data.DeliverySelfCareNudge), utcs("2026-12-01T21:50:00Z"); !slices.Equal(got, want) {
		t.Fatalf("nudges at %v, want %v", got, want)
	}
}

func TestSnoozeAndStopAreImmediate(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, utc("2026-11-30T08:00:00Z"))
	e.nudges(t, userID, "every day", "UTC", "09:00", "12:00")
	e.tickAt(t, e.runner, utc("2026-11-30T08:30:00Z")) // 09:00 planned
	if _, err := e.store.SnoozeSelfCareNudges(ctx, guildA, userID, "2026-11-30"); err != nil {
		t.Fatal(err)
	}
	e.run(t, utc("2026-11-30T08:35:00Z"), utc("2026-12-01T09:30:00Z"), 5*time.Minute)
	if got, want := sentOfKind(e.notifier.Sent(), data.DeliverySelfCareNudge), utcs("2026-12-01T09:00:00Z"); !slices.Equal(got, want) {
		t.Fatalf("nudges at %v, want only tomorrow's first (snoozed today)", got)
	}

	e.tickAt(t, e.runner, utc("2026-12-01T11:30:00Z")) // 12:00 planned
	ds, err := e.store.Deliveries(ctx, guildA, data.SelfCareNudgeSource(userID))
	if err != nil {
		t.Fatal(err)
	}
	pending := 0
	for _, d := range ds {
		if d.Status == data.DeliveryPending {
			pending++
		}
	}
	if pending != 1 {
		t.Fatalf("%d nudges pending before stopping, want 1", pending)
	}
	if _, _, err := e.store.StopSelfCareNudges(ctx, guildA, userID, ""); err != nil {
		t.Fatal(err)
	}
	e.run(t, utc("2026-12-01T11:35:00Z"), utc("2026-12-03T12:00:00Z"), 15*time.Minute)
	if got := sentOfKind(e.notifier.Sent(), data.DeliverySelfCareNudge); len(got) != 1 {
		t.Fatalf("nudges at %v after stopping, want no more", got)
	}
}

func TestUnreachableSelfCare(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, utc("2026-11-30T08:00:00Z"))
	sc := e.promptSchedule(t, guildA, "every day at 09:00")
	e.nudges(t, userID, "every day", "UTC", "09:00")
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		switch d.Kind {
		case data.DeliverySelfCarePost:
			return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the channel was deleted"}
		case data.DeliverySelfCareNudge:
			return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: "the member doesn't accept direct messages from Kindred"}
		}
		return nil
	}
	e.run(t, utc("2026-11-30T08:00:00Z"), utc("2026-12-02T10:00:00Z"), 10*time.Minute)

	got, err := e.store.SelfCareSchedule(ctx, guildA, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != data.SelfCarePaused || got.PostError != "the channel was deleted" {
		t.Fatalf("schedule after its channel went: %+v", got)
	}
	if n := e.notifier.Calls(scheduler.SelfCarePostDelivery(sc, utc("2026-12-01T09:00:00Z")).Key); n != 0 {
		t.Fatalf("tried the next day's post %d times, want 0 (stopped)", n)
	}
	alerts := sentOfKind(e.notifier.Sent(), data.DeliverySelfCareAlert)
	if len(alerts) != 1 {
		t.Fatalf("moderators alerted %d times, want once", len(alerts))
	}

	n, err := e.store.SelfCareNudgeSettings(ctx, guildA, userID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Enabled || n.DMError == "" {
		t.Fatalf("nudges after a closed DM: %+v, want stopped with the reason", n)
	}
	if f, err := e.store.LastDMFailure(ctx, guildA, userID); err != nil || f.Kind != data.DeliverySelfCareNudge {
		t.Fatalf("DM failure: %+v err=%v", f, err)
	}
	if got := e.notifier.Calls(data.SelfCareNudgeKey(guildA, userID, "2026-12-01", "09:00")); got != 0 {
		t.Fatalf("nudged again %d times after DMs were closed", got)
	}
}

func TestSelfCareOffPlansNothing(t *testing.T) {
	e := newEnv(t, utc("2026-11-30T08:00:00Z"))
	if _, err := e.store.SetSetting(context.Background(), guildA, modID, data.FeatureSelfCare, "off"); err != nil {
		t.Fatal(err)
	}
	e.promptSchedule(t, guildA, "every day at 09:00")
	e.nudges(t, userID, "every day", "UTC", "09:00")
	e.run(t, utc("2026-11-30T08:00:00Z"), utc("2026-11-30T10:00:00Z"), 10*time.Minute)
	if sent := e.notifier.Sent(); len(sent) != 0 {
		t.Fatalf("sent %v with self-care off", sent)
	}
	// Switched back on, it carries on with the next slot.
	if _, err := e.store.SetSetting(context.Background(), guildA, modID, data.FeatureSelfCare, "on"); err != nil {
		t.Fatal(err)
	}
	e.run(t, utc("2026-11-30T10:10:00Z"), utc("2026-12-01T09:10:00Z"), 10*time.Minute)
	if got := len(e.notifier.Sent()); got != 2 {
		t.Fatalf("sent %d after switching on, want the post and the nudge", got)
	}
}

func TestNudgePlanKeysAreSlotsAndExpiryStopsAtQuietHours(t *testing.T) {
	n := data.SelfCareNudges{GuildID: guildA, UserID: userID, Enabled: true, Times: []string{"21:30"}, Days: "every day",
		Zone: "Europe/Paris", QuietFrom: "22:00", QuietTo: "08:00", PlannedThrough: utc("2026-11-30T19:00:00Z")}
	p, err := scheduler.NudgePlan(n, utc("2026-11-30T19:45:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Deliveries) != 1 {
		t.Fatalf("planned %v, want one nudge", p.Deliveries)
	}
	d := p.Deliveries[0]
	if got, want := d.Key, "selfcare-nudge:"+guildA+":"+userID+":2026-11-30:21:30"; got != want {
		t.Errorf("key=%q, want %q", got, want)
	}
	if got, want := d.DueAt, utc("2026-11-30T20:30:00Z"); !got.Equal(want) {
		t.Errorf("due %v, want %v", got, want)
	}
	if got, want := d.ExpiresAt, utc("2026-11-30T21:00:00Z"); !got.Equal(want) {
		t.Errorf("expires %v, want %v (quiet hours start)", got, want)
	}
	if got, want := p.NextPlanAt, utc("2026-12-01T19:30:00Z"); !got.Equal(want) {
		t.Errorf("next plan %v, want %v", got, want)
	}
}
