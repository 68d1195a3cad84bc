package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// moveNudgesTx moves a member's self-care nudges, in every server, to
// zone: nudges not sent yet are withdrawn and planned again from now in
// the new zone, so today's times follow the change.
func moveNudgesTx(ctx context.Context, tx *sql.Tx, userID, zone string, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT guild_id FROM selfcare_nudges WHERE user_id = ? AND zone <> ?`, userID, zone)
	if err != nil {
		return fmt.Errorf("find self-care nudges: %w", err)
	}
	var guilds []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return fmt.Errorf("find self-care nudges: %w", err)
		}
		guilds = append(guilds, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find self-care nudges: %w", err)
	}
	for _, g := range guilds {
		n, err := nudgesTx(ctx, tx, g, userID)
		if err != nil {
			return err
		}
		n.Zone = zone
		n.replan(now)
		if err := saveNudgesTx(ctx, tx, n, now.Unix()); err != nil {
			return fmt.Errorf("move self-care nudges in guild %s: %w", g, err)
		}
	}
	return nil
}
