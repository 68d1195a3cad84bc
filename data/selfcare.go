package data

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Self-care prompt categories.
const (
	SelfCareMovement    = "movement"
	SelfCareRest        = "rest"
	SelfCareConnection  = "connection"
	SelfCareMindfulness = "mindfulness"
	SelfCareNourishment = "nourishment"
	SelfCareCreativity  = "creativity"
	SelfCareReflection  = "reflection"
)

var selfCareCategories = []string{
	SelfCareMovement, SelfCareRest, SelfCareConnection, SelfCareMindfulness,
	SelfCareNourishment, SelfCareCreativity, SelfCareReflection,
}

// SelfCareCategories lists the prompt categories in display order.
func SelfCareCategories() []string { return slices.Clone(selfCareCategories) }

// IsSelfCareCategory reports whether c is one of the prompt categories.
func IsSelfCareCategory(c string) bool { return slices.Contains(selfCareCategories, c) }

// Limits of self-care prompts, schedules and nudges.
const (
	// MinSelfCarePrompt and MaxSelfCarePrompt bound a prompt's length in
	// characters.
	MinSelfCarePrompt = 10
	MaxSelfCarePrompt = 300
	// MaxOwnSelfCarePrompts is how many prompts of its own a server can add.
	MaxOwnSelfCarePrompts = 500
	// MaxSelfCareSchedules is how many prompt schedules a server can have.
	MaxSelfCareSchedules = 10
	// MaxSelfCareSchedule bounds the stored schedule text.
	MaxSelfCareSchedule = 200
	// MaxNudgeTimes is how many nudges a member can have a day.
	MaxNudgeTimes = 4
	// MaxNudgeDays bounds the stored day part of a nudge schedule.
	MaxNudgeDays = 100
	// DefaultQuietFrom and DefaultQuietTo are the quiet hours a member
	// has until they choose their own.
	DefaultQuietFrom = "22:00"
	DefaultQuietTo   = "08:00"
	// DefaultNudgeDays is every day, in the words of the schedule language.
	DefaultNudgeDays = "every day"
)

// Delivery kinds of self-care.
const (
	// DeliverySelfCarePost is a scheduled prompt posted in a channel,
	// with an "I did this" button. Ref is the schedule ID.
	DeliverySelfCarePost = "selfcare_post"
	// DeliverySelfCareNudge is a member's personal nudge, a DM. Ref is
	// the member's local date (YYYY-MM-DD); UserID is the member.
	DeliverySelfCareNudge = "selfcare_nudge"
	// DeliverySelfCareAlert tells moderators that a prompt schedule
	// stopped because its channel can't be reached. Ref is the schedule ID.
	DeliverySelfCareAlert = "selfcare_alert"
)

// SelfCareScheduleSource is the delivery source of a prompt schedule's posts.
func SelfCareScheduleSource(id int64) string { return "selfcare:" + strconv.FormatInt(id, 10) }

// ParseSelfCareScheduleSource returns the schedule ID of a source made by
// SelfCareScheduleSource.
func ParseSelfCareScheduleSource(source string) (int64, bool) {
	rest, ok := strings.CutPrefix(source, "selfcare:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// SelfCareNudgeSource is the delivery source of a member's nudges.
func SelfCareNudgeSource(userID string) string { return "selfcare-nudge:" + userID }

// SelfCareNudgeKey is the dedupe key of a member's nudge at one slot
// (local date and HH:MM) in a server: at most one nudge per member per
// slot, however often it is planned.
func SelfCareNudgeKey(guildID, userID, localDate, slot string) string {
	return "selfcare-nudge:" + guildID + ":" + userID + ":" + localDate + ":" + slot
}

// SelfCarePrompt is one prompt: one of Kindred's own, or one a server's
// moderators added.
type SelfCarePrompt struct {
	// Ref names the prompt: "k:<id>" for Kindred's, "s:<n>" for a server's.
	Ref      string
	Category string
	Text     string
	// Shipped is true for Kindred's own prompts, which can be disabled
	// but not edited.
	Shipped bool
	// Enabled prompts are in the rotation.
	Enabled   bool
	UpdatedBy string    // "" for Kindred's
	UpdatedAt time.Time // zero for Kindred's
}

//go:embed selfcare/prompts.json
var shippedPromptsJSON []byte

// shippedPrompts is Kindred's prompt library; shippedKeys maps each
// prompt's folded text to its ref.
var shippedPrompts, shippedKeys = mustParseLibrary(shippedPromptsJSON)

func mustParseLibrary(b []byte) ([]SelfCarePrompt, map[string]string) {
	ps, err := ParseSelfCareLibrary(b)
	if err != nil {
		panic("data: self-care prompt library: " + err.Error())
	}
	keys := make(map[string]string, len(ps))
	for _, p := range ps {
		keys[SelfCarePromptKey(p.Text)] = p.Ref
	}
	return ps, keys
}

var libraryIDRE = regexp.MustCompile(`^[a-z]+-[0-9]{2,3}$`)

// ParseSelfCareLibrary reads a prompt library: a JSON array of objects
// with an id (stable: rotations remember prompts by it), a category and
// a text. Texts are checked as moderators' prompts are.
func ParseSelfCareLibrary(b []byte) ([]SelfCarePrompt, error) {
	var raw []struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Text     string `json:"text"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("read prompt library: %w", err)
	}
	seen := map[string]bool{}
	out := make([]SelfCarePrompt, 0, len(raw))
	for i, r := range raw {
		if !libraryIDRE.MatchString(r.ID) || seen[r.ID] {
			return nil, fmt.Errorf("prompt %d: id %q is malformed or repeated", i+1, r.ID)
		}
		seen[r.ID] = true
		cat, text, err := NormalizeSelfCarePrompt(r.Category, r.Text)
		if err != nil {
			return nil, fmt.Errorf("prompt %s: %w", r.ID, err)
		}
		if text != r.Text {
			return nil, fmt.Errorf("prompt %s: text has stray spaces", r.ID)
		}
		out = append(out, SelfCarePrompt{Ref: "k:" + r.ID, Category: cat, Text: text, Shipped: true, Enabled: true})
	}
	return out, nil
}

// ShippedSelfCarePrompts returns Kindred's own prompt library.
func ShippedSelfCarePrompts() []SelfCarePrompt { return slices.Clone(shippedPrompts) }

// SelfCarePromptKey folds a prompt's text for duplicate checks: case,
// punctuation, quotes and spacing do not make a prompt different.
func SelfCarePromptKey(text string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case r == '\'' || r == '’' || r == '‘':
			// "don't" and "dont" are the same prompt
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// NormalizeSelfCarePrompt checks a prompt's category and text and returns
// them in stored form (spaces and line breaks collapsed). Errors wrap
// ErrInvalid and read as a kind sentence.
func NormalizeSelfCarePrompt(category, text string) (string, string, error) {
	category = strings.ToLower(strings.TrimSpace(category))
	text = strings.Join(strings.Fields(text), " ")
	n := utf8.RuneCountInString(text)
	switch {
	case !IsSelfCareCategory(category):
		return "", "", fmt.Errorf("%w: %q isn't a category; choose one of %s", ErrInvalid, category, strings.Join(selfCareCategories, ", "))
	case n < MinSelfCarePrompt:
		return "", "", fmt.Errorf("%w: a prompt needs at least %d characters, like \"Drink a glass of water now.\"", ErrInvalid, MinSelfCarePrompt)
	case n > MaxSelfCarePrompt:
		return "", "", fmt.Errorf("%w: a prompt can have at most %d characters; this one has %d", ErrInvalid, MaxSelfCarePrompt, n)
	case SelfCarePromptKey(text) == "":
		return "", "", fmt.Errorf("%w: a prompt needs some words", ErrInvalid)
	}
	return category, text, nil
}

func ownRef(id int64) string { return "s:" + strconv.FormatInt(id, 10) }

// parsePromptRef splits a prompt ref into Kindred's ID or a server prompt's ID.
func parsePromptRef(ref string) (shippedID string, ownID int64, err error) {
	switch {
	case strings.HasPrefix(ref, "k:"):
		for _, p := range shippedPrompts {
			if p.Ref == ref {
				return ref, 0, nil
			}
		}
	case strings.HasPrefix(ref, "s:"):
		if id, err := strconv.ParseInt(ref[2:], 10, 64); err == nil && id > 0 {
			return "", id, nil
		}
	}
	return "", 0, fmt.Errorf("%w: I can't find that prompt; please pick one from the list as you type", ErrNotFound)
}

// disabledShippedTx returns the refs of Kindred's prompts a server disabled.
func disabledShippedTx(ctx context.Context, db queryer, guildID string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT prompt_ref FROM selfcare_shipped_disabled WHERE guild_id = ?`, guildID)
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

const ownPromptColumns = `id, category, text, enabled, updated_by, updated_at`

func scanOwnPrompt(r rowScanner) (SelfCarePrompt, error) {
	var p SelfCarePrompt
	var id, updated int64
	if err := r.Scan(&id, &p.Category, &p.Text, &p.Enabled, &p.UpdatedBy, &updated); err != nil {
		return SelfCarePrompt{}, err
	}
	p.Ref, p.UpdatedAt = ownRef(id), unixToUTC(updated)
	return p, nil
}

// selfCarePromptsTx returns a server's prompts: Kindred's in library
// order, then the server's own in the order they were added.
func selfCarePromptsTx(ctx context.Context, db queryer, guildID string) ([]SelfCarePrompt, error) {
	disabled, err := disabledShippedTx(ctx, db, guildID)
	if err != nil {
		return nil, err
	}
	out := make([]SelfCarePrompt, 0, len(shippedPrompts))
	for _, p := range shippedPrompts {
		p.Enabled = !disabled[p.Ref]
		out = append(out, p)
	}
	own, err := queryAll(ctx, db, scanOwnPrompt,
		`SELECT `+ownPromptColumns+` FROM selfcare_prompts WHERE guild_id = ? ORDER BY id`, guildID)
	return append(out, own...), err
}

// SelfCarePrompts returns every prompt of a server, enabled or not:
// Kindred's in library order, then the server's own in the order added.
func (s *Store) SelfCarePrompts(ctx context.Context, guildID string) ([]SelfCarePrompt, error) {
	ps, err := selfCarePromptsTx(ctx, s.read, guildID)
	if err != nil {
		return nil, fmt.Errorf("load self-care prompts for guild %s: %w", guildID, err)
	}
	return ps, nil
}

func selfCarePromptTx(ctx context.Context, db queryer, guildID, ref string) (SelfCarePrompt, error) {
	shippedID, ownID, err := parsePromptRef(ref)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	if shippedID != "" {
		p := shippedPrompts[slices.IndexFunc(shippedPrompts, func(p SelfCarePrompt) bool { return p.Ref == shippedID })]
		var n int
		if err := db.QueryRowContext(ctx,
			`SELECT count(*) FROM selfcare_shipped_disabled WHERE guild_id = ? AND prompt_ref = ?`, guildID, ref).Scan(&n); err != nil {
			return SelfCarePrompt{}, err
		}
		p.Enabled = n == 0
		return p, nil
	}
	p, err := scanOwnPrompt(db.QueryRowContext(ctx,
		`SELECT `+ownPromptColumns+` FROM selfcare_prompts WHERE guild_id = ? AND id = ?`, guildID, ownID))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCarePrompt{}, fmt.Errorf("%w: I can't find that prompt; please pick one from the list as you type", ErrNotFound)
	}
	return p, err
}

// SelfCarePrompt returns one of a server's prompts by ref.
func (s *Store) SelfCarePrompt(ctx context.Context, guildID, ref string) (SelfCarePrompt, error) {
	p, err := selfCarePromptTx(ctx, s.read, guildID, ref)
	if err != nil {
		return SelfCarePrompt{}, fmt.Errorf("load self-care prompt %s: %w", ref, err)
	}
	return p, nil
}

// duplicateTx returns an error naming the prompt that text repeats, if
// any (except is a server prompt's own ID, when editing it).
func duplicateTx(ctx context.Context, tx *sql.Tx, guildID, key string, except int64) error {
	if _, ok := shippedKeys[key]; ok {
		return fmt.Errorf("%w: Kindred already has that prompt in its library", ErrConflict)
	}
	var n int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM selfcare_prompts WHERE guild_id = ? AND text_key = ? AND id != ?`, guildID, key, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: this server already has that prompt", ErrConflict)
	}
	return nil
}

func addPromptTx(ctx context.Context, tx *sql.Tx, guildID, userID, category, text string, now int64) (SelfCarePrompt, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO selfcare_prompts (guild_id, category, text, text_key, created_by, created_at, updated_by, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		guildID, category, text, SelfCarePromptKey(text), userID, now, userID, now)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return SelfCarePrompt{}, err
	}
	return SelfCarePrompt{Ref: ownRef(id), Category: category, Text: text, Enabled: true, UpdatedBy: userID, UpdatedAt: unixToUTC(now)}, nil
}

func ownCountTx(ctx context.Context, tx *sql.Tx, guildID string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM selfcare_prompts WHERE guild_id = ?`, guildID).Scan(&n)
	return n, err
}

// AddSelfCarePrompt adds a prompt of the server's own to its rotation.
// A prompt that repeats one the server or Kindred has is an ErrConflict.
func (s *Store) AddSelfCarePrompt(ctx context.Context, guildID, userID, category, text string) (SelfCarePrompt, error) {
	category, text, err := NormalizeSelfCarePrompt(category, text)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	var p SelfCarePrompt
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if n, err := ownCountTx(ctx, tx, guildID); err != nil {
			return err
		} else if n >= MaxOwnSelfCarePrompts {
			return fmt.Errorf("%w: a server can add up to %d prompts of its own; disable or edit one instead", ErrInvalid, MaxOwnSelfCarePrompts)
		}
		if err := duplicateTx(ctx, tx, guildID, SelfCarePromptKey(text), 0); err != nil {
			return err
		}
		p, err = addPromptTx(ctx, tx, guildID, userID, category, text, s.now().Unix())
		return err
	})
	if err != nil {
		return SelfCarePrompt{}, fmt.Errorf("add self-care prompt for guild %s: %w", guildID, err)
	}
	return p, nil
}

// ImportSelfCarePrompts adds several prompts at once, all or none: every
// prompt is checked first (a problem is an ErrInvalid naming its line,
// counting from 1). Prompts that repeat one the server or Kindred has, or
// one earlier in the list, are left out and returned as skipped.
func (s *Store) ImportSelfCarePrompts(ctx context.Context, guildID, userID string, prompts []SelfCarePrompt) (added, skipped []SelfCarePrompt, err error) {
	clean := make([]SelfCarePrompt, len(prompts))
	for i, p := range prompts {
		cat, text, err := NormalizeSelfCarePrompt(p.Category, p.Text)
		if err != nil {
			return nil, nil, fmt.Errorf("%w (line %d)", err, i+1)
		}
		clean[i] = SelfCarePrompt{Category: cat, Text: text}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		added, skipped = nil, nil
		n, err := ownCountTx(ctx, tx, guildID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		now := s.now().Unix()
		for _, p := range clean {
			key := SelfCarePromptKey(p.Text)
			if seen[key] {
				skipped = append(skipped, p)
				continue
			}
			seen[key] = true
			if err := duplicateTx(ctx, tx, guildID, key, 0); errors.Is(err, ErrConflict) {
				skipped = append(skipped, p)
				continue
			} else if err != nil {
				return err
			}
			if n >= MaxOwnSelfCarePrompts {
				return fmt.Errorf("%w: a server can add up to %d prompts of its own, and this would go over; nothing was added", ErrInvalid, MaxOwnSelfCarePrompts)
			}
			np, err := addPromptTx(ctx, tx, guildID, userID, p.Category, p.Text, now)
			if err != nil {
				return err
			}
			added = append(added, np)
			n++
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("import self-care prompts for guild %s: %w", guildID, err)
	}
	return added, skipped, nil
}

// EditSelfCarePrompt changes the text and category of one of the server's
// own prompts. Kindred's prompts cannot be edited (an ErrInvalid): a
// moderator can disable one and add their own version.
func (s *Store) EditSelfCarePrompt(ctx context.Context, guildID, userID, ref, category, text string) (SelfCarePrompt, error) {
	category, text, err := NormalizeSelfCarePrompt(category, text)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	shippedID, id, err := parsePromptRef(ref)
	if err != nil {
		return SelfCarePrompt{}, err
	}
	if shippedID != "" {
		return SelfCarePrompt{}, fmt.Errorf("%w: that is one of Kindred's own prompts, which can't be edited; you can disable it and add your own version", ErrInvalid)
	}
	var p SelfCarePrompt
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := selfCarePromptTx(ctx, tx, guildID, ref); err != nil {
			return err
		}
		key := SelfCarePromptKey(text)
		if err := duplicateTx(ctx, tx, guildID, key, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE selfcare_prompts SET category = ?, text = ?, text_key = ?, updated_by = ?, updated_at = ?
			 WHERE guild_id = ? AND id = ?`,
			category, text, key, userID, s.now().Unix(), guildID, id); err != nil {
			return err
		}
		p, err = selfCarePromptTx(ctx, tx, guildID, ref)
		return err
	})
	if err != nil {
		return SelfCarePrompt{}, fmt.Errorf("edit self-care prompt %s: %w", ref, err)
	}
	return p, nil
}

// SetSelfCarePromptEnabled takes a prompt (Kindred's or the server's) out
// of the rotation or puts it back. It reports whether anything changed.
func (s *Store) SetSelfCarePromptEnabled(ctx context.Context, guildID, userID, ref string, enabled bool) (SelfCarePrompt, bool, error) {
	var p SelfCarePrompt
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = selfCarePromptTx(ctx, tx, guildID, ref)
		if err != nil || p.Enabled == enabled {
			return err
		}
		changed = true
		now := s.now().Unix()
		switch {
		case !p.Shipped:
			_, id, _ := parsePromptRef(ref)
			_, err = tx.ExecContext(ctx,
				`UPDATE selfcare_prompts SET enabled = ?, updated_by = ?, updated_at = ? WHERE guild_id = ? AND id = ?`,
				enabled, userID, now, guildID, id)
		case enabled:
			_, err = tx.ExecContext(ctx,
				`DELETE FROM selfcare_shipped_disabled WHERE guild_id = ? AND prompt_ref = ?`, guildID, ref)
		default:
			_, err = tx.ExecContext(ctx,
				`INSERT INTO selfcare_shipped_disabled (guild_id, prompt_ref, disabled_by, disabled_at) VALUES (?, ?, ?, ?)`,
				guildID, ref, userID, now)
		}
		p.Enabled = enabled
		return err
	})
	if err != nil {
		return SelfCarePrompt{}, false, fmt.Errorf("switch self-care prompt %s: %w", ref, err)
	}
	return p, changed, nil
}

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
		return SelfCarePrompt{}, fmt.Errorf("%w: every self-care prompt is disabled in this server", ErrNotFound)
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
		return SelfCarePost{}, fmt.Errorf("%w: I can't find that prompt any more", ErrNotFound)
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
			return fmt.Errorf("%w: I can't find that prompt any more", ErrNotFound)
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

// SelfCareScheduleStatus is whether a prompt schedule posts.
type SelfCareScheduleStatus string

// Prompt schedule statuses.
const (
	SelfCareActive SelfCareScheduleStatus = "active"
	SelfCarePaused SelfCareScheduleStatus = "paused"
)

// SelfCareSchedule posts prompts to a channel on a schedule.
type SelfCareSchedule struct {
	ID      int64
	GuildID string
	Status  SelfCareScheduleStatus
	// Schedule is the canonical schedule text (package scheduler), in
	// the server's time zone.
	Schedule  string
	ChannelID string
	// PostError says why posting stopped (a deleted channel, missing
	// access); "" while it works. A schedule with an error is paused.
	PostError string
	// PlannedThrough: slots up to this instant are planned.
	PlannedThrough time.Time
	// NextPlanAt is when the scheduler looks again; zero when never.
	NextPlanAt time.Time
	// Version is bumped by every change, so planning never races an edit.
	Version   int64
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const selfCareScheduleColumns = `id, guild_id, status, schedule, channel_id, post_error, planned_through, next_plan_at,
	version, created_by, created_at, updated_at`

func scanSelfCareSchedule(r rowScanner) (SelfCareSchedule, error) {
	var sc SelfCareSchedule
	var planned, created, updated int64
	var next sql.NullInt64
	if err := r.Scan(&sc.ID, &sc.GuildID, &sc.Status, &sc.Schedule, &sc.ChannelID, &sc.PostError, &planned, &next,
		&sc.Version, &sc.CreatedBy, &created, &updated); err != nil {
		return SelfCareSchedule{}, err
	}
	sc.PlannedThrough, sc.CreatedAt, sc.UpdatedAt = unixToUTC(planned), unixToUTC(created), unixToUTC(updated)
	if next.Valid {
		sc.NextPlanAt = unixToUTC(next.Int64)
	}
	return sc, nil
}

func querySelfCareSchedules(ctx context.Context, db queryer, query string, args ...any) ([]SelfCareSchedule, error) {
	return queryAll(ctx, db, scanSelfCareSchedule, query, args...)
}

var errNoSchedule = fmt.Errorf("%w: that prompt schedule doesn't exist any more; `/mod-selfcare list` shows the current ones", ErrNotFound)

func selfCareScheduleTx(ctx context.Context, db queryer, guildID string, id int64) (SelfCareSchedule, error) {
	sc, err := scanSelfCareSchedule(db.QueryRowContext(ctx,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCareSchedule{}, errNoSchedule
	}
	return sc, err
}

// CreateSelfCareSchedule adds a prompt schedule, to be planned at once.
// The schedule text is not parsed here (package scheduler does that);
// it must be its canonical form.
func (s *Store) CreateSelfCareSchedule(ctx context.Context, sc SelfCareSchedule) (SelfCareSchedule, error) {
	sc.Schedule = strings.TrimSpace(sc.Schedule)
	switch {
	case sc.GuildID == "":
		return SelfCareSchedule{}, fmt.Errorf("%w: prompt schedules belong to a server", ErrInvalid)
	case sc.Schedule == "" || len(sc.Schedule) > MaxSelfCareSchedule:
		return SelfCareSchedule{}, fmt.Errorf("%w: a prompt schedule needs a schedule, like \"every day at 09:00\"", ErrInvalid)
	case !snowflakeRE.MatchString(sc.ChannelID):
		return SelfCareSchedule{}, fmt.Errorf("%w: a prompt schedule needs a channel to post in", ErrInvalid)
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n, same int
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*), count(CASE WHEN schedule = ? AND channel_id = ? THEN 1 END) FROM selfcare_schedules WHERE guild_id = ?`,
			sc.Schedule, sc.ChannelID, sc.GuildID).Scan(&n, &same); err != nil {
			return err
		}
		switch {
		case same > 0:
			return fmt.Errorf("%w: prompts already go to <#%s> %s; `/mod-selfcare list` shows it", ErrConflict, sc.ChannelID, sc.Schedule)
		case n >= MaxSelfCareSchedules:
			return fmt.Errorf("%w: a server can have up to %d prompt schedules; delete one first", ErrInvalid, MaxSelfCareSchedules)
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO selfcare_schedules (guild_id, status, schedule, channel_id, planned_through, next_plan_at, created_by, created_at, updated_at)
			 VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?)`,
			sc.GuildID, sc.Schedule, sc.ChannelID, now.Unix(), now.Unix(), sc.CreatedBy, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		sc, err = selfCareScheduleTx(ctx, tx, sc.GuildID, id)
		return err
	})
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("create self-care schedule for guild %s: %w", sc.GuildID, err)
	}
	return sc, nil
}

// SelfCareSchedules returns a server's prompt schedules, oldest first.
func (s *Store) SelfCareSchedules(ctx context.Context, guildID string) ([]SelfCareSchedule, error) {
	out, err := querySelfCareSchedules(ctx, s.read,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("load self-care schedules for guild %s: %w", guildID, err)
	}
	return out, nil
}

// SelfCareSchedule returns one of a server's prompt schedules.
func (s *Store) SelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	sc, err := selfCareScheduleTx(ctx, s.read, guildID, id)
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("load self-care schedule %d: %w", id, err)
	}
	return sc, nil
}

// changeSchedule applies an update to a server's schedule, withdrawing
// the posts not sent yet when withdraw is set, and returns the result.
func (s *Store) changeSchedule(ctx context.Context, what, guildID string, id int64, withdraw bool, check func(SelfCareSchedule) error, query string, args ...any) (SelfCareSchedule, error) {
	var sc SelfCareSchedule
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if sc, err = selfCareScheduleTx(ctx, tx, guildID, id); err != nil {
			return err
		}
		if err := check(sc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, query, append(args, guildID, id)...); err != nil {
			return err
		}
		if withdraw {
			if _, err := withdrawTx(ctx, tx, guildID, SelfCareScheduleSource(id), ""); err != nil {
				return err
			}
		}
		if deleted, err := selfCareScheduleTx(ctx, tx, guildID, id); err == nil {
			sc = deleted
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return SelfCareSchedule{}, fmt.Errorf("%s self-care schedule %d: %w", what, id, err)
	}
	return sc, nil
}

// PauseSelfCareSchedule stops a schedule posting, withdrawing posts not
// sent yet. Pausing a paused schedule is an ErrConflict.
func (s *Store) PauseSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	return s.changeSchedule(ctx, "pause", guildID, id, true, func(sc SelfCareSchedule) error {
		if sc.Status == SelfCarePaused {
			return fmt.Errorf("%w: that prompt schedule is already paused", ErrConflict)
		}
		return nil
	}, `UPDATE selfcare_schedules SET status = 'paused', next_plan_at = NULL, version = version + 1, updated_at = ?
	    WHERE guild_id = ? AND id = ?`, s.now().Unix())
}

// ResumeSelfCareSchedule starts a paused schedule again from now (slots
// missed while paused are not posted) and clears any posting error.
// Resuming an active schedule is an ErrConflict.
func (s *Store) ResumeSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	now := s.now().Unix()
	return s.changeSchedule(ctx, "resume", guildID, id, false, func(sc SelfCareSchedule) error {
		if sc.Status == SelfCareActive {
			return fmt.Errorf("%w: that prompt schedule is already running", ErrConflict)
		}
		return nil
	}, `UPDATE selfcare_schedules SET status = 'active', post_error = '', planned_through = ?, next_plan_at = ?,
	                                  version = version + 1, updated_at = ?
	    WHERE guild_id = ? AND id = ?`, now, now, now)
}

// DeleteSelfCareSchedule deletes a schedule and withdraws its posts not
// sent yet. Prompts already posted, and "I did this" on them, stay.
func (s *Store) DeleteSelfCareSchedule(ctx context.Context, guildID string, id int64) (SelfCareSchedule, error) {
	return s.changeSchedule(ctx, "delete", guildID, id, true, func(SelfCareSchedule) error { return nil },
		`DELETE FROM selfcare_schedules WHERE guild_id = ? AND id = ?`)
}

// StopSelfCareSchedule pauses a schedule whose channel cannot be reached,
// recording why, withdraws its posts not sent yet and enqueues alert (if
// not nil) for the moderators, in one transaction. It reports false when
// it had stopped already, so moderators are told once.
func (s *Store) StopSelfCareSchedule(ctx context.Context, guildID string, id int64, reason string, alert *Delivery) (bool, error) {
	var changed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE selfcare_schedules SET status = 'paused', post_error = ?, next_plan_at = NULL, version = version + 1, updated_at = ?
			 WHERE guild_id = ? AND id = ? AND status = 'active'`,
			clipError(reason), s.now().Unix(), guildID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		changed = true
		return stopSourceTx(ctx, tx, guildID, SelfCareScheduleSource(id), alert, s.now())
	})
	if err != nil {
		return false, fmt.Errorf("stop self-care schedule %d: %w", id, err)
	}
	return changed, nil
}

// SelfCareSchedulesToPlan returns up to limit active schedules, across all
// servers, that the scheduler should plan at now, the most overdue first.
func (s *Store) SelfCareSchedulesToPlan(ctx context.Context, now time.Time, limit int) ([]SelfCareSchedule, error) {
	out, err := querySelfCareSchedules(ctx, s.read,
		`SELECT `+selfCareScheduleColumns+` FROM selfcare_schedules
		 WHERE status = 'active' AND next_plan_at <= ? ORDER BY next_plan_at, id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("load self-care schedules to plan: %w", err)
	}
	return out, nil
}

// SelfCareSchedulePlan is what the scheduler planned for a schedule.
type SelfCareSchedulePlan struct {
	// Schedule is the schedule as loaded for planning.
	Schedule SelfCareSchedule
	// Deliveries are the posts to enqueue (idempotently, by key).
	Deliveries []Delivery
	// PlannedThrough is the last instant planned.
	PlannedThrough time.Time
	// NextPlanAt is when to plan again; zero when nothing is left.
	NextPlanAt time.Time
}

// PlanSelfCareSchedule records a plan in one transaction. It reports
// false, recording nothing, when the schedule changed since it was loaded
// (it will be planned again).
func (s *Store) PlanSelfCareSchedule(ctx context.Context, p SelfCareSchedulePlan) (bool, error) {
	sc := p.Schedule
	var ok bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE selfcare_schedules SET planned_through = ?, next_plan_at = ?
			 WHERE guild_id = ? AND id = ? AND version = ? AND status = 'active'`,
			p.PlannedThrough.Unix(), nullUnix(p.NextPlanAt), sc.GuildID, sc.ID, sc.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		ok = true
		return enqueueAllTx(ctx, tx, sc.GuildID, p.Deliveries, s.now())
	})
	if err != nil {
		return false, fmt.Errorf("plan self-care schedule %d: %w", sc.ID, err)
	}
	return ok, nil
}

// enqueueAllTx enqueues deliveries, all of guildID.
func enqueueAllTx(ctx context.Context, tx *sql.Tx, guildID string, ds []Delivery, now time.Time) error {
	for _, d := range ds {
		if d.GuildID != guildID {
			return fmt.Errorf("%w: a delivery of server %s planned for server %s", ErrInvalid, d.GuildID, guildID)
		}
		if _, err := enqueueTx(ctx, tx, d, now); err != nil {
			return err
		}
	}
	return nil
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// DeferSelfCareSchedule postpones planning a schedule until until (after
// a failure, or while the feature is off).
func (s *Store) DeferSelfCareSchedule(ctx context.Context, guildID string, id int64, until time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`UPDATE selfcare_schedules SET next_plan_at = ? WHERE guild_id = ? AND id = ? AND status = 'active'`,
			until.Unix(), guildID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("defer planning self-care schedule %d: %w", id, err)
	}
	return nil
}

// SelfCareNudges are a member's personal nudge settings in a server.
type SelfCareNudges struct {
	GuildID string
	UserID  string
	// Enabled is true while the member wants nudges.
	Enabled bool
	// Times are the nudges' times of day, HH:MM, earliest first.
	Times []string
	// Days is the day part of a schedule: "every day", "weekdays",
	// "every Monday and Thursday".
	Days string
	// Zone is the member's IANA time zone.
	Zone string
	// QuietFrom and QuietTo (HH:MM) bound the quiet hours, when no nudge
	// is ever sent; they may wrap past midnight.
	QuietFrom string
	QuietTo   string
	// SnoozedDate is a local day (YYYY-MM-DD) without nudges.
	SnoozedDate string
	// DMError says why nudges stopped because a DM failed; "" otherwise.
	DMError        string
	PlannedThrough time.Time
	NextPlanAt     time.Time
	Version        int64
	UpdatedAt      time.Time
}

// Quiet reports whether a time of day (HH:MM) falls in the quiet hours.
func (n SelfCareNudges) Quiet(hhmm string) bool { return InQuietHours(n.QuietFrom, n.QuietTo, hhmm) }

// InQuietHours reports whether hhmm is in [from, to), wrapping past
// midnight when to is earlier than from. All are HH:MM.
func InQuietHours(from, to, hhmm string) bool {
	if from <= to {
		return hhmm >= from && hhmm < to
	}
	return hhmm >= from || hhmm < to
}

var nudgeClockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// IsClock reports whether s is a time of day written HH:MM.
func IsClock(s string) bool { return nudgeClockRE.MatchString(s) }

const nudgeColumns = `guild_id, user_id, enabled, times, days, zone, quiet_from, quiet_to, snoozed_date, dm_error,
	planned_through, next_plan_at, version, updated_at`

func scanNudges(r rowScanner) (SelfCareNudges, error) {
	var n SelfCareNudges
	var times string
	var planned, updated int64
	var next sql.NullInt64
	if err := r.Scan(&n.GuildID, &n.UserID, &n.Enabled, &times, &n.Days, &n.Zone, &n.QuietFrom, &n.QuietTo,
		&n.SnoozedDate, &n.DMError, &planned, &next, &n.Version, &updated); err != nil {
		return SelfCareNudges{}, err
	}
	if times != "" {
		n.Times = strings.Split(times, ",")
	}
	n.PlannedThrough, n.UpdatedAt = unixToUTC(planned), unixToUTC(updated)
	if next.Valid {
		n.NextPlanAt = unixToUTC(next.Int64)
	}
	return n, nil
}

func nudgesTx(ctx context.Context, db queryer, guildID, userID string) (SelfCareNudges, error) {
	n, err := scanNudges(db.QueryRowContext(ctx,
		`SELECT `+nudgeColumns+` FROM selfcare_nudges WHERE guild_id = ? AND user_id = ?`, guildID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return SelfCareNudges{GuildID: guildID, UserID: userID, Days: DefaultNudgeDays, Zone: "UTC",
			QuietFrom: DefaultQuietFrom, QuietTo: DefaultQuietTo}, nil
	}
	return n, err
}

// SelfCareNudgeSettings returns a member's nudge settings; a member who
// never set any gets the defaults, with nudges off.
func (s *Store) SelfCareNudgeSettings(ctx context.Context, guildID, userID string) (SelfCareNudges, error) {
	n, err := nudgesTx(ctx, s.read, guildID, userID)
	if err != nil {
		return SelfCareNudges{}, fmt.Errorf("load self-care nudges of user %s: %w", userID, err)
	}
	return n, nil
}

// normalizeTimes checks nudge times and returns them sorted, without repeats.
func normalizeTimes(times []string) ([]string, error) {
	var out []string
	for _, t := range times {
		if !IsClock(t) {
			return nil, fmt.Errorf("%w: %q isn't a time like 09:00 or 18:30", ErrInvalid, t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf("%w: please give at least one time, like \"09:00\" or \"09:00, 18:30\"", ErrInvalid)
	case len(out) > MaxNudgeTimes:
		return nil, fmt.Errorf("%w: you can have up to %d nudges a day", ErrInvalid, MaxNudgeTimes)
	}
	sort.Strings(out)
	return out, nil
}

// saveNudgesTx writes a member's nudge row (creating it) and withdraws
// the nudges not sent yet, so the next plan starts from the new settings.
func saveNudgesTx(ctx context.Context, tx *sql.Tx, n SelfCareNudges, now int64) error {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO selfcare_nudges (guild_id, user_id, enabled, times, days, zone, quiet_from, quiet_to, snoozed_date, dm_error,
		                              planned_through, next_plan_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (guild_id, user_id) DO UPDATE SET enabled = excluded.enabled, times = excluded.times, days = excluded.days,
		   zone = excluded.zone, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to,
		   snoozed_date = excluded.snoozed_date, dm_error = excluded.dm_error, planned_through = excluded.planned_through,
		   next_plan_at = excluded.next_plan_at, updated_at = excluded.updated_at, version = version + 1`,
		n.GuildID, n.UserID, n.Enabled, strings.Join(n.Times, ","), n.Days, n.Zone, n.QuietFrom, n.QuietTo,
		n.SnoozedDate, n.DMError, n.PlannedThrough.Unix(), nullUnix(n.NextPlanAt), now); err != nil {
		return err
	}
	_, err := withdrawTx(ctx, tx, n.GuildID, SelfCareNudgeSource(n.UserID), "")
	return err
}

// updateNudges loads a member's nudges, lets change edit them, saves them
// and withdraws what was planned, in one transaction.
func (s *Store) updateNudges(ctx context.Context, what, guildID, userID string, change func(*SelfCareNudges, time.Time) error) (SelfCareNudges, error) {
	var n SelfCareNudges
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = nudgesTx(ctx, tx, guildID, userID); err != nil {
			return err
		}
		now := s.now()
		if err := change(&n, now); err != nil {
			return err
		}
		if err := saveNudgesTx(ctx, tx, n, now.Unix()); err != nil {
			return err
		}
		n, err = nudgesTx(ctx, tx, guildID, userID)
		return err
	})
	if err != nil {
		return SelfCareNudges{}, fmt.Errorf("%s self-care nudges of user %s: %w", what, userID, err)
	}
	return n, nil
}

// replan restarts planning of enabled nudges from now.
func (n *SelfCareNudges) replan(now time.Time) {
	n.PlannedThrough, n.NextPlanAt = now, time.Time{}
	if n.Enabled {
		n.NextPlanAt = now
	}
}

// StartSelfCareNudges turns a member's nudges on (or changes them) at
// times (HH:MM) on days (the day part of a schedule, such as "weekdays")
// in zone. Nudges not sent yet are withdrawn and planned again from now;
// a snooze for today stays; a recorded DM failure is forgotten.
func (s *Store) StartSelfCareNudges(ctx context.Context, guildID, userID string, times []string, days, zone string) (SelfCareNudges, error) {
	times, err := normalizeTimes(times)
	if err != nil {
		return SelfCareNudges{}, err
	}
	days = strings.TrimSpace(days)
	if days == "" || len(days) > MaxNudgeDays {
		return SelfCareNudges{}, fmt.Errorf("%w: please say which days, like \"every day\" or \"weekdays\"", ErrInvalid)
	}
	zone, err = NormalizeSetting(SettingTimeZone, zone)
	if err != nil {
		return SelfCareNudges{}, err
	}
	return s.updateNudges(ctx, "start", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		n.Enabled, n.Times, n.Days, n.Zone, n.DMError = true, times, days, zone, ""
		n.replan(now)
		return nil
	})
}

// StopSelfCareNudges turns a member's nudges off at once, withdrawing
// those not sent yet; one being sent right now is dropped when it is
// rendered. reason, if not "", records why (their DMs are closed). It
// reports whether nudges were on.
func (s *Store) StopSelfCareNudges(ctx context.Context, guildID, userID, reason string) (SelfCareNudges, bool, error) {
	var was bool
	n, err := s.updateNudges(ctx, "stop", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		was = n.Enabled
		n.Enabled = false
		if reason != "" {
			n.DMError = clipError(reason)
		}
		n.replan(now)
		return nil
	})
	return n, was, err
}

// SetSelfCareQuietHours sets a member's quiet hours (HH:MM, from may be
// later than to, wrapping past midnight). Nudges not sent yet are
// planned again.
func (s *Store) SetSelfCareQuietHours(ctx context.Context, guildID, userID, from, to string) (SelfCareNudges, error) {
	switch {
	case !IsClock(from) || !IsClock(to):
		return SelfCareNudges{}, fmt.Errorf("%w: quiet hours need two times like 22:00 and 08:00", ErrInvalid)
	case from == to:
		return SelfCareNudges{}, fmt.Errorf("%w: quiet hours need to start and end at different times", ErrInvalid)
	}
	return s.updateNudges(ctx, "set quiet hours of", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		n.QuietFrom, n.QuietTo = from, to
		n.replan(now)
		return nil
	})
}

// SnoozeSelfCareNudges skips a member's nudges for one local day
// (YYYY-MM-DD), withdrawing those not sent yet.
func (s *Store) SnoozeSelfCareNudges(ctx context.Context, guildID, userID, localDate string) (SelfCareNudges, error) {
	if _, err := time.Parse(time.DateOnly, localDate); err != nil {
		return SelfCareNudges{}, fmt.Errorf("%w: %q isn't a date", ErrInvalid, localDate)
	}
	return s.updateNudges(ctx, "snooze", guildID, userID, func(n *SelfCareNudges, now time.Time) error {
		if !n.Enabled {
			return fmt.Errorf("%w: your nudges are already off", ErrConflict)
		}
		n.SnoozedDate = localDate
		n.replan(now)
		return nil
	})
}

// SelfCareNudgesToPlan returns up to limit members' enabled nudges, across
// all servers, that the scheduler should plan at now, most overdue first.
func (s *Store) SelfCareNudgesToPlan(ctx context.Context, now time.Time, limit int) ([]SelfCareNudges, error) {
	out, err := queryAll(ctx, s.read, scanNudges,
		`SELECT `+nudgeColumns+` FROM selfcare_nudges WHERE enabled = 1 AND next_plan_at <= ?
		 ORDER BY next_plan_at, guild_id, user_id LIMIT ?`, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("load self-care nudges to plan: %w", err)
	}
	return out, nil
}

// SelfCareNudgePlan is what the scheduler planned for a member's nudges.
type SelfCareNudgePlan struct {
	// Nudges are the settings as loaded for planning.
	Nudges SelfCareNudges
	// Deliveries are the nudges to enqueue (idempotently, by key).
	Deliveries []Delivery
	// PlannedThrough is the last instant planned.
	PlannedThrough time.Time
	// NextPlanAt is when to plan again; zero when never.
	NextPlanAt time.Time
}

// PlanSelfCareNudges records a plan in one transaction. It reports false,
// recording nothing, when the member changed their settings since they
// were loaded (they will be planned again).
func (s *Store) PlanSelfCareNudges(ctx context.Context, p SelfCareNudgePlan) (bool, error) {
	n := p.Nudges
	var ok bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE selfcare_nudges SET planned_through = ?, next_plan_at = ?
			 WHERE guild_id = ? AND user_id = ? AND version = ? AND enabled = 1`,
			p.PlannedThrough.Unix(), nullUnix(p.NextPlanAt), n.GuildID, n.UserID, n.Version)
		if err != nil {
			return err
		}
		if c, err := res.RowsAffected(); err != nil || c == 0 {
			return err
		}
		ok = true
		return enqueueAllTx(ctx, tx, n.GuildID, p.Deliveries, s.now())
	})
	if err != nil {
		return false, fmt.Errorf("plan self-care nudges of user %s: %w", n.UserID, err)
	}
	return ok, nil
}

// DeferSelfCareNudges postpones planning a member's nudges until until.
func (s *Store) DeferSelfCareNudges(ctx context.Context, guildID, userID string, until time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`UPDATE selfcare_nudges SET next_plan_at = ? WHERE guild_id = ? AND user_id = ? AND enabled = 1`,
			until.Unix(), guildID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("defer planning self-care nudges of user %s: %w", userID, err)
	}
	return nil
}
