package bot_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/metrics"
)

// harness runs the real bot, with a real SQLite file, against the fake
// Discord, the way `kindred run` wires them.
type harness struct {
	t      testing.TB
	fake   *discordtest.Server
	guild  *discordtest.Guild
	dbPath string
	clock  *fakeClock

	// metrics, when set before start, is given to the bot and the store.
	metrics *metrics.Metrics
	// configure, when set before start, adjusts the bot's config.
	configure func(*bot.Config)
	// logs, when set, receives the bot's logs (text, debug level).
	logs io.Writer

	store  *data.Store
	bot    *bot.Bot
	cancel context.CancelFunc
	done   chan error
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// harnessStart is the time every harness clock starts at.
var harnessStart = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// newHarness starts a fake Discord with the default test server, and the
// bot against it, and waits until the bot is connected and has welcomed
// the server.
func newHarness(t testing.TB, opts ...discordtest.Option) *harness {
	t.Helper()
	return newHarnessWith(t, nil, nil, opts...)
}

// newHarnessWithMetrics is newHarness with the bot and store recording to m.
func newHarnessWithMetrics(t testing.TB, m *metrics.Metrics, opts ...discordtest.Option) *harness {
	t.Helper()
	return newHarnessWith(t, m, nil, opts...)
}

// newHarnessLogging is newHarness with the bot's logs written to logs.
func newHarnessLogging(t testing.TB, logs io.Writer, opts ...discordtest.Option) *harness {
	t.Helper()
	return newHarnessWith(t, nil, logs, opts...)
}

func newHarnessWith(t testing.TB, m *metrics.Metrics, logs io.Writer, opts ...discordtest.Option) *harness {
	t.Helper()
	return newHarnessSetUp(t, func(h *harness) { h.metrics, h.logs = m, logs }, opts...)
}

// newDeployedHarness is newHarness with the bot reaching the fake the way
// a deployed Kindred does through api_url: its own HTTP client and
// transport, not the fake's. The interaction benchmarks use it, so that
// they measure the connections Kindred keeps, not the test client's.
func newDeployedHarness(t testing.TB, opts ...discordtest.Option) *harness {
	t.Helper()
	return newHarnessSetUp(t, func(h *harness) {
		h.configure = func(cfg *bot.Config) {
			cfg.HTTPClient = nil
			cfg.APIURL = h.fake.URL() + "/api"
		}
	}, opts...)
}

// newHarnessSetUp is newHarness with setup run on the harness before the
// bot starts.
func newHarnessSetUp(t testing.TB, setup func(*harness), opts ...discordtest.Option) *harness {
	t.Helper()
	h := &harness{
		t:      t,
		fake:   discordtest.New(t, opts...),
		dbPath: filepath.Join(t.TempDir(), "kindred.db"),
		clock:  &fakeClock{now: harnessStart},
	}
	setup(h)
	h.guild = h.fake.AddGuild(discordtest.DefaultGuild())
	h.start()
	h.fake.WaitMessage(t, h.guild.ChannelID("general"), nil)
	return h
}

// logger writes the bot's logs to the test log when -v is given.
func testLogger(t testing.TB) *slog.Logger {
	if !testing.Verbose() || os.Getenv("KINDRED_TEST_LOGS") == "" {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// logger is where the bot logs: logs if set, else testLogger.
func (h *harness) logger() *slog.Logger {
	if h.logs != nil {
		return slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return testLogger(h.t)
}

// start opens the store and runs the bot until stop.
func (h *harness) start() {
	h.t.Helper()
	store, err := data.Open(context.Background(), h.dbPath)
	if err != nil {
		h.t.Fatalf("open store: %v", err)
	}
	store.Now = h.clock.Now
	if h.metrics != nil {
		store.Observe = h.metrics.Query
	}
	cfg := bot.Config{
		Metrics:    h.metrics,
		Token:      h.fake.Token,
		HTTPClient: h.fake.HTTPClient(),
		Store:      store,
		Log:        h.logger(),
		Now:        h.clock.Now,
		// Under -race on a small machine a handler can take longer than
		// the production 1.5 s; the defer itself is tested on its own.
		DeferAfter: time.Minute,
	}
	if h.configure != nil {
		h.configure(&cfg)
	}
	b, err := bot.New(cfg)
	if err != nil {
		h.t.Fatalf("bot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.store, h.bot, h.cancel, h.done = store, b, cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-h.done:
		h.t.Fatalf("bot stopped before it was ready: %v", err)
	case <-time.After(discordtest.DefaultWaitTimeout):
		h.t.Fatal("bot did not connect")
	}
	h.t.Cleanup(h.stop)
}

// stop shuts the bot down gracefully and closes the store; it is safe to
// call twice.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("bot.Run: %v", err)
		}
	case <-time.After(discordtest.DefaultWaitTimeout):
		h.t.Error("bot did not shut down")
	}
	if err := h.store.Close(); err != nil {
		h.t.Errorf("close store: %v", err)
	}
}

// restart stops the bot and starts a new one on the same database.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// member returns a member of the test server by username: alice (the
// owner), bob (has the Moderator role) or carol.
func (h *harness) member(name string) discordtest.Member {
	h.t.Helper()
	m := h.guild.Member(name)
	if m.User.ID == "" {
		h.t.Fatalf("no member %q in the test server", name)
	}
	return m
}
