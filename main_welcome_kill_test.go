package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestWelcomeSurvivesAKillMidPost kills the kindred process (SIGKILL)
// while its welcome post to a new server is on its way, and starts it
// again: the server gets its welcome exactly once, whether the post was
// lost with the process or reached Discord unseen.
func TestWelcomeSurvivesAKillMidPost(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reached bool // whether Discord took the post the process never saw answered
	}{
		{"the post was lost", false},
		{"the post reached Discord unseen", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := discordtest.New(t)
			g := fake.AddGuild(discordtest.DefaultGuild())
			general := g.ChannelID("general")
			dbPath := filepath.Join(t.TempDir(), "k.db")
			config := "[discord]\napi_url = \"" + fake.URL() + "/api\"\n[database]\npath = \"" + dbPath + "\"\n"
			const posts = "/channels/*/messages"
			fake.Delay("POST", posts, time.Minute)
			if !tc.reached {
				fake.DropNext("POST", posts, 1)
			}
			cmd, logs, exited := startKindred(t, config, fake.Token)
			if !waitUntil(discordtest.DefaultWaitTimeout, func() bool { return len(fake.RequestsTo("POST", posts)) > 0 }) {
				t.Fatalf("no welcome post was tried; logs:\n%s", logs.String())
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-exited
			fake.Delay("POST", posts, 0)
			if tc.reached {
				fake.WaitMessage(t, general, nil) // Discord finishes the post of the dead process
			} else if n := len(fake.Messages(general)); n != 0 {
				t.Fatalf("%d messages in #general after the lost post", n)
			}

			_, logs, _ = startKindred(t, config, fake.Token)
			if !waitUntil(discordtest.DefaultWaitTimeout, func() bool { return welcomed(dbPath) }) {
				t.Fatalf("the welcome was not recorded as posted after the restart; logs:\n%s", logs.String())
			}
			if msgs := fake.Messages(general); len(msgs) != 1 {
				t.Fatalf("#general has %d messages after the restart, want the one welcome: %+v", len(msgs), msgs)
			}
			// The restart looked for a post that reached Discord, and so
			// did not try again.
			if got, want := len(fake.RequestsTo("POST", posts)), map[bool]int{false: 2, true: 1}[tc.reached]; got != want {
				t.Errorf("%d welcome posts tried, want %d", got, want)
			}
		})
	}
}

// welcomed reports whether the database at path records the welcome of
// its one server as posted.
func welcomed(path string) bool {
	w, err := readInt(path, `SELECT welcomed FROM guilds`)
	return err == nil && w == 1
}
