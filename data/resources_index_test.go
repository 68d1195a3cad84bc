package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

const indexGuild = "900000000000000001"

func openIndexStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kindred.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { s.Close() })
	return s
}

// seedIndexResources imports n resources of words drawn from words.
func seedIndexResources(t *testing.T, s *Store, guildID string, n int, words []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(k int) string {
		var ws []string
		for range k {
			ws = append(ws, words[rng.IntN(len(words))])
		}
		return strings.Join(ws, " ")
	}
	cats := ResourceCategories()
	rows := make([]ImportRow, n)
	for i := range rows {
		rows[i] = ImportRow{Row: i + 2, Resource: Resource{
			Name:        fmt.Sprintf("%s %d", pick(1+rng.IntN(3)), i),
			Category:    cats[rng.IntN(len(cats))].Key,
			Description: pick(1+rng.IntN(30)) + ".",
			Tags:        []string{pick(1), pick(1)},
			Region:      pick(rng.IntN(2)),
			Languages:   pick(rng.IntN(2)),
			Address:     pick(rng.IntN(4)),
		}}
	}
	if _, err := s.ImportResources(context.Background(), guildID, "mod", rows); err != nil {
		t.Fatal(err)
	}
}

// TestResourceIndexRanksAsSQLite compares the in-memory ranking with
// SQLite's for every prefix of one to five letters of every word, with
// and without names left out, over resources with repeated words, digits,
// punctuation and Latin letters with diacritics.
func TestResourceIndexRanksAsSQLite(t *testing.T) {
	ctx := context.Background()
	s := openIndexStore(t)
	words := strings.Fields(`anxiety anxious support supporter helpline help grief café Café CAFÉ gŵyl Gŵyl résumé naïve
		self-harm peer-support 24/7 A&E 0800 999 NHS mind Mind line lines lonely loneliness sleep walk walking art
		a b c d an ann anne x-ray e-mail don't it's über Zoë façade`)
	seedIndexResources(t, s, indexGuild, 1500, words)
	// Another server's rows count in FTS4's totals too.
	seedIndexResources(t, s, "900000000000000002", 300, words)
	ix, err := s.resourceIndexFor(ctx, indexGuild)
	if err != nil || ix == nil || !ix.exact {
		t.Fatalf("index = %+v, %v; want an exact one", ix != nil && ix.exact, err)
	}
	prefixes := map[string]bool{}
	for _, w := range words {
		for _, tok := range resourceSearchTerms(w) {
			tok = strings.NewReplacer("é", "e", "ŵ", "w", "ï", "i", "ü", "u", "ë", "e", "ç", "c").Replace(tok)
			for n := 1; n <= min(5, len(tok)); n++ {
				prefixes[tok[:n]] = true
			}
		}
	}
	for p := range prefixes {
		if !asciiWord(p) {
			continue
		}
		for _, skip := range [][]int64{nil, {ix.ids[0], ix.ids[7], ix.ids[100]}} {
			for _, limit := range []int{1, 25} {
				want, err := s.rankedMatchesSQL(ctx, indexGuild, p+"*", skip, limit)
				if err != nil {
					t.Fatal(err)
				}
				if got := ix.rank(p, ftsColumnWeights, skip, limit); !slices.Equal(got, want) {
					t.Errorf("rank %q (skip %v, limit %d) = %v, SQLite says %v", p, skip, limit, got, want)
				}
			}
		}
	}
}

// TestResourceIndexFoldsAsSQLite checks, letter by letter, that FTS4
// folds every Latin letter with diacritics the copy accepts as the copy
// does.
func TestResourceIndexFoldsAsSQLite(t *testing.T) {
	ctx := context.Background()
	s := openIndexStore(t)
	var rows []ImportRow
	var folded []string
	for r := rune(0xC0); r <= 0x1EFF; r++ {
		if !unicode.IsLetter(r) || !latinWithDiacritics(r) {
			continue
		}
		f := foldRune(r)
		if !asciiOnly(f) {
			continue
		}
		rows = append(rows, ImportRow{Row: len(rows) + 2, Resource: Resource{
			Name: fmt.Sprintf("Item %d", len(rows)), Category: CategoryOther, Description: "qq" + string(r) + "zz",
		}})
		folded = append(folded, "qq"+f+"zz")
	}
	if _, err := s.ImportResources(ctx, indexGuild, "mod", rows); err != nil {
		t.Fatal(err)
	}
	ix, err := s.resourceIndexFor(ctx, indexGuild)
	if err != nil || ix == nil || !ix.exact {
		t.Fatalf("index exact = %v, %v", ix != nil && ix.exact, err)
	}
	for i, f := range folded {
		ids, err := s.rankedMatchesSQL(ctx, indexGuild, f, nil, len(rows))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(ids, ix.ids[i]) {
			t.Errorf("FTS4 does not fold %q to %q", rows[i].Resource.Description, f)
		}
	}
}

// TestResourceIndexFollowsChanges: every change to resources, through
// the store or not, is seen by the next search; text the copy cannot
// vouch for sends the server's searches to SQLite, with the same results.
func TestResourceIndexFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s := openIndexStore(t)
	search := func(q string) []string {
		t.Helper()
		got, err := s.SearchResources(ctx, indexGuild, q, 25)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range got {
			out = append(out, r.Name)
		}
		return out
	}
	add := func(name, desc string) Resource {
		t.Helper()
		r, err := s.AddResource(ctx, indexGuild, "mod", Resource{Name: name, Category: CategoryOther, Description: desc})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := add("Samaritans", "Listening, any time.")
	add("Shout", "Text support.")
	if got := search("list"); !slices.Equal(got, []string{"Samaritans"}) {
		t.Fatalf("search list = %q", got)
	}
	if _, err := s.UpdateResource(ctx, indexGuild, "mod", a.ID, Resource{Name: "Samaritans", Category: CategoryOther, Description: "Calls, any time."}); err != nil {
		t.Fatal(err)
	}
	if got := search("list"); got != nil {
		t.Errorf("after the edit, search list = %q", got)
	}
	if got := search("call"); !slices.Equal(got, []string{"Samaritans"}) {
		t.Errorf("after the edit, search call = %q", got)
	}
	// A write that is not the store's.
	if _, err := s.write.ExecContext(ctx, `UPDATE resources SET description = 'Texting support line.' WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := search("texting"); !slices.Equal(got, []string{"Samaritans"}) {
		t.Errorf("after an outside edit, search texting = %q", got)
	}
	add("Телефон доверия", "Support line, in Russian.")
	ix, err := s.resourceIndexFor(ctx, indexGuild)
	if err != nil || ix == nil || ix.exact {
		t.Fatalf("with Cyrillic names the index should leave ranking to SQLite: %+v, %v", ix, err)
	}
	if got := search("sup"); len(got) != 3 {
		t.Errorf("search sup = %q", got)
	}
	if _, err := s.RemoveResource(ctx, indexGuild, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := search("texting"); got != nil {
		t.Errorf("after removing it, search texting = %q", got)
	}
}
