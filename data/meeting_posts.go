package data

import (
	"context"
	"fmt"
	"strconv"
)

// ReminderPost is a reminder message Kindred posted in a channel.
type ReminderPost struct {
	ChannelID, MessageID string
}

// ReminderPosts returns the reminder posts (with RSVP buttons) Kindred
// sent for an occurrence, oldest first, so that an answer on any of them
// can refresh the counts on all of them.
func (s *Store) ReminderPosts(ctx context.Context, guildID string, occurrenceID int64) ([]ReminderPost, error) {
	ps, err := queryAll(ctx, s.read, func(r rowScanner) (ReminderPost, error) {
		var p ReminderPost
		err := r.Scan(&p.ChannelID, &p.MessageID)
		return p, err
	}, `SELECT channel_id, message_id FROM deliveries
	    WHERE guild_id = ? AND kind = ? AND ref = ? AND status = 'sent' AND message_id != '' AND channel_id != ''
	    ORDER BY sent_at, id`,
		guildID, DeliveryMeetingReminder, strconv.FormatInt(occurrenceID, 10))
	if err != nil {
		return nil, fmt.Errorf("load reminder posts of occurrence %d: %w", occurrenceID, err)
	}
	return ps, nil
}
