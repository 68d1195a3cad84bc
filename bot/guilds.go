package bot

import (
	"context"
	"sort"

	"github.com/bwmarrin/discordgo"
)

const welcomeMessage = "Hello! I'm **Kindred**, a companion for this peer-support community: " +
	"check-ins, meetings, self-care prompts, resources and celebrations.\n\n" +
	"I'm not a therapist and not a crisis service. If someone is in danger, call the local emergency number; " +
	"`/crisis` lists crisis lines for each country.\n\n" +
	"A moderator should run `/setup` to choose channels, the moderator role and the server's time zone. " +
	"Everyone can start with `/help`."

// onGuildCreate records the server and, the first time Kindred sees it,
// posts the welcome message.
func (b *Bot) onGuildCreate(ctx context.Context, g *discordgo.Guild) {
	if g.Unavailable {
		return
	}
	needsWelcome, err := b.cfg.Store.GuildJoined(ctx, g.ID)
	if err != nil {
		b.log.Error("record server", "guild", g.ID, "err", err)
		return
	}
	if !needsWelcome {
		return
	}
	channelID := b.welcomeChannel(g)
	if channelID == "" {
		b.log.Warn("no channel to post the welcome message in", "guild", g.ID)
		return
	}
	if _, err := b.send.SendMessage(ctx, channelID, &discordgo.MessageSend{Content: welcomeMessage}); err != nil {
		b.log.Error("post welcome message", "guild", g.ID, "err", err)
		return
	}
	if err := b.cfg.Store.MarkWelcomed(ctx, g.ID); err != nil {
		b.log.Error("record welcome message", "guild", g.ID, "err", err)
	}
}

// welcomeChannel is the system channel, or else the first text channel
// (in the server's order) Kindred may write in.
func (b *Bot) welcomeChannel(g *discordgo.Guild) string {
	const need = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages
	canWrite := func(id string) bool {
		p, err := b.send.BotPermissions(g.ID, id)
		return err == nil && p&need == need
	}
	if g.SystemChannelID != "" && canWrite(g.SystemChannelID) {
		return g.SystemChannelID
	}
	channels := append([]*discordgo.Channel(nil), g.Channels...)
	sort.SliceStable(channels, func(i, j int) bool { return channels[i].Position < channels[j].Position })
	for _, ch := range channels {
		if ch.Type == discordgo.ChannelTypeGuildText && canWrite(ch.ID) {
			return ch.ID
		}
	}
	return ""
}

// onGuildDelete records that Kindred was removed from a server. An outage
// (Unavailable) is not a removal.
func (b *Bot) onGuildDelete(ctx context.Context, g *discordgo.GuildDelete) {
	if g.Unavailable {
		return
	}
	if err := b.cfg.Store.GuildRemoved(ctx, g.ID); err != nil {
		b.log.Error("record server removal", "guild", g.ID, "err", err)
	}
}
