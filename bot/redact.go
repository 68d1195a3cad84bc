package bot

import (
	"context"
	"log/slog"
	"strings"

	"github.com/kindred-bot/kindred/data"
)

// discordBase is the REST base discordgo's endpoints are built on; with
// api_url set, requests go elsewhere (see rebaseTransport) but the
// errors net/http makes still name it.
const discordBase = "https://discord.com/api"

// RedactingLogger returns a logger that passes every message and
// attribute (errors included) through one redaction before l sees it:
// tokens in URLs (interaction callbacks, webhooks) and the IDs in URL
// paths are taken out (data.Redact), and, when apiURL is set, Discord's
// base URL in error text is replaced by it, so an error names where the
// request really went. Wrapping twice is harmless.
func RedactingLogger(l *slog.Logger, apiURL string) *slog.Logger {
	if _, ok := l.Handler().(redactHandler); ok {
		return l
	}
	return slog.New(redactHandler{next: l.Handler(), fix: redactor(apiURL)})
}

// redactor returns the redaction RedactingLogger applies to text.
func redactor(apiURL string) func(string) string {
	apiURL = strings.TrimSuffix(apiURL, "/")
	return func(s string) string {
		if apiURL != "" {
			s = strings.ReplaceAll(s, discordBase, apiURL)
		}
		return data.Redact(s)
	}
}

type redactHandler struct {
	next slog.Handler
	fix  func(string) string
	// attrs, redacted already, are added to each record rather than given
	// to next.WithAttrs, which formats them at once: every interaction
	// makes its loggers, and most log once or never.
	attrs []slog.Attr
}

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.fix(r.Message), r.PC)
	out.AddAttrs(h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	fixed := make([]slog.Attr, len(h.attrs), len(h.attrs)+len(attrs))
	copy(fixed, h.attrs)
	for _, a := range attrs {
		fixed = append(fixed, h.attr(a))
	}
	return redactHandler{next: h.next, fix: h.fix, attrs: fixed}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	next := h.next
	if len(h.attrs) > 0 {
		next = next.WithAttrs(h.attrs) // outside the group, as they were given
	}
	return redactHandler{next: next.WithGroup(name), fix: h.fix}
}

func (h redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.fix(v.String()))
	case slog.KindGroup:
		group := v.Group()
		fixed := make([]any, len(group))
		for i, g := range group {
			fixed[i] = h.attr(g)
		}
		return slog.Group(a.Key, fixed...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok && err != nil {
			return slog.String(a.Key, h.fix(err.Error()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
