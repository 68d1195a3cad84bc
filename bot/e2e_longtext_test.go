package bot_test

import (
	"time"

	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// modalInput returns the long-text box of a form.
func modalInput(t *testing.T, resp *discordtest.Response) *discordgo.TextInput {
	t.Helper()
	if resp.Type != discordgo.InteractionResponseModal {
		t.Fatalf("response type %d %q, want a form", resp.Type, resp.Content())
	}
	in, ok := resComponents(resp.Data.Components)["text"].(*discordgo.TextInput)
	if !ok || in.Style != discordgo.TextInputParagraph {
		t.Fatalf("form %q has no paragraph box: %+v", resp.Data.CustomID, resp.Data.Components)
	}
	return in
}

// raiseConcern raises an anonymous concern as member and returns its reference.
func raiseConcern(t *testing.T, h *harness, member discordtest.Member, alerts string) string {
	t.Helper()
	g := h.guild.ID
	resp := h.fake.SlashCommand(g, member, "concern", discordtest.Sub("anonymous")).Wait(t)
	h.fake.SubmitModal(g, member, resp.Data.CustomID, map[string]string{"text": "Jokes about self-harm in voice chat."}).Wait(t)
	alert := h.fake.WaitMessage(t, alerts, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "anonymous concern") })
	at := strings.Index(alert.Content, "C-")
	return alert.Content[at : at+6]
}

func TestConcernReplyForm(t *testing.T) {
	h := newHarness(t)
	g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
	carol, bob := h.member("carol"), h.member("bob")
	pvSet(t, h, data.SettingAlertsChannel, modLog)
	pvSet(t, h, data.SettingModeratorRole, h.guild.RoleID("Moderator"))
	ref := raiseConcern(t, h, carol, modLog)

	// Without text, the reply opens a form with a paragraph box.
	resp := h.fake.SlashCommand(g, bob, "mod-concerns", discordtest.Sub("reply", discordtest.Opt("ref", strings.ToLower(ref)))).Wait(t)
	in := modalInput(t, resp)
	if in.MaxLength == 0 || in.MaxLength > 4000 || !in.Required || !strings.Contains(resp.Data.Title, ref) {
		t.Fatalf("reply form = %q %+v", resp.Data.Title, in)
	}
	formID := resp.Data.CustomID

	tests := []struct {
		name, text string
		wants      []string
		sent       bool
	}{
		{name: "whitespace only", text: "  \n \n ", wants: []string{"box was empty"}},
		{name: "too long", text: strings.Repeat("a", 1501), wants: []string{"at most 1500", "yours has 1501"}},
		{name: "with line breaks", text: "Thank you for telling us.\n\nWe've spoken to them.\nWe're keeping an eye on it.", wants: []string{"Sent your reply"}, sent: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.fake.SubmitModal(g, bob, formID, map[string]string{"text": tc.text}).Wait(t)
			wantReply(t, tc.name, resp, discordgo.InteractionResponseChannelMessageWithSource, tc.wants...)
			if !resp.Ephemeral() {
				t.Error("the answer is not private")
			}
			if tc.name == "too long" && (len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Description != tc.text) {
				t.Errorf("the too-long reply is not handed back: %+v", resp.Data.Embeds)
			}
			if tc.sent {
				h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool {
					return len(m.Embeds) == 1 && m.Embeds[0].Description == tc.text
				})
			}
		})
	}

	// A member can't submit the moderators' form.
	resp = h.fake.SubmitModal(g, carol, formID, map[string]string{"text": "hello"}).Wait(t)
	wantReply(t, "member submits", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")
}

func TestMilestoneNoteForm(t *testing.T) {
	h := newHarness(t)
	g, general := h.guild.ID, h.guild.ChannelID("general")
	carol := h.member("carol")
	msSet(t, h, data.SettingCelebrationsChannel, general)
	r := meetingRunner(t, h)
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	// Without a note, /milestone share opens the form, what pre-filled.
	open := func() string {
		resp := h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share",
			discordtest.Opt("what", "30 days sober"), discordtest.Opt("public", true))).Wait(t)
		modalInput(t, resp)
		what, ok := resComponents(resp.Data.Components)["what"].(*discordgo.TextInput)
		if !ok || what.Value != "30 days sober" {
			t.Fatalf("form's what = %+v", resComponents(resp.Data.Components)["what"])
		}
		return resp.Data.CustomID
	}
	form := open()

	// Too long: refused kindly, both boxes handed back, nothing saved.
	long := strings.Repeat("n", data.MaxMilestoneNote+1)
	resp := h.fake.SubmitModal(g, carol, form, map[string]string{"what": "30 days sober", "text": long}).Wait(t)
	wantReply(t, "too long", resp, reply, "at most 1000", "30 days sober")
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Description != long {
		t.Fatalf("the note is not handed back: %+v", resp.Data.Embeds)
	}
	// Empty what: refused, the note handed back.
	resp = h.fake.SubmitModal(g, carol, form, map[string]string{"what": "  ", "text": "kept"}).Wait(t)
	wantReply(t, "empty what", resp, reply, "box was empty", "> kept")

	// The note's line breaks reach the celebration post.
	note := "One day at a time.\nSome days one hour at a time.\n\nThank you all."
	resp = h.fake.SubmitModal(g, carol, open(), map[string]string{"what": "30 days sober", "text": note}).Wait(t)
	wantReply(t, "public share", resp, reply, "I'll post **30 days sober**")
	tickAt(t, h, r, harnessStart.Add(time.Minute))
	posts := celebrations(h, general)
	if len(posts) != 1 {
		t.Fatalf("%d celebrations, want 1", len(posts))
	}
	if want := "> One day at a time.\n> Some days one hour at a time.\n> \n> Thank you all."; !strings.Contains(posts[0].Content, want) {
		t.Fatalf("celebration %q lacks the note with its line breaks %q", posts[0].Content, want)
	}
}

func TestMeetingDescriptionForm(t *testing.T) {
	h := newHarness(t)
	g, general := h.guild.ID, h.guild.ChannelID("general")
	alice, carol := h.member("alice"), h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource

	// Created without a description, the saved meeting offers the form.
	in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general)))
	resp := in.Wait(t)
	done := h.fake.ClickButton(g, alice, in.Original(), buttonWithPrefix(t, resp.Data.Components, "mtg-ok:")).Wait(t)
	button := buttonWithPrefix(t, done.Data.Components, "mt-desc:")
	form := h.fake.ClickButton(g, alice, in.Original(), button).Wait(t)
	if box := modalInput(t, form); box.Value != "" || box.Required || box.MaxLength != data.MaxMeetingDescription {
		t.Fatalf("description box = %+v", box)
	}

	// Too long: refused kindly, handed back, nothing saved.
	long := strings.Repeat("d", data.MaxMeetingDescription+1)
	resp = h.fake.SubmitModal(g, alice, form.Data.CustomID, map[string]string{"text": long}).Wait(t)
	wantReply(t, "too long", resp, reply, "at most 1000")
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Description != long {
		t.Fatalf("too long is not handed back: %+v", resp.Data.Embeds)
	}
	// A member can't use the moderators' form.
	resp = h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"text": "mine"}).Wait(t)
	wantReply(t, "member", resp, reply, "Only moderators")

	desc := "A gentle hour to talk about the week.\n\nNewcomers welcome.\nCameras optional."
	resp = h.fake.SubmitModal(g, alice, form.Data.CustomID, map[string]string{"text": desc}).Wait(t)
	wantReply(t, "saved", resp, reply, "Saved the description of **Tuesday group**")

	// /mod-meetings edit with nothing else opens the form, pre-filled.
	form = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	if box := modalInput(t, form); box.Value != desc {
		t.Fatalf("edit form pre-filled with %q, want %q", box.Value, desc)
	}

	// The reminder carries the line breaks.
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	posts := postsContaining(h, general, "Tuesday group")
	if len(posts) == 0 {
		t.Fatal("no reminder posted")
	}
	if !strings.Contains(embedsText(posts[0].Embeds), desc) && !strings.Contains(posts[0].Content, desc) {
		t.Fatalf("reminder lacks the description with its line breaks:\n%s\n%s", posts[0].Content, embedsText(posts[0].Embeds))
	}

	// Emptying the box removes the description.
	resp = h.fake.SubmitModal(g, alice, form.Data.CustomID, map[string]string{"text": " \n "}).Wait(t)
	wantReply(t, "cleared", resp, reply, "Removed the description")
}
