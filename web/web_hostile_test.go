package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

// TestDashboardFormsTakeHostileInput posts every dashboard form, on a
// real resource and meeting and on IDs that name nothing, with every
// field the forms read set to far more than any form takes (70,000
// characters), nothing, markup and control characters, and each action:
// none is answered with a server error, and at least some reach the
// forms' own checks (422) and saves (303).
func TestDashboardFormsTakeHostileInput(t *testing.T) {
	ts, store, session := langSite(t)
	ctx := context.Background()
	res, err := store.AddResource(ctx, guild, mod, data.Resource{Name: "Samaritans", Category: "hotline", Phone: "116 123", Description: "Someone to listen, day or night"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(path string, form url.Values) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/dashboard/"+guild+"/"+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", ts.URL)
		req.AddCookie(&http.Cookie{Name: "kindred_session", Value: session})
		resp, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("meetings/new", url.Values{"title": {"Tuesday group"}, "schedule": {"every Tuesday at 19:00"},
		"minutes": {"60"}, "channel": {"330000000000000003"}, "action": {"save"}}); code != http.StatusSeeOther {
		t.Fatalf("a meeting to work on: %d %.300s", code, body[max(strings.Index(body, "problem"), 0):])
	}
	ms, err := store.Meetings(ctx, guild)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings %v, %v", ms, err)
	}
	fields := []string{"action", "category", "channel", "confirm", "csv", "description", "location", "minutes",
		"reminders", "schedule", "start", "tags", "text", "title", "zone", data.SettingTimeZone, data.SettingCountry,
		data.SettingLanguage, data.SettingCheckinChannel, data.SettingAlertsChannel, data.SettingModeratorRole}
	paths := []string{"settings", "guidelines", "meetings/new", "resources/new", "resources/import", "selfcare/schedules", "selfcare/prompts"}
	ids := []string{strconv.FormatInt(res.ID, 10), "999999", "abc", "-1", strings.Repeat("9", 40)}
	if m := strconv.FormatInt(ms[0].ID, 10); m != ids[0] {
		ids = append(ids, m)
	}
	// What deletes comes last, so that the real resource and meeting are
	// there for every other form.
	for _, forms := range [][]string{
		{"meetings/%s/edit", "meetings/%s/pause", "meetings/%s/resume", "meetings/%s/cancel", "resources/%s/edit",
			"resources/%s/checked", "selfcare/schedules/%s/pause", "selfcare/schedules/%s/x", "selfcare/prompts/%s/hide",
			"selfcare/prompts/%s/edit"},
		{"meetings/%s/delete", "resources/%s/remove"},
	} {
		for _, p := range forms {
			for _, id := range ids {
				paths = append(paths, strings.ReplaceAll(p, "%s", id))
			}
		}
	}
	codes := map[int]int{}
	for _, p := range paths {
		for _, v := range []string{strings.Repeat("ä", 70000), "", "@everyone <script>alert(1)</script> \x00 \u202e {{.}} %s", "-1"} {
			form := url.Values{}
			for _, f := range fields {
				form.Set(f, v)
			}
			for _, action := range []string{v, "save", "preview", "delete"} {
				form.Set("action", action)
				code, body := post(p, form)
				codes[code]++
				if code >= 500 {
					t.Errorf("POST %s (%.20q, action %.10q): %d %.300s", p, v, action, code, body)
				}
			}
		}
	}
	if codes[http.StatusUnprocessableEntity] == 0 || codes[http.StatusSeeOther] == 0 {
		t.Errorf("answers by status %v: no form checked or saved anything", codes)
	}
}
