package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// modalInput returns the first text input of a modal response.
func modalInput(t *testing.T, resp *discordtest.Response) *discordgo.TextInput {
	t.Helper()
	if resp.Type != discordgo.InteractionResponseModal {
		t.Fatalf("response type %d %q, want a form", resp.Type, resp.Content())
	}
	var found *discordgo.TextInput
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch c := c.(type) {
			case *discordgo.ActionsRow:
				walk(c.Components)
			case *discordgo.TextInput:
				if found == nil && c.Style == discordgo.TextInputParagraph {
					found = c
				}
			}
		}
	}
	walk(resp.Data.Components)
	if found == nil {
		t.Fatalf("form %q has no paragraph box: %+v", resp.Data.CustomID, resp.Data.Components)
	}
	return found
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
			resp := h.fake.SubmitModal(g, bob, formID, map[string]string{"long-text": tc.text}).Wait(t)
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
	resp = h.fake.SubmitModal(g, carol, formID, map[string]string{"long-text": "hello"}).Wait(t)
	wantReply(t, "member submits", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")
}
