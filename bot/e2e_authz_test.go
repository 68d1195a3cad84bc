package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// A member who crafts an autocomplete payload with the focused option
// outside a moderator subcommand gets no moderator data: the concern and
// self-care autocompletes check the role themselves.
func TestAutocompleteChecksTheModeratorRoleItselfEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
	carol, bob := h.member("carol"), h.member("bob")
	pvSet(t, h, data.SettingAlertsChannel, modLog)
	pvSet(t, h, data.SettingModeratorRole, h.guild.RoleID("Moderator"))

	form := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("named")).Wait(t)
	const secret = "Dave keeps messaging me privately"
	resp := h.fake.SubmitModal(g, carol, form.Data.CustomID, map[string]string{"text": secret}).Wait(t)
	wantReply(t, "named concern", resp, discordgo.InteractionResponseChannelMessageWithSource, "C-")

	// The moderator sees the concern offered.
	ac := h.fake.Autocomplete(g, bob, "mod-concerns", discordtest.Sub("close", discordtest.Focused("ref", ""))).Wait(t)
	if len(ac.Data.Choices) != 1 {
		t.Fatalf("moderator's autocomplete: %d choices, want 1", len(ac.Data.Choices))
	}

	crafted := []struct {
		name    string
		command string
		args    []discordtest.Arg
	}{
		{"concern ref at the top level", "concern", []discordtest.Arg{discordtest.Focused("ref", "")}},
		{"concern ref under a member subcommand", "concern", []discordtest.Arg{discordtest.Sub("named", discordtest.Focused("ref", ""))}},
		{"concern ref beside a moderator subcommand", "concern", []discordtest.Arg{discordtest.Sub("close"), discordtest.Focused("ref", "")}},
		{"self-care prompt at the top level", "selfcare", []discordtest.Arg{discordtest.Focused("prompt", "")}},
		{"self-care schedule under a member subcommand", "selfcare", []discordtest.Arg{discordtest.Sub("quiet", discordtest.Focused("schedule", ""))}},
		{"self-care prompt under a member subcommand", "selfcare", []discordtest.Arg{discordtest.Group("nudge", discordtest.Sub("on", discordtest.Focused("prompt", "")))}},
	}
	for _, tc := range crafted {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.fake.Autocomplete(g, carol, tc.command, tc.args...).Wait(t)
			if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("response type %d, want an autocomplete result", resp.Type)
			}
			for _, c := range resp.Data.Choices {
				t.Errorf("a member is offered %q", c.Name)
			}
		})
	}

	// The self-care prompts are offered to moderators.
	ac = h.fake.Autocomplete(g, bob, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("disable", discordtest.Focused("prompt", "")))).Wait(t)
	if len(ac.Data.Choices) == 0 {
		t.Fatal("moderator's self-care prompt autocomplete is empty")
	}
	if strings.Contains(ac.Data.Choices[0].Name, secret) {
		t.Fatal("concern text in a self-care choice")
	}
}
