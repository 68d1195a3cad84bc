package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MeetingEventStatus is where a published date is in its life.
type MeetingEventStatus string

// Statuses of a published date.
const (
	// EventCreating is a date Kindred is publishing.
	EventCreating MeetingEventStatus = "creating"
	// EventLive is a date published as a Discord scheduled event.
	EventLive MeetingEventStatus = "live"
	// EventDeleting is a date Kindred is withdrawing from Discord.
	EventDeleting MeetingEventStatus = "deleting"
	// EventRemoved is a date a moderator deleted in Discord: Kindred
	// does not publish it again.
	EventRemoved MeetingEventStatus = "removed"
)

// MeetingEvent is one date of a meeting published in the Events tab.
type MeetingEvent struct {
	GuildID   string
	MeetingID int64
	StartsAt  time.Time
	// EventID is Discord's scheduled event ID.
	EventID string
	Status  MeetingEventStatus
	// Synced is what was last sent to Discord, so an unchanged event
	// costs no request.
	Synced string
	// UserCount is Discord's "Interested" count for the event.
	UserCount int
}

const meetingEventColumns = `guild_id, meeting_id, starts_at, event_id, status, synced, user_count`

func scanMeetingEvent(r rowScanner) (MeetingEvent, error) {
	var e MeetingEvent
	var starts int64
	err := r.Scan(&e.GuildID, &e.MeetingID, &starts, &e.EventID, &e.Status, &e.Synced, &e.UserCount)
	e.StartsAt = time.Unix(starts, 0).UTC() // 0 is a meeting's recurring event, not "unset"
	return e, err
}

// MeetingEvents returns the published dates of a meeting, in order.
func (s *Store) MeetingEvents(ctx context.Context, guildID string, meetingID int64) ([]MeetingEvent, error) {
	es, err := queryAll(ctx, s.read, scanMeetingEvent,
		`SELECT `+meetingEventColumns+` FROM meeting_events WHERE guild_id = ? AND meeting_id = ? ORDER BY starts_at`,
		guildID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("load events of meeting %d: %w", meetingID, err)
	}
	return es, nil
}

// SaveMeetingEvent records a published date (or its new state).
func (s *Store) SaveMeetingEvent(ctx context.Context, e MeetingEvent) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_events (guild_id, meeting_id, starts_at, event_id, status, synced, user_count)
			 VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (meeting_id, starts_at) DO UPDATE SET event_id = excluded.event_id, status = excluded.status,
			   synced = excluded.synced, user_count = excluded.user_count
			 WHERE meeting_events.guild_id = excluded.guild_id`,
			e.GuildID, e.MeetingID, e.StartsAt.Unix(), e.EventID, e.Status, e.Synced, e.UserCount)
		return err
	})
	if err != nil {
		return fmt.Errorf("save event of meeting %d: %w", e.MeetingID, err)
	}
	return nil
}

// claimLifetime is how long a claim to publish a date holds; a process
// killed while publishing leaves one that the next sync takes over.
const claimLifetime = 2 * time.Minute

// ClaimMeetingEvent reserves a date for publishing, so two syncs running
// at once (a command's and the periodic one) never publish it twice. It
// reports false when the date is already published, being published, or
// removed by a moderator.
func (s *Store) ClaimMeetingEvent(ctx context.Context, guildID string, meetingID int64, start, now time.Time) (bool, error) {
	var claimed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO meeting_events (guild_id, meeting_id, starts_at, event_id, status, claimed_at)
			 SELECT ?1, id, ?3, '', 'creating', ?4 FROM meetings WHERE guild_id = ?1 AND id = ?2
			 ON CONFLICT (meeting_id, starts_at) DO UPDATE SET claimed_at = excluded.claimed_at
			 WHERE meeting_events.status = 'creating' AND meeting_events.claimed_at < ?5`,
			guildID, meetingID, start.Unix(), now.Unix(), now.Add(-claimLifetime).Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim event of meeting %d: %w", meetingID, err)
	}
	return claimed, nil
}

// DropMeetingEvent forgets a published date.
func (s *Store) DropMeetingEvent(ctx context.Context, guildID string, meetingID int64, start time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM meeting_events WHERE guild_id = ? AND meeting_id = ? AND starts_at = ?`,
			guildID, meetingID, start.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("drop event of meeting %d: %w", meetingID, err)
	}
	return nil
}

// ScheduledEventRemoved records that a scheduled event was deleted in
// Discord. A live one was deleted by a moderator: its date is not
// published again. It reports whether the event was Kindred's and live.
func (s *Store) ScheduledEventRemoved(ctx context.Context, guildID, eventID string) (bool, error) {
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE meeting_events SET status = 'removed', user_count = 0 WHERE guild_id = ? AND event_id = ? AND status = 'live'`,
			guildID, eventID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		changed = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record removed scheduled event: %w", err)
	}
	return changed, nil
}

// MeetingEventByID returns the published date of one of Kindred's
// scheduled events, or ErrNotFound for an event not Kindred's.
func (s *Store) MeetingEventByID(ctx context.Context, guildID, eventID string) (MeetingEvent, error) {
	e, err := scanMeetingEvent(s.read.QueryRowContext(ctx,
		`SELECT `+meetingEventColumns+` FROM meeting_events WHERE guild_id = ? AND event_id = ? AND status = 'live'`, guildID, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return MeetingEvent{}, fmt.Errorf("%w: not one of Kindred's events", ErrNotFound)
	}
	if err != nil {
		return MeetingEvent{}, fmt.Errorf("load scheduled event: %w", err)
	}
	return e, nil
}

// SetEventInterest records Discord's "Interested" count of one of
// Kindred's events and returns its date, or ErrNotFound for an event not
// Kindred's.
func (s *Store) SetEventInterest(ctx context.Context, guildID, eventID string, count int) (MeetingEvent, error) {
	var e MeetingEvent
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`UPDATE meeting_events SET user_count = max(0, ?) WHERE guild_id = ? AND event_id = ? AND status = 'live'`,
			count, guildID, eventID); err != nil {
			return err
		}
		var err error
		e, err = scanMeetingEvent(tx.QueryRowContext(ctx,
			`SELECT `+meetingEventColumns+` FROM meeting_events WHERE guild_id = ? AND event_id = ? AND status = 'live'`, guildID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: not one of Kindred's events", ErrNotFound)
		}
		return err
	})
	if err != nil {
		return MeetingEvent{}, fmt.Errorf("count interest in scheduled event: %w", err)
	}
	return e, nil
}

// EventInterest returns Discord's "Interested" count for a meeting's
// date (or for its recurring event, which Discord counts as a whole), and
// false when the date is not published.
func (s *Store) EventInterest(ctx context.Context, guildID string, meetingID int64, start time.Time) (int, bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx,
		`SELECT user_count FROM meeting_events WHERE guild_id = ? AND meeting_id = ? AND starts_at IN (?, 0) AND status = 'live'
		 ORDER BY starts_at DESC LIMIT 1`,
		guildID, meetingID, start.Unix()).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("load interest in meeting %d: %w", meetingID, err)
	}
	return n, true, nil
}

// MeetingsToPublish returns the meetings whose Events tab entries may
// need work: the active ones, and any with published dates left (paused
// and deleted ones, to withdraw them). guildID "" means every server.
func (s *Store) MeetingsToPublish(ctx context.Context, guildID string) ([]Meeting, error) {
	ms, err := queryMeetings(ctx, s.read,
		`SELECT `+meetingColumns+` FROM meetings
		 WHERE (?1 = '' OR guild_id = ?1) AND (status = 'active' OR id IN (
		   SELECT meeting_id FROM meeting_events WHERE (?1 = '' OR guild_id = ?1) AND status IN ('live', 'deleting', 'creating')))
		 ORDER BY guild_id, id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("load meetings to publish: %w", err)
	}
	return ms, nil
}
