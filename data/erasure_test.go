package data_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

const (
	eraseGuild  = "300000000000000001"
	eraseMember = "300000000000000002"
)

// fileHolds reports whether the database file or its WAL contains needle.
func fileHolds(t *testing.T, path, needle string) string {
	t.Helper()
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			return filepath.Base(f)
		}
	}
	return ""
}

// TestErasedNotesLeaveNoCopyInTheFile greps the raw database file and WAL
// for a note after each kind of erasure.
func TestErasedNotesLeaveNoCopyInTheFile(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		erase func(ctx context.Context, s *data.Store) error
	}{
		{"mydata delete", func(ctx context.Context, s *data.Store) error {
			_, err := s.DeleteMemberData(ctx, eraseGuild, eraseMember)
			return err
		}},
		{"note retention", func(ctx context.Context, s *data.Store) error {
			if _, err := s.SetSetting(ctx, eraseGuild, eraseMember, data.SettingNoteRetentionDays, "30"); err != nil {
				return err
			}
			n, err := s.PruneCheckinNotes(ctx, now.Add(31*24*time.Hour))
			if err == nil && n != 1 {
				t.Errorf("pruned %d notes, want 1", n)
			}
			return err
		}},
		{"server erasure", func(ctx context.Context, s *data.Store) error {
			if err := s.GuildRemoved(ctx, eraseGuild); err != nil {
				return err
			}
			ok, err := s.EraseRemovedGuild(ctx, eraseGuild, now.Add(time.Hour))
			if err == nil && !ok {
				t.Error("server not erased")
			}
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "kindred.db")
			s, err := data.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.Now = func() time.Time { return now }
			if _, err := s.GuildJoined(ctx, eraseGuild); err != nil {
				t.Fatal(err)
			}
			note := "zebra-umbrella-" + strings.ReplaceAll(tt.name, " ", "-")
			if _, err := s.AddCheckin(ctx, data.Checkin{GuildID: eraseGuild, UserID: eraseMember, Mood: 2, Note: note}, time.UTC); err != nil {
				t.Fatal(err)
			}
			// Force the note from the WAL into the main file, as SQLite's
			// own checkpoints do in time.
			if err := s.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			if got := fileHolds(t, path, note); got == "" {
				t.Fatal("the note is not in the file before erasure; the test can't see anything")
			}
			if err := tt.erase(ctx, s); err != nil {
				t.Fatal(err)
			}
			if got := fileHolds(t, path, note); got != "" {
				t.Fatalf("after %s the note is still readable in %s", tt.name, got)
			}
		})
	}
}

func TestDatabaseFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kindred.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.GuildJoined(ctx, eraseGuild); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "copy2.db")
	if err := data.BackupFile(ctx, path, other); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", backup, other} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != 0o600 {
			t.Errorf("%s mode=%v, want -rw-------", filepath.Base(f), got)
		}
	}
}

func TestOpenTightensAnExistingDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kindred.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := os.Stat(path)
	if got := st.Mode().Perm(); got != 0o600 {
		t.Fatalf("mode=%v after reopening, want -rw-------", got)
	}
}
