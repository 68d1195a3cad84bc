package bot

import "github.com/bwmarrin/discordgo"

// outsideInstall returns i as Kindred should treat it: a command a member
// uses through their own (user) install of Kindred, in a server that has
// not added Kindred, is answered as if outside any server, since Kindred
// holds nothing for that server and can do nothing there. Other
// interactions are returned unchanged.
func outsideInstall(i *discordgo.Interaction) *discordgo.Interaction {
	if i.GuildID == "" || len(i.AuthorizingIntegrationOwners) == 0 {
		return i
	}
	if _, ok := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]; ok {
		return i
	}
	c := *i
	c.GuildID = ""
	if c.Member != nil {
		c.User, c.Member = c.Member.User, nil
	}
	return &c
}
