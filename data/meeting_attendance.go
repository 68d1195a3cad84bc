package data

import (
	"context"
	"database/sql"
	"fmt"
)

// RecordAttendance records that a member was at an occurrence, marked by
// themselves or by a moderator (recordedBy). It reports false when it was
// recorded already.
func (s *Store) RecordAttendance(ctx context.Context, guildID string, occurrenceID int64, userID, recordedBy string) (bool, error) {
	var added bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := liveOccurrenceTx(ctx, tx, guildID, occurrenceID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_attendance (occurrence_id, guild_id, user_id, recorded_by, at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (occurrence_id, user_id) DO NOTHING`,
			occurrenceID, guildID, userID, recordedBy, s.now().Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record attendance for occurrence %d: %w", occurrenceID, err)
	}
	return added, nil
}

// AttendanceCount returns how many members were at an occurrence.
func (s *Store) AttendanceCount(ctx context.Context, guildID string, occurrenceID int64) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx,
		`SELECT count(*) FROM meeting_attendance WHERE guild_id = ? AND occurrence_id = ?`, guildID, occurrenceID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count attendance for occurrence %d: %w", occurrenceID, err)
	}
	return n, nil
}

// MemberAttendance returns how many meetings a member was at in a server.
func (s *Store) MemberAttendance(ctx context.Context, guildID, userID string) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx,
		`SELECT count(*) FROM meeting_attendance WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count attendance for user %s: %w", userID, err)
	}
	return n, nil
}

// Attendee is a member recorded as being at an occurrence.
type Attendee struct {
	UserID string
	// ByModerator is true when someone else recorded it.
	ByModerator bool
}

// AttendeesOf returns who was at an occurrence, in the order recorded.
func (s *Store) AttendeesOf(ctx context.Context, guildID string, occurrenceID int64) ([]Attendee, error) {
	as, err := queryAll(ctx, s.read, func(r rowScanner) (Attendee, error) {
		var a Attendee
		err := r.Scan(&a.UserID, &a.ByModerator)
		return a, err
	}, `SELECT user_id, recorded_by != user_id FROM meeting_attendance WHERE guild_id = ? AND occurrence_id = ? ORDER BY at, user_id`,
		guildID, occurrenceID)
	if err != nil {
		return nil, fmt.Errorf("load attendance of occurrence %d: %w", occurrenceID, err)
	}
	return as, nil
}
