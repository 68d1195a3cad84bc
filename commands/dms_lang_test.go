package commands

import (
	"context"
	"testing"

	"github.com/bwmarrin/discordgo"
)

type namedGuild string

func (n namedGuild) GuildName(context.Context, string) (string, error) { return string(n), nil }

func TestServerLineInTheDMsLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"en", "-# From the **Peer \\*Circle\\*** server\nHello"},
		{"es", "-# Del servidor **Peer \\*Circle\\***\nHello"},
		{"pl", "-# Z serwera **Peer \\*Circle\\***\nHello"},
	} {
		got := nameServerIn(context.Background(), namedGuild("Peer *Circle*"), "g1", tt.lang, &discordgo.MessageSend{Content: "Hello"})
		if got.Content != tt.want {
			t.Errorf("nameServerIn(%s) = %q, want %q", tt.lang, got.Content, tt.want)
		}
		if again := nameServerIn(context.Background(), namedGuild("Peer *Circle*"), "g1", tt.lang, got); again.Content != tt.want {
			t.Errorf("nameServerIn(%s) named a DM twice: %q", tt.lang, again.Content)
		}
	}
}
