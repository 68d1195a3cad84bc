package bot_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// TestWebMeetingCancelTellsTheChannel cancels a date and then the whole
// series from the dashboard: the meeting's channel hears of each, with
// the same words /mod-meetings cancel sends.
func TestWebMeetingCancelTellsTheChannel(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	ctx := context.Background()
	general := h.guild.ChannelID("general")
	b := s.browser(t)
	b.login(h.member("alice").User.ID)
	base := "/dashboard/" + g
	form := url.Values{"title": {"Sunday circle"}, "schedule": {"every Sunday at 18:00"}, "minutes": {"60"},
		"channel": {general}, "reminders": {"1h"}, "action": {"save"}}
	if resp, body := b.post(base+"/meetings/new", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save meeting = %d:\n%s", resp.StatusCode, clip(body))
	}
	ms, _ := h.store.Meetings(ctx, g)
	if len(ms) != 1 {
		t.Fatalf("meetings = %+v", ms)
	}
	mid := itoa(ms[0].ID)
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())

	sched, err := scheduler.Parse(ms[0].Schedule)
	if err != nil {
		t.Fatal(err)
	}
	first, ok := sched.Next(h.clock.Now(), time.UTC)
	if !ok {
		t.Fatal("no next date")
	}
	if resp, _ := b.post(base+"/meetings/"+mid+"/cancel", url.Values{"start": {itoa(first.Unix())}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel date = %d", resp.StatusCode)
	}
	tickAt(t, h, r, h.clock.Now().Add(time.Minute))
	if got := postsContaining(h, general, "is cancelled"); len(got) != 1 {
		t.Fatalf("cancellation notices after the dashboard cancelled a date: %d, want 1", len(got))
	}

	b.post(base+"/meetings/"+mid+"/delete", url.Values{"confirm": {"yes"}})
	tickAt(t, h, r, h.clock.Now().Add(time.Minute))
	if got := postsContaining(h, general, "has come to an end"); len(got) != 1 {
		t.Fatalf("series-ended notices after the dashboard cancelled the series: %d, want 1", len(got))
	}
}

// TestWebAuditShowsModeratorNames: another moderator's change in the
// audit log shows their name in the server, not their Discord ID.
func TestWebAuditShowsModeratorNames(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	base := "/dashboard/" + h.guild.ID
	bob := h.member("bob")
	if _, err := h.store.SetSetting(context.Background(), h.guild.ID, h.member("alice").User.ID, data.SettingModeratorRole, h.guild.RoleID("Moderator")); err != nil {
		t.Fatal(err)
	}
	bb := s.browser(t)
	bb.login(bob.User.ID)
	if resp, body := bb.post(base+"/resources/new", url.Values{"name": {"Peer line"}, "category": {"support-group"}, "description": {"Kind words"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bob adds a resource = %d:\n%s", resp.StatusCode, clip(body))
	}
	ab := s.browser(t)
	ab.login(h.member("alice").User.ID)
	_, body := ab.get(base + "/audit")
	mustContain(t, body, "<td>"+bob.User.GlobalName+"</td>", "Peer line")
	if strings.Contains(body, bob.User.ID) {
		t.Errorf("the audit log shows bob's Discord ID")
	}
}

// TestWebGuidelinesRefreshThePostedCopy: guidelines saved (and reset)
// from the dashboard update the copy already posted in Discord, as
// /mod-guidelines edit does.
func TestWebGuidelinesRefreshThePostedCopy(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	alice := h.member("alice")
	general := h.guild.ChannelID("general")
	h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("post", discordtest.ChannelOpt("channel", general))).Wait(t)
	post := h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool { return len(m.Embeds) == 1 })
	b := s.browser(t)
	b.login(alice.User.ID)
	const ours = "Be gentle. What is said here stays here."
	resp, _ := b.post("/dashboard/"+g+"/guidelines", url.Values{"text": {ours}, "action": {"save"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "updated") {
		t.Fatalf("save = %d, %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got := h.fake.Message(post.ID)
	if got == nil || len(got.Embeds) != 1 || got.Embeds[0].Description != ours {
		t.Fatalf("the posted copy was not updated: %+v", got)
	}
	if !hasButton(got.Components, "gl-ack:"+data.GuidelinesVersion(ours)) {
		t.Errorf("the posted copy's button is not for the new text")
	}
	b.post("/dashboard/"+g+"/guidelines", url.Values{"action": {"reset"}})
	if got = h.fake.Message(post.ID); got.Embeds[0].Description == ours {
		t.Errorf("reset did not update the posted copy")
	}
}

// hasButton reports whether a message's rows hold a button with customID.
func hasButton(rows []discordgo.MessageComponent, customID string) bool {
	for _, c := range rows {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, b := range row.Components {
				if btn, ok := b.(*discordgo.Button); ok && btn.CustomID == customID {
					return true
				}
			}
		}
	}
	return false
}

// TestWebSettingsChecksChannels: the settings form refuses a channel
// Kindred can't post in, and warns about an alerts channel everyone can
// see, with the words /settings set uses.
func TestWebSettingsChecksChannels(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	ctx := context.Background()
	b := s.browser(t)
	b.login(h.member("alice").User.ID)
	base := "/dashboard/" + g
	announcements, general := h.guild.ChannelID("announcements"), h.guild.ChannelID("general")
	resp, body := b.post(base+"/settings", url.Values{data.SettingCelebrationsChannel: {announcements}, data.SettingTimeZone: {"Europe/London"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a channel Kindred can't post in = %d", resp.StatusCode)
	}
	mustContain(t, body, "missing the Send Messages permission", "#announcements", "nothing was saved", "Europe/London")
	if st, _ := h.store.Settings(ctx, g); st.IsSet(data.SettingCelebrationsChannel) || st.IsSet(data.SettingTimeZone) {
		t.Fatal("a refused form saved part of itself")
	}
	resp, _ = b.post(base+"/settings", url.Values{data.SettingAlertsChannel: {general}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("alerts channel = %d", resp.StatusCode)
	}
	_, body = b.get(resp.Header.Get("Location"))
	mustContain(t, body, "Saved.", "Heads up: it looks like everyone in the server can see #general")
	if st, _ := h.store.Settings(ctx, g); st.Get(data.SettingAlertsChannel) != general {
		t.Fatal("alerts channel not saved")
	}
}

// TestWebSelfCareChannelMenu: the schedule form offers the server's
// channels by name, and a schedule is listed with its channel's name.
func TestWebSelfCareChannelMenu(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	b := s.browser(t)
	b.login(h.member("alice").User.ID)
	general := h.guild.ChannelID("general")
	_, body := b.get("/dashboard/" + g + "/selfcare")
	mustContain(t, body, `<select id="channel" name="channel">`, `<option value="`+general+`" >#general</option>`)
	if resp, _ := b.post("/dashboard/"+g+"/selfcare/schedules", url.Values{"schedule": {"every day at 09:00"}, "channel": {general}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add schedule = %d", resp.StatusCode)
	}
	_, body = b.get("/dashboard/" + g + "/selfcare")
	mustContain(t, body, "in #general")
}

// TestWebSelfCarePromptEdit: one of the server's own prompts is edited
// in place; a too-short text is refused on the form, keeping what was typed.
func TestWebSelfCarePromptEdit(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	g := h.guild.ID
	ctx := context.Background()
	b := s.browser(t)
	b.login(h.member("alice").User.ID)
	base := "/dashboard/" + g + "/selfcare"
	cat := data.SelfCareCategories()[0]
	b.post(base+"/prompts", url.Values{"category": {cat}, "text": {"Drink a glass of water and stretch your shoulders."}})
	p, err := h.store.AddSelfCarePrompt(ctx, g, h.member("alice").User.ID, cat, "Step outside and notice three things you can see.")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := b.post(base+"/prompts/"+p.Ref+"/edit", url.Values{"category": {cat}, "text": {"x"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a too-short prompt = %d", resp.StatusCode)
	}
	mustContain(t, body, ">x</textarea>", "<details open>")
	const now = "Step outside and notice three things you can hear."
	if resp, _ = b.post(base+"/prompts/"+p.Ref+"/edit", url.Values{"category": {cat}, "text": {now}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit prompt = %d", resp.StatusCode)
	}
	if got, _ := h.store.SelfCarePrompt(ctx, g, p.Ref); got.Text != now {
		t.Fatalf("prompt after edit = %q", got.Text)
	}
}
