package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// Gateway intents relevant to the fake's dispatch filtering.
const (
	intentGuilds         = 1 << 0
	intentGuildMembers   = 1 << 1
	intentGuildPresences = 1 << 8
	intentGuildMessages  = 1 << 9
	intentDirectMessages = 1 << 12
	intentMessageContent = 1 << 15
)

type gwEvent struct {
	seq   int64
	frame []byte
}

type gwSession struct {
	id      string
	seq     int64
	intents int64
	events  []gwEvent
	conn    *gwConn
	ready   bool  // READY or RESUMED sent on the current conn
	shard   []int // [id, count] from IDENTIFY, nil without
}

type gwConn struct {
	ws      *websocket.Conn
	mu      sync.Mutex // guards queue, closed
	queue   [][]byte
	closed  bool
	wake    chan struct{}
	done    chan struct{}
	once    sync.Once
	sess    *gwSession
	closeAt int // close code to send before closing (0 = abrupt)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (c *gwConn) send(frame []byte) {
	c.mu.Lock()
	if !c.closed {
		c.queue = append(c.queue, frame)
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *gwConn) setClose(code int) {
	c.mu.Lock()
	c.closeAt = code
	c.mu.Unlock()
}

func (c *gwConn) writer() {
	for {
		c.mu.Lock()
		q := c.queue
		c.queue = nil
		c.mu.Unlock()
		for _, f := range q {
			if err := c.ws.WriteMessage(websocket.TextMessage, f); err != nil {
				c.kill()
				return
			}
		}
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
	}
}

// kill closes the connection abruptly (no close frame) unless closeAt is set.
func (c *gwConn) kill() {
	c.once.Do(func() {
		c.mu.Lock()
		c.closed = true
		code := c.closeAt
		c.mu.Unlock()
		close(c.done)
		if code != 0 {
			_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, closeText(code)), timeNowPlus())
		}
		_ = c.ws.UnderlyingConn().Close()
	})
}

func closeText(code int) string {
	switch code {
	case 4000:
		return "Unknown error"
	case 4001:
		return "Unknown opcode"
	case 4002:
		return "Decode error"
	case 4003:
		return "Not authenticated"
	case 4004:
		return "Authentication failed"
	case 4005:
		return "Already authenticated"
	case 4007:
		return "Invalid seq"
	case 4009:
		return "Session timed out"
	case 4013:
		return "Invalid intent(s)"
	}
	return ""
}

func frame(op int, d any, seq *int64, t string) []byte {
	if raw, ok := d.(json.RawMessage); ok && seq != nil && t != "" {
		// A dispatch's payload is JSON already, made by json.Marshal:
		// written around, not encoded and checked again.
		b := make([]byte, 0, len(raw)+len(t)+40)
		b = append(b, `{"op":`...)
		b = strconv.AppendInt(b, int64(op), 10)
		b = append(b, `,"s":`...)
		b = strconv.AppendInt(b, *seq, 10)
		b = append(b, `,"t":`...)
		b = strconv.AppendQuote(b, t) // event names are A-Z and _
		b = append(b, `,"d":`...)
		b = append(b, raw...)
		return append(b, '}')
	}
	m := map[string]any{"op": op, "d": d, "s": nil, "t": nil}
	if seq != nil {
		m["s"] = *seq
	}
	if t != "" {
		m["t"] = t
	}
	b, _ := json.Marshal(m)
	return b
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("v"); v != "9" && v != "10" {
		s.violate("gateway: connect with unsupported v=%q (want 9 or 10)", v)
	}
	if e := r.URL.Query().Get("encoding"); e != "" && e != "json" {
		s.violate("gateway: encoding=%q not supported by the fake (want json)", e)
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	go c.writer()
	defer func() {
		c.kill()
		s.mu.Lock()
		delete(s.conns, c)
		if c.sess != nil && c.sess.conn == c {
			c.sess.conn = nil
			c.sess.ready = false
		}
		s.notifyLocked()
		s.mu.Unlock()
	}()

	c.send(frame(10, map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds(), "_trace": []string{"[\"discordtest\"]"}}, nil, ""))

	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			if ce, isClose := err.(*websocket.CloseError); isClose && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
				// Discord invalidates the session when the client closes with 1000/1001.
				s.mu.Lock()
				if c.sess != nil && s.sessions[c.sess.id] == c.sess {
					delete(s.sessions, c.sess.id)
				}
				s.mu.Unlock()
			}
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(msg, &p); err != nil {
			s.violate("gateway: undecodable payload %q", truncate(string(msg), 200))
			c.setClose(4002)
			return
		}
		switch p.Op {
		case 1: // heartbeat
			s.mu.Lock()
			s.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			c.send(frame(11, nil, nil, ""))
		case 2:
			if !s.gwIdentify(c, p.D) {
				return
			}
		case 6:
			if !s.gwResume(c, p.D) {
				return
			}
		case 3, 4: // presence / voice state update: accepted, ignored
			s.mu.Lock()
			authed := c.sess != nil
			s.mu.Unlock()
			if !authed {
				s.violate("gateway: op %d before IDENTIFY", p.Op)
				c.setClose(4003)
				return
			}
		case 8:
			s.gwRequestMembers(c, p.D)
		default:
			s.violate("gateway: unknown opcode %d", p.Op)
			c.setClose(4001)
			return
		}
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func (s *Server) tokenOK(tok string) bool {
	return tok == "Bot "+s.Token || tok == s.Token
}

func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) gwIdentify(c *gwConn, d json.RawMessage) bool {
	var id struct {
		Token      string         `json:"token"`
		Intents    *int64         `json:"intents"`
		Properties map[string]any `json:"properties"`
	}
	raw := map[string]any{}
	_ = json.Unmarshal(d, &raw)
	if err := json.Unmarshal(d, &id); err != nil {
		s.violate("gateway: bad IDENTIFY payload: %v", err)
		c.setClose(4002)
		return false
	}
	if !s.tokenOK(id.Token) {
		c.setClose(4004)
		return false
	}
	if id.Intents == nil {
		s.violate("gateway: IDENTIFY without intents")
		c.setClose(4013)
		return false
	}
	if s.cfg.noPrivileged && *id.Intents&privilegedIntents != 0 {
		c.setClose(4014) // Disallowed intent(s): off in the developer portal
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.sess != nil {
		s.violatef("gateway: second IDENTIFY on one connection")
		c.setClose(4005)
		return false
	}
	shard := shardOf(raw)
	if code := s.shardCloseLocked(shard); code != 0 {
		c.setClose(code)
		return false
	}
	s.identifies++
	s.identifyData = append(s.identifyData, raw)
	sess := &gwSession{id: newSessionID(), intents: *id.Intents, conn: c, ready: true, shard: shard}
	s.sessions[sess.id] = sess
	c.sess = sess
	guilds := []any{}
	for _, gid := range s.guildOrder {
		if sess.onShard(gid) {
			guilds = append(guilds, map[string]any{"id": gid, "unavailable": true})
		}
	}
	user := s.userJSON(*s.users[s.BotUserID])
	user["verified"] = true
	user["mfa_enabled"] = false
	user["email"] = nil
	ready := map[string]any{
		"v": 10, "user": user, "guilds": guilds, "session_id": sess.id, "session_type": "normal",
		"resume_gateway_url": s.GatewayURL(), "application": map[string]any{"id": s.AppID, "flags": 0},
		"private_channels": []any{}, "relationships": []any{}, "presences": []any{}, "user_settings": map[string]any{},
		"geo_ordered_rtc_regions": []any{"local"}, "guild_join_requests": []any{}, "_trace": []string{"[\"discordtest\"]"},
	}
	if sh, ok := raw["shard"]; ok && sh != nil {
		ready["shard"] = sh
	}
	s.emitLocked(sess, "READY", ready)
	for _, gid := range s.guildOrder {
		if sess.onShard(gid) {
			s.emitLocked(sess, "GUILD_CREATE", s.guildCreateForLocked(sess, s.guilds[gid]))
		}
	}
	s.notifyLocked()
	return true
}

func (s *Server) violatef(format string, args ...any) {
	// Like violate, for callers holding s.mu.
	s.violations = append(s.violations, sprintf(format, args...))
}

func (s *Server) guildCreateForLocked(sess *gwSession, gs *guildState) map[string]any {
	p := s.guildCreatePayloadLocked(gs)
	if sess.intents&intentGuildPresences == 0 {
		// Without GUILD_PRESENCES Discord only sends the bot's own member.
		members := []any{}
		for _, m := range gs.g.Members {
			if m.User.ID == s.BotUserID {
				members = append(members, s.memberJSON(gs.g.ID, m))
			}
		}
		p["members"] = members
	}
	return p
}

func (s *Server) gwResume(c *gwConn, d json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &r); err != nil {
		s.violate("gateway: bad RESUME payload: %v", err)
		c.setClose(4002)
		return false
	}
	if !s.tokenOK(r.Token) {
		c.setClose(4004)
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[r.SessionID]
	if sess == nil {
		// Not resumable: op 9 with d=false; the client must IDENTIFY.
		c.send(frame(9, false, nil, ""))
		return true
	}
	if r.Seq > sess.seq {
		c.setClose(4007)
		return false
	}
	s.resumes++
	if old := sess.conn; old != nil && old != c {
		old.sess = nil
		go old.kill()
	}
	sess.conn = c
	c.sess = sess
	for _, ev := range sess.events {
		if ev.seq > r.Seq {
			c.send(ev.frame)
			s.replayed++
		}
	}
	sess.ready = true
	s.emitLocked(sess, "RESUMED", map[string]any{"_trace": []string{"[\"discordtest\"]"}})
	s.notifyLocked()
	return true
}

func (s *Server) gwRequestMembers(c *gwConn, d json.RawMessage) {
	var r struct {
		GuildID string `json:"guild_id"`
		Nonce   string `json:"nonce"`
	}
	_ = json.Unmarshal(d, &r)
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[r.GuildID]
	if gs == nil || c.sess == nil {
		return
	}
	members := []any{}
	for _, m := range gs.g.Members {
		members = append(members, s.memberJSON(gs.g.ID, m))
	}
	p := map[string]any{"guild_id": r.GuildID, "members": members, "chunk_index": 0, "chunk_count": 1}
	if r.Nonce != "" {
		p["nonce"] = r.Nonce
	}
	s.emitLocked(c.sess, "GUILD_MEMBERS_CHUNK", p)
}

// emitLocked appends a dispatch to a session and sends it if connected.
func (s *Server) emitLocked(sess *gwSession, t string, d any) {
	sess.seq++
	seq := sess.seq
	f := frame(0, d, &seq, t)
	sess.events = append(sess.events, gwEvent{seq: seq, frame: f})
	if sess.conn != nil {
		sess.conn.send(f)
	}
}

func eventIntent(t string, d map[string]any) int64 {
	switch {
	case t == "GUILD_MEMBER_ADD" || t == "GUILD_MEMBER_REMOVE" || t == "GUILD_MEMBER_UPDATE":
		return intentGuildMembers
	case strings.HasPrefix(t, "MESSAGE_"):
		if g, _ := d["guild_id"].(string); g != "" {
			return intentGuildMessages
		}
		return intentDirectMessages
	case strings.HasPrefix(t, "GUILD_SCHEDULED_EVENT_"):
		return intentGuildScheduledEvents
	case strings.HasPrefix(t, "GUILD_") || strings.HasPrefix(t, "CHANNEL_") || strings.HasPrefix(t, "THREAD_"):
		return intentGuilds
	}
	return 0
}

// Dispatch sends a gateway dispatch (op 0) of type eventType with payload
// data to every gateway session whose intents cover the event. Sessions
// that are disconnected receive it on RESUME. Use it for events the fake
// has no helper for.
func (s *Server) Dispatch(eventType string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(eventType, data)
}

func (s *Server) dispatchLocked(eventType string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	var asMap map[string]any
	_ = json.Unmarshal(b, &asMap)
	s.sendLocked(eventType, b, asMap, eventIntent(eventType, asMap), eventGuild(eventType, asMap))
}

// dispatchInteractionLocked dispatches INTERACTION_CREATE with raw, the
// payload build made with json.Marshal, in guildID: the event needs no
// intent, so it is sent without being encoded or decoded again.
func (s *Server) dispatchInteractionLocked(raw []byte, guildID string) {
	s.sendLocked("INTERACTION_CREATE", raw, nil, 0, guildID)
}

// sendLocked sends the dispatch eventType with payload b (asMap decoded,
// for message events) to every session with the intent need and the
// shard of guild.
func (s *Server) sendLocked(eventType string, b []byte, asMap map[string]any, need int64, guild string) {
	for _, sess := range s.sessions {
		if need != 0 && sess.intents&need == 0 || !sess.onShard(guild) {
			continue
		}
		payload := json.RawMessage(b)
		if strings.HasPrefix(eventType, "MESSAGE_") && sess.intents&intentMessageContent == 0 && needsContentStrip(s, asMap) {
			stripped := map[string]any{}
			for k, v := range asMap {
				stripped[k] = v
			}
			stripped["content"] = ""
			stripped["embeds"] = []any{}
			stripped["attachments"] = []any{}
			stripped["components"] = []any{}
			sb, _ := json.Marshal(stripped)
			payload = sb
		}
		s.emitLocked(sess, eventType, payload)
	}
	s.notifyLocked()
}

// needsContentStrip reports whether Discord would blank the content of a
// message event for a session without the MESSAGE_CONTENT intent: the
// message is in a guild, not by the bot, and does not mention the bot.
func needsContentStrip(s *Server, m map[string]any) bool {
	if g, _ := m["guild_id"].(string); g == "" {
		return false
	}
	if au, _ := m["author"].(map[string]any); au == nil || au["id"] == s.BotUserID {
		return false
	}
	if ms, _ := m["mentions"].([]any); ms != nil {
		for _, u := range ms {
			if um, _ := u.(map[string]any); um["id"] == s.BotUserID {
				return false
			}
		}
	}
	return true
}

func (s *Server) hasReadySessionLocked() bool { return len(s.sessions) > 0 }

// DropSession abruptly closes every gateway connection (TCP close, no
// close frame), as when Discord or the network drops the bot. The session
// stays resumable: discordgo reconnects and sends RESUME, and the fake
// replays the dispatches the bot missed, then RESUMED.
func (s *Server) DropSession() { s.DropSessionWithCode(0) }

// DropSessionWithCode closes every gateway connection after sending a
// close frame with code (e.g. 4000 "Unknown error"); code 0 closes the TCP
// connection without a close frame.
func (s *Server) DropSessionWithCode(code int) {
	s.mu.Lock()
	var conns []*gwConn
	for c := range s.conns {
		c.setClose(code)
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
}

// InvalidateSessions forgets all gateway sessions, so the next RESUME is
// answered with op 9 (invalid session) and the bot must IDENTIFY again.
func (s *Server) InvalidateSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]*gwSession{}
}

// RequestReconnect sends op 7 (Reconnect) on every connection; discordgo
// closes and reconnects with RESUME.
func (s *Server) RequestReconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.send(frame(7, nil, nil, ""))
	}
}

// Identifies returns how many IDENTIFY (op 2) payloads were accepted.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Heartbeats returns how many heartbeats (op 1) were received (each is
// answered with op 11 HEARTBEAT_ACK).
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// WaitHeartbeats waits until at least n heartbeats were received.
func (s *Server) WaitHeartbeats(t TB, n int) {
	t.Helper()
	s.waitT(t, sprintf("%d heartbeats", n), func() bool { return s.heartbeats >= n })
}

// Replayed returns how many dispatches were re-sent on RESUME because the
// bot had not acknowledged them (by sequence number) before disconnecting.
func (s *Server) Replayed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replayed
}

// Resumes returns how many RESUME (op 6) payloads were accepted.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// IdentifyPayloads returns the "d" objects of all IDENTIFY payloads
// received (token included), oldest first.
func (s *Server) IdentifyPayloads() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.identifyData...)
}

// Connected reports whether a gateway session is currently connected and
// past READY/RESUMED.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectedLocked()
}

func (s *Server) connectedLocked() bool {
	for _, sess := range s.sessions {
		if sess.conn != nil && sess.ready {
			return true
		}
	}
	return false
}

// WaitConnected waits until a gateway session is connected (READY or
// RESUMED sent).
func (s *Server) WaitConnected(t TB) {
	t.Helper()
	s.waitT(t, "a connected gateway session", s.connectedLocked)
}

// WaitIdentifies waits until at least n IDENTIFYs were accepted.
func (s *Server) WaitIdentifies(t TB, n int) {
	t.Helper()
	s.waitT(t, sprintf("%d IDENTIFY", n), func() bool { return s.identifies >= n })
}

// WaitResumes waits until at least n RESUMEs were accepted and a session
// is connected again.
func (s *Server) WaitResumes(t TB, n int) {
	t.Helper()
	s.waitT(t, sprintf("%d RESUME", n), func() bool { return s.resumes >= n && s.connectedLocked() })
}
