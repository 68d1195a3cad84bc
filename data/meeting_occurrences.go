package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// OccurrenceStatus says whether an occurrence happens.
type OccurrenceStatus string

// Occurrence statuses.
const (
	OccurrenceScheduled OccurrenceStatus = "scheduled"
	OccurrenceCancelled OccurrenceStatus = "cancelled"
)

// Occurrence is one time a meeting happens (or was to happen).
type Occurrence struct {
	ID        int64
	GuildID   string
	MeetingID int64
	StartsAt  time.Time
	Status    OccurrenceStatus
}

const occurrenceColumns = `id, guild_id, meeting_id, starts_at, status`

func scanOccurrence(r rowScanner) (Occurrence, error) {
	var o Occurrence
	var starts int64
	if err := r.Scan(&o.ID, &o.GuildID, &o.MeetingID, &starts, &o.Status); err != nil {
		return Occurrence{}, err
	}
	o.StartsAt = unixToUTC(starts)
	return o, nil
}

func ensureOccurrenceTx(ctx context.Context, tx *sql.Tx, guildID string, meetingID int64, start time.Time) (Occurrence, error) {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO meeting_occurrences (guild_id, meeting_id, starts_at) VALUES (?, ?, ?)
		 ON CONFLICT (meeting_id, starts_at) DO NOTHING`, guildID, meetingID, start.Unix()); err != nil {
		return Occurrence{}, err
	}
	return scanOccurrence(tx.QueryRowContext(ctx,
		`SELECT `+occurrenceColumns+` FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at = ?`,
		guildID, meetingID, start.Unix()))
}

// Occurrence returns one occurrence of a server's meeting.
func (s *Store) Occurrence(ctx context.Context, guildID string, id int64) (Occurrence, error) {
	o, err := scanOccurrence(s.read.QueryRowContext(ctx,
		`SELECT `+occurrenceColumns+` FROM meeting_occurrences WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Occurrence{}, problem(ErrNotFound, "meeting_date_gone")
	}
	if err != nil {
		return Occurrence{}, fmt.Errorf("load occurrence %d: %w", id, err)
	}
	return o, nil
}

// Occurrences returns a meeting's recorded occurrences starting in
// [from, to), in order.
func (s *Store) Occurrences(ctx context.Context, guildID string, meetingID int64, from, to time.Time) ([]Occurrence, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT `+occurrenceColumns+` FROM meeting_occurrences
		 WHERE guild_id = ? AND meeting_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at`,
		guildID, meetingID, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("load occurrences of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	var out []Occurrence
	for rows.Next() {
		o, err := scanOccurrence(rows)
		if err != nil {
			return nil, fmt.Errorf("load occurrences of meeting %d: %w", meetingID, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load occurrences of meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// LatestOccurrence returns the last occurrence of a meeting that was not
// cancelled and started at or before before.
func (s *Store) LatestOccurrence(ctx context.Context, guildID string, meetingID int64, before time.Time) (Occurrence, error) {
	o, err := scanOccurrence(s.read.QueryRowContext(ctx,
		`SELECT `+occurrenceColumns+` FROM meeting_occurrences
		 WHERE guild_id = ? AND meeting_id = ? AND starts_at <= ? AND status = 'scheduled'
		 ORDER BY starts_at DESC LIMIT 1`, guildID, meetingID, before.Unix()))
	if errors.Is(err, sql.ErrNoRows) {
		return Occurrence{}, problem(ErrNotFound, "meeting_not_happened_yet")
	}
	if err != nil {
		return Occurrence{}, fmt.Errorf("load latest occurrence of meeting %d: %w", meetingID, err)
	}
	return o, nil
}

// CancelOccurrence cancels the occurrence of a meeting starting at start,
// which must be in the future, withdrawing its reminders and DMs. notice,
// if not nil, is enqueued in the same transaction, with Ref set to the
// occurrence's ID.
func (s *Store) CancelOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time, notice *Delivery) (Occurrence, error) {
	var o Occurrence
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := meetingTx(ctx, tx, guildID, meetingID, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if !start.After(now) {
			return problem(ErrInvalid, "meeting_started_no_cancel")
		}
		o, err = ensureOccurrenceTx(ctx, tx, guildID, m.ID, start)
		if err != nil {
			return err
		}
		if o.Status == OccurrenceCancelled {
			return problem(ErrConflict, "meeting_already_cancelled")
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meeting_occurrences SET status = 'cancelled' WHERE guild_id = ? AND id = ?`, guildID, o.ID); err != nil {
			return err
		}
		o.Status = OccurrenceCancelled
		ref := strconv.FormatInt(o.ID, 10)
		for _, src := range []string{MeetingSource(m.ID), MeetingDMSource(m.ID)} {
			if _, err := withdrawTx(ctx, tx, guildID, src, ref); err != nil {
				return err
			}
		}
		if notice != nil {
			n := *notice
			n.Ref = ref
			_, err = enqueueTx(ctx, tx, n, now)
		}
		return err
	})
	if err != nil {
		return Occurrence{}, fmt.Errorf("cancel occurrence of meeting %d: %w", meetingID, err)
	}
	return o, nil
}

// DeliveryMeetingRestored tells members that a cancelled date is back on.
const DeliveryMeetingRestored = "meeting_restored"

// RestoreOccurrence undoes the cancellation of a meeting's date, which
// must still be in the future: the date is scheduled again and the
// meeting planned again from now, so its reminders go out as usual. The
// cancellation notice is withdrawn if it wasn't posted yet; if it was,
// notice (when not nil) is enqueued to say the date is back on, with Ref
// set to the occurrence's ID. cancelKey is the cancellation notice's key.
func (s *Store) RestoreOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time, cancelKey string, notice *Delivery) (Occurrence, bool, error) {
	var o Occurrence
	var told bool
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := meetingTx(ctx, tx, guildID, meetingID, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if !start.After(now) {
			return problem(ErrInvalid, "meeting_started_no_restore")
		}
		o, err = scanOccurrence(tx.QueryRowContext(ctx,
			`SELECT `+occurrenceColumns+` FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at = ?`,
			guildID, m.ID, start.Unix()))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && o.Status != OccurrenceCancelled) {
			return problem(ErrConflict, "meeting_date_not_cancelled")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meeting_occurrences SET status = 'scheduled' WHERE guild_id = ? AND id = ?`, guildID, o.ID); err != nil {
			return err
		}
		o.Status = OccurrenceScheduled
		withdrawn, err := withdrawKeyTx(ctx, tx, guildID, cancelKey)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET planned_through = min(planned_through, ?1), next_plan_at = ?1, version = version + 1, updated_at = ?1
			 WHERE guild_id = ?2 AND id = ?3`, now.Unix(), guildID, m.ID); err != nil {
			return err
		}
		if withdrawn == 0 && notice != nil && m.Status == MeetingActive {
			n := *notice
			n.Ref = strconv.FormatInt(o.ID, 10)
			told, err = enqueueTx(ctx, tx, n, now)
		}
		return err
	})
	if err != nil {
		return Occurrence{}, false, fmt.Errorf("restore occurrence of meeting %d: %w", meetingID, err)
	}
	return o, told, nil
}
