package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestMeTimeZoneMovesTodaysNudgesEndToEnd: a member whose self-care
// nudges are already planned for today changes their zone with /me
// timezone; today's nudge then comes at the same local time in the new
// zone, not the old one.
func TestMeTimeZoneMovesTodaysNudgesEndToEnd(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	g := h.guild.ID
	carol := h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	at := func(hour int) time.Time { return time.Date(2026, 11, 26, hour, 0, 0, 0, time.UTC) }

	resp := h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on",
		discordtest.Opt("times", "13:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
	wantReply(t, "/selfcare nudge on", resp, reply, "Nudges are on")
	h.fake.WaitDM(t, carol.User.ID, nil) // the hello
	r := meetingRunner(t, h)
	tickThrough(t, h, r, at(12), at(12), time.Minute) // today's 13:00 London is planned

	resp = h.fake.SlashCommand(g, carol, "me", discordtest.Sub("timezone", discordtest.Opt("zone", "America/New_York"))).Wait(t)
	if !strings.Contains(resp.Content(), "America/New_York") {
		t.Fatalf("/me timezone = %q", resp.Content())
	}

	tickThrough(t, h, r, at(12), at(17), 30*time.Minute)
	if n := len(nudgeDMs(h, carol.User.ID)); n != 0 {
		t.Fatalf("nudges by 17:00 UTC (12:00 in New York): %d, want 0", n)
	}
	tickThrough(t, h, r, at(17), at(19), 30*time.Minute)
	if n := len(nudgeDMs(h, carol.User.ID)); n != 1 {
		t.Fatalf("nudges by 19:00 UTC (14:00 in New York): %d, want 1", n)
	}
}

// TestCheckinRemindOffersMyZoneEndToEnd: a reminder turned on without a
// zone of the member's own offers one optional button; the zone set
// through it moves the reminder, and a member who has a zone is not asked.
func TestCheckinRemindOffersMyZoneEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol, dave := h.member("carol"), h.member("bob")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	remind := func(who discordtest.Member) *discordtest.Response {
		return h.fake.SlashCommand(g, who, "checkin", discordtest.Group("remind", discordtest.Sub("on", discordtest.Opt("time", "20:00")))).Wait(t)
	}

	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on", discordtest.Opt("time", "20:00"))))
	resp := in.Wait(t)
	wantReply(t, "remind on without a zone", resp, reply, "20:00", "UTC", "Not your time zone?")
	offer := in.Original()
	form := h.fake.ClickButton(g, carol, offer, "ci-myzone").Wait(t)
	if form.Type != discordgo.InteractionResponseModal || form.Data.CustomID != "ci-myzoneform" {
		t.Fatalf("button: response type %d custom ID %q, want the form", form.Type, form.Data.CustomID)
	}
	bad := h.fake.SubmitModal(g, carol, "ci-myzoneform", map[string]string{"zone": "Mars/Olympus"}, discordtest.OnMessage(offer.ID)).Wait(t)
	wantReply(t, "unknown zone", bad, reply, "I don't know the time zone")
	saved := h.fake.SubmitModal(g, carol, "ci-myzoneform", map[string]string{"zone": "Asia/Tokyo"}, discordtest.OnMessage(offer.ID)).Wait(t)
	wantReply(t, "zone saved", saved, reply, "Asia/Tokyo", "**20:00** your time")
	if rem, err := h.store.CheckinReminderFor(context.Background(), g, carol.User.ID); err != nil || rem.Zone != "Asia/Tokyo" {
		t.Errorf("reminder after setting the zone: %+v, %v", rem, err)
	}
	if p, err := h.store.MemberProfile(context.Background(), carol.User.ID); err != nil || p.TimeZone != "Asia/Tokyo" {
		t.Errorf("profile: %+v, %v", p, err)
	}
	// Now that carol has a zone, turning the reminder on again asks nothing.
	if r := remind(carol); strings.Contains(r.Content(), "Not your time zone?") || len(r.Data.Components) != 0 {
		t.Errorf("reminder for a member with a zone offers one again: %q", r.Content())
	}

	wantReply(t, "/me timezone", h.fake.SlashCommand("", dave, "me", discordtest.Sub("timezone", discordtest.Opt("zone", "Europe/Paris"))).Wait(t), reply, "Europe/Paris")
	if r := remind(dave); strings.Contains(r.Content(), "Not your time zone?") {
		t.Errorf("dave, who set a zone, is offered one: %q", r.Content())
	}
}
