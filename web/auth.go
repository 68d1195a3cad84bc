package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

const (
	sessionCookie = "kindred_session"
	loginCookie   = "kindred_login" // the OAuth2 state, bound to this browser
)

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// safeNext keeps a post-login destination only when it is a dashboard
// path of this site, so the login cannot be used to redirect elsewhere.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/dashboard") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/dashboard"
}

// clientIP is the address a login is counted against. Behind a reverse
// proxy on this machine (a loopback peer) it is the address the proxy
// appended to X-Forwarded-For; otherwise the peer's own, which a client
// cannot forge.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}

// login starts "Log in with Discord": a random state goes in a short-lived
// cookie and in the authorize URL; the callback accepts only a matching
// pair, so a login cannot be started on someone's behalf.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.oauth == nil {
		s.problem(w, r, http.StatusServiceUnavailable, "web.error.no_dashboard")
		return
	}
	if !s.limiter.allow(clientIP(r)) {
		w.Header().Set("Retry-After", "60")
		s.problem(w, r, http.StatusTooManyRequests, "web.error.too_many_logins")
		return
	}
	state, err := randomToken()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: state + "|" + url.QueryEscape(safeNext(r.URL.Query().Get("next"))),
		Path: "/auth", MaxAge: 600, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, s.oauth.AuthCodeURL(state), http.StatusFound)
}

// callback finishes the login: it checks the state against the cookie,
// swaps the code for a token, asks Discord who the user is and which
// servers they are in, and starts a new session (a session held before
// is ended: the ID changes on every login). The token is then dropped.
func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	if s.oauth == nil {
		s.problem(w, r, http.StatusServiceUnavailable, "web.error.no_dashboard_short")
		return
	}
	c, err := r.Cookie(loginCookie)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/auth", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if err != nil {
		s.problem(w, r, http.StatusBadRequest, "web.error.login_expired")
		return
	}
	state, nextEsc, _ := strings.Cut(c.Value, "|")
	q := r.URL.Query()
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(q.Get("state"))) != 1 {
		s.problem(w, r, http.StatusBadRequest, "web.error.login_mismatch")
		return
	}
	if q.Get("error") != "" {
		s.problem(w, r, http.StatusForbidden, "web.error.login_declined")
		return
	}
	ctx := context.WithValue(r.Context(), oauth2.HTTPClient, s.client)
	tok, err := s.oauth.Exchange(ctx, q.Get("code"))
	if err != nil {
		s.log.Warn("web: login: code exchange failed", "err", redactErr(err))
		s.problem(w, r, http.StatusBadGateway, "web.error.login_no_token")
		return
	}
	var me struct {
		ID         string  `json:"id"`
		Username   string  `json:"username"`
		GlobalName *string `json:"global_name"`
		Locale     string  `json:"locale"` // the language they use Discord in
	}
	if err := s.discordGet(ctx, tok, "/users/@me", &me); err != nil {
		s.log.Warn("web: login: read user", "err", err)
		s.problem(w, r, http.StatusBadGateway, "web.error.login_no_user")
		return
	}
	var guilds []struct {
		ID string `json:"id"`
	}
	if err := s.discordGet(ctx, tok, "/users/@me/guilds", &guilds); err != nil {
		s.log.Warn("web: login: read servers", "err", err)
		s.problem(w, r, http.StatusBadGateway, "web.error.login_no_servers")
		return
	}
	ids := make([]string, 0, len(guilds))
	for _, g := range guilds {
		if _, _, ok := s.opt.Discord.WebGuild(g.ID); ok { // only servers Kindred is in
			ids = append(ids, g.ID)
		}
	}
	name := me.Username
	if me.GlobalName != nil && *me.GlobalName != "" {
		name = *me.GlobalName
	}
	var old string
	if oc, err := r.Cookie(sessionCookie); err == nil {
		old = oc.Value
	}
	sess, err := s.opt.Store.CreateWebSession(r.Context(), me.ID, name, ids, s.opt.SessionTTL, old)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if l := i18n.Match(me.Locale); l != "" {
		s.setLangCookie(w, l) // the dashboard speaks their Discord language
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.ID, Path: "/", MaxAge: int(s.opt.SessionTTL / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	s.log.Info("web: moderator logged in", "user", me.ID)
	next, _ := url.QueryUnescape(nextEsc)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// redactErr keeps an OAuth2 error's kind but not the response body,
// which may echo codes.
func redactErr(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return fmt.Sprintf("token endpoint answered %d %s", re.Response.StatusCode, re.ErrorCode)
	}
	return "token request failed"
}

func (s *Server) discordGet(ctx context.Context, tok *oauth2.Token, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.apiBase+path, nil)
	if err != nil {
		return err
	}
	tok.SetAuthHeader(req)
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/kindred-bot/kindred, web)")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.opt.Store.DeleteWebSession(r.Context(), c.Value); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// session returns the visitor's live session.
func (s *Server) session(r *http.Request) (data.WebSession, bool, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return data.WebSession{}, false, nil
	}
	sess, err := s.opt.Store.WebSession(r.Context(), c.Value)
	if errors.Is(err, data.ErrNotFound) {
		return data.WebSession{}, false, nil
	}
	if err != nil {
		return data.WebSession{}, false, err
	}
	return sess, true, nil
}

// mod is a request a moderator of the server in the URL is making.
type mod struct {
	sess     data.WebSession
	guildID  string
	guild    string
	icon     string
	settings data.Settings
	p        *i18n.Printer // the moderator's language (see lang.go)
}

// page returns a page for this moderator's server.
func (m *mod) page(title, section string, d any) *page {
	return &page{Title: title, User: m.sess.Username, GuildID: m.guildID, Guild: m.guild, Icon: m.icon, Section: section, Data: d, P: m.p}
}

// moderator checks, on every request, that the visitor is logged in and
// moderates the server in the URL by the slash commands' rule (Manage
// Server, or the server's moderator role), as the bot sees the server now.
func (s *Server) moderator(w http.ResponseWriter, r *http.Request) (*mod, bool) {
	sess, ok, err := s.session(r)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if !ok {
		if r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		} else {
			s.problem(w, r, http.StatusUnauthorized, "web.error.session_expired")
		}
		return nil, false
	}
	guildID := r.PathValue("guild")
	name, icon, inGuild := "", "", false
	if snowflakeRE.MatchString(guildID) {
		name, icon, inGuild = s.opt.Discord.WebGuild(guildID)
	}
	if !inGuild {
		s.problem(w, r, http.StatusNotFound, "web.error.no_server")
		return nil, false
	}
	roles, manage, err := s.opt.Discord.WebMember(r.Context(), guildID, sess.UserID)
	if err != nil {
		s.log.Info("web: access check: not a member or unknown", "guild", guildID, "user", sess.UserID, "err", err)
		s.problem(w, r, http.StatusForbidden, "web.error.not_moderator")
		return nil, false
	}
	st, err := s.opt.Store.Settings(r.Context(), guildID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if !manage && !st.IsModerator(roles) {
		s.problemIn(w, r, http.StatusForbidden, s.dashboardPrinter(w, r, st.Language()), "web.error.not_moderator_role")
		return nil, false
	}
	return &mod{sess: sess, guildID: guildID, guild: name, icon: icon, settings: st, p: s.dashboardPrinter(w, r, st.Language())}, true
}

type serverLink struct{ ID, Name, Icon string }

// dashboardHome lists the servers the visitor moderates.
func (s *Server) dashboardHome(w http.ResponseWriter, r *http.Request) {
	sess, ok, err := s.session(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		p := s.dashboardPrinter(w, r, "")
		s.render(w, r, http.StatusOK, "login", &page{Title: p.T("web.login.title"), P: p})
		return
	}
	var list []serverLink
	for _, id := range sess.GuildIDs {
		name, icon, ok := s.opt.Discord.WebGuild(id)
		if !ok {
			continue
		}
		roles, manage, err := s.opt.Discord.WebMember(r.Context(), id, sess.UserID)
		if err != nil {
			continue
		}
		st, err := s.opt.Store.Settings(r.Context(), id)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if manage || st.IsModerator(roles) {
			list = append(list, serverLink{ID: id, Name: name, Icon: icon})
		}
	}
	p := s.dashboardPrinter(w, r, "")
	s.render(w, r, http.StatusOK, "servers", &page{Title: p.T("web.layout.your_servers"), User: sess.Username, Data: list, P: p})
}
