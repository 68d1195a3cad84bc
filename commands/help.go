package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Help is /help: what Kindred offers and the commands a member can use.
func Help(others []*Command) *Command {
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "help",
			Description: "What Kindred offers and how to use it",
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		var b strings.Builder
		b.WriteString("**Kindred** is here to help this community support each other: check-ins, meetings, self-care prompts, resources and celebrations.\n")
		b.WriteString("Kindred is not a therapist or a crisis service.\n\n")
		b.WriteString("**Commands you can use**\n")
		var menus []string
		for _, cmd := range append(others, c) {
			if cmd.Moderator && !req.IsModerator {
				continue
			}
			if cmd.Feature != "" && !req.Settings.Enabled(cmd.Feature) {
				continue
			}
			if cmd.Definition.Type == discordgo.MessageApplicationCommand {
				menus = append(menus, "**"+cmd.Definition.Name+"**")
				continue
			}
			fmt.Fprintf(&b, "`/%s`: %s\n", cmd.Definition.Name, cmd.Definition.Description)
		}
		if len(menus) > 0 {
			fmt.Fprintf(&b, "On any message: right-click (or long-press) → Apps → %s.\n", strings.Join(menus, ", "))
		}
		b.WriteString("\n**If you are in danger or thinking about ending your life**, please call your local emergency number now, or use `/crisis` to see crisis lines for your country. You are not alone.")
		resp := &Response{Content: b.String(), Ephemeral: true}
		if talkAvailable(req.Settings) {
			resp.Content += "\n\nWould you like to talk with someone here? One of this community's listeners can join you in a private thread."
			resp.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{TalkButton()}}}
		}
		return resp, nil
	}
	return c
}
