package discordtest_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestFaultLapses: a fault with Lapse fails only a request made before it
// lapses; one with no Lapse waits for the next request, however late.
func TestFaultLapses(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	general := g.ChannelID("general")
	tests := []struct {
		name     string
		lapse    time.Duration
		wantFail bool
	}{
		{"no lapse: the next request fails", 0, true},
		{"not lapsed yet: it fails", time.Hour, true},
		{"lapsed: the request goes through", time.Nanosecond, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Inject("POST", "/channels/*/messages", discordtest.Fault{Status: http.StatusServiceUnavailable, Lapse: tt.lapse})
			_, err := createWithNonce(dg, general, "lapse", "lapse-"+string(rune('a'+i)))
			var re *discordgo.RESTError
			if failed := errors.As(err, &re) && re.Response.StatusCode == http.StatusServiceUnavailable; failed != tt.wantFail {
				t.Errorf("failed = %v (err %v), want %v", failed, err, tt.wantFail)
			}
		})
	}
}
