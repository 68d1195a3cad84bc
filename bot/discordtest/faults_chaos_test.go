package discordtest_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestChaosFailsTheRequestsItPicks: chaos decides for each request as it
// comes, an injected fault goes first, and a nil pick ends the chaos.
func TestChaosFailsTheRequestsItPicks(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	general := g.ChannelID("general")
	n := 0
	fake.Chaos("POST", "/channels/*/messages", func() (discordtest.Fault, bool) {
		n++
		return discordtest.Fault{Status: http.StatusServiceUnavailable}, n%2 == 0 // every second one
	})
	status := func(i int) int {
		_, err := createWithNonce(dg, general, "chaos", fmt.Sprintf("chaos-%d", i))
		var re *discordgo.RESTError
		switch {
		case err == nil:
			return http.StatusOK
		case errors.As(err, &re):
			return re.Response.StatusCode
		}
		t.Fatalf("create %d: %v", i, err)
		return 0
	}
	want := []int{http.StatusOK, http.StatusServiceUnavailable, http.StatusOK, http.StatusServiceUnavailable}
	for i, w := range want {
		if got := status(i); got != w {
			t.Errorf("create %d under chaos: %d, want %d", i, got, w)
		}
	}
	fake.Inject("POST", "/channels/*/messages", discordtest.Fault{Status: http.StatusInternalServerError})
	if got := status(4); got != http.StatusInternalServerError {
		t.Errorf("create with a fault injected under chaos: %d, want 500 (the injected fault first)", got)
	}
	fake.Chaos("POST", "/channels/*/messages", nil)
	for i := 5; i < 8; i++ {
		if got := status(i); got != http.StatusOK {
			t.Errorf("create %d after the chaos ended: %d, want 200", i, got)
		}
	}
	if n != 4 {
		t.Errorf("chaos was asked %d times, want 4 (not for the injected fault's request, nor after it ended)", n)
	}
}
