package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kindred-bot/kindred/demo"
	"github.com/kindred-bot/kindred/web"
)

// demoListen is where `kindred demo` serves: localhost only.
var demoListen = "127.0.0.1:8089"

// runDemo wires `kindred demo`: Kindred against the in-process fake
// Discord, and the website with the demo page at /demo/, on localhost.
func runDemo(ctx context.Context, fresh bool, stdout, stderr io.Writer) error {
	// Errors only: the seeded history's past celebrations are skipped as
	// too late, which would be a warning worth seeing in production.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	d, err := demo.Run(ctx, demo.Options{DBPath: "kindred-demo.db", Fresh: fresh, Log: log})
	if err != nil {
		return err
	}
	defer d.Close()
	site, err := web.New(web.Options{Store: d.Store, Discord: d.Bot, Sender: d.Bot.Sender(), Log: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", demoListen)
	if err != nil {
		// The usual port is taken: any free one will do.
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return fmt.Errorf("demo: listen: %w", err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/", site)
	mux.Handle("/demo/", http.StripPrefix("/demo", d.Handler()))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "Kindred demo: open http://%s/demo/\n", ln.Addr())
	select {
	case <-ctx.Done():
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
