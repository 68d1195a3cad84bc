package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultWaitTimeout is how long the Wait* helpers wait for the bot. It is
// generous because it bounds waiting for real work (the bot's goroutines),
// not a clock.
const DefaultWaitTimeout = 10 * time.Second

// Option configures a Server.
type Option func(*config)

type config struct {
	heartbeat time.Duration
	token     string
	specPath  string
	noSpec    bool
	botName   string

	noPrivileged bool

	shards, maxConcurrency int
	identifyInterval       time.Duration
}

// WithHeartbeatInterval sets the heartbeat_interval sent in HELLO (default
// 41.25 s, as Discord). Use a short interval (e.g. 50ms) to exercise
// heartbeating in tests.
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *config) { c.heartbeat = d }
}

// WithToken sets the bot token the fake accepts (default "test-token").
// REST requests must carry "Authorization: Bot <token>" and IDENTIFY/RESUME
// must carry the same token, else 401 / close code 4004.
func WithToken(token string) Option {
	return func(c *config) { c.token = token }
}

// WithSpec validates against the OpenAPI document at path instead of the
// one found via KINDRED_DISCORD_SPEC or the repository layout.
func WithSpec(path string) Option {
	return func(c *config) { c.specPath = path }
}

// WithoutSpecValidation disables OpenAPI validation for this server.
func WithoutSpecValidation() Option {
	return func(c *config) { c.noSpec = true }
}

// privilegedIntents are the intents an application must switch on in the
// developer portal: Server Members, Presence and Message Content.
const privilegedIntents = 1<<1 | 1<<8 | 1<<15

// WithPrivilegedIntentsOff makes the fake behave like an application whose
// privileged intents are off in the developer portal: an IDENTIFY that
// asks for one is closed with 4014 (Disallowed intent(s)).
func WithPrivilegedIntentsOff() Option {
	return func(c *config) { c.noPrivileged = true }
}

// WithBotName sets the bot user's username (default "Kindred").
func WithBotName(name string) Option {
	return func(c *config) { c.botName = name }
}

// Server is an in-process fake of Discord's REST API and gateway. Create it
// with New; it is closed automatically when the test ends.
type Server struct {
	// BotUserID is the bot user's snowflake.
	BotUserID string
	// AppID is the application's snowflake (equal to BotUserID, as for
	// every modern Discord bot).
	AppID string
	// Token is the bot token (without the "Bot " prefix).
	Token string
	// BotUsername is the bot user's username.
	BotUsername string

	tb   TB
	cfg  config
	http *httptest.Server
	spec *specValidator

	ids idGen

	mu            sync.Mutex
	changed       chan struct{}
	closed        bool
	requests      []*Request
	violations    []string
	faults        []*faultRule
	chaos         []*chaosRule
	delays        []*delayRule
	users         map[string]*User
	guilds        map[string]*guildState
	guildOrder    []string
	channels      map[string]*channelState
	messages      map[string]*messageRecord
	uploads       map[string]*File  // attachments members sent in interactions, by ID
	dmChannels    map[string]string // user ID -> channel ID
	dmClosed      map[string]bool
	globalCmds    []map[string]any
	guildCmds     map[string][]map[string]any
	cmdOptions    map[string][]*discordgo.ApplicationCommandOption // by command version
	interactions  map[string]*Interaction
	byToken       map[string]*Interaction
	sessions      map[string]*gwSession
	conns         map[*gwConn]struct{}
	identifies    int
	heartbeats    int
	replayed      int
	resumes       int
	identifyData  []map[string]any
	lastIdentify  map[int]time.Time // by shard bucket, with WithShards
	componentSeed int
	threads       threadState // threads.go
	forums        forumState  // forums.go
	events        *eventState // scheduled events (events.go)
	oauth         *oauthState

	// nonce.go: nonce dedupe and the channel message bucket.
	nonces          map[string]nonceEntry
	nonceHits       int
	chanLimitN      int
	chanLimitWindow time.Duration
	chanWindows     map[string]*chanWindow
	chanLimited     int
}

// New starts a fake Discord for the test. It registers t.Cleanup to close
// the server and to fail the test if any spec or protocol violation was
// recorded (see Violations).
//
// The OpenAPI spec is located through WithSpec, else the environment
// variable KINDRED_DISCORD_SPEC, else by walking up from the working
// directory looking for ../shared/discord-api-spec/openapi.json beside the
// repository root. When it is absent, validation is skipped with one t.Log
// line, except when CI=true, where the test fails.
func New(t TB, opts ...Option) *Server {
	t.Helper()
	cfg := config{heartbeat: 41250 * time.Millisecond, token: "test-token", botName: "Kindred"}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		tb:           t,
		cfg:          cfg,
		Token:        cfg.token,
		BotUsername:  cfg.botName,
		changed:      make(chan struct{}),
		users:        map[string]*User{},
		guilds:       map[string]*guildState{},
		channels:     map[string]*channelState{},
		messages:     map[string]*messageRecord{},
		uploads:      map[string]*File{},
		dmChannels:   map[string]string{},
		dmClosed:     map[string]bool{},
		guildCmds:    map[string][]map[string]any{},
		interactions: map[string]*Interaction{},
		byToken:      map[string]*Interaction{},
		sessions:     map[string]*gwSession{},
		conns:        map[*gwConn]struct{}{},
	}
	s.BotUserID = s.ids.next()
	s.AppID = s.BotUserID
	s.users[s.BotUserID] = &User{ID: s.BotUserID, Username: cfg.botName, Bot: true}

	if !cfg.noSpec {
		v, path, err := loadSpec(cfg.specPath)
		switch {
		case err != nil:
			t.Fatalf("discordtest: loading Discord OpenAPI spec %s: %v", path, err)
		case v == nil && strings.EqualFold(getenv("CI"), "true"):
			t.Fatalf("discordtest: Discord OpenAPI spec not found (set KINDRED_DISCORD_SPEC or provide ../shared/discord-api-spec/openapi.json); required when CI=true")
		case v == nil:
			t.Log("discordtest: Discord OpenAPI spec not found; skipping spec validation")
		}
		s.spec = v
	}

	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(func() {
		s.Close()
		if v := s.Violations(); len(v) > 0 {
			t.Errorf("discordtest: %d Discord API violation(s):\n  %s", len(v), strings.Join(v, "\n  "))
		}
	})
	return s
}

// Close closes all gateway connections and the HTTP server. It is called
// automatically at test cleanup and is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	s.http.CloseClientConnections()
	s.http.Close()
}

// URL returns the base URL of the fake's HTTP server (http://127.0.0.1:PORT).
func (s *Server) URL() string { return s.http.URL }

// GatewayURL returns the websocket URL returned by GET /gateway.
func (s *Server) GatewayURL() string {
	return "ws://" + strings.TrimPrefix(s.http.URL, "http://")
}

// SpecEnabled reports whether OpenAPI validation is active.
func (s *Server) SpecEnabled() bool { return s.spec != nil }

// HTTPClient returns an *http.Client whose transport sends every request,
// whatever its host (discord.com, cdn.discordapp.com, ...), to the fake.
// Set it as session.Client on a discordgo session.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: &rewriteTransport{s: s, base: s.http.Client().Transport}, Timeout: 20 * time.Second}
}

// NewSession returns a discordgo session configured for the fake (token,
// HTTP client). It is not opened; call Open and Close yourself.
func (s *Server) NewSession() *discordgo.Session {
	dg, err := discordgo.New("Bot " + s.Token)
	if err != nil {
		s.tb.Fatalf("discordtest: discordgo.New: %v", err)
	}
	dg.Client = s.HTTPClient()
	return dg
}

type rewriteTransport struct {
	s    *Server
	base http.RoundTripper
}

// RoundTrip sends req to the fake, keeping the original host in a header.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := *req.URL
	r2 := req.Clone(req.Context())
	r2.URL = &u
	r2.URL.Scheme = "http"
	r2.URL.Host = strings.TrimPrefix(t.s.http.URL, "http://")
	r2.Host = req.URL.Host
	r2.Header.Set("X-Discordtest-Original-Host", req.URL.Host)
	return t.base.RoundTrip(r2)
}

// Request is one REST request received by the fake.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the route path with the /api/vN prefix removed and
	// percent-decoding applied, e.g. "/channels/123/messages".
	Path string
	// APIVersion is the version from the URL prefix (9 for discordgo).
	APIVersion int
	// Query is the parsed query string.
	Query url.Values
	// Header are the request headers.
	Header http.Header
	// Body is the raw JSON body (for multipart requests: payload_json).
	Body []byte
	// JSON is Body decoded into any (nil when there is no JSON body).
	JSON any
	// Files are the uploaded files of a multipart request.
	Files []*File
	// Time is when the request arrived.
	Time time.Time
	// Status is the HTTP status the fake answered with.
	Status int
	// Response is the response body.
	Response []byte
}

// Requests returns a snapshot of all REST requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	return out
}

// RequestsTo returns the requests matching method ("" or "*" = any) and
// pattern. Patterns are matched segment by segment against Request.Path
// (no /api/vN prefix); a "*" or "{name}" segment matches any one segment.
// A pattern starting with "/" must match the whole path
// ("/channels/*/messages", "/channels/{channel_id}/messages"); otherwise it
// matches the trailing segments ("messages", "messages/*", "callback").
func (s *Server) RequestsTo(method, pattern string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if matchRoute(method, pattern, r.Method, r.Path) {
			out = append(out, r)
		}
	}
	return out
}

// Violations returns the recorded violations: requests or responses that
// fail the OpenAPI spec, unknown routes, and gateway protocol errors. The
// test fails at cleanup when this is non-empty.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// TakeViolations returns the recorded violations and clears them, so a
// test that provokes a violation on purpose can assert on it without
// failing at cleanup.
func (s *Server) TakeViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

func (s *Server) violate(format string, args ...any) {
	s.mu.Lock()
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
	s.notifyLocked()
	s.mu.Unlock()
}

type delayRule struct {
	method, pattern string
	d               time.Duration
}

// Delay delays every response to requests matching method and pattern by
// d (until changed; d == 0 removes the rule).
func (s *Server) Delay(method, pattern string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.delays {
		if r.method == method && r.pattern == pattern {
			s.delays = append(s.delays[:i], s.delays[i+1:]...)
			break
		}
	}
	if d > 0 {
		s.delays = append(s.delays, &delayRule{method: method, pattern: pattern, d: d})
	}
}

func matchRoute(method, pattern, gotMethod, path string) bool {
	if method != "" && method != "*" && !strings.EqualFold(method, gotMethod) {
		return false
	}
	anchored := strings.HasPrefix(pattern, "/")
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	gs := strings.Split(strings.Trim(path, "/"), "/")
	if len(ps) > len(gs) || (anchored && len(ps) != len(gs)) {
		return false
	}
	gs = gs[len(gs)-len(ps):]
	for i := range ps {
		if ps[i] == "*" || (strings.HasPrefix(ps[i], "{") && strings.HasSuffix(ps[i], "}")) {
			continue
		}
		if ps[i] != gs[i] {
			return false
		}
	}
	return true
}

// notifyLocked wakes up all waiters; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor waits until cond (called with s.mu held) returns true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return fmt.Errorf("discordtest: server closed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) waitT(t TB, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), DefaultWaitTimeout)
	defer cancel()
	if err := s.waitFor(ctx, cond); err != nil {
		t.Fatalf("discordtest: waiting for %s: %v", what, err)
	}
}

// apiError is a Discord JSON error response.
type apiError struct {
	status  int
	code    int
	message string
	errors  any
}

// body is the JSON error body. The field-level "errors" detail is not
// sent: Discord's real detail uses string codes ("BASE_TYPE_MAX_LENGTH"),
// which the OpenAPI spec's ErrorDetails/Error schema (integer code) does
// not allow; the detail is reported in the violation instead.
func (e *apiError) body() map[string]any {
	return map[string]any{"message": e.message, "code": e.code}
}

func errNotFound(code int, msg string) *apiError {
	return &apiError{status: http.StatusNotFound, code: code, message: msg}
}

var (
	errUnknownChannel     = errNotFound(10003, "Unknown Channel")
	errUnknownGuild       = errNotFound(10004, "Unknown Guild")
	errUnknownMember      = errNotFound(10007, "Unknown Member")
	errUnknownMessage     = errNotFound(10008, "Unknown Message")
	errUnknownUser        = errNotFound(10013, "Unknown User")
	errUnknownWebhook     = errNotFound(10015, "Unknown Webhook")
	errUnknownInteraction = errNotFound(10062, "Unknown interaction")
	errMissingAccess      = &apiError{status: http.StatusForbidden, code: 50001, message: "Missing Access"}
	errMissingPerms       = &apiError{status: http.StatusForbidden, code: 50013, message: "Missing Permissions"}
	errCannotDM           = &apiError{status: http.StatusForbidden, code: 50007, message: "Cannot send messages to this user"}
	errEmptyMessage       = &apiError{status: http.StatusBadRequest, code: 50006, message: "Cannot send an empty message"}
	errAlreadyAcked       = &apiError{status: http.StatusBadRequest, code: 40060, message: "Interaction has already been acknowledged."}
	errNotAuthor          = &apiError{status: http.StatusForbidden, code: 50005, message: "Cannot edit a message authored by another user"}
)

func invalidForm(field, code, msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body",
		errors: map[string]any{field: map[string]any{"_errors": []any{map[string]any{"code": code, "message": msg}}}}}
}

// response is what a route handler returns.
type response struct {
	status int
	body   any // marshalled to JSON unless nil
	raw    []byte
	ctype  string
}

// ok marshals body immediately (callers hold s.mu while body may be
// shared state).
func ok(body any) *response {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	return &response{status: http.StatusOK, raw: b}
}

func noContent() *response { return &response{status: http.StatusNoContent} }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if websocketRequested(r) {
		s.serveGateway(w, r)
		return
	}
	if s.serveOAuth(w, r) {
		return
	}
	host := r.Header.Get("X-Discordtest-Original-Host")
	if strings.HasPrefix(r.URL.Path, "/attachments/") || host == "cdn.discordapp.com" || host == "media.discordapp.net" {
		s.serveCDN(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := &Request{Method: r.Method, Query: r.URL.Query(), Header: r.Header.Clone(), Time: time.Now()}
	apiPath, version, okPrefix := stripAPIPrefix(r.URL.Path)
	req.Path, req.APIVersion = apiPath, version

	// Decode the body (JSON or multipart with payload_json).
	jsonBody := body
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "multipart/form-data" {
		var files []*File
		jsonBody, files = parseMultipart(body, params["boundary"])
		req.Files = files
	}
	req.Body = jsonBody
	if len(bytes.TrimSpace(jsonBody)) > 0 {
		var v any
		if err := json.Unmarshal(jsonBody, &v); err == nil {
			req.JSON = v
		}
	}

	s.mu.Lock()
	s.requests = append(s.requests, req)
	var delay time.Duration
	for _, d := range s.delays {
		if matchRoute(d.method, d.pattern, req.Method, req.Path) {
			delay += d.d
		}
	}
	fault := s.takeFaultLocked(req.Method, req.Path)
	limited := s.channelLimitLocked(req, w.Header())
	if limited != nil && fault == nil {
		fault = limited
	}
	s.mu.Unlock()

	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
	}
	if fault != nil && fault.Drop {
		dropConnection(w)
		return
	}

	var resp *response
	var specRoute bool
	switch {
	case !okPrefix:
		resp = s.unknownRoute(req)
	default:
		if s.spec != nil {
			specRoute = s.spec.validateRequest(s, req, r.Header.Get("Content-Type"))
		}
		if fault != nil && fault.AfterEffect && s.checkAuth(req) == nil {
			s.route(req)
		}
		if fault != nil {
			resp = faultResponse(req, fault)
		} else if aerr := s.checkAuth(req); aerr != nil {
			resp = &response{status: aerr.status, body: aerr.body()}
		} else {
			resp = s.route(req)
		}
	}

	var out []byte
	if resp.raw != nil {
		out = resp.raw
	} else if resp.body != nil {
		out, _ = json.Marshal(resp.body)
	}
	h := w.Header()
	if resp.body != nil || resp.raw != nil {
		ct := resp.ctype
		if ct == "" {
			ct = "application/json"
		}
		h.Set("Content-Type", ct)
	}
	if h.Get("X-RateLimit-Limit") == "" {
		setRateLimitHeaders(h, req, 50, 49, time.Second)
	}
	if fault != nil && fault == limited {
		h.Set("Retry-After", strconv.FormatFloat(fault.RetryAfter.Seconds(), 'f', -1, 64))
		h.Set("X-RateLimit-Scope", "user")
	} else if fault != nil && fault.Status == http.StatusTooManyRequests {
		setRateLimitHeaders(h, req, 50, 0, fault.RetryAfter)
		h.Set("Retry-After", strconv.FormatFloat(fault.RetryAfter.Seconds(), 'f', -1, 64))
		if fault.Global {
			h.Set("X-RateLimit-Global", "true")
			h.Set("X-RateLimit-Scope", "global")
		} else {
			h.Set("X-RateLimit-Scope", "user")
		}
	}
	if specRoute && s.spec != nil && resp.status < 500 {
		s.spec.validateResponse(s, req, r.Header.Get("Content-Type"), resp.status, h, out)
	}
	s.mu.Lock()
	req.Status = resp.status
	req.Response = out
	s.notifyLocked()
	s.mu.Unlock()
	if fault != nil && fault.Stall > 0 {
		select {
		case <-time.After(fault.Stall):
		case <-r.Context().Done():
		}
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(out)
}

func setRateLimitHeaders(h http.Header, req *Request, limit, remaining int, resetAfter time.Duration) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	reset := time.Now().Add(resetAfter)
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(resetAfter.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", bucketHash(req.Method+" "+routeTemplate(req.Path)))
}

func bucketHash(s string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return strconv.FormatUint(h, 16)
}

// routeTemplate replaces snowflakes and tokens with placeholders (for the
// rate-limit bucket header).
func routeTemplate(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if isSnowflake(seg) || len(seg) > 40 {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}

func faultResponse(req *Request, f *Fault) *response {
	msg := f.Message
	if msg == "" {
		if f.Status == http.StatusTooManyRequests {
			msg = "You are being rate limited."
		} else {
			msg = fmt.Sprintf("%d: %s", f.Status, http.StatusText(f.Status))
		}
	}
	body := map[string]any{"message": msg, "code": f.Code}
	if f.Status == http.StatusTooManyRequests {
		body["retry_after"] = f.RetryAfter.Seconds()
		body["global"] = f.Global
	}
	return &response{status: f.Status, body: body}
}

func (s *Server) unknownRoute(req *Request) *response {
	s.violate("unknown route: %s %s", req.Method, req.Path)
	return &response{status: http.StatusNotFound, body: map[string]any{"message": "404: Not Found", "code": 0}}
}

func (s *Server) checkAuth(req *Request) *apiError {
	// Interaction callbacks and webhook-token routes need no bot token.
	if strings.HasPrefix(req.Path, "/interactions/") || strings.HasPrefix(req.Path, "/webhooks/") || req.Path == "/gateway" {
		return nil
	}
	if _, bearer := s.bearerGrant(req); bearer && strings.HasPrefix(req.Path, "/users/@me") {
		return nil // a user's OAuth2 token (see oauth.go)
	}
	if req.Header.Get("Authorization") != "Bot "+s.Token {
		return &apiError{status: http.StatusUnauthorized, code: 0, message: "401: Unauthorized"}
	}
	return nil
}

func stripAPIPrefix(p string) (string, int, bool) {
	for _, v := range []int{9, 10} {
		pre := "/api/v" + strconv.Itoa(v)
		if p == pre || strings.HasPrefix(p, pre+"/") {
			rest := strings.TrimPrefix(p, pre)
			if rest == "" {
				rest = "/"
			}
			return rest, v, true
		}
	}
	return p, 0, false
}

func parseMultipart(body []byte, boundary string) ([]byte, []*File) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var payload []byte
	var files []*File
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		data, _ := io.ReadAll(p)
		name := p.FormName()
		if name == "payload_json" {
			payload = data
			continue
		}
		if p.FileName() != "" || strings.HasPrefix(name, "files[") {
			files = append(files, &File{Field: name, Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	}
	return payload, files
}

func websocketRequested(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

func (s *Server) serveCDN(w http.ResponseWriter, r *http.Request) {
	// /attachments/{channel}/{attachment}/{filename}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 4 && parts[0] == "attachments" {
		s.mu.Lock()
		f := s.uploads[parts[2]]
		for _, m := range s.messages {
			for i, a := range m.attachmentIDs {
				if a == parts[2] && i < len(m.files) {
					f = m.files[i]
				}
			}
		}
		s.mu.Unlock()
		if f != nil {
			if f.ContentType != "" {
				w.Header().Set("Content-Type", f.ContentType)
			}
			_, _ = w.Write(f.Data)
			return
		}
	}
	http.NotFound(w, r)
}

// idGen generates increasing snowflakes.
type idGen struct {
	mu   sync.Mutex
	last int64
}

const discordEpoch = 1420070400000

func (g *idGen) next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := (time.Now().UnixMilli() - discordEpoch) << 22
	if v <= g.last {
		v = g.last + 1
	}
	g.last = v
	return strconv.FormatInt(v, 10)
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// snowflakeTime returns the creation time encoded in a snowflake.
func snowflakeTime(id string) time.Time {
	v, _ := strconv.ParseInt(id, 10, 64)
	return time.UnixMilli((v >> 22) + discordEpoch)
}
