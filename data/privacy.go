package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Members' data rights: what Kindred holds about a member in a server
// (MemberExport), erasing it (DeleteMemberData), and the retention rules
// the scheduler applies (notes kept for note_retention_days, a departed
// member's data for member_grace_days, a server's data after Kindred was
// removed).
//
// Every table is listed here explicitly. A new table that holds a
// member's or a server's records must be added to memberSections,
// memberErase and guildTables; the tests walk every table in the
// database and fail until it is.

// ErasedMember stands in for a member's ID in records kept for others
// (a resource they added, a change in the audit log) after they erased
// their data.
const ErasedMember = ""

// ExportSection is one kind of record in a member's export.
type ExportSection struct {
	// Kind names the records, such as "checkins".
	Kind string `json:"kind"`
	// About says in plain words what they are.
	About string `json:"about"`
	// Records are the rows, column by column. Times are RFC 3339 in UTC.
	Records []map[string]any `json:"records"`
}

// MemberExport is every record Kindred holds about one member in one
// server.
type MemberExport struct {
	ServerID   string          `json:"server_id"`
	MemberID   string          `json:"member_id"`
	ExportedAt time.Time       `json:"exported_at"`
	Notes      []string        `json:"notes"`
	Sections   []ExportSection `json:"sections"`
}

// Count returns how many records of kind the export holds.
func (e MemberExport) Count(kind string) int {
	for _, s := range e.Sections {
		if s.Kind == kind {
			return len(s.Records)
		}
	}
	return 0
}

// memberSection is how one kind of record is found: ?1 is the server,
// ?2 the member.
type memberSection struct {
	kind, about, query string
}

var memberSections = []memberSection{
	{"checkins", "Your check-ins, with their notes and where you shared them",
		`SELECT id, mood, feelings, note, created_at, local_date, shared_channel_id, shared_message_id, shared_note
		 FROM checkins WHERE guild_id = ?1 AND user_id = ?2 ORDER BY created_at, id`},
	{"checkin_followups", "Times you asked a moderator to reach out after a check-in",
		`SELECT id, checkin_id, mood, requested_at, note_shared FROM checkin_followups
		 WHERE guild_id = ?1 AND user_id = ?2 ORDER BY requested_at, id`},
	{"checkin_reminder", "Your daily check-in reminder",
		`SELECT remind_at, zone, last_sent_date, updated_at FROM checkin_reminders WHERE guild_id = ?1 AND user_id = ?2`},
	{"meeting_rsvps", "Your answers to \"are you coming?\"",
		`SELECT m.title AS meeting, o.starts_at, r.status, r.dm_opt_in, r.updated_at
		 FROM meeting_rsvps r JOIN meeting_occurrences o ON o.id = r.occurrence_id JOIN meetings m ON m.id = o.meeting_id
		 WHERE r.guild_id = ?1 AND r.user_id = ?2 ORDER BY o.starts_at`},
	{"meeting_attendance", "Meetings you were at",
		`SELECT m.title AS meeting, o.starts_at, CASE WHEN a.recorded_by = ?2 THEN 'you' ELSE 'a moderator' END AS recorded_by, a.at
		 FROM meeting_attendance a JOIN meeting_occurrences o ON o.id = a.occurrence_id JOIN meetings m ON m.id = o.meeting_id
		 WHERE a.guild_id = ?1 AND a.user_id = ?2 ORDER BY o.starts_at`},
	{"meeting_waitlist", "Meetings you are on the waiting list for",
		`SELECT m.title AS meeting, o.starts_at, w.added_at
		 FROM meeting_waitlist w JOIN meeting_occurrences o ON o.id = w.occurrence_id JOIN meetings m ON m.id = o.meeting_id
		 WHERE w.guild_id = ?1 AND w.user_id = ?2 ORDER BY o.starts_at`},
	{"guidelines_acknowledgements", "Versions of the community guidelines you agreed to",
		`SELECT version, acknowledged_at FROM guidelines_acknowledgements WHERE guild_id = ?1 AND user_id = ?2 ORDER BY acknowledged_at`},
	{"country", "The country you chose for crisis lines",
		`SELECT country, updated_at FROM member_country WHERE guild_id = ?1 AND user_id = ?2`},
	{"selfcare_nudges", "Your self-care nudge settings and quiet hours",
		`SELECT enabled, times, days, zone, quiet_from, quiet_to, snoozed_date, dm_error, updated_at
		 FROM selfcare_nudges WHERE guild_id = ?1 AND user_id = ?2`},
	{"selfcare_done", "Self-care prompts you marked \"I did this\"",
		`SELECT p.category, p.text AS prompt, d.at FROM selfcare_done d JOIN selfcare_posts p ON p.id = d.post_id
		 WHERE d.guild_id = ?1 AND d.user_id = ?2 ORDER BY d.at`},
	{"selfcare_nudges_sent", "Self-care nudges Kindred sent you",
		`SELECT prompt_ref, category, text, created_at FROM selfcare_posts WHERE guild_id = ?1 AND user_id = ?2 ORDER BY created_at, id`},
	{"selfcare_rotation", "Where your own rotation of nudge prompts is",
		`SELECT cycle, position, last_ref, last_category,
		        (SELECT group_concat(prompt_ref, ',') FROM selfcare_rotation_used u
		         WHERE u.guild_id = r.guild_id AND u.scope = r.scope) AS used_this_cycle
		 FROM selfcare_rotation r WHERE r.guild_id = ?1 AND r.scope = 'u:' || ?2`},
	{"direct_messages", "Direct messages Kindred planned or sent you (what kind and when, not their text)",
		`SELECT kind, due_at, status, sent_at, last_error FROM deliveries
		 WHERE guild_id = ?1 AND (user_id = ?2 OR source = 'selfcare-nudge:' || ?2) ORDER BY due_at, id`},
	{"dm_failure", "The last direct message Kindred couldn't deliver to you",
		`SELECT kind, reason, at FROM dm_failures WHERE guild_id = ?1 AND user_id = ?2`},
	{"milestones", "Your milestones, with kudos and awards others gave you",
		`SELECT kind, threshold, title, note, public, backfilled,
		        CASE kind WHEN 'kudos' THEN 'a member' WHEN 'award' THEN 'a moderator' ELSE '' END AS given_by,
		        achieved_at, announced_at, encouragements, seen_at, post_channel_id, post_message_id
		 FROM milestones WHERE guild_id = ?1 AND user_id = ?2 ORDER BY achieved_at, id`},
	{"kudos_given", "Kudos and awards you gave others",
		`SELECT kind, title, achieved_at FROM milestones WHERE guild_id = ?1 AND awarded_by = ?2 ORDER BY achieved_at, id`},
	{"encouragements_sent", "Celebrations you sent encouragement to",
		`SELECT m.kind, m.title, e.at FROM milestone_encouragements e JOIN milestones m ON m.id = e.milestone_id
		 WHERE e.guild_id = ?1 AND e.user_id = ?2 ORDER BY e.at`},
	{"milestone_preferences", "Your milestone preferences, and when you joined as Discord told Kindred",
		`SELECT joined_at, private, updated_at FROM milestone_members WHERE guild_id = ?1 AND user_id = ?2`},
	{"concerns", "Concerns you raised with your name (anonymous ones can't be tied to you, so they aren't here)",
		`SELECT ref, text, status, replies, created_at, closed_at FROM concerns WHERE guild_id = ?1 AND user_id = ?2 ORDER BY created_at`},
	{"support_requests", "Times you asked to talk to someone, with what you chose to say first (not the listeners' hand-over notes)",
		`SELECT need, first_message, CASE shared WHEN 1 THEN 'yes' ELSE 'no' END AS shown_to_listeners, status,
		        thread_id, created_at, opened_at, taken_at, closed_at, closed_by, rating, CASE keep WHEN 1 THEN 'yes' ELSE 'no' END AS kept
		 FROM talk_requests WHERE guild_id = ?1 AND user_id = ?2 ORDER BY created_at, id`},
	{"listener_duty", "Whether you set yourself on duty as a listener",
		`SELECT CASE on_duty WHEN 1 THEN 'on duty' ELSE 'off duty' END AS duty, updated_at FROM talk_listeners WHERE guild_id = ?1 AND user_id = ?2`},
	{"left_server", "When Kindred saw you leave this server",
		`SELECT left_at FROM members_left WHERE guild_id = ?1 AND user_id = ?2`},
	{"moderator_actions", "Changes you made as a moderator",
		`SELECT feature, action, target, detail, at FROM moderator_audit WHERE guild_id = ?1 AND moderator_id = ?2
		 UNION ALL
		 SELECT 'settings', 'change', key, old_value || ' → ' || new_value, at FROM settings_audit WHERE guild_id = ?1 AND user_id = ?2
		 ORDER BY 5`},
	{"records_you_made", "Server records that name you as the moderator who made or last changed them",
		`SELECT 'resource' AS record, name AS what, updated_at AS at FROM resources WHERE guild_id = ?1 AND (created_by = ?2 OR updated_by = ?2)
		 UNION ALL SELECT 'meeting', title, created_at FROM meetings WHERE guild_id = ?1 AND created_by = ?2
		 UNION ALL SELECT 'self-care prompt', text, updated_at FROM selfcare_prompts WHERE guild_id = ?1 AND (created_by = ?2 OR updated_by = ?2)
		 UNION ALL SELECT 'self-care schedule', schedule, created_at FROM selfcare_schedules WHERE guild_id = ?1 AND created_by = ?2
		 UNION ALL SELECT 'switched-off prompt', prompt_ref, disabled_at FROM selfcare_shipped_disabled WHERE guild_id = ?1 AND disabled_by = ?2
		 UNION ALL SELECT 'setting', key, updated_at FROM guild_settings WHERE guild_id = ?1 AND updated_by = ?2
		 UNION ALL SELECT 'attendance recorded', m.title, a.at FROM meeting_attendance a
		   JOIN meeting_occurrences o ON o.id = a.occurrence_id JOIN meetings m ON m.id = o.meeting_id
		   WHERE a.guild_id = ?1 AND a.recorded_by = ?2 AND a.user_id != ?2
		 UNION ALL SELECT 'concern closed', ref, closed_at FROM concerns WHERE guild_id = ?1 AND closed_by = ?2
		 ORDER BY 3`},
}

// exportNotes explain what an export does and doesn't hold.
var exportNotes = []string{
	"This is every record Kindred keeps about you in this server, in the database on the computer that runs Kindred.",
	"Anonymous concerns are not listed: Kindred keeps nothing that ties them to you.",
	"Posts in Discord channels (such as check-ins you shared) are Discord's messages; this file says where they are.",
	"Totals such as how many members are going to a meeting are anonymous numbers and are not listed.",
	"Times are in UTC.",
}

// MemberExport returns every record Kindred holds about a member in a
// server, for /mydata export.
func (s *Store) MemberExport(ctx context.Context, guildID, userID string) (MemberExport, error) {
	out := MemberExport{ServerID: guildID, MemberID: userID, ExportedAt: time.Unix(s.now().Unix(), 0).UTC(), Notes: exportNotes}
	for _, sec := range memberSections {
		recs, err := queryRecords(ctx, s.read, sec.query, guildID, userID)
		if err != nil {
			return MemberExport{}, fmt.Errorf("export %s of a member in guild %s: %w", sec.kind, guildID, err)
		}
		out.Sections = append(out.Sections, ExportSection{Kind: sec.kind, About: sec.about, Records: recs})
	}
	return out, nil
}

// queryRecords runs query and returns its rows as column → value maps,
// with times (columns named "at" or ending in "_at") as RFC 3339 text.
func queryRecords(ctx context.Context, db queryer, query string, args ...any) ([]map[string]any, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		rec := make(map[string]any, len(cols))
		for i, c := range cols {
			v := vals[i]
			switch x := v.(type) {
			case []byte:
				v = string(x)
			case int64:
				if c == "at" || strings.HasSuffix(c, "_at") {
					v = time.Unix(x, 0).UTC().Format(time.RFC3339)
				}
			}
			rec[c] = v
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// Post kinds: what a post Kindred made for a member is.
const (
	PostCheckin     = "check-in"
	PostCelebration = "celebration"
	// PostTalkThread is a member's support thread: ChannelID is the
	// thread, MessageID is empty, and the whole thread is deleted.
	PostTalkThread = "support thread"
	// PostTalkNotice is the listeners' notice of a member's request.
	PostTalkNotice = "support notice"
	// PostTalkNote is a hand-over note about a member's request.
	PostTalkNote = "hand-over note"
)

// Post is a message Kindred posted in a channel for a member.
type Post struct {
	Kind      string // PostCheckin or PostCelebration
	ChannelID string
	MessageID string
}

// Deleted says what DeleteMemberData erased.
type Deleted struct {
	// Rows counts, by table, the member's records deleted, and (under
	// "table (name removed)") the records kept for others from which the
	// member's ID was removed.
	Rows map[string]int
	// Posts are the check-in and celebration posts Kindred made for the
	// member, for the caller to delete in Discord now that their records
	// are gone.
	Posts []Post
}

// Total is how many records were deleted or had the member's ID removed.
func (d Deleted) Total() int {
	n := 0
	for _, c := range d.Rows {
		n += c
	}
	return n
}

// memberErase deletes a member's own records (?1 server, ?2 member, ?3
// the member's keyed hash), children before parents.
var memberErase = []struct{ table, query string }{
	// Milestones first: their celebration posts' deliveries are keyed by
	// the milestone, and encouragements are counted on others' milestones
	// (an anonymous total, so table "": not counted as the member's records).
	{"", `UPDATE milestones SET encouragements = encouragements - 1
		WHERE guild_id = ?1 AND user_id != ?2 AND id IN (
			SELECT milestone_id FROM milestone_encouragements WHERE guild_id = ?1 AND user_id = ?2)`},
	{"milestone_encouragements", `DELETE FROM milestone_encouragements WHERE guild_id = ?1 AND user_id = ?2`},
	{"deliveries", `DELETE FROM deliveries WHERE guild_id = ?1 AND dedupe_key IN (
		SELECT 'milestone:' || id FROM milestones WHERE guild_id = ?1 AND user_id = ?2)`},
	{"milestones", `DELETE FROM milestones WHERE guild_id = ?1 AND user_id = ?2`},
	{"milestone_members", `DELETE FROM milestone_members WHERE guild_id = ?1 AND user_id = ?2`},
	{"checkin_followups", `DELETE FROM checkin_followups WHERE guild_id = ?1 AND user_id = ?2`},
	{"checkins", `DELETE FROM checkins WHERE guild_id = ?1 AND user_id = ?2`},
	{"checkin_reminders", `DELETE FROM checkin_reminders WHERE guild_id = ?1 AND user_id = ?2`},
	{"meeting_rsvps", `DELETE FROM meeting_rsvps WHERE guild_id = ?1 AND user_id = ?2`},
	{"meeting_attendance", `DELETE FROM meeting_attendance WHERE guild_id = ?1 AND user_id = ?2`},
	{"meeting_waitlist", `DELETE FROM meeting_waitlist WHERE guild_id = ?1 AND user_id = ?2`},
	{"guidelines_acknowledgements", `DELETE FROM guidelines_acknowledgements WHERE guild_id = ?1 AND user_id = ?2`},
	{"member_country", `DELETE FROM member_country WHERE guild_id = ?1 AND user_id = ?2`},
	// Not per server (so not in a server's export; /me show shows it all):
	// erasing your data in any server erases what /me holds too.
	{"member_profile", `DELETE FROM member_profile WHERE user_id = ?2 AND ?1 = ?1`},
	{"selfcare_done", `DELETE FROM selfcare_done WHERE guild_id = ?1 AND user_id = ?2`},
	{"selfcare_posts", `DELETE FROM selfcare_posts WHERE guild_id = ?1 AND user_id = ?2`},
	{"selfcare_rotation_used", `DELETE FROM selfcare_rotation_used WHERE guild_id = ?1 AND scope = 'u:' || ?2`},
	{"selfcare_rotation", `DELETE FROM selfcare_rotation WHERE guild_id = ?1 AND scope = 'u:' || ?2`},
	{"selfcare_nudges", `DELETE FROM selfcare_nudges WHERE guild_id = ?1 AND user_id = ?2`},
	// Planned and sent DMs; dedupe keys such as "meeting:1:…:dm:<member>"
	// name the member too.
	{"deliveries", `DELETE FROM deliveries WHERE guild_id = ?1 AND (user_id = ?2 OR source = 'selfcare-nudge:' || ?2
		OR instr(dedupe_key, ':' || ?2 || ':') > 0 OR substr(dedupe_key, -length(':' || ?2)) = ':' || ?2)`},
	{"dm_failures", `DELETE FROM dm_failures WHERE guild_id = ?1 AND user_id = ?2`},
	{"concerns", `DELETE FROM concerns WHERE guild_id = ?1 AND user_id = ?2`},
	{"concern_rate", `DELETE FROM concern_rate WHERE guild_id = ?1 AND member_key = ?3`},
	{"talk_handovers", `DELETE FROM talk_handovers WHERE guild_id = ?1 AND request_id IN (
		SELECT id FROM talk_requests WHERE guild_id = ?1 AND user_id = ?2)`},
	{"talk_requests", `DELETE FROM talk_requests WHERE guild_id = ?1 AND user_id = ?2`},
	{"talk_listeners", `DELETE FROM talk_listeners WHERE guild_id = ?1 AND user_id = ?2`},
	{"members_left", `DELETE FROM members_left WHERE guild_id = ?1 AND user_id = ?2`},
	// The website's login sessions: the member is logged out of the
	// dashboard everywhere (a session is not per server; logging in again
	// starts a new one).
	{"web_sessions", `DELETE FROM web_sessions WHERE user_id = ?2`},
}

// memberUnname removes a member's ID from records kept for others: what
// they did as a moderator stays, without their name.
var memberUnname = []struct{ table, query string }{
	{"meeting_attendance", `UPDATE meeting_attendance SET recorded_by = '' WHERE guild_id = ?1 AND recorded_by = ?2`},
	{"resources", `UPDATE resources SET
		created_by = CASE WHEN created_by = ?2 THEN '' ELSE created_by END,
		updated_by = CASE WHEN updated_by = ?2 THEN '' ELSE updated_by END
		WHERE guild_id = ?1 AND (created_by = ?2 OR updated_by = ?2)`},
	{"meetings", `UPDATE meetings SET created_by = '' WHERE guild_id = ?1 AND created_by = ?2`},
	{"selfcare_prompts", `UPDATE selfcare_prompts SET
		created_by = CASE WHEN created_by = ?2 THEN '' ELSE created_by END,
		updated_by = CASE WHEN updated_by = ?2 THEN '' ELSE updated_by END
		WHERE guild_id = ?1 AND (created_by = ?2 OR updated_by = ?2)`},
	{"selfcare_shipped_disabled", `UPDATE selfcare_shipped_disabled SET disabled_by = '' WHERE guild_id = ?1 AND disabled_by = ?2`},
	{"selfcare_schedules", `UPDATE selfcare_schedules SET created_by = '' WHERE guild_id = ?1 AND created_by = ?2`},
	{"guild_settings", `UPDATE guild_settings SET updated_by = '' WHERE guild_id = ?1 AND updated_by = ?2`},
	{"settings_audit", `UPDATE settings_audit SET user_id = '' WHERE guild_id = ?1 AND user_id = ?2`},
	{"moderator_audit", `UPDATE moderator_audit SET
		moderator_id = CASE WHEN moderator_id = ?2 THEN '' ELSE moderator_id END,
		target = CASE WHEN target = ?2 THEN 'an erased member'
			ELSE replace(replace(target, '<@' || ?2 || '>', 'an erased member'), '<@!' || ?2 || '>', 'an erased member') END,
		detail = CASE WHEN detail = ?2 THEN 'an erased member'
			ELSE replace(replace(detail, '<@' || ?2 || '>', 'an erased member'), '<@!' || ?2 || '>', 'an erased member') END
		WHERE guild_id = ?1 AND (moderator_id = ?2 OR target = ?2 OR detail = ?2
			OR instr(target, '<@' || ?2 || '>') > 0 OR instr(detail, '<@' || ?2 || '>') > 0
			OR instr(target, '<@!' || ?2 || '>') > 0 OR instr(detail, '<@!' || ?2 || '>') > 0)`},
	{"concerns", `UPDATE concerns SET closed_by = '' WHERE guild_id = ?1 AND closed_by = ?2`},
	{"milestones", `UPDATE milestones SET awarded_by = '' WHERE guild_id = ?1 AND awarded_by = ?2`},
	// A listener's part in others' support threads stays, without their name.
	{"talk_requests", `UPDATE talk_requests SET listener_id = '' WHERE guild_id = ?1 AND listener_id = ?2`},
	{"talk_handovers", `UPDATE talk_handovers SET
		from_id = CASE WHEN from_id = ?2 THEN '' ELSE from_id END,
		to_id = CASE WHEN to_id = ?2 THEN '' ELSE to_id END
		WHERE guild_id = ?1 AND (from_id = ?2 OR to_id = ?2)`},
}

// DeleteMemberData erases, in one transaction, every record Kindred holds
// about a member in a server, and removes their ID from records kept for
// others (what they did as a moderator). Anonymous totals stay. It returns
// what was erased, with the check-in and celebration posts Kindred made
// for them (however old), which the caller deletes in Discord.
func (s *Store) DeleteMemberData(ctx context.Context, guildID, userID string) (Deleted, error) {
	if !snowflakeRE.MatchString(guildID) || !snowflakeRE.MatchString(userID) {
		return Deleted{}, fmt.Errorf("%w: erasing needs a server and a member", ErrInvalid)
	}
	out := Deleted{Rows: map[string]int{}}
	defer s.langs.forget(userID) // the profile row (and its language) may be gone
	err := s.eraseTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT ?3, shared_channel_id, shared_message_id FROM checkins
			 WHERE guild_id = ?1 AND user_id = ?2 AND shared_message_id IS NOT NULL
			 UNION ALL
			 SELECT ?4, post_channel_id, post_message_id FROM milestones
			 WHERE guild_id = ?1 AND user_id = ?2 AND post_message_id != ''
			 UNION ALL
			 SELECT ?5, thread_id, '' FROM talk_requests
			 WHERE guild_id = ?1 AND user_id = ?2 AND thread_id != ''
			 UNION ALL
			 SELECT ?6, notice_channel_id, notice_message_id FROM talk_requests
			 WHERE guild_id = ?1 AND user_id = ?2 AND notice_message_id != ''
			 UNION ALL
			 SELECT ?7, h.note_channel_id, h.note_message_id FROM talk_handovers h JOIN talk_requests t ON t.id = h.request_id
			 WHERE t.guild_id = ?1 AND t.user_id = ?2 AND h.note_message_id != ''`,
			guildID, userID, PostCheckin, PostCelebration, PostTalkThread, PostTalkNotice, PostTalkNote)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p Post
			if err := rows.Scan(&p.Kind, &p.ChannelID, &p.MessageID); err != nil {
				rows.Close()
				return err
			}
			out.Posts = append(out.Posts, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		key, err := memberKeyTx(ctx, tx, guildID, userID)
		if err != nil {
			return err
		}
		run := func(table, query string, label string) error {
			res, err := tx.ExecContext(ctx, query, guildID, userID, key)
			if err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			if n, _ := res.RowsAffected(); n > 0 && label != "" {
				out.Rows[label] += int(n)
			}
			return nil
		}
		for i, e := range memberErase {
			if err := run(fmt.Sprintf("erase step %d %s", i, e.table), e.query, e.table); err != nil {
				return err
			}
		}
		for i, e := range memberUnname {
			if err := run(fmt.Sprintf("unname step %d %s", i, e.table), e.query, e.table+" (name removed)"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Deleted{}, fmt.Errorf("erase a member's data in guild %s: %w", guildID, err)
	}
	return out, nil
}

// MemberLeft records that a member left a server, starting the grace
// period after which their data there is deleted. Leaving again before
// returning keeps the first time.
func (s *Store) MemberLeft(ctx context.Context, guildID, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO members_left (guild_id, user_id, left_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			guildID, userID, s.now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("record a member leaving guild %s: %w", guildID, err)
	}
	return nil
}

// MemberCheckFailed records that the sweep could not check with Discord
// whether a departed member is gone, at now: they go to the back of the
// sweep's queue.
func (s *Store) MemberCheckFailed(ctx context.Context, guildID, userID string, now time.Time) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE members_left SET checked_at = ? WHERE guild_id = ? AND user_id = ?`,
		now.Unix(), guildID, userID); err != nil {
		return fmt.Errorf("record a failed member check in guild %s: %w", guildID, err)
	}
	return nil
}

// MemberReturned records that a member joined (or rejoined) a server:
// their data is no longer due for deletion. Most members who join never
// left: for them it only reads, so a wave of joins does not queue for the
// one writer. A member who leaves and comes back within moments may be
// read before their leaving is written, and so stay recorded as gone:
// the retention sweep asks Discord before it deletes anything
// (scheduler's MemberChecker), and keeps a member who is there.
func (s *Store) MemberReturned(ctx context.Context, guildID, userID string) error {
	var left int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members_left WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&left)
	if err != nil {
		return fmt.Errorf("record a member joining guild %s: %w", guildID, err)
	}
	if left == 0 {
		return nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM members_left WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record a member joining guild %s: %w", guildID, err)
	}
	return nil
}

// DepartedMember is a member whose grace period after leaving is over.
type DepartedMember struct {
	GuildID string
	UserID  string
	LeftAt  time.Time
}

// MembersPastGrace returns up to limit members who left a server at least
// that server's member_grace_days before now: those never checked first
// (oldest first), then those whose check failed longest ago (see
// MemberCheckFailed), so that every member is reached in turn. Servers
// Kindred was removed from are left out: all their data goes with
// EraseRemovedGuild, and Kindred can't tell there whether a member is back.
func (s *Store) MembersPastGrace(ctx context.Context, now time.Time, limit int) ([]DepartedMember, error) {
	d, _ := LookupSetting(SettingMemberGraceDays)
	rows, err := s.read.QueryContext(ctx,
		`SELECT l.guild_id, l.user_id, l.left_at FROM members_left l
		 LEFT JOIN guild_settings g ON g.guild_id = l.guild_id AND g.key = ?
		 WHERE l.left_at <= ? - COALESCE(CAST(g.value AS INTEGER), ?) * 86400
		   AND NOT EXISTS (SELECT 1 FROM guilds r WHERE r.guild_id = l.guild_id AND r.removed_at IS NOT NULL)
		 ORDER BY l.checked_at, l.left_at, l.guild_id, l.user_id LIMIT ?`, SettingMemberGraceDays, now.Unix(), d.Default, limit)
	if err != nil {
		return nil, fmt.Errorf("find departed members past their grace period: %w", err)
	}
	defer rows.Close()
	var out []DepartedMember
	for rows.Next() {
		var m DepartedMember
		var at int64
		if err := rows.Scan(&m.GuildID, &m.UserID, &at); err != nil {
			return nil, fmt.Errorf("find departed members past their grace period: %w", err)
		}
		m.LeftAt = time.Unix(at, 0).UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find departed members past their grace period: %w", err)
	}
	return out, nil
}

// PruneCheckinNotes deletes the notes (only the notes) of check-ins older
// than their server's note_retention_days at now. Servers that keep notes
// until members delete them (0, the default) are left alone. It returns
// how many notes were deleted.
func (s *Store) PruneCheckinNotes(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.eraseTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE checkins SET note = NULL
			 WHERE note IS NOT NULL AND guild_id IN (
				SELECT guild_id FROM guild_settings WHERE key = ?1 AND CAST(value AS INTEGER) > 0)
			 AND created_at <= ?2 - 86400 * (
				SELECT CAST(value AS INTEGER) FROM guild_settings g WHERE g.guild_id = checkins.guild_id AND g.key = ?1)`,
			SettingNoteRetentionDays, now.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete check-in notes past retention: %w", err)
	}
	return int(n), nil
}

// RemovedGuildsPastGrace returns the servers Kindred was removed from at
// or before cutoff and has not returned to.
func (s *Store) RemovedGuildsPastGrace(ctx context.Context, cutoff time.Time) ([]string, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT guild_id FROM guilds WHERE removed_at IS NOT NULL AND removed_at <= ? ORDER BY removed_at`, cutoff.Unix())
	if err != nil {
		return nil, fmt.Errorf("find servers past their grace period: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, fmt.Errorf("find servers past their grace period: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find servers past their grace period: %w", err)
	}
	return out, nil
}

// guildTables are every table holding a server's records, children
// before parents. Each has a guild_id column.
var guildTables = []string{
	"checkin_followups", "checkins", "checkin_reminders",
	"meeting_waitlist", "meeting_rsvps", "meeting_attendance", "meeting_events", "meeting_options", "meeting_occurrences", "meetings",
	"deliveries", "dm_failures",
	"selfcare_done", "selfcare_posts", "selfcare_rotation_used", "selfcare_rotation",
	"selfcare_nudges", "selfcare_schedules", "selfcare_shipped_disabled", "selfcare_prompts",
	"milestone_encouragements", "milestones", "milestone_members", "milestone_guilds",
	"resources", // its full-text index follows by trigger
	"member_country", "guidelines_acknowledgements",
	"concerns", "concern_rate", "moderator_audit", "members_left",
	"talk_handovers", "talk_requests", "talk_listeners",
	"settings_audit", "guild_settings",
	"guilds",
}

// EraseRemovedGuild deletes everything Kindred holds for a server it was
// removed from at or before cutoff, in one transaction. It does nothing
// and reports false if Kindred has since returned (or the server was
// erased already).
func (s *Store) EraseRemovedGuild(ctx context.Context, guildID string, cutoff time.Time) (bool, error) {
	erased := false
	defer s.settings.forget(guildID)
	err := s.eraseTx(ctx, func(tx *sql.Tx) error {
		var removed sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT removed_at FROM guilds WHERE guild_id = ?`, guildID).Scan(&removed)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (!removed.Valid || removed.Int64 > cutoff.Unix())) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, t := range guildTables {
			// Table names come from the list above, never from input.
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE guild_id = ?`, guildID); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		// Dashboard sessions naming the server end with it.
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE instr(',' || guild_ids || ',', ',' || ? || ',') > 0`, guildID); err != nil {
			return fmt.Errorf("web_sessions: %w", err)
		}
		erased = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("erase removed guild %s: %w", guildID, err)
	}
	return erased, nil
}
