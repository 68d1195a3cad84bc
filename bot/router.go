package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
)

// router finds the command or component that answers an interaction.
type router struct {
	commands   []*commands.Command
	byName     map[string]*commands.Command
	components map[string]route
}

type route struct {
	command   *commands.Command
	component commands.Component
}

func newRouter(list []*commands.Command) *router {
	r := &router{commands: list, byName: map[string]*commands.Command{}, components: map[string]route{}}
	for _, c := range list {
		if _, dup := r.byName[c.Definition.Name]; dup {
			panic("bot: two commands named " + c.Definition.Name)
		}
		r.byName[c.Definition.Name] = c
		for key, comp := range c.Components {
			if _, dup := r.components[key]; dup {
				panic("bot: two components routed by " + key)
			}
			r.components[key] = route{command: c, component: comp}
		}
	}
	return r
}

// component returns the route for a custom ID and the arguments after its key.
func (r *router) component(customID string) (route, []string, bool) {
	parts := strings.Split(customID, ":")
	rt, ok := r.components[parts[0]]
	return rt, parts[1:], ok
}

// definitions returns what is synced to Discord. Moderator commands are
// hidden from members by default; Kindred checks again on every call.
func (r *router) definitions() []*discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	// Commands that make sense outside a server also work in DMs with
	// Kindred, in group DMs, and for members who installed Kindred to
	// their own account.
	anywhere := []discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel,
	}
	bothInstalls := []discordgo.ApplicationIntegrationType{
		discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall,
	}
	out := make([]*discordgo.ApplicationCommand, 0, len(r.commands))
	for _, c := range r.commands {
		d := *c.Definition
		if c.Moderator {
			d.DefaultMemberPermissions = &manageServer
		}
		d.Contexts = &guildOnly
		if c.Anywhere {
			d.Contexts = &anywhere
			d.IntegrationTypes = &bothInstalls
		}
		if d.Options == nil {
			d.Options = []*discordgo.ApplicationCommandOption{}
		}
		out = append(out, &d)
	}
	return out
}
