package bot_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestWebSpeaksTheModeratorsDiscordLanguage: a moderator who uses
// Discord in French logs in with a Spanish browser and gets the dashboard
// in French (their Discord language wins), forms answered in French with
// what they typed kept; a visitor whose browser Kindred does not speak
// reads the hub in the server's language.
func TestWebSpeaksTheModeratorsDiscordLanguage(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	alice := h.member("alice").User.ID
	h.fake.AddUser(discordtest.User{ID: alice, Username: "alice", Locale: "fr"})
	ctx := context.Background()
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.SettingLanguage: "de"} {
		if _, err := h.store.SetSetting(ctx, g, alice, k, v); err != nil {
			t.Fatal(err)
		}
	}

	b := s.browser(t)
	b.login(alice)
	if got := b.cookie("kindred_lang"); got != "fr" {
		t.Fatalf("after login kindred_lang = %q, want fr (alice's Discord language)", got)
	}
	spanish := func(method, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		var req *http.Request
		if form != nil {
			req, _ = http.NewRequest(method, b.abs(path), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req, _ = http.NewRequest(method, b.abs(path), nil)
		}
		req.Header.Set("Accept-Language", "es-ES,es;q=0.9")
		return b.do(req)
	}
	_, body := spanish(http.MethodGet, "/dashboard", nil)
	mustContain(t, body, `<html lang="fr">`, "<h1>Tes serveurs</h1>", "Test Server")
	_, body = spanish(http.MethodGet, "/dashboard/"+g+"/settings", nil)
	mustContain(t, body, "Les mêmes paramètres que /settings dans Discord", "Enregistrer les paramètres", ">activé<")

	resp, body := spanish(http.MethodPost, "/dashboard/"+g+"/settings", url.Values{data.SettingModeratorRole: {g}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("@everyone as the moderator role = %d", resp.StatusCode)
	}
	mustContain(t, body, "Certains paramètres sont à revoir", "Le rôle de modération ne peut pas être @everyone")
	if strings.Contains(body, "[web.") {
		t.Fatalf("a message is missing:\n%s", clip(body))
	}

	visitor := s.browser(t)
	req, _ := http.NewRequest(http.MethodGet, visitor.abs("/"+g), nil)
	req.Header.Set("Accept-Language", "ja-JP,ja;q=0.9")
	_, body = visitor.do(req)
	mustContain(t, body, `<html lang="de">`, "Wenn du jetzt Hilfe brauchst", "Unsere Community-Regeln")
}
