package bot_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
)

// shardedHarness starts a fake Discord that asks for 4 shards (2 may
// identify at once) with servers servers spread over them, and the bot
// against it with configure applied. Every fourth-shard server but one
// per shard is bare (no channel to welcome in); the first per shard is
// the default test server, so each shard has members to talk to.
func shardedHarness(t *testing.T, servers int, configure func(*bot.Config)) (*harness, []*discordtest.Guild) {
	t.Helper()
	const interval = 50 * time.Millisecond
	h := &harness{
		t:      t,
		fake:   discordtest.New(t, discordtest.WithShards(4, 2, interval)),
		dbPath: filepath.Join(t.TempDir(), "kindred.db"),
		clock:  &fakeClock{now: harnessStart},
		configure: func(c *bot.Config) {
			c.IdentifyInterval = interval
			if configure != nil {
				configure(c)
			}
		},
	}
	var full []*discordtest.Guild
	base := int64(1) << 40
	for i := range servers {
		g := discordtest.Guild{ID: strconv.FormatInt((base+int64(i))<<22, 10), Name: fmt.Sprintf("Server %d", i)}
		if i < 4 {
			d := discordtest.DefaultGuild()
			d.ID, d.Name = g.ID, g.Name
			g = d
		}
		added := h.fake.AddGuild(g)
		if i < 4 {
			full = append(full, added)
		}
	}
	h.start()
	return h, full
}

func TestFourShardsOverAThousandServers(t *testing.T) {
	h, full := shardedHarness(t, 1000, nil)

	// Discord's recommendation is followed: four shards, in buckets.
	var got []string
	for _, sh := range h.fake.ShardIdentifies() {
		got = append(got, fmt.Sprint(sh))
	}
	slices.Sort(got)
	if want := []string{"[0 4]", "[1 4]", "[2 4]", "[3 4]"}; !slices.Equal(got, want) {
		t.Fatalf("identified shards %v, want %v", got, want)
	}
	if !h.bot.Connected() {
		t.Error("Connected() = false with every shard up")
	}

	// Every server reached the bot through its own shard and was recorded.
	for _, g := range full {
		h.fake.WaitMessage(t, g.ChannelID("general"), nil) // the welcome, once
		resp := h.fake.SlashCommand(g.ID, g.Member("carol"), "help").Wait(t)
		if !strings.Contains(resp.Content(), "not a therapist") {
			t.Errorf("/help on shard %d answered %q", bot.ShardOf(g.ID, 4), resp.Content())
		}
		if n := len(h.fake.Messages(g.ChannelID("general"))); n != 1 {
			t.Errorf("server on shard %d got %d welcomes, want 1", bot.ShardOf(g.ID, 4), n)
		}
	}
	db, err := sql.Open("sqlite3", "file:"+h.dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for {
		var known int
		err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM guilds`).Scan(&known)
		if err != nil {
			t.Fatal(err)
		}
		if known == 1000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store knows %d servers, want 1000", known)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A direct message arrives on shard 0 only, so it is answered once.
	carol := full[0].Member("carol")
	h.fake.SlashCommand(full[0].ID, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00")))).Wait(t)
	h.fake.WaitDM(t, carol.User.ID, nil)
	h.fake.UserMessage(h.fake.DMChannelID(carol.User.ID), carol.User, "stop")
	h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "stopped") })
	h.fake.SlashCommand(full[0].ID, carol, "help").Wait(t) // let any duplicate answer land first
	var answers int
	for _, m := range h.fake.DMs(carol.User.ID) {
		if strings.Contains(m.Content, "stopped") {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("the stop word was answered %d times, want once", answers)
	}
}

func TestConfiguredShardSubset(t *testing.T) {
	h, full := shardedHarness(t, 8, func(c *bot.Config) { c.ShardCount, c.ShardIDs = 4, []int{1, 3} })
	var got []string
	for _, sh := range h.fake.ShardIdentifies() {
		got = append(got, fmt.Sprint(sh))
	}
	slices.Sort(got)
	if want := []string{"[1 4]", "[3 4]"}; !slices.Equal(got, want) {
		t.Fatalf("identified shards %v, want %v", got, want)
	}
	for _, g := range full {
		shard := bot.ShardOf(g.ID, 4)
		if got, want := h.bot.OwnsGuild(g.ID), shard == 1 || shard == 3; got != want {
			t.Errorf("OwnsGuild(server on shard %d) = %v, want %v", shard, got, want)
		}
	}
	if h.bot.OwnsGuild("") {
		t.Error("a process without shard 0 owns direct messages")
	}
}
