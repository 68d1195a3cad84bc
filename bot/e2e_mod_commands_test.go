package bot_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// subcommandPaths lists a command's subcommands as "name sub" and
// "name group sub".
func subcommandPaths(c *discordgo.ApplicationCommand) []string {
	var out []string
	for _, o := range c.Options {
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand:
			out = append(out, c.Name+" "+o.Name)
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			for _, s := range o.Options {
				out = append(out, c.Name+" "+o.Name+" "+s.Name)
			}
		}
	}
	return out
}

func TestMembersSeeOnlyWhatTheyCanUseEndToEnd(t *testing.T) {
	h := newHarness(t)
	defs := h.fake.Commands()
	if len(defs) == 0 {
		t.Fatal("no commands registered")
	}
	var visible, hidden []string
	for _, c := range defs {
		paths := subcommandPaths(c)
		if len(paths) == 0 {
			paths = []string{c.Name}
		}
		if c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions == 0 {
			visible = append(visible, paths...)
			for _, o := range c.Options {
				if strings.Contains(o.Description, "(moderators)") {
					t.Errorf("members see /%s %s, described as for moderators", c.Name, o.Name)
				}
			}
			continue
		}
		if *c.DefaultMemberPermissions != discordgo.PermissionManageGuild {
			t.Errorf("/%s: default_member_permissions %d, want Manage Server", c.Name, *c.DefaultMemberPermissions)
		}
		if !strings.HasPrefix(c.Name, "mod-") && !slices.Contains([]string{"setup", "settings", "audit"}, c.Name) {
			t.Errorf("moderators' command /%s doesn't start with mod-, so /mod doesn't find it", c.Name)
		}
		hidden = append(hidden, paths...)
	}
	for _, tc := range []struct {
		member, moderator string
	}{
		{"guidelines edit", "mod-guidelines edit"},
		{"guidelines reset", "mod-guidelines reset"},
		{"guidelines post", "mod-guidelines post"},
		{"guidelines acknowledgements", "mod-guidelines acknowledgements"},
		{"resources add", "mod-resources add"},
		{"resources edit", "mod-resources edit"},
		{"resources remove", "mod-resources remove"},
		{"resources checked", "mod-resources checked"},
		{"resources import", "mod-resources import"},
		{"resources export", "mod-resources export"},
		{"resources stale", "mod-resources stale"},
		{"meeting create", "mod-meetings create"},
		{"meeting edit", "mod-meetings edit"},
		{"meeting pause", "mod-meetings pause"},
		{"meeting resume", "mod-meetings resume"},
		{"meeting cancel", "mod-meetings cancel"},
		{"meeting restore", "mod-meetings restore"},
		{"meeting delete", "mod-meetings delete"},
		{"selfcare schedule", "mod-selfcare schedule"},
		{"selfcare list", "mod-selfcare list"},
		{"selfcare pause", "mod-selfcare pause"},
		{"selfcare resume", "mod-selfcare resume"},
		{"selfcare delete", "mod-selfcare delete"},
		{"selfcare workshop", "mod-selfcare workshop"},
		{"selfcare prompts add", "mod-selfcare prompts add"},
		{"selfcare prompts import", "mod-selfcare prompts import"},
		{"milestone award", "mod-milestones award"},
		{"concern list", "mod-concerns list"},
		{"concern reply", "mod-concerns reply"},
		{"concern close", "mod-concerns close"},
		{"talk stats", "mod-talk stats"},
		{"checkin followups", "mod-checkins followups"},
	} {
		if slices.Contains(visible, tc.member) {
			t.Errorf("members see /%s", tc.member)
		}
		if !slices.Contains(hidden, tc.moderator) {
			t.Errorf("no /%s for moderators", tc.moderator)
		}
	}
	// What stays with members, because members use it.
	for _, want := range []string{
		"meeting list", "meeting next", "meeting attendance", "selfcare quiet", "selfcare nudge on",
		"selfcare nudge status", "talk start", "talk duty", "concern anonymous", "guidelines show",
		"resources find", "checkin now", "checkin history", "milestone share",
	} {
		if !slices.Contains(visible, want) {
			t.Errorf("members no longer see /%s", want)
		}
	}
}

func TestModeratorCommandsEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")

	// A moderator creates a meeting with /mod-meetings create and confirms it.
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	next := h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	if !strings.Contains(embedsText(next.Data.Embeds), "Tuesday group") {
		t.Errorf("a member's /meeting next doesn't show the new meeting:\n%s", embedsText(next.Data.Embeds))
	}
	// The moderator's autocomplete works in the moderators' command.
	ac := h.fake.Autocomplete(g, alice, "mod-meetings", discordtest.Sub("pause", discordtest.Focused("meeting", "Tue"))).Wait(t)
	if len(ac.Data.Choices) != 1 {
		t.Errorf("moderator's /mod-meetings pause autocomplete: %d choices, want 1", len(ac.Data.Choices))
	}

	// A member who reaches a moderators' command (a server admin can let
	// anyone see it) is refused kindly, privately, and nothing changes.
	for _, tc := range []struct {
		command string
		args    []discordtest.Arg
	}{
		{"mod-meetings", []discordtest.Arg{discordtest.Sub("delete", discordtest.Opt("meeting", "Tuesday group"))}},
		{"mod-concerns", []discordtest.Arg{discordtest.Sub("list")}},
		{"mod-guidelines", []discordtest.Arg{discordtest.Sub("reset")}},
		{"mod-talk", []discordtest.Arg{discordtest.Sub("stats")}},
		{"mod-selfcare", []discordtest.Arg{discordtest.Group("prompts", discordtest.Sub("list"))}},
	} {
		resp := h.fake.SlashCommand(g, carol, tc.command, tc.args...).Wait(t)
		wantReply(t, "member's /"+tc.command, resp, discordgo.InteractionResponseChannelMessageWithSource,
			"Only moderators can do that", "please ask a moderator")
		if !resp.Ephemeral() {
			t.Errorf("member's /%s: the refusal is public", tc.command)
		}
	}
	ac = h.fake.Autocomplete(g, carol, "mod-meetings", discordtest.Sub("pause", discordtest.Focused("meeting", ""))).Wait(t)
	if len(ac.Data.Choices) != 0 {
		t.Errorf("a member's autocomplete in /mod-meetings offers %d meetings", len(ac.Data.Choices))
	}
	next = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	if !strings.Contains(embedsText(next.Data.Embeds), "Tuesday group") {
		t.Error("the member's refused /mod-meetings delete removed the meeting")
	}
}
