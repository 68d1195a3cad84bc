package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// DeliveryMeetingPlace is the DM telling a member on a meeting's waiting
// list that a place opened and is now theirs.
const DeliveryMeetingPlace = "meeting_place"

// WaitlistedError says a meeting was full, so the member was put on its
// waiting list (or already was) instead of being marked as going.
type WaitlistedError struct {
	// Position is the member's place on the list, from 1.
	Position int
	// Limit is the meeting's attendee limit.
	Limit int
}

func (e *WaitlistedError) Error() string {
	return fmt.Sprintf("the meeting is full (%d places); on the waiting list at %d", e.Limit, e.Position)
}

// placeOrWaitTx lets a member be going to an occurrence when there is a
// place (or they have one already), or puts them on the waiting list and
// returns a *WaitlistedError.
func placeOrWaitTx(ctx context.Context, tx *sql.Tx, o Occurrence, userID string, now time.Time) error {
	limit, err := attendeeLimitTx(ctx, tx, o.GuildID, o.MeetingID)
	if err != nil || limit == 0 {
		return err
	}
	var going, already int
	if err := tx.QueryRowContext(ctx,
		`SELECT coalesce(sum(status = 'going'), 0), coalesce(sum(status = 'going' AND user_id = ?), 0)
		 FROM meeting_rsvps WHERE guild_id = ? AND occurrence_id = ?`, userID, o.GuildID, o.ID).Scan(&going, &already); err != nil {
		return err
	}
	if already > 0 || going < limit {
		return leaveWaitlistTx(ctx, tx, o, userID)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO meeting_waitlist (occurrence_id, guild_id, user_id, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		o.ID, o.GuildID, userID, now.Unix()); err != nil {
		return err
	}
	var pos int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM meeting_waitlist w, meeting_waitlist me
		 WHERE me.guild_id = ?1 AND me.occurrence_id = ?2 AND me.user_id = ?3 AND w.guild_id = ?1 AND w.occurrence_id = ?2
		   AND (w.added_at < me.added_at OR (w.added_at = me.added_at AND w.rowid <= me.rowid))`,
		o.GuildID, o.ID, userID).Scan(&pos); err != nil {
		return err
	}
	return &WaitlistedError{Position: pos, Limit: limit}
}

func leaveWaitlistTx(ctx context.Context, tx *sql.Tx, o Occurrence, userID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM meeting_waitlist WHERE guild_id = ? AND occurrence_id = ? AND user_id = ?`,
		o.GuildID, o.ID, userID)
	return err
}

// offerPlaceTx gives a freed place to the first member waiting, if there
// is room, marks them as going and enqueues a DM telling them.
func offerPlaceTx(ctx context.Context, tx *sql.Tx, o Occurrence, now time.Time) error {
	limit, err := attendeeLimitTx(ctx, tx, o.GuildID, o.MeetingID)
	if err != nil || limit == 0 || !o.StartsAt.After(now) {
		return err
	}
	for {
		c, err := rsvpCountsTx(ctx, tx, o.GuildID, o.ID)
		if err != nil || c.Going >= limit || c.Waiting == 0 {
			return err
		}
		var userID string
		err = tx.QueryRowContext(ctx,
			`SELECT user_id FROM meeting_waitlist WHERE guild_id = ? AND occurrence_id = ? ORDER BY added_at, rowid LIMIT 1`,
			o.GuildID, o.ID).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := leaveWaitlistTx(ctx, tx, o, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_rsvps (occurrence_id, guild_id, user_id, status, dm_opt_in, updated_at) VALUES (?, ?, ?, 'going', 0, ?)
			 ON CONFLICT (occurrence_id, user_id) DO UPDATE SET status = 'going', updated_at = excluded.updated_at`,
			o.ID, o.GuildID, userID, now.Unix()); err != nil {
			return err
		}
		dm := Delivery{
			GuildID: o.GuildID, Kind: DeliveryMeetingPlace, Source: MeetingDMSource(o.MeetingID), Ref: strconv.FormatInt(o.ID, 10),
			UserID: userID, Key: fmt.Sprintf("meeting:%d:%s:place:%s:%d", o.MeetingID, o.StartsAt.UTC().Format("2006-01-02T15:04Z"), userID, now.Unix()),
			DueAt: now, ExpiresAt: o.StartsAt,
		}
		if _, err := enqueueTx(ctx, tx, dm, now); err != nil {
			return err
		}
	}
}

// WaitlistPosition returns a member's place on an occurrence's waiting
// list, from 1, or 0 when they are not on it.
func (s *Store) WaitlistPosition(ctx context.Context, guildID string, occurrenceID int64, userID string) (int, error) {
	var pos int
	err := s.read.QueryRowContext(ctx,
		`SELECT coalesce((SELECT count(*) FROM meeting_waitlist w, meeting_waitlist me
		 WHERE me.guild_id = ?1 AND me.occurrence_id = ?2 AND me.user_id = ?3 AND w.guild_id = ?1 AND w.occurrence_id = ?2
		   AND (w.added_at < me.added_at OR (w.added_at = me.added_at AND w.rowid <= me.rowid))), 0)`,
		guildID, occurrenceID, userID).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("load waiting list place for occurrence %d: %w", occurrenceID, err)
	}
	return pos, nil
}
