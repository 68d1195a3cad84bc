package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// BenchmarkRSSGatewayMembers runs the kindred process against a fake
// Discord with 1,000 servers of 50 members each (all in GUILD_CREATE), then
// delivers 50,000 more members joining over time, 50 per server in ten
// waves, and reads the process's resident memory (VmRSS) after the
// servers arrive and after each wave. It reports the RSS at the end and
// the growth per 1,000 members who joined (flat means the state does not
// keep them). One iteration takes about a minute: run it alone.
func BenchmarkRSSGatewayMembers(b *testing.B) {
	const servers, initial, waves, perWave = 1000, 50, 10, 5
	bin := buildKindred(b)
	for b.Loop() {
		fake := discordtest.New(b, discordtest.WithoutSpecValidation())
		var guilds []*discordtest.Guild
		for i := range servers {
			g := discordtest.DefaultGuild()
			g.Name = fmt.Sprintf("Server %d", i)
			for j := range initial - len(g.Members) {
				g.Members = append(g.Members, discordtest.Member{User: discordtest.User{Username: fmt.Sprintf("m%d_%d", i, j)}})
			}
			guilds = append(guilds, fake.AddGuild(g))
		}
		dir := b.TempDir()
		cfg := filepath.Join(dir, "kindred.toml")
		body := "[discord]\napi_url = \"" + fake.URL() + "/api\"\n[database]\npath = \"" + filepath.Join(dir, "k.db") + "\"\n[log]\nlevel = \"warn\"\n"
		if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(bin, "-config", cfg, "run")
		cmd.Env = append(os.Environ(), tokenEnv+"="+fake.Token)
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

		// Every server welcomed: all GUILD_CREATEs are in.
		welcomed := func() int { return len(fake.RequestsTo("POST", "/channels/*/messages")) }
		if !waitUntil(5*time.Minute, func() bool { return welcomed() >= servers }) {
			b.Fatalf("%d of %d servers welcomed after 5 minutes; kindred's log:\n%s", welcomed(), servers, tail(logs.String(), 4000))
		}
		settle()
		start := rssKB(b, cmd.Process.Pid)
		rss := []int{start}
		for range waves {
			for _, g := range guilds {
				for range perWave {
					fake.AddMember(g.ID, discordtest.Member{})
				}
			}
			settle()
			rss = append(rss, rssKB(b, cmd.Process.Pid))
		}
		joined := waves * perWave * servers
		end := rss[len(rss)-1]
		b.ReportMetric(float64(start)/1024, "rss-MB-servers")
		b.ReportMetric(float64(end)/1024, "rss-MB-end")
		b.ReportMetric(float64(end-start)/float64(joined)*1000, "KB/1000-joins")
		b.Logf("servers=%d members=%d RSS by wave (MB): %v", servers, servers*initial+joined, mb(rss))
	}
}

// settle gives the process a moment to take in what it was sent.
func settle() { time.Sleep(2 * time.Second) }

func waitFor(b *testing.B, limit time.Duration, cond func() bool) {
	b.Helper()
	if !waitUntil(limit, cond) {
		b.Fatal("timed out waiting for kindred")
	}
}

// buildKindred builds the kindred binary, as a release would, for tests
// whose claim is about the process: the test binary would add the test
// packages' own code and memory.
func buildKindred(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "kindred")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build kindred: %v\n%s", err, out)
	}
	return bin
}

// waitUntil polls cond until it holds or limit passes, and reports which.
func waitUntil(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
	return true
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// rssKB reads a process's resident set size in KB from /proc.
func rssKB(b *testing.B, pid int) int {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}

func mb(kb []int) []int {
	out := make([]int, len(kb))
	for i, k := range kb {
		out[i] = k / 1024
	}
	return out
}

// BenchmarkStartupServers starts the kindred process against a fake
// Discord with 1,000 or 10,000 servers of 100 members each (four shards
// for 10,000, as Discord requires past 2,500 a shard) and measures the
// time until every server is recorded, and the resident memory then.
// The servers have no channel Kindred may write in, so no welcome posts
// (which go out at the global pace) are in the figure.
func BenchmarkStartupServers(b *testing.B) {
	bin := buildKindred(b)
	for _, tc := range []struct{ servers, shards int }{{1000, 1}, {10000, 4}} {
		b.Run(fmt.Sprintf("servers=%d", tc.servers), func(b *testing.B) {
			for b.Loop() {
				fake := discordtest.New(b, discordtest.WithoutSpecValidation(), discordtest.WithShards(tc.shards, tc.shards, 0))
				base := int64(1) << 40
				for i := range tc.servers {
					g := discordtest.Guild{ID: strconv.FormatInt((base+int64(i))<<22, 10), Name: fmt.Sprintf("Server %d", i)}
					for j := range 100 {
						g.Members = append(g.Members, discordtest.Member{User: discordtest.User{Username: fmt.Sprintf("m%d_%d", i, j)}})
					}
					fake.AddGuild(g)
				}
				dir := b.TempDir()
				db := filepath.Join(dir, "k.db")
				cfg := filepath.Join(dir, "kindred.toml")
				body := "[discord]\napi_url = \"" + fake.URL() + "/api\"\n[database]\npath = \"" + db + "\"\n[log]\nlevel = \"warn\"\n[web]\nlisten = \"\"\n"
				if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
					b.Fatal(err)
				}
				cmd := exec.Command(bin, "-config", cfg, "run")
				cmd.Env = append(os.Environ(), tokenEnv+"="+fake.Token)
				start := time.Now()
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
				waitFor(b, 5*time.Minute, func() bool { return countGuilds(db) >= tc.servers })
				took := time.Since(start)
				settle()
				b.ReportMetric(took.Seconds(), "s-to-all-servers")
				b.ReportMetric(float64(rssKB(b, cmd.Process.Pid))/1024, "rss-MB")
			}
		})
	}
}

// countGuilds counts the servers recorded in the database at path, or 0
// while it can't be read.
func countGuilds(path string) int {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if db.QueryRow(`SELECT count(*) FROM guilds`).Scan(&n) != nil {
		return 0
	}
	return n
}
