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
	defs := wire(b.router.definitions())
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
	endpoint := discordgo.EndpointApplicationGlobalCommands(b.cfg.ApplicationID)
	if b.cfg.GuildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(b.cfg.ApplicationID, b.cfg.GuildID)
	}
	// Not ApplicationCommandBulkOverwrite: it would send discordgo's
	// struct, whose default_member_permissions is a string.
	if _, err := b.session.RequestWithBucketID("PUT", endpoint, defs, endpoint, discordgo.WithContext(ctx)); err != nil {
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

// WireCommand is a command definition as Kindred sends it to Discord's
// bulk overwrite (PUT /applications/{id}/commands). discordgo tags
// ApplicationCommand.DefaultMemberPermissions `json:",string"`, so it
// would send "32"; Discord's OpenAPI spec types the field as an integer
// or null, and this shallower field, which encoding/json prefers, sends
// that.
type WireCommand struct {
	*discordgo.ApplicationCommand
	// DefaultMemberPermissions is the permission bit set a member needs
	// to see the command; null means everyone.
	DefaultMemberPermissions *int64 `json:"default_member_permissions"`
}

func wire(defs []*discordgo.ApplicationCommand) []WireCommand {
	out := make([]WireCommand, len(defs))
	for i, d := range defs {
		out[i] = WireCommand{ApplicationCommand: d, DefaultMemberPermissions: d.DefaultMemberPermissions}
	}
	return out
}

// WireDefinitions returns the body of the bulk overwrite Kindred sends:
// Definitions, as they go on the wire.
func WireDefinitions(store *data.Store) []WireCommand {
	return wire(Definitions(store))
}
