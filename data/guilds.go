package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A server's welcome post, in guilds.welcomed: not tried yet, posted, or
// tried (an attempt began and may or may not have reached Discord).
const (
	welcomeNotTried = 0
	welcomePosted   = 1
	welcomeTried    = 2
)

// GuildJoined records that Kindred is in a server. It reports whether the
// server still needs its welcome post: until WelcomePosted records it, so
// that a welcome lost to a stop (or a failed post) is tried again the
// next time Kindred sees the server. A server Kindred returns to is no
// longer marked for deletion.
func (s *Store) GuildJoined(ctx context.Context, guildID string) (needsWelcome bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var welcomed int
		err := tx.QueryRowContext(ctx,
			`INSERT INTO guilds (guild_id, joined_at) VALUES (?, ?)
			 ON CONFLICT (guild_id) DO UPDATE SET removed_at = NULL
			 RETURNING welcomed`,
			guildID, s.now().Unix()).Scan(&welcomed)
		needsWelcome = welcomed != welcomePosted
		return err
	})
	s.settings.forget(guildID) // its row (and so its language) may be new
	if err != nil {
		return false, fmt.Errorf("record guild %s joined: %w", guildID, err)
	}
	return needsWelcome, nil
}

// WelcomeAttempt records that a server's welcome is about to be posted.
// It reports whether an earlier attempt began (and so may have posted it
// unseen: the process stopped, or Discord took the post and then failed),
// and since when to look for that post.
func (s *Store) WelcomeAttempt(ctx context.Context, guildID string) (earlier bool, since time.Time, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var welcomed int
		var joined int64
		if err := tx.QueryRowContext(ctx, `SELECT welcomed, joined_at FROM guilds WHERE guild_id = ?`, guildID).Scan(&welcomed, &joined); err != nil {
			return err
		}
		earlier, since = welcomed == welcomeTried, unixToUTC(joined)
		_, err := tx.ExecContext(ctx, `UPDATE guilds SET welcomed = ? WHERE guild_id = ?`, welcomeTried, guildID)
		return err
	})
	if err != nil {
		return false, time.Time{}, fmt.Errorf("record the welcome of guild %s tried: %w", guildID, err)
	}
	return earlier, since, nil
}

// WelcomePosted records that a server's welcome is posted: GuildJoined
// no longer asks for it.
func (s *Store) WelcomePosted(ctx context.Context, guildID string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE guilds SET welcomed = ? WHERE guild_id = ?`, welcomePosted, guildID); err != nil {
		return fmt.Errorf("record the welcome of guild %s posted: %w", guildID, err)
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
