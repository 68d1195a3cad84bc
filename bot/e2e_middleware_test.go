package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// testCommands are commands that exercise the middleware.
func testCommands(release <-chan struct{}, handled *atomic.Int32) []*commands.Command {
	return []*commands.Command{
		{
			Definition: &discordgo.ApplicationCommand{Name: "slow", Description: "Answers after the test releases it"},
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				<-release
				handled.Add(1)
				return commands.Private("done slowly"), nil
			},
		},
		{
			Definition: &discordgo.ApplicationCommand{Name: "boom", Description: "Panics"},
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				panic("note text must never be logged")
			},
		},
		{
			Definition: &discordgo.ApplicationCommand{Name: "toolong", Description: "Answers past Discord's 2,000 characters"},
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				return commands.Private("%s", strings.Repeat("ä", 2500)), nil
			},
		},
		{
			Definition: &discordgo.ApplicationCommand{Name: "modonly", Description: "Moderators only"},
			Moderator:  true,
			Handle: func(ctx context.Context, req *commands.Request) (*commands.Response, error) {
				return commands.Private("hello moderator"), nil
			},
		},
	}
}

// startCustom runs the bot with the given extra commands against h's fake.
func startCustom(t *testing.T, fake *discordtest.Server, extra []*commands.Command, deferAfter time.Duration) (stop func()) {
	t.Helper()
	_, stop = startCustomBot(t, fake, extra, deferAfter)
	return stop
}

// startCustomBot is startCustom that also returns the bot.
func startCustomBot(t *testing.T, fake *discordtest.Server, extra []*commands.Command, deferAfter time.Duration) (*bot.Bot, func()) {
	t.Helper()
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Config{
		Token: fake.Token, HTTPClient: fake.HTTPClient(), Store: store, Log: testLogger(t),
		DeferAfter: deferAfter, ShutdownGrace: 5 * time.Second,
		Commands: func(d commands.Deps) []*commands.Command { return append(commands.All(d), extra...) },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-done:
		t.Fatalf("bot stopped: %v", err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		store.Close()
	}
	t.Cleanup(stop)
	return b, stop
}

func TestSlowHandlerIsDeferredThenAnswered(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	release := make(chan struct{})
	var handled atomic.Int32
	startCustom(t, fake, testCommands(release, &handled), 50*time.Millisecond)

	in := fake.SlashCommand(g.ID, g.Member("carol"), "slow")
	resp := in.Wait(t)
	if !resp.Deferred() || !resp.Ephemeral() {
		t.Fatalf("first response type=%d ephemeral=%v, want an ephemeral deferral", resp.Type, resp.Ephemeral())
	}
	close(release)
	orig := in.WaitOriginal(t, nil)
	if orig.Content != "done slowly" {
		t.Fatalf("@original after the handler finished = %q", orig.Content)
	}
}

func TestPanicGivesKindReplyWithReference(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	startCustom(t, fake, testCommands(nil, new(atomic.Int32)), time.Second)

	resp := fake.SlashCommand(g.ID, g.Member("carol"), "boom").Wait(t)
	if !resp.Ephemeral() || !strings.Contains(resp.Content(), "something went wrong") || !strings.Contains(resp.Content(), "reference `") {
		t.Fatalf("reply to a panic: ephemeral=%v %q", resp.Ephemeral(), resp.Content())
	}
	// The bot keeps serving.
	if got := fake.SlashCommand(g.ID, g.Member("carol"), "help").Wait(t); !strings.Contains(got.Content(), "Kindred") {
		t.Fatalf("/help after a panic: %q", got.Content())
	}
}

// A reply past Discord's 2,000 characters (a bug) is clipped to fit,
// so the member still gets an answer rather than none.
func TestTooLongReplyIsClippedNotLost(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	startCustom(t, fake, testCommands(nil, new(atomic.Int32)), time.Second)
	resp := fake.SlashCommand(g.ID, g.Member("carol"), "toolong").Wait(t)
	if n := utf8.RuneCountInString(resp.Content()); n != 2000 || !strings.HasSuffix(resp.Content(), "ä…") {
		t.Fatalf("reply of %d characters, ending %q", n, resp.Content()[len(resp.Content())-10:])
	}
}

func TestModeratorCommandCheckedServerSide(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	startCustom(t, fake, testCommands(nil, new(atomic.Int32)), time.Second)

	var synced *discordgo.ApplicationCommand
	for _, c := range fake.Commands() {
		if c.Name == "modonly" {
			synced = c
		}
	}
	if synced == nil || synced.DefaultMemberPermissions == nil || *synced.DefaultMemberPermissions != discordgo.PermissionManageGuild {
		t.Fatalf("moderator command synced without default_member_permissions=Manage Server: %+v", synced)
	}
	// A server admin may have shown the command to everyone: Kindred still refuses.
	if got := fake.SlashCommand(g.ID, g.Member("carol"), "modonly").Wait(t); !strings.Contains(got.Content(), "Only moderators") {
		t.Fatalf("member ran a moderator command: %q", got.Content())
	}
	if got := fake.SlashCommand(g.ID, g.Member("alice"), "modonly").Wait(t); got.Content() != "hello moderator" {
		t.Fatalf("the owner (Manage Server) was refused: %q", got.Content())
	}
}

func TestShutdownFinishesInteractionsInFlight(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	release := make(chan struct{})
	var handled atomic.Int32
	stop := startCustom(t, fake, testCommands(release, &handled), 50*time.Millisecond)

	in := fake.SlashCommand(g.ID, g.Member("carol"), "slow")
	in.Wait(t) // deferred: the handler is running
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("shutdown did not wait for the interaction in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-stopped
	if handled.Load() != 1 {
		t.Fatal("handler did not finish")
	}
	if orig := in.WaitOriginal(t, nil); orig.Content != "done slowly" {
		t.Fatalf("reply of the interaction finished during shutdown: %q", orig.Content)
	}
}
