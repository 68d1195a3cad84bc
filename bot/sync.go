package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// syncCommands overwrites the synced commands in one call, and only when
// their definitions changed since the last sync to the same place.
func (b *Bot) syncCommands(ctx context.Context) error {
	defs := b.router.definitions()
	body, err := json.Marshal(defs)
	if err != nil {
		return fmt.Errorf("bot: encode command definitions: %w", err)
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	key := "commands_hash:" + b.cfg.ApplicationID + ":" + b.cfg.GuildID

	last, err := b.cfg.Store.BotState(ctx, key)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		return fmt.Errorf("bot: %w", err)
	}
	if last == hash {
		b.log.Info("commands unchanged, not syncing", "commands", len(defs))
		return nil
	}
	if _, err := b.session.ApplicationCommandBulkOverwrite(b.cfg.ApplicationID, b.cfg.GuildID, defs, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("bot: sync commands: %w", err)
	}
	if err := b.cfg.Store.SetBotState(ctx, key, hash); err != nil {
		return fmt.Errorf("bot: %w", err)
	}
	scope := "globally"
	if b.cfg.GuildID != "" {
		scope = "to server " + b.cfg.GuildID
	}
	b.log.Info("synced commands "+scope, "commands", len(defs))
	return nil
}
