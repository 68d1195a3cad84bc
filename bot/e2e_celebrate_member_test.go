package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// "Celebrate this" asks Discord whether the message's author is still a
// member when the form is sent: kudos never go to someone who left, and
// the reason typed comes back.
func TestCelebrateThisChecksTheAuthorIsStillAMemberEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	bob, carol := msJoined(h.member("bob")), msJoined(h.member("carol"))
	general := h.guild.ChannelID("general")
	msSet(t, h, data.SettingCelebrationsChannel, general)

	msg := h.fake.UserMessage(general, bob.User, "I made it to the shop today.")
	form := h.fake.MessageCommand(g, carol, "Celebrate this", msg.ID).Wait(t)
	if form.Type != discordgo.InteractionResponseModal {
		t.Fatalf("Celebrate this answered %d, want a form", form.Type)
	}
	h.fake.RemoveMember(g, bob.User.ID) // bob leaves while carol writes
	resp := h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"reason": "Proud of you"}).Wait(t)
	wantReply(t, "Celebrate this after the author left", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"doesn't seem to be in this server", "> Proud of you")
	if !resp.Ephemeral() {
		t.Error("the refusal is public")
	}
	ms, err := h.store.MemberMilestones(t.Context(), g, bob.User.ID, false)
	if err != nil || len(ms) != 0 {
		t.Fatalf("bob's milestones after he left: %d, %v; want none", len(ms), err)
	}
	if strings.Contains(strings.Join(msgContents(h, general), "\n"), "Proud of you") {
		t.Fatal("kudos were posted for someone who left")
	}
}

func msgContents(h *harness, channelID string) []string {
	var out []string
	for _, m := range h.fake.Messages(channelID) {
		out = append(out, m.Content)
	}
	return out
}
