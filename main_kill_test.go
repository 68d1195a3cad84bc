package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// TestKillNineDuringAStormPostsEachDeliveryExactlyOnce builds the real
// kindred binary and runs it against the fake Discord, which lives in
// this test process, during a storm: 200 meetings in 10 servers (ten to a
// channel, behind Discord's 5-per-5-seconds channel bucket), each with a
// reminder due at once and a "starting now" post within two minutes,
// while message creates fail at random with 5xx (before and after the
// message is stored), stalls and 429s. The process is killed with
// SIGKILL at random moments at least 20 times and restarted on the same
// database. At the end every post is counted by the delivery marker it
// carries, the servers' welcome posts too: none missing, none twice.
func TestKillNineDuringAStormPostsEachDeliveryExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary for about a minute and a half")
	}
	bin := buildKindred(t)

	// Spec validation is left to the other tests: here it would make the
	// fake (in the race-instrumented test process) the bottleneck, and the
	// claim is about the process, not the wire format.
	fake := discordtest.New(t, discordtest.WithoutSpecValidation())
	fake.LimitChannelMessages(5, 5*time.Second)
	const servers, perChannel = 10, 10
	var channels []string
	var guilds []*discordtest.Guild
	for i := range servers {
		spec := discordtest.DefaultGuild()
		spec.Name = fmt.Sprintf("Server %d", i)
		g := fake.AddGuild(spec)
		guilds = append(guilds, g)
		channels = append(channels, g.ChannelID("general"), g.ChannelID("mod-log"))
	}

	// The meetings start at the first whole minute at least 75s away: the
	// reminders (15 minutes ahead) are due at once, the starting-now
	// posts then.
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "k.db")
	ctx := context.Background()
	start := time.Now().UTC().Add(75 * time.Second).Truncate(time.Minute).Add(time.Minute)
	t.Logf("the meetings start in %v", time.Until(start).Round(time.Second))
	sched, err := scheduler.Parse(fmt.Sprintf("every day at %02d:%02d", start.Hour(), start.Minute()))
	if err != nil {
		t.Fatal(err)
	}
	store, err := data.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var meetings []data.Meeting
	for i, ch := range channels {
		guild := guilds[i/2]
		for j := range perChannel {
			d, err := store.CreateMeetingDraft(ctx, data.Meeting{
				GuildID: guild.ID, Title: fmt.Sprintf("Kill group %d-%d", i, j), Schedule: sched.String(), Zone: "UTC",
				Duration: time.Hour, ChannelID: ch, Reminders: []time.Duration{15 * time.Minute}, CreatedBy: guild.Member("bob").User.ID,
			})
			if err != nil {
				t.Fatal(err)
			}
			m, err := store.ConfirmMeetingDraft(ctx, guild.ID, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			meetings = append(meetings, m)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, "[discord]\napi_url = \""+fake.URL()+"/api\"\n[database]\npath = \""+dbPath+"\"\n[log]\nformat = \"json\"\n")

	// Chaos: one message create in three fails one way or another. It is
	// decided for each create as it comes: faults injected on a timer
	// instead would pile up while few posts are due (between the reminders
	// and the starting-now posts) and then fail every create, whenever it
	// came, past every reminder's expiry, a storm no sender could survive.
	faults := []discordtest.Fault{
		{Status: http.StatusBadGateway, AfterEffect: true},          // discordgo retries it
		{Status: http.StatusInternalServerError, AfterEffect: true}, // stored, but reported failed
		{Status: http.StatusServiceUnavailable},                     // not stored
		{Status: http.StatusGatewayTimeout, AfterEffect: true, Stall: 2 * time.Second},
		{Status: http.StatusTooManyRequests, RetryAfter: 300 * time.Millisecond},
	}
	var failed atomic.Int64
	fake.Chaos("POST", "/channels/*/messages", func() (discordtest.Fault, bool) {
		if rand.IntN(3) != 0 {
			return discordtest.Fault{}, false
		}
		failed.Add(1)
		return faults[rand.IntN(len(faults))], true
	})
	stopChaos := func() { fake.Chaos("POST", "/channels/*/messages", nil) }
	defer stopChaos()

	logs := &lockedBuffer{ch: make(chan struct{}, 1)}
	startKindred := func() *exec.Cmd {
		cmd := exec.Command(bin, "-config", cfg, "run")
		cmd.Env = append(os.Environ(), tokenEnv+"="+fake.Token)
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	kills := 0
	for kills < 20 || time.Now().Before(start.Add(2*time.Second)) {
		cmd := startKindred()
		time.Sleep(2*time.Second + rand.N(2500*time.Millisecond))
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		kills++
	}
	stopChaos()

	// The last run finishes the job.
	cmd := startKindred()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	want := map[string]string{}           // nonce -> delivery key
	planned := map[string]data.Delivery{} // nonce -> delivery as planned
	store, err = data.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, m := range meetings {
		ds, err := store.Deliveries(ctx, m.GuildID, data.MeetingSource(m.ID))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			want[bot.DeliveryNonce(d)] = d.Key
			planned[bot.DeliveryNonce(d)] = d
		}
	}
	if got := len(want); got != 2*len(meetings) {
		t.Fatalf("planned %d deliveries, want %d", got, 2*len(meetings))
	}
	// Each server's welcome, posted as Kindred first starts, goes out
	// exactly once too.
	for _, g := range guilds {
		want[bot.WelcomeNonce(g.ID)] = "the welcome of " + g.Name
	}
	count := func() (map[string]int, int) {
		posts, unmarked := map[string]int{}, 0
		for _, ch := range channels {
			for _, m := range fake.Messages(ch) {
				n := bot.MarkerOf(m.Content)
				switch {
				case n != "":
					posts[n]++
				case strings.Contains(fmt.Sprint(m.Content, m.Embeds), "Kill group"):
					unmarked++
				}
			}
		}
		return posts, unmarked
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		posts, _ := count()
		done := true
		for n := range want {
			if posts[n] == 0 {
				done = false
			}
		}
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	posts, unmarked := count()
	missing, twice := 0, 0
	for n, key := range want {
		switch c := posts[n]; {
		case c == 0:
			missing++
			t.Errorf("%s: never posted", key)
			if d, ok := planned[n]; ok {
				t.Logf("%s: %s; its log:\n%s", key, deliveryRow(ctx, store, d), logOf(logs.String(), d.ID))
			}
		case c > 1:
			twice++
			t.Errorf("%s: posted %d times", key, c)
		}
	}
	for n := range posts {
		if _, ok := want[n]; !ok {
			t.Errorf("a post carries the marker of no delivery")
		}
	}
	if unmarked > 0 {
		t.Errorf("%d meeting posts carry no delivery marker", unmarked)
	}
	t.Logf("%d kills; %d deliveries: %d missing, %d posted twice; %d creates failed by chaos, %d nonce repeats answered by Discord, %d channel-bucket 429s",
		kills, len(want), missing, twice, failed.Load(), fake.NonceHits(), fake.ChannelRateLimited())
	if path := os.Getenv("KINDRED_KILL_LOG"); path != "" {
		os.WriteFile(path, []byte(logs.String()), 0o600)
	}
	if t.Failed() {
		out := logs.String()
		if len(out) > 20000 {
			out = out[len(out)-20000:]
		}
		t.Logf("last logs:\n%s", out)
	}
}

// deliveryRow describes a delivery's final row, and where it is in the
// log, for a delivery the storm lost.
func deliveryRow(ctx context.Context, store *data.Store, planned data.Delivery) string {
	d, err := store.Delivery(ctx, planned.GuildID, planned.ID)
	if err != nil {
		return fmt.Sprintf("delivery %d: %v", planned.ID, err)
	}
	return fmt.Sprintf("delivery id %d group %q: status %s, %d attempts, last error %q, due %s, expires %s, first claimed %s, claimed %s, sent %s, message %q",
		d.ID, d.Group, d.Status, d.Attempts, d.LastError, d.DueAt.Format(time.TimeOnly), d.ExpiresAt.Format(time.TimeOnly),
		d.FirstClaimedAt.Format(time.TimeOnly), d.ClaimedAt.Format(time.TimeOnly), d.SentAt.Format(time.TimeOnly), d.MessageID)
}

// logOf returns the lines of kindred's JSON log about delivery id.
func logOf(log string, id int64) string {
	var out []string
	for line := range strings.Lines(log) {
		if strings.Contains(line, fmt.Sprintf(`"delivery":%d,`, id)) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}
