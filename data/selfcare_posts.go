package data

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"time"
)

// SelfCarePost is one prompt Kindred sent: a channel post or a nudge.
type SelfCarePost struct {
	ID          int64
	GuildID     string
	DeliveryKey string
	ScheduleID  int64  // 0 for a nudge
	UserID      string // the member, for a nudge
	PromptRef   string
	Category    string
	Text        string // as sent
	CreatedAt   time.Time
}

// SelfCarePick asks for the next prompt of a rotation, for one delivery.
type SelfCarePick struct {
	GuildID string
	// DeliveryKey is the delivery the prompt is for: picking again for
	// the same key returns the same prompt.
	DeliveryKey string
	// ScheduleID is the channel schedule posting it, or 0.
	ScheduleID int64
	// UserID, when set, picks from the member's own nudge rotation
	// instead of the server's channel rotation.
	UserID string
}

const selfCarePostColumns = `id, guild_id, delivery_key, schedule_id, user_id, prompt_ref, category, text, created_at`

func scanSelfCarePost(r rowScanner) (SelfCarePost, error) {
	var p SelfCarePost
	var created int64
	if err := r.Scan(&p.ID, &p.GuildID, &p.DeliveryKey, &p.ScheduleID, &p.UserID, &p.PromptRef, &p.Category, &p.Text, &created); err != nil {
		return SelfCarePost{}, err
	}
	p.CreatedAt = unixToUTC(created)
	return p, nil
}

// PickSelfCarePrompt takes the next prompt of a rotation for a delivery
// and records it as a post. A rotation never repeats a prompt until every
// enabled prompt has had its turn (prompts added meanwhile join the
// current turn; disabled ones leave it), and mixes categories: each pick
// comes from the category with the most prompts left in this turn, never
// the previous pick's category while another has prompts left, ties and
// the prompt within the category chosen by a hash of the rotation's
// position. The rotation is stored, so a restart continues it. No
// enabled prompt at all is an ErrNotFound.
func (s *Store) PickSelfCarePrompt(ctx context.Context, p SelfCarePick) (SelfCarePost, error) {
	if p.GuildID == "" || p.DeliveryKey == "" || len(p.DeliveryKey) > maxKeyLen {
		return SelfCarePost{}, fmt.Errorf("%w: a prompt is picked for a delivery of a server", ErrInvalid)
	}
	var post SelfCarePost
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		post, err = scanSelfCarePost(tx.QueryRowContext(ctx,
			`SELECT `+selfCarePostColumns+` FROM selfcare_posts WHERE guild_id = ? AND delivery_key = ?`, p.GuildID, p.DeliveryKey))
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		scope := ""
		if p.UserID != "" {
			scope = "u:" + p.UserID
		}
		prompt, err := pickTx(ctx, tx, p.GuildID, scope)
		if err != nil {
			return err
		}
		now := s.now().Unix()
		res, err := tx.ExecContext(ctx,
			`INSERT INTO selfcare_posts (guild_id, delivery_key, schedule_id, user_id, prompt_ref, category, text, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.GuildID, p.DeliveryKey, p.ScheduleID, p.UserID, prompt.Ref, prompt.Category, prompt.Text, now)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		post = SelfCarePost{ID: id, GuildID: p.GuildID, DeliveryKey: p.DeliveryKey, ScheduleID: p.ScheduleID, UserID: p.UserID,
			PromptRef: prompt.Ref, Category: prompt.Category, Text: prompt.Text, CreatedAt: unixToUTC(now)}
		return err
	})
	if err != nil {
		return SelfCarePost{}, fmt.Errorf("pick self-care prompt for %s: %w", p.DeliveryKey, err)
	}
	return post, nil
}

// pickTx advances a rotation by one prompt.
func pickTx(ctx context.Context, tx *sql.Tx, guildID, scope string) (SelfCarePrompt, error) {
	all, err := selfCarePromptsTx(ctx, tx, guildID)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	pool := slices.DeleteFunc(all, func(p SelfCarePrompt) bool { return !p.Enabled })
	if len(pool) == 0 {
		return SelfCarePrompt{}, problem(ErrNotFound, "selfcare_all_disabled")
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO selfcare_rotation (guild_id, scope) VALUES (?, ?) ON CONFLICT DO NOTHING`, guildID, scope); err != nil {
		return SelfCarePrompt{}, err
	}
	var cycle, position int64
	var lastRef, lastCategory string
	if err := tx.QueryRowContext(ctx,
		`SELECT cycle, position, last_ref, last_category FROM selfcare_rotation WHERE guild_id = ? AND scope = ?`,
		guildID, scope).Scan(&cycle, &position, &lastRef, &lastCategory); err != nil {
		return SelfCarePrompt{}, err
	}
	used, err := usedTx(ctx, tx, guildID, scope)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	left := slices.DeleteFunc(slices.Clone(pool), func(p SelfCarePrompt) bool { return used[p.Ref] })
	if len(left) == 0 {
		// A new turn: everything is available again, except the prompt
		// just posted, so the turn boundary does not repeat it.
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM selfcare_rotation_used WHERE guild_id = ? AND scope = ?`, guildID, scope); err != nil {
			return SelfCarePrompt{}, err
		}
		cycle++
		left = slices.Clone(pool)
		if len(left) > 1 {
			left = slices.DeleteFunc(left, func(p SelfCarePrompt) bool { return p.Ref == lastRef })
		}
	}
	recent, err := categoryRecencyTx(ctx, tx, guildID, userOfScope(scope))
	if err != nil {
		return SelfCarePrompt{}, err
	}
	pick := choosePrompt(left, fmt.Sprintf("%s|%s|%d|%d", guildID, scope, cycle, position), lastCategory, recent)
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO selfcare_rotation_used (guild_id, scope, prompt_ref) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		guildID, scope, pick.Ref); err != nil {
		return SelfCarePrompt{}, err
	}
	_, err = tx.ExecContext(ctx,
		`UPDATE selfcare_rotation SET cycle = ?, position = position + 1, last_ref = ?, last_category = ?
		 WHERE guild_id = ? AND scope = ?`, cycle, pick.Ref, pick.Category, guildID, scope)
	return pick, err
}

func usedTx(ctx context.Context, tx *sql.Tx, guildID, scope string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT prompt_ref FROM selfcare_rotation_used WHERE guild_id = ? AND scope = ?`, guildID, scope)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out[ref] = true
	}
	return out, rows.Err()
}

func userOfScope(scope string) string { return strings.TrimPrefix(scope, "u:") }

// categoryRecencyTx returns, for each category, the ID of the latest post
// of a rotation (a member's nudges, or the server's posts for userID "").
func categoryRecencyTx(ctx context.Context, tx *sql.Tx, guildID, userID string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT category, max(id) FROM selfcare_posts WHERE guild_id = ? AND user_id = ? GROUP BY category`, guildID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var c string
		var id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, err
		}
		out[c] = id
	}
	return out, rows.Err()
}

// choosePrompt picks from left: the category with the most prompts left
// (so categories stay in step), of those the one used longest ago (so
// consecutive posts go round the categories), never lastCategory while
// another has prompts left; remaining ties, and the prompt within the
// category, are decided by hashing seed.
func choosePrompt(left []SelfCarePrompt, seed, lastCategory string, recent map[string]int64) SelfCarePrompt {
	byCat := map[string][]SelfCarePrompt{}
	for _, p := range left {
		byCat[p.Category] = append(byCat[p.Category], p)
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		if c != lastCategory || len(byCat) == 1 {
			cats = append(cats, c)
		}
	}
	sort.Slice(cats, func(i, j int) bool {
		a, b := cats[i], cats[j]
		if len(byCat[a]) != len(byCat[b]) {
			return len(byCat[a]) > len(byCat[b])
		}
		if recent[a] != recent[b] {
			return recent[a] < recent[b]
		}
		return hash64(seed+"|"+a) < hash64(seed+"|"+b)
	})
	ps := byCat[cats[0]]
	sort.Slice(ps, func(i, j int) bool { return ps[i].Ref < ps[j].Ref })
	return ps[hash64(seed)%uint64(len(ps))]
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// SelfCarePost returns one of a server's sent prompts.
func (s *Store) SelfCarePost(ctx context.Context, guildID string, id int64) (SelfCarePost, error) {
	p, err := scanSelfCarePost(s.read.QueryRowContext(ctx,
		`SELECT `+selfCarePostColumns+` FROM selfcare_posts WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCarePost{}, problem(ErrNotFound, "selfcare_post_gone")
	}
	if err != nil {
		return SelfCarePost{}, fmt.Errorf("load self-care post %d: %w", id, err)
	}
	return p, nil
}

// RecordSelfCareDone records that a member did a prompt ("I did this").
// Pressing twice counts once: added is false the second time. count is
// how many members did this post. A nudge can only be marked by the
// member it was sent to.
func (s *Store) RecordSelfCareDone(ctx context.Context, guildID string, postID int64, userID string) (added bool, count int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM selfcare_posts WHERE guild_id = ? AND id = ?`, guildID, postID).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != "" && owner != userID) {
			return problem(ErrNotFound, "selfcare_post_gone")
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO selfcare_done (guild_id, post_id, user_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			guildID, postID, userID, s.now().Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		added = n == 1
		return tx.QueryRowContext(ctx,
			`SELECT count(*) FROM selfcare_done WHERE guild_id = ? AND post_id = ?`, guildID, postID).Scan(&count)
	})
	if err != nil {
		return false, 0, fmt.Errorf("record self-care done for post %d: %w", postID, err)
	}
	return added, count, nil
}

// SelfCareDoneCount returns how many prompts a member marked as done in a
// server (for milestones).
func (s *Store) SelfCareDoneCount(ctx context.Context, guildID, userID string) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx,
		`SELECT count(*) FROM selfcare_done WHERE guild_id = ? AND user_id = ?`, guildID, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count self-care done for user %s: %w", userID, err)
	}
	return n, nil
}
