package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestCheckinInADMEndToEnd: /checkin now and /checkin history work in a
// DM with Kindred, filed in the member's one server at once, and asking
// which when the member is in two.
func TestCheckinInADMEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	bob, carol := h.member("bob"), h.member("carol")
	checkinsIn := func(guildID string) int {
		t.Helper()
		cs, err := h.store.RecentCheckins(ctx, guildID, carol.User.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}

	if contexts, installs, _ := h.fake.CommandInstallation("checkin"); !slices.Contains(contexts, 1) || !slices.Contains(installs, 1) {
		t.Fatalf("/checkin synced with contexts %v and integration types %v, want DMs and user installs", contexts, installs)
	}

	// A member Kindred knows in no server yet is told where to start.
	resp := h.fake.SlashCommand("", bob, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3))).Wait(t)
	wantReply(t, "no server", resp, discordgo.InteractionResponseChannelMessageWithSource, "use `/checkin now` once in your server")

	// One server: the DM check-in is filed there at once, and says where.
	h.fake.SlashCommand(h.guild.ID, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3))).Wait(t)
	resp = h.fake.SlashCommand("", carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4),
		discordtest.Opt("feelings", "hopeful, tired"), discordtest.Opt("note", true))).Wait(t)
	wantReply(t, "one server", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"From the **Test Server** server", "Notes are added in the server")
	if !resp.Ephemeral() {
		t.Error("the DM check-in reply is not ephemeral")
	}
	if n := checkinsIn(h.guild.ID); n != 2 {
		t.Fatalf("check-ins in the server: %d, want 2", n)
	}
	if cs, _ := h.store.RecentCheckins(ctx, h.guild.ID, carol.User.ID, time.Time{}); strings.Join(cs[0].Feelings, ",") != "hopeful,tired" {
		t.Errorf("feelings of the DM check-in: %v", cs[0].Feelings)
	}

	// A hard check-in in a DM brings the safety net there, and asking a
	// moderator to reach out works from the DM, in the server.
	msSet(t, h, data.SettingAlertsChannel, h.guild.ChannelID("mod-log"))
	in := h.fake.SlashCommand("", carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1)))
	resp = in.Wait(t)
	wantReply(t, "hard check-in in a DM", resp, discordgo.InteractionResponseChannelMessageWithSource, "You are not alone")
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "emergency number") {
		t.Errorf("a hard check-in in a DM shows no crisis lines:\n%s", got)
	}
	reach := h.fake.ClickButton("", carol, in.Original(), buttonWithPrefix(t, resp.Data.Components, "ci-dmreach:"+h.guild.ID+":")).Wait(t)
	if reach.Type != discordgo.InteractionResponseUpdateMessage {
		t.Errorf("reach out from a DM answered %d %q", reach.Type, reach.Content())
	}
	if alerts := h.fake.Messages(h.guild.ChannelID("mod-log")); len(alerts) != 1 || !strings.Contains(alerts[0].Content, carol.User.ID) {
		t.Errorf("moderators' channel after reach out from a DM: %+v", alerts)
	}

	// Two servers: Kindred asks which, and files it in the one chosen.
	second := addSecondServer(t, h, carol)
	h.fake.SlashCommand(second.ID, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3))).Wait(t)

	in = h.fake.SlashCommand("", carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 2), discordtest.Opt("feelings", "sad")))
	ask := in.Wait(t)
	wantReply(t, "two servers", ask, discordgo.InteractionResponseChannelMessageWithSource, "Which server is this check-in for?")
	if n := checkinsIn(second.ID); n != 1 {
		t.Fatalf("recorded before the member chose: %d check-ins in the second server", n)
	}
	pick := buttonWithPrefix(t, ask.Data.Components, "ci-where:"+second.ID+":")
	done := h.fake.ClickButton("", carol, in.Original(), pick).Wait(t)
	wantReply(t, "chosen", done, discordgo.InteractionResponseUpdateMessage, "From the **Second Circle** server")
	if n := checkinsIn(second.ID); n != 2 {
		t.Errorf("check-ins in the chosen server: %d, want 2", n)
	}
	if n := checkinsIn(h.guild.ID); n != 3 {
		t.Errorf("check-ins in the other server: %d, want 3 (unchanged)", n)
	}

	// History asks the same way and shows the chosen server's.
	in = h.fake.SlashCommand("", carol, "checkin", discordtest.Sub("history"))
	ask = in.Wait(t)
	wantReply(t, "history", ask, discordgo.InteractionResponseChannelMessageWithSource, "Which server's check-ins")
	pick = buttonWithPrefix(t, ask.Data.Components, "ci-where:"+h.guild.ID+":")
	done = h.fake.ClickButton("", carol, in.Original(), pick).Wait(t)
	wantReply(t, "history chosen", done, discordgo.InteractionResponseUpdateMessage, "From the **Test Server** server")
	if got := embedsText(done.Data.Embeds); !strings.Contains(got, "Check-ins in the last 30 days:** 3") {
		t.Errorf("history of the chosen server:\n%s", got)
	}

	// The rest of /checkin stays in the server.
	resp = h.fake.SlashCommand("", carol, "checkin", discordtest.Sub("country", discordtest.Opt("country", "GB"))).Wait(t)
	wantReply(t, "country in a DM", resp, discordgo.InteractionResponseChannelMessageWithSource, "works in your server")
}

// addSecondServer adds a second server, "Second Circle", with member in
// it, and waits until Kindred has seen it.
func addSecondServer(t *testing.T, h *harness, member discordtest.Member) *discordtest.Guild {
	t.Helper()
	g2 := discordtest.DefaultGuild()
	g2.Name = "Second Circle"
	for i, m := range g2.Members {
		if m.User.Username == member.User.Username {
			g2.Members[i].User = member.User
		}
	}
	second := h.fake.AddGuild(g2)
	h.fake.WaitMessage(t, second.ChannelID("general"), nil) // its welcome: Kindred has seen it
	return second
}
