package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// RSVPStatus is a member's answer to "are you coming?".
type RSVPStatus string

// RSVP answers.
const (
	RSVPGoing RSVPStatus = "going"
	RSVPMaybe RSVPStatus = "maybe"
	RSVPNo    RSVPStatus = "no"
)

// RSVP is a member's answer for one occurrence.
type RSVP struct {
	OccurrenceID int64
	GuildID      string
	UserID       string
	Status       RSVPStatus
	// DMOptIn is true when the member asked for a reminder DM.
	DMOptIn   bool
	UpdatedAt time.Time
}

// RSVPCounts are how many members gave each answer, and how many wait
// for a place at a full meeting.
type RSVPCounts struct{ Going, Maybe, No, Waiting int }

// liveOccurrenceTx checks that an occurrence of the server exists, is not
// cancelled, and belongs to a meeting that exists.
func liveOccurrenceTx(ctx context.Context, db queryer, guildID string, occurrenceID int64) (Occurrence, error) {
	var meetingStatus MeetingStatus
	var starts int64
	o := Occurrence{ID: occurrenceID, GuildID: guildID}
	err := db.QueryRowContext(ctx,
		`SELECT o.meeting_id, o.starts_at, o.status, m.status FROM meeting_occurrences o JOIN meetings m ON m.id = o.meeting_id
		 WHERE o.guild_id = ? AND o.id = ? AND m.guild_id = ?`, guildID, occurrenceID, guildID).
		Scan(&o.MeetingID, &starts, &o.Status, &meetingStatus)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && meetingStatus == MeetingDeleted):
		return Occurrence{}, problem(ErrNotFound, "meeting_no_longer_exists")
	case err != nil:
		return Occurrence{}, err
	case o.Status == OccurrenceCancelled:
		return Occurrence{}, problem(ErrConflict, "meeting_was_cancelled")
	}
	o.StartsAt = unixToUTC(starts)
	return o, nil
}

// SetRSVP records a member's answer for an occurrence and returns the new
// counts. Any answer but "going" also cancels a reminder DM they asked for
// and takes them off the waiting list; a member who was going makes room
// for the first one waiting, who is told by DM. "Going" to a full meeting
// puts the member on the waiting list instead and returns an
// *WaitlistedError.
func (s *Store) SetRSVP(ctx context.Context, guildID string, occurrenceID int64, userID string, status RSVPStatus) (RSVPCounts, error) {
	if status != RSVPGoing && status != RSVPMaybe && status != RSVPNo {
		return RSVPCounts{}, problem(ErrInvalid, "meeting_rsvp_unknown", "Answer", string(status))
	}
	var counts RSVPCounts
	var wait *WaitlistedError
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		wait = nil
		o, err := liveOccurrenceTx(ctx, tx, guildID, occurrenceID)
		if err != nil {
			return err
		}
		if status == RSVPGoing {
			if err := placeOrWaitTx(ctx, tx, o, userID, s.now()); errors.As(err, &wait) {
				counts, err = rsvpCountsTx(ctx, tx, guildID, occurrenceID)
				return err
			} else if err != nil {
				return err
			}
		} else if err := leaveWaitlistTx(ctx, tx, o, userID); err != nil {
			return err
		}
		was, err := rsvpTx(ctx, tx, guildID, occurrenceID, userID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_rsvps (occurrence_id, guild_id, user_id, status, dm_opt_in, updated_at) VALUES (?, ?, ?, ?, 0, ?)
			 ON CONFLICT (occurrence_id, user_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
			   dm_opt_in = CASE WHEN excluded.status = 'going' THEN dm_opt_in ELSE 0 END`,
			occurrenceID, guildID, userID, status, s.now().Unix()); err != nil {
			return err
		}
		if status != RSVPGoing {
			if err := withdrawDMTx(ctx, tx, o, userID); err != nil {
				return err
			}
			if was.Status == RSVPGoing {
				if err := offerPlaceTx(ctx, tx, o, s.now()); err != nil {
					return err
				}
			}
		}
		counts, err = rsvpCountsTx(ctx, tx, guildID, occurrenceID)
		return err
	})
	if err != nil {
		return RSVPCounts{}, fmt.Errorf("record RSVP for occurrence %d: %w", occurrenceID, err)
	}
	if wait != nil {
		return counts, wait
	}
	return counts, nil
}

func withdrawDMTx(ctx context.Context, tx *sql.Tx, o Occurrence, userID string) error {
	_, err := tx.ExecContext(ctx,
		`DELETE FROM deliveries WHERE guild_id = ? AND source = ? AND ref = ? AND user_id = ? AND status = 'pending'`,
		o.GuildID, MeetingDMSource(o.MeetingID), strconv.FormatInt(o.ID, 10), userID)
	return err
}

// SetRSVPDM turns a member's reminder DM for an occurrence on (marking
// them as going, and enqueueing dm unless its Key is "") or off, and
// returns their RSVP and the counts. Turning it on for a full meeting
// puts the member on the waiting list and returns a *WaitlistedError.
func (s *Store) SetRSVPDM(ctx context.Context, guildID string, occurrenceID int64, userID string, on bool, dm Delivery) (RSVP, RSVPCounts, error) {
	var r RSVP
	var counts RSVPCounts
	var wait *WaitlistedError
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		wait = nil
		o, err := liveOccurrenceTx(ctx, tx, guildID, occurrenceID)
		if err != nil {
			return err
		}
		if on {
			if err := placeOrWaitTx(ctx, tx, o, userID, now); errors.As(err, &wait) {
				counts, err = rsvpCountsTx(ctx, tx, guildID, occurrenceID)
				return err
			} else if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx,
				`INSERT INTO meeting_rsvps (occurrence_id, guild_id, user_id, status, dm_opt_in, updated_at) VALUES (?, ?, ?, 'going', 1, ?)
				 ON CONFLICT (occurrence_id, user_id) DO UPDATE SET status = 'going', dm_opt_in = 1, updated_at = excluded.updated_at`,
				occurrenceID, guildID, userID, now.Unix())
			if err == nil && dm.Key != "" {
				_, err = enqueueTx(ctx, tx, dm, now)
			}
		} else {
			_, err = tx.ExecContext(ctx,
				`UPDATE meeting_rsvps SET dm_opt_in = 0, updated_at = ? WHERE guild_id = ? AND occurrence_id = ? AND user_id = ?`,
				now.Unix(), guildID, occurrenceID, userID)
			if err == nil {
				err = withdrawDMTx(ctx, tx, o, userID)
			}
		}
		if err != nil {
			return err
		}
		r, err = rsvpTx(ctx, tx, guildID, occurrenceID, userID)
		if errors.Is(err, ErrNotFound) && !on {
			r, err = RSVP{OccurrenceID: occurrenceID, GuildID: guildID, UserID: userID}, nil
		}
		if err != nil {
			return err
		}
		counts, err = rsvpCountsTx(ctx, tx, guildID, occurrenceID)
		return err
	})
	if err != nil {
		return RSVP{}, RSVPCounts{}, fmt.Errorf("set reminder DM for occurrence %d: %w", occurrenceID, err)
	}
	if wait != nil {
		return RSVP{OccurrenceID: occurrenceID, GuildID: guildID, UserID: userID}, counts, wait
	}
	return r, counts, nil
}

func rsvpTx(ctx context.Context, db queryer, guildID string, occurrenceID int64, userID string) (RSVP, error) {
	r := RSVP{OccurrenceID: occurrenceID, GuildID: guildID, UserID: userID}
	var updated int64
	err := db.QueryRowContext(ctx,
		`SELECT status, dm_opt_in, updated_at FROM meeting_rsvps WHERE guild_id = ? AND occurrence_id = ? AND user_id = ?`,
		guildID, occurrenceID, userID).Scan(&r.Status, &r.DMOptIn, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return RSVP{}, problem(ErrNotFound, "meeting_rsvp_none")
	}
	r.UpdatedAt = unixToUTC(updated)
	return r, err
}

// RSVPOf returns a member's answer for an occurrence, or ErrNotFound.
func (s *Store) RSVPOf(ctx context.Context, guildID string, occurrenceID int64, userID string) (RSVP, error) {
	r, err := rsvpTx(ctx, s.read, guildID, occurrenceID, userID)
	if err != nil {
		return RSVP{}, fmt.Errorf("load RSVP for occurrence %d: %w", occurrenceID, err)
	}
	return r, nil
}

func rsvpCountsTx(ctx context.Context, db queryer, guildID string, occurrenceID int64) (RSVPCounts, error) {
	var c RSVPCounts
	err := db.QueryRowContext(ctx,
		`SELECT coalesce(sum(status = 'going'), 0), coalesce(sum(status = 'maybe'), 0), coalesce(sum(status = 'no'), 0),
		        (SELECT count(*) FROM meeting_waitlist WHERE guild_id = ?1 AND occurrence_id = ?2)
		 FROM meeting_rsvps WHERE guild_id = ?1 AND occurrence_id = ?2`, guildID, occurrenceID).Scan(&c.Going, &c.Maybe, &c.No, &c.Waiting)
	return c, err
}

// RSVPCountsOf returns how many members gave each answer for an occurrence.
func (s *Store) RSVPCountsOf(ctx context.Context, guildID string, occurrenceID int64) (RSVPCounts, error) {
	c, err := rsvpCountsTx(ctx, s.read, guildID, occurrenceID)
	if err != nil {
		return RSVPCounts{}, fmt.Errorf("count RSVPs for occurrence %d: %w", occurrenceID, err)
	}
	return c, nil
}

// RSVPNames returns who answered "going" and who answered "maybe" for an
// occurrence, as user IDs in the order they answered. Only moderators and
// hosts are shown these.
func (s *Store) RSVPNames(ctx context.Context, guildID string, occurrenceID int64) (going, maybe []string, err error) {
	type answer struct {
		user   string
		status RSVPStatus
	}
	rows, err := queryAll(ctx, s.read, func(r rowScanner) (answer, error) {
		var a answer
		err := r.Scan(&a.user, &a.status)
		return a, err
	}, `SELECT user_id, status FROM meeting_rsvps
	    WHERE guild_id = ? AND occurrence_id = ? AND status IN ('going', 'maybe') ORDER BY updated_at, user_id`,
		guildID, occurrenceID)
	if err != nil {
		return nil, nil, fmt.Errorf("load RSVP names for occurrence %d: %w", occurrenceID, err)
	}
	for _, a := range rows {
		if a.status == RSVPGoing {
			going = append(going, a.user)
		} else {
			maybe = append(maybe, a.user)
		}
	}
	return going, maybe, nil
}
