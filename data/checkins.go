package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Check-in limits.
const (
	// MaxCheckinNoteLength is the longest private note, Discord's limit
	// for one paragraph text input.
	MaxCheckinNoteLength = 4000
	// MaxCheckinFeelings is how many feelings one check-in can hold, the
	// most options a select menu can offer.
	MaxCheckinFeelings = 25
)

// Delivery kinds of the check-ins feature.
const (
	// DeliveryCheckinReminder is a member's daily check-in nudge by DM.
	// Ref is the member's local date.
	DeliveryCheckinReminder = "checkin_reminder"
	// DeliveryCheckinPrompt is the daily "how is everyone today?" post in
	// the check-in channel. Ref is the server's local date.
	DeliveryCheckinPrompt = "checkin_prompt"
	// DeliveryCheckinAlert tells moderators the daily prompt was switched
	// off because its channel can't be reached. ChannelID is the prompt's
	// channel; Ref is the reason.
	DeliveryCheckinAlert = "checkin_alert"
)

// Checkin is one member's "this is how I am today" in one server.
type Checkin struct {
	ID      int64
	GuildID string
	UserID  string
	// Mood is 1 (struggling) to 5 (great).
	Mood int
	// Feelings are words from a short list, such as "anxious" or "hopeful".
	Feelings []string
	// Note is the member's private note, "" for none. It is shown to
	// nobody else unless the member chooses to share it, and never logged.
	Note      string
	CreatedAt time.Time
	// LocalDate is the day (YYYY-MM-DD) in the server's time zone when the
	// member checked in.
	LocalDate string
	// SharedChannelID and SharedMessageID are the post in the check-in
	// channel, if the member shared it; NoteShared says whether the post
	// included the note.
	SharedChannelID string
	SharedMessageID string
	NoteShared      bool
}

// Shared reports whether the member posted the check-in to the check-in channel.
func (c Checkin) Shared() bool { return c.SharedMessageID != "" }

var feelingRE = regexp.MustCompile(`^[a-z][a-z -]{0,31}$`)

func checkMood(mood int) error {
	if mood < 1 || mood > 5 {
		return problem(ErrInvalid, "checkin_mood_range", "Mood", mood)
	}
	return nil
}

// normalizeFeelings lowercases, trims and de-duplicates feelings, keeping
// their order.
func normalizeFeelings(feelings []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, f := range feelings {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || seen[f] {
			continue
		}
		if !feelingRE.MatchString(f) {
			return nil, problem(ErrInvalid, "checkin_feeling_shape", "Feeling", f)
		}
		seen[f] = true
		out = append(out, f)
	}
	if len(out) > MaxCheckinFeelings {
		return nil, problem(ErrInvalid, "checkin_too_many_feelings", "Max", MaxCheckinFeelings)
	}
	return out, nil
}

// normalizeNote trims a note and checks its length. The error never
// repeats the note: errors are logged, notes never are.
func normalizeNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n > MaxCheckinNoteLength {
		return "", problem(ErrInvalid, "checkin_note_too_long", "Max", MaxCheckinNoteLength, "Length", n)
	}
	if !utf8.ValidString(note) {
		return "", problem(ErrInvalid, "checkin_note_unstorable")
	}
	return note, nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// AddCheckin records a check-in for c.GuildID and c.UserID with c.Mood,
// c.Feelings and c.Note. Its day is the store clock's date in loc, the
// server's time zone. Checking in more than once a day is fine: every
// check-in is kept and the streak counts days.
func (s *Store) AddCheckin(ctx context.Context, c Checkin, loc *time.Location) (Checkin, error) {
	return s.addCheckin(ctx, c, loc, nil)
}

// CheckinAdded is a check-in just recorded with what RecordCheckin read
// in its transaction.
type CheckinAdded struct {
	Checkin Checkin
	// DaysBefore are the member's check-in days (YYYY-MM-DD, newest
	// first) from before this one, as far back as CheckinStreak needs to
	// count their streak with this one and without it (streakDays).
	DaysBefore []string
	// Member and Recorded, when milestones were asked for, are what
	// MilestoneMember says of the member and the automatic milestones
	// they have; Recorded is nil otherwise.
	Member   MilestoneMember
	Recorded RecordedMilestones
}

// RecordCheckin is AddCheckin that also reads, in the same transaction,
// what the reply and the milestone check need: the member's latest
// check-in days from before (streakDays), and with milestones their
// milestone row and recorded milestones. Read on the writer's connection,
// whose page cache the readers' connections lose at every write, each
// costs a fraction of a read from the pool, and a check-in makes one trip
// to the database (shared with the check-ins that arrive meanwhile; see
// inCheckinBatch).
func (s *Store) RecordCheckin(ctx context.Context, c Checkin, loc *time.Location, milestones bool) (CheckinAdded, error) {
	var added CheckinAdded
	var err error
	added.Checkin, err = s.addCheckin(ctx, c, loc, func(ctx context.Context, tx *sql.Tx, today string) error {
		var err error
		if added.DaysBefore, err = streakDays(ctx, tx, c.GuildID, c.UserID, today); err != nil || !milestones {
			return err
		}
		if added.Member, err = milestoneMember(ctx, tx, c.GuildID, c.UserID); err != nil {
			return err
		}
		added.Recorded, err = recordedMilestones(ctx, tx, c.GuildID, c.UserID)
		return err
	})
	return added, err
}

// addCheckin records c, running before (if set) first in its
// transaction with the check-in's day.
func (s *Store) addCheckin(ctx context.Context, c Checkin, loc *time.Location, before func(ctx context.Context, tx *sql.Tx, today string) error) (Checkin, error) {
	if err := checkMood(c.Mood); err != nil {
		return Checkin{}, err
	}
	feelings, err := normalizeFeelings(c.Feelings)
	if err != nil {
		return Checkin{}, err
	}
	note, err := normalizeNote(c.Note)
	if err != nil {
		return Checkin{}, err
	}
	if loc == nil {
		loc = time.UTC
	}
	now := s.now()
	out := Checkin{
		GuildID: c.GuildID, UserID: c.UserID, Mood: c.Mood, Feelings: feelings, Note: note,
		CreatedAt: time.Unix(now.Unix(), 0).UTC(), LocalDate: now.In(loc).Format(time.DateOnly),
	}
	err = s.inCheckinBatch(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if before != nil {
			if err := before(ctx, tx, out.LocalDate); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO checkins (guild_id, user_id, mood, feelings, note, created_at, local_date) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			out.GuildID, out.UserID, out.Mood, strings.Join(feelings, ","), nullString(note), out.CreatedAt.Unix(), out.LocalDate)
		if err != nil {
			return err
		}
		out.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return Checkin{}, fmt.Errorf("add check-in in guild %s: %w", c.GuildID, err)
	}
	return out, nil
}

const checkinColumns = `id, guild_id, user_id, mood, feelings, note, created_at, local_date, shared_channel_id, shared_message_id, shared_note`

func scanCheckin(r rowScanner) (Checkin, error) {
	var (
		c                 Checkin
		feelings          string
		note, chID, msgID sql.NullString
		at                int64
		noteShared        int
	)
	if err := r.Scan(&c.ID, &c.GuildID, &c.UserID, &c.Mood, &feelings, &note, &at, &c.LocalDate, &chID, &msgID, &noteShared); err != nil {
		return Checkin{}, err
	}
	if feelings != "" {
		c.Feelings = strings.Split(feelings, ",")
	}
	c.Note, c.SharedChannelID, c.SharedMessageID = note.String, chID.String, msgID.String
	c.CreatedAt = time.Unix(at, 0).UTC()
	c.NoteShared = noteShared == 1
	return c, nil
}

func errNoCheckin(id int64) error {
	return problem(ErrNotFound, "checkin_gone", "ID", id)
}

// missingCheckin explains why a member's check-in id was not found: it is
// another member's (ErrNotYours), or gone (ErrNotFound).
func missingCheckin(ctx context.Context, q queryer, guildID string, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM checkins WHERE guild_id = ? AND id = ?`, guildID, id).Scan(&n); err != nil {
		return fmt.Errorf("look up check-in %d in guild %s: %w", id, guildID, err)
	}
	if n > 0 {
		return problem(ErrNotYours, "checkin_not_yours")
	}
	return errNoCheckin(id)
}

func checkinTx(ctx context.Context, tx *sql.Tx, guildID, userID string, id int64) (Checkin, error) {
	c, err := scanCheckin(tx.QueryRowContext(ctx,
		`SELECT `+checkinColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND id = ?`, guildID, userID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, missingCheckin(ctx, tx, guildID, id)
	}
	return c, err
}

// Checkin returns one of a member's check-ins. Another member's check-in
// is ErrNotYours; one from another server, or none, is ErrNotFound.
func (s *Store) Checkin(ctx context.Context, guildID, userID string, id int64) (Checkin, error) {
	c, err := scanCheckin(s.read.QueryRowContext(ctx,
		`SELECT `+checkinColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND id = ?`, guildID, userID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Checkin{}, missingCheckin(ctx, s.read, guildID, id)
	}
	if err != nil {
		return Checkin{}, fmt.Errorf("load check-in %d in guild %s: %w", id, guildID, err)
	}
	return c, nil
}

// updateCheckin runs fn on a member's check-in inside a write transaction.
func (s *Store) updateCheckin(ctx context.Context, what, guildID, userID string, id int64, fn func(tx *sql.Tx, c Checkin) error) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := checkinTx(ctx, tx, guildID, userID, id)
		if err != nil {
			return err
		}
		return fn(tx, c)
	})
	if err != nil {
		return fmt.Errorf("%s of check-in %d in guild %s: %w", what, id, guildID, err)
	}
	return nil
}

// SetCheckinFeelings replaces the feelings of a member's check-in.
func (s *Store) SetCheckinFeelings(ctx context.Context, guildID, userID string, id int64, feelings []string) error {
	feelings, err := normalizeFeelings(feelings)
	if err != nil {
		return err
	}
	return s.updateCheckin(ctx, "set feelings", guildID, userID, id, func(tx *sql.Tx, _ Checkin) error {
		_, err := tx.ExecContext(ctx, `UPDATE checkins SET feelings = ? WHERE guild_id = ? AND user_id = ? AND id = ?`,
			strings.Join(feelings, ","), guildID, userID, id)
		return err
	})
}

// SetCheckinNote replaces the private note of a member's check-in; ""
// removes it.
func (s *Store) SetCheckinNote(ctx context.Context, guildID, userID string, id int64, note string) error {
	note, err := normalizeNote(note)
	if err != nil {
		return err
	}
	return s.updateCheckin(ctx, "set note", guildID, userID, id, func(tx *sql.Tx, _ Checkin) error {
		_, err := tx.ExecContext(ctx, `UPDATE checkins SET note = ? WHERE guild_id = ? AND user_id = ? AND id = ?`,
			nullString(note), guildID, userID, id)
		return err
	})
}

// MarkCheckinShared records the post a member's check-in was shared as.
// A check-in is shared at most once: sharing it again is ErrConflict.
func (s *Store) MarkCheckinShared(ctx context.Context, guildID, userID string, id int64, channelID, messageID string, withNote bool) error {
	return s.updateCheckin(ctx, "mark shared", guildID, userID, id, func(tx *sql.Tx, c Checkin) error {
		if c.Shared() {
			return problem(ErrConflict, "checkin_already_shared")
		}
		_, err := tx.ExecContext(ctx,
			`UPDATE checkins SET shared_channel_id = ?, shared_message_id = ?, shared_note = ? WHERE guild_id = ? AND user_id = ? AND id = ?`,
			channelID, messageID, boolInt(withNote), guildID, userID, id)
		return err
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RecentCheckins returns a member's check-ins made at or after since,
// newest first.
func (s *Store) RecentCheckins(ctx context.Context, guildID, userID string, since time.Time) ([]Checkin, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT `+checkinColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND created_at >= ?
		 ORDER BY created_at DESC, id DESC`, guildID, userID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("load check-ins in guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		c, err := scanCheckin(rows)
		if err != nil {
			return nil, fmt.Errorf("load check-ins in guild %s: %w", guildID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load check-ins in guild %s: %w", guildID, err)
	}
	return out, nil
}

// CheckinDays returns the distinct days (YYYY-MM-DD, server time) on which
// a member checked in, newest first: what CheckinStreak counts.
func (s *Store) CheckinDays(ctx context.Context, guildID, userID string) ([]string, error) {
	days, err := checkinDays(ctx, s.read, guildID, userID, -1)
	if err != nil {
		return nil, fmt.Errorf("load check-in days in guild %s: %w", guildID, err)
	}
	return days, nil
}

// checkinDays returns a member's limit latest check-in days (all for -1),
// newest first. They come in one row: a member's history grows by a day a
// day, and a row for each made reading a year of them cost twice as much.
func checkinDays(ctx context.Context, q queryer, guildID, userID string, limit int) ([]string, error) {
	var list sql.NullString
	err := q.QueryRowContext(ctx, `SELECT group_concat(local_date) FROM (
		SELECT DISTINCT local_date FROM checkins WHERE guild_id = ? AND user_id = ? ORDER BY local_date DESC LIMIT ?)`,
		guildID, userID, limit).Scan(&list)
	if err != nil || list.String == "" {
		return nil, err
	}
	days := strings.Split(list.String, ",")
	slices.Sort(days) // YYYY-MM-DD sorts as the days do
	slices.Reverse(days)
	return days, nil
}

// streakDaysRead is how many of a member's latest check-in days
// streakDays reads first.
const streakDaysRead = 64

// streakDays returns a member's check-in days, newest first, as far back
// as CheckinStreak's count on today needs: their streakDaysRead latest
// days when the count, with today, stops within them, and every day
// otherwise. It is what a check-in's reply and milestones need. Reading
// every day made each check-in slower by the length of the member's
// history: a year of check-ins more than doubled its cost.
func streakDays(ctx context.Context, q queryer, guildID, userID, today string) ([]string, error) {
	days, err := checkinDays(ctx, q, guildID, userID, streakDaysRead)
	if err != nil || len(days) < streakDaysRead {
		return days, err
	}
	withToday := days
	if !slices.Contains(days, today) {
		withToday = append([]string{today}, days...)
	}
	// The count without today walks the same days as with it, and stops
	// on the same day.
	if _, ranThrough := checkinStreak(withToday, today); !ranThrough {
		return days, nil
	}
	return checkinDays(ctx, q, guildID, userID, -1)
}

// DeleteCheckin deletes one of a member's check-ins and returns it, so the
// caller can delete its shared post too. A moderator follow-up the member
// asked for stays on record, without the link to the check-in.
func (s *Store) DeleteCheckin(ctx context.Context, guildID, userID string, id int64) (Checkin, error) {
	var c Checkin
	err := s.eraseTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = checkinTx(ctx, tx, guildID, userID, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM checkins WHERE guild_id = ? AND user_id = ? AND id = ?`, guildID, userID, id)
		return err
	})
	if err != nil {
		return Checkin{}, fmt.Errorf("delete check-in %d in guild %s: %w", id, guildID, err)
	}
	return c, nil
}

// DeleteMemberCheckins deletes all of a member's check-ins in a server. It
// returns how many there were and the ones that were shared, so the caller
// can delete their posts.
func (s *Store) DeleteMemberCheckins(ctx context.Context, guildID, userID string) (deleted int, shared []Checkin, err error) {
	err = s.eraseTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT `+checkinColumns+` FROM checkins WHERE guild_id = ? AND user_id = ? AND shared_message_id IS NOT NULL ORDER BY id`,
			guildID, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCheckin(rows)
			if err != nil {
				return err
			}
			c.Note = "" // the caller needs only where the post is
			shared = append(shared, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM checkins WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		deleted = int(n)
		return err
	})
	if err != nil {
		return 0, nil, fmt.Errorf("delete check-ins of a member in guild %s: %w", guildID, err)
	}
	return deleted, shared, nil
}

// DeleteGuildCheckinData deletes everything the check-ins feature keeps
// for a server: check-ins, follow-up requests and reminders.
func (s *Store) DeleteGuildCheckinData(ctx context.Context, guildID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM checkin_followups WHERE guild_id = ?`,
			`DELETE FROM checkins WHERE guild_id = ?`,
			`DELETE FROM checkin_reminders WHERE guild_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, guildID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete check-in data of guild %s: %w", guildID, err)
	}
	return nil
}

// CheckinStreak counts a member's streak: the days, counting back from
// today, on which they checked in at least once. days are YYYY-MM-DD in the
// server's time zone, in any order; today is the server's date now.
//
// The rule: today not checked in yet does not break the streak (the day
// isn't over). Going back from the latest day, each day with a check-in
// adds one. A day without one is forgiven as a rest day if it is the only
// missed day in its calendar week (Monday to Sunday) and the day after it
// was not missed too; otherwise the streak ends there. Rest days keep the
// streak alive but do not add to it.
func CheckinStreak(days []string, today string) int {
	n, _ := checkinStreak(days, today)
	return n
}

// checkinStreak is CheckinStreak, and whether its count ran through
// every day in days (up to today) before it ended.
func checkinStreak(days []string, today string) (streak int, ranThrough bool) {
	end, ok := dayNumber(today)
	if !ok {
		return 0, false
	}
	nums := make([]int64, 0, len(days))
	for _, d := range days {
		if n, ok := dayNumber(d); ok && n <= end {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	slices.Reverse(nums)
	if len(nums) == 0 {
		return 0, true
	}
	day := end
	if nums[0] != end {
		day-- // today is not over
	}
	rested := map[[2]int]bool{} // ISO weeks whose rest day is used
	missedBefore := false       // whether the later neighbour was missed
	for i := 0; ; day-- {
		if nums[i] == day {
			streak++
			missedBefore = false
			if i++; i == len(nums) {
				return streak, true // never walk past the first check-in
			}
			continue
		}
		y, w := time.Unix(day*secondsPerDay, 0).UTC().ISOWeek()
		week := [2]int{y, w}
		if missedBefore || rested[week] {
			return streak, false
		}
		rested[week] = true
		missedBefore = true
	}
}

const secondsPerDay = 24 * 60 * 60

// dayNumber is the day of a date (YYYY-MM-DD) counted from 1970-01-01,
// and whether it is a real date in that form.
func dayNumber(date string) (int64, bool) {
	t, err := time.Parse(time.DateOnly, date)
	return t.Unix() / secondsPerDay, err == nil
}

// CheckinFollowup is a member's request, after a hard check-in, that a
// moderator reach out to them. It never holds the note: NoteShared only
// records that the member chose to send it to the moderators.
type CheckinFollowup struct {
	ID      int64
	GuildID string
	UserID  string
	// CheckinID is 0 once the member deleted the check-in.
	CheckinID   int64
	Mood        int
	RequestedAt time.Time
	// AlertChannelID and AlertMessageID are the notice in the moderators'
	// alerts channel.
	AlertChannelID string
	AlertMessageID string
	NoteShared     bool
}

const followupColumns = `id, guild_id, user_id, checkin_id, mood, requested_at, alert_channel_id, alert_message_id, note_shared`

func scanFollowup(r rowScanner) (CheckinFollowup, error) {
	var (
		f          CheckinFollowup
		checkinID  sql.NullInt64
		at         int64
		noteShared int
	)
	if err := r.Scan(&f.ID, &f.GuildID, &f.UserID, &checkinID, &f.Mood, &at, &f.AlertChannelID, &f.AlertMessageID, &noteShared); err != nil {
		return CheckinFollowup{}, err
	}
	f.CheckinID = checkinID.Int64
	f.RequestedAt = time.Unix(at, 0).UTC()
	f.NoteShared = noteShared == 1
	return f, nil
}

// CheckinFollowupFor returns the follow-up a member asked for after one of
// their check-ins, or ErrNotFound if they have not asked.
func (s *Store) CheckinFollowupFor(ctx context.Context, guildID, userID string, checkinID int64) (CheckinFollowup, error) {
	f, err := scanFollowup(s.read.QueryRowContext(ctx,
		`SELECT `+followupColumns+` FROM checkin_followups WHERE guild_id = ? AND user_id = ? AND checkin_id = ?`,
		guildID, userID, checkinID))
	if errors.Is(err, sql.ErrNoRows) {
		return CheckinFollowup{}, problem(ErrNotFound, "checkin_no_followup")
	}
	if err != nil {
		return CheckinFollowup{}, fmt.Errorf("load follow-up for check-in %d in guild %s: %w", checkinID, guildID, err)
	}
	return f, nil
}

// AddCheckinFollowup records that a member asked a moderator to reach out
// after check-in checkinID, and where the notice was posted. Asking twice
// about one check-in is ErrConflict; a check-in that is not the member's
// is ErrNotFound.
func (s *Store) AddCheckinFollowup(ctx context.Context, guildID, userID string, checkinID int64, alertChannelID, alertMessageID string) (CheckinFollowup, error) {
	var f CheckinFollowup
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := checkinTx(ctx, tx, guildID, userID, checkinID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM checkin_followups WHERE guild_id = ? AND checkin_id = ?`,
			guildID, checkinID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return problem(ErrConflict, "checkin_followup_already")
		}
		f = CheckinFollowup{GuildID: guildID, UserID: userID, CheckinID: checkinID, Mood: c.Mood,
			RequestedAt: time.Unix(s.now().Unix(), 0).UTC(), AlertChannelID: alertChannelID, AlertMessageID: alertMessageID}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO checkin_followups (guild_id, user_id, checkin_id, mood, requested_at, alert_channel_id, alert_message_id)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`,
			guildID, userID, checkinID, c.Mood, f.RequestedAt.Unix(), alertChannelID, alertMessageID)
		if err != nil {
			return err
		}
		f.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return CheckinFollowup{}, fmt.Errorf("record follow-up request in guild %s: %w", guildID, err)
	}
	return f, nil
}

// MarkFollowupNoteShared records that the member chose to send their note
// to the moderators too. Doing it twice is ErrConflict.
func (s *Store) MarkFollowupNoteShared(ctx context.Context, guildID, userID string, followupID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE checkin_followups SET note_shared = 1 WHERE guild_id = ? AND user_id = ? AND id = ? AND note_shared = 0`,
			guildID, userID, followupID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var shared int
		err = tx.QueryRowContext(ctx, `SELECT note_shared FROM checkin_followups WHERE guild_id = ? AND user_id = ? AND id = ?`,
			guildID, userID, followupID).Scan(&shared)
		if errors.Is(err, sql.ErrNoRows) {
			return problem(ErrNotFound, "checkin_followup_gone")
		}
		if err != nil {
			return err
		}
		return problem(ErrConflict, "checkin_note_shared_already")
	})
	if err != nil {
		return fmt.Errorf("mark note shared for follow-up %d in guild %s: %w", followupID, guildID, err)
	}
	return nil
}

// CheckinFollowups lists a server's follow-up requests made at or after
// since, newest first, for its moderators.
func (s *Store) CheckinFollowups(ctx context.Context, guildID string, since time.Time) ([]CheckinFollowup, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT `+followupColumns+` FROM checkin_followups WHERE guild_id = ? AND requested_at >= ?
		 ORDER BY requested_at DESC, id DESC`, guildID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("load follow-up requests in guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []CheckinFollowup
	for rows.Next() {
		f, err := scanFollowup(rows)
		if err != nil {
			return nil, fmt.Errorf("load follow-up requests in guild %s: %w", guildID, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load follow-up requests in guild %s: %w", guildID, err)
	}
	return out, nil
}
