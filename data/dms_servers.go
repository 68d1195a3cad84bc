package data

import (
	"context"
	"fmt"
)

// DMSources returns the servers (with their last known names) whose
// self-care nudges or check-in reminders a member gets by DM, so the
// stop word can ask which to end.
func (s *Store) DMSources(ctx context.Context, userID string) ([]GuildRef, error) {
	refs, err := queryAll(ctx, s.read, func(r rowScanner) (GuildRef, error) {
		var g GuildRef
		return g, r.Scan(&g.ID, &g.Name)
	}, `SELECT src.guild_id, coalesce(g.name, '') FROM (
			SELECT guild_id FROM selfcare_nudges WHERE user_id = ?1 AND enabled = 1
			UNION SELECT guild_id FROM checkin_reminders WHERE user_id = ?1) src
		LEFT JOIN guilds g ON g.guild_id = src.guild_id
		ORDER BY coalesce(g.name, ''), src.guild_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("find DM sources of user %s: %w", userID, err)
	}
	return refs, nil
}

// StopGuildDMs turns off a member's self-care nudges and check-in reminder
// in one server, and reports how many were on.
func (s *Store) StopGuildDMs(ctx context.Context, guildID, userID string) (int, error) {
	stopped := 0
	nudges, err := s.SelfCareNudgeSettings(ctx, guildID, userID)
	if err != nil {
		return 0, err
	}
	if nudges.Enabled { // stopping writes a row, so only when there is one to stop
		if _, was, err := s.StopSelfCareNudges(ctx, guildID, userID, ""); err != nil {
			return 0, err
		} else if was {
			stopped++
		}
	}
	res, err := s.write.ExecContext(ctx, `DELETE FROM checkin_reminders WHERE guild_id = ? AND user_id = ?`, guildID, userID)
	if err != nil {
		return stopped, fmt.Errorf("stop check-in reminder of user %s in guild %s: %w", userID, guildID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return stopped, fmt.Errorf("stop check-in reminder of user %s in guild %s: %w", userID, guildID, err)
	}
	return stopped + int(n), nil
}
