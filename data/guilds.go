package data

import (
	"context"
	"database/sql"
	"fmt"
)

// GuildJoined records that Kindred is in a server. It reports whether
// the server still needs its welcome message, which is true only the
// first time Kindred sees it. A server Kindred returns to is no longer
// marked for deletion.
func (s *Store) GuildJoined(ctx context.Context, guildID string) (needsWelcome bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO guilds (guild_id, joined_at) VALUES (?, ?)
			 ON CONFLICT (guild_id) DO UPDATE SET removed_at = NULL`,
			guildID, s.now().Unix()); err != nil {
			return err
		}
		var welcomed int
		if err := tx.QueryRowContext(ctx, `SELECT welcomed FROM guilds WHERE guild_id = ?`, guildID).Scan(&welcomed); err != nil {
			return err
		}
		needsWelcome = welcomed == 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("record guild %s joined: %w", guildID, err)
	}
	return needsWelcome, nil
}

// MarkWelcomed records that the welcome message was posted in a server.
func (s *Store) MarkWelcomed(ctx context.Context, guildID string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE guilds SET welcomed = 1 WHERE guild_id = ?`, guildID); err != nil {
		return fmt.Errorf("mark guild %s welcomed: %w", guildID, err)
	}
	return nil
}

// GuildRemoved records that Kindred was removed from a server.
func (s *Store) GuildRemoved(ctx context.Context, guildID string) error {
	if _, err := s.write.ExecContext(ctx,
		`UPDATE guilds SET removed_at = ? WHERE guild_id = ? AND removed_at IS NULL`,
		s.now().Unix(), guildID); err != nil {
		return fmt.Errorf("record guild %s removed: %w", guildID, err)
	}
	return nil
}
