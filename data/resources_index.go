package data

// An in-memory copy of a server's full-text index, for autocomplete's
// one-word prefix searches: FTS4 finds the 3,000 matches of a short prefix
// in a third of a millisecond, but ranking them reads every match's
// length from its docsize table, one B-tree lookup a row, which is most
// of the search. Here the same BM25 over the same numbers is a loop over
// a few slices.
//
// The copy must rank exactly as SQLite would, so it is used only where
// that is certain: a query of one word of ASCII letters and digits, and a
// server whose resources have, besides ASCII, only the Latin letters with
// diacritics over an ASCII letter (café, Gŵyl), which FTS4's unicode61
// tokenizer folds as Unicode decomposes them. Any other letter, a
// combining mark, or a row whose tokens per column differ from FTS4's own
// count makes the server's searches go to SQLite. The copy is rebuilt when resource_generation, which triggers
// raise on every change to resources, has moved.

/*
#include <math.h>
static double kindred_log(double x) { return log(x); }
*/
import "C"

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ftsColumns is the number of columns of resources_fts.
const ftsColumns = 3

// maxIndexedGuilds bounds how many servers' copies the store keeps.
const maxIndexedGuilds = 32

// resourceIndex is one server's resources as resources_fts indexes them.
type resourceIndex struct {
	gen   int64
	exact bool // false: rank in SQLite (see the file's comment)

	ids   []int64              // docids, ascending
	lens  [][ftsColumns]uint32 // tokens per column of each row
	terms []string             // sorted
	posts [][]posting          // rows of each term
	n     float64              // rows in resources_fts, every server's
	avg   [ftsColumns]uint32   // average tokens per column, as matchinfo 'a'
}

// posting is a term's hits in the columns of one row (an index of ids).
type posting struct {
	row int32
	tf  [ftsColumns]uint16
}

// resourceIndexCache holds the copies by server.
type resourceIndexCache struct {
	mu     sync.Mutex
	guilds map[string]*resourceIndex
}

func (c *resourceIndexCache) get(guildID string) *resourceIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.guilds[guildID]
}

func (c *resourceIndexCache) put(guildID string, ix *resourceIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.guilds == nil {
		c.guilds = map[string]*resourceIndex{}
	}
	if _, ok := c.guilds[guildID]; !ok && len(c.guilds) >= maxIndexedGuilds {
		for g := range c.guilds { // any one
			delete(c.guilds, g)
			break
		}
	}
	c.guilds[guildID] = ix
}

// resourceGeneration reads resource_generation.
func (s *Store) resourceGeneration(ctx context.Context) (int64, error) {
	var gen int64
	err := s.read.QueryRowContext(ctx, `SELECT n FROM resource_generation`).Scan(&gen)
	return gen, err
}

// resourceIndexFor returns guildID's current copy, building it if the
// one kept is out of date. It is nil when the copy could not be built
// consistently (a write came in between); the caller asks SQLite.
func (s *Store) resourceIndexFor(ctx context.Context, guildID string) (*resourceIndex, error) {
	gen, err := s.resourceGeneration(ctx)
	if err != nil {
		return nil, err
	}
	if ix := s.resIndex.get(guildID); ix != nil && ix.gen == gen {
		return ix, nil
	}
	ix, err := s.buildResourceIndex(ctx, guildID, gen)
	if err != nil {
		return nil, err
	}
	// Every read saw the same database only if nothing was written
	// between the first and this one.
	if after, err := s.resourceGeneration(ctx); err != nil || after != gen {
		return nil, err
	}
	s.resIndex.put(guildID, ix)
	return ix, nil
}

func (s *Store) buildResourceIndex(ctx context.Context, guildID string, gen int64) (*resourceIndex, error) {
	ix := &resourceIndex{gen: gen, exact: true}
	var stat []byte
	err := s.read.QueryRowContext(ctx, `SELECT value FROM resources_fts_stat WHERE id = 0`).Scan(&stat)
	if errors.Is(err, sql.ErrNoRows) {
		return ix, nil // no rows in any server
	}
	if err != nil {
		return nil, fmt.Errorf("build search index of guild %s: %w", guildID, err)
	}
	if !ix.setStats(stat) {
		ix.exact = false
		return ix, nil
	}
	// The columns as the resources_fts triggers fill them.
	rows, err := s.read.QueryContext(ctx,
		`SELECT id, name, category || ' ' || replace(tags, ',', ' '), description || ' ' || region || ' ' || languages || ' ' || address
		 FROM resources WHERE guild_id = ? ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("build search index of guild %s: %w", guildID, err)
	}
	defer rows.Close()
	// Terms by number while reading; each row's postings are added in
	// row order, so every term's list is sorted already.
	termNo := map[string]int32{}
	var terms []string
	var posts [][]posting
	rowHit := map[int32]int{} // term number -> index in rowPosts
	var rowPosts []posting
	var cols [ftsColumns]string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &cols[0], &cols[1], &cols[2]); err != nil {
			return nil, fmt.Errorf("build search index of guild %s: %w", guildID, err)
		}
		row := int32(len(ix.ids))
		ix.ids = append(ix.ids, id)
		var lens [ftsColumns]uint32
		clear(rowHit)
		rowPosts = rowPosts[:0]
		for c, text := range cols {
			ok := ftsTokens(text, func(tok []byte) {
				lens[c]++
				t, known := termNo[string(tok)]
				if !known {
					t = int32(len(terms))
					terms = append(terms, string(tok))
					termNo[terms[t]] = t
					posts = append(posts, nil)
				}
				i, seen := rowHit[t]
				if !seen {
					i = len(rowPosts)
					rowHit[t] = i
					rowPosts = append(rowPosts, posting{row: row})
				}
				if rowPosts[i].tf[c] < 0xFFFF {
					rowPosts[i].tf[c]++
				}
			})
			ix.exact = ix.exact && ok
		}
		ix.lens = append(ix.lens, lens)
		for t, i := range rowHit {
			posts[t] = append(posts[t], rowPosts[i])
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("build search index of guild %s: %w", guildID, err)
	}
	if !ix.exact {
		return ix, nil
	}
	if err := s.checkResourceLengths(ctx, guildID, ix); err != nil {
		return nil, fmt.Errorf("build search index of guild %s: %w", guildID, err)
	}
	order := make([]int32, len(terms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })
	ix.terms = make([]string, len(order))
	ix.posts = make([][]posting, len(order))
	for i, t := range order {
		ix.terms[i], ix.posts[i] = terms[t], posts[t]
	}
	return ix, nil
}

// setStats reads FTS4's totals (the %_stat row 0: the number of rows,
// then each column's tokens, as varints) the way matchinfo 'n' and 'a'
// report them.
func (ix *resourceIndex) setStats(stat []byte) bool {
	docs, k := binary.Uvarint(stat)
	if k <= 0 || docs == 0 {
		return false
	}
	stat = stat[k:]
	ix.n = float64(uint32(docs))
	for c := range ftsColumns {
		tokens, k := binary.Uvarint(stat)
		if k <= 0 {
			return false
		}
		stat = stat[k:]
		ix.avg[c] = uint32((int64(uint32(tokens)) + int64(docs)/2) / int64(docs))
	}
	return true
}

// checkResourceLengths compares each row's tokens per column with FTS4's
// (%_docsize: a varint a column), marking ix inexact on any difference.
func (s *Store) checkResourceLengths(ctx context.Context, guildID string, ix *resourceIndex) error {
	rows, err := s.read.QueryContext(ctx,
		`SELECT d.docid, d.size FROM resources_fts_docsize d JOIN resources r ON r.id = d.docid WHERE r.guild_id = ? ORDER BY d.docid`, guildID)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var id int64
		var size []byte
		if err := rows.Scan(&id, &size); err != nil {
			return err
		}
		if i >= len(ix.ids) || ix.ids[i] != id {
			ix.exact = false
			return nil
		}
		for c := range ftsColumns {
			v, k := binary.Uvarint(size)
			if k <= 0 || uint32(v) != ix.lens[i][c] {
				ix.exact = false
				return nil
			}
			size = size[k:]
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	ix.exact = ix.exact && i == len(ix.ids)
	return nil
}

// ftsTokens calls fn with each token of text (valid until fn returns) as FTS4's unicode61
// tokenizer with remove_diacritics=2 makes it: runs of letters, digits
// and private-use characters, folded to lower case without diacritics.
// It reports false if text has a character other than ASCII and the
// Latin letters with diacritics over an ASCII letter: how FTS4 folds
// those is not certain here.
func ftsTokens(text string, fn func(tok []byte)) bool {
	ok := true
	var b []byte
	flush := func() {
		if len(b) > 0 {
			fn(b)
			b = b[:0]
		}
	}
	for _, r := range text {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b = append(b, byte(r))
			case 'A' <= r && r <= 'Z':
				b = append(b, byte(r+'a'-'A'))
			default:
				flush()
			}
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			f := foldRune(r)
			ok = ok && latinWithDiacritics(r) && asciiOnly(f)
			b = append(b, f...)
		case unicode.Is(unicode.Mn, r):
			ok = false
		default:
			flush()
		}
	}
	flush()
	return ok
}

// foldRune is r in lower case without its diacritics.
func foldRune(r rune) string {
	r = unicode.ToLower(r)
	d := norm.NFD.String(string(r))
	var out []rune
	for _, c := range d {
		if !unicode.Is(unicode.Mn, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return string(r)
	}
	return string(out)
}

// latinWithDiacritics reports whether r is one of the Latin letters whose
// diacritics FTS4 removes as Unicode's decompositions do: Latin-1,
// Latin Extended-A and -B and Latin Extended Additional, but for the
// Turkish dotted and dotless i, whose case folding differs, and Ǡ and ǡ,
// which FTS4 leaves as they are. TestResourceIndexFoldsAsSQLite checks
// every one against the SQLite compiled in.
func latinWithDiacritics(r rune) bool {
	switch r {
	case 'İ', 'ı', 'Ǡ', 'ǡ':
		return false
	}
	return (0xC0 <= r && r <= 0x24F && r != 0xD7 && r != 0xF7) || (0x1E00 <= r && r <= 0x1EFF)
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWord reports whether w is a search word the copy can answer: ASCII
// letters and digits only, as FTS4 would tokenize it to itself.
func asciiWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// rank returns up to limit docids of rows with a token starting with
// prefix, best first by kindred_bm25 (fts_rank.go) with the given column
// weights, then by docid, leaving out those in skip: what rankedMatches'
// query returns for the one-word match "prefix*".
func (ix *resourceIndex) rank(prefix string, weights []float64, skip []int64, limit int) []int64 {
	if limit <= 0 || len(ix.ids) == 0 {
		return nil
	}
	first, _ := slices.BinarySearch(ix.terms, prefix)
	last := first
	for last < len(ix.terms) && strings.HasPrefix(ix.terms[last], prefix) {
		last++
	}
	if first == last {
		return nil
	}
	// Each row's hits of the phrase per column, over every term it covers.
	var tf [][ftsColumns]uint32
	var single []posting
	if last-first == 1 {
		single = ix.posts[first]
	} else {
		tf = make([][ftsColumns]uint32, len(ix.ids))
		for _, ps := range ix.posts[first:last] {
			for _, p := range ps {
				for c := range ftsColumns {
					tf[p.row][c] += uint32(p.tf[c])
				}
			}
		}
	}
	hitsOf := func(yield func(row int32, hits [ftsColumns]uint32)) {
		if single != nil {
			for _, p := range single {
				yield(p.row, [ftsColumns]uint32{uint32(p.tf[0]), uint32(p.tf[1]), uint32(p.tf[2])})
			}
			return
		}
		for row, hits := range tf {
			if hits != [ftsColumns]uint32{} {
				yield(int32(row), hits)
			}
		}
	}
	// Rows with a hit in each column: matchinfo 'x''s third number.
	var docs [ftsColumns]float64
	hitsOf(func(_ int32, hits [ftsColumns]uint32) {
		for c := range ftsColumns {
			if hits[c] > 0 {
				docs[c]++
			}
		}
	})
	// The same arithmetic as kindred_bm25, in the same order, with the
	// same C library's log.
	k1, b := 1.2, 0.75 // variables, not constants: C computes k1 + 1 and 1 - b at run time
	var idf, avg [ftsColumns]float64
	for c := range ftsColumns {
		idf[c] = max(float64(C.kindred_log(C.double((ix.n-docs[c]+0.5)/(docs[c]+0.5)))), 0.01)
		avg[c] = max(float64(ix.avg[c]), 1)
	}
	type scored struct {
		id    int64
		score float64
	}
	best := make([]scored, 0, limit+1)
	better := func(a, b scored) bool { return a.score > b.score || a.score == b.score && a.id < b.id }
	hitsOf(func(row int32, hits [ftsColumns]uint32) {
		id := ix.ids[row]
		if slices.Contains(skip, id) {
			return
		}
		score := 0.0
		for c := 0; c < ftsColumns && c < len(weights); c++ {
			if hits[c] == 0 {
				continue
			}
			t := float64(hits[c])
			num := float64(float64(float64(weights[c]*idf[c])*t) * (k1 + 1))
			den := t + float64(k1*float64(1-b+float64(float64(b*float64(ix.lens[row][c]))/avg[c])))
			score += float64(num / den)
		}
		s := scored{id, score}
		if len(best) == limit && !better(s, best[limit-1]) {
			return
		}
		i, _ := slices.BinarySearchFunc(best, s, func(x, y scored) int {
			if better(x, y) {
				return -1
			}
			return 1
		})
		best = slices.Insert(best, i, s)
		if len(best) > limit {
			best = best[:limit]
		}
	})
	out := make([]int64, len(best))
	for i, s := range best {
		out[i] = s.id
	}
	return out
}
