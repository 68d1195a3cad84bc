package bot_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/scheduler"
)

// A server that removes Kindred while it is offline is noticed at the
// next start (it is neither in READY nor in GET /users/@me/guilds), and
// its grace period starts then; servers Kindred is still in are left
// alone.
func TestServerRemovedWhileOfflineStartsItsGracePeriod(t *testing.T) {
	h := newHarness(t)
	second := discordtest.DefaultGuild()
	second.Name = "Second group"
	g2 := h.fake.AddGuild(second)
	h.fake.WaitMessage(t, g2.ChannelID("general"), nil) // welcomed: recorded as joined

	h.stop()
	h.fake.RemoveGuild(g2.ID) // while Kindred is offline: it gets no GUILD_DELETE
	h.start()

	ctx := context.Background()
	pvEventually(t, "the removal noticed", func() bool {
		ids, err := h.store.ActiveGuilds(ctx)
		return err == nil && !slices.Contains(ids, g2.ID)
	})
	if ids, _ := h.store.ActiveGuilds(ctx); !slices.Contains(ids, h.guild.ID) {
		t.Fatalf("the server Kindred is still in was marked removed: active %v", ids)
	}
	past, err := h.store.RemovedGuildsPastGrace(ctx, h.clock.Now().Add(-scheduler.GuildGrace).Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(past) != 0 {
		t.Fatalf("the grace period did not start at the restart: past grace already %v", past)
	}
	past, err = h.store.RemovedGuildsPastGrace(ctx, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(past, []string{g2.ID}) {
		t.Fatalf("servers removed by now = %v, want %v", past, []string{g2.ID})
	}
	if got := len(h.fake.RequestsTo("GET", "/users/@me/guilds")); got == 0 {
		t.Error("Kindred did not ask Discord for its servers")
	}
}
