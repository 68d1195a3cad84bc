package data

import (
	"context"
	"fmt"
)

// StopAllDMs turns off, in every server, the DMs a member asked Kindred
// to send on its own: self-care nudges and check-in reminders. It is the
// "stop" word's effect, and reports how many were on.
func (s *Store) StopAllDMs(ctx context.Context, userID string) (int, error) {
	guilds, err := queryAll(ctx, s.read, func(r rowScanner) (string, error) {
		var g string
		return g, r.Scan(&g)
	}, `SELECT guild_id FROM selfcare_nudges WHERE user_id = ? AND enabled = 1`, userID)
	if err != nil {
		return 0, fmt.Errorf("find nudges of user %s: %w", userID, err)
	}
	stopped := 0
	for _, g := range guilds {
		if _, was, err := s.StopSelfCareNudges(ctx, g, userID, ""); err != nil {
			return stopped, err
		} else if was {
			stopped++
		}
	}
	res, err := s.write.ExecContext(ctx, `DELETE FROM checkin_reminders WHERE user_id = ?`, userID)
	if err != nil {
		return stopped, fmt.Errorf("stop check-in reminders of user %s: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return stopped + int(n), nil
}
