package data

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

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
	return "", 0, problem(ErrNotFound, "selfcare_prompt_unknown")
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
		return SelfCarePrompt{}, problem(ErrNotFound, "selfcare_prompt_unknown")
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
		return problem(ErrConflict, "selfcare_prompt_in_library")
	}
	var n int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM selfcare_prompts WHERE guild_id = ? AND text_key = ? AND id != ?`, guildID, key, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return problem(ErrConflict, "selfcare_prompt_exists")
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
			return problem(ErrInvalid, "selfcare_own_limit", "Max", MaxOwnSelfCarePrompts)
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
				return problem(ErrInvalid, "selfcare_import_over_limit", "Max", MaxOwnSelfCarePrompts)
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
		return SelfCarePrompt{}, problem(ErrInvalid, "selfcare_shipped_not_editable")
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
