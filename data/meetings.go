package data

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingStatus is where a meeting is in its life.
type MeetingStatus string

// Meeting statuses.
const (
	// MeetingDraft is a meeting a moderator has not confirmed yet.
	MeetingDraft MeetingStatus = "draft"
	// MeetingActive meetings are planned and announced.
	MeetingActive MeetingStatus = "active"
	// MeetingPaused meetings keep their settings but are not announced.
	MeetingPaused MeetingStatus = "paused"
	// MeetingDeleted meetings are gone for members; their attendance stays.
	MeetingDeleted MeetingStatus = "deleted"
)

// Limits on meetings.
const (
	MaxMeetingTitle       = 100
	MaxMeetingDescription = 1000
	MaxMeetingSchedule    = 200
	MaxMeetingLink        = 500
	MaxMeetingMinutes     = 1440
	MaxReminders          = 5
	MaxReminderOffset     = 7 * 24 * time.Hour
	// DefaultReminders is the reminder setting of a new meeting.
	DefaultReminders = "24h,15m"
	// draftLifetime is how long an unconfirmed draft is kept.
	draftLifetime = 24 * time.Hour
)

// Meeting is a recurring (or one-off) meeting of a server.
type Meeting struct {
	ID      int64
	GuildID string
	Status  MeetingStatus
	Title   string
	// Schedule is the canonical schedule text (scheduler.Schedule.String).
	Schedule string
	// Zone is an IANA time zone, or "" for the server's.
	Zone     string
	Duration time.Duration
	// Location is a voice or stage channel ID, a link, or "".
	Location string
	// ChannelID is where reminders are posted.
	ChannelID   string
	Description string
	HostRoleID  string
	PingRoleID  string
	// Reminders are how long before each occurrence a reminder is
	// posted, longest first.
	Reminders []time.Duration
	// AnnounceError, when set, says why Kindred stopped announcing the
	// meeting (its channel is gone or closed to Kindred).
	AnnounceError string
	// PlannedThrough: occurrences up to this instant are planned.
	PlannedThrough time.Time
	// NextPlanAt is when the scheduler looks at the meeting again; zero
	// when it has no occurrences left.
	NextPlanAt time.Time
	// Version changes with every edit.
	Version   int64
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MeetingSource is the delivery source of a meeting's posts.
func MeetingSource(meetingID int64) string { return "meeting:" + strconv.FormatInt(meetingID, 10) }

// MeetingDMSource is the delivery source of a meeting's reminder DMs.
func MeetingDMSource(meetingID int64) string { return "meeting-dm:" + strconv.FormatInt(meetingID, 10) }

// ParseMeetingSource returns the meeting ID of a MeetingSource or
// MeetingDMSource.
func ParseMeetingSource(source string) (int64, bool) {
	for _, prefix := range []string{"meeting:", "meeting-dm:"} {
		if rest, ok := strings.CutPrefix(source, prefix); ok {
			id, err := strconv.ParseInt(rest, 10, 64)
			return id, err == nil
		}
	}
	return 0, false
}

// LongestReminder is the earliest a reminder goes out before a meeting.
func (m Meeting) LongestReminder() time.Duration {
	if len(m.Reminders) == 0 {
		return 0
	}
	return m.Reminders[0]
}

// ShortestReminder is the last reminder before a meeting, or 0 if none.
func (m Meeting) ShortestReminder() time.Duration {
	if len(m.Reminders) == 0 {
		return 0
	}
	return m.Reminders[len(m.Reminders)-1]
}

var (
	reminderRE       = regexp.MustCompile(`^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$`)
	reminderReplacer = strings.NewReplacer(
		"days", "d", "day", "d",
		"hours", "h", "hour", "h", "hrs", "h", "hr", "h",
		"minutes", "m", "minute", "m", "mins", "m", "min", "m",
		" ", "", "and", "")
)

// ParseReminders reads how long before a meeting to remind members, such
// as "24h, 15m", "1d 2h" or "none". The result is longest first, without
// repeats.
func ParseReminders(text string) ([]time.Duration, error) {
	text = strings.ToLower(strings.TrimSpace(text))
	switch text {
	case "", "none", "no", "off", "0":
		return nil, nil
	}
	var out []time.Duration
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' }) {
		raw := strings.TrimSpace(part)
		m := reminderRE.FindStringSubmatch(reminderReplacer.Replace(raw))
		if m == nil || (m[1] == "" && m[2] == "" && m[3] == "") {
			return nil, problem(ErrInvalid, "meeting_reminder_unclear", "Reminder", raw)
		}
		var d time.Duration
		for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
			if m[i+1] == "" {
				continue
			}
			n, err := strconv.Atoi(m[i+1])
			if err != nil || n > 100000 {
				return nil, problem(ErrInvalid, "meeting_reminder_too_far", "Reminder", raw)
			}
			d += time.Duration(n) * unit
		}
		switch {
		case d < time.Minute:
			return nil, problem(ErrInvalid, "meeting_reminder_too_soon", "Reminder", raw)
		case d > MaxReminderOffset:
			return nil, problem(ErrInvalid, "meeting_reminder_over_week", "Reminder", raw)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) > MaxReminders {
		return nil, problem(ErrInvalid, "meeting_too_many_reminders", "Max", MaxReminders, "Given", len(out))
	}
	slices.SortFunc(out, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return out, nil
}

// FormatReminders writes reminders in the form ParseReminders reads, such
// as "24h,15m", or "none".
func FormatReminders(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none"
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = FormatOffset(d)
	}
	return strings.Join(parts, ",")
}

// FormatOffset writes one reminder offset compactly: "15m", "24h",
// "1h30m", "2d".
func FormatOffset(d time.Duration) string {
	if d > 24*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return strconv.Itoa(m) + "m"
	case m == 0:
		return strconv.Itoa(h) + "h"
	}
	return strconv.Itoa(h) + "h" + strconv.Itoa(m) + "m"
}

// IsLink reports whether a meeting location is a link rather than a channel.
func IsLink(location string) bool {
	return strings.HasPrefix(location, "https://") || strings.HasPrefix(location, "http://")
}

// NormalizeMeetingLink checks a video-call link and returns it trimmed.
func NormalizeMeetingLink(link string) (string, error) {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(link, " \n\t<>"):
		return "", problem(ErrInvalid, "meeting_link_unusable", "Link", clipError(link))
	case len(link) > MaxMeetingLink:
		return "", problem(ErrInvalid, "meeting_link_too_long", "Max", MaxMeetingLink)
	}
	return link, nil
}

func (m *Meeting) normalize() error {
	m.Title = strings.Join(strings.Fields(m.Title), " ")
	m.Description = strings.TrimSpace(m.Description)
	m.Schedule = strings.TrimSpace(m.Schedule)
	switch {
	case m.GuildID == "":
		return problem(ErrInvalid, "meeting_needs_server")
	case m.Title == "":
		return problem(ErrInvalid, "meeting_needs_title")
	case utf8.RuneCountInString(m.Title) > MaxMeetingTitle:
		return problem(ErrInvalid, "meeting_title_too_long", "Max", MaxMeetingTitle)
	case utf8.RuneCountInString(m.Description) > MaxMeetingDescription:
		return problem(ErrInvalid, "meeting_description_too_long", "Max", MaxMeetingDescription)
	case m.Schedule == "" || len(m.Schedule) > MaxMeetingSchedule:
		return problem(ErrInvalid, "meeting_needs_schedule")
	case m.Duration < time.Minute || m.Duration > MaxMeetingMinutes*time.Minute || m.Duration%time.Minute != 0:
		return problem(ErrInvalid, "meeting_duration_range", "Max", MaxMeetingMinutes)
	case !snowflakeRE.MatchString(m.ChannelID):
		return problem(ErrInvalid, "meeting_needs_channel")
	case m.HostRoleID != "" && !snowflakeRE.MatchString(m.HostRoleID),
		m.PingRoleID != "" && !snowflakeRE.MatchString(m.PingRoleID):
		return problem(ErrInvalid, "meeting_not_a_role")
	case len(m.Reminders) > MaxReminders:
		return problem(ErrInvalid, "meeting_reminders_max", "Max", MaxReminders)
	}
	if m.Zone != "" {
		z, err := NormalizeSetting(SettingTimeZone, m.Zone)
		if err != nil {
			return err
		}
		m.Zone = z
	}
	if m.Location != "" && !snowflakeRE.MatchString(m.Location) {
		link, err := NormalizeMeetingLink(m.Location)
		if err != nil {
			return err
		}
		m.Location = link
	}
	rs, err := ParseReminders(FormatReminders(m.Reminders))
	if err != nil {
		return err
	}
	m.Reminders = rs
	return nil
}

const meetingColumns = `id, guild_id, status, title, schedule, zone, duration_min, location, channel_id, description,
	host_role_id, ping_role_id, reminders, announce_error, planned_through, next_plan_at, version,
	created_by, created_at, updated_at`

func scanMeeting(r rowScanner) (Meeting, error) {
	var m Meeting
	var minutes, planned, created, updated int64
	var reminders string
	var nextPlan sql.NullInt64
	if err := r.Scan(&m.ID, &m.GuildID, &m.Status, &m.Title, &m.Schedule, &m.Zone, &minutes, &m.Location,
		&m.ChannelID, &m.Description, &m.HostRoleID, &m.PingRoleID, &reminders, &m.AnnounceError,
		&planned, &nextPlan, &m.Version, &m.CreatedBy, &created, &updated); err != nil {
		return Meeting{}, err
	}
	m.Duration = time.Duration(minutes) * time.Minute
	m.PlannedThrough, m.CreatedAt, m.UpdatedAt = unixToUTC(planned), unixToUTC(created), unixToUTC(updated)
	if nextPlan.Valid {
		m.NextPlanAt = unixToUTC(nextPlan.Int64)
	}
	rs, err := ParseReminders(reminders)
	if err != nil {
		return Meeting{}, fmt.Errorf("meeting %d has unreadable reminders %q: %w", m.ID, reminders, err)
	}
	m.Reminders = rs
	return m, nil
}

func queryMeetings(ctx context.Context, db queryer, query string, args ...any) ([]Meeting, error) {
	return queryAll(ctx, db, scanMeeting, query, args...)
}

// meetingTx loads a server's meeting in one of statuses.
func meetingTx(ctx context.Context, db queryer, guildID string, id int64, statuses ...MeetingStatus) (Meeting, error) {
	m, err := scanMeeting(db.QueryRowContext(ctx,
		`SELECT `+meetingColumns+` FROM meetings WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !slices.Contains(statuses, m.Status)) {
		return Meeting{}, problem(ErrNotFound, "meeting_gone")
	}
	return m, err
}

// titleTakenTx reports whether another live meeting of the server has title.
func titleTakenTx(ctx context.Context, tx *sql.Tx, guildID, title string, except int64) error {
	var n int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM meetings WHERE guild_id = ? AND title = ? COLLATE NOCASE AND id != ? AND status IN ('active', 'paused')`,
		guildID, title, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return problem(ErrConflict, "meeting_title_taken", "Title", title)
	}
	return nil
}

// CreateMeetingDraft stores a meeting a moderator is about to confirm. A
// draft is not a meeting: it is not listed, planned or announced, and it
// is forgotten after a day.
func (s *Store) CreateMeetingDraft(ctx context.Context, m Meeting) (Meeting, error) {
	if err := m.normalize(); err != nil {
		return Meeting{}, err
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM meetings WHERE guild_id = ? AND status = 'draft' AND created_at < ?`,
			m.GuildID, now.Add(-draftLifetime).Unix()); err != nil {
			return err
		}
		if err := titleTakenTx(ctx, tx, m.GuildID, m.Title, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO meetings (guild_id, status, title, schedule, zone, duration_min, location, channel_id, description,
			                       host_role_id, ping_role_id, reminders, planned_through, created_by, created_at, updated_at)
			 VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.GuildID, m.Title, m.Schedule, m.Zone, int64(m.Duration/time.Minute), m.Location, m.ChannelID, m.Description,
			m.HostRoleID, m.PingRoleID, FormatReminders(m.Reminders), now.Unix(), m.CreatedBy, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		m.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("save meeting draft for guild %s: %w", m.GuildID, err)
	}
	m.Status, m.CreatedAt, m.UpdatedAt, m.PlannedThrough, m.Version = MeetingDraft, now, now, now, 1
	return m, nil
}

// MeetingDraft returns a server's unconfirmed meeting.
func (s *Store) MeetingDraft(ctx context.Context, guildID string, id int64) (Meeting, error) {
	m, err := meetingTx(ctx, s.read, guildID, id, MeetingDraft)
	if errors.Is(err, ErrNotFound) {
		return Meeting{}, problem(ErrNotFound, "meeting_draft_gone")
	}
	if err != nil {
		return Meeting{}, fmt.Errorf("load meeting draft %d: %w", id, err)
	}
	return m, nil
}

// ConfirmMeetingDraft turns a draft into an active meeting, to be planned
// at once.
func (s *Store) ConfirmMeetingDraft(ctx context.Context, guildID string, id int64) (Meeting, error) {
	var m Meeting
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = meetingTx(ctx, tx, guildID, id, MeetingDraft)
		if errors.Is(err, ErrNotFound) {
			return problem(ErrNotFound, "meeting_draft_gone")
		}
		if err != nil {
			return err
		}
		if err := titleTakenTx(ctx, tx, guildID, m.Title, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE meetings SET status = 'active', planned_through = ?, next_plan_at = ?, created_at = ?, updated_at = ?,
			                     version = version + 1
			 WHERE guild_id = ? AND id = ?`,
			now.Unix(), now.Unix(), now.Unix(), now.Unix(), guildID, id)
		if err != nil {
			return err
		}
		m, err = meetingTx(ctx, tx, guildID, id, MeetingActive)
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("confirm meeting draft %d: %w", id, err)
	}
	return m, nil
}

// DiscardMeetingDraft forgets an unconfirmed meeting.
func (s *Store) DiscardMeetingDraft(ctx context.Context, guildID string, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM meetings WHERE guild_id = ? AND id = ? AND status = 'draft'`, guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("discard meeting draft %d: %w", id, err)
	}
	return nil
}

// Meeting returns a server's active or paused meeting.
func (s *Store) Meeting(ctx context.Context, guildID string, id int64) (Meeting, error) {
	m, err := meetingTx(ctx, s.read, guildID, id, MeetingActive, MeetingPaused)
	if err != nil {
		return Meeting{}, fmt.Errorf("load meeting %d: %w", id, err)
	}
	return m, nil
}

// MeetingRecord returns a server's meeting whatever its status (even
// deleted), to render what was planned for it; drafts are not meetings.
func (s *Store) MeetingRecord(ctx context.Context, guildID string, id int64) (Meeting, error) {
	m, err := meetingTx(ctx, s.read, guildID, id, MeetingActive, MeetingPaused, MeetingDeleted)
	if err != nil {
		return Meeting{}, fmt.Errorf("load meeting %d: %w", id, err)
	}
	return m, nil
}

// Meetings returns a server's active and paused meetings by title.
func (s *Store) Meetings(ctx context.Context, guildID string) ([]Meeting, error) {
	ms, err := queryMeetings(ctx, s.read,
		`SELECT `+meetingColumns+` FROM meetings WHERE guild_id = ? AND status IN ('active', 'paused')
		 ORDER BY title COLLATE NOCASE, id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("load meetings for guild %s: %w", guildID, err)
	}
	return ms, nil
}

// UpdateMeeting saves a moderator's changes to a meeting: its title,
// schedule, zone, duration, location, channel, description, roles and
// reminders (other fields of m are ignored). A change of schedule or
// zone forgets the planned occurrences still to come (and their RSVPs);
// a change of reminders, channel or ping role withdraws the reminders
// not sent yet. Either way the meeting is planned again at once, and
// nothing already sent is sent again.
func (s *Store) UpdateMeeting(ctx context.Context, m Meeting) (Meeting, error) {
	if err := m.normalize(); err != nil {
		return Meeting{}, err
	}
	now := s.now()
	var out Meeting
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := meetingTx(ctx, tx, m.GuildID, m.ID, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if err := titleTakenTx(ctx, tx, m.GuildID, m.Title, m.ID); err != nil {
			return err
		}
		scheduleChanged := old.Schedule != m.Schedule || old.Zone != m.Zone
		replan := scheduleChanged || !slices.Equal(old.Reminders, m.Reminders) ||
			old.ChannelID != m.ChannelID || old.PingRoleID != m.PingRoleID
		announceError := old.AnnounceError
		if old.ChannelID != m.ChannelID {
			announceError = ""
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET title = ?, schedule = ?, zone = ?, duration_min = ?, location = ?, channel_id = ?,
			                     description = ?, host_role_id = ?, ping_role_id = ?, reminders = ?, announce_error = ?,
			                     version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ?`,
			m.Title, m.Schedule, m.Zone, int64(m.Duration/time.Minute), m.Location, m.ChannelID,
			m.Description, m.HostRoleID, m.PingRoleID, FormatReminders(m.Reminders), announceError,
			now.Unix(), m.GuildID, m.ID); err != nil {
			return err
		}
		if old.Schedule == m.Schedule && old.Zone != m.Zone {
			// Only the zone changed: the dates to come follow it, with
			// their answers.
			serverZone, err := settingTx(ctx, tx, m.GuildID, SettingTimeZone)
			if err != nil {
				return err
			}
			from, to := cmp.Or(old.Zone, serverZone), cmp.Or(m.Zone, serverZone)
			if err := followZoneTx(ctx, tx, m.GuildID, m.ID, from, to, now); err != nil {
				return err
			}
		} else if scheduleChanged {
			if _, err := tx.ExecContext(ctx,
				`DELETE FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at > ?`,
				m.GuildID, m.ID, now.Unix()); err != nil {
				return err
			}
			if _, err := withdrawTx(ctx, tx, m.GuildID, MeetingDMSource(m.ID), ""); err != nil {
				return err
			}
		}
		if replan {
			if _, err := withdrawTx(ctx, tx, m.GuildID, MeetingSource(m.ID), ""); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx,
				`UPDATE meetings SET planned_through = ?, next_plan_at = ? WHERE guild_id = ? AND id = ?`,
				now.Unix(), now.Unix(), m.GuildID, m.ID); err != nil {
				return err
			}
		}
		out, err = meetingTx(ctx, tx, m.GuildID, m.ID, MeetingActive, MeetingPaused)
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("update meeting %d: %w", m.ID, err)
	}
	return out, nil
}

// PauseMeeting stops announcing a meeting until it is resumed. Reminders
// not sent yet are withdrawn; members' RSVPs are kept.
func (s *Store) PauseMeeting(ctx context.Context, guildID string, id int64) (Meeting, error) {
	var out Meeting
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := meetingTx(ctx, tx, guildID, id, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if m.Status == MeetingPaused {
			return problem(ErrConflict, "meeting_already_paused", "Title", m.Title)
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET status = 'paused', version = version + 1, updated_at = ? WHERE guild_id = ? AND id = ?`,
			s.now().Unix(), guildID, id); err != nil {
			return err
		}
		if _, err := withdrawTx(ctx, tx, guildID, MeetingSource(id), ""); err != nil {
			return err
		}
		out, err = meetingTx(ctx, tx, guildID, id, MeetingPaused)
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("pause meeting %d: %w", id, err)
	}
	return out, nil
}

// ResumeMeeting announces a paused meeting again, or one whose
// announcements stopped, from now on.
func (s *Store) ResumeMeeting(ctx context.Context, guildID string, id int64) (Meeting, error) {
	var out Meeting
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := meetingTx(ctx, tx, guildID, id, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if m.Status == MeetingActive && m.AnnounceError == "" {
			return problem(ErrConflict, "meeting_not_paused", "Title", m.Title)
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET status = 'active', announce_error = '', planned_through = max(planned_through, ?),
			                     next_plan_at = ?, version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ?`,
			now.Unix(), now.Unix(), now.Unix(), guildID, id); err != nil {
			return err
		}
		out, err = meetingTx(ctx, tx, guildID, id, MeetingActive)
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("resume meeting %d: %w", id, err)
	}
	return out, nil
}

// DeleteMeeting removes a meeting for members: it is no longer listed or
// announced, and everything not sent yet is withdrawn. Attendance is
// kept. notice, if not nil, is enqueued in the same transaction (to tell
// members the series has ended).
func (s *Store) DeleteMeeting(ctx context.Context, guildID string, id int64, notice *Delivery) (Meeting, error) {
	var m Meeting
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = meetingTx(ctx, tx, guildID, id, MeetingActive, MeetingPaused)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE meetings SET status = 'deleted', next_plan_at = NULL, version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ?`, s.now().Unix(), guildID, id); err != nil {
			return err
		}
		for _, src := range []string{MeetingSource(id), MeetingDMSource(id)} {
			if _, err := withdrawTx(ctx, tx, guildID, src, ""); err != nil {
				return err
			}
		}
		if notice != nil {
			_, err = enqueueTx(ctx, tx, *notice, s.now())
		}
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("delete meeting %d: %w", id, err)
	}
	m.Status = MeetingDeleted
	return m, nil
}

// MeetingsToPlan returns up to limit active meetings, across all servers,
// that the scheduler should plan at now, the most overdue first.
func (s *Store) MeetingsToPlan(ctx context.Context, now time.Time, limit int) ([]Meeting, error) {
	ms, err := queryMeetings(ctx, s.read,
		`SELECT `+meetingColumns+` FROM meetings
		 WHERE status = 'active' AND announce_error = '' AND next_plan_at <= ?
		 ORDER BY next_plan_at, id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("load meetings to plan: %w", err)
	}
	return ms, nil
}

// MeetingPlan is what the scheduler planned for a meeting.
type MeetingPlan struct {
	// Meeting is the meeting as loaded for planning.
	Meeting Meeting
	// Starts are the occurrences to record.
	Starts []time.Time
	// Deliveries returns what to send for an occurrence that is not
	// cancelled.
	Deliveries func(Occurrence) []Delivery
	// PlannedThrough is the last instant planned.
	PlannedThrough time.Time
	// NextPlanAt is when to plan again; zero when nothing is left.
	NextPlanAt time.Time
}

func (p MeetingPlan) describe() string { return fmt.Sprintf("meeting %d", p.Meeting.ID) }

// recordTx records the meeting's occurrences (keeping existing ones and
// their RSVPs) and their deliveries, if the meeting is unchanged.
func (p MeetingPlan) recordTx(ctx context.Context, pt *planTx) (bool, error) {
	m := p.Meeting
	ok, err := pt.advance(ctx, m.GuildID, nil,
		`UPDATE meetings SET planned_through = ?, next_plan_at = ?
		 WHERE guild_id = ? AND id = ? AND version = ? AND status = 'active' AND announce_error = ''`,
		p.PlannedThrough.Unix(), nullUnix(p.NextPlanAt), m.GuildID, m.ID, m.Version)
	if err != nil || !ok {
		return false, err
	}
	insertOcc, err := pt.stmt(ctx, `INSERT INTO meeting_occurrences (guild_id, meeting_id, starts_at) VALUES (?, ?, ?)
		 ON CONFLICT (meeting_id, starts_at) DO NOTHING`)
	if err != nil {
		return false, err
	}
	selectOcc, err := pt.stmt(ctx, `SELECT `+occurrenceColumns+` FROM meeting_occurrences WHERE guild_id = ? AND meeting_id = ? AND starts_at = ?`)
	if err != nil {
		return false, err
	}
	for _, start := range p.Starts {
		if _, err := insertOcc.ExecContext(ctx, m.GuildID, m.ID, start.Unix()); err != nil {
			return false, err
		}
		o, err := scanOccurrence(selectOcc.QueryRowContext(ctx, m.GuildID, m.ID, start.Unix()))
		if err != nil {
			return false, err
		}
		if o.Status != OccurrenceScheduled || p.Deliveries == nil {
			continue
		}
		if err := pt.enqueue(ctx, m.GuildID, p.Deliveries(o)); err != nil {
			return false, err
		}
	}
	return true, nil
}

// DeferMeetingPlan postpones planning a meeting until until (after a
// failure, or while the feature is off).
func (s *Store) DeferMeetingPlan(ctx context.Context, guildID string, id int64, until time.Time) error {
	return s.deferPlan(ctx, fmt.Sprintf("meeting %d", id), until,
		`UPDATE meetings SET next_plan_at = ? WHERE guild_id = ? AND id = ? AND status = 'active'`, guildID, id)
}

// DisableMeetingAnnouncements stops announcing a meeting because its
// channel cannot be reached, withdrawing what was not sent yet, and
// enqueues alert (if not nil) for the moderators in the same
// transaction. It reports false when announcements had already stopped,
// so moderators are told once.
func (s *Store) DisableMeetingAnnouncements(ctx context.Context, guildID string, id int64, reason string, alert *Delivery) (bool, error) {
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE meetings SET announce_error = ?, version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ? AND announce_error = '' AND status IN ('active', 'paused')`,
			clipError(reason), s.now().Unix(), guildID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		changed = true
		return stopSourceTx(ctx, tx, guildID, MeetingSource(id), alert, s.now())
	})
	if err != nil {
		return false, fmt.Errorf("disable announcements of meeting %d: %w", id, err)
	}
	return changed, nil
}
