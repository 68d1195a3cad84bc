package data

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// TestCheckinBatchOneFailing: a check-in that fails in a batch leaves the
// others of its batch written, and only it gets the error.
func TestCheckinBatchOneFailing(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	insert := func(user string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO checkins (guild_id, user_id, mood, feelings, created_at, local_date) VALUES ('g', ?, 3, '', 0, '2026-11-26')`, user)
			return err
		}
	}
	bad := errors.New("bad check-in")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	batch := []*checkinJob{
		{ctx: ctx, run: insert("a")},
		{ctx: ctx, run: func(ctx context.Context, tx *sql.Tx) error {
			if err := insert("b")(ctx, tx); err != nil {
				return err
			}
			return bad // after writing: what it wrote must not stay
		}},
		{ctx: cancelled, run: insert("c")},
		{ctx: ctx, run: insert("d")},
	}
	s.writeCheckins(batch)
	wantErr := []error{nil, bad, context.Canceled, nil}
	for i, j := range batch {
		if !errors.Is(j.err, wantErr[i]) || (wantErr[i] == nil) != (j.err == nil) {
			t.Errorf("check-in %d: err = %v, want %v", i, j.err, wantErr[i])
		}
	}
	var users []string
	rows, err := s.read.QueryContext(ctx, `SELECT user_id FROM checkins ORDER BY user_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if len(users) != 2 || users[0] != "a" || users[1] != "d" {
		t.Errorf("written: %q, want a and d only", users)
	}
}
