package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestAuditShowNamesSettingsAndValuesEndToEnd: /audit show lists
// setting changes by their labels, channels and roles as mentions and
// countries by name, never the raw keys and IDs.
func TestAuditShowNamesSettingsAndValuesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	general, role := h.guild.ChannelID("general"), h.guild.RoleID("Moderator")
	set := func(key, value string) {
		t.Helper()
		r := h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value))).Wait(t)
		if !strings.Contains(r.Content(), "Saved.") {
			t.Fatalf("set %s = %q", key, r.Content())
		}
	}
	set(data.SettingCheckinChannel, "<#"+general+">")
	set(data.SettingListenerRole, "<@&"+role+">")
	set(data.SettingCountry, "GB")
	set(data.SettingTalkRetentionDays, "30")

	ar := h.fake.SlashCommand(g, alice, "audit", discordtest.Sub("show", discordtest.Opt("feature", "settings"))).Wait(t)
	if len(ar.Data.Embeds) != 1 {
		t.Fatalf("/audit show = %q with %d embeds", ar.Content(), len(ar.Data.Embeds))
	}
	audit := ar.Data.Embeds[0].Description
	for _, want := range []string{
		"Check-in channel — not set → <#" + general + ">",
		"Listener role — not set → <@&" + role + ">",
		"Default country for crisis lines — not set → United Kingdom (GB)",
		"Days to keep closed support threads — 14 → 30",
	} {
		if !strings.Contains(audit, want) {
			t.Errorf("/audit show lacks %q:\n%s", want, audit)
		}
	}
	for _, raw := range []string{data.SettingCheckinChannel, data.SettingListenerRole, "· " + data.SettingCountry, data.SettingTalkRetentionDays, "(not set)"} {
		if strings.Contains(audit, raw) {
			t.Errorf("/audit show shows the raw %q:\n%s", raw, audit)
		}
	}
}

// TestSettingsSetAutocompletesCountriesEndToEnd: the value of the crisis
// lines country is offered from the countries Kindred has lines for.
func TestSettingsSetAutocompletesCountriesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	resp := h.fake.Autocomplete(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", data.SettingCountry), discordtest.Focused("value", "united k"))).Wait(t)
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) == 0 {
		t.Fatalf("autocomplete: type %d, %d choices", resp.Type, len(resp.Data.Choices))
	}
	if c := resp.Data.Choices[0]; c.Name != "United Kingdom (GB)" || c.Value != "GB" {
		t.Errorf("first choice %q = %v, want United Kingdom (GB)", c.Name, c.Value)
	}
}

// TestSettingsSetAutocompletesChannelsAndRolesEndToEnd: channel and role
// settings offer the server's text channels and roles by name from the
// gateway state; a typed name is taken, and a bad value is refused with
// what would work.
func TestSettingsSetAutocompletesChannelsAndRolesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	general, role := h.guild.ChannelID("general"), h.guild.RoleID("Moderator")
	complete := func(key, typed string) []*discordgo.ApplicationCommandOptionChoice {
		t.Helper()
		r := h.fake.Autocomplete(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Focused("value", typed))).Wait(t)
		if r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("autocomplete %s: type %d", key, r.Type)
		}
		return r.Data.Choices
	}
	tests := []struct {
		key, typed, wantName, wantValue string
	}{
		{data.SettingCheckinChannel, "gen", "#general", general},
		{data.SettingCheckinChannel, "#GEN", "#general", general},
		{data.SettingListenerRole, "mod", "@Moderator", role},
	}
	for _, tc := range tests {
		choices := complete(tc.key, tc.typed)
		if len(choices) != 1 || choices[0].Name != tc.wantName || choices[0].Value != tc.wantValue {
			t.Errorf("autocomplete %s %q = %+v, want only %s = %s", tc.key, tc.typed, choices, tc.wantName, tc.wantValue)
		}
	}
	for _, c := range complete(data.SettingListenerRole, "") {
		if c.Value == g {
			t.Errorf("role suggestions offer @everyone: %+v", c)
		}
	}

	set := func(key, value string) string {
		return h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value))).Wait(t).Content()
	}
	if got := set(data.SettingCheckinChannel, "#general"); !strings.Contains(got, "Saved. Check-in channel is now <#"+general+">") {
		t.Errorf("set by name = %q", got)
	}
	got := set(data.SettingListenerRole, "nobody-has-this")
	for _, want := range []string{"Listener role needs a role", "pick a role from the suggestions"} {
		if !strings.Contains(got, want) {
			t.Errorf("bad role reply lacks %q: %q", want, got)
		}
	}
}
