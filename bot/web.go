package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/bwmarrin/discordgo"
)

// The methods in this file are the bot's side of the website (package
// web, which declares the interface they satisfy): the dashboard asks
// the bot's own view of a server, not a login token's, who may moderate.

// WebGuild returns a server's name and icon address from the gateway's
// state; ok is false when Kindred is not in that server.
func (b *Bot) WebGuild(guildID string) (name, iconURL string, ok bool) {
	g, err := b.session.State.Guild(guildID)
	if err != nil {
		return "", "", false
	}
	b.session.State.RLock()
	defer b.session.State.RUnlock()
	if g.Unavailable {
		return "", "", false
	}
	if g.Icon != "" {
		iconURL = discordgo.EndpointGuildIcon(g.ID, g.Icon)
	}
	return g.Name, iconURL, true
}

// ErrNotMember means the user is not a member of the server.
var ErrNotMember = errors.New("not a member of the server")

// WebMember returns a member's roles and whether they hold Manage Server
// (directly, through Administrator, or as the owner), from the gateway's
// state or else Discord's API. A user who is not a member is
// ErrNotMember.
func (b *Bot) WebMember(ctx context.Context, guildID, userID string) (roles []string, manageServer bool, err error) {
	g, err := b.session.State.Guild(guildID)
	if err != nil {
		return nil, false, fmt.Errorf("server %s: %w", guildID, ErrNotMember)
	}
	m, err := b.session.State.Member(guildID, userID)
	if err != nil {
		m, err = b.session.GuildMember(guildID, userID, discordgo.WithContext(ctx))
		if err != nil {
			if code := restCode(err); code == discordgo.ErrCodeUnknownMember || code == discordgo.ErrCodeUnknownUser {
				return nil, false, fmt.Errorf("user %s in server %s: %w", userID, guildID, ErrNotMember)
			}
			return nil, false, fmt.Errorf("look up member of server %s: %w", guildID, err)
		}
	}
	// The state's records change under gateway events: read them locked
	// (after State.Member, which takes the lock itself).
	b.session.State.RLock()
	defer b.session.State.RUnlock()
	roles = append([]string(nil), m.Roles...)
	if g.OwnerID == userID {
		return roles, true, nil
	}
	var perms int64
	for _, r := range g.Roles {
		if r.ID == guildID || contains(m.Roles, r.ID) {
			perms |= r.Permissions
		}
	}
	manage := perms&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0
	return roles, manage, nil
}

// WebChoices lists a server's text channels (roles false) or its roles
// that moderators can choose (roles true: not @everyone, not an app's),
// by position, from the gateway's state, for the dashboard's menus.
func (b *Bot) WebChoices(guildID string, roles bool) (ids, names []string) {
	g, err := b.session.State.Guild(guildID)
	if err != nil {
		return nil, nil
	}
	b.session.State.RLock()
	defer b.session.State.RUnlock()
	if roles {
		rs := append([]*discordgo.Role(nil), g.Roles...)
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Position > rs[j].Position })
		for _, r := range rs {
			if r.ID != guildID && !r.Managed {
				ids, names = append(ids, r.ID), append(names, "@"+r.Name)
			}
		}
		return ids, names
	}
	chs := append([]*discordgo.Channel(nil), g.Channels...)
	sort.SliceStable(chs, func(i, j int) bool { return chs[i].Position < chs[j].Position })
	for _, c := range chs {
		if c.Type == discordgo.ChannelTypeGuildText || c.Type == discordgo.ChannelTypeGuildNews {
			ids, names = append(ids, c.ID), append(names, "#"+c.Name)
		}
	}
	return ids, names
}

// WebMemberName returns the name a member shows in a server (nickname,
// else display name, else username) from the gateway's state or else
// Discord's API, or "" when neither can say (the audit log then shows
// the ID).
func (b *Bot) WebMemberName(ctx context.Context, guildID, userID string) string {
	if m, err := b.session.State.Member(guildID, userID); err == nil && m.User != nil {
		b.session.State.RLock()
		defer b.session.State.RUnlock()
		return m.DisplayName()
	}
	m, err := b.session.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	if err != nil || m.User == nil {
		return ""
	}
	return m.DisplayName()
}
