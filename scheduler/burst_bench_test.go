package scheduler_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// pacedNotifier sends at a global pace on a virtual clock: each post
// takes 1/rate seconds of the clock, one at a time, as the bot's global
// pace does against Discord. It records when each delivery went out.
type pacedNotifier struct {
	clock *fakeClock
	step  time.Duration

	mu   sync.Mutex
	sent []pacedPost
}

type pacedPost struct {
	kind    string
	at      time.Time
	expires time.Time
}

func (n *pacedNotifier) Deliver(_ context.Context, d data.Delivery) (string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	at := n.clock.Now().Add(n.step)
	n.clock.Set(at)
	n.sent = append(n.sent, pacedPost{kind: d.Kind, at: at, expires: d.ExpiresAt})
	return fmt.Sprintf("m%d", len(n.sent)), nil
}

// BenchmarkDueBurstSend measures sending 36,000 posts that fall due in
// the same minute (10,000 meetings with reminders, ten to a server's
// channel): 10,000 "starting now" posts for meetings at 19:00, which
// expire at 19:10, and 26,000 reminders for the same meetings' next
// dates at 19:20, 19:40 and 20:00, which expire when those start. At
// Discord's global 50 requests a second (48/s sent), they take 12.5
// minutes: in the order they fell due, the last "starting now" posts
// would wait past their ten minutes. The runner sends what matters now
// first (urgent, then earliest expiry), so every starting-now post goes
// out within the first 3.5 minutes of virtual time and nothing expires
// unsent. It fails if a reminder is sent before any starting-now post, or
// if anything expires unsent; it reports the virtual minutes until the
// last starting-now post and until the last post, and the real rate.
func BenchmarkDueBurstSend(b *testing.B) {
	const servers, perServer, rate = 1000, 10, 48
	start := utc("2026-12-01T19:00:00Z")
	clock := &fakeClock{t: start}
	dir := b.TempDir()
	template := filepath.Join(dir, "template.db")
	total := 0
	{
		s := openStore(b, filepath.Join(dir, "seed.db"), clock)
		ctx := context.Background()
		id := 0
		for g := range servers {
			guild := fmt.Sprintf("1%017d", g)
			channel := fmt.Sprintf("3%017d", g)
			for range perServer {
				id++
				src := data.MeetingSource(int64(id))
				mk := func(kind string, occ time.Time, suffix string, expires time.Time) {
					base := fmt.Sprintf("meeting:%d:%s", id, occ.Format("2006-01-02T15:04Z"))
					if _, err := s.EnqueueDelivery(ctx, data.Delivery{GuildID: guild, Kind: kind, Source: src, Ref: "1",
						ChannelID: channel, Group: base, Key: base + suffix, DueAt: start, ExpiresAt: expires}); err != nil {
						b.Fatal(err)
					}
					total++
				}
				mk(data.DeliveryMeetingStart, start, ":start", start.Add(scheduler.StartGrace))
				// 2.6 reminders a meeting on average: 26,000 in all.
				nexts := []time.Duration{20 * time.Minute, 40 * time.Minute, time.Hour}
				if id%5 >= 3 {
					nexts = nexts[:2]
				}
				for _, after := range nexts {
					occ := start.Add(after)
					mk(data.DeliveryMeetingReminder, occ, ":reminder:"+data.FormatOffset(after), occ)
				}
			}
		}
		if err := s.Backup(ctx, template); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	if total != 36000 {
		b.Fatalf("seeded %d posts, want 36,000", total)
	}
	var lastStart, lastPost time.Duration
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
		clock.Set(start)
		s = openStore(b, path, clock)
		n := &pacedNotifier{clock: clock, step: time.Second / rate}
		r := &scheduler.Runner{Store: s, Notifier: n, Now: clock.Now}
		b.StartTimer()
		if err := r.Dispatch(context.Background(), start); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		starts, reminders, firstReminder := 0, 0, time.Time{}
		for _, p := range n.sent {
			if p.at.After(p.expires) {
				b.Fatalf("a %s went out at %s, after it expired at %s", p.kind, p.at.Format(time.TimeOnly), p.expires.Format(time.TimeOnly))
			}
			switch p.kind {
			case data.DeliveryMeetingStart:
				starts++
				if !firstReminder.IsZero() {
					b.Fatalf("a starting-now post waited behind a reminder (sent %s, first reminder %s)",
						p.at.Format(time.TimeOnly), firstReminder.Format(time.TimeOnly))
				}
				lastStart = p.at.Sub(start)
			default:
				reminders++
				if firstReminder.IsZero() {
					firstReminder = p.at
				}
			}
			lastPost = p.at.Sub(start)
		}
		if starts != 10000 || reminders != 26000 {
			b.Fatalf("sent %d starting-now posts and %d reminders, want 10,000 and 26,000 (the rest expired unsent)", starts, reminders)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(lastStart.Minutes(), "min-to-last-start")
	b.ReportMetric(lastPost.Minutes(), "min-to-last-post")
	b.ReportMetric(float64(total)/(b.Elapsed().Seconds()/float64(b.N)), "posts/s")
}
