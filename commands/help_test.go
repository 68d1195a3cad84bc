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
		resp, err := help.Components["help"].Handle(context.Background(), component(settingsOf(t, s, guildA), member1, moderator, "help:all"))
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Ephemeral {
			t.Error("/help reply is public, want ephemeral")
		}
		if n := len([]rune(resp.Content)); n > 2000 {
			t.Errorf("/help all commands (moderator=%v) is %d characters, over Discord's 2,000", moderator, n)
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

// TestHelpMenuFitsAPhone checks the short /help answer: a few lines and
// one button for each main thing, in a server and in a DM.
func TestHelpMenuFitsAPhone(t *testing.T) {
	s := newStore(t)
	var help *commands.Command
	for _, c := range commands.All(commands.Deps{Store: s, Discord: newFakeDiscord()}) {
		if c.Definition.Name == "help" {
			help = c
		}
	}
	tests := []struct {
		name string
		st   data.Settings
		want []string
	}{
		{"server", settingsOf(t, s, guildA), []string{"help:checkin", "help:find", "help:meetings", "help:crisis", "help:all"}},
		{"DM", data.Settings{}, []string{"help:crisis", "help:all"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := help.Handle(context.Background(), slash(tt.st, member1, false, "help", ""))
			if err != nil {
				t.Fatal(err)
			}
			if n := len([]rune(resp.Content)); n > 400 || !resp.Ephemeral || !strings.Contains(resp.Content, "not a therapist") {
				t.Errorf("short answer (%d characters, ephemeral %v):\n%s", n, resp.Ephemeral, resp.Content)
			}
			var ids []string
			for _, row := range resp.Components {
				for _, c := range row.(discordgo.ActionsRow).Components {
					ids = append(ids, c.(discordgo.Button).CustomID)
				}
			}
			if strings.Join(ids, " ") != strings.Join(tt.want, " ") {
				t.Errorf("buttons = %v, want %v", ids, tt.want)
			}
			crisis, err := help.Components["help"].Handle(context.Background(), component(tt.st, member1, false, "help:crisis"))
			if err != nil || len(crisis.Embeds) == 0 || !crisis.Ephemeral {
				t.Errorf("Crisis lines button: %+v, %v", crisis, err)
			}
		})
	}
}
