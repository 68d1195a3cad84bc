package data

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

// loadZone reads an IANA zone name; "" is UTC.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, problem(ErrInvalid, "meeting_zone_unknown", "Zone", name)
	}
	return loc, nil
}

// followZoneTx moves the dates still to come of meetings to the same
// wall-clock time in a new time zone, keeping what members answered,
// their reminder DMs and cancelled dates. Reminders not sent yet are
// withdrawn and the meetings planned again from now, at the new times.
// meetingID 0 means every meeting of the server that follows the
// server's zone.
func followZoneTx(ctx context.Context, tx *sql.Tx, guildID string, meetingID int64, oldZone, newZone string, now time.Time) error {
	from, err := loadZone(oldZone)
	if err != nil {
		return err
	}
	to, err := loadZone(newZone)
	if err != nil {
		return err
	}
	if from.String() == to.String() {
		return nil
	}
	ids, err := queryAll(ctx, tx, func(r rowScanner) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	}, `SELECT id FROM meetings WHERE guild_id = ?1 AND status IN ('active', 'paused')
	    AND ((?2 = 0 AND zone = '') OR id = ?2)`, guildID, meetingID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		os, err := queryAll(ctx, tx, scanOccurrence,
			`SELECT `+occurrenceColumns+` FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at > ?`,
			guildID, id, now.Unix())
		if err != nil {
			return err
		}
		// Two steps, so a date moving onto another's old time never
		// collides: first aside (negative), then to the new time.
		for _, o := range os {
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_occurrences SET starts_at = -id WHERE id = ?`, o.ID); err != nil {
				return err
			}
		}
		for _, o := range os {
			l := o.StartsAt.In(from)
			moved := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, to)
			delta := moved.Unix() - o.StartsAt.Unix()
			if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE meeting_occurrences SET starts_at = ? WHERE id = ?`, moved.Unix(), o.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx,
				`UPDATE deliveries SET due_at = due_at + ?1, expires_at = expires_at + ?1, next_attempt_at = next_attempt_at + ?1
				 WHERE guild_id = ?2 AND source = ?3 AND ref = ?4 AND status = 'pending'`,
				delta, guildID, MeetingDMSource(id), strconv.FormatInt(o.ID, 10)); err != nil {
				return err
			}
		}
		// A date that would land on one already there is one date.
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at < 0`, guildID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM deliveries WHERE guild_id = ? AND source = ? AND kind IN (?, ?) AND status = 'pending'`,
			guildID, MeetingSource(id), DeliveryMeetingReminder, DeliveryMeetingStart); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET planned_through = ?1, next_plan_at = CASE WHEN status = 'active' THEN ?1 ELSE next_plan_at END,
			                     version = version + 1
			 WHERE guild_id = ?2 AND id = ?3`, now.Unix(), guildID, id); err != nil {
			return err
		}
	}
	return nil
}
