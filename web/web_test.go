package web_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/web"
)

// fakeDiscord is the bot's view of one server with one moderator.
type fakeDiscord struct{ guild, mod string }

func (f *fakeDiscord) WebGuild(id string) (string, string, bool)            { return "Peers", "", id == f.guild }
func (f *fakeDiscord) WebChoices(string, bool) ([]string, []string)         { return nil, nil }
func (f *fakeDiscord) WebMemberName(context.Context, string, string) string { return "" }
func (f *fakeDiscord) WebMember(_ context.Context, g, u string) ([]string, bool, error) {
	if g != f.guild {
		return nil, false, errors.New("not a member")
	}
	return nil, u == f.mod, nil
}

const guild, mod = "110000000000000001", "220000000000000002"

func newServer(t *testing.T, opt web.Options) (*httptest.Server, *data.Store) {
	t.Helper()
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	opt.Store = store
	if opt.Discord == nil {
		opt.Discord = &fakeDiscord{guild: guild, mod: mod}
	}
	site, err := web.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(site)
	t.Cleanup(ts.Close)
	return ts, store
}

func get(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestGuidelinesAreEscapedWithTheirMarkdown(t *testing.T) {
	ts, store := newServer(t, web.Options{})
	ctx := context.Background()
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.SettingGuidelines: "**Be kind** <script>alert(1)</script> `code` & more"} {
		if _, err := store.SetSetting(ctx, guild, mod, k, v); err != nil {
			t.Fatal(err)
		}
	}
	_, body := get(t, http.DefaultClient, ts.URL+"/"+guild)
	for _, want := range []string{"<strong>Be kind</strong>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<code>code</code>", "&amp; more"} {
		if !strings.Contains(body, want) {
			t.Errorf("hub lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Fatal("guidelines text reached the page unescaped")
	}
}

func TestLoginWithoutASecretSaysTheDashboardIsOff(t *testing.T) {
	ts, _ := newServer(t, web.Options{})
	resp, body := get(t, noRedirect(), ts.URL+"/login")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "client_secret") {
		t.Fatalf("login without a secret = %d", resp.StatusCode)
	}
}

func TestLoginRedirectKeepsOnlyLocalDestinations(t *testing.T) {
	ts, _ := newServer(t, web.Options{ClientID: "123456789012345678", ClientSecret: "s", DiscordURL: "https://discord.example"})
	for next, want := range map[string]string{
		"/dashboard/" + guild + "/meetings": "%2Fdashboard%2F" + guild + "%2Fmeetings",
		"//evil.example/dashboard":          "%2Fdashboard",
		"https://evil.example/":             "%2Fdashboard",
	} {
		resp, _ := get(t, noRedirect(), ts.URL+"/login?next="+next)
		if !strings.HasPrefix(resp.Header.Get("Location"), "https://discord.example/oauth2/authorize?") {
			t.Fatalf("login redirect = %q", resp.Header.Get("Location"))
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "kindred_login" {
				cookie = c
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("login cookie = %+v", cookie)
		}
		if _, got, _ := strings.Cut(cookie.Value, "|"); got != want {
			t.Errorf("next %q kept as %q, want %q", next, got, want)
		}
	}
}

func TestSecureCookiesAndHSTSWhenPublicURLIsHTTPS(t *testing.T) {
	ts, _ := newServer(t, web.Options{PublicURL: "https://kindred.example.org", ClientID: "123456789012345678", ClientSecret: "s"})
	resp, _ := get(t, noRedirect(), ts.URL+"/login")
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with an https public_url")
	}
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Errorf("cookie %s is not Secure", c.Name)
		}
	}
}

func TestNewRejectsABadPublicURL(t *testing.T) {
	if _, err := web.New(web.Options{Store: &data.Store{}, Discord: &fakeDiscord{}, PublicURL: "kindred.example.org"}); err == nil {
		t.Fatal("web.New accepted a public URL without a scheme")
	}
}

func TestLoginsAreRateLimitedPerForwardedAddress(t *testing.T) {
	ts, _ := newServer(t, web.Options{ClientID: "123456789012345678", ClientSecret: "s"})
	c := noRedirect()
	login := func(from string) int {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/login", nil)
		req.Header.Set("X-Forwarded-For", from)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 10 {
		if got := login("203.0.113.7"); got != http.StatusFound {
			t.Fatalf("login %d = %d", i+1, got)
		}
	}
	if got := login("203.0.113.7"); got != http.StatusTooManyRequests {
		t.Fatalf("11th login in a minute = %d, want 429", got)
	}
	if got := login("198.51.100.2"); got != http.StatusFound {
		t.Fatalf("another address = %d, want its own allowance", got)
	}
}
