package bot_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// linkButton returns the URL of the first link button labelled label, or "".
func linkButton(cs []discordgo.MessageComponent, label string) string {
	for _, c := range cs {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, b := range row.Components {
			if btn, ok := b.(*discordgo.Button); ok && btn.Style == discordgo.LinkButton && btn.Label == label {
				return btn.URL
			}
		}
	}
	return ""
}

// TestMeetingRSVPFromNextAndListEndToEnd: members answer from the private
// /meeting next and /meeting list replies; the confirmation names the date
// in their own zone, offers the calendar while the website is on, and the
// counts reach the date's reminder post.
func TestMeetingRSVPFromNextAndListEndToEnd(t *testing.T) {
	const site = "https://kindred.example.org"
	h := newHarness(t)
	h.configure = func(c *bot.Config) { c.WebsiteURL = site }
	h.restart()
	g := h.guild.ID
	ctx := context.Background()
	alice, bob, carol := h.member("alice"), h.member("bob"), h.member("carol")
	general := h.guild.ChannelID("general")
	if _, err := h.store.SetSetting(ctx, g, "", data.FeatureWebHub, "on"); err != nil {
		t.Fatal(err)
	}
	createMeeting(t, h,
		discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general))
	ms, err := h.store.Meetings(ctx, g)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings: %v, %v", ms, err)
	}
	calendar := fmt.Sprintf("%s/%s/meeting-%d.ics", site, g, ms[0].ID)

	// The 24-hour reminder is posted, so there is a post to keep in step.
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	posts := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(posts) != 1 {
		t.Fatalf("reminder posts: %d, want 1", len(posts))
	}
	occ, err := strconv.ParseInt(strings.Split(buttonWithPrefix(t, posts[0].Components, "mtg-rsvp:"), ":")[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}

	resp := h.fake.SlashCommand(g, carol, "me", discordtest.Sub("timezone", discordtest.Opt("zone", "Asia/Tokyo"))).Wait(t)
	wantReply(t, "/me timezone", resp, discordgo.InteractionResponseChannelMessageWithSource, "Asia/Tokyo")

	tuesday8 := tuesday19.AddDate(0, 0, 7)
	for _, step := range []struct {
		name     string
		who      discordtest.Member
		command  string
		start    time.Time
		answer   string
		webHub   string
		want     []string
		calendar bool
		counts   string // on the reminder post, "" when the date has none
	}{
		{"going from next, own zone", carol, "next", tuesday19, "going", "on",
			[]string{"You're going to **Tuesday group**", "Wednesday 2 December 2026, 04:00 JST (Asia/Tokyo)"}, true, "1 going · 0 maybe · 0 can't make it"},
		{"maybe from list, server zone", bob, "list", tuesday19, "maybe", "on",
			[]string{"maybe for **Tuesday group**", "Tuesday 1 December 2026, 19:00 UTC"}, true, "1 going · 1 maybe · 0 can't make it"},
		{"a date with no reminder yet", carol, "next", tuesday8, "going", "on",
			[]string{"Wednesday 9 December 2026, 04:00 JST"}, true, ""},
		{"website off: no calendar link", alice, "next", tuesday19, "going", "off",
			[]string{"You're going"}, false, "2 going · 1 maybe · 0 can't make it"},
	} {
		if _, err := h.store.SetSetting(ctx, g, "", data.FeatureWebHub, step.webHub); err != nil {
			t.Fatal(err)
		}
		in := h.fake.SlashCommand(g, step.who, "meeting", discordtest.Sub(step.command))
		list := in.Wait(t)
		if !list.Ephemeral() {
			t.Fatalf("%s: /meeting %s is public", step.name, step.command)
		}
		id := fmt.Sprintf("mtg-go:%d:%d:%s", ms[0].ID, step.start.Unix(), step.answer)
		if got := buttonWithPrefix(t, list.Data.Components, id); got != id {
			t.Fatalf("%s: button %q, want %q", step.name, got, id)
		}
		resp := h.fake.ClickButton(g, step.who, in.Original(), id).Wait(t)
		wantReply(t, step.name, resp, discordgo.InteractionResponseChannelMessageWithSource, step.want...)
		if !resp.Ephemeral() {
			t.Errorf("%s: the confirmation is public", step.name)
		}
		if got := linkButton(resp.Data.Components, "Add to calendar"); (got == calendar) != step.calendar {
			t.Errorf("%s: calendar link %q, want it: %v", step.name, got, step.calendar)
		}
		if step.counts != "" {
			if got := embedsText(h.fake.Message(posts[0].ID).Embeds); !strings.Contains(got, step.counts) {
				t.Errorf("%s: reminder post:\n%s", step.name, got)
			}
		}
	}

	// The answers are recorded on the dates' occurrences.
	c, err := h.store.RSVPCountsOf(ctx, g, occ)
	if err != nil || c.Going != 2 || c.Maybe != 1 {
		t.Errorf("counts of 1 December: %+v, %v", c, err)
	}
	os, err := h.store.Occurrences(ctx, g, ms[0].ID, tuesday8, tuesday8.Add(time.Second))
	if err != nil || len(os) != 1 {
		t.Fatalf("occurrence of 8 December: %v, %v", os, err)
	}
	if r, err := h.store.RSVPOf(ctx, g, os[0].ID, carol.User.ID); err != nil || r.Status != data.RSVPGoing {
		t.Errorf("carol's answer for 8 December: %+v, %v", r, err)
	}

	// A custom ID the reply never offered is refused.
	in := h.fake.SlashCommand(g, bob, "meeting", discordtest.Sub("next"))
	in.Wait(t)
	forged := fmt.Sprintf("mtg-go:%d:%d:going", ms[0].ID, tuesday19.Add(time.Hour).Unix())
	resp = h.fake.CraftedButton(g, bob, in.Original(), forged).Wait(t)
	wantReply(t, "forged", resp, discordgo.InteractionResponseChannelMessageWithSource, "I don't recognise that button")
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
