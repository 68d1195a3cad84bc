package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// CheckinReminder is a member's daily DM nudge to check in.
type CheckinReminder struct {
	GuildID string
	UserID  string
	// Time is HH:MM, 24-hour, in Zone.
	Time string
	// Zone is the member's IANA time zone.
	Zone string
	// LastSentDate is the member's local day (YYYY-MM-DD) of the last
	// nudge, "" for none.
	LastSentDate string
	// LocalDate is, in DueCheckinReminders' results, the member's local
	// day the nudge is for: record it with a CheckinReminderPlan.
	LocalDate string
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// reminderZone loads a member's zone, rejecting "Local" (the host's zone).
func reminderZone(zone string) (*time.Location, error) {
	if zone == "" || strings.EqualFold(zone, "local") {
		return nil, problem(ErrInvalid, "reminder_needs_zone")
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, problem(ErrInvalid, "reminder_zone_unknown", "Zone", zone)
	}
	return loc, nil
}

// passed reports whether the local clock at now has reached hhmm.
func passed(now time.Time, hhmm string) bool { return now.Format("15:04") >= hhmm }

// SetCheckinReminder turns on (or changes) a member's daily nudge at hhmm
// (HH:MM, 24-hour) in zone. If that time has already passed today in zone,
// the first nudge comes tomorrow.
func (s *Store) SetCheckinReminder(ctx context.Context, guildID, userID, hhmm, zone string) (CheckinReminder, error) {
	if !clockRE.MatchString(hhmm) {
		return CheckinReminder{}, problem(ErrInvalid, "reminder_time_shape", "Time", hhmm)
	}
	loc, err := reminderZone(zone)
	if err != nil {
		return CheckinReminder{}, err
	}
	r := CheckinReminder{GuildID: guildID, UserID: userID, Time: hhmm, Zone: loc.String()}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		local := now.In(loc)
		today := local.Format(time.DateOnly)
		var last string
		err := tx.QueryRowContext(ctx, `SELECT last_sent_date FROM checkin_reminders WHERE guild_id = ? AND user_id = ?`,
			guildID, userID).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Opting in at 21:00 for a 20:00 nudge should not nudge at once,
		// and moving today's nudge later should not nudge twice.
		if passed(local, hhmm) || last >= today {
			last = today
		}
		r.LastSentDate = last
		_, err = tx.ExecContext(ctx,
			`INSERT INTO checkin_reminders (guild_id, user_id, remind_at, zone, last_sent_date, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (guild_id, user_id) DO UPDATE SET remind_at = excluded.remind_at, zone = excluded.zone,
			 last_sent_date = excluded.last_sent_date, updated_at = excluded.updated_at`,
			guildID, userID, hhmm, r.Zone, last, now.Unix())
		return err
	})
	if err != nil {
		return CheckinReminder{}, fmt.Errorf("set check-in reminder in guild %s: %w", guildID, err)
	}
	return r, nil
}

// CheckinReminderFor returns a member's reminder, or ErrNotFound if they
// have none.
func (s *Store) CheckinReminderFor(ctx context.Context, guildID, userID string) (CheckinReminder, error) {
	r := CheckinReminder{GuildID: guildID, UserID: userID}
	err := s.read.QueryRowContext(ctx,
		`SELECT remind_at, zone, last_sent_date FROM checkin_reminders WHERE guild_id = ? AND user_id = ?`,
		guildID, userID).Scan(&r.Time, &r.Zone, &r.LastSentDate)
	if errors.Is(err, sql.ErrNoRows) {
		return CheckinReminder{}, problem(ErrNotFound, "reminder_none")
	}
	if err != nil {
		return CheckinReminder{}, fmt.Errorf("load check-in reminder in guild %s: %w", guildID, err)
	}
	return r, nil
}

// DeleteCheckinReminder turns a member's reminder off; ErrNotFound if
// there was none.
func (s *Store) DeleteCheckinReminder(ctx context.Context, guildID, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM checkin_reminders WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return problem(ErrNotFound, "reminder_none")
	})
	if err != nil {
		return fmt.Errorf("delete check-in reminder in guild %s: %w", guildID, err)
	}
	return nil
}

// DueCheckinReminders returns the reminders to send at now, across all
// servers: members whose local time has reached their reminder time today,
// who were not nudged today, and who have not checked in in that server
// since their local midnight. Servers that switched check-ins off, or that
// Kindred was removed from, are skipped. Each result's LocalDate is the day
// its CheckinReminderPlan is for.
func (s *Store) DueCheckinReminders(ctx context.Context, now time.Time) ([]CheckinReminder, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT r.guild_id, r.user_id, r.remind_at, r.zone, r.last_sent_date,
		        (SELECT MAX(c.created_at) FROM checkins c WHERE c.guild_id = r.guild_id AND c.user_id = r.user_id)
		 FROM checkin_reminders r
		 LEFT JOIN guilds g ON g.guild_id = r.guild_id
		 WHERE g.removed_at IS NULL
		   AND NOT EXISTS (SELECT 1 FROM guild_settings s WHERE s.guild_id = r.guild_id AND s.key = ? AND s.value = 'off')
		 ORDER BY r.guild_id, r.user_id`, FeatureCheckins)
	if err != nil {
		return nil, fmt.Errorf("load due check-in reminders: %w", err)
	}
	defer rows.Close()
	var out []CheckinReminder
	for rows.Next() {
		var (
			r    CheckinReminder
			last sql.NullInt64
		)
		if err := rows.Scan(&r.GuildID, &r.UserID, &r.Time, &r.Zone, &r.LastSentDate, &last); err != nil {
			return nil, fmt.Errorf("load due check-in reminders: %w", err)
		}
		loc, err := time.LoadLocation(r.Zone)
		if err != nil {
			continue // a zone the host's tzdata no longer knows; SetCheckinReminder checked it
		}
		local := now.In(loc)
		r.LocalDate = local.Format(time.DateOnly)
		if r.LastSentDate >= r.LocalDate || !passed(local, r.Time) {
			continue
		}
		y, m, d := local.Date()
		midnight := time.Date(y, m, d, 0, 0, 0, 0, loc)
		if last.Valid && last.Int64 >= midnight.Unix() {
			continue
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load due check-in reminders: %w", err)
	}
	return out, nil
}

// CheckinReminderPlan is what the scheduler planned for a member's
// check-in reminder on one local day: the nudge to send, or none when it
// is too late for that day.
type CheckinReminderPlan struct {
	// Reminder is the reminder as DueCheckinReminders returned it; its
	// LocalDate is the day planned.
	Reminder CheckinReminder
	// Delivery is the nudge; nil skips the day.
	Delivery *Delivery
}

func (p CheckinReminderPlan) describe() string {
	return "check-in reminder of user " + p.Reminder.UserID
}

// recordTx marks the member nudged for the day and enqueues the nudge,
// unless their day was already planned (the day is the row's version).
func (p CheckinReminderPlan) recordTx(ctx context.Context, pt *planTx) (bool, error) {
	r := p.Reminder
	if _, err := time.Parse(time.DateOnly, r.LocalDate); err != nil {
		return false, fmt.Errorf("%w: %q is not a date like 2026-11-26", ErrInvalid, r.LocalDate)
	}
	var ds []Delivery
	if p.Delivery != nil {
		ds = []Delivery{*p.Delivery}
	}
	return pt.advance(ctx, r.GuildID, ds,
		`UPDATE checkin_reminders SET last_sent_date = ? WHERE guild_id = ? AND user_id = ? AND last_sent_date < ?`,
		r.LocalDate, r.GuildID, r.UserID, r.LocalDate)
}
