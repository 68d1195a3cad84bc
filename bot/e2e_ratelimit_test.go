package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/commands"
)

// TestAnsweredInteractionsLeaveNoRateLimitBuckets answers interactions in
// every way Kindred does (a reply, a reply with a file, a deferral and
// then its edit, a deferral and then a public follow-up) and checks that
// none leaves a rate-limit bucket behind: discordgo keys buckets by URL,
// an interaction's URLs hold its ID and token, and it never forgets a
// bucket, so each interaction used to add one or two for good.
func TestAnsweredInteractionsLeaveNoRateLimitBuckets(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	release := make(chan struct{})
	var handled atomic.Int32
	extra := append(testCommands(release, &handled),
		&commands.Command{
			Definition: &discordgo.ApplicationCommand{Name: "slowpublic", Description: "Answers for everyone after the test releases it"},
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				<-release
				return &commands.Response{Content: "done for everyone"}, nil
			},
		},
		&commands.Command{
			Definition: &discordgo.ApplicationCommand{Name: "file", Description: "Answers with a file"},
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				return &commands.Response{Content: "here", Ephemeral: true,
					Files: []*discordgo.File{{Name: "note.txt", ContentType: "text/plain", Reader: strings.NewReader("hello")}}}, nil
			},
		})
	b, _ := startCustomBot(t, fake, extra, 50*time.Millisecond)
	carol := g.Member("carol")
	round := func() {
		t.Helper()
		if got := fake.SlashCommand(g.ID, carol, "help").Wait(t); got.Deferred() {
			t.Fatal("/help was deferred")
		}
		if got := fake.SlashCommand(g.ID, carol, "file").Wait(t); len(got.Files) != 1 {
			t.Fatalf("the file reply has %d files", len(got.Files))
		}
		for _, name := range []string{"slow", "slowpublic"} {
			in := fake.SlashCommand(g.ID, carol, name)
			if !in.Wait(t).Deferred() {
				t.Fatalf("/%s was not deferred", name)
			}
			release <- struct{}{}
			if name == "slow" {
				in.WaitOriginal(t, func(m *discordtest.Message) bool { return m.Content == "done slowly" })
			} else {
				in.WaitFollowups(t, 1)
			}
		}
	}
	round() // the buckets every bot has (commands, channels) are made
	before := b.RateLimitBuckets()
	for range 5 {
		round()
	}
	if after := b.RateLimitBuckets(); after != before {
		t.Fatalf("20 more interactions answered: %d rate-limit buckets, %d before", after, before)
	}
}
