package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// ciComponentID returns the custom ID of the first button or select in
// cs whose custom ID starts with prefix.
func ciComponentID(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, c := range cs {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, x := range row.Components {
			switch x := x.(type) {
			case *discordgo.Button:
				if strings.HasPrefix(x.CustomID, prefix) {
					return x.CustomID
				}
			case *discordgo.SelectMenu:
				if strings.HasPrefix(x.CustomID, prefix) {
					return x.CustomID
				}
			}
		}
	}
	t.Fatalf("no component %s* in %d rows", prefix, len(cs))
	return ""
}

// ciSet changes a setting as a moderator would.
func ciSet(t *testing.T, h *harness, key, value string) {
	t.Helper()
	if _, err := h.store.SetSetting(context.Background(), h.guild.ID, h.member("alice").User.ID, key, value); err != nil {
		t.Fatal(err)
	}
}

func TestCheckinEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	general, modLog := h.guild.ChannelID("general"), h.guild.ChannelID("mod-log")
	modRole := h.guild.RoleID("Moderator")
	const (
		message = discordgo.InteractionResponseChannelMessageWithSource
		update  = discordgo.InteractionResponseUpdateMessage
	)
	ciSet(t, h, data.SettingCheckinChannel, general)
	ciSet(t, h, data.SettingAlertsChannel, modLog)
	ciSet(t, h, data.SettingModeratorRole, modRole)
	ciSet(t, h, data.SettingCountry, "GB")
	before := len(h.fake.Messages(modLog))

	// A private check-in, then feelings from the menu on the reply.
	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4), discordtest.Opt("feelings", "hopeful")))
	resp := in.Wait(t)
	wantReply(t, "/checkin now", resp, message, "Saved: 🙂 good · feeling hopeful.", "Only you can see this.")
	if !resp.Ephemeral() || len(resp.Data.Embeds) != 0 {
		t.Fatalf("check-in reply: ephemeral %v, %d embeds", resp.Ephemeral(), len(resp.Data.Embeds))
	}
	reply := in.Original()
	feel := ciComponentID(t, resp.Data.Components, "ci-feel:")
	resp = h.fake.SelectMenu(g, carol, reply, feel, discordgo.SelectMenuComponent, "hopeful", "calm").Wait(t)
	wantReply(t, "feelings", resp, update, "feeling calm and hopeful")

	// Sharing shows what will be posted, then posts it.
	share := ciComponentID(t, resp.Data.Components, "ci-share:")
	resp = h.fake.ClickButton(g, carol, reply, share).Wait(t)
	wantReply(t, "share preview", resp, update, "Here's what I'll post in <#"+general+">")
	resp = h.fake.ClickButton(g, carol, reply, ciComponentID(t, resp.Data.Components, "ci-sharego:")).Wait(t)
	wantReply(t, "share", resp, update, "Shared in <#"+general+">")
	post := h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool {
		return strings.Contains(m.Content, "<@"+carol.User.ID+"> checked in: 🙂 **good**, feeling calm and hopeful")
	})
	if len(post.Embeds) != 0 {
		t.Errorf("the post carries a note")
	}

	// A note from the form; a note with crisis language brings the safety net.
	in = h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3), discordtest.Opt("note", true)))
	resp = in.Wait(t)
	if resp.Type != discordgo.InteractionResponseModal || !strings.HasPrefix(resp.Data.CustomID, "ci-notesave:") {
		t.Fatalf("note:true: response type %d custom ID %q, want the note form", resp.Type, resp.Data.CustomID)
	}
	const note = "I keep thinking I'd be better off dead"
	resp = h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"note": note}).Wait(t)
	wantReply(t, "note with crisis language", resp, message, "You are not alone", "Your check-in is saved", "ask a moderator here to reach out")
	if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), "Crisis lines: United Kingdom") {
		t.Fatalf("safety net: ephemeral %v, embeds:\n%s", resp.Ephemeral(), embedsText(resp.Data.Embeds))
	}
	if got := len(h.fake.Messages(modLog)); got != before {
		t.Fatalf("the alerts channel got %d messages before carol chose anything", got-before)
	}

	// The lowest mood brings it too; asking a moderator posts a notice
	// naming carol, never the note; sharing the note is a second choice.
	in = h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1)))
	resp = in.Wait(t)
	wantReply(t, "struggling", resp, message, "I'm sorry today is so hard", "You are not alone")
	safety := in.Original()
	resp = h.fake.ClickButton(g, carol, safety, ciComponentID(t, resp.Data.Components, "ci-note:")).Wait(t)
	if resp.Type != discordgo.InteractionResponseModal {
		t.Fatalf("Add a note: response type %d", resp.Type)
	}
	const hardNote = "rough night, can't stop crying"
	h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"note": hardNote}, discordtest.OnMessage(safety.ID)).Wait(t)
	resp = h.fake.ClickButton(g, carol, safety, ciComponentID(t, safety.Components, "ci-reach:")).Wait(t)
	wantReply(t, "ask a moderator", resp, update, "I've asked the moderators to reach out")
	notice := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool {
		return strings.Contains(m.Content, "<@"+carol.User.ID+"> asked for a moderator")
	})
	if !strings.Contains(notice.Content, "<@&"+modRole+">") || strings.Contains(notice.Content, "crying") || len(notice.Embeds) != 0 {
		t.Fatalf("notice:\n%s", notice.Content)
	}
	resp = h.fake.ClickButton(g, carol, safety, ciComponentID(t, resp.Data.Components, "ci-reachnote:")).Wait(t)
	wantReply(t, "share the note", resp, update, "You shared your note with them.")
	shared := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool {
		return len(m.Embeds) == 1 && m.Embeds[0].Description == hardNote
	})
	if shared.MessageReference == nil || shared.MessageReference.MessageID != notice.ID {
		t.Errorf("the note doesn't reply to the notice: %+v", shared.MessageReference)
	}
	resp = h.fake.SlashCommand(g, h.member("bob"), "mod-checkins", discordtest.Sub("followups")).Wait(t)
	if text := embedsText(resp.Data.Embeds); !strings.Contains(text, "<@"+carol.User.ID+">") || strings.Contains(text, "crying") {
		t.Fatalf("/mod-checkins followups:\n%s", text)
	}
	wantReply(t, "followups by a member", h.fake.SlashCommand(g, carol, "mod-checkins", discordtest.Sub("followups")).Wait(t), message, "Only moderators")

	// History: streak, recent check-ins and a PNG chart.
	in = h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("history"))
	resp = in.Wait(t)
	if resp.Type != message || !resp.Ephemeral() || len(resp.Data.Embeds) != 1 {
		t.Fatalf("/checkin history: type %d ephemeral %v embeds %d", resp.Type, resp.Ephemeral(), len(resp.Data.Embeds))
	}
	e := resp.Data.Embeds[0]
	if !strings.Contains(e.Description, "**Streak:** 1 day") || !strings.Contains(e.Description, "last 30 days:** 3") || !strings.Contains(e.Description, "crying") {
		t.Errorf("history embed:\n%s", e.Description)
	}
	if e.Image == nil || e.Image.URL != "attachment://mood.png" || len(resp.Files) != 1 || resp.Files[0].Name != "mood.png" {
		t.Fatalf("chart: image %+v, %d files", e.Image, len(resp.Files))
	}
	img, err := png.Decode(bytes.NewReader(resp.Files[0].Data))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
		t.Errorf("chart size %v", b)
	}

	// Another member sees none of carol's.
	resp = h.fake.SlashCommand(g, h.member("bob"), "checkin", discordtest.Sub("history")).Wait(t)
	wantReply(t, "bob's history", resp, message, "haven't checked in here yet")

	// Deleting everything takes the shared post with it.
	history := in.Original()
	confirm := h.fake.ClickButton(g, carol, history, "ci-delall")
	resp = confirm.Wait(t)
	wantReply(t, "delete all?", resp, message, "Delete all 3 check-ins")
	resp = h.fake.ClickButton(g, carol, confirm.Original(), "ci-delallgo").Wait(t)
	wantReply(t, "deleted", resp, update, "Deleted 3 check-ins.")
	if m := h.fake.Message(post.ID); m != nil {
		t.Errorf("the shared post is still there")
	}
	if cs, err := h.store.RecentCheckins(context.Background(), g, carol.User.ID, time.Time{}); err != nil || len(cs) != 0 {
		t.Errorf("check-ins left: %d, %v", len(cs), err)
	}

	// Reminders and country.
	wantReply(t, "remind on", h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "8:30pm"), discordtest.Opt("timezone", "Europe/London")))).Wait(t), message, "**20:30** (Europe/London")
	wantReply(t, "remind off", h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("off"))).Wait(t), message, "is off")
	wantReply(t, "country", h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("country", discordtest.Opt("country", "DE"))).Wait(t), message, "**Germany**")
	resp = h.fake.Autocomplete(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3), discordtest.Focused("feelings", "tired, an"))).Wait(t)
	if len(resp.Data.Choices) == 0 || resp.Data.Choices[0].Value != "tired, angry" {
		t.Errorf("feelings autocomplete: %+v", resp.Data.Choices)
	}

	// With check-ins switched off, Kindred says so kindly.
	ciSet(t, h, data.FeatureCheckins, "off")
	wantReply(t, "feature off", h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3))).Wait(t), message, "switched off")
}
