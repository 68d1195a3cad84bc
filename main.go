// Command kindred runs Kindred, a Discord bot for peer-support communities
// in mental-illness recovery.
//
// Usage:
//
//	kindred [-config PATH] [run]        connect to Discord and serve
//	kindred [-config PATH] commands     print the slash commands it syncs, as JSON
//	kindred [-config PATH] check-config validate the config and print it (token redacted)
//	kindred [-config PATH] backup PATH  write a consistent copy of the database
//	kindred version                     print the version
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
	"github.com/kindred-bot/kindred/scheduler"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kindred:", err)
		}
		var ue usageError
		if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const usage = `usage: kindred [-config PATH] [command]

commands:
  run            connect to Discord and serve (the default)
  commands       print the slash commands Kindred syncs, as JSON
  check-config   validate the config and print it, token redacted
  backup PATH    write a consistent copy of the database while Kindred runs
  version        print the version

flags:
  -config PATH   the config file (default kindred.toml, if present)
`

// usageError is a mistake on the command line.
type usageError struct{ error }

// run is kindred with its arguments, environment and output passed in, so
// tests can run it whole.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kindred", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	configPath := fs.String("config", "kindred.toml", "path to the config file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return err
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
				return err
			}
			return usageError{err}
		}
		rest = fs.Args()
		fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	}
	wantArgs := map[string]int{"run": 0, "commands": 0, "check-config": 0, "backup": 1, "version": 0}
	n, known := wantArgs[cmd]
	if !known {
		return usageError{fmt.Errorf("unknown command %q (want run, commands, check-config, backup or version)", cmd)}
	}
	if len(rest) != n {
		if cmd == "backup" {
			return usageError{errors.New("backup needs one argument: the path of the copy to write")}
		}
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd, rest)}
	}

	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "kindred", versionString())
		return nil
	case "commands":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(bot.Definitions(nil))
	}

	cfg, err := loadConfig(*configPath, explicit, getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "check-config":
		fmt.Fprintf(stdout, "# config is valid; kindred %s would use:\n%s", versionString(), cfg.redacted())
		return nil
	case "backup":
		return backup(ctx, cfg.Database.Path, rest[0])
	}
	log, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, log)
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
		QuietStart:    bot.DefaultQuietStart,
		Store:         store,
		Log:           log,
	})
	if err != nil {
		return err
	}
	// The scheduler sends reminders once the bot is connected, and stops
	// (finishing sends in flight) before the store closes.
	runner := &scheduler.Runner{Store: store, Notifier: b, Now: time.Now, Log: log.With("component", "scheduler")}
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

func backup(ctx context.Context, dbPath, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new path", dst)
	}
	store, err := data.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	return store.Backup(ctx, dst)
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
