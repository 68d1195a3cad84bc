package data

import (
	"context"
	"database/sql"
	"fmt"
)

// MaxAttendeeLimit bounds a meeting's attendee limit.
const MaxAttendeeLimit = 1000

// SetMeetingEventsShown chooses whether a meeting is published in the
// Events tab (the default) or kept out of it.
func (s *Store) SetMeetingEventsShown(ctx context.Context, guildID string, meetingID int64, shown bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_options (meeting_id, guild_id, events) SELECT id, guild_id, ? FROM meetings WHERE guild_id = ? AND id = ?
			 ON CONFLICT (meeting_id) DO UPDATE SET events = excluded.events`, shown, guildID, meetingID)
		return err
	})
	if err != nil {
		return fmt.Errorf("choose events tab for meeting %d: %w", meetingID, err)
	}
	return nil
}

// MeetingEventsShown reports whether a meeting is to be published in the
// Events tab.
func (s *Store) MeetingEventsShown(ctx context.Context, guildID string, meetingID int64) (bool, error) {
	var shown bool
	if err := s.read.QueryRowContext(ctx,
		`SELECT coalesce((SELECT events FROM meeting_options WHERE guild_id = ? AND meeting_id = ?), 1)`, guildID, meetingID).Scan(&shown); err != nil {
		return false, fmt.Errorf("load events tab choice of meeting %d: %w", meetingID, err)
	}
	return shown, nil
}

// SetAttendeeLimit sets how many members may answer "going" to each date
// of a meeting; 0 means no limit. Others join a waiting list.
func (s *Store) SetAttendeeLimit(ctx context.Context, guildID string, meetingID int64, limit int) error {
	if limit < 0 || limit > MaxAttendeeLimit {
		return problem(ErrInvalid, "meeting_limit_range", "Max", MaxAttendeeLimit)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_options (meeting_id, guild_id, attendee_limit) SELECT id, guild_id, ? FROM meetings WHERE guild_id = ? AND id = ?
			 ON CONFLICT (meeting_id) DO UPDATE SET attendee_limit = excluded.attendee_limit`, limit, guildID, meetingID)
		return err
	})
	if err != nil {
		return fmt.Errorf("set attendee limit of meeting %d: %w", meetingID, err)
	}
	return nil
}

// AttendeeLimit returns a meeting's attendee limit; 0 means none.
func (s *Store) AttendeeLimit(ctx context.Context, guildID string, meetingID int64) (int, error) {
	n, err := attendeeLimitTx(ctx, s.read, guildID, meetingID)
	if err != nil {
		return 0, fmt.Errorf("load attendee limit of meeting %d: %w", meetingID, err)
	}
	return n, nil
}

func attendeeLimitTx(ctx context.Context, db queryer, guildID string, meetingID int64) (int, error) {
	var n int
	err := db.QueryRowContext(ctx,
		`SELECT coalesce((SELECT attendee_limit FROM meeting_options WHERE guild_id = ? AND meeting_id = ?), 0)`, guildID, meetingID).Scan(&n)
	return n, err
}
