package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kindred.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestBadConfigAndFlagsGiveOneClearLine(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		config    string
		env       map[string]string
		wantErr   string
		wantUsage bool
	}{
		{name: "unknown flag", args: []string{"-verbose"}, wantErr: "flag provided but not defined: -verbose", wantUsage: true},
		{name: "unknown command", args: []string{"serve"}, wantErr: `unknown command "serve"`, wantUsage: true},
		{name: "backup without path", args: []string{"backup"}, wantErr: "backup needs one argument", wantUsage: true},
		{name: "missing config file", args: []string{"-config", "/nonexistent/kindred.toml", "check-config"}, wantErr: "no such file"},
		{name: "unknown key", config: "[discord]\ntokne = \"x\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "line 2 column 1: unknown key discord.tokne"},
		{name: "wrong type", config: "[log]\nlevel = 3\n", env: map[string]string{tokenEnv: "t"}, wantErr: "line 2 column 9: key log.level: wrong type: want a string, got a TOML integer"},
		{name: "no token", config: "", wantErr: "no Discord bot token: set KINDRED_DISCORD_TOKEN"},
		{name: "token with prefix", config: "[discord]\ntoken = \"Bot abc\"\n", wantErr: `without the "Bot " prefix`},
		{name: "bad guild id", config: "[discord]\nguild_id = \"my-server\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "discord.guild_id"},
		{name: "bad api url", config: "[discord]\napi_url = \"localhost:8080\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "discord.api_url"},
		{name: "bad log format", config: "[log]\nformat = \"yaml\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "log.format"},
		{name: "bad log level", config: "[log]\nlevel = \"loud\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "log.level"},
		{name: "bad web listen", config: "[web]\nlisten = \"localhost\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "web.listen"},
		{name: "bad web port", config: "[web]\nlisten = \"127.0.0.1:99999\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "web.listen"},
		{name: "bad public url", config: "[web]\npublic_url = \"kindred.example.org\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "web.public_url"},
		{name: "public url with a path", config: "[web]\npublic_url = \"https://example.org/kindred\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "web.public_url"},
		{name: "client secret without application id", config: "", env: map[string]string{tokenEnv: "t", clientSecretEnv: "s"}, wantErr: "discord.application_id"},
		{name: "client secret with spaces", config: "[discord]\napplication_id = \"123456789012345678\"\n[web]\nclient_secret = \"a b\"\n", env: map[string]string{tokenEnv: "t"}, wantErr: "web.client_secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if args == nil {
				args = []string{"-config", writeConfig(t, tt.config), "check-config"}
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, env(tt.env), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			var ue usageError
			if got := errors.As(err, &ue); got != tt.wantUsage {
				t.Errorf("usage error = %v, want %v (exit code 2 vs 1)", got, tt.wantUsage)
			}
			if stderr.Len() != 0 {
				t.Errorf("run wrote to stderr itself (main reports errors once): %q", stderr.String())
			}
		})
	}
}

func TestCheckConfigRedactsTokenAndEnvironmentWins(t *testing.T) {
	path := writeConfig(t, "[discord]\ntoken = \"from-file\"\nguild_id = \"123456789012345678\"\n[database]\npath = \"x.db\"\n")
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"check-config", "-config", path}, env(map[string]string{tokenEnv: "from-env-secret"}), &stdout, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, secret := range []string{"from-env-secret", "from-file"} {
		if strings.Contains(out, secret) {
			t.Errorf("check-config printed the token %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"<redacted>", "123456789012345678", "x.db", "format = 'text'"} {
		if !strings.Contains(out, want) {
			t.Errorf("check-config output lacks %q:\n%s", want, out)
		}
	}
	c, err := loadConfig(path, true, env(map[string]string{tokenEnv: "from-env-secret"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Discord.Token != "from-env-secret" {
		t.Errorf("token = %q, want the environment's", c.Discord.Token)
	}
}

func TestCommandsPrintsBulkOverwriteBody(t *testing.T) {
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"commands"}, env(nil), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// default_member_permissions is an integer or null, as Discord's
	// OpenAPI spec types it (discordgo's struct would read a string).
	var raw []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &raw); err != nil {
		t.Fatalf("commands output is not a JSON list: %v", err)
	}
	moderatorOnly := 0
	for _, c := range raw {
		switch p := c["default_member_permissions"].(type) {
		case nil:
		case float64:
			moderatorOnly++
		default:
			t.Errorf("command %v: default_member_permissions is %T %v, want an integer or null", c["name"], p, p)
		}
	}
	if moderatorOnly == 0 {
		t.Error("no command is for moderators only")
	}
	var defs []*discordgo.ApplicationCommand
	for _, c := range raw {
		delete(c, "default_member_permissions")
	}
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &defs); err != nil {
		t.Fatalf("commands output is not a JSON list of commands: %v", err)
	}
	names := map[string]bool{}
	for _, d := range defs {
		if names[d.Name] {
			t.Errorf("command %q listed twice", d.Name)
		}
		names[d.Name] = true
		// Context-menu commands (such as "Celebrate this") have no description.
		chatInput := d.Type == 0 || d.Type == discordgo.ChatApplicationCommand
		if chatInput && (d.Description == "" || len(d.Description) > 100) || !chatInput && d.Description != "" {
			t.Errorf("command %q (type %d) description length %d, want 1..100 (none for a context-menu command)", d.Name, d.Type, len(d.Description))
		}
	}
	if !names["help"] {
		t.Errorf("commands output lacks /help: %s", stdout.String())
	}
}

func TestVersion(t *testing.T) {
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(nil), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), "kindred ") {
		t.Errorf("version printed %q", stdout.String())
	}
}

func TestBackupWritesACopy(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, "[database]\npath = \""+filepath.Join(dir, "k.db")+"\"\n")
	e := env(map[string]string{tokenEnv: "t"})
	s, err := data.Open(context.Background(), filepath.Join(dir, "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	dst := filepath.Join(dir, "copy.db")
	if err := run(context.Background(), []string{"-config", path, "backup", dst}, e, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	err = run(context.Background(), []string{"-config", path, "backup", dst}, e, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("second backup to the same path: err=%v, want refusal", err)
	}
}

func TestEveryConfigKeyHasAnEnvironmentOverride(t *testing.T) {
	path := writeConfig(t, "[database]\npath = \"data/k.db\"\n[log]\nlevel = \"debug\"\n")
	if err := os.Mkdir(filepath.Join(filepath.Dir(path), "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path, true, env(map[string]string{tokenEnv: "t"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Database.Path, filepath.Join(filepath.Dir(path), "data/k.db"); got != want {
		t.Errorf("relative database path = %q, want %q (beside the config file)", got, want)
	}
	elsewhere := filepath.Join(t.TempDir(), "k.db")
	cfg, err = loadConfig(path, true, env(map[string]string{
		tokenEnv: "t", "KINDRED_DATABASE_PATH": elsewhere, "KINDRED_LOG_LEVEL": "warn", "KINDRED_LOG_FORMAT": "json",
	}), true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database.Path != elsewhere || cfg.Log.Level != "warn" || cfg.Log.Format != "json" {
		t.Errorf("environment did not win over the file: %+v", cfg)
	}
	// Every key's variable is documented beside the example config.
	example, err := os.ReadFile("config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	configKeys(cfg, func(key, envVar string, _ reflect.Value) {
		if !strings.Contains(string(example), envVar) {
			t.Errorf("config.example.toml does not name %s for %s", envVar, key)
		}
	})
}

func TestCheckConfigWebDefaultsAndRedactsTheClientSecret(t *testing.T) {
	path := writeConfig(t, "[discord]\napplication_id = \"123456789012345678\"\n[web]\nclient_secret = \"from-file\"\npublic_url = \"https://kindred.example.org\"\n")
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"check-config", "-config", path}, env(map[string]string{tokenEnv: "t", clientSecretEnv: "env-client-secret"}), &stdout, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, secret := range []string{"from-file", "env-client-secret"} {
		if strings.Contains(out, secret) {
			t.Errorf("check-config printed the client secret %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"listen = '127.0.0.1:8080'", "public_url = 'https://kindred.example.org'", "client_secret = '<redacted>'"} {
		if !strings.Contains(out, want) {
			t.Errorf("check-config output lacks %q:\n%s", want, out)
		}
	}
	// An empty listen turns the website off.
	path = writeConfig(t, "[web]\nlisten = \"\"\n")
	stdout.Reset()
	if err := run(context.Background(), []string{"check-config", "-config", path}, env(map[string]string{tokenEnv: "t"}), &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "listen = ''") {
		t.Errorf("web off:\n%s", stdout.String())
	}
}

func TestFreshIsForTheDemoOnly(t *testing.T) {
	for _, args := range [][]string{{"-fresh", "version"}, {"commands", "-fresh"}, {"-fresh"}} {
		err := run(context.Background(), args, env(nil), &bytes.Buffer{}, &bytes.Buffer{})
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "-fresh is for kindred demo only") {
			t.Errorf("kindred %v: err = %v, want a usage error about -fresh", args, err)
		}
	}
}
