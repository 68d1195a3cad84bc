package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestKindredServesTheWebsite runs the real binary with a [web] section:
// /healthz turns healthy once the gateway is up, the dashboard's login
// goes to Discord's (the fake's) authorize page, a hub that is off is
// 404, and the client secret (from the environment) is never logged.
func TestKindredServesTheWebsite(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dir := t.TempDir()
	addr := freeAddr(t)
	cfg := writeConfig(t, "[discord]\napi_url = \""+fake.URL()+"/api\"\napplication_id = \""+fake.AppID+"\"\n[database]\npath = \""+
		filepath.Join(dir, "k.db")+"\"\n[log]\nformat = \"json\"\nlevel = \"debug\"\n[web]\nlisten = \""+addr+"\"\npublic_url = \"http://"+addr+"\"\n")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KINDRED_BE_MAIN=1", "KINDRED_ARGS=-config "+cfg+" run", tokenEnv+"="+fake.Token,
		clientSecretEnv+"="+discordtest.OAuthClientSecret)
	logs := &lockedBuffer{ch: make(chan struct{}, 1)}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	fake.WaitMessage(t, g.ChannelID("general"), nil) // connected and welcomed

	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v; logs:\n%s", path, err, logs.String())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for { // the gateway's READY and the scheduler's first pass come just after the welcome
		resp, body := get("/readyz")
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz = %d %q", resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if resp, body := get("/healthz"); resp.StatusCode != 200 || !strings.Contains(body, `"store":"ok"`) {
		t.Fatalf("healthz = %d %q", resp.StatusCode, body)
	}
	// `kindred health` asks the same process, as a container's HEALTHCHECK does.
	var probeOut bytes.Buffer
	if err := run(context.Background(), []string{"-config", cfg, "health"}, env(nil), &probeOut, &bytes.Buffer{}); err != nil {
		t.Fatalf("kindred health: %v", err)
	}
	// Prometheus scrapes the metrics beside the website; the interactions
	// so far (the welcome, the gateway) are there, with no ID in a label.
	fake.SlashCommand(g.ID, g.Member("carol"), "help").Wait(t)
	_, metricsBody := get("/metrics")
	for _, want := range []string{"kindred_gateway_connected 1", "kindred_discord_requests_total", "kindred_scheduler_last_tick_timestamp_seconds", "kindred_store_query_duration_seconds"} {
		if !strings.Contains(metricsBody, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metricsBody, g.ID) {
		t.Error("/metrics names the server's ID")
	}
	if resp, _ := get("/" + g.ID); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("hub while off = %d", resp.StatusCode)
	}
	resp, _ := get("/login")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, fake.URL()+"/oauth2/authorize?") ||
		!strings.Contains(loc, "client_id="+fake.AppID) || !strings.Contains(loc, "redirect_uri=http%3A%2F%2F"+strings.ReplaceAll(addr, ":", "%3A")+"%2Fauth%2Fcallback") {
		t.Fatalf("login = %d %s", resp.StatusCode, loc)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("kindred exited with %v; logs:\n%s", err, logs.String())
		}
	case <-time.After(discordtest.DefaultWaitTimeout):
		t.Fatalf("kindred did not stop; logs:\n%s", logs.String())
	}
	out := logs.String()
	if !strings.Contains(out, "website listening") {
		t.Errorf("logs lack the website starting:\n%s", out)
	}
	if strings.Contains(out, discordtest.OAuthClientSecret) {
		t.Errorf("the client secret was logged:\n%s", out)
	}
}
