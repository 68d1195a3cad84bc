package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// OAuth2 in the fake: the authorization code grant used by Kindred's
// website to log moderators in with Discord. /oauth2/authorize answers at
// once with a redirect carrying a code for the user chosen with
// SetOAuthUser (as if they pressed "Authorize"); /api/v10/oauth2/token
// swaps the code for a Bearer token; GET /users/@me and /users/@me/guilds
// with that token answer for the user and go through the OpenAPI
// validation like every other route (the token endpoint is not in
// Discord's spec, so it is checked by hand against Discord's docs).

// OAuthClientSecret is the client secret the fake's token endpoint
// accepts, with the application ID as client ID.
const OAuthClientSecret = "test-client-secret"

type oauthGrant struct {
	userID      string
	redirectURI string
	scope       string
}

type oauthState struct {
	user   string                // who authorizes next
	codes  map[string]oauthGrant // unused codes
	tokens map[string]oauthGrant // Bearer tokens
}

func (s *Server) oauthLocked() *oauthState {
	if s.oauth == nil {
		s.oauth = &oauthState{codes: map[string]oauthGrant{}, tokens: map[string]oauthGrant{}}
	}
	return s.oauth
}

// SetOAuthUser chooses the user who authorizes the next /oauth2/authorize
// requests ("" refuses them, as when someone presses Cancel).
func (s *Server) SetOAuthUser(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauthLocked().user = userID
}

// OAuthAuthorizeURL is the fake's authorize page (the browser-facing one).
func (s *Server) OAuthAuthorizeURL() string { return s.http.URL + "/oauth2/authorize" }

// OAuthTokenURL is the fake's token endpoint.
func (s *Server) OAuthTokenURL() string { return s.http.URL + "/api/v10/oauth2/token" }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// serveOAuth answers the OAuth2 pages that are not REST routes of the
// spec. It reports whether r was one of them.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case "/oauth2/authorize":
		s.oauthAuthorize(w, r)
	case "/api/oauth2/token", "/api/v9/oauth2/token", "/api/v10/oauth2/token":
		s.oauthToken(w, r)
	default:
		return false
	}
	return true
}

func (s *Server) oauthAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != s.AppID {
		s.violate("oauth2/authorize: want response_type=code and client_id=%s, got %q and %q", s.AppID, q.Get("response_type"), q.Get("client_id"))
		http.Error(w, "invalid client or response type", http.StatusBadRequest)
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Scheme != "http" && redirect.Scheme != "https") || redirect.Host == "" {
		s.violate("oauth2/authorize: bad redirect_uri %q", q.Get("redirect_uri"))
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	for _, sc := range strings.Fields(q.Get("scope")) {
		if sc != "identify" && sc != "guilds" && sc != "email" {
			s.violate("oauth2/authorize: unexpected scope %q", sc)
		}
	}
	back := redirect.Query()
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	s.mu.Lock()
	o := s.oauthLocked()
	if o.user == "" {
		s.mu.Unlock()
		back.Set("error", "access_denied")
		back.Set("error_description", "The resource owner or authorization server denied the request")
	} else {
		code := randomHex(15)
		o.codes[code] = oauthGrant{userID: o.user, redirectURI: q.Get("redirect_uri"), scope: q.Get("scope")}
		s.mu.Unlock()
		back.Set("code", code)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"error":"` + code + `","error_description":"` + desc + `"}`))
}

// oauthToken is POST /oauth2/token with grant_type=authorization_code, as
// Discord documents it: a form body, client credentials in Basic auth or
// the form, and the same redirect_uri as the authorize request.
func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.violate("oauth2/token: method %s, want POST", r.Method)
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "POST only")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		s.violate("oauth2/token: Content-Type %q, want application/x-www-form-urlencoded", ct)
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.AppID || secret != OAuthClientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Unknown client or wrong secret")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "authorization_code" {
		s.violate("oauth2/token: grant_type %q, want authorization_code", gt)
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "authorization_code only")
		return
	}
	code := r.PostForm.Get("code")
	s.mu.Lock()
	o := s.oauthLocked()
	g, found := o.codes[code]
	delete(o.codes, code) // a code works once
	var token string
	if found && g.redirectURI == r.PostForm.Get("redirect_uri") {
		token = randomHex(15)
		o.tokens[token] = g
	}
	s.mu.Unlock()
	if !found {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid \"code\" in request.")
		return
	}
	if token == "" {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid \"redirect_uri\" in request.")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"access_token":"` + token + `","token_type":"Bearer","expires_in":604800,"refresh_token":"` +
		randomHex(15) + `","scope":"` + g.scope + `"}`))
}

// bearerGrant returns the grant of a request's Bearer token.
func (s *Server) bearerGrant(req *Request) (oauthGrant, bool) {
	token, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return oauthGrant{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.oauthLocked().tokens[token]
	return g, ok
}

// routeBearer answers the REST routes called with a user's Bearer token.
func (s *Server) routeBearer(req *Request) (*response, bool) {
	g, found := s.bearerGrant(req)
	if !found {
		return nil, false
	}
	switch {
	case req.Method == "GET" && req.Path == "/users/@me":
		s.mu.Lock()
		user := s.userByIDLocked(g.userID)
		s.mu.Unlock()
		u := s.userJSON(user)
		u["mfa_enabled"] = false
		u["locale"] = "en-US"
		if user.Locale != "" { // the language they use Discord in, as in their interactions
			u["locale"] = user.Locale
		}
		return ok(u), true
	case req.Method == "GET" && req.Path == "/users/@me/guilds":
		if !strings.Contains(" "+g.scope+" ", " guilds ") {
			return &response{status: http.StatusForbidden, body: map[string]any{"message": "Missing Access", "code": 50001}}, true
		}
		return ok(s.userGuilds(g.userID)), true
	}
	return &response{status: http.StatusUnauthorized, body: map[string]any{"message": "401: Unauthorized", "code": 0}}, true
}

// userGuilds is the partial guild list of GET /users/@me/guilds.
func (s *Server) userGuilds(userID string) []any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, id := range s.guildOrder {
		gs := s.guilds[id]
		if gs == nil {
			continue
		}
		m, ok := s.memberLocked(id, userID)
		if !ok {
			continue
		}
		perms := s.permissionsLocked(id, m, "")
		out = append(out, map[string]any{
			"id": id, "name": gs.g.Name, "icon": nil, "banner": nil, "owner": gs.g.OwnerID == userID,
			"permissions": strconv.FormatInt(perms, 10), "features": []any{},
		})
	}
	return out
}

// checkBearerScopes is the spec validator's check of an OAuth2-secured
// route: a Bearer token whose grant holds the scopes the route needs.
func checkBearerScopes(in *openapi3filter.AuthenticationInput) error {
	if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
		return errors.New(`missing "Authorization: Bearer <token>" header`)
	}
	return nil
}
