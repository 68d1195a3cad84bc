package data_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/data"
)

const (
	scGuildA = "100000000000000001"
	scGuildB = "100000000000000002"
	scMod    = "200000000000000009"
	scUser1  = "200000000000000001"
	scUser2  = "200000000000000002"
	scChan   = "300000000000000001"
)

// bannedPromptWords are medical claims (and preaching) Kindred's own
// prompts must not make: it is not a therapist.
var bannedPromptWords = regexp.MustCompile(`(?i)\b(cure[sd]?|curing|treat(s|ed|ing|ment)?|diagnos\w*|heal(s|ed|ing)?|therap\w*|symptoms?|medicat\w*|medicine|prescri\w*|remed\w*|disorder|clinical|you should|you must|you need to)\b`)

func TestShippedPromptLibrary(t *testing.T) {
	ps := data.ShippedSelfCarePrompts()
	if got, want := len(ps), 110; got < want {
		t.Fatalf("library has %d prompts, want at least %d", got, want)
	}
	perCategory := map[string]int{}
	keys := map[string]string{}
	refs := map[string]bool{}
	for _, p := range ps {
		if !data.IsSelfCareCategory(p.Category) {
			t.Errorf("%s: unknown category %q", p.Ref, p.Category)
		}
		perCategory[p.Category]++
		if n := utf8.RuneCountInString(p.Text); n > data.MaxSelfCarePrompt || n < data.MinSelfCarePrompt {
			t.Errorf("%s: %d characters, want %d to %d", p.Ref, n, data.MinSelfCarePrompt, data.MaxSelfCarePrompt)
		}
		if m := bannedPromptWords.FindString(p.Text); m != "" {
			t.Errorf("%s: says %q; prompts make no medical claims and don't preach", p.Ref, m)
		}
		if refs[p.Ref] {
			t.Errorf("%s: ref repeated", p.Ref)
		}
		refs[p.Ref] = true
		key := data.SelfCarePromptKey(p.Text)
		if other, dup := keys[key]; dup {
			t.Errorf("%s repeats %s", p.Ref, other)
		}
		keys[key] = p.Ref
		if !p.Shipped || !p.Enabled {
			t.Errorf("%s: shipped=%v enabled=%v, want both", p.Ref, p.Shipped, p.Enabled)
		}
	}
	// Balanced: every category has a fair share.
	for _, c := range data.SelfCareCategories() {
		if got, min := perCategory[c], len(ps)/len(data.SelfCareCategories())-2; got < min {
			t.Errorf("category %s has %d prompts, want at least %d", c, got, min)
		}
	}
	// Near-duplicates: prompts sharing most of their words.
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if sim := jaccard(ps[i].Text, ps[j].Text); sim >= 0.6 {
				t.Errorf("%s and %s are nearly the same (%.2f):\n  %s\n  %s", ps[i].Ref, ps[j].Ref, sim, ps[i].Text, ps[j].Text)
			}
		}
	}
}

// jaccard is the overlap of the two texts' sets of words longer than
// three letters.
func jaccard(a, b string) float64 {
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.Fields(data.SelfCarePromptKey(s)) {
			if len(w) > 3 {
				out[w] = true
			}
		}
		return out
	}
	wa, wb := words(a), words(b)
	inter := 0
	for w := range wa {
		if wb[w] {
			inter++
		}
	}
	union := len(wa) + len(wb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func TestParseSelfCareLibraryRejectsBadEntries(t *testing.T) {
	for _, tc := range []struct{ name, json string }{
		{"not json", `{`},
		{"bad id", `[{"id":"Movement 1","category":"movement","text":"Stretch your arms up high."}]`},
		{"repeated id", `[{"id":"rest-01","category":"rest","text":"Lie down for a while."},{"id":"rest-01","category":"rest","text":"Close your eyes for a minute."}]`},
		{"unknown category", `[{"id":"sleep-01","category":"sleep","text":"Go to bed a bit earlier."}]`},
		{"too long", `[{"id":"rest-01","category":"rest","text":"` + strings.Repeat("a", 301) + `"}]`},
		{"stray spaces", `[{"id":"rest-01","category":"rest","text":"Lie  down for a while."}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := data.ParseSelfCareLibrary([]byte(tc.json)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestSelfCarePromptKeyFoldsNearDuplicates(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Drink a glass of water.", "drink a glass of water"},
		{"Don't rush.", "Dont rush"},
		{"Take a walk,  outside!", "take a walk outside"},
		{"It’s okay", "It's okay"},
	} {
		if ka, kb := data.SelfCarePromptKey(tc.a), data.SelfCarePromptKey(tc.b); ka != kb {
			t.Errorf("key(%q)=%q, key(%q)=%q, want equal", tc.a, ka, tc.b, kb)
		}
	}
}

func TestSelfCarePromptManagement(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)

	p, err := s.AddSelfCarePrompt(ctx, scGuildA, scMod, "Rest", "  Put your feet up\nfor five minutes. ")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Text, "Put your feet up for five minutes."; got != want {
		t.Fatalf("text=%q, want %q", got, want)
	}
	if p.Category != data.SelfCareRest || p.Shipped || !p.Enabled || !strings.HasPrefix(p.Ref, "s:") {
		t.Fatalf("added prompt = %+v", p)
	}

	for _, tc := range []struct {
		name, category, text string
		want                 error
	}{
		{"same again", "rest", "put your feet up for five minutes", data.ErrConflict},
		{"one of Kindred's", "movement", strings.ToUpper(data.ShippedSelfCarePrompts()[0].Text), data.ErrConflict},
		{"unknown category", "sleep", "Go to bed a little earlier tonight.", data.ErrInvalid},
		{"too short", "rest", "Rest.", data.ErrInvalid},
		{"too long", "rest", strings.Repeat("rest ", 61), data.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.AddSelfCarePrompt(ctx, scGuildA, scMod, tc.category, tc.text); !errors.Is(err, tc.want) {
				t.Fatalf("err=%v, want %v", err, tc.want)
			}
		})
	}

	// Another server neither sees nor changes it.
	if _, err := s.SelfCarePrompt(ctx, scGuildB, p.Ref); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server reads prompt: err=%v", err)
	}
	if _, err := s.EditSelfCarePrompt(ctx, scGuildB, scMod, p.Ref, "rest", "Changed by another server."); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server edits prompt: err=%v", err)
	}
	if _, _, err := s.SetSelfCarePromptEnabled(ctx, scGuildB, scMod, p.Ref, false); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server disables prompt: err=%v", err)
	}
	if _, err := s.AddSelfCarePrompt(ctx, scGuildB, scMod, "rest", "Put your feet up for five minutes."); err != nil {
		t.Fatalf("same text in another server: %v", err)
	}

	edited, err := s.EditSelfCarePrompt(ctx, scGuildA, scMod, p.Ref, "mindfulness", "Put your feet up and notice your breathing.")
	if err != nil {
		t.Fatal(err)
	}
	if edited.Category != data.SelfCareMindfulness || edited.Text != "Put your feet up and notice your breathing." {
		t.Fatalf("edited = %+v", edited)
	}
	shipped := data.ShippedSelfCarePrompts()[3]
	if _, err := s.EditSelfCarePrompt(ctx, scGuildA, scMod, shipped.Ref, "rest", "Something else entirely."); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("editing Kindred's prompt: err=%v, want ErrInvalid", err)
	}

	for _, ref := range []string{p.Ref, shipped.Ref} {
		got, changed, err := s.SetSelfCarePromptEnabled(ctx, scGuildA, scMod, ref, false)
		if err != nil || !changed || got.Enabled {
			t.Fatalf("disable %s: %+v changed=%v err=%v", ref, got, changed, err)
		}
		if _, changed, err := s.SetSelfCarePromptEnabled(ctx, scGuildA, scMod, ref, false); err != nil || changed {
			t.Fatalf("disable %s twice: changed=%v err=%v", ref, changed, err)
		}
	}
	if got, err := s.SelfCarePrompt(ctx, scGuildB, shipped.Ref); err != nil || !got.Enabled {
		t.Fatalf("Kindred's prompt in another server: %+v err=%v, want enabled", got, err)
	}
	all, err := s.SelfCarePrompts(ctx, scGuildA)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all), len(data.ShippedSelfCarePrompts())+1; got != want {
		t.Fatalf("%d prompts, want %d", got, want)
	}
	disabled := 0
	for _, q := range all {
		if !q.Enabled {
			disabled++
		}
	}
	if disabled != 2 {
		t.Fatalf("%d disabled, want 2", disabled)
	}
	if got, _, err := s.SetSelfCarePromptEnabled(ctx, scGuildA, scMod, shipped.Ref, true); err != nil || !got.Enabled {
		t.Fatalf("enable: %+v err=%v", got, err)
	}
	if _, err := s.SelfCarePrompt(ctx, scGuildA, "k:nope-01"); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("unknown ref: err=%v", err)
	}
}

func TestImportSelfCarePrompts(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.AddSelfCarePrompt(ctx, scGuildA, scMod, "rest", "Put your feet up for five minutes."); err != nil {
		t.Fatal(err)
	}
	in := []data.SelfCarePrompt{
		{Category: "movement", Text: "Walk to the end of the street and back."},
		{Category: "rest", Text: "Put your feet up for five minutes!"},               // the server has it
		{Category: "nourishment", Text: data.ShippedSelfCarePrompts()[70].Text},      // Kindred has it
		{Category: "creativity", Text: "Write a haiku about your breakfast."},        // new
		{Category: "creativity", Text: "write a haiku about your breakfast"},         // repeats the line before
		{Category: "connection", Text: "Wave at a neighbour today, if you see one."}, // new
	}
	added, skipped, err := s.ImportSelfCarePrompts(ctx, scGuildA, scMod, in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(added), 3; got != want {
		t.Fatalf("added %d, want %d", got, want)
	}
	if got, want := len(skipped), 3; got != want {
		t.Fatalf("skipped %d, want %d", got, want)
	}

	// One bad line: nothing is added, and the error names the line.
	bad := []data.SelfCarePrompt{{Category: "rest", Text: "Have a long bath tonight."}, {Category: "sleep", Text: "Go to bed early."}}
	_, _, err = s.ImportSelfCarePrompts(ctx, scGuildA, scMod, bad)
	if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err=%v, want ErrInvalid naming line 2", err)
	}
	all, err := s.SelfCarePrompts(ctx, scGuildA)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all), len(data.ShippedSelfCarePrompts())+4; got != want {
		t.Fatalf("%d prompts after a refused import, want %d", got, want)
	}
}

// pick picks the next channel prompt for a fresh delivery key.
func pick(t *testing.T, s *data.Store, guildID string, n int) data.SelfCarePost {
	t.Helper()
	p, err := s.PickSelfCarePrompt(context.Background(), data.SelfCarePick{GuildID: guildID, DeliveryKey: fmt.Sprintf("test:%d", n), ScheduleID: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRotationNeverRepeatsWithinAPoolAndMixesCategories(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kindred.db")
	open := func() *data.Store {
		s, err := data.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	// Some of the server's own prompts join Kindred's, one of each is
	// disabled, so the pool is neither just the library nor all of it.
	own := []string{"Write a haiku about your breakfast.", "Wave at a neighbour today.", "Stretch your fingers wide, then make a fist."}
	for i, text := range own {
		if _, err := s.AddSelfCarePrompt(ctx, scGuildA, scMod, data.SelfCareCategories()[i], text); err != nil {
			t.Fatal(err)
		}
	}
	shipped := data.ShippedSelfCarePrompts()
	if _, _, err := s.SetSelfCarePromptEnabled(ctx, scGuildA, scMod, shipped[5].Ref, false); err != nil {
		t.Fatal(err)
	}
	all, err := s.SelfCarePrompts(ctx, scGuildA)
	if err != nil {
		t.Fatal(err)
	}
	pool := map[string]string{}
	for _, p := range all {
		if p.Enabled {
			pool[p.Ref] = p.Category
		}
	}
	n := len(pool)

	var picks []data.SelfCarePost
	for i := range 3*n + 10 {
		if i == n+n/2 || i == 2*n+1 { // restarts, mid-turn and just after a turn ended
			s.Close()
			s = open()
		}
		picks = append(picks, pick(t, s, scGuildA, i))
	}
	defer s.Close()

	for turn := 0; turn*n < len(picks); turn++ {
		seen := map[string]bool{}
		for _, p := range picks[turn*n : min((turn+1)*n, len(picks))] {
			if _, ok := pool[p.PromptRef]; !ok {
				t.Fatalf("picked %s, which is not in the pool", p.PromptRef)
			}
			if seen[p.PromptRef] {
				t.Fatalf("turn %d repeats %s before the pool was used up", turn, p.PromptRef)
			}
			seen[p.PromptRef] = true
		}
		if turn < 3 && len(seen) != n {
			t.Fatalf("turn %d used %d prompts, want all %d", turn, len(seen), n)
		}
	}
	for i := 1; i < len(picks); i++ {
		if picks[i].PromptRef == picks[i-1].PromptRef {
			t.Fatalf("picks %d and %d are the same prompt", i-1, i)
		}
		if picks[i].Category == picks[i-1].Category {
			t.Errorf("picks %d and %d are both %s", i-1, i, picks[i].Category)
		}
	}
	// Every week of daily posts (7 in a row) touches most categories.
	for i := 0; i+7 <= len(picks); i++ {
		cats := map[string]bool{}
		for _, p := range picks[i : i+7] {
			cats[p.Category] = true
		}
		if len(cats) < 5 {
			t.Fatalf("posts %d-%d cover only %d categories", i, i+6, len(cats))
		}
	}
	// Turns differ in order: it is not the same sequence over and over.
	if slices.EqualFunc(picks[:10], picks[n:n+10], func(a, b data.SelfCarePost) bool { return a.PromptRef == b.PromptRef }) {
		t.Fatal("second turn repeats the first turn's order")
	}
}

func TestRotationFollowsPoolChanges(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	first := pick(t, s, scGuildA, 0)
	// Disabling a prompt takes it out; a new one joins this turn.
	all, err := s.SelfCarePrompts(ctx, scGuildA)
	if err != nil {
		t.Fatal(err)
	}
	disabled := all[len(all)-1].Ref
	if disabled == first.PromptRef {
		disabled = all[len(all)-2].Ref
	}
	if _, _, err := s.SetSelfCarePromptEnabled(ctx, scGuildA, scMod, disabled, false); err != nil {
		t.Fatal(err)
	}
	added, err := s.AddSelfCarePrompt(ctx, scGuildA, scMod, "rest", "Sit in the sun for a few minutes if it's out.")
	if err != nil {
		t.Fatal(err)
	}
	n := len(all) // one out, one in
	sawAdded := false
	for i := 1; i < n; i++ {
		p := pick(t, s, scGuildA, i)
		if p.PromptRef == disabled {
			t.Fatalf("pick %d is the disabled prompt", i)
		}
		if p.PromptRef == first.PromptRef {
			t.Fatalf("pick %d repeats the first before the turn ended", i)
		}
		sawAdded = sawAdded || p.PromptRef == added.Ref
	}
	if !sawAdded {
		t.Fatal("the prompt added mid-turn was not used in that turn")
	}
}

func TestPickIsIdempotentPerDeliveryAndSeparatePerScope(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a := pick(t, s, scGuildA, 1)
	again := pick(t, s, scGuildA, 1)
	if a != again {
		t.Fatalf("picking again for the same delivery: %+v, want %+v", again, a)
	}
	b := pick(t, s, scGuildA, 2)
	if b.PromptRef == a.PromptRef {
		t.Fatal("the next delivery got the same prompt")
	}
	// A member's nudges have their own rotation: the server's posts
	// don't use up the member's prompts.
	seen := map[string]bool{}
	for i := range len(data.ShippedSelfCarePrompts()) {
		p, err := s.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: scGuildA, DeliveryKey: fmt.Sprintf("nudge:%d", i), UserID: scUser1})
		if err != nil {
			t.Fatal(err)
		}
		if seen[p.PromptRef] {
			t.Fatalf("nudge rotation repeats %s", p.PromptRef)
		}
		seen[p.PromptRef] = true
		if p.UserID != scUser1 {
			t.Fatalf("nudge post user=%q", p.UserID)
		}
	}
	// With everything disabled there is nothing to pick.
	for _, p := range data.ShippedSelfCarePrompts() {
		if _, _, err := s.SetSelfCarePromptEnabled(ctx, scGuildB, scMod, p.Ref, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: scGuildB, DeliveryKey: "x"}); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("empty pool: err=%v, want ErrNotFound", err)
	}
}

func TestRecordSelfCareDone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	post := pick(t, s, scGuildA, 1)
	for i, tc := range []struct {
		user      string
		wantAdded bool
		wantCount int
	}{{scUser1, true, 1}, {scUser1, false, 1}, {scUser2, true, 2}} {
		added, count, err := s.RecordSelfCareDone(ctx, scGuildA, post.ID, tc.user)
		if err != nil {
			t.Fatal(err)
		}
		if added != tc.wantAdded || count != tc.wantCount {
			t.Fatalf("press %d: added=%v count=%d, want %v %d", i, added, count, tc.wantAdded, tc.wantCount)
		}
	}
	if _, _, err := s.RecordSelfCareDone(ctx, scGuildB, post.ID, scUser1); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server's post: err=%v", err)
	}
	nudge, err := s.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: scGuildA, DeliveryKey: "n1", UserID: scUser1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RecordSelfCareDone(ctx, scGuildA, nudge.ID, scUser2); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("someone else's nudge: err=%v", err)
	}
	if _, _, err := s.RecordSelfCareDone(ctx, scGuildA, nudge.ID, scUser1); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SelfCareDoneCount(ctx, scGuildA, scUser1); err != nil || got != 2 {
		t.Fatalf("done count=%d err=%v, want 2", got, err)
	}
}

func scDelivery(guildID, source, key string, due time.Time) data.Delivery {
	return data.Delivery{GuildID: guildID, Kind: data.DeliverySelfCarePost, Source: source, Key: key, DueAt: due, ExpiresAt: due.Add(time.Hour)}
}

func TestSelfCareSchedules(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := s.Now()
	sc, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildA, Schedule: "every day at 09:00", ChannelID: scChan, CreatedBy: scMod})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Status != data.SelfCareActive || !sc.NextPlanAt.Equal(now) || !sc.PlannedThrough.Equal(now) {
		t.Fatalf("created = %+v", sc)
	}
	if _, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildA, Schedule: "every day at 09:00", ChannelID: scChan}); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("same schedule again: err=%v", err)
	}
	if _, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildA, Schedule: "every day at 09:00", ChannelID: "general"}); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("bad channel: err=%v", err)
	}
	if _, err := s.SelfCareSchedule(ctx, scGuildB, sc.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server reads schedule: err=%v", err)
	}
	if _, err := s.PauseSelfCareSchedule(ctx, scGuildB, sc.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("other server pauses schedule: err=%v", err)
	}
	if list, err := s.SelfCareSchedulesToPlan(ctx, now, 10); err != nil || len(list) != 1 {
		t.Fatalf("to plan: %d err=%v", len(list), err)
	}

	// A plan for an outdated version records nothing.
	src := data.SelfCareScheduleSource(sc.ID)
	stale := data.SelfCareSchedulePlan{Schedule: sc, PlannedThrough: now.Add(time.Hour), NextPlanAt: now.Add(2 * time.Hour),
		Deliveries: []data.Delivery{scDelivery(scGuildA, src, "k1", now.Add(time.Hour))}}
	ok, err := s.RecordPlan(ctx, stale)
	if err != nil || !ok {
		t.Fatalf("plan: ok=%v err=%v", ok, err)
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 1 {
		t.Fatalf("%d deliveries planned, want 1", len(ds))
	}

	paused, err := s.PauseSelfCareSchedule(ctx, scGuildA, sc.ID)
	if err != nil || paused.Status != data.SelfCarePaused {
		t.Fatalf("pause: %+v err=%v", paused, err)
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 0 {
		t.Fatalf("%d deliveries after pause, want 0 (withdrawn)", len(ds))
	}
	if _, err := s.PauseSelfCareSchedule(ctx, scGuildA, sc.ID); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("pause twice: err=%v", err)
	}
	stale.Deliveries[0].Key = "k2"
	if ok, err := s.RecordPlan(ctx, stale); err != nil || ok {
		t.Fatalf("plan of a changed schedule: ok=%v err=%v, want false", ok, err)
	}
	if list, _ := s.SelfCareSchedulesToPlan(ctx, now.Add(24*time.Hour), 10); len(list) != 0 {
		t.Fatalf("a paused schedule is planned")
	}

	resumed, err := s.ResumeSelfCareSchedule(ctx, scGuildA, sc.ID)
	if err != nil || resumed.Status != data.SelfCareActive || resumed.Version <= paused.Version {
		t.Fatalf("resume: %+v err=%v", resumed, err)
	}
	if _, err := s.ResumeSelfCareSchedule(ctx, scGuildA, sc.ID); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("resume twice: err=%v", err)
	}

	alert := data.Delivery{GuildID: scGuildA, Kind: data.DeliverySelfCareAlert, Source: src, Ref: fmt.Sprint(sc.ID), Key: "alert", DueAt: now, ExpiresAt: now.Add(time.Hour)}
	changed, err := s.StopSelfCareSchedule(ctx, scGuildA, sc.ID, "I can't see that channel", &alert)
	if err != nil || !changed {
		t.Fatalf("stop: changed=%v err=%v", changed, err)
	}
	alert.Key = "alert again"
	if changed, _ := s.StopSelfCareSchedule(ctx, scGuildA, sc.ID, "again", &alert); changed {
		t.Fatal("stopped twice")
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 1 || ds[0].Kind != data.DeliverySelfCareAlert {
		t.Fatalf("after stopping twice: %+v, want one alert", ds)
	}
	stopped, _ := s.SelfCareSchedule(ctx, scGuildA, sc.ID)
	if stopped.Status != data.SelfCarePaused || stopped.PostError == "" {
		t.Fatalf("stopped = %+v", stopped)
	}

	if _, err := s.DeleteSelfCareSchedule(ctx, scGuildA, sc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SelfCareSchedule(ctx, scGuildA, sc.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("deleted schedule: err=%v", err)
	}
}

func TestSelfCareScheduleLimit(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for i := range data.MaxSelfCareSchedules {
		if _, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildA, Schedule: fmt.Sprintf("every day at %02d:00", i), ChannelID: scChan}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildA, Schedule: "every day at 23:00", ChannelID: scChan}); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("one too many: err=%v", err)
	}
	if _, err := s.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: scGuildB, Schedule: "every day at 23:00", ChannelID: scChan}); err != nil {
		t.Fatalf("other server is not limited by this one: %v", err)
	}
}

func TestInQuietHours(t *testing.T) {
	for _, tc := range []struct {
		from, to, at string
		want         bool
	}{
		{"22:00", "08:00", "23:30", true},
		{"22:00", "08:00", "00:00", true},
		{"22:00", "08:00", "07:59", true},
		{"22:00", "08:00", "08:00", false},
		{"22:00", "08:00", "21:59", false},
		{"22:00", "08:00", "22:00", true},
		{"13:00", "14:00", "13:30", true},
		{"13:00", "14:00", "14:00", false},
		{"13:00", "14:00", "09:00", false},
	} {
		if got := data.InQuietHours(tc.from, tc.to, tc.at); got != tc.want {
			t.Errorf("InQuietHours(%s, %s, %s)=%v, want %v", tc.from, tc.to, tc.at, got, tc.want)
		}
	}
}

func TestSelfCareNudgeSettings(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := s.Now()

	n, err := s.SelfCareNudgeSettings(ctx, scGuildA, scUser1)
	if err != nil {
		t.Fatal(err)
	}
	if n.Enabled || n.QuietFrom != "22:00" || n.QuietTo != "08:00" || n.Days != "every day" {
		t.Fatalf("defaults = %+v", n)
	}

	for _, tc := range []struct {
		name  string
		times []string
		days  string
		zone  string
	}{
		{"no times", nil, "every day", "UTC"},
		{"bad time", []string{"9am"}, "every day", "UTC"},
		{"too many", []string{"08:00", "09:00", "10:00", "11:00", "12:00"}, "every day", "UTC"},
		{"no days", []string{"09:00"}, " ", "UTC"},
		{"bad zone", []string{"09:00"}, "every day", "Mars/Olympus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.StartSelfCareNudges(ctx, scGuildA, scUser1, tc.times, tc.days, tc.zone); !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("err=%v, want ErrInvalid", err)
			}
		})
	}

	n, err = s.StartSelfCareNudges(ctx, scGuildA, scUser1, []string{"18:30", "09:00", "09:00"}, "weekdays", "Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	if !n.Enabled || !slices.Equal(n.Times, []string{"09:00", "18:30"}) || n.Zone != "Europe/London" || !n.NextPlanAt.Equal(now) {
		t.Fatalf("started = %+v", n)
	}
	if list, err := s.SelfCareNudgesToPlan(ctx, now, 10); err != nil || len(list) != 1 {
		t.Fatalf("to plan: %d err=%v", len(list), err)
	}
	if other, _ := s.SelfCareNudgeSettings(ctx, scGuildB, scUser1); other.Enabled {
		t.Fatal("nudges in one server switched them on in another")
	}

	src := data.SelfCareNudgeSource(scUser1)
	nudge := func(key string) data.Delivery {
		return data.Delivery{GuildID: scGuildA, Kind: data.DeliverySelfCareNudge, Source: src, Ref: "2026-11-26", UserID: scUser1,
			Key: key, DueAt: now.Add(time.Hour), ExpiresAt: now.Add(2 * time.Hour)}
	}
	ok, err := s.RecordPlan(ctx, data.SelfCareNudgePlan{Nudges: n, Deliveries: []data.Delivery{nudge("a")}, PlannedThrough: now.Add(time.Hour), NextPlanAt: now.Add(2 * time.Hour)})
	if err != nil || !ok {
		t.Fatalf("plan: ok=%v err=%v", ok, err)
	}

	// Quiet hours replan: what was planned is withdrawn, and a plan made
	// from the old settings is refused.
	q, err := s.SetSelfCareQuietHours(ctx, scGuildA, scUser1, "21:00", "09:30")
	if err != nil || q.QuietFrom != "21:00" || q.QuietTo != "09:30" || !q.Enabled {
		t.Fatalf("quiet: %+v err=%v", q, err)
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 0 {
		t.Fatalf("%d nudges still planned after quiet hours changed", len(ds))
	}
	if ok, _ := s.RecordPlan(ctx, data.SelfCareNudgePlan{Nudges: n, Deliveries: []data.Delivery{nudge("b")}, PlannedThrough: now}); ok {
		t.Fatal("a plan from outdated settings was recorded")
	}
	for _, bad := range [][2]string{{"22:00", "22:00"}, {"10pm", "08:00"}} {
		if _, err := s.SetSelfCareQuietHours(ctx, scGuildA, scUser1, bad[0], bad[1]); !errors.Is(err, data.ErrInvalid) {
			t.Fatalf("quiet %v: err=%v", bad, err)
		}
	}

	// Snooze for a day withdraws that day's nudges.
	if ok, _ := s.RecordPlan(ctx, data.SelfCareNudgePlan{Nudges: q, Deliveries: []data.Delivery{nudge("c")}, PlannedThrough: now}); !ok {
		t.Fatal("plan refused")
	}
	sn, err := s.SnoozeSelfCareNudges(ctx, scGuildA, scUser1, "2026-11-26")
	if err != nil || sn.SnoozedDate != "2026-11-26" {
		t.Fatalf("snooze: %+v err=%v", sn, err)
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 0 {
		t.Fatalf("%d nudges still planned after snoozing", len(ds))
	}

	// Stop: off at once, nothing pending, not planned any more.
	if ok, _ := s.RecordPlan(ctx, data.SelfCareNudgePlan{Nudges: sn, Deliveries: []data.Delivery{nudge("d")}, PlannedThrough: now}); !ok {
		t.Fatal("plan refused")
	}
	off, was, err := s.StopSelfCareNudges(ctx, scGuildA, scUser1, "")
	if err != nil || !was || off.Enabled {
		t.Fatalf("stop: %+v was=%v err=%v", off, was, err)
	}
	if ds, _ := s.Deliveries(ctx, scGuildA, src); len(ds) != 0 {
		t.Fatalf("%d nudges still planned after stopping", len(ds))
	}
	if list, _ := s.SelfCareNudgesToPlan(ctx, now.Add(48*time.Hour), 10); len(list) != 0 {
		t.Fatal("stopped nudges are still planned")
	}
	if _, err := s.SnoozeSelfCareNudges(ctx, scGuildA, scUser1, "2026-11-27"); !errors.Is(err, data.ErrConflict) {
		t.Fatalf("snooze while off: err=%v", err)
	}
	if _, was, _ := s.StopSelfCareNudges(ctx, scGuildA, scUser1, ""); was {
		t.Fatal("stopping twice reports they were on")
	}

	// A failed DM stops them with a reason; opting in again forgets it.
	if _, err := s.StartSelfCareNudges(ctx, scGuildA, scUser1, []string{"09:00"}, "every day", "UTC"); err != nil {
		t.Fatal(err)
	}
	closed, _, err := s.StopSelfCareNudges(ctx, scGuildA, scUser1, "DMs are closed")
	if err != nil || closed.DMError != "DMs are closed" || closed.Enabled {
		t.Fatalf("stop for closed DMs: %+v err=%v", closed, err)
	}
	again, err := s.StartSelfCareNudges(ctx, scGuildA, scUser1, []string{"09:00"}, "every day", "UTC")
	if err != nil || again.DMError != "" {
		t.Fatalf("start again: %+v err=%v", again, err)
	}
}
