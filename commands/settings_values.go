package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// GuildLister lists a server's channels and roles from the bot's gateway
// state (no network), for autocompleting channel and role settings. The
// bot's Discord satisfies it; a Discord without it gets no suggestions.
type GuildLister interface {
	GuildChannels(guildID string) ([]*discordgo.Channel, error)
	GuildRoles(guildID string) ([]*discordgo.Role, error)
}

// postableChannel reports whether a channel kind can hold Kindred's posts.
func postableChannel(t discordgo.ChannelType) bool {
	return t == discordgo.ChannelTypeGuildText || t == discordgo.ChannelTypeGuildNews
}

// channelRoleChoices suggests the server's text channels or roles whose
// name contains typed, by name, with the ID as the value.
func channelRoleChoices(discord Discord, d data.SettingDef, guildID, typed string) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	lister, ok := discord.(GuildLister)
	if !ok || guildID == "" {
		return out
	}
	typed = strings.ToLower(strings.TrimLeft(strings.TrimSpace(typed), "#@"))
	type named struct{ name, id string }
	var found []named
	if d.Kind == data.KindChannel {
		chs, err := lister.GuildChannels(guildID)
		if err != nil {
			return out
		}
		for _, ch := range chs {
			if acceptsChannel(d.Key, ch.Type) && strings.Contains(strings.ToLower(ch.Name), typed) {
				found = append(found, named{"#" + ch.Name, ch.ID})
			}
		}
	} else {
		roles, err := lister.GuildRoles(guildID)
		if err != nil {
			return out
		}
		for _, r := range roles {
			// @everyone and roles Discord manages for bots are never right here.
			if r.ID == guildID || r.Managed || !strings.Contains(strings.ToLower(r.Name), typed) {
				continue
			}
			found = append(found, named{"@" + r.Name, r.ID})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].name < found[j].name })
	for _, f := range found {
		if len(out) == 25 {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(f.name, 100), Value: f.id})
	}
	return out
}

// resolveByName turns a typed channel or role name ("#general",
// "Listeners") into its ID, so a moderator who types instead of picking
// still gets it. It returns "" when no single one has that name.
func resolveByName(discord Discord, d data.SettingDef, guildID, typed string) string {
	name := strings.ToLower(strings.TrimLeft(strings.TrimSpace(typed), "#@"))
	if name == "" {
		return ""
	}
	var ids []string
	for _, c := range channelRoleChoices(discord, d, guildID, name) {
		if strings.ToLower(strings.TrimLeft(c.Name, "#@")) == name {
			ids = append(ids, fmt.Sprint(c.Value))
		}
	}
	if len(ids) != 1 {
		return ""
	}
	return ids[0]
}

// kindHint says what a channel or role setting takes, for a refusal.
func kindHint(p *i18n.Printer, d data.SettingDef) string {
	if d.Kind == data.KindRole {
		return p.T("settings.hint_role")
	}
	return p.T("settings.hint_channel")
}
