package commands

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// modArea names the moderators' command split from a command members use:
// its moderator subcommands move to Name, which Discord hides from
// members, so a member scrolling "/" sees only what they can use and a
// moderator typing "/mod" sees every moderator tool together.
type modArea struct {
	from, name, description string
}

// modAreas are the moderators' commands, in the order /help lists them.
var modAreas = []modArea{
	{"guidelines", "mod-guidelines", "Moderators: edit, reset and post the guidelines, and see who acknowledged them"},
	{"resources", "mod-resources", "Moderators: add, edit, check, import and export the resource directory"},
	{"checkin", "mod-checkins", "Moderators: check-in follow-ups members asked for"},
	{"meeting", "mod-meetings", "Moderators: create, change, pause, cancel and delete meetings"},
	{"selfcare", "mod-selfcare", "Moderators: schedule self-care prompts and manage the prompt library"},
	{"milestone", "mod-milestones", "Moderators: award a milestone to a member"},
	{"concern", "mod-concerns", "Moderators: read, answer and close concerns members raised"},
	{"talk", "mod-talk", "Moderators: how often members asked to talk (counts only)"},
}

// withModCommands moves each command's moderator subcommands into a
// moderators' command of its own and returns the list with those added.
// The moderators' command shares the member command's handler and
// autocomplete (both dispatch on the subcommand, which is unchanged); its
// buttons and forms stay routed by the member command, and the member
// command keeps ModeratorSubcommands, so a crafted payload naming a moved
// subcommand there is still refused by the moderator check.
func withModCommands(list []*Command) []*Command {
	byName := map[string]*Command{}
	for _, c := range list {
		byName[c.Definition.Name] = c
	}
	for _, a := range modAreas {
		c := byName[a.from]
		if c == nil || len(c.ModeratorSubcommands) == 0 {
			continue
		}
		member := *c.Definition
		member.Options = nil
		var moved []*discordgo.ApplicationCommandOption
		for _, o := range c.Definition.Options {
			if moderatorOption(c.ModeratorSubcommands, o) {
				moved = append(moved, withoutModeratorsNote(o))
			} else {
				member.Options = append(member.Options, o)
			}
		}
		if len(moved) == 0 {
			continue
		}
		c.Definition = &member
		list = append(list, &Command{
			Definition: &discordgo.ApplicationCommand{
				Name:        a.name,
				Description: a.description,
				Options:     moved,
			},
			Moderator:    true,
			Feature:      c.Feature,
			Handle:       c.Handle,
			Autocomplete: c.Autocomplete,
		})
	}
	return list
}

// moderatorOption reports whether a top-level option is a moderator
// subcommand, or a group whose every subcommand is.
func moderatorOption(subs []string, o *discordgo.ApplicationCommandOption) bool {
	switch o.Type {
	case discordgo.ApplicationCommandOptionSubCommand:
		return slices.Contains(subs, o.Name)
	case discordgo.ApplicationCommandOptionSubCommandGroup:
		for _, s := range o.Options {
			if !slices.Contains(subs, o.Name+" "+s.Name) {
				return false
			}
		}
		return len(o.Options) > 0
	}
	return false
}

// withoutModeratorsNote drops "(moderators)" from a moved subcommand's
// description: in a moderators' command it says nothing.
func withoutModeratorsNote(o *discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
	c := *o
	c.Description = strings.TrimSpace(strings.ReplaceAll(c.Description, " (moderators)", ""))
	if len(o.Options) > 0 && o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		c.Options = make([]*discordgo.ApplicationCommandOption, len(o.Options))
		for i, s := range o.Options {
			c.Options[i] = withoutModeratorsNote(s)
		}
	}
	return &c
}
