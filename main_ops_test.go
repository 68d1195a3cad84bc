package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

// newDatabase creates a Kindred database at dir/k.db and returns its path.
func newDatabase(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "k.db")
	s, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GuildJoined(context.Background(), "400000000000000001"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	v, err := readInt(path, `PRAGMA user_version`)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// readInt is the one number query reads from the database at path,
// opened read-only beside whatever process has it open.
func readInt(path, query string) (int, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	err = db.QueryRow(query).Scan(&v)
	return v, err
}

func setUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA user_version = ` + strconv.Itoa(v)); err != nil {
		t.Fatal(err)
	}
}

func TestBackupIsReadOnlyAndNeedsNoToken(t *testing.T) {
	dir := t.TempDir()
	db := newDatabase(t, dir)
	cfg := writeConfig(t, "[database]\npath = \""+db+"\"\n")
	noToken := env(nil)

	// An older schema stays older: backup never migrates.
	old := data.LatestSchemaVersion() - 1
	setUserVersion(t, db, old)
	dst := filepath.Join(dir, "copy.db")
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"-config", cfg, "backup", dst}, noToken, &stdout, &bytes.Buffer{}); err != nil {
		t.Fatalf("backup without a token: %v", err)
	}
	if got := userVersion(t, db); got != old {
		t.Errorf("live database at version %d after backup, want %d (untouched)", got, old)
	}
	if got := userVersion(t, dst); got != old {
		t.Errorf("backup at version %d, want %d", got, old)
	}
	if st, err := os.Stat(dst); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v %v, want -rw-------", st.Mode(), err)
	}

	// A wrong path is refused, and nothing is created there.
	missing := filepath.Join(dir, "typo.db")
	cfg2 := writeConfig(t, "[database]\npath = \""+missing+"\"\n")
	err := run(context.Background(), []string{"-config", cfg2, "backup", filepath.Join(dir, "copy2.db")}, noToken, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "no such database") {
		t.Fatalf("backup of a missing database: err=%v, want refusal", err)
	}
	for _, f := range []string{missing, filepath.Join(dir, "copy2.db")} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was created", filepath.Base(f))
		}
	}
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := newDatabase(t, dir)
	cfg := writeConfig(t, "[database]\npath = \""+db+"\"\n")
	backup := filepath.Join(dir, "backup.db")
	if err := run(ctx, []string{"-config", cfg, "backup", backup}, env(nil), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// A change after the backup, which the restore takes back.
	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GuildJoined(ctx, "400000000000000002"); err != nil {
		t.Fatal(err)
	}

	t.Run("refused while Kindred runs", func(t *testing.T) {
		err := run(ctx, []string{"-config", cfg, "restore", backup}, env(nil), &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.Is(err, data.ErrInUse) {
			t.Fatalf("err=%v, want ErrInUse", err)
		}
	})
	s.Close()

	notKindred := filepath.Join(dir, "other.db")
	odb, _ := sql.Open("sqlite3", "file:"+notKindred)
	if _, err := odb.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	tooNew := filepath.Join(dir, "new.db")
	if err := data.BackupFile(ctx, backup, tooNew); err != nil {
		t.Fatal(err)
	}
	setUserVersion(t, tooNew, data.LatestSchemaVersion()+1)
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o600)
	for name, tt := range map[string]struct{ src, want string }{
		"missing":     {filepath.Join(dir, "nope.db"), "no such database"},
		"not sqlite":  {text, "not a Kindred database"},
		"not kindred": {notKindred, "not a Kindred database"},
		"too new":     {tooNew, "newer than this Kindred"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(ctx, []string{"-config", cfg, "restore", tt.src}, env(nil), &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want %q", err, tt.want)
			}
		})
	}

	var stdout bytes.Buffer
	if err := run(ctx, []string{"-config", cfg, "restore", backup}, env(nil), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "before-restore") {
		t.Errorf("restore didn't say where the old database is: %q", stdout.String())
	}
	s, err = data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	needsWelcome, err := s.GuildJoined(ctx, "400000000000000002")
	if err != nil {
		t.Fatal(err)
	}
	if !needsWelcome {
		t.Error("the server added after the backup is still there: the restore didn't replace the database")
	}
	if st, _ := os.Stat(db); st.Mode().Perm() != 0o600 {
		t.Errorf("restored database mode %v, want -rw-------", st.Mode())
	}
	kept, _ := filepath.Glob(db + ".before-restore-*")
	if len(kept) == 0 {
		t.Error("the replaced database was not kept")
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"run", "-h"}} {
		var stdout bytes.Buffer
		if err := run(context.Background(), args, env(nil), &stdout, &bytes.Buffer{}); err != nil {
			t.Errorf("%v: err=%v, want nil (exit 0)", args, err)
		}
		if !strings.Contains(stdout.String(), "usage: kindred") {
			t.Errorf("%v printed %q, want usage", args, stdout.String())
		}
	}
}

func TestConfigMessagesNameTheRightThings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	// No kindred.toml here, and no token.
	err := run(context.Background(), []string{"check-config"}, env(nil), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || strings.Contains(err.Error(), "config kindred.toml:") || !strings.Contains(err.Error(), "no Discord bot token") {
		t.Fatalf("err=%v, want a missing-token error that doesn't blame a missing file", err)
	}

	// A token with spaces around it is trimmed, and check-config says so.
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"check-config"}, env(map[string]string{tokenEnv: "  abc.def \n"}), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "spaces") {
		t.Errorf("check-config didn't mention the trimmed token:\n%s", stdout.String())
	}
	c, err := loadConfig("kindred.toml", false, env(map[string]string{tokenEnv: " abc.def "}), true)
	if err != nil || c.Discord.Token != "abc.def" {
		t.Errorf("token=%q err=%v, want it trimmed", c.Discord.Token, err)
	}
	// Spaces inside a token are a mistake.
	if _, err := loadConfig("kindred.toml", false, env(map[string]string{tokenEnv: "abc def"}), true); err == nil {
		t.Error("a token with a space inside was accepted")
	}

	// A database in a folder that doesn't exist.
	cfg := writeConfig(t, "[database]\npath = \""+filepath.Join(dir, "no-such-dir", "k.db")+"\"\n")
	err = run(context.Background(), []string{"-config", cfg, "check-config"}, env(map[string]string{tokenEnv: "t"}), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err=%v, want the missing folder named", err)
	}
}

// In JSON log mode the fatal error is a JSON log line, and it names the
// configured api_url, not discord.com.
func TestFatalErrorIsLoggedAsJSONWithTheConfiguredURL(t *testing.T) {
	dir := t.TempDir()
	// A token Discord refuses is fatal at once (an unreachable API is
	// waited for instead: see TestStartupWaitsForAnUnreachableDiscord).
	fake := discordtest.New(t)
	apiURL := fake.URL() + "/api"
	cfg := writeConfig(t, "[discord]\napi_url = \""+apiURL+"\"\n[database]\npath = \""+filepath.Join(dir, "k.db")+"\"\n[log]\nformat = \"json\"\n")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-config", cfg}, env(map[string]string{tokenEnv: "not-the-token"}), &bytes.Buffer{}, &stderr)
	var le loggedError
	if !errors.As(err, &le) {
		t.Fatalf("err=%v, want a fatal error that was logged", err)
	}
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["level"] == "ERROR" {
			found = true
			msg, _ := rec["err"].(string)
			if strings.Contains(msg, "discord.com") || !strings.Contains(msg, apiURL) {
				t.Errorf("fatal error %q, want the api_url and not discord.com", msg)
			}
		}
	}
	if !found {
		t.Fatalf("no ERROR line in the log:\n%s", stderr.String())
	}
}
