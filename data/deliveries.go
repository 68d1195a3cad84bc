package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Delivery kinds. A delivery's kind says what to render; the scheduler
// decides when to send it and package bot renders and sends it.
const (
	// DeliveryMeetingReminder is a reminder posted before a meeting, with
	// RSVP buttons. Ref is the occurrence ID.
	DeliveryMeetingReminder = "meeting_reminder"
	// DeliveryMeetingStart is the "starting now" post, with the
	// "I was there" button. Ref is the occurrence ID.
	DeliveryMeetingStart = "meeting_start"
	// DeliveryMeetingDM is a reminder DM to a member who asked for one.
	// Ref is the occurrence ID; UserID is the member.
	DeliveryMeetingDM = "meeting_dm"
	// DeliveryMeetingCancelled tells members that one occurrence is
	// cancelled (Ref is the occurrence ID) or that the series has ended
	// (Ref is "series").
	DeliveryMeetingCancelled = "meeting_cancelled"
	// DeliveryMeetingAlert tells moderators that a meeting's
	// announcements stopped. Ref is the meeting ID.
	DeliveryMeetingAlert = "meeting_alert"
)

// Urgent reports whether a delivery matters now rather than soon: a
// "starting now" post, or an alert to moderators. Urgent deliveries are
// sent before the others due with them.
func (d Delivery) Urgent() bool {
	switch d.Kind { // keep in step with DueDeliveries
	case DeliveryMeetingStart, DeliveryMeetingAlert, DeliveryCheckinAlert, DeliverySelfCareAlert:
		return true
	}
	return false
}

// SendRank orders deliveries competing to be sent, lowest first: urgent
// ones, then the rest, each by expiry (earliest deadline first, which
// sends everything in time whenever that is possible at all).
func (d Delivery) SendRank() int64 {
	r := d.ExpiresAt.Unix()
	if !d.Urgent() {
		r += 1 << 40
	}
	return r
}

// DeliveryStatus is where a delivery is in its life.
type DeliveryStatus string

// Delivery statuses. A delivery goes pending -> claimed -> sent, or is
// skipped (expired, superseded, no longer needed) or failed (permanent
// error, or interrupted after it was claimed).
const (
	DeliveryPending DeliveryStatus = "pending"
	DeliveryClaimed DeliveryStatus = "claimed"
	DeliverySent    DeliveryStatus = "sent"
	DeliverySkipped DeliveryStatus = "skipped"
	DeliveryFailed  DeliveryStatus = "failed"
)

// Errors a Notifier returns (inside a *DeliveryError) to say how a failed
// delivery should be treated. Any other error is temporary and retried.
var (
	// ErrDeliveryUnreachable means the destination is gone or closed to
	// Kindred (deleted channel, missing access, closed DMs): it is not
	// retried, and what planned it should stop sending there.
	ErrDeliveryUnreachable = errors.New("destination unreachable")
	// ErrDeliveryPermanent means this message cannot be sent as it is;
	// it is not retried.
	ErrDeliveryPermanent = errors.New("permanent delivery failure")
	// ErrDeliveryObsolete means there is nothing to send any more (the
	// meeting was paused, the member changed their mind); it is skipped.
	ErrDeliveryObsolete = errors.New("delivery no longer needed")
)

// DeliveryError is a classified delivery failure.
type DeliveryError struct {
	// Kind is ErrDeliveryUnreachable, ErrDeliveryPermanent or ErrDeliveryObsolete.
	Kind error
	// Reason is a short sentence for moderators, such as "I don't have
	// access to that channel".
	Reason string
	// Err is the underlying error, if any.
	Err error
}

func (e *DeliveryError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%v: %s: %v", e.Kind, e.Reason, e.Err)
	}
	return fmt.Sprintf("%v: %s", e.Kind, e.Reason)
}

// Unwrap makes errors.Is see both the kind and the cause.
func (e *DeliveryError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// Delivery is one message the scheduler is to send at a time.
type Delivery struct {
	ID      int64
	GuildID string
	Kind    string
	// Source is what planned the delivery, such as "meeting:42"; it can
	// withdraw its pending deliveries with WithdrawDeliveries.
	Source string
	// Ref says what the delivery is about, such as an occurrence ID.
	Ref string
	// UserID is the recipient of a DM, "" for a channel post.
	UserID string
	// ChannelID is where a channel post goes, as planned.
	ChannelID string
	// Group, if set, joins deliveries of which only the latest due should
	// be sent when several are due at once (two reminders for the same
	// meeting after downtime: only the closer one is useful).
	Group string
	// Key makes planning idempotent: a second delivery with the same key
	// in the same server is ignored.
	Key string
	// DueAt is when to send; ExpiresAt is when sending becomes useless.
	DueAt     time.Time
	ExpiresAt time.Time

	Status        DeliveryStatus
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	MessageID     string
	SentAt        time.Time // zero until sent
	// ClaimedAt is when the delivery was last claimed, FirstClaimedAt
	// when it was first claimed (zero if never). A delivery tried before
	// may have gone out unseen: its sender looks for it in the channel's
	// messages since FirstClaimedAt before sending it again.
	ClaimedAt      time.Time
	FirstClaimedAt time.Time
}

// maxKeyLen bounds dedupe keys and other identifiers in deliveries.
const maxKeyLen = 200

// maxErrorLen bounds the stored text of an error.
const maxErrorLen = 500

func (d Delivery) validate() error {
	switch {
	case d.GuildID == "" || d.Kind == "" || d.Key == "":
		return fmt.Errorf("%w: a delivery needs a server, a kind and a key", ErrInvalid)
	case len(d.Key) > maxKeyLen || len(d.Source) > maxKeyLen || len(d.Ref) > maxKeyLen || len(d.Group) > maxKeyLen:
		return fmt.Errorf("%w: a delivery key can be at most %d bytes", ErrInvalid, maxKeyLen)
	case d.DueAt.IsZero() || d.ExpiresAt.IsZero():
		return fmt.Errorf("%w: a delivery needs a due time and an expiry time", ErrInvalid)
	case !d.ExpiresAt.After(d.DueAt) && !d.ExpiresAt.Equal(d.DueAt):
		return fmt.Errorf("%w: a delivery cannot expire before it is due", ErrInvalid)
	}
	return nil
}

// EnqueueDelivery plans a delivery. It is idempotent: it reports false,
// and changes nothing, when a delivery with the same key exists in the
// server (whatever its status).
func (s *Store) EnqueueDelivery(ctx context.Context, d Delivery) (bool, error) {
	var added bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = enqueueTx(ctx, tx, d, s.now())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("enqueue %s delivery %q: %w", d.Kind, d.Key, err)
	}
	return added, nil
}

func enqueueTx(ctx context.Context, tx *sql.Tx, d Delivery, now time.Time) (bool, error) {
	if err := d.validate(); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, enqueueSQL, enqueueArgs(d, now.Unix())...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const enqueueSQL = `INSERT INTO deliveries (guild_id, kind, source, ref, user_id, channel_id, supersede_group, dedupe_key,
	                        due_at, expires_at, next_attempt_at, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (guild_id, dedupe_key) DO NOTHING`

func enqueueArgs(d Delivery, now int64) []any {
	return []any{d.GuildID, d.Kind, d.Source, d.Ref, d.UserID, d.ChannelID, d.Group, d.Key,
		d.DueAt.Unix(), d.ExpiresAt.Unix(), d.DueAt.Unix(), now}
}

const deliveryColumns = `id, guild_id, kind, source, ref, user_id, channel_id, supersede_group, dedupe_key,
	due_at, expires_at, status, attempts, next_attempt_at, last_error, message_id, sent_at, claimed_at, first_claimed_at`

func scanDelivery(r rowScanner) (Delivery, error) {
	var d Delivery
	var due, expires, next int64
	var sent, claimed, firstClaimed sql.NullInt64
	if err := r.Scan(&d.ID, &d.GuildID, &d.Kind, &d.Source, &d.Ref, &d.UserID, &d.ChannelID, &d.Group, &d.Key,
		&due, &expires, &d.Status, &d.Attempts, &next, &d.LastError, &d.MessageID, &sent, &claimed, &firstClaimed); err != nil {
		return Delivery{}, err
	}
	d.DueAt, d.ExpiresAt, d.NextAttemptAt = unixToUTC(due), unixToUTC(expires), unixToUTC(next)
	if sent.Valid {
		d.SentAt = unixToUTC(sent.Int64)
	}
	if claimed.Valid {
		d.ClaimedAt = unixToUTC(claimed.Int64)
	}
	if firstClaimed.Valid {
		d.FirstClaimedAt = unixToUTC(firstClaimed.Int64)
	}
	return d, nil
}

func unixToUTC(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func queryDeliveries(ctx context.Context, db queryer, query string, args ...any) ([]Delivery, error) {
	return queryAll(ctx, db, scanDelivery, query, args...)
}

// DueDeliveries returns up to limit pending deliveries that may be sent at
// now, in the order of SendRank: urgent ones first, then by expiry. This
// is the scheduler's view across all servers.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error) {
	return s.DueDeliveriesOn(ctx, now, limit, Shards{})
}

// Shards are the gateway shards one Kindred process runs, out of Count;
// the zero value is every shard. A delivery belongs to the shard of its
// server, (guild_id >> 22) % Count, and a direct message or a moderator
// alert to shard 0, so that several processes on one database each send
// their own.
type Shards struct {
	Count int
	IDs   []int
}

// all reports whether s is every shard.
func (s Shards) all() bool { return s.Count <= 1 || len(s.IDs) == 0 || len(s.IDs) >= s.Count }

// DueDeliveriesOn is DueDeliveries for the deliveries of shards only.
func (s *Store) DueDeliveriesOn(ctx context.Context, now time.Time, limit int, shards Shards) ([]Delivery, error) {
	where, args := "", []any{now.Unix()}
	if !shards.all() {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(shards.IDs)), ",")
		where = ` AND (CASE WHEN user_id != '' OR kind IN (?, ?, ?) THEN 0 ELSE (CAST(guild_id AS INTEGER) >> 22) % ? END) IN (` + marks + `)`
		args = append(args, DeliveryMeetingAlert, DeliveryCheckinAlert, DeliverySelfCareAlert, shards.Count)
		for _, id := range shards.IDs {
			args = append(args, id)
		}
	}
	args = append(args, DeliveryMeetingStart, DeliveryMeetingAlert, DeliveryCheckinAlert, DeliverySelfCareAlert, limit)
	ds, err := queryDeliveries(ctx, s.read,
		`SELECT `+deliveryColumns+` FROM deliveries
		 WHERE status = 'pending' AND next_attempt_at <= ?`+where+`
		 ORDER BY kind NOT IN (?, ?, ?, ?), expires_at, due_at, id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("load due deliveries: %w", err)
	}
	return ds, nil
}

// Delivery returns one delivery of a server.
func (s *Store) Delivery(ctx context.Context, guildID string, id int64) (Delivery, error) {
	d, err := scanDelivery(s.read.QueryRowContext(ctx,
		`SELECT `+deliveryColumns+` FROM deliveries WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, fmt.Errorf("delivery %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("load delivery %d: %w", id, err)
	}
	return d, nil
}

// DeliveryByKey returns a server's delivery by its dedupe key.
func (s *Store) DeliveryByKey(ctx context.Context, guildID, key string) (Delivery, error) {
	d, err := scanDelivery(s.read.QueryRowContext(ctx,
		`SELECT `+deliveryColumns+` FROM deliveries WHERE guild_id = ? AND dedupe_key = ?`, guildID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, fmt.Errorf("delivery %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("load delivery %q: %w", key, err)
	}
	return d, nil
}

// Deliveries returns a server's deliveries from one source, oldest due
// first, for tests and diagnostics.
func (s *Store) Deliveries(ctx context.Context, guildID, source string) ([]Delivery, error) {
	ds, err := queryDeliveries(ctx, s.read,
		`SELECT `+deliveryColumns+` FROM deliveries WHERE guild_id = ? AND source = ? ORDER BY due_at, id`,
		guildID, source)
	if err != nil {
		return nil, fmt.Errorf("load deliveries of %s: %w", source, err)
	}
	return ds, nil
}

// ClaimDelivery marks a pending delivery as being sent, so no other
// runner sends it. It reports false when the delivery is no longer
// pending (claimed elsewhere, withdrawn, skipped). A claim is a lease: if
// its process stops before finishing it, ReleaseStaleClaims returns it to
// pending, and the next sender looks for the post before sending again.
func (s *Store) ClaimDelivery(ctx context.Context, d Delivery, now time.Time) (bool, error) {
	var claimed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE deliveries SET status = 'claimed', claimed_at = ?, first_claimed_at = COALESCE(first_claimed_at, ?),
			        attempts = attempts + 1
			 WHERE guild_id = ? AND id = ? AND status = 'pending' AND next_attempt_at <= ?`,
			now.Unix(), now.Unix(), d.GuildID, d.ID, now.Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim delivery %d: %w", d.ID, err)
	}
	return claimed, nil
}

// finish moves a claimed delivery to its final or next state.
func (s *Store) finish(ctx context.Context, what string, d Delivery, query string, args ...any) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: delivery %d is not claimed", ErrConflict, d.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s delivery %d: %w", what, d.ID, err)
	}
	return nil
}

// ErrDeliveryErased means a delivery was erased (with a member's or a
// server's data) while it was being sent: the message that went out has
// no record left, and its sender should delete it. It is also an
// ErrConflict.
var ErrDeliveryErased = fmt.Errorf("%w: the delivery was erased while it was being sent", ErrConflict)

// CompleteDelivery records that a claimed delivery was sent as messageID.
// A celebration post (DeliveryMilestone) is recorded on its milestone
// too, so it can be deleted with the member's data after the delivery is
// pruned. It returns ErrDeliveryErased when the delivery no longer
// exists, and ErrConflict when it is not claimed.
func (s *Store) CompleteDelivery(ctx context.Context, d Delivery, messageID string, at time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, last_error = ''
			 WHERE guild_id = ? AND id = ? AND status = 'claimed'`,
			messageID, at.Unix(), d.GuildID, d.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var exists bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM deliveries WHERE guild_id = ? AND id = ?)`,
				d.GuildID, d.ID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return ErrDeliveryErased
			}
			return fmt.Errorf("%w: delivery %d is not claimed", ErrConflict, d.ID)
		}
		if d.Kind != DeliveryMilestone || messageID == "" {
			return nil
		}
		var channelID string
		if err := tx.QueryRowContext(ctx, `SELECT channel_id FROM deliveries WHERE guild_id = ? AND id = ?`,
			d.GuildID, d.ID).Scan(&channelID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE milestones SET post_channel_id = ?, post_message_id = ? WHERE guild_id = ? AND id = CAST(? AS INTEGER)`,
			channelID, messageID, d.GuildID, d.Ref)
		return err
	})
	if err != nil {
		return fmt.Errorf("complete delivery %d: %w", d.ID, err)
	}
	return nil
}

// RetryDelivery returns a claimed delivery to pending after a temporary
// failure, to be tried again at next.
func (s *Store) RetryDelivery(ctx context.Context, d Delivery, next time.Time, reason string) error {
	return s.finish(ctx, "retry", d,
		`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = ?, claimed_at = NULL
		 WHERE guild_id = ? AND id = ? AND status = 'claimed'`,
		next.Unix(), storedReason(reason), d.GuildID, d.ID)
}

// FailDelivery records that a claimed delivery failed for good.
func (s *Store) FailDelivery(ctx context.Context, d Delivery, reason string) error {
	return s.finish(ctx, "fail", d,
		`UPDATE deliveries SET status = 'failed', last_error = ?
		 WHERE guild_id = ? AND id = ? AND status = 'claimed'`,
		storedReason(reason), d.GuildID, d.ID)
}

// SkipDelivery records that a claimed delivery was not sent because it
// was no longer needed.
func (s *Store) SkipDelivery(ctx context.Context, d Delivery, reason string) error {
	return s.finish(ctx, "skip", d,
		`UPDATE deliveries SET status = 'skipped', last_error = ?
		 WHERE guild_id = ? AND id = ? AND status = 'claimed'`,
		storedReason(reason), d.GuildID, d.ID)
}

// skipWhere marks matching pending deliveries skipped with reason and
// returns them.
func (s *Store) skipWhere(ctx context.Context, reason, where string, args ...any) ([]Delivery, error) {
	var out []Delivery
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryDeliveries(ctx, tx,
			`UPDATE deliveries SET status = 'skipped', last_error = ? WHERE status = 'pending' AND `+where+`
			 RETURNING `+deliveryColumns, append([]any{reason}, args...)...)
		return err
	})
	return out, err
}

// SkipExpired marks pending deliveries whose expiry time has come as
// skipped, and returns them so the caller can log them: a reminder is
// never sent once it is useless.
func (s *Store) SkipExpired(ctx context.Context, now time.Time) ([]Delivery, error) {
	out, err := s.skipWhere(ctx, "expired before it could be sent", `expires_at <= ?`, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("skip expired deliveries: %w", err)
	}
	return out, nil
}

// SkipSuperseded marks as skipped each pending, due delivery for which a
// later delivery of the same group is also due (pending or already
// claimed or sent), and returns them.
func (s *Store) SkipSuperseded(ctx context.Context, now time.Time) ([]Delivery, error) {
	out, err := s.skipWhere(ctx, "superseded by a later delivery",
		`supersede_group != '' AND due_at <= ? AND EXISTS (
			SELECT 1 FROM deliveries later
			WHERE later.guild_id = deliveries.guild_id AND later.supersede_group = deliveries.supersede_group
			  AND later.due_at > deliveries.due_at AND later.due_at <= ?
			  AND later.status IN ('pending', 'claimed', 'sent'))`, now.Unix(), now.Unix())
	if err != nil {
		return nil, fmt.Errorf("skip superseded deliveries: %w", err)
	}
	return out, nil
}

// ReleaseStaleClaims returns to pending, due at once, the deliveries
// claimed before cutoff and never finished (their process stopped while
// sending), and returns them. The interrupted attempt does not count
// towards giving up: being killed is not the delivery's failure. Whoever sends one next first looks for it
// among the channel's messages (it may have gone out), so it is neither
// lost nor sent twice.
func (s *Store) ReleaseStaleClaims(ctx context.Context, cutoff, now time.Time) ([]Delivery, error) {
	var out []Delivery
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryDeliveries(ctx, tx,
			`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, claimed_at = NULL,
			        attempts = MAX(attempts - 1, 0), last_error = 'interrupted while sending'
			 WHERE status = 'claimed' AND claimed_at < ? RETURNING `+deliveryColumns, now.Unix(), cutoff.Unix())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("release stale delivery claims: %w", err)
	}
	return out, nil
}

// NextDeliveryWake returns when the scheduler next has delivery work: the
// earliest pending delivery's next attempt, or the earliest claim's
// claimedAt+lease (when it would be released). ok is false when there is
// none.
func (s *Store) NextDeliveryWake(ctx context.Context, lease time.Duration) (time.Time, bool, error) {
	var next sql.NullInt64
	err := s.read.QueryRowContext(ctx,
		`SELECT MIN(t) FROM (
			SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'
			UNION ALL
			SELECT MIN(claimed_at) + ? FROM deliveries WHERE status = 'claimed')`,
		int64(lease/time.Second)).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find the next delivery: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return unixToUTC(next.Int64), true, nil
}

// WithdrawDeliveries deletes a server's pending deliveries from a source
// (and, if ref is not "", about ref), so they can be planned again. Sent,
// skipped and claimed ones stay, so they are never sent twice.
func (s *Store) WithdrawDeliveries(ctx context.Context, guildID, source, ref string) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = withdrawTx(ctx, tx, guildID, source, ref)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("withdraw deliveries of %s: %w", source, err)
	}
	return int(n), nil
}

func withdrawTx(ctx context.Context, tx *sql.Tx, guildID, source, ref string) (int64, error) {
	res, err := tx.ExecContext(ctx,
		`DELETE FROM deliveries WHERE guild_id = ? AND source = ? AND (? = '' OR ref = ?) AND status = 'pending'`,
		guildID, source, ref, ref)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// WithdrawDelivery deletes a server's pending delivery by key. It reports
// whether there was one.
func (s *Store) WithdrawDelivery(ctx context.Context, guildID, key string) (bool, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = withdrawKeyTx(ctx, tx, guildID, key)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("withdraw delivery %q: %w", key, err)
	}
	return n == 1, nil
}

func withdrawKeyTx(ctx context.Context, tx *sql.Tx, guildID, key string) (int64, error) {
	res, err := tx.ExecContext(ctx,
		`DELETE FROM deliveries WHERE guild_id = ? AND dedupe_key = ? AND status = 'pending'`, guildID, key)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// PruneDeliveries deletes finished deliveries (sent, skipped, failed) due
// before cutoff, and returns how many.
func (s *Store) PruneDeliveries(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`DELETE FROM deliveries WHERE status IN ('sent', 'skipped', 'failed') AND due_at < ?`, cutoff.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return int(n), nil
}

// DMFailure is the last DM to a member that Discord refused.
type DMFailure struct {
	GuildID string
	UserID  string
	Kind    string // the delivery kind
	Reason  string
	At      time.Time
}

// RecordDMFailure records that a DM to a member could not be delivered.
func (s *Store) RecordDMFailure(ctx context.Context, f DMFailure) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO dm_failures (guild_id, user_id, kind, reason, at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (guild_id, user_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, at = excluded.at`,
			f.GuildID, f.UserID, f.Kind, storedReason(f.Reason), f.At.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("record DM failure for user %s: %w", f.UserID, err)
	}
	return nil
}

// ClearDMFailure forgets a member's DM failure, once a DM got through.
func (s *Store) ClearDMFailure(ctx context.Context, guildID, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM dm_failures WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("clear DM failure for user %s: %w", userID, err)
	}
	return nil
}

// LastDMFailure returns a member's last DM failure in a server, or
// ErrNotFound when their last DM got through (or there was none).
func (s *Store) LastDMFailure(ctx context.Context, guildID, userID string) (DMFailure, error) {
	f := DMFailure{GuildID: guildID, UserID: userID}
	var at int64
	err := s.read.QueryRowContext(ctx,
		`SELECT kind, reason, at FROM dm_failures WHERE guild_id = ? AND user_id = ?`, guildID, userID).
		Scan(&f.Kind, &f.Reason, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return DMFailure{}, fmt.Errorf("DM failure for user %s: %w", userID, ErrNotFound)
	}
	if err != nil {
		return DMFailure{}, fmt.Errorf("load DM failure for user %s: %w", userID, err)
	}
	f.At = unixToUTC(at)
	return f, nil
}

// clip shortens stored error text.
// storedReason is how a failure's reason is stored: whatever a caller
// passes, no Discord ID or token is kept (see FailureText).
func storedReason(s string) string { return clipError(redactIDs(Redact(s))) }

func clipError(s string) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= maxErrorLen {
		return s
	}
	cut := maxErrorLen
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// stopSourceTx withdraws what a source still had pending and, when alert
// is set, enqueues it: what a feature does when its destination can no
// longer be reached.
func stopSourceTx(ctx context.Context, tx *sql.Tx, guildID, source string, alert *Delivery, now time.Time) error {
	if _, err := withdrawTx(ctx, tx, guildID, source, ""); err != nil {
		return err
	}
	if alert == nil {
		return nil
	}
	_, err := enqueueTx(ctx, tx, *alert, now)
	return err
}
