package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"time"
)

// ErrInUse means Kindred is running on the database (another process holds
// its lock file).
var ErrInUse = errors.New("Kindred is running on this database")

// Backup writes a consistent copy of the database to dst while the store
// stays in use. dst must not exist yet; it is made readable by its owner
// only.
func (s *Store) Backup(ctx context.Context, dst string) error {
	// VACUUM INTO reads in one read transaction, so writers go on (WAL),
	// but SQLite counts it as a write: the query-only pool can't run it.
	return vacuumInto(ctx, dsn(s.path, false), dst)
}

// BackupFile writes a consistent copy of the database at path to dst,
// whether or not Kindred is running on it. It opens the database
// read-only and never migrates it, so the copy has the database's own
// schema version; it refuses a path with no database.
func BackupFile(ctx context.Context, path, dst string) error {
	if err := checkKindredFile(ctx, path); err != nil {
		return err
	}
	return vacuumInto(ctx, readOnlyDSN(path), dst)
}

// Restore replaces the database at path with the backup at src. It
// refuses while Kindred runs on path, and refuses a src that is not a
// Kindred database this Kindred can open. The database it replaces (with
// its -wal and -shm files) is kept beside it as path.before-restore-TIME,
// which it returns. A backup of an older schema is upgraded when Kindred
// next starts.
func Restore(ctx context.Context, src, path string, now time.Time) (kept string, err error) {
	if err := checkKindredFile(ctx, src); err != nil {
		return "", err
	}
	lock, err := lockDatabase(path, true)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	tmp := path + ".restoring"
	os.Remove(tmp)
	// VACUUM INTO folds the backup's own -wal, if it has one, into a
	// single file.
	if err := vacuumInto(ctx, readOnlyDSN(src), tmp); err != nil {
		return "", fmt.Errorf("restore %s: %w", src, err)
	}
	if _, err := os.Stat(path); err == nil {
		kept = path + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+suffix, kept+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				os.Remove(tmp)
				return "", fmt.Errorf("restore: move the current database aside: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// checkKindredFile reports whether path is a Kindred database of a schema
// version this Kindred can open, without changing it.
func checkKindredFile(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no such database", path)
		}
		return err
	}
	if st.IsDir() || st.Size() == 0 {
		return fmt.Errorf("%s is not a Kindred database", path)
	}
	db, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var version, tables int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("%s is not a Kindred database: %w", path, err)
	}
	if err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('guilds', 'guild_settings', 'bot_state')`).Scan(&tables); err != nil {
		return fmt.Errorf("%s is not a Kindred database: %w", path, err)
	}
	if version < 1 || tables < 3 {
		return fmt.Errorf("%s is not a Kindred database", path)
	}
	if latest := LatestSchemaVersion(); version > latest {
		return fmt.Errorf("%s: %w: it is at version %d, this Kindred knows up to %d", path, ErrTooNew, version, latest)
	}
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("%s is damaged (quick_check: %s %v)", path, ok, err)
	}
	return nil
}

// readOnlyDSN opens a database without ever writing to it or creating it.
func readOnlyDSN(path string) string {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	return "file:" + path + "?" + q.Encode()
}

// vacuumInto copies the database at dsn to dst, a new file readable by
// its owner only.
func vacuumInto(ctx context.Context, dsn, dst string) error {
	// VACUUM INTO fills an empty file, so creating it first sets its mode
	// and refuses to overwrite anything.
	f, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("back up database: %s exists already; choose a new path", dst)
		}
		return fmt.Errorf("back up database: %w", err)
	}
	f.Close()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("back up database to %s: %w", dst, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("back up database to %s: %w", dst, err)
	}
	return nil
}

// Checkpoint copies the write-ahead log into the database file and
// truncates it. Called after an erasure, with secure_delete on, it leaves
// no copy of erased rows in the WAL or the file. It is best effort: a
// reader still on an older snapshot keeps its frames until the next one.
func (s *Store) Checkpoint(ctx context.Context) error {
	var busy, logFrames, checkpointed int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("checkpoint database: %w", err)
	}
	return nil
}
