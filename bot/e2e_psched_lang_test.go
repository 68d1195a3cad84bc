package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestSchedulesInSpanishEndToEnd: a moderator whose Discord is in Spanish
// types a meeting's schedule in Spanish, is told about a mistake in
// Spanish, and sees the schedule described in Spanish; a member reading
// in Polish sees it in Polish; and the server's Events tab, in a server
// whose language is Spanish, describes it in Spanish.
func TestSchedulesInSpanishEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	es := discordtest.WithLocale("es-ES")
	if _, err := h.store.SetSetting(context.Background(), g, alice.User.ID, data.SettingLanguage, "es"); err != nil {
		t.Fatal(err)
	}

	// A schedule without a time: the problem and the example are Spanish.
	resp := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Grupo del martes"), discordtest.Opt("schedule", "todos los martes"), discordtest.Opt("duration", 90),
		discordtest.ChannelOpt("post_in", general)), es).Wait(t)
	wantReply(t, "a Spanish schedule without a time", resp, reply,
		`No he podido leer "todos los martes": también necesito una hora. Prueba «todos los martes a las 19:00».`)

	// Typed in Spanish, shown in Spanish.
	in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Grupo del martes"), discordtest.Opt("schedule", "cada martes a las 19h"), discordtest.Opt("duration", 90),
		discordtest.ChannelOpt("post_in", general)), es)
	resp = in.Wait(t)
	wantReply(t, "/mod-meetings create with a Spanish schedule", resp, reply, "Así queda la reunión")
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Todos los martes a las 19:00, durante 90 minutos") {
		t.Errorf("draft summary doesn't describe the schedule in Spanish:\n%s", got)
	}
	h.fake.ClickButton(g, alice, in.Original(), buttonWithPrefix(t, resp.Data.Components, "mtg-ok:"), es).Wait(t)
	ms, err := h.store.Meetings(context.Background(), g)
	if err != nil || len(ms) != 1 || ms[0].Schedule != "every Tuesday at 19:00" {
		t.Fatalf("stored meetings %+v (%v), want the schedule stored in English", ms, err)
	}

	// Each reader sees it in their own language.
	for _, tt := range []struct {
		locale discordtest.Arg
		want   string
	}{
		{es, "todos los martes a las 19:00"},
		{discordtest.WithLocale("pl"), "w każdy wtorek o 19:00"},
		{discordtest.WithLocale("en-US"), "every Tuesday at 19:00"},
	} {
		list := h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("list"), tt.locale).Wait(t)
		if got := list.Data.Content + embedsText(list.Data.Embeds); !strings.Contains(got, tt.want) {
			t.Errorf("/meeting list: %q, want it to say %q", got, tt.want)
		}
	}

	// A self-care schedule and its mistakes, in the moderator's Spanish.
	resp = h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "entre semana a las 12:30"), discordtest.ChannelOpt("channel", general)), es).Wait(t)
	wantReply(t, "/mod-selfcare schedule in Spanish", resp, reply, "Listo: publicaré", "entre semana (de lunes a viernes) a las 12:30")
	resp = h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "todos los martes a las 25:00"), discordtest.ChannelOpt("channel", general)), es).Wait(t)
	wantReply(t, "/mod-selfcare schedule with a wrong time, in Spanish", resp, reply,
		`"25:00" no es una hora del día: las horas van de 00 a 23.`)

	// The Events tab of a Spanish-language server.
	withManageEvents(t, h)
	if err := h.bot.ReconcileEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the meeting is in the Events tab", func() bool { return len(eventStarts(h, "Grupo del martes")) > 0 })
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name == "Grupo del martes" && !strings.Contains(e.Description, "Todos los martes a las 19:00") {
			t.Errorf("event description %q doesn't describe the schedule in Spanish", e.Description)
		}
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
