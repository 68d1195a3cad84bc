package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestCommandsOutsideAServerEndToEnd checks that /checkin, /crisis, /help,
// /me and /mydata are synced for DMs and user installs, and answer there: crisis
// lines guessed from the Discord language (and saying so), /me's country
// used from then on, and /mydata naming the servers that hold data.
func TestCommandsOutsideAServerEndToEnd(t *testing.T) {
	h := newHarness(t)
	carol := h.member("carol")

	for _, name := range []string{"checkin", "crisis", "help", "me", "mydata"} {
		contexts, installs, ok := h.fake.CommandInstallation(name)
		if !ok || !slices.Equal(contexts, []int{0, 1, 2}) || !slices.Equal(installs, []int{0, 1}) {
			t.Errorf("/%s synced with contexts %v and integration types %v, want [0 1 2] and [0 1]", name, contexts, installs)
		}
	}
	for _, name := range []string{"meeting", "mod-checkins"} {
		if contexts, _, _ := h.fake.CommandInstallation(name); !slices.Equal(contexts, []int{0}) {
			t.Errorf("/%s contexts %v, want server only", name, contexts)
		}
	}

	// In a DM, with a Spanish Discord: Spain's lines, and why, in Spanish.
	resp := h.fake.SlashCommand("", carol, "crisis", discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "DM /crisis", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"Te muestro las líneas de España por el idioma de tu Discord; `/me country` lo cambia")
	// The lines are framed in the member's language, the country named in it.
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Líneas de crisis: España") {
		t.Errorf("DM /crisis embeds:\n%s", got)
	}

	// /me country, set once in a DM, is used in the DM and in the server.
	wantReply(t, "/me country", h.fake.SlashCommand("", carol, "me", discordtest.Sub("country", discordtest.Opt("country", "Germany"))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "Saved: **Germany**")
	for _, guild := range []string{"", h.guild.ID} {
		resp = h.fake.SlashCommand(guild, carol, "crisis", discordtest.WithLocale("es-ES")).Wait(t)
		if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Líneas de crisis: Alemania") || strings.Contains(resp.Content(), "Discord") {
			t.Errorf("/crisis in %q after /me country: %s\n%s", guild, resp.Content(), got)
		}
	}

	// /help in a DM: the short answer, with crisis lines one tap away.
	in := h.fake.SlashCommand("", carol, "help")
	resp = in.Wait(t)
	wantReply(t, "DM /help", resp, discordgo.InteractionResponseChannelMessageWithSource, "not a therapist", "`/me`")
	crisis := h.fake.ClickButton("", carol, in.Original(), buttonWithPrefix(t, resp.Data.Components, "help:crisis")).Wait(t)
	if got := embedsText(crisis.Data.Embeds); !crisis.Ephemeral() || !strings.Contains(got, "Crisis lines: Germany") {
		t.Errorf("Crisis lines button in a DM:\n%s", got)
	}

	// /mydata in a DM names the servers holding something.
	resp = h.fake.SlashCommand("", carol, "mydata", discordtest.Sub("export")).Wait(t)
	wantReply(t, "DM /mydata, nothing held", resp, discordgo.InteractionResponseChannelMessageWithSource, "per server", "`/me show`")
	h.fake.SlashCommand(h.guild.ID, carol, "crisis", discordtest.Opt("country", "FR"), discordtest.Opt("remember", true)).Wait(t)
	resp = h.fake.SlashCommand("", carol, "mydata", discordtest.Sub("export")).Wait(t)
	wantReply(t, "DM /mydata", resp, discordgo.InteractionResponseChannelMessageWithSource, "**Test Server**")
}

// TestHelpButtonsEndToEnd presses each /help button in a server.
func TestHelpButtonsEndToEnd(t *testing.T) {
	h := newHarness(t)
	carol := h.member("carol")
	in := h.fake.SlashCommand(h.guild.ID, carol, "help")
	resp := in.Wait(t)
	if n := len([]rune(resp.Content())); n > 400 {
		t.Errorf("/help is %d characters, want a short answer:\n%s", n, resp.Content())
	}
	press := func(prefix string) *discordtest.Response {
		t.Helper()
		return h.fake.ClickButton(h.guild.ID, carol, in.Original(), buttonWithPrefix(t, resp.Data.Components, prefix)).Wait(t)
	}
	wantReply(t, "Find help", press("help:find"), discordgo.InteractionResponseChannelMessageWithSource, "/resources find")
	wantReply(t, "Meetings", press("help:meetings"), discordgo.InteractionResponseChannelMessageWithSource, "/meeting next")
	wantReply(t, "All commands", press("help:all"), discordgo.InteractionResponseChannelMessageWithSource, "`/checkin`", "`/me`")
	checkin := press("help:checkin")
	wantReply(t, "Check in", checkin, discordgo.InteractionResponseChannelMessageWithSource, "How are you feeling")
	if id := buttonWithPrefix(t, checkin.Data.Components, "ci-mood:"); id == "" {
		t.Error("Check in has no mood buttons")
	}
	if got := embedsText(press("help:crisis").Data.Embeds); !strings.Contains(got, "Anywhere in the world") {
		t.Errorf("Crisis lines:\n%s", got)
	}
}

// TestCheckinReminderDMOneTapEndToEnd follows a daily reminder DM: it
// names the server, its time follows /me timezone and "0830"-style
// times, and a mood button in the DM records the check-in in that server.
func TestCheckinReminderDMOneTapEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	ctx := context.Background()

	// Nothing typed gets a pointer to the list, about the member's own zone.
	for _, typed := range []string{"", "  ", "local"} {
		wantReply(t, "/me timezone "+typed, h.fake.SlashCommand("", carol, "me", discordtest.Sub("timezone", discordtest.Opt("zone", typed))).Wait(t),
			discordgo.InteractionResponseChannelMessageWithSource, "Please choose your time zone from the list")
	}
	wantReply(t, "/me country", h.fake.SlashCommand("", carol, "me", discordtest.Sub("country", discordtest.Opt("country", " "))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "Please choose your country from the list")
	wantReply(t, "/me timezone", h.fake.SlashCommand("", carol, "me", discordtest.Sub("timezone", discordtest.Opt("zone", "asia/tokyo"))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "Asia/Tokyo")
	wantReply(t, "remind on", h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "2230")))).Wait(t), discordgo.InteractionResponseChannelMessageWithSource, "22:30", "Asia/Tokyo")
	rem, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID)
	if err != nil || rem.Zone != "Asia/Tokyo" || rem.Time != "22:30" {
		t.Fatalf("reminder %+v, %v", rem, err)
	}

	// 22:30 in Tokyo on Thursday 26 November is 13:30 UTC.
	r := meetingRunner(t, h)
	tickAt(t, h, r, time.Date(2026, 11, 26, 13, 31, 0, 0, time.UTC))
	dms := h.fake.DMs(carol.User.ID)
	if len(dms) != 1 {
		t.Fatalf("reminder DMs: %d, want 1", len(dms))
	}
	dm := dms[0]
	if !strings.HasPrefix(dm.Content, "-# From the **Test Server** server\n") {
		t.Errorf("the reminder doesn't name the server:\n%s", dm.Content)
	}
	mood := buttonWithPrefix(t, dm.Components, "ci-dmood:"+g+":4")
	resp := h.fake.ClickButton("", carol, dm, mood).Wait(t)
	if !strings.Contains(resp.Content(), "Test Server") {
		t.Errorf("the DM check-in reply doesn't say where it was saved:\n%s", resp.Content())
	}
	cs, err := h.store.RecentCheckins(ctx, g, carol.User.ID, time.Time{})
	if err != nil || len(cs) != 1 || cs[0].Mood != 4 {
		t.Fatalf("check-ins in the server after the DM press: %+v, %v", cs, err)
	}
	if cs, _ := h.store.RecentCheckins(ctx, "", carol.User.ID, time.Time{}); len(cs) != 0 {
		t.Errorf("a check-in was filed outside the server: %+v", cs)
	}
}
