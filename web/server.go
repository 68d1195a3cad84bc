// Package web is Kindred's website: a public hub per server (guidelines,
// crisis lines, resources, upcoming meetings and their calendar feeds) and
// a moderator dashboard behind "Log in with Discord".
//
// It is one http.Handler built by New from Options, so the kindred binary
// (and a demo mode) can serve it. It reads and writes through package
// data, with the same validation as the slash commands; it asks the bot,
// through the Discord interface, who may moderate a server.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Discord is what the website needs of the bot: its own view of servers
// and members, so access is decided by what Discord tells the bot now,
// not by a login token's old claims.
type Discord interface {
	// WebGuild returns a server's name and icon URL; ok is false when
	// Kindred is not in it.
	WebGuild(guildID string) (name, iconURL string, ok bool)
	// WebMember returns a member's role IDs and whether they hold Manage
	// Server (or Administrator, or own the server). An error means no
	// access (not a member, or Discord could not say).
	WebMember(ctx context.Context, guildID, userID string) (roles []string, manageServer bool, err error)
	// WebChoices lists a server's text channels (roles false) or the
	// roles moderators can choose (roles true), as IDs and names, for
	// the dashboard's menus.
	WebChoices(guildID string, roles bool) (ids, names []string)
	// WebMemberName returns the name a member shows in a server (nickname,
	// else display name, else username) as the bot sees it, or "" when
	// the bot cannot say (they left, or Discord did not answer).
	WebMemberName(ctx context.Context, guildID, userID string) string
}

// Options configure the website.
type Options struct {
	// Store is Kindred's database.
	Store *data.Store
	// Discord is the bot's view of servers and members.
	Discord Discord
	// Sender is how the slash commands talk to Discord (bot.Bot.Sender):
	// the dashboard uses it to update a posted guidelines message and to
	// check Kindred can post in a chosen channel. nil skips both.
	Sender commands.Discord
	// PublicURL is the address people reach the site at, such as
	// https://kindred.example.org. Links, calendar UIDs and the OAuth2
	// redirect (PublicURL + "/auth/callback") are built from it.
	PublicURL string
	// ClientID and ClientSecret are the Discord application's OAuth2
	// credentials. Without a secret the dashboard is off; the hub works.
	ClientID     string
	ClientSecret string
	// DiscordURL is Discord's web origin, https://discord.com when empty:
	// OAuth2 pages live at /oauth2/authorize and /api/v10/oauth2/token,
	// the user API at /api/v10. Tests point it at the fake Discord.
	DiscordURL string
	// HTTPClient talks to Discord's OAuth2 and user API. nil means a
	// client with a 15-second timeout.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives the site's logs; nil discards them.
	Log *slog.Logger
	// SessionTTL is how long a dashboard login lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// LoginLimit is how many logins one address may start per minute; 0
	// means 10.
	LoginLimit int
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the website. It is an http.Handler.
type Server struct {
	opt     Options
	log     *slog.Logger
	public  *url.URL
	secure  bool
	oauth   *oauth2.Config
	apiBase string
	client  *http.Client
	pages   map[string]*template.Template
	handler http.Handler
	limiter *rateLimiter
}

// New builds the website from opt.
func New(opt Options) (*Server, error) {
	if opt.Store == nil || opt.Discord == nil {
		return nil, errors.New("web: a store and the bot are needed")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.SessionTTL == 0 {
		opt.SessionTTL = 12 * time.Hour
	}
	if opt.LoginLimit == 0 {
		opt.LoginLimit = 10
	}
	if opt.DiscordURL == "" {
		opt.DiscordURL = "https://discord.com"
	}
	if opt.PublicURL == "" {
		opt.PublicURL = "http://127.0.0.1:8080"
	}
	pub, err := url.Parse(strings.TrimSuffix(opt.PublicURL, "/"))
	if err != nil || (pub.Scheme != "http" && pub.Scheme != "https") || pub.Host == "" {
		return nil, fmt.Errorf("web: public_url %q is not an http(s) address", opt.PublicURL)
	}
	s := &Server{opt: opt, log: opt.Log, public: pub, secure: pub.Scheme == "https",
		apiBase: strings.TrimSuffix(opt.DiscordURL, "/") + "/api/v10", client: opt.HTTPClient,
		limiter: newRateLimiter(opt.LoginLimit, time.Minute, opt.Now)}
	if s.client == nil {
		s.client = &http.Client{Timeout: 15 * time.Second}
	}
	if opt.ClientSecret != "" && opt.ClientID != "" {
		base := strings.TrimSuffix(opt.DiscordURL, "/")
		s.oauth = &oauth2.Config{
			ClientID: opt.ClientID, ClientSecret: opt.ClientSecret,
			Endpoint: oauth2.Endpoint{AuthURL: base + "/oauth2/authorize", TokenURL: base + "/api/v10/oauth2/token",
				AuthStyle: oauth2.AuthStyleInHeader},
			RedirectURL: pub.String() + "/auth/callback",
			Scopes:      []string{"identify", "guilds"},
		}
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves the website.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	serveStatic := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static", files).ServeHTTP(w, r)
	}
	mux.HandleFunc("GET /static/style.css", serveStatic)
	mux.HandleFunc("GET /static/local-time.js", serveStatic)
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /{guild}", s.hub)
	mux.HandleFunc("GET /{guild}/{file}", s.calendar)

	mux.HandleFunc("GET /login", s.login)
	mux.HandleFunc("GET /auth/callback", s.callback)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /dashboard", s.dashboardHome)
	s.dashboardRoutes(mux)

	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(s.public.Scheme + "://" + s.public.Host); err != nil {
		s.log.Warn("web: trusted origin", "err", err)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, r, http.StatusForbidden, "web.error.cross_origin")
	}))
	return s.headers(cop.Handler(mux))
}

// csp allows only this site's own stylesheet and script (no inline
// script or style), Discord's CDN for server icons, and forms posting
// back here.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https://cdn.discordapp.com; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", &page{Title: "Kindred"})
}

// rateLimiter allows n events per key in each window.
type rateLimiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	now    func() time.Time
	seen   map[string][]time.Time
}

func newRateLimiter(n int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{n: n, window: window, now: now, seen: map[string][]time.Time{}}
}

// allow records an event for key and reports whether it is within limits.
func (l *rateLimiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.seen) > 10000 { // bound memory: forget everyone
		l.seen = map[string][]time.Time{}
	}
	kept := l.seen[key][:0]
	for _, t := range l.seen[key] {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= l.n {
		l.seen[key] = kept
		return false
	}
	l.seen[key] = append(kept, now)
	return true
}
