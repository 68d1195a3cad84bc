package bot_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/kindred-bot/kindred/data"
)

// chromiumPath finds a Chromium or Chrome to drive; CI installs Debian's
// chromium (.ci/run), so there its absence fails the test.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if strings.EqualFold(os.Getenv("CI"), "true") {
		t.Fatal("no chromium on PATH; .ci/run installs it with apt-get install chromium")
	}
	t.Skip("skipping the browser test: no chromium on PATH (install it with: apt-get update && apt-get install -y chromium)")
	return ""
}

// TestWebInBrowser drives the website in headless Chromium: log in with
// Discord (the fake's OAuth2), add a resource, create a meeting (with its
// preview), see both on the public hub and download the meeting's .ics.
// With KINDRED_SCREENSHOTS=1 it writes the screenshots in docs/.
func TestWebInBrowser(t *testing.T) {
	exe := chromiumPath(t)
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	ctx := context.Background()
	alice := h.member("alice").User.ID
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.SettingTimeZone: "Europe/London", data.SettingCountry: "GB",
		data.SettingInviteLink: "https://discord.gg/kindred"} {
		if _, err := h.store.SetSetting(ctx, g, alice, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.store.AddResource(ctx, g, alice, data.Resource{Name: "Hearing Voices Network", Category: "support-group",
		Description: "Peer support groups for people who hear voices", Website: "https://www.hearing-voices.org"}); err != nil {
		t.Fatal(err)
	}
	h.fake.SetOAuthUser(alice)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(420, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	bctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	defer cancelT()

	shots := os.Getenv("KINDRED_SCREENSHOTS") == "1"
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			if !shots {
				return nil
			}
			var buf []byte
			capture := chromedp.FullScreenshot(&buf, 100)
			if name == "dashboard-selfcare.png" { // a long list: the top is enough
				capture = chromedp.CaptureScreenshot(&buf)
			}
			if err := capture.Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join("..", "docs", name), buf, 0o644)
		})
	}
	run := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(bctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	var text string
	base := s.url
	run("log in",
		chromedp.Navigate(base+"/dashboard"),
		chromedp.Click(`a.button[href="/login"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[text()="Your servers"]`),
		chromedp.Click(`//a[text()="Test Server"]`),
		chromedp.WaitVisible(`//h1[text()="Settings"]`),
		shot("dashboard-settings.png"),
	)
	run("add a resource",
		chromedp.Navigate(base+"/dashboard/"+g+"/resources/new"),
		chromedp.SendKeys(`#name`, "Samaritans", chromedp.ByID),
		chromedp.SetValue(`#category`, "hotline", chromedp.ByID),
		chromedp.SendKeys(`#description`, "Someone to listen, day or night", chromedp.ByID),
		chromedp.SendKeys(`#phone`, "116 123", chromedp.ByID),
		chromedp.SendKeys(`#hours`, "Any time", chromedp.ByID),
		chromedp.Click(`//button[text()="Save"]`),
		chromedp.WaitVisible(`//h1[text()="Resources"]`),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("dashboard-resources.png"),
	)
	if !strings.Contains(text, "Saved Samaritans") {
		t.Fatalf("after adding a resource the page says:\n%s", text)
	}
	run("create a meeting",
		chromedp.Navigate(base+"/dashboard/"+g+"/meetings/new"),
		chromedp.SendKeys(`#title`, "Tuesday evening group", chromedp.ByID),
		chromedp.SendKeys(`#schedule`, "every Tuesday at 19:00", chromedp.ByID),
		chromedp.SendKeys(`#location`, "https://meet.example.org/tuesday", chromedp.ByID),
		chromedp.SetValue(`#channel`, h.guild.ChannelID("general"), chromedp.ByID),
		chromedp.SendKeys(`#description`, "A gentle hour to share how the week went.", chromedp.ByID),
		chromedp.Click(`//button[text()="Preview dates"]`),
		chromedp.WaitVisible(`//h2[text()="Next dates"]`),
		shot("dashboard-meeting-preview.png"),
		chromedp.Click(`//button[text()="Save"]`),
		chromedp.WaitVisible(`//h1[text()="Meetings"]`),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("dashboard-meetings.png"),
	)
	if !strings.Contains(text, "Saved Tuesday evening group") {
		t.Fatalf("after saving the meeting the page says:\n%s", text)
	}
	run("see the public hub",
		chromedp.Navigate(base+"/"+g),
		chromedp.WaitVisible(`//h2[text()="Upcoming meetings"]`),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("hub.png"),
	)
	for _, want := range []string{"Tuesday evening group", "Samaritans", "Hearing Voices Network", "116 123", "Join us on Discord"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the hub lacks %q:\n%s", want, text)
		}
	}
	dl := t.TempDir()
	run("download the calendar",
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dl).WithEventsEnabled(true),
		chromedp.Click(`//a[text()="Add to calendar"]`),
	)
	deadline := time.Now().Add(20 * time.Second)
	var ics []byte
	for time.Now().Before(deadline) { // waiting on the browser's download, not a clock
		if files, _ := filepath.Glob(filepath.Join(dl, "*.ics")); len(files) == 1 {
			if b, err := os.ReadFile(files[0]); err == nil && strings.Contains(string(b), "END:VCALENDAR") {
				ics = b
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(string(ics), "SUMMARY:Tuesday evening group") || !strings.Contains(string(ics), "RRULE:FREQ=WEEKLY;BYDAY=TU") {
		t.Fatalf("downloaded calendar:\n%s", ics)
	}
	if shots {
		run("other screenshots",
			chromedp.Navigate(base+"/dashboard/"+g+"/guidelines"), chromedp.WaitVisible(`#text`, chromedp.ByID), shot("dashboard-guidelines.png"),
			chromedp.Navigate(base+"/dashboard/"+g+"/audit"), chromedp.WaitVisible(`table`, chromedp.ByQuery), shot("dashboard-audit.png"),
			chromedp.Navigate(base+"/dashboard/"+g+"/selfcare"), chromedp.WaitVisible(`#schedule`, chromedp.ByID), shot("dashboard-selfcare.png"),
		)
	}
	// The language switcher: the hub in Spanish, then the dashboard in
	// German, which it keeps on the next page.
	var lang string
	run("read the hub in Spanish",
		chromedp.Navigate(base+"/"+g),
		chromedp.Click(`//footer//a[text()="Español"]`),
		chromedp.WaitVisible(`//h2[text()="Próximas reuniones"]`),
		chromedp.AttributeValue(`html`, "lang", &lang, nil, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if lang != "es" || !strings.Contains(text, "Si necesitas ayuda ahora") || !strings.Contains(text, "Añadir al calendario") {
		t.Fatalf("the Spanish hub (lang %q) says:\n%s", lang, text)
	}
	run("use the dashboard in German",
		chromedp.Navigate(base+"/dashboard/"+g+"/meetings"),
		chromedp.Click(`//footer//a[text()="Deutsch"]`),
		chromedp.WaitVisible(`//h1[text()="Treffen"]`),
		chromedp.Navigate(base+"/dashboard/"+g+"/resources"),
		chromedp.WaitVisible(`//h1[text()="Hilfsangebote"]`),
		chromedp.AttributeValue(`html`, "lang", &lang, nil, chromedp.ByQuery),
	)
	if lang != "de" {
		t.Fatalf("the German dashboard is marked %q", lang)
	}
}
