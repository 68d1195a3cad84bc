package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// BotState returns a value the runtime stored under key, and ErrNotFound
// when there is none.
func (s *Store) BotState(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM bot_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("bot state %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read bot state %q: %w", key, err)
	}
	return v, nil
}

// SetBotState stores value under key.
func (s *Store) SetBotState(ctx context.Context, key, value string) error {
	_, err := s.write.ExecContext(ctx,
		`INSERT INTO bot_state (key, value) VALUES (?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write bot state %q: %w", key, err)
	}
	return nil
}
