package bot

import (
	"github.com/bwmarrin/discordgo"
)

// Kindred keeps a lean gateway state: servers, their channels and roles,
// and of the members only its own, which its permission checks need
// (sender.BotPermissions). Everything Kindred does for a member reads the
// member from the interaction payload (roles, permissions, join date), so
// discordgo's member tracking, which grows with every member who joins or
// is updated, is off; and the members a GUILD_CREATE carries (up to the
// large threshold per server) are dropped from the state as it arrives.
// The benchmark BenchmarkRSSGatewayMembers measures the result.

// leanState switches off what Kindred's state does not need.
func leanState(s *discordgo.Session) {
	s.State.TrackMembers = false
	s.State.TrackPresences = false
	s.State.TrackVoice = false
	// Servers past 50 members send only Kindred's own member (and those
	// in voice) in GUILD_CREATE; 50 is the smallest Discord allows.
	s.Identify.LargeThreshold = 50
}

// keepOwnMember drops from the state every member of g but Kindred's own.
// discordgo has stored g (the event's own value) before handlers run.
func keepOwnMember(st *discordgo.State, g *discordgo.Guild) {
	self := st.User
	if self == nil {
		return
	}
	st.Lock()
	others := make([]*discordgo.Member, 0, len(g.Members))
	var own []*discordgo.Member
	for _, m := range g.Members {
		if m.User != nil && m.User.ID == self.ID {
			own = append(own, m)
		} else {
			others = append(others, m)
		}
	}
	// A new slice, so the old backing array (and the members it holds)
	// can be collected.
	g.Members = own
	st.Unlock()
	for _, m := range others {
		if m.User == nil {
			continue
		}
		// Deletes the member from the state's index; not finding it in
		// g.Members (which no longer holds it) is expected.
		_ = st.MemberRemove(&discordgo.Member{GuildID: g.ID, User: m.User})
	}
}

// onOwnMemberUpdate keeps Kindred's own member (its roles, for
// permissions) current: with member tracking off discordgo no longer does.
func (b *Bot) onOwnMemberUpdate(st *discordgo.State, m *discordgo.Member) {
	self := st.User
	if self == nil || m.User == nil || m.User.ID != self.ID {
		return
	}
	if err := st.MemberAdd(m); err != nil {
		b.log.Warn("update Kindred's own member in the gateway state", "guild", m.GuildID, "err", err)
	}
}
