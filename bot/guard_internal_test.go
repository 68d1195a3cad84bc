package bot

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// A panic in a gateway event handler is recovered and logged with the
// event and server; it does not end the process (a panic escaping would
// end this test binary too). Reading the server's ID may itself panic
// when the event is what is broken.
func TestGuardRecoversAPanicInAnEventHandler(t *testing.T) {
	var logs bytes.Buffer
	b := &Bot{log: slog.New(slog.NewTextHandler(&logs, nil))}
	ev := &discordgo.GuildCreate{Guild: &discordgo.Guild{ID: "123456789012345678"}}
	func() {
		defer b.guard("GUILD_CREATE", func() string { return ev.ID })
		var m map[string]int
		m[ev.ID]++ // a real bug: assignment to a nil map
	}()
	out := logs.String()
	for _, want := range []string{"panic recovered in a gateway event handler", "event=GUILD_CREATE", "guild=123456789012345678", "nil map", "stack="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}

	logs.Reset()
	broken := &discordgo.GuildCreate{} // no Guild: reading its ID panics
	func() {
		defer b.guard("GUILD_CREATE", func() string { return broken.ID })
		_ = broken.Name
	}()
	if !strings.Contains(logs.String(), "panic recovered") || !strings.Contains(logs.String(), "guild=\"\"") {
		t.Errorf("a broken event's panic was not logged:\n%s", logs.String())
	}
}
