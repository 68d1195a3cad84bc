package bot_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/web"
)

// site is the website served against the real bot and the fake Discord.
type site struct {
	h   *harness
	srv *httptest.Server
	url string
}

func newSite(t *testing.T, h *harness) *site {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	w, err := web.New(web.Options{
		Store: h.store, Discord: h.bot, Sender: h.bot.Sender(), PublicURL: base,
		ClientID: h.fake.AppID, ClientSecret: discordtest.OAuthClientSecret,
		DiscordURL: h.fake.URL(), Now: h.clock.Now, Log: testLogger(t),
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = w
	ts.Start()
	t.Cleanup(ts.Close)
	return &site{h: h, srv: ts, url: base}
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t *testing.T
	s *site
	c *http.Client
}

func (s *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, c: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.abs(path), nil)
	return b.do(req)
}

func (b *browser) abs(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return b.s.url + path
}

func (b *browser) post(path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// login goes through "Log in with Discord" as userID, following each
// redirect by hand, and returns the session cookie's value.
func (b *browser) login(userID string) string {
	b.t.Helper()
	b.s.h.fake.SetOAuthUser(userID)
	next := "/login"
	for range 5 {
		resp, _ := b.get(next)
		if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
			b.t.Fatalf("login: %s answered %d", next, resp.StatusCode)
		}
		next = resp.Header.Get("Location")
		if next == "/dashboard" || strings.HasPrefix(next, "/dashboard/") {
			return b.cookie("kindred_session")
		}
	}
	b.t.Fatalf("login did not reach the dashboard (last redirect %s)", next)
	return ""
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.s.url)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Fatalf("page lacks %q:\n%s", w, clip(body))
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func TestWebHub(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	b := s.browser(t)
	ctx := context.Background()
	g := h.guild.ID
	if resp, _ := b.get("/" + g); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("hub before web_hub on = %d, want 404", resp.StatusCode)
	}
	if resp, _ := b.get("/123456789012345678"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("hub of a server Kindred is not in = %d, want 404", resp.StatusCode)
	}
	alice := h.member("alice").User.ID
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.SettingCountry: "GB", data.SettingInviteLink: "discord.gg/peers"} {
		if _, err := h.store.SetSetting(ctx, g, alice, k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []data.Resource{
		{Name: "Samaritans", Category: "hotline", Description: "Listening, day or night", Phone: "116 123"},
		{Name: "Hearing Voices Network", Category: "support-group", Description: "Peer groups for voice hearers"},
	} {
		if _, err := h.store.AddResource(ctx, g, alice, r); err != nil {
			t.Fatalf("add resource: %v", err)
		}
	}
	resp, body := b.get("/" + g)
	if resp.StatusCode != 200 {
		t.Fatalf("hub = %d:\n%s", resp.StatusCode, clip(body))
	}
	mustContain(t, body, "Test Server", "https://discord.gg/peers", "Samaritans", "Hearing Voices Network", "116 123", "guidelines")
	if strings.Contains(body, "alice") || strings.Contains(body, "Alice") {
		t.Fatal("the hub shows a member's name")
	}
	if len(body) > 50*1024 {
		t.Fatalf("hub page is %d bytes, want under 50 KB", len(body))
	}
	_, body = b.get("/" + g + "?q=voices")
	if strings.Contains(body, "Samaritans</h3>") || !strings.Contains(body, "Hearing Voices Network") {
		t.Fatalf("search for voices:\n%s", clip(body))
	}
	_, body = b.get("/" + g + "?category=hotline")
	if strings.Contains(body, "Hearing Voices Network</h3>") || !strings.Contains(body, "Samaritans</h3>") {
		t.Fatalf("crisis category:\n%s", clip(body))
	}
	_, body = b.get("/" + g + "?country=US")
	mustContain(t, body, "988")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP = %q", csp)
	}
	if strings.Contains(body, "<script>") {
		t.Fatal("inline script on the hub")
	}
}

func TestWebDashboardAccess(t *testing.T) {
	h := newHarness(t)
	other := h.fake.AddGuild(discordtest.Guild{Name: "Other Server", Members: []discordtest.Member{{User: discordtest.User{Username: "dave"}}}})
	s := newSite(t, h)
	g := h.guild.ID
	alice, bob, carol := h.member("alice").User.ID, h.member("bob").User.ID, h.member("carol").User.ID

	anon := s.browser(t)
	if resp, _ := anon.get("/dashboard/" + g + "/settings"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous dashboard = %d %s, want a redirect to log in", resp.StatusCode, resp.Header.Get("Location"))
	}

	owner := s.browser(t)
	first := owner.login(alice)
	resp, body := owner.get("/dashboard")
	mustContain(t, body, "Test Server")
	if strings.Contains(body, "Other Server") {
		t.Fatal("alice is offered a server she is not in")
	}
	resp, body = owner.get("/dashboard/" + g + "/settings")
	if resp.StatusCode != 200 {
		t.Fatalf("owner settings = %d", resp.StatusCode)
	}
	mustContain(t, body, "Public web page for this server", ">#general<", ">@Moderator<")
	if c := resp.Header.Get("Cache-Control"); c != "no-store" {
		t.Fatalf("dashboard Cache-Control = %q", c)
	}
	// Another server's ID in the URL.
	if resp, _ := owner.get("/dashboard/" + other.ID + "/settings"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("another server's dashboard = %d, want 403", resp.StatusCode)
	}
	// A forged cross-site POST.
	resp, _ = owner.post("/dashboard/"+g+"/settings", url.Values{data.FeatureWebHub: {"on"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST = %d, want 403", resp.StatusCode)
	}
	if st, _ := h.store.Settings(context.Background(), g); st.Enabled(data.FeatureWebHub) {
		t.Fatal("the forged POST changed a setting")
	}
	// Login rotates the session.
	second := owner.login(alice)
	if second == first || second == "" {
		t.Fatal("the session ID did not change on login")
	}
	if _, err := h.store.WebSession(context.Background(), first); err == nil {
		t.Fatal("the old session still works after logging in again")
	}

	// A member without Manage Server or the moderator role.
	member := s.browser(t)
	member.login(carol)
	if resp, _ := member.get("/dashboard/" + g + "/settings"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("member dashboard = %d, want 403", resp.StatusCode)
	}
	if resp, _ := member.post("/dashboard/"+g+"/settings", url.Values{data.FeatureWebHub: {"on"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("member POST = %d, want 403", resp.StatusCode)
	}
	// bob has the Moderator role, which counts once it is the moderator role.
	mod := s.browser(t)
	mod.login(bob)
	if resp, _ := mod.get("/dashboard/" + g + "/settings"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("bob before moderator_role = %d, want 403", resp.StatusCode)
	}
	if _, err := h.store.SetSetting(context.Background(), g, alice, data.SettingModeratorRole, h.guild.RoleID("Moderator")); err != nil {
		t.Fatal(err)
	}
	if resp, _ := mod.get("/dashboard/" + g + "/settings"); resp.StatusCode != 200 {
		t.Fatalf("bob with the moderator role = %d, want 200", resp.StatusCode)
	}

	// Sessions expire.
	h.clock.Advance(13 * time.Hour)
	if resp, _ := owner.get("/dashboard/" + g + "/settings"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("expired session = %d, want a redirect to log in", resp.StatusCode)
	}
	if resp, _ := owner.post("/dashboard/"+g+"/settings", url.Values{data.FeatureWebHub: {"on"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("POST with an expired session = %d, want 401", resp.StatusCode)
	}

	// Logout ends the session.
	h.clock.Advance(-13 * time.Hour)
	mod.post("/logout", nil)
	if resp, _ := mod.get("/dashboard/" + g + "/settings"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout = %d, want a redirect", resp.StatusCode)
	}
}

func TestWebLoginRefusals(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	b := s.browser(t)
	// A callback whose state does not match this browser's cookie.
	b.get("/login")
	if resp, _ := b.get("/auth/callback?code=x&state=forged"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("forged state = %d, want 400", resp.StatusCode)
	}
	// Someone pressing Cancel at Discord.
	h.fake.SetOAuthUser("")
	resp, _ := b.get("/login")
	resp, _ = b.get(resp.Header.Get("Location"))
	if resp, body := b.get(resp.Header.Get("Location")); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "didn&#39;t log in") {
		t.Fatalf("cancelled login = %d", resp.StatusCode)
	}
	// Rate limit.
	limited := false
	for range 12 {
		if resp, _ := b.get("/login"); resp.StatusCode == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Fatal("12 logins in a minute were all allowed")
	}
	h.clock.Advance(2 * time.Minute)
	if resp, _ := b.get("/login"); resp.StatusCode != http.StatusFound {
		t.Fatalf("login after a pause = %d", resp.StatusCode)
	}
}

func TestWebDashboardChanges(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	ctx := context.Background()
	b := s.browser(t)
	b.login(h.member("alice").User.ID)
	base := "/dashboard/" + g

	// Settings: a bad value is answered on the form, keeping what was typed, and nothing is saved.
	resp, body := b.post(base+"/settings", url.Values{data.FeatureWebHub: {"on"}, data.SettingTimeZone: {"Mars/Olympus"}, data.SettingInviteLink: {"not a link"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad settings = %d", resp.StatusCode)
	}
	mustContain(t, body, "Mars/Olympus", "not a link", "nothing was saved")
	if st, _ := h.store.Settings(ctx, g); st.Enabled(data.FeatureWebHub) {
		t.Fatal("a form with a mistake saved part of itself")
	}
	resp, _ = b.post(base+"/settings", url.Values{data.FeatureWebHub: {"on"}, data.SettingTimeZone: {"Europe/London"}, data.SettingInviteLink: {"https://discord.gg/abc123"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings = %d", resp.StatusCode)
	}
	st, _ := h.store.Settings(ctx, g)
	if !st.Enabled(data.FeatureWebHub) || st.Get(data.SettingTimeZone) != "Europe/London" || st.Get(data.SettingInviteLink) != "https://discord.gg/abc123" {
		t.Fatal("settings not saved")
	}

	// Resources: a bad one keeps what was typed; add, edit, check, export, import, remove.
	resp, body = b.post(base+"/resources/new", url.Values{"name": {"Peer line"}, "category": {"support-group"}, "website": {"not a url"}, "description": {"Kind words"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad resource = %d", resp.StatusCode)
	}
	mustContain(t, body, "Peer line", "Kind words", "not a url")
	resp, _ = b.post(base+"/resources/new", url.Values{"name": {"Peer line"}, "category": {"support-group"}, "website": {"https://peer.example.org"}, "description": {"Kind words"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add resource = %d", resp.StatusCode)
	}
	r, err := h.store.ResourceByName(ctx, g, "Peer line")
	if err != nil {
		t.Fatal(err)
	}
	id := itoa(r.ID)
	if resp, body = b.post(base+"/resources/"+id+"/edit", url.Values{"name": {"Peer line"}, "category": {"support-group"}, "description": {"Kind words"}, "hours": {"Evenings"}}); resp.StatusCode != http.StatusSeeOther {
		t.Log(clip(body[strings.Index(body, "<main"):]))
		t.Fatalf("edit = %d", resp.StatusCode)
	}
	if r, _ = h.store.Resource(ctx, g, r.ID); r.Hours != "Evenings" {
		t.Fatalf("edit not saved: %+v", r)
	}
	h.clock.Advance(time.Hour)
	if resp, _ = b.post(base+"/resources/"+id+"/checked", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("checked = %d", resp.StatusCode)
	}
	_, body = b.get(base + "/resources?q=peer")
	mustContain(t, body, "Peer line")
	resp, exported := b.get(base + "/resources/export")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export type %q", resp.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(exported, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("export = %v %q", err, exported)
	}
	// Import: the exported file plus one new row; preview first.
	imported := strings.TrimRight(exported, "\r\n") + "\r\n" + strings.Replace(strings.Split(strings.TrimRight(exported, "\r\n"), "\n")[1], "Peer line", "Second line", 1) + "\r\n"
	resp, body = b.post(base+"/resources/import", url.Values{"csv": {imported}, "action": {"preview"}})
	if resp.StatusCode != 200 {
		t.Fatalf("import preview = %d:\n%s", resp.StatusCode, clip(body))
	}
	mustContain(t, body, "1 to add, 1 to update", "Second line")
	if _, err := h.store.ResourceByName(ctx, g, "Second line"); err == nil {
		t.Fatal("the preview imported")
	}
	if resp, _ = b.post(base+"/resources/import", url.Values{"csv": {imported}, "action": {"import"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import = %d", resp.StatusCode)
	}
	if _, err := h.store.ResourceByName(ctx, g, "Second line"); err != nil {
		t.Fatalf("import did not add: %v", err)
	}
	resp, body = b.post(base+"/resources/import", url.Values{"csv": {"name,category\n,nope\n"}, "action": {"preview"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `class="problem"`) {
		t.Fatalf("bad import = %d:\n%s", resp.StatusCode, clip(body))
	}
	if resp, _ = b.post(base+"/resources/"+id+"/remove", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove = %d", resp.StatusCode)
	}
	if _, err := h.store.Resource(ctx, g, r.ID); err == nil {
		t.Fatal("remove did not remove")
	}

	// Meetings: preview, a bad schedule keeps what was typed, save, pause, cancel a date, delete.
	form := url.Values{"title": {"Sunday circle"}, "schedule": {"every Sundy at 18:00"}, "minutes": {"60"},
		"channel": {h.guild.ChannelID("general")}, "reminders": {"1h"}, "action": {"preview"}}
	resp, body = b.post(base+"/meetings/new", form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad schedule = %d", resp.StatusCode)
	}
	mustContain(t, body, "every Sundy at 18:00", "Sunday circle")
	form.Set("schedule", "every Sunday at 18:00")
	resp, body = b.post(base+"/meetings/new", form)
	if resp.StatusCode != 200 {
		t.Fatalf("preview = %d:\n%s", resp.StatusCode, clip(body))
	}
	mustContain(t, body, "Sun 29 Nov 2026, 18:00 GMT", "Sun 6 Dec 2026, 18:00 GMT")
	if ms, _ := h.store.Meetings(ctx, g); len(ms) != 0 {
		t.Fatal("the preview saved a meeting")
	}
	form.Set("action", "save")
	if resp, body = b.post(base+"/meetings/new", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save meeting = %d:\n%s", resp.StatusCode, clip(body))
	}
	ms, _ := h.store.Meetings(ctx, g)
	if len(ms) != 1 || ms[0].Title != "Sunday circle" {
		t.Fatalf("meetings = %+v", ms)
	}
	mid := itoa(ms[0].ID)
	edit := url.Values{"title": {"Sunday circle"}, "schedule": {"every Sunday at 18:30"}, "minutes": {"90"},
		"channel": {h.guild.ChannelID("general")}, "reminders": {"1h"}, "action": {"save"}}
	if resp, body = b.post(base+"/meetings/"+mid+"/edit", edit); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit meeting = %d:\n%s", resp.StatusCode, clip(body))
	}
	if m, _ := h.store.Meeting(ctx, g, ms[0].ID); m.Schedule != "every Sunday at 18:30" || m.Duration != 90*time.Minute {
		t.Fatalf("after edit: %q %v", m.Schedule, m.Duration)
	}
	edit.Set("schedule", "every Sunday at 18:00")
	b.post(base+"/meetings/"+mid+"/edit", edit)
	london, _ := time.LoadLocation("Europe/London")
	nov29 := time.Date(2026, 11, 29, 18, 0, 0, 0, london)
	if resp, _ = b.post(base+"/meetings/"+mid+"/cancel", url.Values{"start": {itoa(nov29.Unix())}}); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "cancelled") {
		t.Log(resp.Header.Get("Location"))
		t.Fatalf("cancel date = %d", resp.StatusCode)
	}
	os, _ := h.store.Occurrences(ctx, g, ms[0].ID, nov29, nov29.Add(time.Minute))
	if len(os) != 1 || os[0].Status != data.OccurrenceCancelled {
		t.Fatalf("occurrence after cancel = %+v", os)
	}
	if resp, _ = b.post(base+"/meetings/"+mid+"/pause", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pause = %d", resp.StatusCode)
	}
	if m, _ := h.store.Meeting(ctx, g, ms[0].ID); m.Status != data.MeetingPaused {
		t.Fatalf("status after pause = %s", m.Status)
	}
	b.post(base+"/meetings/"+mid+"/delete", url.Values{"confirm": {"yes"}})
	if ms, _ := h.store.Meetings(ctx, g); len(ms) != 0 {
		t.Fatal("delete did not cancel the series")
	}

	// Guidelines: preview saves nothing; save does.
	resp, body = b.post(base+"/guidelines", url.Values{"text": {"Be kind.\n\nListen first."}, "action": {"preview"}})
	mustContain(t, body, "Listen first.")
	if st, _ := h.store.Settings(ctx, g); st.Get(data.SettingGuidelines) != "" {
		t.Fatal("preview saved the guidelines")
	}
	b.post(base+"/guidelines", url.Values{"text": {"Be kind.\n\nListen first."}, "action": {"save"}})
	if st, _ := h.store.Settings(ctx, g); st.Get(data.SettingGuidelines) != "Be kind.\n\nListen first." {
		t.Fatal("guidelines not saved")
	}

	// Self-care: a schedule (a typo keeps what was typed), a prompt, a shipped prompt turned off.
	resp, body = b.post(base+"/selfcare/schedules", url.Values{"schedule": {"evry day at 09:00"}, "channel": {h.guild.ChannelID("general")}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad self-care schedule = %d", resp.StatusCode)
	}
	mustContain(t, body, "evry day at 09:00")
	if resp, _ = b.post(base+"/selfcare/schedules", url.Values{"schedule": {"every day at 09:00"}, "channel": {h.guild.ChannelID("general")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("self-care schedule = %d", resp.StatusCode)
	}
	scs, _ := h.store.SelfCareSchedules(ctx, g)
	if len(scs) != 1 || scs[0].Schedule != "every day at 09:00" {
		t.Fatalf("self-care schedules = %+v", scs)
	}
	if resp, _ = b.post(base+"/selfcare/schedules/"+itoa(scs[0].ID)+"/pause", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pause self-care = %d", resp.StatusCode)
	}
	if sc, _ := h.store.SelfCareSchedule(ctx, g, scs[0].ID); sc.Status != data.SelfCarePaused {
		t.Fatalf("self-care status = %s", sc.Status)
	}
	if resp, _ = b.post(base+"/selfcare/prompts", url.Values{"category": {data.SelfCareCategories()[0]}, "text": {"Drink a glass of water and stretch your shoulders."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add prompt = %d", resp.StatusCode)
	}
	prompts, _ := h.store.SelfCarePrompts(ctx, g)
	var shipped data.SelfCarePrompt
	added := false
	for _, p := range prompts {
		added = added || p.Text == "Drink a glass of water and stretch your shoulders."
		if p.Shipped && p.Enabled && shipped.Ref == "" {
			shipped = p
		}
	}
	if !added || shipped.Ref == "" {
		t.Fatalf("prompts after adding: added=%v shipped=%q", added, shipped.Ref)
	}
	if resp, _ = b.post(base+"/selfcare/prompts/"+shipped.Ref+"/disable", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable prompt = %d", resp.StatusCode)
	}
	if p, _ := h.store.SelfCarePrompt(ctx, g, shipped.Ref); p.Enabled {
		t.Fatal("the shipped prompt is still on")
	}
	_, body = b.get(base + "/selfcare")
	mustContain(t, body, "every day at 09:00", "Drink a glass of water")
	if len(body) > 50*1024 {
		t.Errorf("the self-care page is %d bytes, want under 50 KB", len(body))
	}

	// Every change is in the audit log, marked via dashboard.
	_, body = b.get(base + "/audit")
	mustContain(t, body, "via dashboard", "Peer line", "Sunday circle", "import")
	audit, _ := h.store.ModeratorAudit(ctx, g, data.AuditMeetings, 0)
	if len(audit) < 4 || !strings.HasPrefix(audit[0].Detail, "via dashboard") {
		t.Fatalf("meeting audit = %+v", audit)
	}
	if len(body) > 50*1024 {
		t.Fatalf("audit page is %d bytes", len(body))
	}
}

// TestWebEveryPageIsSmallAndSafe opens every dashboard and hub page as a
// moderator: each answers 200, under 50 KB, with the CSP and no inline script.
func TestWebEveryPageIsSmallAndSafe(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	_, _ = meetingFixture(t, h)
	ctx := context.Background()
	g := h.guild.ID
	alice := h.member("alice").User.ID
	r, err := h.store.AddResource(ctx, g, alice, data.Resource{Name: "Mind", Category: "hotline", Description: "Information and support"})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := h.store.Meetings(ctx, g)
	b := s.browser(t)
	b.login(alice)
	base := "/dashboard/" + g
	for _, path := range []string{"/", "/" + g, "/dashboard", base + "/settings", base + "/resources", base + "/resources/new",
		base + "/resources/" + itoa(r.ID) + "/edit", base + "/resources/import", base + "/meetings", base + "/meetings/new",
		base + "/meetings/" + itoa(ms[0].ID) + "/edit", base + "/guidelines", base + "/audit?feature=meetings", base + "/selfcare"} {
		resp, body := b.get(path)
		if resp.StatusCode != 200 {
			t.Errorf("%s = %d", path, resp.StatusCode)
			continue
		}
		if len(body) > 50*1024 {
			t.Errorf("%s is %d bytes, want under 50 KB", path, len(body))
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") || strings.Contains(body, "<script>") {
			t.Errorf("%s: CSP %q or inline script", path, resp.Header.Get("Content-Security-Policy"))
		}
		if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, `href="#main"`) {
			t.Errorf("%s lacks the language or the skip link", path)
		}
	}
	if resp, _ := b.get(base + "/resources/999999/edit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown resource = %d", resp.StatusCode)
	}
	if resp, _ := b.get(base + "/meetings/999999/edit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown meeting = %d", resp.StatusCode)
	}
}

// TestWebHubSwitchedOnWithSlashCommand: moderators publish the page with
// /settings set web_hub on and set the invite with /settings set
// invite_link, through the real bot; a bad invite is answered kindly.
func TestWebHubSwitchedOnWithSlashCommand(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	b := s.browser(t)
	g, alice := h.guild.ID, h.member("alice")
	set := func(key, value string) string {
		return h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value))).Wait(t).Content()
	}
	if resp, _ := b.get("/" + g); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("hub before = %d", resp.StatusCode)
	}
	if got := set(data.FeatureWebHub, "on"); !strings.Contains(got, "Saved") {
		t.Fatalf("/settings set web_hub on answered %q", got)
	}
	if got := set(data.SettingInviteLink, "my server"); !strings.Contains(got, "discord.gg") {
		t.Fatalf("a bad invite link was answered %q", got)
	}
	if got := set(data.SettingInviteLink, "discord.com/invite/peers-together"); !strings.Contains(got, "Saved") {
		t.Fatalf("/settings set invite_link answered %q", got)
	}
	resp, body := b.get("/" + g)
	if resp.StatusCode != 200 {
		t.Fatalf("hub after = %d", resp.StatusCode)
	}
	mustContain(t, body, "https://discord.gg/peers-together", "Test Server")
	if got := set(data.FeatureWebHub, "off"); !strings.Contains(got, "Saved") {
		t.Fatalf("/settings set web_hub off answered %q", got)
	}
	if resp, _ := b.get("/" + g + "/meetings.ics"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("feed after switching off = %d", resp.StatusCode)
	}
}
