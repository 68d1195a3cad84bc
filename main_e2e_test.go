package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestMain lets the test binary act as the kindred command, so the
// end-to-end test can run it as a real process and send it signals.
func TestMain(m *testing.M) {
	if os.Getenv("KINDRED_BE_MAIN") == "1" {
		os.Args = append([]string{"kindred"}, strings.Fields(os.Getenv("KINDRED_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// lockedBuffer is a bytes.Buffer safe to write from the process's output goroutine.
type lockedBuffer struct {
	ch chan struct{}
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.ch <- struct{}{}
	defer func() { <-l.ch }()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.ch <- struct{}{}
	defer func() { <-l.ch }()
	return l.b.String()
}

func TestKindredRunsAgainstFakeDiscordAndStopsOnSIGTERM(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dir := t.TempDir()
	cfg := writeConfig(t, "[discord]\napi_url = \""+fake.URL()+"/api\"\n[database]\npath = \""+filepath.Join(dir, "k.db")+"\"\n[log]\nformat = \"json\"\n")

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KINDRED_BE_MAIN=1", "KINDRED_ARGS=-config "+cfg+" run", tokenEnv+"="+fake.Token)
	logs := &lockedBuffer{ch: make(chan struct{}, 1)}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
	})

	// It connects through api_url, syncs, welcomes the server and answers /help.
	fake.WaitMessage(t, g.ChannelID("general"), nil)
	resp := fake.SlashCommand(g.ID, g.Member("carol"), "help").Wait(t)
	if !strings.Contains(resp.Content(), "not a therapist") {
		t.Fatalf("/help answered %q", resp.Content())
	}
	if got := len(fake.RequestsTo("PUT", "/applications/*/commands")); got != 1 {
		t.Errorf("bulk overwrites = %d, want 1", got)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("kindred exited with %v after SIGTERM; logs:\n%s", err, logs.String())
		}
	case <-time.After(discordtest.DefaultWaitTimeout):
		t.Fatalf("kindred did not stop after SIGTERM; logs:\n%s", logs.String())
	}
	out := logs.String()
	if !strings.Contains(out, "kindred stopped") {
		t.Errorf("logs lack a clean stop:\n%s", out)
	}
	if strings.Contains(out, fake.Token) {
		t.Errorf("the token was logged:\n%s", out)
	}
	// The database it left is usable and at the latest version.
	if err := run(context.Background(), []string{"-config", cfg, "backup", filepath.Join(dir, "b.db")}, env(map[string]string{tokenEnv: "x"}), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatalf("backup after the run: %v", err)
	}
}
