package bot

import (
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// GuildChannels lists a server's channels from the gateway's state, so
// autocomplete never waits on the network.
func (d *sender) GuildChannels(guildID string) ([]*discordgo.Channel, error) {
	s := d.stateOf(guildID)
	g, err := s.State.Guild(guildID)
	if err != nil {
		return nil, fmt.Errorf("channels of server %s: %w", guildID, err)
	}
	s.State.RLock() // Guild unlocks before returning; copy under the lock
	defer s.State.RUnlock()
	// Each channel too: discordgo updates them in place (see stateChannel).
	out := make([]*discordgo.Channel, len(g.Channels))
	for i, ch := range g.Channels {
		c := *ch
		out[i] = &c
	}
	return out, nil
}

// GuildRoles lists a server's roles from the gateway's state.
func (d *sender) GuildRoles(guildID string) ([]*discordgo.Role, error) {
	s := d.stateOf(guildID)
	g, err := s.State.Guild(guildID)
	if err != nil {
		return nil, fmt.Errorf("roles of server %s: %w", guildID, err)
	}
	s.State.RLock()
	defer s.State.RUnlock()
	return append([]*discordgo.Role(nil), g.Roles...), nil
}
