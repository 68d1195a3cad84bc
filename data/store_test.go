package data_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// mustOpen opens a fresh store in a temporary directory with a fixed clock.
func mustOpen(tb testing.TB) *data.Store {
	tb.Helper()
	s, err := data.Open(context.Background(), filepath.Join(tb.TempDir(), "kindred.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kindred.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustVersion(t, s), data.LatestSchemaVersion(); got != want || want < 1 {
		t.Fatalf("version=%d, want %d (>=1)", got, want)
	}
	if _, err := s.SetSetting(ctx, "100000000000000001", "200000000000000001", data.SettingTimeZone, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = data.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	st, err := s.Settings(ctx, "100000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Get(data.SettingTimeZone), "Europe/London"; got != want {
		t.Fatalf("timezone=%q, want %q", got, want)
	}
}

func mustVersion(t *testing.T, s *data.Store) int {
	t.Helper()
	v, err := s.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kindred.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 9999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = data.Open(context.Background(), path)
	if !errors.Is(err, data.ErrTooNew) {
		t.Fatalf("Open of newer database: err=%v, want ErrTooNew", err)
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.SetSetting(ctx, "100000000000000001", "200000000000000001", data.SettingCountry, "gb"); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	b, err := data.Open(ctx, dst)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer b.Close()
	st, err := b.Settings(ctx, "100000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Get(data.SettingCountry), "GB"; got != want {
		t.Fatalf("country in backup=%q, want %q", got, want)
	}
}

func TestConcurrentWritesNeverLock(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	errs := make(chan error, 40)
	for i := range 40 {
		go func() {
			_, err := s.SetSetting(ctx, "100000000000000001", "200000000000000001", data.SettingResourceStaleMonths, []string{"3", "6", "12"}[i%3])
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent write: %v", err)
		}
	}
	h, err := s.SettingsHistory(ctx, "100000000000000001", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 40 {
		t.Fatalf("history has %d entries, want 40", len(h))
	}
}
