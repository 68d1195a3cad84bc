package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestEveryCommandInADMAnswersKindly sends every command and subcommand
// Kindred registers, with no options, from a member's DMs, as a client
// that ignores the commands' contexts (or a stale one) could: each gets
// a private answer, and none is the reply to a failure.
func TestEveryCommandInADMAnswersKindly(t *testing.T) {
	h := newHarness(t)
	carol := h.member("carol")
	for _, l := range commandLeaves(h) {
		resp := h.fake.SlashCommand("", carol, l.path[0], l.args(nil)...).Wait(t)
		if resp.Type == discordgo.InteractionResponseModal {
			continue // a form to fill in, which checks what it gets
		}
		// In a DM there is no "this server", and no moderator check that
		// refuses a moderator.
		content := resp.Content()
		if !resp.Ephemeral() || content == "" || strings.Contains(content, "something went wrong") ||
			strings.Contains(content, "this server") || strings.Contains(content, "Only moderators") {
			t.Errorf("/%s in a DM: ephemeral=%v %q", strings.Join(l.path, " "), resp.Ephemeral(), content)
		}
	}
}
