package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Talk to someone: a member asks for a private thread with one of the
// community's listeners. A request starts as a draft (what the member
// chose, shared with nobody), becomes open when they confirm, taken when
// a listener takes it, and closed at the end.

// Talk request statuses.
const (
	TalkDraft  = "draft"
	TalkOpen   = "open"
	TalkTaken  = "taken"
	TalkClosed = "closed"
)

// What a member may need, chosen when they ask.
const (
	TalkNeedListen     = "listen"
	TalkNeedPractical  = "practical"
	TalkNeedStruggling = "struggling"
)

// Who closed a support thread.
const (
	TalkClosedByMember   = "member"
	TalkClosedByListener = "listener"
	// TalkClosedThreadGone: the thread was deleted in Discord.
	TalkClosedThreadGone = "thread deleted"
)

// Talk limits.
const (
	// MaxTalkMessage is the longest first message a member may add.
	MaxTalkMessage = 1000
	// MaxTalkNote is the longest hand-over note.
	MaxTalkNote = 500
	// TalkPingWindow is how often at most one member's requests ping the
	// listeners: pressing again and again never pings more often.
	TalkPingWindow = 10 * time.Minute
)

// TalkRequest is one member's request for support.
type TalkRequest struct {
	ID      int64
	GuildID string
	UserID  string
	Need    string
	// FirstMessage is what the member chose to say first, if anything.
	FirstMessage string
	// Shared means the member let the listeners see FirstMessage in the notice.
	Shared          bool
	Status          string
	ThreadID        string
	NoticeChannelID string
	NoticeMessageID string
	// ListenerID is the listener who has it now.
	ListenerID string
	CreatedAt  time.Time
	// The times below are zero until they happen.
	OpenedAt    time.Time
	PingedAt    time.Time
	EscalateAt  time.Time
	EscalatedAt time.Time
	TakenAt     time.Time
	ClosedAt    time.Time
	ClosedBy    string
	// Rating is 1-5, or 0 when the member did not rate.
	Rating int
	// Keep means the member asked to keep their thread past retention.
	Keep bool
}

// Active reports whether the request is open or taken.
func (r TalkRequest) Active() bool { return r.Status == TalkOpen || r.Status == TalkTaken }

const talkColumns = `id, guild_id, user_id, need, first_message, shared, status, thread_id, notice_channel_id,
	notice_message_id, listener_id, created_at, opened_at, pinged_at, escalate_at, escalated_at, taken_at,
	closed_at, closed_by, rating, keep`

func scanTalk(row rowScanner) (TalkRequest, error) {
	var r TalkRequest
	var created int64
	var opened, pinged, escalate, escalated, taken, closed, rating sql.NullInt64
	err := row.Scan(&r.ID, &r.GuildID, &r.UserID, &r.Need, &r.FirstMessage, &r.Shared, &r.Status, &r.ThreadID,
		&r.NoticeChannelID, &r.NoticeMessageID, &r.ListenerID, &created, &opened, &pinged, &escalate, &escalated,
		&taken, &closed, &r.ClosedBy, &rating, &r.Keep)
	if err != nil {
		return TalkRequest{}, err
	}
	r.CreatedAt = time.Unix(created, 0).UTC()
	r.OpenedAt, r.PingedAt, r.EscalateAt = unixOrZero(opened), unixOrZero(pinged), unixOrZero(escalate)
	r.EscalatedAt, r.TakenAt, r.ClosedAt = unixOrZero(escalated), unixOrZero(taken), unixOrZero(closed)
	r.Rating = int(rating.Int64)
	return r, nil
}

func unixOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

// ValidTalkNeed reports whether need is one of the needs a member may choose.
func ValidTalkNeed(need string) bool {
	return need == TalkNeedListen || need == TalkNeedPractical || need == TalkNeedStruggling
}

// CreateTalkDraft saves what a member chose before they confirm. Nothing
// is shared with anyone until OpenTalk.
func (s *Store) CreateTalkDraft(ctx context.Context, guildID, userID, need, firstMessage string) (TalkRequest, error) {
	firstMessage = strings.TrimSpace(firstMessage)
	switch {
	case !snowflakeRE.MatchString(guildID) || !snowflakeRE.MatchString(userID):
		return TalkRequest{}, problem(ErrInvalid, "talk_needs_server")
	case !ValidTalkNeed(need):
		return TalkRequest{}, problem(ErrInvalid, "talk_choose_need")
	case utf8.RuneCountInString(firstMessage) > MaxTalkMessage:
		return TalkRequest{}, problem(ErrInvalid, "talk_message_too_long", "Max", MaxTalkMessage)
	}
	var out TalkRequest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO talk_requests (guild_id, user_id, need, first_message, status, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			guildID, userID, need, firstMessage, TalkDraft, s.now().Unix())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		out, err = talkTx(ctx, tx, guildID, id)
		return err
	})
	if err != nil {
		return TalkRequest{}, fmt.Errorf("save a draft request for support in guild %s: %w", guildID, err)
	}
	return out, nil
}

func talkTx(ctx context.Context, q queryer, guildID string, id int64) (TalkRequest, error) {
	r, err := scanTalk(q.QueryRowContext(ctx, `SELECT `+talkColumns+` FROM talk_requests WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return TalkRequest{}, problem(ErrNotFound, "talk_request_gone")
	}
	return r, err
}

// TalkRequest returns one request of a server.
func (s *Store) TalkRequest(ctx context.Context, guildID string, id int64) (TalkRequest, error) {
	r, err := talkTx(ctx, s.read, guildID, id)
	if err != nil {
		return TalkRequest{}, fmt.Errorf("load request for support %d in guild %s: %w", id, guildID, err)
	}
	return r, nil
}

// ActiveTalkRequest returns a member's open or taken request in a server,
// or ErrNotFound.
func (s *Store) ActiveTalkRequest(ctx context.Context, guildID, userID string) (TalkRequest, error) {
	r, err := activeTalkTx(ctx, s.read, guildID, userID)
	if err != nil {
		return TalkRequest{}, fmt.Errorf("load a member's open request for support in guild %s: %w", guildID, err)
	}
	return r, nil
}

func activeTalkTx(ctx context.Context, q queryer, guildID, userID string) (TalkRequest, error) {
	r, err := scanTalk(q.QueryRowContext(ctx, `SELECT `+talkColumns+` FROM talk_requests
		WHERE guild_id = ? AND user_id = ? AND status IN ('open', 'taken')`, guildID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return TalkRequest{}, problem(ErrNotFound, "talk_no_open_thread")
	}
	return r, err
}

// LastTalkPing returns when a member's requests last pinged the listeners
// in a server (zero if never).
func (s *Store) LastTalkPing(ctx context.Context, guildID, userID string) (time.Time, error) {
	var at sql.NullInt64
	err := s.read.QueryRowContext(ctx,
		`SELECT max(pinged_at) FROM talk_requests WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("load when a member last pinged listeners in guild %s: %w", guildID, err)
	}
	return unixOrZero(at), nil
}

// TalkOpening is what OpenTalk records when a member confirms.
type TalkOpening struct {
	ThreadID string
	Shared   bool
	// Pinged means the notice pinged the listeners (it may not, to keep
	// the rate limit).
	Pinged     bool
	EscalateAt time.Time
}

// OpenTalk turns a member's draft into an open request with its thread.
// A member already having an open request is ErrConflict; a draft that is
// not theirs, or is gone, is ErrNotFound.
func (s *Store) OpenTalk(ctx context.Context, guildID string, id int64, userID string, o TalkOpening) (TalkRequest, error) {
	var out TalkRequest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := talkTx(ctx, tx, guildID, id)
		if err != nil {
			return err
		}
		if r.UserID != userID || r.Status != TalkDraft {
			return problem(ErrNotFound, "talk_not_waiting")
		}
		if _, err := activeTalkTx(ctx, tx, guildID, userID); err == nil {
			return problem(ErrConflict, "talk_already_open")
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		now := s.now()
		var pinged any
		if o.Pinged {
			pinged = now.Unix()
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE talk_requests SET status = 'open', thread_id = ?, shared = ?, opened_at = ?, pinged_at = ?, escalate_at = ?
			 WHERE id = ?`, o.ThreadID, o.Shared && r.FirstMessage != "", now.Unix(), pinged, nullUnix(o.EscalateAt), id); err != nil {
			return err
		}
		out, err = talkTx(ctx, tx, guildID, id)
		return err
	})
	if err != nil {
		return TalkRequest{}, fmt.Errorf("open request for support %d in guild %s: %w", id, guildID, err)
	}
	return out, nil
}

// DiscardTalkDraft deletes a member's draft (they cancelled, or Kindred
// could not open their thread).
func (s *Store) DiscardTalkDraft(ctx context.Context, guildID string, id int64, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM talk_requests WHERE guild_id = ? AND id = ? AND user_id = ? AND status = 'draft'`,
			guildID, id, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("discard draft request %d in guild %s: %w", id, guildID, err)
	}
	return nil
}

// SetTalkNotice records where the listeners' notice of a request was posted.
func (s *Store) SetTalkNotice(ctx context.Context, guildID string, id int64, channelID, messageID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE talk_requests SET notice_channel_id = ?, notice_message_id = ? WHERE guild_id = ? AND id = ?`,
			channelID, messageID, guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("record the notice of request %d in guild %s: %w", id, guildID, err)
	}
	return nil
}

// updateTalk loads a request in a transaction, lets check refuse the
// change, runs the update and returns the request as it is after.
func (s *Store) updateTalk(ctx context.Context, guildID string, id int64, what string,
	check func(TalkRequest) error, update string, args ...any) (TalkRequest, error) {
	var out TalkRequest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := talkTx(ctx, tx, guildID, id)
		if err != nil {
			return err
		}
		if err := check(r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, update, append(args, id)...); err != nil {
			return err
		}
		out, err = talkTx(ctx, tx, guildID, id)
		return err
	})
	if err != nil {
		return TalkRequest{}, fmt.Errorf("%s request for support %d in guild %s: %w", what, id, guildID, err)
	}
	return out, nil
}

// TakeTalk gives an open request to a listener. One that was taken
// already, or closed, is ErrConflict, so two listeners never answer at once.
func (s *Store) TakeTalk(ctx context.Context, guildID string, id int64, listenerID string) (TalkRequest, error) {
	return s.updateTalk(ctx, guildID, id, "take", func(r TalkRequest) error {
		switch {
		case r.Status == TalkTaken:
			return problem(ErrConflict, "talk_taken_by", "Listener", "<@"+r.ListenerID+">")
		case r.Status != TalkOpen:
			return problem(ErrConflict, "talk_request_closed")
		case r.UserID == listenerID:
			return problem(ErrConflict, "talk_own_request")
		}
		return nil
	}, `UPDATE talk_requests SET status = 'taken', listener_id = ?, taken_at = ? WHERE id = ?`, listenerID, s.now().Unix())
}

// HandOverTalk passes a taken request from one listener to another, with
// a note only listeners see. It returns the request as it is after and
// the hand-over's ID.
func (s *Store) HandOverTalk(ctx context.Context, guildID string, id int64, fromID, toID, note string) (TalkRequest, int64, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxTalkNote {
		return TalkRequest{}, 0, problem(ErrInvalid, "talk_note_too_long", "Max", MaxTalkNote)
	}
	if !snowflakeRE.MatchString(toID) {
		return TalkRequest{}, 0, problem(ErrInvalid, "talk_choose_listener")
	}
	now := s.now().Unix()
	var out TalkRequest
	var handover int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := talkTx(ctx, tx, guildID, id)
		if err != nil {
			return err
		}
		switch {
		case r.Status != TalkTaken:
			return problem(ErrConflict, "talk_not_taken")
		case r.ListenerID != fromID:
			return problem(ErrConflict, "talk_only_holder", "Listener", "<@"+r.ListenerID+">")
		case toID == fromID:
			return problem(ErrInvalid, "talk_have_it")
		case toID == r.UserID:
			return problem(ErrInvalid, "talk_is_member")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO talk_handovers (request_id, guild_id, from_id, to_id, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, guildID, fromID, toID, note, now)
		if err != nil {
			return err
		}
		if handover, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE talk_requests SET listener_id = ? WHERE id = ?`, toID, id); err != nil {
			return err
		}
		out, err = talkTx(ctx, tx, guildID, id)
		return err
	})
	if err != nil {
		return TalkRequest{}, 0, fmt.Errorf("hand over request for support %d in guild %s: %w", id, guildID, err)
	}
	return out, handover, nil
}

// SetHandoverNoteMessage records where a hand-over note was posted for
// listeners, so it is deleted with the request.
func (s *Store) SetHandoverNoteMessage(ctx context.Context, guildID string, handoverID int64, channelID, messageID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE talk_handovers SET note_channel_id = ?, note_message_id = ? WHERE guild_id = ? AND id = ?`,
			channelID, messageID, guildID, handoverID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record where hand-over note %d was posted in guild %s: %w", handoverID, guildID, err)
	}
	return nil
}

// TalkPosts returns the messages Kindred posted about a request that
// hold something of the member: its notice and its hand-over notes.
func (s *Store) TalkPosts(ctx context.Context, guildID string, id int64) ([]Post, error) {
	out, err := queryAll(ctx, s.read, func(r rowScanner) (Post, error) {
		var p Post
		return p, r.Scan(&p.Kind, &p.ChannelID, &p.MessageID)
	}, `SELECT ?3, notice_channel_id, notice_message_id FROM talk_requests WHERE guild_id = ?1 AND id = ?2 AND notice_message_id != ''
		UNION ALL
		SELECT ?4, note_channel_id, note_message_id FROM talk_handovers WHERE guild_id = ?1 AND request_id = ?2 AND note_message_id != ''`,
		guildID, id, PostTalkNotice, PostTalkNote)
	if err != nil {
		return nil, fmt.Errorf("list posts about request for support %d in guild %s: %w", id, guildID, err)
	}
	return out, nil
}

// CloseTalk closes a request; closing one that is closed is ErrConflict.
func (s *Store) CloseTalk(ctx context.Context, guildID string, id int64, by string) (TalkRequest, error) {
	return s.updateTalk(ctx, guildID, id, "close", func(r TalkRequest) error {
		if !r.Active() {
			return problem(ErrConflict, "talk_closed_already")
		}
		return nil
	}, `UPDATE talk_requests SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?`, s.now().Unix(), by)
}

// RateTalk records the member's optional rating (1-5) of a closed request.
func (s *Store) RateTalk(ctx context.Context, guildID string, id int64, userID string, rating int) (TalkRequest, error) {
	if rating < 1 || rating > 5 {
		return TalkRequest{}, problem(ErrInvalid, "talk_rating_range")
	}
	return s.updateTalk(ctx, guildID, id, "rate", func(r TalkRequest) error {
		if r.UserID != userID {
			return problem(ErrNotFound, "talk_rate_only_member")
		}
		if r.Status != TalkClosed {
			return problem(ErrConflict, "talk_rate_when_closed")
		}
		return nil
	}, `UPDATE talk_requests SET rating = ? WHERE id = ?`, rating)
}

// KeepTalkThread records whether the member asked to keep their thread
// past the server's retention period.
func (s *Store) KeepTalkThread(ctx context.Context, guildID string, id int64, userID string, keep bool) (TalkRequest, error) {
	return s.updateTalk(ctx, guildID, id, "keep", func(r TalkRequest) error {
		if r.UserID != userID {
			return problem(ErrNotFound, "talk_keep_only_member")
		}
		return nil
	}, `UPDATE talk_requests SET keep = ? WHERE id = ?`, keep)
}

// MarkTalkPinged records that listeners were pinged for a request at now.
func (s *Store) MarkTalkPinged(ctx context.Context, guildID string, id int64, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE talk_requests SET pinged_at = ? WHERE guild_id = ? AND id = ?`, now.Unix(), guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("record a ping for request %d in guild %s: %w", id, guildID, err)
	}
	return nil
}

// DueTalkEscalations returns up to limit open requests nobody has taken
// whose time to tell the member has come at now.
func (s *Store) DueTalkEscalations(ctx context.Context, now time.Time, limit int) ([]TalkRequest, error) {
	out, err := queryAll(ctx, s.read, scanTalk, `SELECT `+talkColumns+` FROM talk_requests
		WHERE status = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL AND escalate_at <= ?
		ORDER BY escalate_at, id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("find requests for support nobody has taken: %w", err)
	}
	return out, nil
}

// ClaimTalkEscalation marks a request's escalation as being done at now,
// and reports false if it was taken, closed or claimed meanwhile (by
// another process), so the member is told once.
func (s *Store) ClaimTalkEscalation(ctx context.Context, guildID string, id int64, now time.Time) (bool, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE talk_requests SET escalated_at = ?
			WHERE guild_id = ? AND id = ? AND status = 'open' AND escalated_at IS NULL`, now.Unix(), guildID, id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim the escalation of request %d in guild %s: %w", id, guildID, err)
	}
	return n == 1, nil
}

// ReleaseTalkEscalation undoes a claim whose message could not be sent,
// to try again at retryAt.
func (s *Store) ReleaseTalkEscalation(ctx context.Context, guildID string, id int64, retryAt time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE talk_requests SET escalated_at = NULL, escalate_at = ? WHERE guild_id = ? AND id = ? AND status = 'open'`,
			retryAt.Unix(), guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("release the escalation of request %d in guild %s: %w", id, guildID, err)
	}
	return nil
}

// TalkThreadsPastRetention returns up to limit closed requests whose
// threads are older than their server's talk_retention_days at now and
// that the member did not ask to keep.
func (s *Store) TalkThreadsPastRetention(ctx context.Context, now time.Time, limit int) ([]TalkRequest, error) {
	d, _ := LookupSetting(SettingTalkRetentionDays)
	out, err := queryAll(ctx, s.read, scanTalk, `SELECT `+talkColumns+` FROM talk_requests t
		WHERE status = 'closed' AND keep = 0 AND (thread_id != '' OR user_id != '')
		  AND closed_at <= ? - 86400 * COALESCE((SELECT CAST(value AS INTEGER) FROM guild_settings g
			WHERE g.guild_id = t.guild_id AND g.key = ?), ?)
		ORDER BY closed_at, id LIMIT ?`, now.Unix(), SettingTalkRetentionDays, d.Default, limit)
	if err != nil {
		return nil, fmt.Errorf("find support threads past retention: %w", err)
	}
	return out, nil
}

// ForgetTalkRequest keeps only the anonymous counts of a closed request
// whose thread is past retention: who, what they wrote, the thread and
// the hand-over notes are deleted.
func (s *Store) ForgetTalkRequest(ctx context.Context, guildID string, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM talk_handovers WHERE guild_id = ? AND request_id = ?`, guildID, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE talk_requests SET user_id = '', first_message = '', thread_id = '',
			notice_channel_id = '', notice_message_id = '', listener_id = '' WHERE guild_id = ? AND id = ? AND status = 'closed'`, guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("forget request for support %d in guild %s: %w", id, guildID, err)
	}
	return nil
}

// PruneTalkDrafts deletes drafts members never confirmed, made before
// cutoff. It returns how many.
func (s *Store) PruneTalkDrafts(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM talk_requests WHERE status = 'draft' AND created_at <= ?`, cutoff.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete unconfirmed requests for support: %w", err)
	}
	return int(n), nil
}

// SetListenerDuty records whether a listener is on duty.
func (s *Store) SetListenerDuty(ctx context.Context, guildID, userID string, onDuty bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO talk_listeners (guild_id, user_id, on_duty, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (guild_id, user_id) DO UPDATE SET on_duty = excluded.on_duty, updated_at = excluded.updated_at`,
			guildID, userID, onDuty, s.now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("set a listener's duty in guild %s: %w", guildID, err)
	}
	return nil
}

// ListenersOnDuty returns the listeners of a server who are on duty.
func (s *Store) ListenersOnDuty(ctx context.Context, guildID string) ([]string, error) {
	out, err := queryAll(ctx, s.read, func(r rowScanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT user_id FROM talk_listeners WHERE guild_id = ? AND on_duty = 1 ORDER BY updated_at, user_id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("list listeners on duty in guild %s: %w", guildID, err)
	}
	return out, nil
}

// TalkStats are the counts moderators see: never who, never what.
type TalkStats struct {
	Requests int // confirmed requests since the start
	Taken    int
	Closed   int
	Open     int // open or taken now
	// MedianToTake is the median time from asking to a listener taking
	// it, over the requests taken (0 when none were).
	MedianToTake time.Duration
	// Ratings counts ratings 1-5 (Ratings[0] is ones).
	Ratings [5]int
}

// TalkStats counts a server's confirmed requests made at or after since.
func (s *Store) TalkStats(ctx context.Context, guildID string, since time.Time) (TalkStats, error) {
	var st TalkStats
	type row struct {
		status   string
		wait     sql.NullInt64
		rating   sql.NullInt64
		wasTaken bool
	}
	rows, err := queryAll(ctx, s.read, func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.status, &x.wait, &x.rating, &x.wasTaken)
		return x, err
	}, `SELECT status, taken_at - opened_at, rating, taken_at IS NOT NULL FROM talk_requests
		WHERE guild_id = ? AND status != 'draft' AND opened_at >= ?`, guildID, since.Unix())
	if err != nil {
		return TalkStats{}, fmt.Errorf("count requests for support in guild %s: %w", guildID, err)
	}
	var waits []int64
	for _, x := range rows {
		st.Requests++
		if x.wasTaken {
			st.Taken++
			if x.wait.Valid {
				waits = append(waits, x.wait.Int64)
			}
		}
		if x.status == TalkClosed {
			st.Closed++
		} else {
			st.Open++
		}
		if x.rating.Valid && x.rating.Int64 >= 1 && x.rating.Int64 <= 5 {
			st.Ratings[x.rating.Int64-1]++
		}
	}
	if len(waits) > 0 {
		sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
		m := waits[len(waits)/2]
		if len(waits)%2 == 0 {
			m = (waits[len(waits)/2-1] + waits[len(waits)/2]) / 2
		}
		st.MedianToTake = time.Duration(m) * time.Second
	}
	return st, nil
}
