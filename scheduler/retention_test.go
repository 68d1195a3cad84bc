package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// fakeMembers is a MemberChecker: present members are still in their
// server; err, if set, is what Discord answers for everyone.
type fakeMembers struct {
	mu      sync.Mutex
	present map[string]bool // guild + "/" + user
	err     error
	asked   int
}

func (f *fakeMembers) IsMember(ctx context.Context, guildID, userID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked++
	if f.err != nil {
		return false, f.err
	}
	return f.present[guildID+"/"+userID], nil
}

// botLike is a Notifier that can delete messages and check members, as
// the bot.
type botLike struct {
	*fakeNotifier
	*fakeDeleter
	*fakeMembers
}

// departed reports whether member is still recorded as gone from guild.
func departed(t *testing.T, e *env, guild, member string) bool {
	t.Helper()
	ms, err := e.store.MembersPastGrace(context.Background(), e.clock.Now().AddDate(10, 0, 0), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.GuildID == guild && m.UserID == member {
			return true
		}
	}
	return false
}

func TestSweepAsksDiscordBeforeDeletingADepartedMember(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	members := &fakeMembers{present: map[string]bool{guildA + "/" + userID: true}}
	del := &fakeDeleter{}
	e.runner.Notifier = botLike{e.notifier, del, members}
	for _, m := range []struct{ guild, user string }{{guildA, userID}, {guildA, retOther}, {guildB, userID}} {
		shareCheckin(t, e, m.guild, m.user)
		if err := e.store.MemberLeft(ctx, m.guild, m.user); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.store.SetSetting(ctx, guildB, modID, data.SettingMemberGraceDays, "7"); err != nil {
		t.Fatal(err)
	}
	// Server B's grace ends first, while Discord can't be asked: the
	// member's data stays until it can.
	members.err = errors.New("HTTP 503 Service Unavailable")
	tickTo(t, e, retStart.Add(7*24*time.Hour))
	if checkinCount(t, e, guildB, userID) != 1 || !departed(t, e, guildB, userID) {
		t.Fatal("deleted a member's data without knowing whether they are gone")
	}
	members.err = nil
	tickTo(t, e, retStart.Add(30*24*time.Hour))
	for _, tc := range []struct {
		guild, user string
		kept, gone  bool
	}{
		{guildA, userID, true, false}, // back while Kindred missed it
		{guildA, retOther, false, false},
		{guildB, userID, false, false}, // asked again, and really gone
	} {
		if got := checkinCount(t, e, tc.guild, tc.user) == 1; got != tc.kept {
			t.Errorf("%s/%s: data kept = %v, want %v", tc.guild, tc.user, got, tc.kept)
		}
		if got := departed(t, e, tc.guild, tc.user); got != tc.gone {
			t.Errorf("%s/%s: still recorded as gone = %v, want %v", tc.guild, tc.user, got, tc.gone)
		}
	}
	if got := del.Deleted(); len(got) != 2 {
		t.Errorf("deleted posts %v, want the two really gone members'", got)
	}
}

func TestSweepDeletesABoundedBatchOfDepartedMembers(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	const n = 60
	for i := range n {
		if err := e.store.MemberLeft(ctx, guildA, fmt.Sprintf("2000000000000010%02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	left := func() int {
		ms, err := e.store.MembersPastGrace(ctx, retStart.AddDate(1, 0, 0), 1000)
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	tickTo(t, e, retStart.Add(30*24*time.Hour))
	if got := left(); got != n-50 {
		t.Fatalf("after one sweep %d members are left to delete, want %d", got, n-50)
	}
	tickTo(t, e, retStart.Add(30*24*time.Hour+time.Hour))
	if got := left(); got != 0 {
		t.Fatalf("after the next sweep %d members are left to delete, want 0", got)
	}
}

func TestSweepLeavesServersKindredWasRemovedFromToTheirErasure(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	members := &fakeMembers{err: errors.New("HTTP 404: Unknown Guild")}
	e.runner.Notifier = botLike{e.notifier, &fakeDeleter{}, members}
	if _, err := e.store.GuildJoined(ctx, guildA); err != nil {
		t.Fatal(err)
	}
	shareCheckin(t, e, guildA, userID)
	if err := e.store.MemberLeft(ctx, guildA, userID); err != nil {
		t.Fatal(err)
	}
	if err := e.store.GuildRemoved(ctx, guildA); err != nil {
		t.Fatal(err)
	}
	tickTo(t, e, retStart.Add(scheduler.GuildGrace))
	if members.asked != 0 {
		t.Errorf("asked Discord %d times about a server Kindred was removed from", members.asked)
	}
	if checkinCount(t, e, guildA, userID) != 0 || departed(t, e, guildA, userID) {
		t.Error("the server's data was not erased after its grace period")
	}
}

func TestPostSentWhileItsRecordWasErasedIsDeleted(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, retStart)
	del := &fakeDeleter{}
	e.runner.Notifier = deletingNotifier{e.notifier, del}
	for _, m := range []string{userID, retOther} {
		if _, err := e.store.RecordMilestones(ctx, guildA, m, []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: true}}, chanID); err != nil {
			t.Fatal(err)
		}
	}
	// userID erases their data while their celebration is being posted.
	e.notifier.fail = func(d data.Delivery, attempt int) error {
		if d.Kind != data.DeliveryMilestone {
			return nil
		}
		m, err := e.store.Milestone(ctx, guildA, mustAtoi(t, d.Ref))
		if err != nil || m.UserID != userID {
			return nil
		}
		if _, err := e.store.DeleteMemberData(ctx, guildA, userID); err != nil {
			t.Error(err)
		}
		return nil
	}
	e.runner.Workers = 1
	tickTo(t, e, retStart)
	if got := len(e.notifier.Sent()); got != 2 {
		t.Fatalf("sent %d celebrations, want 2", got)
	}
	ms, err := e.store.MemberMilestones(ctx, guildA, retOther, false)
	if err != nil || len(ms) != 1 || ms[0].PostMessageID == "" {
		t.Fatalf("the other member's celebration = %+v, %v; want its post recorded", ms, err)
	}
	kept := chanID + "/" + ms[0].PostMessageID
	if got := del.Deleted(); len(got) != 1 || got[0] == kept {
		t.Errorf("deleted %v, want only the erased member's post (not %s)", got, kept)
	}
	if strings.Contains(e.logs.String(), "record delivery outcome") {
		t.Errorf("the erased delivery was logged as an error:\n%s", e.logs.String())
	}
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
