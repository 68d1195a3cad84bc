package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestSelfCareProblemsInSpanishEndToEnd: the store's self-care refusals
// (quiet hours that start and end together, a prompt too short, a prompt
// the server has already) reach members and moderators whose Discord is
// in Spanish in Spanish, with what they typed repeated.
func TestSelfCareProblemsInSpanishEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	es := discordtest.WithLocale("es-ES")

	resp := h.fake.SlashCommand(g, carol, "selfcare", discordtest.Sub("quiet",
		discordtest.Opt("from", "22:00"), discordtest.Opt("to", "10pm")), es).Wait(t)
	wantReply(t, "same quiet hours", resp, reply,
		"Las horas de silencio tienen que empezar y terminar a horas distintas", "No se ha cambiado nada.", "10pm")
	if strings.Contains(resp.Content(), "quiet hours") {
		t.Errorf("English left in the Spanish reply: %q", resp.Content())
	}

	add := func(text string) *discordtest.Response {
		return h.fake.SlashCommand(g, alice, "mod-selfcare", discordtest.Group("prompts", discordtest.Sub("add",
			discordtest.Opt("text", text), discordtest.Opt("category", "rest"))), es).Wait(t)
	}
	wantReply(t, "short prompt", add("Agua."), reply, "Una sugerencia necesita al menos 10 caracteres", "Bebe un vaso de agua")
	add("Pon los pies en alto cinco minutos.")
	wantReply(t, "same prompt twice", add("Pon los pies en alto  cinco minutos."), reply, "Este servidor ya tiene esa sugerencia")
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestSpanishStopWordEndToEnd: a member whose Discord is in Spanish turns
// on nudges and a check-in reminder; the welcome DM tells them to reply
// **parar**, and "¡Para!" in a DM stops both, answered in Spanish.
func TestSpanishStopWordEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	carol := h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	es := discordtest.WithLocale("es-ES")

	h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00"))), es).Wait(t)
	welcome := h.fake.WaitDM(t, carol.User.ID, nil)
	if !strings.Contains(welcome.Content, "**parar**") || strings.Contains(welcome.Content, "**stop**") {
		t.Errorf("the Spanish welcome DM does not name the Spanish stop word: %q", welcome.Content)
	}
	wantReply(t, "remind on", h.fake.SlashCommand(g, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "2000"))), es).Wait(t), reply, "20:00")

	h.fake.UserMessage(h.fake.DMChannelID(carol.User.ID), carol.User, "¡Para!")
	answer := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "he parado tus avisos") })
	if !strings.Contains(answer.Content, "en todos los servidores") {
		t.Errorf("stop word answer: %q", answer.Content)
	}
	n, err := h.store.SelfCareNudgeSettings(ctx, g, carol.User.ID)
	if err != nil || n.Enabled {
		t.Errorf("nudges after the stop word: %+v, %v", n, err)
	}
	if _, err := h.store.CheckinReminderFor(ctx, g, carol.User.ID); err == nil {
		t.Error("the check-in reminder is still on after the stop word")
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestWentWrongInTheMembersMeLanguage: a member whose Discord is in
// English but who chose Spanish with /me language gets "something went
// wrong" (here a handler's panic) in Spanish, like every other reply.
func TestWentWrongInTheMembersMeLanguage(t *testing.T) {
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	startCustom(t, fake, testCommands(nil, new(atomic.Int32)), time.Second)
	carol := g.Member("carol")

	wantReply(t, "/me language", fake.SlashCommand("", carol, "me", discordtest.Sub("language", discordtest.Opt("language", "es"))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "**Español**")
	resp := fake.SlashCommand(g.ID, carol, "boom", discordtest.WithLocale("en-US")).Wait(t)
	wantReply(t, "a panic", resp, discordgo.InteractionResponseChannelMessageWithSource, "algo ha fallado por mi parte", "referencia `")
	// Another member, who chose nothing, still gets their Discord language.
	resp = fake.SlashCommand(g.ID, g.Member("bob"), "boom", discordtest.WithLocale("de")).Wait(t)
	wantReply(t, "a panic in German", resp, discordgo.InteractionResponseChannelMessageWithSource, "Referenz `")
}
