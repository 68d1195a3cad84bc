package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Start-up errors that retrying cannot mend: the process should stop and
// say what to fix. Run wraps them; test with errors.Is.
var (
	// ErrBadToken is Discord refusing the bot token (HTTP 401, or gateway
	// close 4004).
	ErrBadToken = errors.New("Discord refused the bot token: reset it in the developer portal (your application > Bot > Reset Token) and give Kindred the new one")
	// ErrIntentsNotAllowed is Discord refusing a privileged intent
	// (gateway close 4014).
	ErrIntentsNotAllowed = errors.New("Discord refused Kindred's gateway intents: switch on Server Members Intent in the developer portal (your application > Bot > Privileged Gateway Intents)")
)

// Backoff between start-up attempts while Discord can't be reached.
const (
	firstRetry = 2 * time.Second
	maxRetry   = 30 * time.Second
)

// patiently runs one start-up step until it succeeds, Discord says the
// configuration is wrong, or ctx ends. Trouble reaching Discord (network
// errors, timeouts, 5xx, 429) is logged once per attempt and retried with
// backoff, so a host that boots before its network, or a Discord outage,
// does not stop Kindred.
func (b *Bot) patiently(ctx context.Context, step string, fn func() error) error {
	wait := firstRetry
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if fatal := startupFatal(err); fatal != nil {
			return fmt.Errorf("bot: %s at %s: %w", step, b.apiBase(), fatal)
		}
		if !retryable(err) {
			return fmt.Errorf("bot: %s: %w", step, err)
		}
		b.log.Warn("can't reach Discord's API; retrying", "api", b.apiBase(), "step", step,
			"retry_in", wait.String(), "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("bot: %s: gave up waiting for Discord: %w", step, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, maxRetry)
	}
}

// apiBase is the REST base Kindred talks to, for log lines.
func (b *Bot) apiBase() string {
	if b.cfg.APIURL != "" {
		return b.cfg.APIURL
	}
	return "https://discord.com/api"
}

// startupFatal returns the fix-naming error for failures retrying can't
// mend, or nil.
func startupFatal(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return ErrBadToken
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return ErrBadToken
		case 4014:
			return ErrIntentsNotAllowed
		}
	}
	return nil
}

// retryable reports whether a start-up failure may pass: the network
// (refused, unreachable, timed out, cut off), a REST answer of 5xx, 408 or
// 429, or a gateway close that asks for a reconnect. Anything else, such
// as a store error or a 400, is a fault retrying will not mend.
func retryable(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		s := re.Response.StatusCode
		return s >= 500 || s == http.StatusTooManyRequests || s == http.StatusRequestTimeout
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code < 4000 || ce.Code > 4999 || ce.Code == 4000 || ce.Code == 4008 || ce.Code == 4009
	}
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, websocket.ErrBadHandshake)
}
