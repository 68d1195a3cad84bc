package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// pathOf names a subcommand path for failure messages.
func pathOf(args []discordtest.Arg) string { return fmt.Sprint(len(args), " level(s)") }

// TestEveryCommandInADMAnswersKindly sends every command and subcommand
// Kindred registers, with no options, from a member's DMs, as a client
// that ignores the commands' contexts (or a stale one) could: each gets
// a private answer, and none is the reply to a failure.
func TestEveryCommandInADMAnswersKindly(t *testing.T) {
	h := newHarness(t)
	carol := h.member("carol")
	for _, c := range h.fake.Commands() {
		if c.Type != 0 && c.Type != discordgo.ChatApplicationCommand {
			continue
		}
		var paths [][]discordtest.Arg
		for _, o := range c.Options {
			switch o.Type {
			case discordgo.ApplicationCommandOptionSubCommand:
				paths = append(paths, []discordtest.Arg{discordtest.Sub(o.Name)})
			case discordgo.ApplicationCommandOptionSubCommandGroup:
				for _, s := range o.Options {
					paths = append(paths, []discordtest.Arg{discordtest.Group(o.Name, discordtest.Sub(s.Name))})
				}
			}
		}
		if len(paths) == 0 {
			paths = append(paths, nil)
		}
		for _, args := range paths {
			resp := h.fake.SlashCommand("", carol, c.Name, args...).Wait(t)
			content := resp.Content()
			if resp.Type == discordgo.InteractionResponseModal {
				continue // a form to fill in, which checks what it gets
			}
			// In a DM there is no "this server", and no moderator check
			// that refuses a moderator.
			if !resp.Ephemeral() || content == "" || strings.Contains(content, "something went wrong") ||
				strings.Contains(content, "this server") || strings.Contains(content, "Only moderators") {
				t.Errorf("/%s %s in a DM: ephemeral=%v %q", c.Name, pathOf(args), resp.Ephemeral(), content)
			}
		}
	}
}
