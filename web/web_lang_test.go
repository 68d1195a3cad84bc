package web_test

import (
	"context"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
	"github.com/kindred-bot/kindred/web"
)

// phrases are a phrase of the hub (its crisis heading) and of the
// dashboard (the settings page's introduction) in each language.
var phrases = []struct{ lang, hub, dashboard string }{
	{"en", "If you need help now", "The same settings as /settings in Discord"},
	{"es", "Si necesitas ayuda ahora", "Los mismos ajustes que /settings en Discord"},
	{"fr", "Si tu as besoin d&#39;aide maintenant", "Les mêmes paramètres que /settings dans Discord"},
	{"de", "Wenn du jetzt Hilfe brauchst", "Dieselben Einstellungen wie /settings in Discord"},
	{"pt-BR", "Se você precisa de ajuda agora", "As mesmas configurações de /settings no Discord"},
	{"it", "Se hai bisogno di aiuto adesso", "Le stesse impostazioni di /settings su Discord"},
	{"nl", "Als je nu hulp nodig hebt", "Dezelfde instellingen als /settings in Discord"},
	{"pl", "Jeśli potrzebujesz pomocy teraz", "Te same ustawienia co /settings na Discordzie"},
}

// langSite is a site whose server has its hub on, and a moderator's
// session cookie for its dashboard.
func langSite(t *testing.T) (ts *httptest.Server, store *data.Store, session string) {
	t.Helper()
	ts, store = newServer(t, web.Options{})
	ctx := context.Background()
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.FeatureMeetings: "on", data.FeatureResources: "on", data.SettingCountry: "DE"} {
		if _, err := store.SetSetting(ctx, guild, mod, k, v); err != nil {
			t.Fatal(err)
		}
	}
	sess, err := store.CreateWebSession(ctx, mod, "Mo", []string{guild}, time.Hour, "")
	if err != nil {
		t.Fatal(err)
	}
	return ts, store, sess.ID
}

// fetch GETs path with an Accept-Language header and cookies (name=value).
func fetch(t *testing.T, ts *httptest.Server, path, acceptLanguage string, cookies ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	for _, c := range cookies {
		name, value, _ := strings.Cut(c, "=")
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// mustSpeak fails unless a page is in lang, with phrase, and without a
// message missing from the catalogue.
func mustSpeak(t *testing.T, what, body, lang, phrase string) {
	t.Helper()
	if !strings.Contains(body, `<html lang="`+lang+`">`) {
		t.Errorf("%s: not marked as %s: %.200s", what, lang, body)
	}
	if !strings.Contains(body, phrase) {
		t.Errorf("%s in %s lacks %q", what, lang, phrase)
	}
	if m := regexp.MustCompile(`\[(web|problem|settings|crisis)\.[a-z_.0-9]+\]`).FindString(body); m != "" {
		t.Errorf("%s in %s shows a missing message %s", what, lang, m)
	}
}

// TestPagesSpeakTheServersLanguageWhenTheBrowsersIsUnsupported: a
// visitor whose browser asks for Japanese (which Kindred does not speak)
// reads the hub and the dashboard in the server's language, for each
// language Kindred speaks.
func TestPagesSpeakTheServersLanguageWhenTheBrowsersIsUnsupported(t *testing.T) {
	ts, store, session := langSite(t)
	ctx := context.Background()
	if len(phrases) != len(i18n.Languages()) {
		t.Fatalf("the table has %d languages, Kindred speaks %d", len(phrases), len(i18n.Languages()))
	}
	for _, ph := range phrases {
		t.Run(ph.lang, func(t *testing.T) {
			if _, err := store.SetSetting(ctx, guild, mod, data.SettingLanguage, ph.lang); err != nil {
				t.Fatal(err)
			}
			resp, body := fetch(t, ts, "/"+guild, "ja-JP,ja;q=0.9")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("hub = %d", resp.StatusCode)
			}
			mustSpeak(t, "hub", body, ph.lang, ph.hub)
			resp, body = fetch(t, ts, "/dashboard/"+guild+"/settings", "ja-JP,ja;q=0.9", "kindred_session="+session)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("dashboard = %d", resp.StatusCode)
			}
			mustSpeak(t, "dashboard", body, ph.lang, ph.dashboard)
		})
	}
}

// TestPagesSpeakTheBrowsersLanguage: a Spanish browser reads a German
// server's hub and dashboard in Spanish, dates included; a picked
// language (?lang=) and the moderator's Discord language (the cookie)
// come first.
func TestPagesSpeakTheBrowsersLanguage(t *testing.T) {
	ts, store, session := langSite(t)
	ctx := context.Background()
	if _, err := store.SetSetting(ctx, guild, mod, data.SettingLanguage, "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddResource(ctx, guild, mod, data.Resource{Name: "Telefonseelsorge", Category: "hotline", Phone: "0800 1110111",
		Description: "Jemand hört zu, Tag und Nacht"}); err != nil {
		t.Fatal(err)
	}
	const es = "es-ES,es;q=0.9"
	_, body := fetch(t, ts, "/"+guild, es)
	mustSpeak(t, "hub", body, "es", "Si necesitas ayuda ahora")
	for _, want := range []string{"Próximas reuniones", "servicios de emergencia, Alemania", "Telefonseelsorge", "Línea de ayuda", `hreflang="de"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Spanish hub lacks %q", want)
		}
	}
	if strings.Contains(body, `name="lang"`) {
		t.Error("the hub's forms carry a language nobody picked")
	}
	_, body = fetch(t, ts, "/dashboard/"+guild+"/resources", es, "kindred_session="+session)
	mustSpeak(t, "dashboard", body, "es", "Añadir un recurso")
	if !strings.Contains(body, "1 encontrado.") {
		t.Errorf("Spanish dashboard lacks the count")
	}

	// ?lang= beats the browser, and the hub's forms keep it.
	_, body = fetch(t, ts, "/"+guild+"?lang=fr", es)
	mustSpeak(t, "hub with ?lang=fr", body, "fr", "Prochaines réunions")
	if !strings.Contains(body, `<input type="hidden" name="lang" value="fr">`) {
		t.Error("the hub's forms drop the picked language")
	}
	// The dashboard keeps a picked language in its cookie.
	resp, body := fetch(t, ts, "/dashboard/"+guild+"/settings?lang=it", es, "kindred_session="+session)
	mustSpeak(t, "dashboard with ?lang=it", body, "it", "Le stesse impostazioni di /settings su Discord")
	var kept string
	for _, c := range resp.Cookies() {
		if c.Name == "kindred_lang" {
			kept = c.Value
		}
	}
	if kept != "it" {
		t.Fatalf("kindred_lang cookie = %q, want it", kept)
	}
	// The cookie (set at login from Discord's locale, or by ?lang=) beats the browser.
	_, body = fetch(t, ts, "/dashboard/"+guild+"/meetings", es, "kindred_session="+session, "kindred_lang=pl")
	mustSpeak(t, "dashboard with the cookie", body, "pl", "Nowe spotkanie")
	// A page of no server follows the browser; an unknown one is English.
	_, body = fetch(t, ts, "/", "nl-BE,nl;q=0.8")
	mustSpeak(t, "start page", body, "nl", "Moderators: log in met Discord")
	resp, body = fetch(t, ts, "/110000000000000009", "pt-PT")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("no hub = %d", resp.StatusCode)
	}
	mustSpeak(t, "no hub", body, "pt-BR", "Não há página pública aqui.")
	_, body = fetch(t, ts, "/", "ja")
	mustSpeak(t, "start page", body, "en", "Moderators: log in with Discord")
}

// TestDashboardFormsAnswerInTheModeratorsLanguage: bad input is answered
// on the form in the moderator's language, with what they typed kept.
func TestDashboardFormsAnswerInTheModeratorsLanguage(t *testing.T) {
	ts, _, session := langSite(t)
	form := url.Values{"title": {"Grupo del martes"}, "schedule": {"every Tuesday at 19:00"}, "minutes": {"una hora"}, "action": {"save"}}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/dashboard/"+guild+"/meetings/new", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "es-ES,es;q=0.9")
	req.AddCookie(&http.Cookie{Name: "kindred_session", Value: session})
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad minutes = %d", resp.StatusCode)
	}
	mustSpeak(t, "meeting form", body, "es", "La duración necesita un número entero de minutos, como 60.")
	for _, want := range []string{`value="Grupo del martes"`, `value="una hora"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lost %s", want)
		}
	}
}

// TestEveryTemplateMessageIsInTheCatalogue reads the templates for
// message IDs ({{.P.T "web.…"}}) and fails for any the English catalogue
// lacks, as i18n's test does for Go code.
func TestEveryTemplateMessageIsInTheCatalogue(t *testing.T) {
	c := i18n.Embedded()
	ids := regexp.MustCompile(`\.(?:T|N) "([a-z_.0-9]+)"`)
	found := 0
	err := fs.WalkDir(os.DirFS("templates"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("templates", path))
		if err != nil {
			return err
		}
		for _, m := range ids.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := c.Text(i18n.Base, m[1]); !ok {
				if _, plural := c.Forms(i18n.Base, m[1])["one"]; !plural {
					t.Errorf("%s: message %q is not in the English catalogue", path, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Errorf("found only %d message IDs in the templates", found)
	}
}

// TestNoPageLacksAMessage opens every page, in every language, with
// something in each list, and fails on a message the catalogue lacks.
func TestNoPageLacksAMessage(t *testing.T) {
	ts, store, session := langSite(t)
	ctx := context.Background()
	if _, err := store.AddResource(ctx, guild, mod, data.Resource{Name: "Samaritans", Category: "hotline", Phone: "116 123",
		Description: "Someone to listen, day or night"}); err != nil {
		t.Fatal(err)
	}
	draft, err := store.CreateMeetingDraft(ctx, data.Meeting{GuildID: guild, CreatedBy: mod, Status: data.MeetingActive,
		Title: "Tuesday group", Schedule: "every Tuesday at 19:00", Duration: time.Hour, ChannelID: "330000000000000003"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ConfirmMeetingDraft(ctx, guild, draft.ID); err != nil {
		t.Fatal(err)
	}
	tuesdays, err := scheduler.Parse("every Tuesday at 19:00")
	if err != nil {
		t.Fatal(err)
	}
	dash := "/dashboard/" + guild
	pages := []string{"/", "/dashboard", "/" + guild, dash + "/settings", dash + "/resources", dash + "/resources/new",
		dash + "/resources/import", dash + "/meetings", dash + "/meetings/new", dash + "/selfcare", dash + "/guidelines", dash + "/audit"}
	missing := regexp.MustCompile(`\[[a-z_]+\.[a-z_.0-9]+\]`)
	for _, l := range i18n.Languages() {
		for _, p := range pages {
			resp, body := fetch(t, ts, p+"?lang="+l.Tag, "", "kindred_session="+session)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s in %s = %d", p, l.Tag, resp.StatusCode)
				continue
			}
			if !strings.Contains(body, `<html lang="`+l.Tag+`">`) {
				t.Errorf("%s in %s is not marked as %s", p, l.Tag, l.Tag)
			}
			if m := missing.FindString(body); m != "" {
				t.Errorf("%s in %s shows a missing message %s", p, l.Tag, m)
			}
			// The meeting's schedule is described in the page's language.
			if p == "/"+guild || p == dash+"/meetings" {
				if want := template.HTMLEscapeString(tuesdays.DescribeIn(i18n.For(l.Tag))); !strings.Contains(body, want) {
					t.Errorf("%s in %s does not describe the schedule as %q", p, l.Tag, want)
				}
			}
		}
		resp, body := fetch(t, ts, "/110000000000000009?lang="+l.Tag, "")
		if resp.StatusCode != http.StatusNotFound || missing.MatchString(body) {
			t.Errorf("the missing hub in %s = %d, %s", l.Tag, resp.StatusCode, missing.FindString(body))
		}
	}
}
