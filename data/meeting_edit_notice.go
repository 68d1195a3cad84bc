package data

import (
	"context"
	"fmt"
	"time"
)

// DeliveryMeetingChanged tells members who said they're going that a
// meeting's time or place changed: a post in its channel, and a DM to
// each one who asked for reminder DMs.
const DeliveryMeetingChanged = "meeting_changed"

// GoingRSVPs returns the "going" answers for a meeting's dates that start
// after from and are not cancelled, oldest date first.
func (s *Store) GoingRSVPs(ctx context.Context, guildID string, meetingID int64, from time.Time) ([]RSVP, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT r.occurrence_id, r.user_id, r.dm_opt_in, r.updated_at FROM meeting_rsvps r
		 JOIN meeting_occurrences o ON o.id = r.occurrence_id AND o.guild_id = r.guild_id
		 WHERE r.guild_id = ? AND o.meeting_id = ? AND o.starts_at > ? AND o.status != ? AND r.status = 'going'
		 ORDER BY o.starts_at, r.user_id`, guildID, meetingID, from.Unix(), OccurrenceCancelled)
	if err != nil {
		return nil, fmt.Errorf("going answers of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	var out []RSVP
	for rows.Next() {
		r := RSVP{GuildID: guildID, Status: RSVPGoing}
		var updated int64
		if err := rows.Scan(&r.OccurrenceID, &r.UserID, &r.DMOptIn, &updated); err != nil {
			return nil, fmt.Errorf("going answers of meeting %d: %w", meetingID, err)
		}
		r.UpdatedAt = unixToUTC(updated)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("going answers of meeting %d: %w", meetingID, err)
	}
	return out, nil
}
