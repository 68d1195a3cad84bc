package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Resource categories: a fixed list, so members can browse by them. Tags
// are free.
const (
	CategoryHotline         = "hotline"
	CategoryLocalService    = "local-service"
	CategorySupportGroup    = "support-group"
	CategoryReading         = "reading"
	CategoryApp             = "app"
	CategoryOnlineCommunity = "online-community"
	CategoryOther           = "other"
)

// ResourceCategory is one category of resource.
type ResourceCategory struct {
	Key   string // stored and used in commands
	Label string // plain words for members
}

var resourceCategories = []ResourceCategory{
	{CategoryHotline, "Hotline"},
	{CategoryLocalService, "Local service"},
	{CategorySupportGroup, "Support group"},
	{CategoryReading, "Reading"},
	{CategoryApp, "App"},
	{CategoryOnlineCommunity, "Online community"},
	{CategoryOther, "Other"},
}

// ResourceCategories lists the categories in display order.
func ResourceCategories() []ResourceCategory {
	return append([]ResourceCategory(nil), resourceCategories...)
}

// LookupResourceCategory finds a category by its key or label, in any case.
func LookupResourceCategory(s string) (ResourceCategory, bool) {
	s = strings.TrimSpace(s)
	for _, c := range resourceCategories {
		if strings.EqualFold(c.Key, s) || strings.EqualFold(c.Label, s) || strings.EqualFold(strings.ReplaceAll(c.Key, "-", " "), s) {
			return c, true
		}
	}
	return ResourceCategory{}, false
}

// Limits on a resource's fields, in characters. Names fit an autocomplete
// choice; the rest fit one embed.
const (
	MaxResourceName        = 100
	MaxResourceDescription = 1000
	MaxResourceTags        = 10
	MaxResourceTag         = 30
	MaxResourceRegion      = 40
	MaxResourceLanguages   = 100
	MaxResourcePhone       = 100
	MaxResourceText        = 100
	MaxResourceWebsite     = 300
	MaxResourceAddress     = 300
	MaxResourceHours       = 100
	// MaxImportRows is the most resources one import may hold.
	MaxImportRows = 10000
)

// Resource is one entry of a server's directory of help.
type Resource struct {
	ID          int64
	GuildID     string
	Name        string
	Category    string // a category key
	Description string // what it is for
	Tags        []string
	Region      string
	Languages   string
	Phone       string
	Text        string // how to reach it by text, e.g. "Text SHOUT to 85258"
	Website     string
	Address     string
	Hours       string
	// LastChecked is when a moderator last checked the details. Zero on
	// input means now (or, on import over an existing resource, unchanged).
	LastChecked time.Time
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedBy   string
	UpdatedAt   time.Time
}

// CategoryLabel returns the plain name of the resource's category.
func (r Resource) CategoryLabel() string {
	if c, ok := LookupResourceCategory(r.Category); ok {
		return c.Label
	}
	return r.Category
}

// ParseTags splits comma-separated tags, folds them to lower case and
// drops blanks and repeats.
func ParseTags(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// resourceKey is the form names and regions are compared in.
func resourceKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

const resourceCols = `id, guild_id, name, category, description, tags, region, languages, phone, text_line,
	website, address, hours, last_checked_at, created_by, created_at, updated_by, updated_at`

func scanResource(sc rowScanner) (Resource, error) {
	var r Resource
	var tags string
	var checked, created, updated int64
	err := sc.Scan(&r.ID, &r.GuildID, &r.Name, &r.Category, &r.Description, &tags, &r.Region, &r.Languages,
		&r.Phone, &r.Text, &r.Website, &r.Address, &r.Hours, &checked, &r.CreatedBy, &created, &r.UpdatedBy, &updated)
	if err != nil {
		return Resource{}, err
	}
	if tags != "" {
		r.Tags = strings.Split(tags, ",")
	}
	r.LastChecked = time.Unix(checked, 0).UTC()
	r.CreatedAt = time.Unix(created, 0).UTC()
	r.UpdatedAt = time.Unix(updated, 0).UTC()
	return r, nil
}

func queryResources(ctx context.Context, q queryer, query string, args ...any) ([]Resource, error) {
	return queryAll(ctx, q, scanResource, query, args...)
}

func resourceNotFound(id int64) error {
	return fmt.Errorf("resource %d: %w", id, problem(ErrNotFound, "resource_gone"))
}

// Resource returns one of a server's resources.
func (s *Store) Resource(ctx context.Context, guildID string, id int64) (Resource, error) {
	r, err := scanResource(s.read.QueryRowContext(ctx,
		`SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND id = ?`, guildID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Resource{}, resourceNotFound(id)
	}
	if err != nil {
		return Resource{}, fmt.Errorf("load resource %d of guild %s: %w", id, guildID, err)
	}
	return r, nil
}

// ResourceByName returns a server's resource with this name, in any case.
func (s *Store) ResourceByName(ctx context.Context, guildID, name string) (Resource, error) {
	r, err := scanResource(s.read.QueryRowContext(ctx,
		`SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND name_key = ?`, guildID, resourceKey(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return Resource{}, fmt.Errorf("resource %q: %w", name, problem(ErrNotFound, "resource_not_called", "Name", clipForMessage(name, MaxResourceName)))
	}
	if err != nil {
		return Resource{}, fmt.Errorf("load resource %q of guild %s: %w", name, guildID, err)
	}
	return r, nil
}

// AddResource adds a resource to a server's directory. A resource with the
// same name (in any case) is a conflict.
func (s *Store) AddResource(ctx context.Context, guildID, userID string, r Resource) (Resource, error) {
	r, err := NormalizeResource(r)
	if err != nil {
		return Resource{}, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := nameFreeTx(ctx, tx, guildID, r.Name, 0); err != nil {
			return err
		}
		r, err = insertResourceTx(ctx, tx, guildID, userID, r, s.now())
		return err
	})
	if err != nil {
		return Resource{}, fmt.Errorf("add resource to guild %s: %w", guildID, err)
	}
	return r, nil
}

func nameFreeTx(ctx context.Context, tx *sql.Tx, guildID, name string, except int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM resources WHERE guild_id = ? AND name_key = ?`, guildID, resourceKey(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && id == except) {
		return nil
	}
	if err != nil {
		return err
	}
	return problem(ErrConflict, "resource_name_taken", "Name", name)
}

func insertResourceTx(ctx context.Context, tx *sql.Tx, guildID, userID string, r Resource, now time.Time) (Resource, error) {
	r.GuildID = guildID
	r.CreatedBy, r.UpdatedBy = userID, userID
	r.CreatedAt, r.UpdatedAt = now.Truncate(time.Second), now.Truncate(time.Second)
	if r.LastChecked.IsZero() {
		r.LastChecked = now
	}
	r.LastChecked = r.LastChecked.UTC().Truncate(time.Second)
	res, err := tx.ExecContext(ctx,
		`INSERT INTO resources (guild_id, name, name_key, category, description, tags, region, region_key, languages,
			phone, text_line, website, address, hours, last_checked_at, created_by, created_at, updated_by, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		guildID, r.Name, resourceKey(r.Name), r.Category, r.Description, strings.Join(r.Tags, ","), r.Region, resourceKey(r.Region),
		r.Languages, r.Phone, r.Text, r.Website, r.Address, r.Hours, r.LastChecked.Unix(),
		userID, now.Unix(), userID, now.Unix())
	if err != nil {
		return Resource{}, err
	}
	r.ID, err = res.LastInsertId()
	return r, err
}

func updateResourceTx(ctx context.Context, tx *sql.Tx, guildID, userID string, id int64, r Resource, now time.Time) error {
	res, err := tx.ExecContext(ctx,
		`UPDATE resources SET name = ?, name_key = ?, category = ?, description = ?, tags = ?, region = ?, region_key = ?,
			languages = ?, phone = ?, text_line = ?, website = ?, address = ?, hours = ?,
			last_checked_at = coalesce(?, last_checked_at), updated_by = ?, updated_at = ?
		 WHERE guild_id = ? AND id = ?`,
		r.Name, resourceKey(r.Name), r.Category, r.Description, strings.Join(r.Tags, ","), r.Region, resourceKey(r.Region),
		r.Languages, r.Phone, r.Text, r.Website, r.Address, r.Hours, checkedArg(r.LastChecked),
		userID, now.Unix(), guildID, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return resourceNotFound(id)
	}
	return nil
}

func checkedArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// UpdateResource replaces a resource's details. Its last-checked time is
// kept unless r.LastChecked is set.
func (s *Store) UpdateResource(ctx context.Context, guildID, userID string, id int64, r Resource) (Resource, error) {
	r, err := NormalizeResource(r)
	if err != nil {
		return Resource{}, err
	}
	var out Resource
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := nameFreeTx(ctx, tx, guildID, r.Name, id); err != nil {
			return err
		}
		if err := updateResourceTx(ctx, tx, guildID, userID, id, r, s.now()); err != nil {
			return err
		}
		out, err = scanResource(tx.QueryRowContext(ctx, `SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND id = ?`, guildID, id))
		return err
	})
	if err != nil {
		return Resource{}, fmt.Errorf("update resource %d of guild %s: %w", id, guildID, err)
	}
	return out, nil
}

// RemoveResource deletes a resource and returns what it was.
func (s *Store) RemoveResource(ctx context.Context, guildID string, id int64) (Resource, error) {
	var r Resource
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanResource(tx.QueryRowContext(ctx, `SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND id = ?`, guildID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return resourceNotFound(id)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM resources WHERE guild_id = ? AND id = ?`, guildID, id)
		return err
	})
	if err != nil {
		return Resource{}, fmt.Errorf("remove resource %d of guild %s: %w", id, guildID, err)
	}
	return r, nil
}

// MarkResourceChecked records that a moderator checked a resource's
// details now.
func (s *Store) MarkResourceChecked(ctx context.Context, guildID string, id int64) (Resource, error) {
	var r Resource
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE resources SET last_checked_at = ? WHERE guild_id = ? AND id = ?`, s.now().Unix(), guildID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return resourceNotFound(id)
		}
		r, err = scanResource(tx.QueryRowContext(ctx, `SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND id = ?`, guildID, id))
		return err
	})
	if err != nil {
		return Resource{}, fmt.Errorf("mark resource %d of guild %s checked: %w", id, guildID, err)
	}
	return r, nil
}

// ResourceFilter narrows browsing; empty fields match everything.
type ResourceFilter struct {
	Category string // a category key
	Region   string // matched whole, in any case
}

// BrowseResources returns one page of a server's resources by name, and
// how many match in all.
func (s *Store) BrowseResources(ctx context.Context, guildID string, f ResourceFilter, offset, limit int) ([]Resource, int, error) {
	where, args := `guild_id = ?`, []any{guildID}
	if f.Category != "" {
		c, ok := LookupResourceCategory(f.Category)
		if !ok {
			return nil, 0, problem(ErrInvalid, "resource_unknown_category", "Category", f.Category, "Categories", resourceCategoryKeys())
		}
		where, args = where+` AND category = ?`, append(args, c.Key)
	}
	if f.Region != "" {
		where, args = where+` AND region_key = ?`, append(args, resourceKey(f.Region))
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM resources WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count resources of guild %s: %w", guildID, err)
	}
	list, err := queryResources(ctx, s.read,
		`SELECT `+resourceCols+` FROM resources WHERE `+where+` ORDER BY name_key, id LIMIT ? OFFSET ?`,
		append(args, limit, max(offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("browse resources of guild %s: %w", guildID, err)
	}
	return list, total, nil
}

// AllResources returns every resource of a server, by name.
func (s *Store) AllResources(ctx context.Context, guildID string) ([]Resource, error) {
	list, err := queryResources(ctx, s.read, `SELECT `+resourceCols+` FROM resources WHERE guild_id = ? ORDER BY name_key, id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("load resources of guild %s: %w", guildID, err)
	}
	return list, nil
}

// StaleResources returns a server's resources last checked before a time,
// the longest unchecked first.
func (s *Store) StaleResources(ctx context.Context, guildID string, checkedBefore time.Time) ([]Resource, error) {
	list, err := queryResources(ctx, s.read,
		`SELECT `+resourceCols+` FROM resources WHERE guild_id = ? AND last_checked_at < ? ORDER BY last_checked_at, name_key`,
		guildID, checkedBefore.Unix())
	if err != nil {
		return nil, fmt.Errorf("load stale resources of guild %s: %w", guildID, err)
	}
	return list, nil
}

// ResourceRegions returns the distinct regions of a server's resources
// that start with prefix (in any case), by name.
func (s *Store) ResourceRegions(ctx context.Context, guildID, prefix string, limit int) ([]string, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT min(region) FROM resources WHERE guild_id = ? AND region_key != '' AND substr(region_key, 1, ?) = ?
		 GROUP BY region_key ORDER BY region_key LIMIT ?`,
		guildID, utf8.RuneCountInString(resourceKey(prefix)), resourceKey(prefix), limit)
	if err != nil {
		return nil, fmt.Errorf("load regions of guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("load regions of guild %s: %w", guildID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load regions of guild %s: %w", guildID, err)
	}
	return out, nil
}

// resourceSearchTerms turns what a member typed into at most 8 search words of
// letters and digits. Everything else separates words, so no input can
// form full-text query syntax.
func resourceSearchTerms(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 8 {
		words = words[:8]
	}
	for i, w := range words {
		if r := []rune(w); len(r) > 40 {
			words[i] = string(r[:40])
		}
	}
	return words
}

// ftsColumnWeights weighs a match in the name above one in the tags, and
// one in the tags above one in the rest.
var ftsColumnWeights = []float64{4, 2, 1}

// SearchResources returns a server's resources that match every word of
// query, each word as a prefix so that it serves autocomplete. A query
// with no words is ErrInvalid.
//
// The rank is simple to explain: first the resources whose name starts
// with what was typed, by name; then every other match by BM25 relevance,
// a match in the name weighing most, then tags and category, then the
// rest. The first tier is an index range, so the short, broad queries of
// the first keystrokes stay fast on thousands of resources.
func (s *Store) SearchResources(ctx context.Context, guildID, query string, limit int) ([]Resource, error) {
	words := resourceSearchTerms(query)
	if len(words) == 0 {
		return nil, problem(ErrInvalid, "resource_search_empty")
	}
	if limit <= 0 {
		return nil, nil
	}
	phrase := strings.Join(words, " ")
	// U+10FFFF sorts after every character a name can continue with.
	ids, err := resourceIDs(ctx, s.read,
		`SELECT id FROM resources WHERE guild_id = ? AND name_key >= ? AND name_key < ? ORDER BY name_key, id LIMIT ?`,
		guildID, phrase, phrase+"\U0010FFFF", limit)
	if err != nil {
		return nil, fmt.Errorf("search resources of guild %s: %w", guildID, err)
	}
	if len(ids) < limit {
		more, err := s.rankedMatches(ctx, guildID, words, ids, limit-len(ids))
		if err != nil {
			return nil, fmt.Errorf("search resources of guild %s: %w", guildID, err)
		}
		ids = append(ids, more...)
	}
	return s.resourcesByID(ctx, guildID, ids)
}

func resourceIDs(ctx context.Context, db queryer, query string, args ...any) ([]int64, error) {
	return queryAll(ctx, db, func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, query, args...)
}

// rankedMatches returns up to limit IDs of full-text matches of every
// word as a prefix, best first (ties in the order they were added),
// leaving out those in skip. SQLite scores and sorts them (kindred_bm25,
// fts_rank.go), so only the few kept come back to Go; one word typed is
// ranked the same way from the server's copy of the index in memory
// (resources_index.go), where it can be.
func (s *Store) rankedMatches(ctx context.Context, guildID string, words []string, skip []int64, limit int) ([]int64, error) {
	if len(words) == 1 && asciiWord(words[0]) {
		ix, err := s.resourceIndexFor(ctx, guildID)
		if err != nil {
			return nil, err
		}
		if ix != nil && ix.exact {
			return ix.rank(words[0], ftsColumnWeights, skip, limit), nil
		}
	}
	return s.rankedMatchesSQL(ctx, guildID, strings.Join(words, "* ")+"*", skip, limit)
}

// rankedMatchesSQL is rankedMatches in SQLite, for the FTS4 query match.
func (s *Store) rankedMatchesSQL(ctx context.Context, guildID, match string, skip []int64, limit int) ([]int64, error) {
	var lid int64
	err := s.read.QueryRowContext(ctx, `SELECT lid FROM resource_guilds WHERE guild_id = ?`, guildID).Scan(&lid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // the server has never had a resource
	}
	if err != nil {
		return nil, err
	}
	// Arguments in the order of their placeholders.
	args := []any{match, lid}
	notIn := ""
	if len(skip) > 0 {
		notIn = ` AND docid NOT IN (?` + strings.Repeat(",?", len(skip)-1) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	for _, w := range ftsColumnWeights {
		args = append(args, w)
	}
	args = append(args, limit)
	weights := "?" + strings.Repeat(", ?", len(ftsColumnWeights)-1)
	return resourceIDs(ctx, s.read,
		`SELECT docid FROM resources_fts WHERE resources_fts MATCH ? AND lid = ?`+notIn+`
		 ORDER BY kindred_bm25(matchinfo(resources_fts, 'pcnalx'), `+weights+`) DESC, docid LIMIT ?`, args...)
}

// resourcesByID loads a server's resources in the order of ids.
func (s *Store) resourcesByID(ctx context.Context, guildID string, ids []int64) ([]Resource, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, guildID)
	for _, id := range ids {
		args = append(args, id)
	}
	// +guild_id: by the primary key, not by walking the server's entries
	// in an index on guild_id (SQLite's choice otherwise), which for
	// 10,000 resources was most of a search.
	list, err := queryResources(ctx, s.read,
		`SELECT `+resourceCols+` FROM resources WHERE +guild_id = ? AND id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("load resources of guild %s: %w", guildID, err)
	}
	rank := map[int64]int{}
	for i, id := range ids {
		rank[id] = i
	}
	sort.Slice(list, func(i, j int) bool { return rank[list[i].ID] < rank[list[j].ID] })
	return list, nil
}

// SuggestResources serves autocomplete: the search for what was typed, or
// the first resources by name when nothing was.
func (s *Store) SuggestResources(ctx context.Context, guildID, typed string, limit int) ([]Resource, error) {
	if len(resourceSearchTerms(typed)) > 0 {
		return s.SearchResources(ctx, guildID, typed, limit)
	}
	list, _, err := s.BrowseResources(ctx, guildID, ResourceFilter{}, 0, limit)
	return list, err
}

// ImportRow is one resource of an import file, with the row number to
// name it by in errors.
type ImportRow struct {
	Row      int
	Resource Resource
}

// RowProblem is what is wrong with one row of an import.
type RowProblem struct {
	Row int
	Err error
}

// ImportError lists every bad row of an import. Nothing was imported. It
// matches ErrInvalid.
type ImportError struct {
	Problems []RowProblem
}

func (e *ImportError) Error() string {
	var parts []string
	for _, p := range e.Problems {
		parts = append(parts, fmt.Sprintf("row %d: %s", p.Row, problemText(p.Err)))
	}
	return fmt.Sprintf("%s: %d rows need fixing: %s", ErrInvalid, len(e.Problems), strings.Join(parts, "; "))
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ImportError) Unwrap() error { return ErrInvalid }

// problemText is the kind sentence of an ErrInvalid, ErrNotFound or
// ErrConflict error, without the kind.
func problemText(err error) string {
	msg := err.Error()
	for _, kind := range []error{ErrInvalid, ErrNotFound, ErrConflict} {
		if _, after, ok := strings.Cut(msg, kind.Error()+": "); ok {
			return after
		}
	}
	return msg
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Added   int
	Updated int
}

// CheckImportRows checks every row of an import as ImportResources does,
// without saving anything: each resource must be valid, and no two rows
// may share a name.
func CheckImportRows(rows []ImportRow) []RowProblem {
	var problems []RowProblem
	firstRow := map[string]int{}
	for _, row := range rows {
		r, err := NormalizeResource(row.Resource)
		if err != nil {
			problems = append(problems, RowProblem{Row: row.Row, Err: err})
		}
		key := resourceKey(r.Name)
		if key == "" {
			continue
		}
		if other, dup := firstRow[key]; dup {
			if err == nil {
				problems = append(problems, RowProblem{Row: row.Row,
					Err: problem(ErrConflict, "resource_same_name_as_row", "Name", r.Name, "Row", other)})
			}
			continue
		}
		firstRow[key] = row.Row
	}
	return problems
}

// ImportResources adds a file's resources to a server, all or nothing: a
// row whose name matches an existing resource (in any case) replaces its
// details; every other row is added. If any row is bad, nothing is
// imported and the error is an *ImportError naming every bad row.
func (s *Store) ImportResources(ctx context.Context, guildID, userID string, rows []ImportRow) (ImportSummary, error) {
	if len(rows) == 0 {
		return ImportSummary{}, problem(ErrInvalid, "resource_import_empty")
	}
	if len(rows) > MaxImportRows {
		return ImportSummary{}, problem(ErrInvalid, "resource_import_too_many", "Max", MaxImportRows, "Rows", len(rows))
	}
	if problems := CheckImportRows(rows); len(problems) > 0 {
		return ImportSummary{}, &ImportError{Problems: problems}
	}
	clean := make([]Resource, len(rows))
	for i, row := range rows {
		clean[i], _ = NormalizeResource(row.Resource) // checked above
	}
	var sum ImportSummary
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, r := range clean {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM resources WHERE guild_id = ? AND name_key = ?`, guildID, resourceKey(r.Name)).Scan(&id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if _, err := insertResourceTx(ctx, tx, guildID, userID, r, now); err != nil {
					return err
				}
				sum.Added++
			case err != nil:
				return err
			default:
				if err := updateResourceTx(ctx, tx, guildID, userID, id, r, now); err != nil {
					return err
				}
				sum.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("import resources to guild %s: %w", guildID, err)
	}
	return sum, nil
}
