package data_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	resGuildA = "100000000000000001"
	resGuildB = "100000000000000002"
	resMod    = "200000000000000009"
)

func validResource(name string) data.Resource {
	return data.Resource{
		Name:        name,
		Category:    data.CategoryHotline,
		Description: "Listening support for anyone who is struggling.",
		Phone:       "0800 123 4567",
		Website:     "https://example.org",
		Hours:       "24/7",
		Region:      "London",
	}
}

func mustAdd(t testing.TB, s *data.Store, guildID string, r data.Resource) data.Resource {
	t.Helper()
	got, err := s.AddResource(context.Background(), guildID, resMod, r)
	if err != nil {
		t.Fatalf("AddResource(%q): %v", r.Name, err)
	}
	return got
}

func names(rs []data.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func TestAddResourceRejectsBadInput(t *testing.T) {
	tests := []struct {
		name   string
		change func(*data.Resource)
		want   string // part of the message
	}{
		{"no name", func(r *data.Resource) { r.Name = "  " }, "needs a name"},
		{"long name", func(r *data.Resource) { r.Name = strings.Repeat("a", 101) }, "at most 100 characters"},
		{"unknown category", func(r *data.Resource) { r.Category = "pizza" }, "category \"pizza\""},
		{"no description", func(r *data.Resource) { r.Description = "" }, "what the resource is for"},
		{"long description", func(r *data.Resource) { r.Description = strings.Repeat("x", 1001) }, "at most 1000"},
		{"words for a phone", func(r *data.Resource) { r.Phone = "call us anytime" }, "doesn't look like a phone number"},
		{"one digit phone", func(r *data.Resource) { r.Phone = "5" }, "doesn't look like a phone number"},
		{"too many digits", func(r *data.Resource) { r.Phone = "1234567890123456" }, "doesn't look like a phone number"},
		{"second phone bad", func(r *data.Resource) { r.Phone = "0800 123 4567, ring us" }, "\"ring us\""},
		{"plus in the middle", func(r *data.Resource) { r.Phone = "0800+123" }, "phone number"},
		{"text without a number", func(r *data.Resource) { r.Text = "text us" }, "number to text"},
		{"not a url", func(r *data.Resource) { r.Website = "not a website" }, "isn't a web address"},
		{"javascript url", func(r *data.Resource) { r.Website = "javascript:alert(1)" }, "isn't a web address"},
		{"no dot in host", func(r *data.Resource) { r.Website = "https://localhost/x" }, "isn't a web address"},
		{"ftp url", func(r *data.Resource) { r.Website = "ftp://example.org" }, "isn't a web address"},
		{"too many tags", func(r *data.Resource) { r.Tags = []string{"a,b,c,d,e,f,g,h,i,j,k"} }, "at most 10 tags"},
		{"long tag", func(r *data.Resource) { r.Tags = []string{strings.Repeat("t", 31)} }, "longer than 30"},
		{"long region", func(r *data.Resource) { r.Region = strings.Repeat("r", 41) }, "region can be at most 40"},
		{"long hours", func(r *data.Resource) { r.Hours = strings.Repeat("h", 101) }, "hours can be at most 100"},
		{"two problems", func(r *data.Resource) { r.Name = ""; r.Website = "nope" }, "needs a name; \"nope\""},
	}
	ctx := context.Background()
	s := mustOpen(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validResource("Samaritans")
			tt.change(&r)
			_, err := s.AddResource(ctx, resGuildA, resMod, r)
			if !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
		})
	}
	all, err := s.AllResources(ctx, resGuildA)
	if err != nil || len(all) != 0 {
		t.Fatalf("after bad input the directory has %v (err %v), want nothing", names(all), err)
	}
}

func TestAddResourceNormalizes(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	got := mustAdd(t, s, resGuildA, data.Resource{
		Name:        "  Peer   Support Line ",
		Category:    "Support group",
		Description: " Weekly group. ",
		Tags:        []string{" Peer Support, peer support ,Youth", "LGBTQ+"},
		Phone:       "(020) 7946 0000 or +44 20 7946 0001; 020.7946.0002",
		Text:        "Text SHOUT to 85258",
		Website:     "example.org/groups",
		Region:      " North  London ",
	})
	want := data.Resource{
		ID: got.ID, GuildID: resGuildA, Name: "Peer Support Line", Category: data.CategorySupportGroup,
		Description: "Weekly group.", Tags: []string{"peer support", "youth", "lgbtq+"},
		Phone: "(020) 7946 0000 or +44 20 7946 0001; 020.7946.0002", Text: "Text SHOUT to 85258",
		Website: "https://example.org/groups", Region: "North London",
		LastChecked: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
		CreatedBy:   resMod, CreatedAt: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
		UpdatedBy: resMod, UpdatedAt: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
	}
	loaded, err := s.Resource(ctx, resGuildA, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []data.Resource{got, loaded} {
		if fmt.Sprintf("%+v", r) != fmt.Sprintf("%+v", want) {
			t.Errorf("resource =\n%+v\nwant\n%+v", r, want)
		}
	}
	if got, want := loaded.CategoryLabel(), "Support group"; got != want {
		t.Errorf("CategoryLabel = %q, want %q", got, want)
	}
}

func TestResourceNamesAreUniquePerServer(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	first := mustAdd(t, s, resGuildA, validResource("Samaritans"))
	if _, err := s.AddResource(ctx, resGuildA, resMod, validResource("SAMARITANS ")); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("duplicate name: err = %v, want ErrConflict", err)
	}
	mustAdd(t, s, resGuildB, validResource("Samaritans")) // another server may use the name
	other := mustAdd(t, s, resGuildA, validResource("Mind"))
	if _, err := s.UpdateResource(ctx, resGuildA, resMod, other.ID, validResource("samaritans")); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("rename onto another's name: err = %v, want ErrConflict", err)
	}
	// Renaming a resource to a new case of its own name is fine.
	if _, err := s.UpdateResource(ctx, resGuildA, resMod, first.ID, validResource("The Samaritans")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateResource(ctx, resGuildA, resMod, first.ID, validResource("the samaritans")); err != nil {
		t.Fatal(err)
	}
}

func TestResourcesStayInTheirServer(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a := mustAdd(t, s, resGuildA, validResource("Samaritans"))
	tests := []struct {
		name string
		call func() error
	}{
		{"read", func() error { _, err := s.Resource(ctx, resGuildB, a.ID); return err }},
		{"by name", func() error { _, err := s.ResourceByName(ctx, resGuildB, "Samaritans"); return err }},
		{"update", func() error {
			_, err := s.UpdateResource(ctx, resGuildB, resMod, a.ID, validResource("Taken over"))
			return err
		}},
		{"remove", func() error { _, err := s.RemoveResource(ctx, resGuildB, a.ID); return err }},
		{"checked", func() error { _, err := s.MarkResourceChecked(ctx, resGuildB, a.ID); return err }},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("%s from another server: err = %v, want ErrNotFound", tt.name, err)
		}
	}
	for _, q := range []string{"samaritans", "sam", "london"} {
		if got, err := s.SearchResources(ctx, resGuildB, q, 25); err != nil || len(got) != 0 {
			t.Errorf("search %q in a server with no resources = %v, %v; want nothing", q, names(got), err)
		}
	}
	b := validResource("Cymru helpline")
	b.Description = "Samaritans in Wales."
	mustAdd(t, s, resGuildB, b)
	for _, q := range []string{"samaritans", "sam", "london", "listening", "hotline"} {
		got, err := s.SearchResources(ctx, resGuildB, q, 25)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if r.GuildID != resGuildB {
				t.Errorf("search %q in server B found %q of server %s", q, r.Name, r.GuildID)
			}
		}
	}
	if got, _ := s.SearchResources(ctx, resGuildB, "wales", 25); !slices.Equal(names(got), []string{"Cymru helpline"}) {
		t.Errorf("search in server B = %q, want its own resource", names(got))
	}
	if got, total, _ := s.BrowseResources(ctx, resGuildB, data.ResourceFilter{}, 0, 10); len(got) != 1 || total != 1 {
		t.Errorf("browse in server B = %v (%d), want only its own", names(got), total)
	}
	still, err := s.Resource(ctx, resGuildA, a.ID)
	if err != nil || still.Name != "Samaritans" {
		t.Fatalf("resource after another server's attempts = %+v, %v", still, err)
	}
}

func TestUpdateRemoveAndMarkChecked(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := mustAdd(t, s, resGuildA, validResource("Samaritans"))
	later := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return later }

	edit := validResource("Samaritans UK")
	edit.Description = "Someone to talk to, day or night."
	up, err := s.UpdateResource(ctx, resGuildA, "200000000000000001", r.ID, edit)
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "Samaritans UK" || up.Description != edit.Description || !up.LastChecked.Equal(r.LastChecked) ||
		!up.UpdatedAt.Equal(later) || up.UpdatedBy != "200000000000000001" || up.CreatedBy != resMod {
		t.Fatalf("updated = %+v", up)
	}
	if got, _ := s.SearchResources(ctx, resGuildA, "someone night", 5); len(got) != 1 {
		t.Errorf("search after edit found %v, want the edited resource", names(got))
	}
	checked, err := s.MarkResourceChecked(ctx, resGuildA, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !checked.LastChecked.Equal(later) {
		t.Errorf("last checked = %v, want %v", checked.LastChecked, later)
	}
	gone, err := s.RemoveResource(ctx, resGuildA, r.ID)
	if err != nil || gone.Name != "Samaritans UK" {
		t.Fatalf("remove = %+v, %v", gone, err)
	}
	if _, err := s.Resource(ctx, resGuildA, r.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("after remove: err = %v, want ErrNotFound", err)
	}
	if got, _ := s.SearchResources(ctx, resGuildA, "samaritans", 5); len(got) != 0 {
		t.Errorf("search after remove found %v", names(got))
	}
	if _, err := s.RemoveResource(ctx, resGuildA, r.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("second remove: err = %v, want ErrNotFound", err)
	}
}

func TestSearchResources(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	add := func(name, category, desc, tags, region string) {
		mustAdd(t, s, resGuildA, data.Resource{Name: name, Category: category, Description: desc, Tags: []string{tags}, Region: region})
	}
	add("Anxiety UK", data.CategoryHotline, "Support for anxiety, stress and panic.", "anxiety, panic", "UK")
	add("Calm Harm", data.CategoryApp, "An app to help resist self-harm urges; also helps with anxiety.", "self-harm", "")
	add("Café Conversations", data.CategorySupportGroup, "A weekly peer group over coffee.", "peer support", "Manchester")
	add("Mind", data.CategoryLocalService, "Mental health charity with local branches.", "", "England")
	add("Hearing Voices Network", data.CategorySupportGroup, "Groups for people who hear voices.", "psychosis", "")
	add("Anx", data.CategoryOther, "Short name.", "", "")

	tests := []struct {
		query string
		want  []string // in order; nil = exactly nothing
	}{
		{"anxiety", []string{"Anxiety UK", "Calm Harm"}},
		{"anx", []string{"Anx", "Anxiety UK", "Calm Harm"}}, // exact name first, then name prefix
		{"ANXIETY uk", []string{"Anxiety UK"}},
		{"cafe", []string{"Café Conversations"}},
		{"coffee", []string{"Café Conversations"}},
		{"manchester", []string{"Café Conversations"}},
		{"support group", []string{"Café Conversations", "Hearing Voices Network"}},
		{"psychosis", []string{"Hearing Voices Network"}},
		{"self-harm", []string{"Calm Harm"}},
		{"nothing like this", nil},
	}
	for _, tt := range tests {
		got, err := s.SearchResources(ctx, resGuildA, tt.query, 25)
		if err != nil {
			t.Errorf("search %q: %v", tt.query, err)
			continue
		}
		if !slices.Equal(names(got), tt.want) {
			t.Errorf("search %q = %q, want %q", tt.query, names(got), tt.want)
		}
	}
	if got, _ := s.SearchResources(ctx, resGuildA, "a", 2); len(got) != 2 {
		t.Errorf("search with limit 2 returned %d", len(got))
	}
}

func TestSearchNeverFailsOnQuerySyntax(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustAdd(t, s, resGuildA, validResource("Samaritans"))
	for _, q := range []string{`"`, `sam"`, `*`, `sam*`, `AND`, `sam OR`, `NOT sam`, `(sam`, `name:sam`, `-sam`,
		`NEAR/2 sam`, `sam NEAR`, `'; DROP TABLE resources; --`, `^sam`, `s\am`, `sám`, strings.Repeat("sam ", 100), `%_`} {
		if _, err := s.SearchResources(ctx, resGuildA, q, 25); err != nil && !errors.Is(err, data.ErrInvalid) {
			t.Errorf("search %q: %v", q, err)
		}
		if _, err := s.SuggestResources(ctx, resGuildA, q, 25); err != nil {
			t.Errorf("suggest %q: %v", q, err)
		}
	}
	for _, q := range []string{"", "   ", "*", `"()"`} {
		if _, err := s.SearchResources(ctx, resGuildA, q, 25); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("search %q: err = %v, want ErrInvalid", q, err)
		}
	}
	if got, err := s.SearchResources(ctx, resGuildA, `"sam"`, 25); err != nil || len(got) != 1 {
		t.Errorf(`search "sam" with quotes = %v, %v; want Samaritans`, names(got), err)
	}
}

func TestSuggestResourcesWithNothingTyped(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, n := range []string{"Zebra", "apple", "Mango"} {
		mustAdd(t, s, resGuildA, validResource(n))
	}
	got, err := s.SuggestResources(ctx, resGuildA, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"apple", "Mango"}; !slices.Equal(names(got), want) {
		t.Fatalf("suggest \"\" = %q, want %q", names(got), want)
	}
}

func TestBrowseResources(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for i := range 12 {
		r := validResource(fmt.Sprintf("Resource %02d", i))
		if i%3 == 0 {
			r.Category = data.CategoryApp
		}
		if i%2 == 0 {
			r.Region = "Île-de-France"
		}
		mustAdd(t, s, resGuildA, r)
	}
	tests := []struct {
		name          string
		f             data.ResourceFilter
		offset, limit int
		want          []string
		total         int
	}{
		{"first page", data.ResourceFilter{}, 0, 5, []string{"Resource 00", "Resource 01", "Resource 02", "Resource 03", "Resource 04"}, 12},
		{"last page", data.ResourceFilter{}, 10, 5, []string{"Resource 10", "Resource 11"}, 12},
		{"past the end", data.ResourceFilter{}, 20, 5, nil, 12},
		{"category", data.ResourceFilter{Category: "App"}, 0, 10, []string{"Resource 00", "Resource 03", "Resource 06", "Resource 09"}, 4},
		{"region any case", data.ResourceFilter{Region: "ÎLE-DE-FRANCE"}, 0, 3, []string{"Resource 00", "Resource 02", "Resource 04"}, 6},
		{"both", data.ResourceFilter{Category: data.CategoryApp, Region: "île-de-france"}, 0, 10, []string{"Resource 00", "Resource 06"}, 2},
		{"no such region", data.ResourceFilter{Region: "Mars"}, 0, 10, nil, 0},
	}
	for _, tt := range tests {
		got, total, err := s.BrowseResources(ctx, resGuildA, tt.f, tt.offset, tt.limit)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !slices.Equal(names(got), tt.want) || total != tt.total {
			t.Errorf("%s = %q (%d), want %q (%d)", tt.name, names(got), total, tt.want, tt.total)
		}
	}
	if _, _, err := s.BrowseResources(ctx, resGuildA, data.ResourceFilter{Category: "pizza"}, 0, 5); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("unknown category: err = %v, want ErrInvalid", err)
	}
	regions, err := s.ResourceRegions(ctx, resGuildA, "îl", 25)
	if err != nil || !slices.Equal(regions, []string{"Île-de-France"}) {
		t.Errorf("regions \"îl\" = %q, %v", regions, err)
	}
	regions, _ = s.ResourceRegions(ctx, resGuildA, "", 25)
	if want := []string{"London", "Île-de-France"}; !slices.Equal(regions, want) {
		t.Errorf("regions = %q, want %q", regions, want)
	}
}

func TestStaleResources(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	at := func(d time.Time) { s.Now = func() time.Time { return d } }
	at(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	old := mustAdd(t, s, resGuildA, validResource("Old"))
	at(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	mustAdd(t, s, resGuildA, validResource("Older check"))
	at(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	mustAdd(t, s, resGuildA, validResource("Fresh"))
	mustAdd(t, s, resGuildB, validResource("Other server"))

	cutoff := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	got, err := s.StaleResources(ctx, resGuildA, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Old", "Older check"}; !slices.Equal(names(got), want) {
		t.Fatalf("stale = %q, want %q", names(got), want)
	}
	if _, err := s.MarkResourceChecked(ctx, resGuildA, old.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.StaleResources(ctx, resGuildA, cutoff)
	if want := []string{"Older check"}; !slices.Equal(names(got), want) {
		t.Fatalf("stale after checking = %q, want %q", names(got), want)
	}
}

func TestImportResourcesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	existing := mustAdd(t, s, resGuildA, validResource("Samaritans"))

	good := func(row int, name string) data.ImportRow {
		return data.ImportRow{Row: row, Resource: validResource(name)}
	}
	bad := good(4, "Broken")
	bad.Resource.Website = "not a website"
	dup := good(5, "mind")
	_, err := s.ImportResources(ctx, resGuildA, resMod, []data.ImportRow{good(2, "Mind"), good(3, "Shout"), bad, dup})
	var ie *data.ImportError
	if !errors.As(err, &ie) || !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("import with bad rows: err = %v, want *ImportError matching ErrInvalid", err)
	}
	if len(ie.Problems) != 2 || ie.Problems[0].Row != 4 || ie.Problems[1].Row != 5 {
		t.Fatalf("problems = %+v, want rows 4 and 5", ie.Problems)
	}
	if msg := ie.Problems[1].Err.Error(); !strings.Contains(msg, "same name as row 2") {
		t.Errorf("duplicate row message = %q", msg)
	}
	if all, _ := s.AllResources(ctx, resGuildA); !slices.Equal(names(all), []string{"Samaritans"}) {
		t.Fatalf("after a failed import the directory is %q, want it unchanged", names(all))
	}

	updated := good(3, "SAMARITANS")
	updated.Resource.Description = "Updated from the spreadsheet."
	updated.Resource.LastChecked = time.Date(2026, 5, 5, 0, 0, 0, 0, time.UTC)
	sum, err := s.ImportResources(ctx, resGuildA, resMod, []data.ImportRow{good(2, "Mind"), updated})
	if err != nil {
		t.Fatal(err)
	}
	if sum != (data.ImportSummary{Added: 1, Updated: 1}) {
		t.Errorf("summary = %+v, want 1 added, 1 updated", sum)
	}
	got, _ := s.Resource(ctx, resGuildA, existing.ID)
	if got.Description != "Updated from the spreadsheet." || got.Name != "SAMARITANS" || !got.LastChecked.Equal(updated.Resource.LastChecked) {
		t.Errorf("updated resource = %+v", got)
	}

	if _, err := s.ImportResources(ctx, resGuildA, resMod, nil); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("empty import: err = %v, want ErrInvalid", err)
	}
	tooMany := make([]data.ImportRow, data.MaxImportRows+1)
	if _, err := s.ImportResources(ctx, resGuildA, resMod, tooMany); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("huge import: err = %v, want ErrInvalid", err)
	}
}

func TestRemovingEveryResourceLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kindred.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := mustAdd(t, s, resGuildA, validResource("Samaritans"))
	b := mustAdd(t, s, resGuildA, validResource("Mind"))
	mustAdd(t, s, resGuildB, validResource("Shout"))
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, id := range []int64{a.ID, b.ID} {
		if _, err := s.RemoveResource(ctx, resGuildA, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(`SELECT count(*) FROM resource_guilds WHERE guild_id = ?`, resGuildA); n != 0 {
		t.Errorf("server A still has %d rows in resource_guilds", n)
	}
	if n := count(`SELECT count(*) FROM resources_fts`); n != 1 {
		t.Errorf("the search index has %d entries, want only server B's", n)
	}
	// A server that comes back gets a fresh number and finds its own again.
	mustAdd(t, s, resGuildA, validResource("Samaritans"))
	got, err := s.SearchResources(ctx, resGuildA, "samaritans", 5)
	if err != nil || !slices.Equal(names(got), []string{"Samaritans"}) {
		t.Fatalf("search after re-adding = %q, %v", names(got), err)
	}
	if got, _ := s.SearchResources(ctx, resGuildB, "listening", 5); !slices.Equal(names(got), []string{"Shout"}) {
		t.Fatalf("server B search = %q", names(got))
	}
}
