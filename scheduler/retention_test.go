package scheduler_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

const (
	retOther = "200000000000000002"
	retPost  = "500000000000000001"
)

var retStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeDeleter records the messages the sweep deletes; fail makes it fail.
type fakeDeleter struct {
	mu      sync.Mutex
	deleted []string
	fail    bool
}

func (d *fakeDeleter) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail {
		return errors.New("HTTP 403 Forbidden")
	}
	d.deleted = append(d.deleted, channelID+"/"+messageID)
	return nil
}

func (d *fakeDeleter) Deleted() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.deleted...)
}

// tickTo moves the clock and ticks, failing the test on error.
func tickTo(t *testing.T, e *env, at time.Time) {
	t.Helper()
	e.clock.Set(at)
	if err := e.runner.Tick(context.Background()); err != nil {
		t.Fatalf("tick at %v: %v", at, err)
	}
}

// shareCheckin records a check-in of member with a note, shared as retPost.
func shareCheckin(t *testing.T, e *env, guild, member string) data.Checkin {
	t.Helper()
	ctx := context.Background()
	c, err := e.store.AddCheckin(ctx, data.Checkin{GuildID: guild, UserID: member, Mood: 3, Note: "a note"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.MarkCheckinShared(ctx, guild, member, c.ID, chanID, retPost, true); err != nil {
		t.Fatal(err)
	}
	return c
}

func checkinCount(t *testing.T, e *env, guild, member string) int {
	t.Helper()
	cs, err := e.store.RecentCheckins(context.Background(), guild, member, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

func TestSweepDeletesDepartedMembersAfterTheirGrace(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	del := &fakeDeleter{}
	e.runner.Deleter = del
	shareCheckin(t, e, guildA, userID)
	shareCheckin(t, e, guildA, retOther)
	shareCheckin(t, e, guildB, userID)
	if _, err := e.store.SetSetting(ctx, guildB, modID, data.SettingMemberGraceDays, "7"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ guild, user string }{{guildA, userID}, {guildA, retOther}, {guildB, userID}} {
		if err := e.store.MemberLeft(ctx, m.guild, m.user); err != nil {
			t.Fatal(err)
		}
	}
	// retOther comes back a week later: their data stays. (The sweep
	// runs hourly, so the ticks are an hour apart.)
	tickTo(t, e, retStart.Add(7*24*time.Hour-time.Hour))
	if err := e.store.MemberReturned(ctx, guildA, retOther); err != nil {
		t.Fatal(err)
	}
	if checkinCount(t, e, guildB, userID) != 1 {
		t.Fatal("deleted before server B's 7-day grace was over")
	}
	tickTo(t, e, retStart.Add(7*24*time.Hour))
	if checkinCount(t, e, guildB, userID) != 0 || checkinCount(t, e, guildA, userID) != 1 {
		t.Fatal("server B's 7 days: the member's data there should be gone, and only there")
	}
	tickTo(t, e, retStart.Add(30*24*time.Hour-time.Hour))
	if checkinCount(t, e, guildA, userID) != 1 {
		t.Fatal("deleted before the default 30-day grace was over")
	}
	tickTo(t, e, retStart.Add(30*24*time.Hour))
	if checkinCount(t, e, guildA, userID) != 0 {
		t.Fatal("not deleted after 30 days")
	}
	if checkinCount(t, e, guildA, retOther) != 1 {
		t.Fatal("a member who came back lost their data")
	}
	if got := del.Deleted(); len(got) != 2 || got[0] != chanID+"/"+retPost {
		t.Errorf("deleted posts = %v, want the member's shared post in each server", got)
	}
	if logs := e.logs.String(); strings.Contains(logs, userID) || strings.Contains(logs, "a note") {
		t.Errorf("the sweep logged who or what:\n%s", logs)
	}
}

func TestSweepRunsHourly(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	shareCheckin(t, e, guildA, userID)
	e.clock.Set(retStart.Add(-30*24*time.Hour + 5*time.Minute))
	if err := e.store.MemberLeft(ctx, guildA, userID); err != nil {
		t.Fatal(err)
	}
	tickTo(t, e, retStart) // sweeps: not due yet
	tickTo(t, e, retStart.Add(10*time.Minute))
	if checkinCount(t, e, guildA, userID) != 1 {
		t.Fatal("swept again within the hour")
	}
	tickTo(t, e, retStart.Add(time.Hour))
	if checkinCount(t, e, guildA, userID) != 0 {
		t.Fatal("not swept an hour later")
	}
}

func TestSweepDeletesOnlyOldNotesWhereRetentionIsSet(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	if _, err := e.store.SetSetting(ctx, guildA, modID, data.SettingNoteRetentionDays, "30"); err != nil {
		t.Fatal(err)
	}
	a := shareCheckin(t, e, guildA, userID)
	b := shareCheckin(t, e, guildB, userID)
	tickTo(t, e, retStart.Add(30*24*time.Hour))
	for _, tc := range []struct {
		guild string
		id    int64
		note  string
	}{{guildA, a.ID, ""}, {guildB, b.ID, "a note"}} {
		c, err := e.store.Checkin(ctx, tc.guild, userID, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Note != tc.note || c.Mood != 3 || c.SharedMessageID != retPost {
			t.Errorf("check-in in %s = %+v, want note %q and the rest kept", tc.guild, c, tc.note)
		}
	}
}

func TestSweepErasesServersAfterKindredWasRemoved(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	for _, g := range []string{guildA, guildB} {
		if _, err := e.store.GuildJoined(ctx, g); err != nil {
			t.Fatal(err)
		}
		shareCheckin(t, e, g, userID)
		if err := e.store.GuildRemoved(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	tickTo(t, e, retStart.Add(scheduler.GuildGrace/2))
	if _, err := e.store.GuildJoined(ctx, guildB); err != nil { // Kindred is back in B
		t.Fatal(err)
	}
	tickTo(t, e, retStart.Add(scheduler.GuildGrace-time.Hour))
	if checkinCount(t, e, guildA, userID) != 1 {
		t.Fatal("server A erased before the grace period was over")
	}
	tickTo(t, e, retStart.Add(scheduler.GuildGrace))
	if checkinCount(t, e, guildA, userID) != 0 {
		t.Fatal("server A not erased after the grace period")
	}
	if checkinCount(t, e, guildB, userID) != 1 {
		t.Fatal("server B erased although Kindred came back")
	}
	if !strings.Contains(e.logs.String(), "deleted the data of a server") {
		t.Error("the erasure was not logged")
	}
}

// deletingNotifier is a Notifier that can also delete messages, as the bot.
type deletingNotifier struct {
	*fakeNotifier
	*fakeDeleter
}

func TestSweepDeletesPostsThroughTheNotifierAndLogsFailures(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	del := &fakeDeleter{}
	e.runner.Notifier = deletingNotifier{e.notifier, del}
	shareCheckin(t, e, guildA, userID)
	shareCheckin(t, e, guildB, userID)
	for _, g := range []string{guildA, guildB} {
		if err := e.store.MemberLeft(ctx, g, userID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.store.SetSetting(ctx, guildA, modID, data.SettingMemberGraceDays, "1"); err != nil {
		t.Fatal(err)
	}
	tickTo(t, e, retStart.Add(24*time.Hour))
	if got := del.Deleted(); len(got) != 1 {
		t.Fatalf("deleted %v through the notifier, want server A's post", got)
	}
	del.fail = true
	tickTo(t, e, retStart.Add(30*24*time.Hour))
	if checkinCount(t, e, guildB, userID) != 0 {
		t.Fatal("a post that couldn't be deleted kept the member's data")
	}
	if !strings.Contains(e.logs.String(), "could not delete a departed member's post") {
		t.Errorf("the failed delete was not logged:\n%s", e.logs.String())
	}
}
