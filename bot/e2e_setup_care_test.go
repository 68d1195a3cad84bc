package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestSetupCheckinPromptRetentionAndCountryEndToEnd: the last page of
// /setup sets the daily check-in prompt, how long notes are kept and the
// crisis lines country, each saved at once and audited.
func TestSetupCheckinPromptRetentionAndCountryEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	const update = discordgo.InteractionResponseUpdateMessage

	in := h.fake.SlashCommand(g, alice, "setup")
	in.Wait(t)
	panel := in.Original()
	resp := h.fake.ClickButton(g, alice, panel, "setup-tab:general").Wait(t)
	wantReply(t, "general page", resp, update, "Daily check-in prompt: off", "Check-in notes: kept until the member deletes them", "Country for crisis lines: not set")
	if n := len(resp.Data.Components); n > 5 {
		t.Fatalf("general page has %d rows, Discord allows 5", n)
	}

	choose := func(customID string, values ...any) *discordtest.Response {
		t.Helper()
		return h.fake.SelectMenu(g, alice, panel, customID, discordgo.SelectMenuComponent, values...).Wait(t)
	}
	wantReply(t, "prompt time", choose("setup-prompt", "09:00"), update,
		"**Saved.** The check-in prompt is posted every day at 09:00.", "Choose a check-in channel", "Daily check-in prompt: every day at 09:00")
	wantReply(t, "retention", choose("setup-retention", "90"), update, "**Saved.** Keep notes for 90 days.", "Check-in notes: kept for 90 days")

	resp = h.fake.ClickButton(g, alice, panel, "setup-country").Wait(t)
	if resp.Type != discordgo.InteractionResponseModal || resp.Data.CustomID != "setup-countryform" {
		t.Fatalf("country button: response type %d custom ID %q, want the form", resp.Type, resp.Data.CustomID)
	}
	bad := h.fake.SubmitModal(g, alice, "setup-countryform", map[string]string{"country": "Atlantis"}, discordtest.OnMessage(panel.ID)).Wait(t)
	wantReply(t, "unknown country", bad, update, "**Not saved.**", "two-letter code")
	good := h.fake.SubmitModal(g, alice, "setup-countryform", map[string]string{"country": "united kingdom"}, discordtest.OnMessage(panel.ID)).Wait(t)
	wantReply(t, "country", good, update, "**Saved.** Crisis lines default to United Kingdom (GB).", "Country for crisis lines: United Kingdom (GB)")

	// With a time zone pick list the page still fits in five rows.
	typed := h.fake.SubmitModal(g, alice, "setup-tzform", map[string]string{"zone": "london"}, discordtest.OnMessage(panel.ID)).Wait(t)
	if n := len(typed.Data.Components); n > 5 {
		t.Errorf("page with the time zone pick list has %d rows", n)
	}

	wantReply(t, "picked time zone", choose("setup-tzpick", "Europe/London"), update, "**Saved.** The server's time zone is now Europe/London")

	wantReply(t, "prompt off", choose("setup-prompt", "off"), update, "**Saved.** No daily check-in prompt.", "Daily check-in prompt: off")

	ar := h.fake.SlashCommand(g, alice, "audit", discordtest.Sub("show", discordtest.Opt("feature", "settings"))).Wait(t)
	if len(ar.Data.Embeds) != 1 {
		t.Fatalf("/audit show = %q", ar.Content())
	}
	for _, key := range []string{data.SettingCheckinPromptTime, data.SettingNoteRetentionDays, data.SettingCountry} {
		d, _ := data.LookupSetting(key)
		if !strings.Contains(ar.Data.Embeds[0].Description, d.Label) {
			t.Errorf("/audit show lacks %s:\n%s", d.Label, ar.Data.Embeds[0].Description)
		}
	}
}
