package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// WebSession is a signed-in visitor of the moderator dashboard. Only the
// user's ID, name and the servers they were in at login are kept; whether
// they may moderate a server is asked of the bot on every request.
type WebSession struct {
	ID        string
	UserID    string
	Username  string
	GuildIDs  []string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// newSessionID returns 256 random bits, URL-safe.
func newSessionID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random session ID: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// CreateWebSession starts a session for a user lasting ttl, with a fresh
// random ID. replace, when set, is a session the visitor held before
// (rotation on login): it is deleted in the same transaction.
func (s *Store) CreateWebSession(ctx context.Context, userID, username string, guildIDs []string, ttl time.Duration, replace string) (WebSession, error) {
	if !snowflakeRE.MatchString(userID) {
		return WebSession{}, fmt.Errorf("%w: a session needs a Discord user", ErrInvalid)
	}
	id, err := newSessionID()
	if err != nil {
		return WebSession{}, err
	}
	now := s.now()
	ws := WebSession{ID: id, UserID: userID, Username: clipText(username, 100), GuildIDs: guildIDs,
		CreatedAt: now.Truncate(time.Second), ExpiresAt: now.Add(ttl).Truncate(time.Second)}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if replace != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE id = ?`, replace); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at <= ?`, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO web_sessions (id, user_id, username, guild_ids, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			ws.ID, ws.UserID, ws.Username, strings.Join(guildIDs, ","), ws.CreatedAt.Unix(), ws.ExpiresAt.Unix())
		return err
	})
	if err != nil {
		return WebSession{}, fmt.Errorf("create web session: %w", err)
	}
	return ws, nil
}

// WebSession returns the live session with this ID. An unknown or
// expired session is ErrNotFound.
func (s *Store) WebSession(ctx context.Context, id string) (WebSession, error) {
	var ws WebSession
	var guilds string
	var created, expires int64
	err := s.read.QueryRowContext(ctx,
		`SELECT id, user_id, username, guild_ids, created_at, expires_at FROM web_sessions WHERE id = ? AND expires_at > ?`,
		id, s.now().Unix()).Scan(&ws.ID, &ws.UserID, &ws.Username, &guilds, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return WebSession{}, fmt.Errorf("web session: %w", ErrNotFound)
	}
	if err != nil {
		return WebSession{}, fmt.Errorf("load web session: %w", err)
	}
	if guilds != "" {
		ws.GuildIDs = strings.Split(guilds, ",")
	}
	ws.CreatedAt, ws.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	return ws, nil
}

// DeleteWebSession ends a session (logout). Deleting an unknown session
// is not an error.
func (s *Store) DeleteWebSession(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete web session: %w", err)
	}
	return nil
}
