package scheduler

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// fakeSource is a Source over real self-care schedule rows whose planning
// the test scripts: it records the windows it was given and the rows it
// deferred, and can change a row (bumping its version) or fail while
// planning it.
type fakeSource struct {
	store  *data.Store
	grace  time.Duration
	change map[int64]bool // rows edited while they are planned
	fail   map[int64]bool // rows whose planning fails

	loads    []int // how many rows each Due returned
	windows  map[int64]Window
	deferred map[int64]time.Time
}

func (f *fakeSource) Name() string                                      { return "fake" }
func (f *fakeSource) Grace() time.Duration                              { return f.grace }
func (f *fakeSource) PlannedThrough(sc data.SelfCareSchedule) time.Time { return sc.PlannedThrough }
func (f *fakeSource) LogAttrs(sc data.SelfCareSchedule) []any           { return []any{"schedule", sc.ID} }

func (f *fakeSource) Due(ctx context.Context, now time.Time, limit int) ([]data.SelfCareSchedule, error) {
	rows, err := f.store.SelfCareSchedulesToPlan(ctx, now, limit)
	f.loads = append(f.loads, len(rows))
	return rows, err
}

func (f *fakeSource) Defer(ctx context.Context, sc data.SelfCareSchedule, until time.Time) error {
	f.deferred[sc.ID] = until
	return f.store.DeferSelfCareSchedule(ctx, sc.GuildID, sc.ID, until)
}

// Plan plans one post, at the end of the window's first minute, and the
// next plan a day later.
func (f *fakeSource) Plan(ctx context.Context, sc data.SelfCareSchedule, w Window) (data.Planned, error) {
	f.windows[sc.ID] = w
	if f.fail[sc.ID] {
		return nil, errors.New("broken row")
	}
	if f.change[sc.ID] {
		// A moderator pauses and resumes it meanwhile: still active, but
		// a new version.
		if _, err := f.store.PauseSelfCareSchedule(ctx, sc.GuildID, sc.ID); err != nil {
			return nil, err
		}
		if _, err := f.store.ResumeSelfCareSchedule(ctx, sc.GuildID, sc.ID); err != nil {
			return nil, err
		}
	}
	slot := w.From.Add(time.Minute)
	return data.SelfCareSchedulePlan{Schedule: sc, PlannedThrough: slot, NextPlanAt: w.Now.Add(24 * time.Hour),
		Deliveries: []data.Delivery{SelfCarePostDelivery(sc, slot)}}, nil
}

func TestPlannerOverAFakeSource(t *testing.T) {
	const guild, channel = "100000000000000001", "300000000000000001"
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		rows    int
		batch   int
		behind  []time.Duration // how long before t0 each row was planned through; default 0
		change  []int           // rows (by index) edited mid-plan
		fail    []int           // rows whose planning fails
		grace   time.Duration
		loads   []int           // rows each Due returned
		planned []int           // rows with a post recorded
		from    []time.Duration // each row's window start, before now
	}{
		{name: "one batch, all recorded", rows: 3, batch: 10, grace: time.Hour,
			loads: []int{3}, planned: []int{0, 1, 2}, from: []time.Duration{0, 0, 0}},
		{name: "version changed mid-plan records nothing for that row", rows: 3, batch: 10, change: []int{1}, grace: time.Hour,
			loads: []int{3}, planned: []int{0, 2}, from: []time.Duration{0, 0, 0}},
		{name: "missed runs: never more than the grace behind", rows: 3, batch: 10, grace: 2 * time.Hour,
			behind: []time.Duration{30 * time.Minute, 2 * time.Hour, 9 * time.Hour},
			loads:  []int{3}, planned: []int{0, 1, 2}, from: []time.Duration{30 * time.Minute, 2 * time.Hour, 2 * time.Hour}},
		{name: "batches until a short one", rows: 5, batch: 2, grace: time.Hour,
			loads: []int{2, 2, 1}, planned: []int{0, 1, 2, 3, 4}, from: []time.Duration{0, 0, 0, 0, 0}},
		{name: "a full batch exactly needs one more look", rows: 4, batch: 2, grace: time.Hour,
			loads: []int{2, 2, 0}, planned: []int{0, 1, 2, 3}, from: []time.Duration{0, 0, 0, 0}},
		{name: "a batch that made no progress is left for the next tick", rows: 4, batch: 2, change: []int{0, 1}, grace: time.Hour,
			loads: []int{2}, planned: nil, from: []time.Duration{0, 0}},
		{name: "a failing row is deferred and holds up no other", rows: 3, batch: 10, fail: []int{0}, grace: time.Hour,
			loads: []int{3}, planned: []int{1, 2}, from: []time.Duration{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			clock := t0
			st, err := data.Open(ctx, filepath.Join(t.TempDir(), "kindred.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			st.Now = func() time.Time { return clock }
			var rows []data.SelfCareSchedule
			for i := range tt.rows {
				if i < len(tt.behind) {
					clock = t0.Add(-tt.behind[i])
				}
				sc, err := st.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{GuildID: guild, ChannelID: channel,
					Schedule: fmt.Sprintf("every day at 09:%02d", i)})
				if err != nil {
					t.Fatal(err)
				}
				clock = t0
				rows = append(rows, sc)
			}
			f := &fakeSource{store: st, grace: tt.grace, change: map[int64]bool{}, fail: map[int64]bool{},
				windows: map[int64]Window{}, deferred: map[int64]time.Time{}}
			for _, i := range tt.change {
				f.change[rows[i].ID] = true
			}
			for _, i := range tt.fail {
				f.fail[rows[i].ID] = true
			}
			r := &Runner{Store: st, planBatchSize: tt.batch}
			if err := planAll(ctx, r, t0, Source[data.SelfCareSchedule](f)); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(f.loads) != fmt.Sprint(tt.loads) {
				t.Errorf("Due returned %v rows, want %v", f.loads, tt.loads)
			}
			for i, want := range tt.from {
				w, ok := f.windows[rows[i].ID]
				if !ok || !w.Now.Equal(t0) || t0.Sub(w.From) != want {
					t.Errorf("row %d: window %+v (planned: %v), want from %v before now", i, w, ok, want)
				}
			}
			var planned []int
			for i, sc := range rows {
				ds, err := st.Deliveries(ctx, guild, data.SelfCareScheduleSource(sc.ID))
				if err != nil {
					t.Fatal(err)
				}
				got, err := st.SelfCareSchedule(ctx, guild, sc.ID)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case len(ds) == 1 && got.PlannedThrough.Equal(f.windows[sc.ID].From.Add(time.Minute)):
					planned = append(planned, i)
				case len(ds) == 0 && !got.PlannedThrough.After(t0):
					// nothing recorded
				default:
					t.Errorf("row %d: %d deliveries, planned through %v: recorded by half", i, len(ds), got.PlannedThrough)
				}
			}
			if fmt.Sprint(planned) != fmt.Sprint(tt.planned) {
				t.Errorf("rows planned %v, want %v", planned, tt.planned)
			}
			for _, i := range tt.fail {
				if until, ok := f.deferred[rows[i].ID]; !ok || !until.Equal(t0.Add(planRetry)) {
					t.Errorf("row %d deferred until %v (%v), want %v", i, until, ok, t0.Add(planRetry))
				}
			}
			if len(f.deferred) != len(tt.fail) {
				t.Errorf("deferred %v, want only the failing rows %v", f.deferred, tt.fail)
			}
		})
	}
}
