// Command kindred runs Kindred, a Discord bot for peer-support communities
// in mental-illness recovery.
//
// Usage:
//
//	kindred [-config PATH] [run]        connect to Discord and serve
//	kindred [-config PATH] commands     print the slash commands it syncs, as JSON
//	kindred [-config PATH] check-config validate the config and print it (token redacted)
//	kindred [-config PATH] backup PATH  write a consistent copy of the database
//	kindred [-config PATH] restore PATH replace the database with a backup
//	kindred version                     print the version
//	kindred help                        print usage
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // schedules must work on hosts without a zoneinfo database

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/health"
	"github.com/kindred-bot/kindred/metrics"
	"github.com/kindred-bot/kindred/scheduler"
	"github.com/kindred-bot/kindred/web"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		var le loggedError
		if !errors.As(err, &le) {
			fmt.Fprintln(os.Stderr, "kindred:", err)
		}
		var ue usageError
		switch {
		case errors.As(err, &ue):
			os.Exit(2)
		case errors.Is(err, bot.ErrBadToken) || errors.Is(err, bot.ErrIntentsNotAllowed):
			// EX_CONFIG: a service manager should not restart into the
			// same refusal (contrib/kindred.service says so).
			os.Exit(exitConfig)
		}
		os.Exit(1)
	}
}

const usage = `usage: kindred [-config PATH] [command]

commands:
  run            connect to Discord and serve (the default)
  commands       print the slash commands Kindred syncs, as JSON
  check-config   validate the config and print it, token redacted
  backup PATH    write a consistent copy of the database (Kindred may be running)
  restore PATH   replace the database with the backup at PATH (stop Kindred first)
  health         ask the running Kindred whether it is ready (for HEALTHCHECK)
  version        print the version
  demo           try Kindred in your browser against a simulated Discord (no token)
  help           print this help

flags:
  -config PATH   the config file (default kindred.toml, if present)
  -fresh         demo: start on a new demo database
`

// exitConfig is the exit status for a configuration Discord refuses.
const exitConfig = 78

// usageError is a mistake on the command line.
type usageError struct{ error }

// loggedError is a fatal error run has already logged (as JSON, in JSON
// log mode), so main does not print it again.
type loggedError struct{ error }

func (e loggedError) Unwrap() error { return e.error }

// run is kindred with its arguments, environment and output passed in, so
// tests can run it whole.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kindred", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	configPath := fs.String("config", "kindred.toml", "path to the config file")
	fresh := fs.Bool("fresh", false, "demo: start on a new demo database")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return nil
		}
		return usageError{err}
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	cmd, rest := "run", fs.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
		// Flags may also follow the command: kindred run -config x.toml
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, usage)
				return nil
			}
			return usageError{err}
		}
		rest = fs.Args()
		fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	}
	wantArgs := map[string]int{"run": 0, "commands": 0, "check-config": 0, "backup": 1, "restore": 1, "version": 0, "help": 0, "health": 0, "demo": 0}
	n, known := wantArgs[cmd]
	if !known {
		return usageError{fmt.Errorf("unknown command %q (want run, demo, commands, check-config, backup, restore, health, version or help)", cmd)}
	}
	if *fresh && cmd != "demo" {
		return usageError{fmt.Errorf("-fresh is for kindred demo only, not %s", cmd)}
	}
	if len(rest) != n {
		switch cmd {
		case "backup":
			return usageError{errors.New("backup needs one argument: the path of the copy to write")}
		case "restore":
			return usageError{errors.New("restore needs one argument: the path of the backup to restore")}
		}
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd, rest)}
	}

	switch cmd {
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version":
		fmt.Fprintln(stdout, "kindred", versionString())
		return nil
	case "commands":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(bot.WireDefinitions(nil))
	case "demo":
		return runDemo(ctx, *fresh, stdout, stderr)
	}

	// backup, restore and health need no token.
	cfg, err := loadConfig(*configPath, explicit, getenv, cmd != "backup" && cmd != "restore" && cmd != "health")
	if err != nil {
		return err
	}
	switch cmd {
	case "check-config":
		fmt.Fprintf(stdout, "# config is valid; kindred %s would use:\n", versionString())
		for _, n := range cfg.notes {
			fmt.Fprintf(stdout, "# note: %s\n", n)
		}
		fmt.Fprint(stdout, cfg.redacted())
		return nil
	case "health":
		return probeHealth(ctx, cfg, stdout)
	case "backup":
		if err := data.BackupFile(ctx, cfg.Database.Path, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote a copy of %s to %s\n", cfg.Database.Path, rest[0])
		return nil
	case "restore":
		kept, err := data.Restore(ctx, rest[0], cfg.Database.Path, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %s from %s\n", cfg.Database.Path, rest[0])
		if kept != "" {
			fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
		}
		return nil
	}
	log, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	log = bot.RedactingLogger(log, cfg.Discord.APIURL)
	for _, n := range cfg.notes {
		log.Warn("config: " + n)
	}
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("kindred stopped on an error", "err", err)
		return loggedError{err}
	}
	return nil
}

func newLogger(cfg *config, w io.Writer) (*slog.Logger, error) {
	level, err := parseLevel(cfg.Log.Level)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

// serve opens the store and runs the bot and the scheduler until ctx is
// done, then shuts down in order: the bot (finishing interactions in
// flight) and the scheduler (finishing sends in flight), then the store.
func serve(ctx context.Context, cfg *config, log *slog.Logger) (err error) {
	store, err := data.Open(ctx, cfg.Database.Path)
	if err != nil {
		return err
	}
	m := metrics.New()
	store.Observe = m.Query
	defer func() {
		if cerr := store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	b, err := bot.New(bot.Config{
		Token:         cfg.Discord.Token,
		ApplicationID: cfg.Discord.ApplicationID,
		GuildID:       cfg.Discord.GuildID,
		APIURL:        cfg.Discord.APIURL,
		ShardCount:    cfg.Discord.ShardCount,
		ShardIDs:      cfg.Discord.ShardIDs,
		QuietStart:    bot.DefaultQuietStart,
		Store:         store,
		Log:           log,
		Metrics:       m,
		WebsiteURL:    cfg.websiteURL(),
	})
	if err != nil {
		return err
	}
	// The scheduler sends reminders once the bot is connected, and stops
	// (finishing sends in flight) before the store closes.
	runner := &scheduler.Runner{Store: store, Notifier: b, Now: time.Now, Log: log.With("component", "scheduler"), Observe: m.Tick}
	if len(cfg.Discord.ShardIDs) > 0 {
		// Several processes share the database: each sends its own shards'.
		runner.Shards = data.Shards{Count: cfg.Discord.ShardCount, IDs: cfg.Discord.ShardIDs}
	}
	schedCtx, stopScheduler := context.WithCancel(ctx)
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		select {
		case <-b.Ready():
			runner.Run(schedCtx)
		case <-schedCtx.Done():
		}
	}()
	defer func() { stopScheduler(); <-schedDone }()
	stopWeb, err := startWeb(ctx, cfg, store, b, opsHandler(store, b, runner, m), log.With("component", "web"))
	if err != nil {
		return err
	}
	defer stopWeb()
	log.Info("starting kindred", "version", versionString(), "database", cfg.Database.Path)
	if err := b.Run(ctx); err != nil {
		return err
	}
	log.Info("kindred stopped")
	return nil
}

// startWeb serves the website when web.listen is not empty. If the
// default address is taken the bot runs on without it (a warning says
// so); an address chosen in the config must be free.
func startWeb(ctx context.Context, cfg *config, store *data.Store, b *bot.Bot, ops http.Handler, log *slog.Logger) (stop func(), err error) {
	addr := cfg.webListen()
	if addr == "" {
		return func() {}, nil
	}
	site, err := web.New(web.Options{
		Store: store, Discord: b, Sender: b.Sender(), PublicURL: cfg.Web.PublicURL,
		ClientID: cfg.Discord.ApplicationID, ClientSecret: cfg.Web.ClientSecret,
		DiscordURL: discordWebURL(cfg.Discord.APIURL), Log: log,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if cfg.Web.Listen != nil && *cfg.Web.Listen == defaultListen && !cfg.webExplicit {
			log.Warn("website not started: the default address is in use; set web.listen to another address, or empty to turn the website off", "listen", addr, "err", err)
			return func() {}, nil
		}
		return nil, fmt.Errorf("web.listen %s: %w", addr, err)
	}
	// Health and metrics beside the website: /healthz, /readyz, /metrics.
	mux := http.NewServeMux()
	mux.Handle("/", site)
	mux.Handle("GET /healthz", ops)
	mux.Handle("GET /readyz", ops)
	mux.Handle("GET /metrics", ops)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("website stopped", "err", err)
		}
	}()
	log.Info("website listening", "listen", ln.Addr().String(), "public_url", cfg.Web.PublicURL, "dashboard", cfg.Web.ClientSecret != "")
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-done
	}, nil
}

// discordWebURL is Discord's web origin for OAuth2, from discord.api_url
// (which replaces https://discord.com/api): "" means Discord's own.
func discordWebURL(apiURL string) string {
	if apiURL == "" {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSuffix(apiURL, "/"), "/api")
}

func versionString() string {
	v := version
	bi, ok := debug.ReadBuildInfo()
	if v == "" && ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	if !ok {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-modified"
	}
	return v + " (" + rev + ")"
}

// opsHandler serves /healthz (alive: the store answers), /readyz (working:
// the gateway is connected and the scheduler ticked in the last two
// minutes; it wakes at least every 30 s) and /metrics.
func opsHandler(store *data.Store, b *bot.Bot, runner *scheduler.Runner, m *metrics.Metrics) http.Handler {
	h := &health.Handler{
		Live: map[string]health.Check{"store": func(ctx context.Context) error {
			if store.Ping(ctx) != nil {
				return errors.New("not answering")
			}
			return nil
		}},
		Ready: map[string]health.Check{
			"gateway": func(context.Context) error {
				if !b.Connected() {
					return errors.New("disconnected")
				}
				return nil
			},
			"scheduler": health.Recent(runner.LastTick, 2*time.Minute, time.Now),
		},
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", h)
	mux.Handle("GET /readyz", h)
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// probeHealth is `kindred health`: it asks the Kindred running with this
// config whether it is ready, on its web listener, and exits non-zero if
// not, for a container's HEALTHCHECK.
func probeHealth(ctx context.Context, cfg *config, stdout io.Writer) error {
	addr := cfg.webListen()
	if addr == "" {
		return errors.New("health: the website is off (web.listen is empty), so there is no health endpoint to ask")
	}
	// A listener on every address (0.0.0.0:8080, :8080) is asked on loopback.
	if host, port, err := net.SplitHostPort(addr); err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := health.Probe(ctx, addr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "kindred is ready")
	return nil
}
