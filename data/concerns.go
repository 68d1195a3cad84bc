package data

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Concern limits.
const (
	// MaxConcernLength is the longest concern, Discord's limit for one
	// paragraph text input.
	MaxConcernLength = 4000
	// ConcernsPerDay is how many concerns one member may raise in a
	// server in a UTC calendar day, anonymous and named together, while
	// Kindred runs (a restart starts the count over).
	ConcernsPerDay = 3
	// ConcernRateWindow is how long a rate record is kept after the start
	// of the day it counts in; pruning with a cutoff of now minus this
	// deletes every record of past days.
	ConcernRateWindow = 24 * time.Hour
)

// ConcernStatus is whether a concern is still being looked at.
type ConcernStatus string

// Concern statuses.
const (
	ConcernOpen   ConcernStatus = "open"
	ConcernClosed ConcernStatus = "closed"
)

// Concern is something a member raised with a server's moderators.
type Concern struct {
	ID      int64
	GuildID string
	// Ref is what moderators see and use, such as "C-7F3K".
	Ref       string
	Anonymous bool
	// UserID is the member, for a named concern only; "" when anonymous.
	UserID string
	// ReplyChannelID is the DM channel that reaches the member of an
	// anonymous concern while it is open; "" otherwise. It is not the
	// member's ID, and it is deleted when the concern is closed.
	ReplyChannelID string
	Text           string
	Status         ConcernStatus
	// AlertChannelID and AlertMessageID are the post in the alerts channel.
	AlertChannelID string
	AlertMessageID string
	Replies        int
	CreatedAt      time.Time
	ClosedAt       time.Time // zero while open
	ClosedBy       string
}

// NewConcern is a concern a member is raising.
type NewConcern struct {
	GuildID string
	// UserID is the member raising it. For an anonymous concern it is
	// used only to count against the daily limit, through a hash keyed
	// with a secret that is never stored, and is never stored itself.
	UserID    string
	Anonymous bool
	// ReplyChannelID is the member's DM channel, for an anonymous concern.
	ReplyChannelID string
	Text           string
}

// refAlphabet leaves out letters and digits that are easily confused (I, L,
// O, 0, 1), so a reference read aloud or retyped survives.
const refAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newConcernRef returns a random reference such as "C-7F3K".
func newConcernRef() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a concern reference: %w", err)
	}
	out := []byte("C-")
	for _, x := range b {
		out = append(out, refAlphabet[int(x)%len(refAlphabet)])
	}
	return string(out), nil
}

// NormalizeConcernRef turns what a moderator typed ("c-7f3k", "7F3K",
// "C7F3K") into a reference's stored form.
func NormalizeConcernRef(s string) (string, error) {
	v := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	v = strings.TrimPrefix(strings.TrimPrefix(v, "C"), "-")
	ok := len(v) == 4
	for _, r := range v {
		ok = ok && strings.ContainsRune(refAlphabet, r)
	}
	if !ok {
		return "", problem(ErrInvalid, "concern_bad_ref", "Typed", strings.TrimSpace(s))
	}
	return "C-" + v, nil
}

// processSecret keys member hashes. It is random, made once per process
// and held only in memory, never in the database: anyone with the
// database file or a backup must not be able to recompute a member's
// hash and find their rows in concern_rate. It is package state only
// because it is a key, not a handle, set once and never changed; a
// restart makes a new one, so the daily limit starts over then (old rows
// can no longer be matched to anyone and are pruned within a day).
var processSecret = sync.OnceValue(func() []byte {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand crashes the program rather than return weak bytes
	return b
})

// legacyMemberKeySecret is the bot_state key under which an earlier
// version kept the member hash secret in the database; it is deleted on
// use so old counters can no longer be recomputed from a copy of the file.
const legacyMemberKeySecret = "member_key_secret"

// memberKeyTx returns the keyed hash that stands for a member in a server
// where Kindred must count without knowing who: an HMAC-SHA256 of the
// server and member IDs under processSecret. It no longer reads the
// database; it keeps the signature its callers (DeleteMemberData) use.
func memberKeyTx(_ context.Context, _ *sql.Tx, guildID, userID string) (string, error) {
	mac := hmac.New(sha256.New, processSecret())
	mac.Write([]byte(guildID + ":" + userID))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// concernRateDay is the UTC day that a concern at t counts in. Rate rows
// store only this, not the second, so they can't be matched to the
// created_at of the concern they stand for; the daily limit is therefore
// per UTC calendar day.
func concernRateDay(t time.Time) int64 {
	return t.UTC().Truncate(24 * time.Hour).Unix()
}

// insertConcernRateTx adds a row to the daily limit under a random rowid,
// so the order of the rows doesn't tell which concern each stands for.
func insertConcernRateTx(ctx context.Context, tx *sql.Tx, guildID, key string, day int64) error {
	for range 10 {
		var b [8]byte
		rand.Read(b[:])
		rowid := int64(binary.BigEndian.Uint64(b[:])>>1) | 1 // positive, never 0
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO concern_rate (rowid, guild_id, member_key, at) VALUES (?, ?, ?, ?)`,
			rowid, guildID, key, day)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
	return errors.New("no free concern limit row after 10 tries")
}

func normalizeConcernText(text string) (string, error) {
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", problem(ErrInvalid, "concern_empty")
	case n > MaxConcernLength:
		return "", problem(ErrInvalid, "concern_too_long", "Max", MaxConcernLength, "Length", n)
	}
	return text, nil
}

// RaiseConcern records a concern and counts it against the member's daily
// limit; more than ConcernsPerDay in a UTC day is an ErrConflict. An
// anonymous concern stores no member ID anywhere: the limit is counted
// under a hash of the member keyed with processSecret, at the day only
// (not the time), and replies go through c.ReplyChannelID.
func (s *Store) RaiseConcern(ctx context.Context, c NewConcern) (Concern, error) {
	text, err := normalizeConcernText(c.Text)
	if err != nil {
		return Concern{}, err
	}
	switch {
	case !snowflakeRE.MatchString(c.GuildID) || !snowflakeRE.MatchString(c.UserID):
		return Concern{}, problem(ErrInvalid, "concern_needs_server")
	case c.Anonymous && c.ReplyChannelID == "":
		return Concern{}, problem(ErrInvalid, "concern_needs_reply_channel")
	}
	now := s.now()
	out := Concern{GuildID: c.GuildID, Anonymous: c.Anonymous, Text: text, Status: ConcernOpen, CreatedAt: time.Unix(now.Unix(), 0).UTC()}
	var userID, replyChannel sql.NullString
	if c.Anonymous {
		out.ReplyChannelID = c.ReplyChannelID
		replyChannel = sql.NullString{String: c.ReplyChannelID, Valid: true}
	} else {
		out.UserID = c.UserID
		userID = sql.NullString{String: c.UserID, Valid: true}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM bot_state WHERE key = ?`, legacyMemberKeySecret); err != nil {
			return err
		}
		key, err := memberKeyTx(ctx, tx, c.GuildID, c.UserID)
		if err != nil {
			return err
		}
		// The limit counts anonymous concerns by their rate rows and named
		// ones by the concerns themselves. Named concerns get no rate row,
		// so a rate row can never be paired with a named concern's author.
		day := concernRateDay(now)
		var anonymous, named int
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM concern_rate WHERE guild_id = ? AND member_key = ? AND at >= ?`,
			c.GuildID, key, day).Scan(&anonymous); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM concerns WHERE guild_id = ? AND user_id = ? AND created_at >= ?`,
			c.GuildID, c.UserID, day).Scan(&named); err != nil {
			return err
		}
		if anonymous+named >= ConcernsPerDay {
			return problem(ErrConflict, "concern_daily_limit", "Max", ConcernsPerDay)
		}
		if c.Anonymous {
			if err := insertConcernRateTx(ctx, tx, c.GuildID, key, day); err != nil {
				return err
			}
		}
		for range 10 {
			ref, err := newConcernRef()
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx,
				`INSERT INTO concerns (guild_id, ref, anonymous, user_id, reply_channel_id, text, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, ref) DO NOTHING`,
				c.GuildID, ref, c.Anonymous, userID, replyChannel, text, out.CreatedAt.Unix())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out.Ref = ref
				out.ID, err = res.LastInsertId()
				return err
			}
		}
		return errors.New("no free concern reference after 10 tries")
	})
	if err != nil {
		return Concern{}, fmt.Errorf("raise a concern in guild %s: %w", c.GuildID, err)
	}
	return out, nil
}

// WithdrawConcern deletes a concern that could not be passed on to the
// moderators, and gives the member back that turn of their daily limit.
func (s *Store) WithdrawConcern(ctx context.Context, guildID, ref, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		key, err := memberKeyTx(ctx, tx, guildID, userID)
		if err != nil {
			return err
		}
		var anonymous bool
		err = tx.QueryRowContext(ctx, `DELETE FROM concerns WHERE guild_id = ? AND ref = ? AND status = 'open' RETURNING anonymous`,
			guildID, ref).Scan(&anonymous)
		if errors.Is(err, sql.ErrNoRows) {
			return problem(ErrNotFound, "concern_not_open", "Ref", ref)
		}
		if err != nil || !anonymous {
			return err // a named concern counted itself: nothing else to give back
		}
		_, err = tx.ExecContext(ctx,
			`DELETE FROM concern_rate WHERE rowid = (
				SELECT rowid FROM concern_rate WHERE guild_id = ? AND member_key = ? ORDER BY at DESC LIMIT 1)`,
			guildID, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("withdraw concern %s in guild %s: %w", ref, guildID, err)
	}
	return nil
}

// SetConcernAlert records where the concern was posted for the moderators.
// A concern erased meanwhile is ErrNotFound, one closed meanwhile is
// ErrConflict: the caller then withdraws the post.
func (s *Store) SetConcernAlert(ctx context.Context, guildID, ref, channelID, messageID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE concerns SET alert_channel_id = ?, alert_message_id = ? WHERE guild_id = ? AND ref = ? AND status = 'open'`,
			channelID, messageID, guildID, ref)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var status string
		err = tx.QueryRowContext(ctx, `SELECT status FROM concerns WHERE guild_id = ? AND ref = ?`, guildID, ref).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoConcern(ref)
		}
		if err != nil {
			return err
		}
		return problem(ErrConflict, "concern_was_closed", "Ref", ref)
	})
	if err != nil {
		return fmt.Errorf("record alert of concern %s in guild %s: %w", ref, guildID, err)
	}
	return nil
}

const concernColumns = `id, guild_id, ref, anonymous, user_id, reply_channel_id, text, status,
	alert_channel_id, alert_message_id, replies, created_at, closed_at, closed_by`

// concernScanner is a *sql.Row or *sql.Rows.
type concernScanner interface{ Scan(dest ...any) error }

func scanConcern(r concernScanner) (Concern, error) {
	var c Concern
	var anon int
	var user, reply sql.NullString
	var created int64
	var closed sql.NullInt64
	if err := r.Scan(&c.ID, &c.GuildID, &c.Ref, &anon, &user, &reply, &c.Text, &c.Status,
		&c.AlertChannelID, &c.AlertMessageID, &c.Replies, &created, &closed, &c.ClosedBy); err != nil {
		return Concern{}, err
	}
	c.Anonymous = anon == 1
	c.UserID, c.ReplyChannelID = user.String, reply.String
	c.CreatedAt = time.Unix(created, 0).UTC()
	if closed.Valid {
		c.ClosedAt = time.Unix(closed.Int64, 0).UTC()
	}
	return c, nil
}

func errNoConcern(ref string) error {
	return problem(ErrNotFound, "concern_none", "Ref", ref)
}

func concernTx(ctx context.Context, db interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, guildID, ref string) (Concern, error) {
	c, err := scanConcern(db.QueryRowContext(ctx, `SELECT `+concernColumns+` FROM concerns WHERE guild_id = ? AND ref = ?`, guildID, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return Concern{}, errNoConcern(ref)
	}
	return c, err
}

// Concern returns one of a server's concerns by reference.
func (s *Store) Concern(ctx context.Context, guildID, ref string) (Concern, error) {
	c, err := concernTx(ctx, s.read, guildID, ref)
	if err != nil {
		return Concern{}, fmt.Errorf("load concern %s in guild %s: %w", ref, guildID, err)
	}
	return c, nil
}

// Concerns returns a server's concerns, newest first: the open ones, or
// every one when withClosed. limit <= 0 means all.
func (s *Store) Concerns(ctx context.Context, guildID string, withClosed bool, limit int) ([]Concern, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.read.QueryContext(ctx,
		`SELECT `+concernColumns+` FROM concerns WHERE guild_id = ? AND (? OR status = 'open')
		 ORDER BY created_at DESC, id DESC LIMIT ?`, guildID, withClosed, limit)
	if err != nil {
		return nil, fmt.Errorf("load concerns of guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []Concern
	for rows.Next() {
		c, err := scanConcern(rows)
		if err != nil {
			return nil, fmt.Errorf("load concerns of guild %s: %w", guildID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load concerns of guild %s: %w", guildID, err)
	}
	return out, nil
}

// RecordConcernReply counts a moderator's reply to an open concern and
// records it in the audit log, in one transaction. It returns the concern,
// with the way to reach its member.
func (s *Store) RecordConcernReply(ctx context.Context, guildID, ref, moderatorID string) (Concern, error) {
	var c Concern
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = concernTx(ctx, tx, guildID, ref); err != nil {
			return err
		}
		if c.Status != ConcernOpen {
			return problem(ErrConflict, "concern_closed_no_reply", "Ref", ref)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE concerns SET replies = replies + 1 WHERE id = ?`, c.ID); err != nil {
			return err
		}
		c.Replies++
		return recordActionTx(ctx, tx, ModeratorAction{GuildID: guildID, ModeratorID: moderatorID, Feature: AuditConcerns,
			Action: "reply", Target: ref, At: s.now()})
	})
	if err != nil {
		return Concern{}, fmt.Errorf("reply to concern %s in guild %s: %w", ref, guildID, err)
	}
	return c, nil
}

// CloseConcern closes an open concern, deletes the way to reach the
// member of an anonymous one, and records it in the audit log, in one
// transaction. It returns the concern as it was before closing, so the
// caller can tell the member one last time.
func (s *Store) CloseConcern(ctx context.Context, guildID, ref, moderatorID string) (Concern, error) {
	var c Concern
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = concernTx(ctx, tx, guildID, ref); err != nil {
			return err
		}
		if c.Status != ConcernOpen {
			return problem(ErrConflict, "concern_already_closed", "Ref", ref)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx,
			`UPDATE concerns SET status = 'closed', reply_channel_id = NULL, closed_at = ?, closed_by = ? WHERE id = ?`,
			now.Unix(), moderatorID, c.ID); err != nil {
			return err
		}
		return recordActionTx(ctx, tx, ModeratorAction{GuildID: guildID, ModeratorID: moderatorID, Feature: AuditConcerns,
			Action: "close", Target: ref, At: now})
	})
	if err != nil {
		return Concern{}, fmt.Errorf("close concern %s in guild %s: %w", ref, guildID, err)
	}
	return c, nil
}

// ForgetConcernReplyChannel deletes the way to reach a member through
// channelID (their DM channel) from a server's open anonymous concerns,
// for a member who erased their data. The concerns stay, with no way to
// tell who raised them. It returns how many there were.
func (s *Store) ForgetConcernReplyChannel(ctx context.Context, guildID, channelID string) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE concerns SET reply_channel_id = NULL WHERE guild_id = ? AND reply_channel_id = ?`, guildID, channelID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("forget a reply channel in guild %s: %w", guildID, err)
	}
	return int(n), nil
}

// PruneConcernRate deletes the daily-limit records of days that started
// at or before cutoff.
func (s *Store) PruneConcernRate(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM concern_rate WHERE at <= ?`, cutoff.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune concern limits: %w", err)
	}
	return int(n), nil
}
