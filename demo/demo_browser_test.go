package demo_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kindred-bot/kindred/demo"
)

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if strings.EqualFold(os.Getenv("CI"), "true") {
		t.Fatal("no chromium on PATH")
	}
	t.Skip("skipping the browser test: no chromium on PATH")
	return ""
}

// clickIn clicks the first element at xpath from inside the page, waiting
// until there is one. chromedp.Click looks a node up and then clicks it in
// separate calls, so a node the page replaces in between (a reply edited
// by a button, a poll that brought something new) fails it with "Could
// not find node with given id"; this looks up and clicks in one step.
func clickIn(xpath string) chromedp.Action {
	return chromedp.PollFunction(`(x) => {
		const n = document.evaluate(x, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
		if (!n) return false;
		n.click();
		return true;
	}`, nil, chromedp.WithPollingArgs(xpath), chromedp.WithPollingInterval(50*time.Millisecond))
}

// polls waits until the page has fetched its state n more times (it does
// every 1.5 s).
func polls(n int) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := chromedp.Evaluate(`performance.clearResourceTimings()`, nil).Do(ctx); err != nil {
			return err
		}
		return chromedp.Poll(fmt.Sprintf(`performance.getEntriesByType("resource").filter(e => e.name.includes("api/state")).length >= %d`, n),
			nil, chromedp.WithPollingInterval(100*time.Millisecond)).Do(ctx)
	})
}

// TestDemoInBrowser drives the demo page in headless Chromium: a member's
// low check-in shows the safety net (only to them), an RSVP, time travel
// brings the meeting's reminder once, and the moderator adds a resource
// through its form. With KINDRED_SCREENSHOTS=1 it writes docs/demo-*.png.
func TestDemoInBrowser(t *testing.T) {
	exe := chromiumPath(t)
	ctx := context.Background()
	d, err := demo.Run(ctx, demo.Options{DBPath: filepath.Join(t.TempDir(), "demo.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	mux := http.NewServeMux()
	mux.Handle("/demo/", http.StripPrefix("/demo", d.Handler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1100, 800), chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	bctx, cancelT := context.WithTimeout(bctx, 180*time.Second)
	defer cancelT()
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			if os.Getenv("KINDRED_SCREENSHOTS") != "1" {
				return nil
			}
			var buf []byte
			if err := chromedp.CaptureScreenshot(&buf).Do(ctx); err != nil {
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
	var reminders float64
	run("open the demo and check in low",
		chromedp.Navigate(srv.URL+"/demo/"),
		chromedp.WaitVisible(`//nav//button[@data-channel="check-ins"]`),
		clickIn(`//nav//button[@data-channel="check-ins"]`),
		chromedp.SendKeys(`#input`, "/checkin", chromedp.ByID),
		chromedp.WaitVisible(`//div[@id="menu"]/div[starts-with(., "/checkin")]`),
		chromedp.Evaluate(`document.querySelector("#input").value=""`, nil),
		chromedp.SendKeys(`#input`, "/checkin now mood:1\r", chromedp.ByID),
		chromedp.WaitVisible(`//div[contains(@class,"eph")]//button[contains(., "Ask a moderator")]`),
		chromedp.Text(`#log`, &text, chromedp.ByID),
		shot("demo-checkin.png"),
	)
	if !strings.Contains(text, "Only you can see this") {
		t.Errorf("the check-in reply is not marked as only for the member:\n%s", text)
	}

	run("autocomplete an option",
		chromedp.SendKeys(`#input`, "/resources find query:Sam", chromedp.ByID),
		chromedp.WaitVisible(`//div[@id="menu"]/div[contains(., "Samaritans")]`),
		chromedp.Evaluate(`document.querySelector("#input").value=""`, nil),
	)

	run("RSVP to a meeting",
		clickIn(`//nav//button[@data-channel="meetings"]`),
		chromedp.SendKeys(`#input`, "/meeting next\r", chromedp.ByID),
		chromedp.WaitVisible(`//div[contains(@class,"eph")]//div[contains(@class,"embed")]`),
		chromedp.Text(`#log`, &text, chromedp.ByID),
	)
	if !strings.Contains(text, "Friday peer group") {
		t.Errorf("/meeting next shows:\n%s", text)
	}
	// A poll that brings nothing new leaves every node in place: were the
	// page rebuilt on each one, a button would be pulled from under the
	// visitor's click.
	var rebuilt float64
	run("a poll that brings nothing new changes nothing on the page",
		polls(2),
		chromedp.Evaluate(`document.querySelectorAll("#log > div, #chans > button").forEach(n => n.dataset.kept = "1")`, nil),
		polls(2),
		chromedp.Evaluate(`document.querySelectorAll("#log > div:not([data-kept]), #chans > button:not([data-kept])").length`, &rebuilt),
	)
	if rebuilt != 0 {
		t.Errorf("%v messages or channels were rebuilt by polls that brought nothing new", rebuilt)
	}
	run("travel a day, see the reminder and RSVP on it",
		chromedp.Click(`//header/button[@data-by="24h"]`),
		chromedp.WaitVisible(`//div[@id="log"]/div[contains(@class,"msg") and not(contains(@class,"eph")) and contains(., "Reminder") and contains(., "Friday peer group")]//button[contains(., "Going") or contains(., "going")]`),
		clickIn(`//div[@id="log"]/div[contains(@class,"msg") and not(contains(@class,"eph")) and contains(., "Reminder") and contains(., "Friday peer group")]//button[contains(., "Going") or contains(., "going")]`),
		chromedp.WaitVisible(`//div[@id="log"]/div[contains(., "Reminder") and contains(., "Friday peer group") and contains(., "1 going")]`),
		chromedp.Click(`//header/button[@data-by="1h"]`),
		chromedp.Sleep(2*time.Second),
		chromedp.Evaluate(`document.evaluate('count(//div[@id="log"]/div[contains(@class,"msg") and not(contains(@class,"eph")) and contains(., "Reminder") and contains(., "Friday peer group")])', document, null, 1, null).numberValue`, &reminders),
		shot("demo-reminder.png"),
		chromedp.Click(`//header/button[@data-to="meeting"]`),
		chromedp.WaitVisible(`//header//b[@id="now"][contains(., "18:00")]`),
	)
	if reminders != 1 {
		t.Errorf("the reminder arrived %v times, want once", reminders)
	}

	run("switch to the moderator and add a resource",
		chromedp.Evaluate(`(()=>{const s=document.querySelector("#as");s.value="morgan";s.dispatchEvent(new Event("change"));return true})()`, nil),
		chromedp.WaitVisible(`//nav//button[@data-channel="mod-alerts"]`),
		chromedp.SendKeys(`#input`, "/mod-resources add category:hotline\r", chromedp.ByID),
		chromedp.WaitVisible(`#modal[open]`, chromedp.ByQuery),
		chromedp.SendKeys(`[name="name"]`, "Shout", chromedp.ByQuery),
		chromedp.SendKeys(`[name="desc"]`, "Text SHOUT to 85258, any time", chromedp.ByQuery),
		chromedp.SendKeys(`[name="contact"]`, "Phone: 85258", chromedp.ByQuery),
		shot("demo-modal.png"),
		chromedp.Click(`#msubmit`, chromedp.ByID),
		chromedp.WaitVisible(`//div[contains(@class,"eph") and contains(., "Shout")]`),
	)
	// Channel select menus list the server's channels, as Discord's do.
	run("pick a channel in /setup's channel menu",
		chromedp.Click(`#input`, chromedp.ByID), // focus leaves the closed form
		chromedp.SendKeys(`#input`, "/setup\r", chromedp.ByID),
		chromedp.PollFunction(`() => {
			const s = [...document.querySelectorAll("#log select")].reverse().find(s => [...s.options].some(o => o.textContent === "#check-ins"));
			if (!s) return false;
			const o = [...s.options].find(o => o.textContent === "#check-ins");
			s.value = o.value;
			s.dispatchEvent(new Event("change"));
			return true;
		}`, nil, chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.WaitVisible(`//div[contains(@class,"eph") and contains(., "Saved.")]`),
	)

	// Sam (seeded with past check-ins, the 20:00 check-in reminder and
	// 12:00 self-care nudges) gets both by DM, and their buttons work there.
	const reminder = `//div[@id="log"]/div[contains(@class,"msg") and .//button[contains(., "good")]]`
	var nudges, replies float64
	run("switch to Sam, travel a day and check in from the DM reminder",
		chromedp.Evaluate(`(()=>{const s=document.querySelector("#as");s.value="sam";s.dispatchEvent(new Event("change"));return true})()`, nil),
		chromedp.WaitNotPresent(`//nav//button[@data-channel="mod-alerts"]`),
		chromedp.Click(`//header/button[@data-by="24h"]`),
		chromedp.Click(`#dm`, chromedp.ByID),
		chromedp.WaitVisible(reminder),
		clickIn(`(`+reminder+`)[last()]//button[contains(., "good")]`),
		chromedp.WaitVisible(`//div[@id="log"]/div[contains(., "/checkin history")]`),
		chromedp.Text(`#log`, &text, chromedp.ByID),
	)
	if strings.Contains(text, "⚠") {
		t.Errorf("the DM button press failed:\n%s", text)
	}
	const nudge = `//div[@id="log"]/div[contains(@class,"msg") and .//button[contains(., "I did this")]]`
	run("mark a self-care nudge done from the DMs",
		chromedp.WaitVisible(nudge),
		chromedp.Evaluate(`document.evaluate('count(`+nudge+`)', document, null, 1, null).numberValue`, &nudges),
		clickIn(`(`+nudge+`)[last()]//button[contains(., "I did this")]`),
		chromedp.WaitVisible(`//div[@id="log"]/div[contains(., "Well done for looking after yourself")]`),
		chromedp.Text(`#log`, &text, chromedp.ByID),
	)
	if nudges < 2 {
		t.Errorf("%v self-care nudges by DM after two days, want at least 2", nudges)
	}
	run("a command typed in the DM view is used in the DMs, as Discord would",
		chromedp.SendKeys(`#input`, "/help\r", chromedp.ByID),
		chromedp.WaitVisible(`//div[contains(@class,"eph") and contains(., "Here in DMs you can use")]`),
	)
	if strings.Contains(text, "⚠") {
		t.Errorf("the nudge's button press failed:\n%s", text)
	}

	const question = `//div[contains(@class,"eph") and contains(., "Delete your check-in from")]`
	run("a button's edit of a private reply replaces it",
		clickIn(`//nav//button[@data-channel="check-ins"]`),
		chromedp.SendKeys(`#input`, "/checkin now mood:4\r", chromedp.ByID),
		chromedp.WaitVisible(`//div[contains(@class,"eph") and contains(., "good")]//button[contains(., "Delete")]`),
		clickIn(`(//div[contains(@class,"eph")]//button[contains(., "Delete")])[last()]`),
		chromedp.WaitVisible(question+`//button[contains(., "Delete it")]`),
		clickIn(question+`//button[contains(., "Delete it")]`),
		chromedp.WaitVisible(`//div[contains(@class,"eph") and contains(., "Deleted your check-in")]`),
		chromedp.Evaluate(`document.evaluate('count(`+question+`)', document, null, 1, null).numberValue`, &replies),
	)
	if replies != 0 {
		t.Errorf("the delete question is still shown %v times after its answer replaced it", replies)
	}
}
