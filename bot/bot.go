// Package bot is Kindred's Discord runtime: the only package that holds a
// discordgo session. It syncs command definitions, routes interactions to
// the handlers in package commands through middleware (recover, log,
// permission, automatic defer), sends their responses, and sends messages
// for features and the scheduler.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/metrics"
)

// Intents are the gateway intents Kindred asks for. Interactions arrive
// whatever the intents; Guilds brings the channels, roles and Kindred's
// own member needed for permission checks. GuildMembers, the one
// privileged intent (Server Members in the developer portal), brings
// members leaving and joining, so that a departed member's data is
// deleted after the server's grace period unless they come back.
//
// DirectMessages brings the DMs members send Kindred, for two purposes: the
// stop word ("stop" alone) that ends every DM Kindred sends on its own,
// and the safety net, which answers a DM with crisis language privately.
// Content of DMs to a bot needs no privileged intent.
//
// GuildScheduledEvents brings the Events tab's news: a moderator deleting
// one of Kindred's events, and members marking "Interested".
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMembers | discordgo.IntentsDirectMessages |
	discordgo.IntentsGuildScheduledEvents

// Config is what a Bot is built from.
type Config struct {
	// Token is the bot token, without the "Bot " prefix.
	Token string
	// ApplicationID is read from the API when empty.
	ApplicationID string
	// GuildID, when set, syncs commands to that one server (instant, for
	// development) instead of globally.
	GuildID string
	// APIURL replaces Discord's REST base (https://discord.com/api), for
	// example to go through a rate-limit proxy. Empty means Discord's.
	APIURL string
	// HTTPClient sends REST requests. nil means a client with a timeout.
	HTTPClient *http.Client
	// Store is Kindred's database.
	Store *data.Store
	// Log receives the runtime's logs. nil discards them.
	Log *slog.Logger
	// Now is the clock. nil means time.Now.
	Now func() time.Time
	// DeferAfter is how long a handler may run before the bot defers its
	// reply, well inside Discord's 3-second deadline. 0 means 1.5s.
	DeferAfter time.Duration
	// ShutdownGrace bounds how long shutdown waits for in-flight
	// interactions. 0 means 10s.
	ShutdownGrace time.Duration
	// ShardCount is how many gateway shards the application runs; 0 means
	// as many as Discord recommends (GET /gateway/bot).
	ShardCount int
	// ShardIDs are the shards this process runs; empty means all of them.
	// Several processes on one database split the shards between them.
	ShardIDs []int
	// IdentifyInterval is the wait between two shards identifying in the
	// same bucket. 0 means Discord's 5 s; tests shorten it.
	IdentifyInterval time.Duration
	// WelcomeRetries are the waits before each new try of a server's
	// welcome post that failed for a reason that may pass. nil means 1, 5
	// and 30 minutes; tests shorten them.
	WelcomeRetries []time.Duration
	// WebsiteURL is the website's public address, for links commands
	// give (such as "Add to calendar"); "" when the website is off.
	WebsiteURL string
	// Commands builds the commands to serve. nil means commands.All.
	Commands func(commands.Deps) []*commands.Command
	// Metrics records interactions, deliveries, REST requests and the
	// gateway's state. nil records nothing.
	Metrics *metrics.Metrics
	// QuietStart is how long the bot waits before its first REST request,
	// so that its pace and that of the process it replaces never add up
	// past Discord's global limit. 0 means none; kindred run uses
	// DefaultQuietStart.
	QuietStart time.Duration
}

// Bot is a running Kindred connection to Discord.
type Bot struct {
	cfg     Config
	log     *slog.Logger
	session *discordgo.Session
	router  *router
	send    *sender

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup

	shards *shardSet // set by Run before connecting

	welcomes welcomeQueue

	ready chan struct{}
	once  sync.Once
}

// New builds a bot. It does not connect until Run.
func New(cfg Config) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("bot: no Discord token")
	}
	if cfg.Store == nil {
		return nil, errors.New("bot: no store")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Log = RedactingLogger(cfg.Log, cfg.APIURL)
	if cfg.WelcomeRetries == nil {
		cfg.WelcomeRetries = defaultWelcomeRetries
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = 1500 * time.Millisecond
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.Commands == nil {
		cfg.Commands = commands.All
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("bot: new session: %w", err)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second, Transport: discordTransport()}
	}
	if cfg.APIURL != "" {
		base, err := url.Parse(strings.TrimSuffix(cfg.APIURL, "/"))
		if err != nil || base.Scheme == "" || base.Host == "" {
			return nil, fmt.Errorf("bot: api_url %q is not an absolute URL", cfg.APIURL)
		}
		c := *client
		c.Transport = &rebaseTransport{base: base, next: transportOf(client)}
		client = &c
	}
	if cfg.Metrics != nil {
		c := *client
		c.Transport = cfg.Metrics.Transport(transportOf(client))
		client = &c
	}
	s.Client = client
	s.Client = pacedClient(client, newPacer(sendRate, sendBurst, cfg.QuietStart))
	s.Identify.Intents = Intents
	s.LogLevel = discordgo.LogError
	leanState(s)
	b := &Bot{cfg: cfg, log: cfg.Log, session: s, ready: make(chan struct{})}
	b.send = newSender(s, cfg.Log)
	b.send.sessionFor, b.send.channelOf = b.sessionFor, b.channelOf
	b.router = newRouter(cfg.Commands(commands.Deps{Store: cfg.Store, Discord: b.send, Members: b, Log: cfg.Log, Fetch: commands.HTTPFetcher(client), WebsiteURL: cfg.WebsiteURL}))
	return b, nil
}

// Definitions returns the command definitions Kindred syncs, in the form of
// the body of Discord's bulk-overwrite call.
func Definitions(store *data.Store) []*discordgo.ApplicationCommand {
	return newRouter(commands.All(commands.Deps{Store: store})).definitions()
}

// Sender returns what features and the scheduler use to send messages.
func (b *Bot) Sender() commands.Discord { return b.send }

// DeleteMessage deletes a message Kindred posted, within the global rate
// limit. With it the bot is the scheduler's MessageDeleter, which deletes
// a departed member's shared posts with their data.
func (b *Bot) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	return b.send.DeleteMessage(ctx, channelID, messageID)
}

// Ready is closed once the bot is connected and its commands are synced.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Run connects to Discord, syncs commands, and serves interactions until
// ctx is done; then it stops taking interactions, waits (bounded) for
// those in flight, and disconnects.
func (b *Bot) Run(ctx context.Context) error {
	s := b.session
	if b.cfg.ApplicationID == "" {
		if err := b.patiently(ctx, "read the application ID", func() error {
			app, err := s.Application("@me")
			if err == nil {
				b.cfg.ApplicationID = app.ID
			}
			return err
		}); err != nil {
			return err
		}
	}
	if err := b.patiently(ctx, "sync commands", func() error { return b.syncCommands(ctx) }); err != nil {
		return err
	}
	maxConcurrency, err := b.planShards(ctx)
	if err != nil {
		return err
	}
	// Event handlers finish their work even while shutting down.
	ctx, stop := context.WithoutCancel(ctx), ctx.Done()
	for _, id := range b.shards.ids {
		b.addHandlers(ctx, b.shards.sessions[id])
	}
	if err := b.openShards(ctx, maxConcurrency); err != nil {
		return err
	}
	b.log.Info("connected to Discord", "application", b.cfg.ApplicationID, "shards", len(b.shards.ids), "shard_count", b.shards.count)
	b.once.Do(func() { close(b.ready) })
	go b.reconcileEvents(ctx, stop)

	<-stop
	return b.shutdown()
}

// addHandlers routes one shard's gateway events to the bot.
func (b *Bot) addHandlers(ctx context.Context, s *discordgo.Session) {
	// discordgo runs each handler in a goroutine of its own, where a panic
	// would end the process: guard recovers and logs it.
	s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		defer b.guard("INTERACTION_CREATE", func() string { return ic.GuildID })
		b.onInteraction(ic.Interaction)
	})
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
		defer b.guard("GUILD_CREATE", func() string { return g.ID })
		b.onGuildCreate(ctx, g.Guild)
	})
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildDelete) {
		defer b.guard("GUILD_DELETE", func() string { return g.ID })
		b.onGuildDelete(ctx, g)
	})
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		defer b.guard("MESSAGE_CREATE", func() string { return m.GuildID })
		b.onDirectMessage(ctx, m.Message)
	})
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberRemove) {
		defer b.guard("GUILD_MEMBER_REMOVE", func() string { return m.GuildID })
		b.onMemberLeft(ctx, m.Member)
	})
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberAdd) {
		defer b.guard("GUILD_MEMBER_ADD", func() string { return m.GuildID })
		b.onMemberJoined(ctx, m.Member)
	})
	s.AddHandler(func(s *discordgo.Session, g *discordgo.GuildCreate) {
		defer b.guard("GUILD_CREATE", func() string { return g.ID })
		keepOwnMember(s.State, g.Guild)
	})
	s.AddHandler(func(s *discordgo.Session, m *discordgo.GuildMemberUpdate) {
		defer b.guard("GUILD_MEMBER_UPDATE", func() string { return m.GuildID })
		b.onOwnMemberUpdate(s.State, m.Member)
	})
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildUpdate) {
		defer b.guard("GUILD_UPDATE", func() string { return g.ID })
		b.recordGuildName(ctx, g.Guild)
	})
	s.AddHandler(func(_ *discordgo.Session, c *discordgo.ChannelDelete) {
		defer b.guard("CHANNEL_DELETE", func() string { return c.GuildID })
		b.onConfiguredGone(ctx, c.GuildID, c.ID, data.KindChannel, "#"+c.Name)
	})
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.GuildRoleDelete) {
		defer b.guard("GUILD_ROLE_DELETE", func() string { return r.GuildID })
		b.onConfiguredGone(ctx, r.GuildID, r.RoleID, data.KindRole, "a role")
	})
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		defer b.guard("READY", func() string { return "" })
		b.onReady(ctx, s.State, r)
	})
	b.addEventHandlers(ctx, s)
	// Every connection after a shard's first is a reconnect; the gauge is
	// up while all of this process's shards are.
	var connects atomic.Int64
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Connect) {
		b.cfg.Metrics.GatewayUp(b.shards.setUp(s.ShardID, true), connects.Add(1) > 1)
	})
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) {
		b.cfg.Metrics.GatewayUp(b.shards.setUp(s.ShardID, false), false)
	})
}

func (b *Bot) shutdown() error {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.cfg.ShutdownGrace):
		b.log.Warn("shutdown: gave up waiting for interactions in flight", "waited", b.cfg.ShutdownGrace)
	}
	if err := b.closeShards(); err != nil {
		return fmt.Errorf("bot: close gateway: %w", err)
	}
	b.log.Info("disconnected from Discord")
	return nil
}

// guard, deferred in a gateway event handler, recovers a panic and logs
// it with the event and server it was handling, so that the process
// keeps running. Interaction handlers have their own recovery, which
// answers the member; this is for what happens around them.
// The server's ID is read only after a panic, and safely: the event
// itself may be what is broken.
func (b *Bot) guard(event string, guildID func() string) {
	if p := recover(); p != nil {
		b.log.Error("panic recovered in a gateway event handler", "event", event, "guild", safeString(guildID),
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}

// safeString returns f(), or "" if f panics.
func safeString(f func() string) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return f()
}

// begin registers an interaction in flight, or reports that the bot is
// shutting down.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

// rebaseTransport sends requests for Discord's REST API to another base URL.
// discordgo's endpoints are fixed at package init, so this is the seam.
type rebaseTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rebaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" || !strings.HasPrefix(req.URL.Path, "/api/") {
		return t.next.RoundTrip(req)
	}
	// A shallow copy with its own URL, as Request.WithContext makes: the
	// headers are only read, so they need no copy.
	r := new(http.Request)
	*r = *req
	u := *req.URL
	r.URL = &u
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = t.base.Path + strings.TrimPrefix(req.URL.Path, "/api")
	if req.URL.RawPath != "" {
		r.URL.RawPath = t.base.Path + strings.TrimPrefix(req.URL.RawPath, "/api")
	}
	r.Host = t.base.Host
	return t.next.RoundTrip(r)
}

// discordTransport is the HTTP transport for Discord's API: the default,
// keeping enough idle connections for a burst. Over HTTP/2 (discord.com)
// requests share one connection anyway; over HTTP/1.1 (a REST proxy, or
// api_url) the default of 2 idle connections a host would close and dial
// again all but two of the connections a burst of interactions opened.
func discordTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}

func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}
