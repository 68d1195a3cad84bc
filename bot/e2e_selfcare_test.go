package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/scheduler"
)

// tickThrough ticks the scheduler from from to to (inclusive) every step.
func tickThrough(t *testing.T, h *harness, r *scheduler.Runner, from, to time.Time, step time.Duration) {
	t.Helper()
	for at := from; !at.After(to); at = at.Add(step) {
		tickAt(t, h, r, at)
	}
}

// selfCarePosts returns the prompt posts in channelID.
func selfCarePosts(h *harness, channelID string) []*discordtest.Message {
	var out []*discordtest.Message
	for _, m := range h.fake.Messages(channelID) {
		if len(m.Embeds) > 0 && strings.HasPrefix(m.Embeds[0].Title, "Self-care prompt") {
			out = append(out, m)
		}
	}
	return out
}

// nudgeDMs returns the nudges a member received (not the welcome DM).
func nudgeDMs(h *harness, userID string) []*discordtest.Message {
	var out []*discordtest.Message
	for _, m := range h.fake.DMs(userID) {
		if strings.Contains(m.Content, "self-care nudge, as you asked") {
			out = append(out, m)
		}
	}
	return out
}

func TestSelfCareEndToEnd(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	day := func(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, time.UTC) }

	// Members can't schedule prompts; moderators can.
	resp := h.fake.SlashCommand(g, carol, "mod-selfcare", discordtest.Sub("schedule", discordtest.Opt("when", "every day at 09:00"))).Wait(t)
	wantReply(t, "member schedules", resp, reply, "Only moderators")
	resp = h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "every day at 9am"), discordtest.ChannelOpt("channel", general))).Wait(t)
	wantReply(t, "/mod-selfcare schedule", resp, reply, "Done", "<#"+general+">", "every day at 09:00")
	if !resp.Ephemeral() {
		t.Error("the confirmation is public")
	}
	ac := h.fake.Autocomplete(g, alice, "mod-selfcare", discordtest.Sub("pause", discordtest.Focused("schedule", "every"))).Wait(t)
	if len(ac.Data.Choices) != 1 || !strings.Contains(ac.Data.Choices[0].Name, "#general") {
		t.Fatalf("schedule choices: %+v", ac.Data.Choices)
	}

	// Carol opts in to nudges and gets a hello DM at once.
	resp = h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on",
		discordtest.Opt("times", "1pm, 18:00"), discordtest.Opt("timezone", "Europe/London")))).Wait(t)
	wantReply(t, "/selfcare nudge on", resp, reply, "Nudges are on", "13:00 and 18:00", "22:00 to 08:00")
	welcome := h.fake.WaitDM(t, carol.User.ID, nil)
	if !strings.Contains(welcome.Content, "You turned on self-care nudges") {
		t.Fatalf("welcome DM: %q", welcome.Content)
	}

	// Bob's DMs are closed: Kindred says so now, once, and leaves nudges off.
	bob := h.member("bob")
	h.fake.SetDMsClosed(bob.User.ID, true)
	resp = h.fake.SlashCommand(g, bob, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00")))).Wait(t)
	wantReply(t, "nudge on with closed DMs", resp, reply, "DMs are closed", "haven't turned nudges on")

	r := meetingRunner(t, h)
	tickThrough(t, h, r, day(26, 12), day(26, 14), 30*time.Minute)
	nudges := nudgeDMs(h, carol.User.ID)
	if len(nudges) != 1 {
		t.Fatalf("nudges by Thursday 14:00: %d, want 1", len(nudges))
	}
	for _, m := range []*discordtest.Message{welcome, nudges[0]} {
		if !strings.HasPrefix(m.Content, "-# From the **Test Server** server\n") {
			t.Errorf("a self-care DM doesn't name the server: %q", m.Content)
		}
	}
	// Snooze for today: no 18:00 nudge.
	snooze := buttonWithPrefix(t, nudges[0].Components, "sc-snooze:")
	resp = h.fake.ClickButton("", carol, nudges[0], snooze).Wait(t)
	wantReply(t, "snooze", resp, reply, "Snoozed")
	did := buttonWithPrefix(t, nudges[0].Components, "sc-did:")
	resp = h.fake.ClickButton("", carol, nudges[0], did).Wait(t)
	wantReply(t, "I did this, in a DM", resp, reply, "Well done")

	tickThrough(t, h, r, day(26, 14).Add(30*time.Minute), day(27, 10), 30*time.Minute)
	posts := selfCarePosts(h, general)
	if len(posts) != 1 || len(nudgeDMs(h, carol.User.ID)) != 1 {
		t.Fatalf("by Friday 10:00: %d posts (want 1), %d nudges (want 1: 18:00 snoozed, 23:00 quiet)", len(posts), len(nudgeDMs(h, carol.User.ID)))
	}

	// Each post opens a thread for sharing.
	if threads := h.fake.RequestsTo("POST", "/channels/*/messages/*/threads"); len(threads) != 1 || !strings.Contains(threads[0].Path, posts[0].ID) {
		t.Errorf("threads opened: %d, want 1 on the post", len(threads))
	}

	// "I did this" on the post counts once per member and shows the count.
	did = buttonWithPrefix(t, posts[0].Components, "sc-did:")
	resp = h.fake.ClickButton(g, carol, posts[0], did).Wait(t)
	wantReply(t, "I did this", resp, reply, "Well done")
	if !resp.Ephemeral() {
		t.Error("the thank-you is public")
	}
	resp = h.fake.ClickButton(g, carol, posts[0], did).Wait(t)
	wantReply(t, "I did this twice", resp, reply, "already marked")
	if f := h.fake.Message(posts[0].ID).Embeds[0].Footer; f == nil || !strings.Contains(f.Text, "1 member did this") {
		t.Errorf("post footer after a press: %+v", f)
	}

	// Kindred restarts; the next day's post and nudge come once each.
	h.restart()
	r = meetingRunner(t, h)
	tickThrough(t, h, r, day(27, 9), day(27, 14), 30*time.Minute)
	nudges = nudgeDMs(h, carol.User.ID)
	if len(nudges) != 2 {
		t.Fatalf("nudges by Friday 14:00: %d, want 2", len(nudges))
	}
	// Stop is immediate: no 18:00 nudge, nor any after.
	stop := buttonWithPrefix(t, nudges[1].Components, "sc-stop:")
	resp = h.fake.ClickButton("", carol, nudges[1], stop).Wait(t)
	wantReply(t, "stop", resp, reply, "Stopped")
	tickThrough(t, h, r, day(27, 14).Add(30*time.Minute), day(29, 10), 30*time.Minute)
	if got := len(nudgeDMs(h, carol.User.ID)); got != 2 {
		t.Fatalf("nudges after stopping: %d, want still 2", got)
	}

	posts = selfCarePosts(h, general)
	if len(posts) != 3 {
		t.Fatalf("posts by Sunday 10:00: %d, want 3 (one a day, across the restart)", len(posts))
	}
	seen := map[string]bool{}
	for _, p := range posts {
		text := p.Embeds[0].Description
		if seen[text] {
			t.Errorf("prompt repeated: %q", text)
		}
		seen[text] = true
	}
	resp = h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("status"))).Wait(t)
	wantReply(t, "/selfcare nudge status", resp, reply, "**off**")
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func TestSelfCarePromptsAndImportEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	resp := h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("add",
		discordtest.Opt("text", "Put your feet up for five minutes."), discordtest.Opt("category", "rest")))).Wait(t)
	wantReply(t, "prompts add", resp, reply, "Added to the rotation")

	open := h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("import"))).Wait(t)
	if open.Type != discordgo.InteractionResponseModal {
		t.Fatalf("import answered %d, want a form", open.Type)
	}
	resp = h.fake.SubmitModal(g, alice, open.Data.CustomID, map[string]string{
		"prompts": "movement: Walk to the end of the street and back.\nsleep: Go to bed early.",
	}).Wait(t)
	wantReply(t, "bad import", resp, reply, "Nothing was imported", "line 2")
	resp = h.fake.SubmitModal(g, alice, open.Data.CustomID, map[string]string{
		"prompts": "movement: Walk to the end of the street and back.\nrest: Put your feet up for five minutes.",
	}).Wait(t)
	wantReply(t, "import", resp, reply, "Imported 1 prompt", "already there")

	ac := h.fake.Autocomplete(g, alice, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("edit", discordtest.Focused("prompt", "street")))).Wait(t)
	if len(ac.Data.Choices) != 1 {
		t.Fatalf("edit choices: %+v", ac.Data.Choices)
	}
	ref := ac.Data.Choices[0].Value.(string)
	form := h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("edit", discordtest.Opt("prompt", ref)))).Wait(t)
	if form.Type != discordgo.InteractionResponseModal {
		t.Fatalf("edit answered %d, want a form", form.Type)
	}
	resp = h.fake.SubmitModal(g, alice, form.Data.CustomID, map[string]string{"text": "Walk to the end of the street and back, slowly."}).Wait(t)
	wantReply(t, "edit", resp, reply, "Saved", "slowly")

	resp = h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Sub("list")).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "2 of your own") {
		t.Errorf("/mod-selfcare list:\n%s", got)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
