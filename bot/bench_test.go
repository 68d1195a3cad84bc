package bot_test

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// benchInteractions sends b.N slash commands one after another and reports
// the mean time from the fake dispatching INTERACTION_CREATE to the
// callback request arriving: the client's time to answer, plus the same
// loopback transport for both benchmarks.
func benchInteractions(b *testing.B, fake *discordtest.Server, guildID string, m discordtest.Member) {
	b.Helper()
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		resp := fake.SlashCommand(guildID, m, "help").Wait(b)
		total += resp.Latency
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/reply")
}

// BenchmarkHelpFullMiddleware answers /help through Kindred's router and
// middleware (settings load, permission check, recover, defer timer, log).
func BenchmarkHelpFullMiddleware(b *testing.B) {
	h := newHarness(b, discordtest.WithoutSpecValidation())
	benchInteractions(b, h.fake, h.guild.ID, h.member("carol"))
}

// BenchmarkBareDiscordgoHandler answers with a constant from a plain
// discordgo handler: the floor Kindred's middleware is measured against.
func BenchmarkBareDiscordgoHandler(b *testing.B) {
	fake := discordtest.New(b, discordtest.WithoutSpecValidation())
	g := fake.AddGuild(discordtest.DefaultGuild())
	s := fake.NewSession()
	s.LogLevel = discordgo.LogError
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "help", Flags: discordgo.MessageFlagsEphemeral},
		})
	})
	if err := s.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		s.Close()
	})
	if _, err := s.ApplicationCommandBulkOverwrite(fake.AppID, "", []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}}); err != nil {
		b.Fatal(err)
	}
	benchInteractions(b, fake, g.ID, g.Member("carol"))
}
