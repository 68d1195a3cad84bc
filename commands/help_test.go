package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

func TestHelpListsWhatTheMemberCanUse(t *testing.T) {
	s := newStore(t)
	cmds := commands.All(commands.Deps{Store: s, Discord: newFakeDiscord()})
	var help *commands.Command
	for _, c := range cmds {
		if c.Definition.Name == "help" {
			help = c
		}
	}
	if help == nil {
		t.Fatal("no /help command")
	}
	for _, moderator := range []bool{false, true} {
		resp, err := help.Handle(context.Background(), slash(settingsOf(t, s, guildA), member1, moderator, "help", ""))
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Ephemeral {
			t.Error("/help reply is public, want ephemeral")
		}
		for _, want := range []string{"/help", "not a therapist", "/crisis"} {
			if !strings.Contains(resp.Content, want) {
				t.Errorf("/help (moderator=%v) does not mention %q:\n%s", moderator, want, resp.Content)
			}
		}
		for _, c := range cmds {
			listed := strings.Contains(resp.Content, "`/"+c.Definition.Name+"`")
			if c.Definition.Type == discordgo.MessageApplicationCommand {
				listed = strings.Contains(resp.Content, "Apps → **"+c.Definition.Name+"**")
			}
			if c.Moderator && listed && !moderator {
				t.Errorf("/help shows moderator command /%s to a member", c.Definition.Name)
			}
			if !c.Moderator && !listed {
				t.Errorf("/help does not list /%s", c.Definition.Name)
			}
		}
	}
	_ = data.SettingTimeZone
}
