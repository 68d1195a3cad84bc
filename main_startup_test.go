package main

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// startKindred runs the test binary as `kindred run` with the config body
// and token, returning the process, its logs and a channel for its exit.
func startKindred(t *testing.T, config, token string) (*exec.Cmd, *lockedBuffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KINDRED_BE_MAIN=1", "KINDRED_ARGS=-config "+writeConfig(t, config)+" run", tokenEnv+"="+token)
	logs := &lockedBuffer{ch: make(chan struct{}, 1)}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, logs, exited
}

// TestStartupRefusalsExitAtOnceNamingTheFix: a token Discord refuses and
// a privileged intent switched off are not worth retrying. Kindred exits
// with status 78 (EX_CONFIG, which the systemd unit doesn't restart) and
// a line saying what to change.
func TestStartupRefusalsExitAtOnceNamingTheFix(t *testing.T) {
	tests := []struct {
		name    string
		opts    []discordtest.Option
		token   func(fake *discordtest.Server) string
		wantErr string
	}{
		{"token refused", nil, func(*discordtest.Server) string { return "not-the-token" }, "reset it in the developer portal"},
		{"intent off", []discordtest.Option{discordtest.WithPrivilegedIntentsOff()}, func(f *discordtest.Server) string { return f.Token }, "switch on Server Members Intent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t, tt.opts...)
			fake.AddGuild(discordtest.DefaultGuild())
			db := filepath.Join(t.TempDir(), "k.db")
			_, logs, exited := startKindred(t, "[discord]\napi_url = \""+fake.URL()+"/api\"\n[database]\npath = \""+db+"\"\n", tt.token(fake))
			select {
			case err := <-exited:
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != exitConfig {
					t.Fatalf("exit: %v, want status %d; logs:\n%s", err, exitConfig, logs.String())
				}
			case <-time.After(discordtest.DefaultWaitTimeout):
				t.Fatalf("kindred kept running; logs:\n%s", logs.String())
			}
			if out := logs.String(); !strings.Contains(out, tt.wantErr) {
				t.Errorf("output lacks %q:\n%s", tt.wantErr, out)
			}
		})
	}
}

// TestStartupWaitsForAnUnreachableDiscord: with nothing listening at the
// API address, Kindred says so and keeps trying instead of exiting.
func TestStartupWaitsForAnUnreachableDiscord(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // now nothing answers there
	db := filepath.Join(t.TempDir(), "k.db")
	_, logs, exited := startKindred(t, "[discord]\napi_url = \"http://"+addr+"/api\"\n[database]\npath = \""+db+"\"\n", "some-token")
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for !strings.Contains(logs.String(), "can't reach Discord's API") {
		select {
		case err := <-exited:
			t.Fatalf("kindred exited (%v) instead of waiting; logs:\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no retry line; logs:\n%s", logs.String())
		}
	}
	out := logs.String()
	for _, want := range []string{"http://" + addr + "/api", "retry_in=2s"} {
		if !strings.Contains(out, want) {
			t.Errorf("retry line lacks %q:\n%s", want, out)
		}
	}
	select {
	case err := <-exited:
		t.Fatalf("kindred exited (%v) while Discord was unreachable", err)
	default:
	}
}
