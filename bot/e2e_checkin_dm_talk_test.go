package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestCheckinInADMWithListenersEndToEnd: where listeners are set up, a
// hard check-in offers talking with one only where it can start. In the
// server the offer comes with the Talk to someone button; in a DM, where
// that button can't open the server's private thread, the offer points to
// `/talk start` in the server instead, and the crisis lines stay.
func TestCheckinInADMWithListenersEndToEnd(t *testing.T) {
	h, _ := newTalkHarness(t)
	carol := h.member("carol")
	hard := discordtest.Sub("now", discordtest.Opt("mood", 1))

	for _, tc := range []struct {
		name, guildID string
		wantButton    bool
		want          string
	}{
		{"in the server", h.guild.ID, true, "you can talk privately with one of this community's listeners"},
		{"in a DM", "", false, "use `/talk start` in the server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.fake.SlashCommand(tc.guildID, carol, "checkin", hard).Wait(t)
			wantReply(t, tc.name, resp, discordgo.InteractionResponseChannelMessageWithSource, "You are not alone", tc.want)
			if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "emergency number") {
				t.Errorf("no crisis lines:\n%s", got)
			}
			button := hasButton(resp.Data.Components, "talk-open")
			offers := strings.Contains(resp.Content(), "you can talk privately")
			if button != tc.wantButton || offers != button {
				t.Errorf("Talk to someone button %v, text offers talking now %v (want both %v):\n%s", button, offers, tc.wantButton, resp.Content())
			}
		})
	}
}
