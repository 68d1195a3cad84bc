package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
)

// MilestoneKind says what a milestone celebrates.
type MilestoneKind string

// The kinds of milestone. The first six Kindred notices by itself, once per
// member and threshold; the others members and moderators give.
const (
	// MilestoneFirstCheckin is a member's first check-in. Threshold 0.
	MilestoneFirstCheckin MilestoneKind = "first_checkin"
	// MilestoneCheckinStreak is a check-in streak of Threshold days.
	MilestoneCheckinStreak MilestoneKind = "checkin_streak"
	// MilestoneMeetings is Threshold meetings attended.
	MilestoneMeetings MilestoneKind = "meetings_attended"
	// MilestoneSelfCare is Threshold self-care prompts done.
	MilestoneSelfCare MilestoneKind = "selfcare_done"
	// MilestoneMembership is Threshold months since the member joined the server.
	MilestoneMembership MilestoneKind = "membership"
	// MilestoneFirstStory is a member's first story shared. Threshold 0.
	MilestoneFirstStory MilestoneKind = "first_story"
	// MilestoneShared is something a member shared of their own ("30 days
	// sober"): Title says what, Note is optional.
	MilestoneShared MilestoneKind = "self_reported"
	// MilestoneKudos is kudos from another member (AwardedBy) for Title.
	MilestoneKudos MilestoneKind = "kudos"
	// MilestoneAward is an award from a moderator (AwardedBy) titled Title.
	MilestoneAward MilestoneKind = "award"
)

// Automatic reports whether Kindred notices milestones of this kind by
// itself, rather than someone giving them.
func (k MilestoneKind) Automatic() bool {
	switch k {
	case MilestoneFirstCheckin, MilestoneCheckinStreak, MilestoneMeetings, MilestoneSelfCare, MilestoneMembership, MilestoneFirstStory:
		return true
	}
	return false
}

// Milestone limits.
const (
	// MaxMilestoneTitle is the longest title of a shared milestone, a
	// kudos reason or an award.
	MaxMilestoneTitle = 100
	// MaxMilestoneNote is the longest note on a shared milestone.
	MaxMilestoneNote = 1000
	// KudosPerDay is how many kudos a member may give in a day (in the
	// server's time zone), so that kudos stay meaningful.
	KudosPerDay = 3
	// MilestonePostLifetime is how long a planned celebration post may
	// wait to be sent before it is no longer timely.
	MilestonePostLifetime = 24 * time.Hour
)

// DeliveryMilestone is a celebration post in the celebrations channel.
// Ref is the milestone's ID.
const DeliveryMilestone = "milestone_celebration"

// milestoneSource is the source of celebration deliveries.
const milestoneSource = "milestones"

// ErrKudosLimit means a member gave all their kudos for today. It is also
// an ErrConflict.
var ErrKudosLimit error = problem(ErrConflict, "milestone_kudos_limit", "Max", KudosPerDay)

// MilestoneThresholds returns, smallest first, the thresholds of a
// counting kind that value has reached: streaks of 7, 30, 100 and 365
// days, then every 365; meetings 1, 5, 10, 25, 50 and 100, then every
// 100; self-care prompts 1, 10, 25, 50 and 100, then every 100; months
// in the community 1, 6 and 12, then every 12. Other kinds have none.
func MilestoneThresholds(kind MilestoneKind, value int) []int {
	var fixed []int
	var every int
	switch kind {
	case MilestoneCheckinStreak:
		fixed, every = []int{7, 30, 100, 365}, 365
	case MilestoneMeetings:
		fixed, every = []int{1, 5, 10, 25, 50, 100}, 100
	case MilestoneSelfCare:
		fixed, every = []int{1, 10, 25, 50, 100}, 100
	case MilestoneMembership:
		fixed, every = []int{1, 6, 12}, 12
	default:
		return nil
	}
	var out []int
	for _, t := range fixed {
		if t <= value {
			out = append(out, t)
		}
	}
	last := fixed[len(fixed)-1]
	for t := last + every; t <= value; t += every {
		out = append(out, t)
	}
	return out
}

// Milestone is one milestone of one member in one server.
type Milestone struct {
	ID      int64
	GuildID string
	UserID  string
	Kind    MilestoneKind
	// Threshold is the days, meetings, prompts or months reached; 0 for
	// one-offs and for milestones someone gave.
	Threshold int
	// Title is what a member shared, a kudos reason or an award's title.
	Title string
	// Note is a shared milestone's note: posted only if the member shared
	// the milestone publicly, otherwise seen only by them.
	Note string
	// Public milestones may be seen by others in /milestones, unless the
	// member keeps celebrations private.
	Public bool
	// Backfilled milestones were reached before Kindred noticed (the
	// feature was off, or the count jumped): recorded quietly, never posted.
	Backfilled bool
	// AwardedBy is who gave kudos or an award.
	AwardedBy string
	// RefChannelID and RefMessageID are the message a "Celebrate this"
	// kudos is for.
	RefChannelID string
	RefMessageID string
	AchievedAt   time.Time
	// AnnouncedAt is when a celebration post was planned; zero when none
	// was (kept private, no channel, or back-filled).
	AnnouncedAt time.Time
	// Variant is the server's celebration number, which picks the words of
	// the post.
	Variant int
	// Encouragements counts members who pressed "Send encouragement".
	Encouragements int
	// SeenAt is when the member saw an unposted milestone in /milestones.
	SeenAt time.Time
	// PostChannelID and PostMessageID are the celebration post, once sent.
	PostChannelID string
	PostMessageID string
}

// Announced reports whether a celebration post was planned.
func (m Milestone) Announced() bool { return !m.AnnouncedAt.IsZero() }

// Unseen reports whether the member hasn't been told of the milestone yet:
// it wasn't posted, and they haven't looked at /milestones since.
func (m Milestone) Unseen() bool { return !m.Announced() && m.SeenAt.IsZero() }

// ReachedMilestone is an automatic milestone a member has reached.
type ReachedMilestone struct {
	Kind      MilestoneKind
	Threshold int
	// Announce asks for a celebration post: the event that triggered this
	// just reached it. Otherwise it is back-filled quietly.
	Announce bool
	// AchievedAt is when it was reached; zero means now.
	AchievedAt time.Time
}

// MilestoneMember is what milestones know of a member.
type MilestoneMember struct {
	GuildID string
	UserID  string
	// JoinedAt is when they joined the server, as Discord said when Kindred
	// first saw them; zero if unknown.
	JoinedAt time.Time
	// Private members' milestones are recorded but never posted, and
	// others can't see them.
	Private bool
}

// Kudos is one member celebrating another.
type Kudos struct {
	GuildID string
	From    string
	To      string
	// Reason is why; it may be empty only for a message celebrated.
	Reason string
	// ChannelID and MessageID are the message celebrated, if any.
	ChannelID string
	MessageID string
}

const milestoneColumns = `m.id, m.guild_id, m.user_id, m.kind, m.threshold, m.title, m.note, m.public, m.backfilled, m.awarded_by,
	m.ref_channel_id, m.ref_message_id, m.achieved_at, m.announced_at, m.variant, m.encouragements, m.seen_at,
	m.post_channel_id, m.post_message_id`

// milestoneFrom is where milestones are read from; CompleteDelivery
// records a celebration's post on its milestone.
const milestoneFrom = ` FROM milestones m`

func scanMilestone(r rowScanner) (Milestone, error) {
	var m Milestone
	var public, backfilled int
	var achieved int64
	var announced, seen sql.NullInt64
	if err := r.Scan(&m.ID, &m.GuildID, &m.UserID, &m.Kind, &m.Threshold, &m.Title, &m.Note, &public, &backfilled, &m.AwardedBy,
		&m.RefChannelID, &m.RefMessageID, &achieved, &announced, &m.Variant, &m.Encouragements, &seen,
		&m.PostChannelID, &m.PostMessageID); err != nil {
		return Milestone{}, err
	}
	m.Public, m.Backfilled = public == 1, backfilled == 1
	m.AchievedAt = unixToUTC(achieved)
	if announced.Valid {
		m.AnnouncedAt = unixToUTC(announced.Int64)
	}
	if seen.Valid {
		m.SeenAt = unixToUTC(seen.Int64)
	}
	return m, nil
}

func milestoneTx(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, guildID string, id int64) (Milestone, error) {
	m, err := scanMilestone(q.QueryRowContext(ctx,
		`SELECT `+milestoneColumns+milestoneFrom+` WHERE m.guild_id = ? AND m.id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Milestone{}, problem(ErrNotFound, "milestone_celebration_gone")
	}
	return m, err
}

// Milestone returns one milestone of a server.
func (s *Store) Milestone(ctx context.Context, guildID string, id int64) (Milestone, error) {
	m, err := milestoneTx(ctx, s.read, guildID, id)
	if err != nil {
		return Milestone{}, fmt.Errorf("load milestone %d: %w", id, err)
	}
	return m, nil
}

// MemberMilestones returns a member's milestones in a server, newest first.
// With publicOnly, only those others may see: public ones of a member who
// doesn't keep celebrations private.
func (s *Store) MemberMilestones(ctx context.Context, guildID, userID string, publicOnly bool) ([]Milestone, error) {
	q := `SELECT ` + milestoneColumns + milestoneFrom + ` WHERE m.guild_id = ? AND m.user_id = ?`
	args := []any{guildID, userID}
	if publicOnly {
		q += ` AND m.public = 1 AND NOT EXISTS (
			SELECT 1 FROM milestone_members p WHERE p.guild_id = m.guild_id AND p.user_id = m.user_id AND p.private = 1)`
	}
	out, err := queryAll(ctx, s.read, scanMilestone, q+` ORDER BY m.achieved_at DESC, m.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load milestones in guild %s: %w", guildID, err)
	}
	return out, nil
}

// MarkMilestonesSeen records that a member has seen their unposted
// milestones, and returns how many there were.
func (s *Store) MarkMilestonesSeen(ctx context.Context, guildID, userID string) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE milestones SET seen_at = ? WHERE guild_id = ? AND user_id = ? AND announced_at IS NULL AND seen_at IS NULL`,
			s.now().Unix(), guildID, userID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("mark milestones seen in guild %s: %w", guildID, err)
	}
	return int(n), nil
}

// RecordMilestones records the automatic milestones a member has reached,
// each once: those recorded before are skipped, so repeating a call (or
// two racing) never records or announces anything twice. A reached
// milestone asking to be announced gets a celebration post planned in
// channelID, unless the member keeps celebrations private or channelID is
// ""; the others are back-filled quietly. It returns the milestones newly
// recorded.
func (s *Store) RecordMilestones(ctx context.Context, guildID, userID string, reached []ReachedMilestone, channelID string) ([]Milestone, error) {
	// Most calls reach nothing new (an anniversary looked at again): a
	// read spares them the write lock. The insert below still decides.
	recorded, err := recordedMilestones(ctx, s.read, guildID, userID)
	if err != nil {
		return nil, fmt.Errorf("load milestones in guild %s: %w", guildID, err)
	}
	return s.RecordMilestonesKnown(ctx, guildID, userID, reached, channelID, recorded)
}

// RecordMilestonesKnown is RecordMilestones when the caller has read the
// member's recorded milestones (RecordCheckin): only those not among
// recorded are written, and nothing at all when none is new. A milestone
// recorded since recorded was read is still recorded only once.
func (s *Store) RecordMilestonesKnown(ctx context.Context, guildID, userID string, reached []ReachedMilestone, channelID string, recorded RecordedMilestones) ([]Milestone, error) {
	for _, r := range reached {
		if !r.Kind.Automatic() || r.Threshold < 0 {
			return nil, fmt.Errorf("%w: %q with threshold %d is not an automatic milestone", ErrInvalid, r.Kind, r.Threshold)
		}
	}
	var unrecorded []ReachedMilestone
	for _, r := range reached {
		if !recorded.Has(r.Kind, r.Threshold) {
			unrecorded = append(unrecorded, r)
		}
	}
	reached = unrecorded
	if len(reached) == 0 {
		return nil, nil
	}
	var out []Milestone
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out = nil
		private, err := memberPrivateTx(ctx, tx, guildID, userID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, r := range reached {
			at := r.AchievedAt
			if at.IsZero() {
				at = now
			}
			m := Milestone{
				GuildID: guildID, UserID: userID, Kind: r.Kind, Threshold: r.Threshold,
				Public: !private, Backfilled: !r.Announce, AchievedAt: unixToUTC(at.Unix()),
			}
			added, err := insertMilestoneTx(ctx, tx, &m)
			if err != nil {
				return err
			}
			if !added {
				continue
			}
			if r.Announce && !private && channelID != "" {
				if err := planCelebrationTx(ctx, tx, &m, channelID, now); err != nil {
					return err
				}
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record milestones in guild %s: %w", guildID, err)
	}
	return out, nil
}

// RecordedMilestones are the automatic milestones a member has, by kind
// and threshold.
type RecordedMilestones map[recordedKey]bool

type recordedKey struct {
	kind      MilestoneKind
	threshold int
}

// Has reports whether the milestone of kind and threshold is recorded.
func (r RecordedMilestones) Has(kind MilestoneKind, threshold int) bool {
	return r[recordedKey{kind, threshold}]
}

// recordedMilestones loads the automatic milestones a member has.
func recordedMilestones(ctx context.Context, q queryer, guildID, userID string) (RecordedMilestones, error) {
	keys, err := queryAll(ctx, q, func(r rowScanner) (recordedKey, error) {
		var k recordedKey
		return k, r.Scan(&k.kind, &k.threshold)
	}, `SELECT kind, threshold FROM milestones WHERE guild_id = ? AND user_id = ? AND kind NOT IN ('self_reported', 'kudos', 'award')`,
		guildID, userID)
	if err != nil {
		return nil, err
	}
	have := make(RecordedMilestones, len(keys))
	for _, k := range keys {
		have[k] = true
	}
	return have, nil
}

// insertMilestoneTx inserts m and sets its ID. It reports false, and does
// nothing, for an automatic milestone recorded before.
func insertMilestoneTx(ctx context.Context, tx *sql.Tx, m *Milestone) (bool, error) {
	var seen sql.NullInt64
	if !m.SeenAt.IsZero() {
		seen = sql.NullInt64{Int64: m.SeenAt.Unix(), Valid: true}
	}
	err := tx.QueryRowContext(ctx,
		`INSERT INTO milestones (guild_id, user_id, kind, threshold, title, note, public, backfilled, awarded_by,
		                         ref_channel_id, ref_message_id, achieved_at, seen_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT DO NOTHING RETURNING id`,
		m.GuildID, m.UserID, string(m.Kind), m.Threshold, m.Title, m.Note, m.Public, m.Backfilled, m.AwardedBy,
		m.RefChannelID, m.RefMessageID, m.AchievedAt.Unix(), seen).Scan(&m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// planCelebrationTx gives m the server's next celebration number and
// plans its post in channelID.
func planCelebrationTx(ctx context.Context, tx *sql.Tx, m *Milestone, channelID string, now time.Time) error {
	if err := tx.QueryRowContext(ctx,
		`INSERT INTO milestone_guilds (guild_id, celebrations) VALUES (?, 1)
		 ON CONFLICT (guild_id) DO UPDATE SET celebrations = celebrations + 1 RETURNING celebrations`,
		m.GuildID).Scan(&m.Variant); err != nil {
		return err
	}
	m.AnnouncedAt = unixToUTC(now.Unix())
	if _, err := tx.ExecContext(ctx, `UPDATE milestones SET announced_at = ?, variant = ? WHERE guild_id = ? AND id = ?`,
		m.AnnouncedAt.Unix(), m.Variant, m.GuildID, m.ID); err != nil {
		return err
	}
	id := strconv.FormatInt(m.ID, 10)
	_, err := enqueueTx(ctx, tx, Delivery{
		GuildID: m.GuildID, Kind: DeliveryMilestone, Source: milestoneSource, Ref: id, ChannelID: channelID,
		Key: "milestone:" + id, DueAt: now, ExpiresAt: now.Add(MilestonePostLifetime),
	}, now)
	return err
}

// HoldCelebrations withdraws the celebration posts still waiting to be
// sent for a member's milestones reached since since (a check-in that
// turned out to be a hard one), and keeps the milestones unannounced, so
// they show privately in /milestones as new. It returns how many posts
// it held back. A post already sent is left alone.
func (s *Store) HoldCelebrations(ctx context.Context, guildID, userID string, since time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := queryAll(ctx, tx, func(r rowScanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, `SELECT m.id FROM milestones m JOIN deliveries d
		      ON d.guild_id = m.guild_id AND d.dedupe_key = 'milestone:' || m.id AND d.status = 'pending'
		    WHERE m.guild_id = ? AND m.user_id = ? AND m.achieved_at >= ? AND m.announced_at IS NOT NULL`,
			guildID, userID, since.Unix())
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := withdrawKeyTx(ctx, tx, guildID, "milestone:"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE milestones SET announced_at = NULL WHERE guild_id = ? AND id = ?`, guildID, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("hold back celebrations in guild %s: %w", guildID, err)
	}
	return n, nil
}

// CelebrateLater plans the celebration post of one of a member's own
// milestones that was kept unannounced (reached at a hard time, or while
// there was no celebrations channel), because the member chose to share
// it now. Another member's milestone, a back-filled or announced one, one
// of a member who keeps celebrations private, or a kind that is not
// automatic is ErrNotFound or ErrConflict.
func (s *Store) CelebrateLater(ctx context.Context, guildID, userID string, id int64, channelID string) (Milestone, error) {
	var m Milestone
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = milestoneTx(ctx, tx, guildID, id); err != nil {
			return err
		}
		if m.UserID != userID || !m.Kind.Automatic() || m.Backfilled {
			return problem(ErrNotFound, "milestone_not_yours")
		}
		if m.Announced() {
			return problem(ErrConflict, "milestone_celebrated_already")
		}
		private, err := memberPrivateTx(ctx, tx, guildID, userID)
		if err != nil {
			return err
		}
		if private {
			return problem(ErrConflict, "milestone_private")
		}
		if channelID == "" {
			return problem(ErrConflict, "milestone_no_channel")
		}
		return planCelebrationTx(ctx, tx, &m, channelID, s.now())
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("celebrate milestone %d later: %w", id, err)
	}
	return m, nil
}

// normalizeMilestoneText trims text and checks its length; what names it
// in the error ("what you're celebrating").
func normalizeMilestoneText(text string, what i18n.Msg, max int, required bool) (string, error) {
	text = strings.TrimSpace(text)
	if !utf8.ValidString(text) {
		return "", problem(ErrInvalid, "milestone_text_unstorable", "What", what)
	}
	if required && text == "" {
		return "", problem(ErrInvalid, "milestone_text_required", "What", what)
	}
	if n := utf8.RuneCountInString(text); n > max {
		return "", problem(ErrInvalid, "milestone_text_too_long", "What", what, "Max", max, "Length", n)
	}
	return text, nil
}

// ShareMilestone records something a member wants to celebrate of their
// own. Only if public is it posted (in channelID, if not "") and shown to
// others; otherwise it is kept for them alone. The note is posted with it
// only when it is public.
func (s *Store) ShareMilestone(ctx context.Context, guildID, userID, title, note string, public bool, channelID string) (Milestone, error) {
	title, err := normalizeMilestoneText(title, "problem.milestone_what_title", MaxMilestoneTitle, true)
	if err != nil {
		return Milestone{}, err
	}
	if note, err = normalizeMilestoneText(note, "problem.milestone_what_note", MaxMilestoneNote, false); err != nil {
		return Milestone{}, err
	}
	now := unixToUTC(s.now().Unix())
	m := Milestone{GuildID: guildID, UserID: userID, Kind: MilestoneShared, Title: title, Note: note, Public: public, AchievedAt: now, SeenAt: now}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := insertMilestoneTx(ctx, tx, &m); err != nil {
			return err
		}
		if public && channelID != "" {
			return planCelebrationTx(ctx, tx, &m, channelID, now)
		}
		return nil
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("share milestone in guild %s: %w", guildID, err)
	}
	return m, nil
}

// startOfDay is midnight of t's day in loc.
func startOfDay(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, mo, d := t.In(loc).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, loc)
}

func kudosGivenTx(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, guildID, from string, since time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM milestones WHERE guild_id = ? AND awarded_by = ? AND kind = 'kudos' AND achieved_at >= ?`,
		guildID, from, since.Unix()).Scan(&n)
	return n, err
}

// KudosGivenToday returns how many kudos a member gave today, a day in
// loc (the server's time zone).
func (s *Store) KudosGivenToday(ctx context.Context, guildID, from string, loc *time.Location) (int, error) {
	n, err := kudosGivenTx(ctx, s.read, guildID, from, startOfDay(s.now(), loc))
	if err != nil {
		return 0, fmt.Errorf("count kudos given in guild %s: %w", guildID, err)
	}
	return n, nil
}

// GiveKudos records kudos from one member to another and, unless the
// receiver keeps celebrations private or channelID is "", plans its
// post. A member may give KudosPerDay a day (in loc, the server's time
// zone); beyond that it returns ErrKudosLimit. Nobody can give kudos to
// themselves.
func (s *Store) GiveKudos(ctx context.Context, k Kudos, loc *time.Location, channelID string) (Milestone, error) {
	if k.From == k.To {
		return Milestone{}, problem(ErrInvalid, "milestone_kudos_self")
	}
	reason, err := normalizeMilestoneText(k.Reason, "problem.milestone_what_reason", MaxMilestoneTitle, k.MessageID == "")
	if err != nil {
		return Milestone{}, err
	}
	now := unixToUTC(s.now().Unix())
	m := Milestone{
		GuildID: k.GuildID, UserID: k.To, Kind: MilestoneKudos, Title: reason, AwardedBy: k.From,
		RefChannelID: k.ChannelID, RefMessageID: k.MessageID, AchievedAt: now,
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		n, err := kudosGivenTx(ctx, tx, k.GuildID, k.From, startOfDay(now, loc))
		if err != nil {
			return err
		}
		if n >= KudosPerDay {
			return ErrKudosLimit
		}
		return giveTx(ctx, tx, &m, channelID, now)
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("give kudos in guild %s: %w", k.GuildID, err)
	}
	return m, nil
}

// AwardMilestone records a moderator's award to a member and, unless the
// member keeps celebrations private or channelID is "", plans its post.
func (s *Store) AwardMilestone(ctx context.Context, guildID, moderatorID, userID, title, channelID string) (Milestone, error) {
	if moderatorID == userID {
		return Milestone{}, problem(ErrInvalid, "milestone_award_self")
	}
	title, err := normalizeMilestoneText(title, "problem.milestone_what_award", MaxMilestoneTitle, true)
	if err != nil {
		return Milestone{}, err
	}
	now := unixToUTC(s.now().Unix())
	m := Milestone{GuildID: guildID, UserID: userID, Kind: MilestoneAward, Title: title, AwardedBy: moderatorID, AchievedAt: now}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return giveTx(ctx, tx, &m, channelID, now) }); err != nil {
		return Milestone{}, fmt.Errorf("award milestone in guild %s: %w", guildID, err)
	}
	return m, nil
}

// giveTx records a milestone someone gave m.UserID: public and posted
// unless they keep celebrations private.
func giveTx(ctx context.Context, tx *sql.Tx, m *Milestone, channelID string, now time.Time) error {
	private, err := memberPrivateTx(ctx, tx, m.GuildID, m.UserID)
	if err != nil {
		return err
	}
	m.Public = !private
	if _, err := insertMilestoneTx(ctx, tx, m); err != nil {
		return err
	}
	if m.Public && channelID != "" {
		return planCelebrationTx(ctx, tx, m, channelID, now)
	}
	return nil
}

// Encourage records that a member sent encouragement on a celebration,
// once per member, and returns the milestone with its count. It reports
// false, changing nothing, when they did before, and for the celebrated
// member's own milestone.
func (s *Store) Encourage(ctx context.Context, guildID string, milestoneID int64, messageID, userID string) (bool, Milestone, error) {
	var added bool
	var m Milestone
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = milestoneTx(ctx, tx, guildID, milestoneID); err != nil {
			return err
		}
		// The button's ID comes from the member's client: only the
		// milestone's own celebration post may show it, and only while
		// the member lets it be seen.
		if m.PostMessageID == "" || m.PostMessageID != messageID {
			return errNoCelebration
		}
		if m.Kind != MilestoneShared {
			private, err := memberPrivateTx(ctx, tx, guildID, m.UserID)
			if err != nil {
				return err
			}
			if private {
				return errNoCelebration
			}
		}
		if m.UserID == userID {
			return nil
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO milestone_encouragements (milestone_id, guild_id, user_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			milestoneID, guildID, userID, s.now().Unix())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		added = true
		m.Encouragements++
		_, err = tx.ExecContext(ctx, `UPDATE milestones SET encouragements = encouragements + 1 WHERE guild_id = ? AND id = ?`, guildID, milestoneID)
		return err
	})
	if err != nil {
		return false, Milestone{}, fmt.Errorf("encourage milestone %d: %w", milestoneID, err)
	}
	return added, m, nil
}

// errNoCelebration answers encouragement for a milestone that has no
// visible celebration post on the pressed message.
var errNoCelebration = problem(ErrNotFound, "milestone_celebration_gone")

func memberPrivateTx(ctx context.Context, tx *sql.Tx, guildID, userID string) (bool, error) {
	var private int
	err := tx.QueryRowContext(ctx, `SELECT private FROM milestone_members WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&private)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return private == 1, err
}

// MilestoneMember returns what milestones know of a member; a member
// Kindred hasn't seen has no join date and public celebrations.
func (s *Store) MilestoneMember(ctx context.Context, guildID, userID string) (MilestoneMember, error) {
	return milestoneMember(ctx, s.read, guildID, userID)
}

func milestoneMember(ctx context.Context, q queryer, guildID, userID string) (MilestoneMember, error) {
	mm := MilestoneMember{GuildID: guildID, UserID: userID}
	var joined sql.NullInt64
	var private int
	err := q.QueryRowContext(ctx,
		`SELECT joined_at, private FROM milestone_members WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&joined, &private)
	if errors.Is(err, sql.ErrNoRows) {
		return mm, nil
	}
	if err != nil {
		return MilestoneMember{}, fmt.Errorf("load milestone preferences in guild %s: %w", guildID, err)
	}
	if joined.Valid {
		mm.JoinedAt = unixToUTC(joined.Int64)
	}
	mm.Private = private == 1
	return mm, nil
}

// NoteMemberJoined records when a member joined the server, as Discord
// says; the months since count as milestones. It writes only when the date
// is new (a member who left and came back has a new one).
func (s *Store) NoteMemberJoined(ctx context.Context, guildID, userID string, joinedAt time.Time) error {
	if joinedAt.IsZero() {
		return nil
	}
	current, err := s.MilestoneMember(ctx, guildID, userID)
	if err != nil {
		return err
	}
	if current.JoinedAt.Unix() == joinedAt.Unix() {
		return nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO milestone_members (guild_id, user_id, joined_at, updated_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT (guild_id, user_id) DO UPDATE SET joined_at = excluded.joined_at, updated_at = excluded.updated_at`,
			guildID, userID, joinedAt.Unix(), s.now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("record when a member joined guild %s: %w", guildID, err)
	}
	return nil
}

// SetMilestonesPrivate sets whether a member keeps celebrations private,
// and reports whether that changed anything.
func (s *Store) SetMilestonesPrivate(ctx context.Context, guildID, userID string, private bool) (bool, error) {
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		was, err := memberPrivateTx(ctx, tx, guildID, userID)
		if err != nil {
			return err
		}
		if changed = was != private; !changed {
			return nil
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO milestone_members (guild_id, user_id, private, updated_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT (guild_id, user_id) DO UPDATE SET private = excluded.private, updated_at = excluded.updated_at`,
			guildID, userID, private, s.now().Unix())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("set milestone privacy in guild %s: %w", guildID, err)
	}
	return changed, nil
}
