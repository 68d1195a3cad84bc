package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is Kindred's database. It is safe for concurrent use.
type Store struct {
	path  string
	write *sql.DB  // one connection: SQLite allows one writer at a time
	read  readPool // read-only connections for queries
	lock  io.Closer

	settings memo[Settings]       // servers' settings; see Store.Settings
	resIndex resourceIndexCache   // servers' search indexes; see resources_index.go
	checkins checkinBatch         // check-ins waiting to be written; see inCheckinBatch
	langs    memo[MemberLanguage] // members' languages; see Store.MemberLanguage

	// Now is the store's clock. Tests replace it; it defaults to time.Now.
	Now func() time.Time
	// Observe, if set, is told how long each write transaction ("write")
	// and each list query ("read") took, for metrics. Set it before use.
	Observe func(kind string, took time.Duration)

	changed chan struct{} // signalled after writes; see Changed
}

// Open opens (creating if needed) the database at path and migrates it to
// the latest schema. The database and its -wal and -shm files are readable
// by their owner only (0600): they hold check-in notes. While the store is
// open it holds path's lock file, so that `kindred restore` can tell that
// Kindred is running on the database.
func Open(ctx context.Context, path string) (s *Store, err error) {
	if err := registerRanking(); err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	lock, err := lockDatabase(path, false)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			lock.Close()
		}
	}()
	write, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s = &Store{path: path, write: write, lock: lock, Now: time.Now, changed: make(chan struct{}, 1),
		settings: memo[Settings]{max: maxCachedSettings}, langs: memo[MemberLanguage]{max: maxCachedLanguages}}
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open database %s for reading: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	s.read = readPool{DB: read, s: s}
	// SQLite gives -wal and -shm the main file's mode; older databases
	// were made 0644, so tighten all three.
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.Close()
			return nil, fmt.Errorf("open database %s: make it private: %w", path, err)
		}
	}
	return s, nil
}

// createPrivate creates an empty file at path, readable by its owner
// only, unless a file is there already. SQLite creates files 0644.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// dsn builds the connection string. Pragmas live here, not in one-off
// statements, so every pooled connection gets them.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	// Each connection keeps its prepared statements: the same few dozen
	// queries run on every interaction, and parsing one costs more than
	// running it.
	q.Set("_stmt_cache_size", "128")
	// Deleted rows are overwritten with zeros, so erased notes leave no
	// copy in free pages of the file (see Checkpoint for the WAL).
	q.Set("_secure_delete", "on")
	if readOnly {
		q.Set("_query_only", "true")
	}
	return "file:" + path + "?" + q.Encode()
}

// Ping checks that the database answers a read, for the health check.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.read.DB != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	if s.lock != nil {
		errs = append(errs, s.lock.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// SchemaVersion reports the database's migration version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.write.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %q: name must be NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// LatestSchemaVersion is the schema version this Kindred writes.
func LatestSchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > len(ms) {
		return fmt.Errorf("%w: database is at version %d, this Kindred knows up to %d; upgrade Kindred or restore a backup",
			ErrTooNew, current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			// PRAGMA takes no parameters; the version is an int we formatted.
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version))
			return err
		}); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.Observe != nil {
		defer s.observe("write", time.Now())
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if ctx.Value(quietKey{}) == nil && s.changed != nil {
		select {
		case s.changed <- struct{}{}:
		default: // one signal pending is enough
		}
	}
	return nil
}

func (s *Store) observe(kind string, start time.Time) { s.Observe(kind, time.Since(start)) }

// eraseTx is inTx for transactions that erase members' data: after the
// commit it checkpoints the WAL (see Checkpoint), so that with
// secure_delete no copy of what was erased stays in either file. The
// checkpoint is best effort: the erasure stands if it fails, and SQLite's
// own checkpoints then overwrite the old frames in time.
func (s *Store) eraseTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.inTx(ctx, fn); err != nil {
		return err
	}
	_ = s.Checkpoint(ctx)
	return nil
}

type quietKey struct{}

// Quiet marks ctx so that writes made with it do not signal Changed: the
// scheduler's own writes must not wake the scheduler.
func Quiet(ctx context.Context) context.Context { return context.WithValue(ctx, quietKey{}, true) }

// Changed receives a value after a write committed (other than through a
// Quiet context), so the scheduler can look at once for work a command
// just planned instead of waiting for its next timer. Signals coalesce;
// one reader (the scheduler) is expected.
func (s *Store) Changed() <-chan struct{} { return s.changed }

// now returns the store's clock in UTC.
func (s *Store) now() time.Time { return s.Now().UTC() }

// readPool is the read-only pool, timing each query for Observe.
type readPool struct {
	*sql.DB
	s *Store
}

func (p readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if p.s.Observe != nil {
		defer p.s.observe("read", time.Now())
	}
	return p.DB.QueryContext(ctx, query, args...)
}

func (p readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if p.s.Observe != nil {
		defer p.s.observe("read", time.Now())
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// queryer runs queries: the read pool or a transaction.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, db queryer, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
