package data

import (
	"context"
	"database/sql"
	"fmt"
)

// GuildJoined records that Kindred is in a server. It reports whether
// the caller should post the welcome message: true only the first time
// Kindred sees the server, and claimed in the same transaction so that two
// starts cannot both welcome it. A server Kindred returns to is no longer
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
		if needsWelcome {
			_, err := tx.ExecContext(ctx, `UPDATE guilds SET welcomed = 1 WHERE guild_id = ?`, guildID)
			return err
		}
		return nil
	})
	s.settings.forget(guildID) // its row (and so its language) may be new
	if err != nil {
		return false, fmt.Errorf("record guild %s joined: %w", guildID, err)
	}
	return needsWelcome, nil
}

// WelcomeFailed releases the welcome claim GuildJoined took, so that the
// next start tries again.
func (s *Store) WelcomeFailed(ctx context.Context, guildID string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE guilds SET welcomed = 0 WHERE guild_id = ?`, guildID); err != nil {
		return fmt.Errorf("release welcome of guild %s: %w", guildID, err)
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

// ActiveGuilds returns the servers Kindred is recorded as being in (not
// removed), so that at start-up those it was removed from while offline
// can be noticed.
func (s *Store) ActiveGuilds(ctx context.Context) ([]string, error) {
	ids, err := queryAll(ctx, s.read, func(r rowScanner) (string, error) {
		var id string
		err := r.Scan(&id)
		return id, err
	}, `SELECT guild_id FROM guilds WHERE removed_at IS NULL ORDER BY guild_id`)
	if err != nil {
		return nil, fmt.Errorf("list servers Kindred is in: %w", err)
	}
	return ids, nil
}
