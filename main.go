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
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // schedules must work on hosts without a zoneinfo database

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/metrics"
	"github.com/kindred-bot/kindred/scheduler"
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
  version        print the version
  help           print this help

flags:
  -config PATH   the config file (default kindred.toml, if present)
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
	wantArgs := map[string]int{"run": 0, "commands": 0, "check-config": 0, "backup": 1, "restore": 1, "version": 0, "help": 0}
	n, known := wantArgs[cmd]
	if !known {
		return usageError{fmt.Errorf("unknown command %q (want run, commands, check-config, backup, restore, version or help)", cmd)}
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
	}

	// backup and restore touch only the database: they need no token.
	cfg, err := loadConfig(*configPath, explicit, getenv, cmd != "backup" && cmd != "restore")
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
		Store:         store,
		Log:           log,
		Metrics:       m,
	})
	if err != nil {
		return err
	}
	// The scheduler sends reminders once the bot is connected, and stops
	// (finishing sends in flight) before the store closes.
	runner := &scheduler.Runner{Store: store, Notifier: b, Now: time.Now, Log: log.With("component", "scheduler"), Observe: m.Tick}
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
	log.Info("starting kindred", "version", versionString(), "database", cfg.Database.Path)
	if err := b.Run(ctx); err != nil {
		return err
	}
	log.Info("kindred stopped")
	return nil
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
