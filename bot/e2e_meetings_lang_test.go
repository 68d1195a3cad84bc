package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/i18n"
)

// TestMeetingsInMembersLanguagesEndToEnd: a moderator sets up a meeting
// in their Discord language (Spanish), a member reads what's coming up
// in theirs (Polish), and the reminder in a server whose Discord language
// is Italian is posted in the server's language.
func TestMeetingsInMembersLanguagesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general, lounge := h.guild.ChannelID("general"), h.guild.ChannelID("Lounge")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	es := discordtest.WithLocale("es-ES")

	// A mistake is explained in Spanish, and what was typed handed back
	// under the option names the moderator sees.
	resp := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Grupo del martes"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 90),
		discordtest.ChannelOpt("post_in", general), discordtest.ChannelOpt("voice_channel", lounge), discordtest.Opt("link", "https://meet.example.org/x")), es).Wait(t)
	wantReply(t, "/mod-meetings create with a voice channel and a link, in Spanish", resp, reply,
		"Elige un canal de voz o un enlace", "No se ha guardado nada.", "Lo que escribiste", "**publicar_en:** <#"+general+">")

	// The draft and its confirmation, in the moderator's Spanish.
	in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Grupo del martes"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 90),
		discordtest.ChannelOpt("post_in", general), discordtest.ChannelOpt("voice_channel", lounge)), es)
	resp = in.Wait(t)
	wantReply(t, "/mod-meetings create in Spanish", resp, reply, "Así queda la reunión", "no se guarda nada hasta que lo hagas")
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "durante 90 minutos") || !strings.Contains(got, "(la zona horaria del servidor)") ||
		!strings.Contains(got, "Recordatorios: 24 horas y 15 minutos antes, y cuando empieza") ||
		!strings.Contains(got, "Próximas fechas (hora del servidor: tu hora)") {
		t.Errorf("draft summary in Spanish:\n%s", got)
	}
	if got := buttonLabels(resp.Data.Components); len(got) != 2 || got[0] != "Confirmar" || got[1] != "Cancelar" {
		t.Errorf("draft buttons in Spanish: %q", got)
	}
	done := h.fake.ClickButton(g, alice, in.Original(), buttonWithPrefix(t, resp.Data.Components, "mtg-ok:"), es).Wait(t)
	wantReply(t, "confirm in Spanish", done, discordgo.InteractionResponseUpdateMessage,
		"Guardado. **Grupo del martes** ya está lista", "El primer recordatorio sale antes de la primera fecha.", "`/meeting list`")
	if got := buttonLabels(done.Data.Components); len(got) != 1 || got[0] != "Escribir una descripción" {
		t.Errorf("confirmed meeting's button in Spanish: %q", got)
	}

	// What's coming up, for a member whose Discord is in Polish.
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next"), discordtest.WithLocale("pl")).Wait(t)
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Nadchodzące" {
		t.Fatalf("/meeting next in Polish: %+v", resp.Data.Embeds)
	}
	e := resp.Data.Embeds[0]
	if !strings.Contains(e.Description, "Gdzie: <#"+lounge+">.") || e.Footer == nil ||
		!strings.HasPrefix(e.Footer.Text, "Godziny są w twojej strefie czasowej.") {
		t.Errorf("/meeting next in Polish:\n%s\nfooter %+v", e.Description, e.Footer)
	}

	// A server whose Discord language is Italian: the reminder is posted in
	// the server's language, whoever set the meeting up.
	spec := discordtest.DefaultGuild()
	spec.Name, spec.Locale = "Cerchio", "it"
	it := h.fake.AddGuild(spec)
	h.fake.WaitMessage(t, it.ChannelID("general"), nil)
	itGeneral := it.ChannelID("general")
	in = h.fake.SlashCommand(it.ID, it.Member("alice"), "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Gruppo del martedì"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", itGeneral)))
	resp = in.Wait(t)
	wantReply(t, "/mod-meetings create in the Italian server", resp, reply, "nothing is saved until you do")
	wantReply(t, "confirm in the Italian server",
		h.fake.ClickButton(it.ID, it.Member("alice"), in.Original(), buttonWithPrefix(t, resp.Data.Components, "mtg-ok:")).Wait(t),
		discordgo.InteractionResponseUpdateMessage, "Saved.")

	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	posts := postsContaining(h, itGeneral, "**Gruppo del martedì**")
	if len(posts) != 1 {
		t.Fatalf("reminders in the Italian server: %d, want 1", len(posts))
	}
	post := posts[0]
	if len(post.Embeds) != 1 || len(post.Embeds[0].Fields) < 2 || !strings.Contains(post.Content, "<t:") {
		t.Fatalf("reminder in the Italian server: %q %+v", post.Content, post.Embeds)
	}
	if len(buttonLabels(post.Components)) < 3 {
		t.Errorf("reminder buttons in the Italian server: %q", buttonLabels(post.Components))
	}
	// The words are the meetings catalogue's; until it has Italian, the
	// post falls back to English and only its shape is checked here.
	if italian, ok := i18n.Embedded().Text("it", "meetings.reminder"); ok {
		lead, _, _ := strings.Cut(italian, "{{")
		if !strings.HasPrefix(post.Content, lead) {
			t.Errorf("reminder in the Italian server is not in Italian: %q, want it to start %q", post.Content, lead)
		}
		if going, _ := i18n.Embedded().Text("it", "meetings.button_going"); buttonLabels(post.Components)[0] != going {
			t.Errorf("reminder buttons in the Italian server: %q, want %q first", buttonLabels(post.Components), going)
		}
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
