package discordtest

import "github.com/bwmarrin/discordgo"

// CraftedButton dispatches a button press whose custom ID is not on the
// message, as a modified client could send: Discord delivers such
// interactions, so a bot must check every ID it takes from a custom ID.
// Unlike ClickButton it records no API violation for the missing button.
func (s *Server) CraftedButton(guildID string, member Member, message any, customID string) *Interaction {
	s.tb.Helper()
	mid := messageRef(message)
	return s.build(discordgo.InteractionMessageComponent, guildID, member, nil, func(b *ibuild) {
		b.messageID = mid
		if m := s.messageLocked(mid); m != nil {
			b.channelID = m.channelID
		} else {
			s.tb.Errorf("discordtest: CraftedButton on unknown message %s", mid)
		}
	}, func(b *ibuild, p map[string]any) {
		p["data"] = map[string]any{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)}
	})
}
