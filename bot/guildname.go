package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// recordGuildName keeps the server's name, so DMs about it can say which
// server they come from.
func (b *Bot) recordGuildName(ctx context.Context, g *discordgo.Guild) {
	if g == nil || g.Name == "" {
		return
	}
	if err := b.cfg.Store.SetGuildName(ctx, g.ID, g.Name); err != nil {
		b.log.Error("record server name", "guild", g.ID, "err", err)
	}
}
