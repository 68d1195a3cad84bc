package bot

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestOutsideInstall(t *testing.T) {
	member := &discordgo.Member{User: &discordgo.User{ID: "2"}}
	tests := []struct {
		name      string
		in        discordgo.Interaction
		wantGuild string
	}{
		{"server install", discordgo.Interaction{GuildID: "1", Member: member,
			AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationGuildInstall: "1"}}, "1"},
		{"both installs", discordgo.Interaction{GuildID: "1", Member: member,
			AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationGuildInstall: "1", discordgo.ApplicationIntegrationUserInstall: "2"}}, "1"},
		{"user install only, in a server without Kindred", discordgo.Interaction{GuildID: "1", Member: member,
			AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationUserInstall: "2"}}, ""},
		{"no owners given", discordgo.Interaction{GuildID: "1", Member: member}, "1"},
		{"DM", discordgo.Interaction{User: member.User,
			AuthorizingIntegrationOwners: map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationUserInstall: "2"}}, ""},
	}
	for _, tt := range tests {
		got := outsideInstall(&tt.in)
		if got.GuildID != tt.wantGuild {
			t.Errorf("%s: guild %q, want %q", tt.name, got.GuildID, tt.wantGuild)
		}
		if got.GuildID == "" && (got.User == nil || got.User.ID != "2" || got.Member != nil) {
			t.Errorf("%s: user %+v member %+v, want the user and no member", tt.name, got.User, got.Member)
		}
		if tt.in.GuildID != "1" && tt.name != "DM" {
			t.Errorf("%s: the original interaction was changed", tt.name)
		}
	}
}
