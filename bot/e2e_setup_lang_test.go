package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestSetupSettingsAndGuidelinesInTheMembersLanguage checks that
// moderators' set-up, settings and guidelines replies follow their
// Discord language, setting labels and values included.
func TestSetupSettingsAndGuidelinesInTheMembersLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	const message = discordgo.InteractionResponseChannelMessageWithSource

	tests := []struct {
		name   string
		who    discordtest.Member
		locale string
		cmd    string
		args   []discordtest.Arg
		wants  []string
	}{
		{"settings show in Dutch", alice, "nl", "settings", []discordtest.Arg{discordtest.Sub("show")},
			[]string{"**Instellingen van Kindred op deze server**", "Tijdzone van de server: UTC (nu 12:00) (standaard)", "Check-ins: aan (standaard)", "Moderatorrol: niet ingesteld"}},
		{"setup in Spanish", alice, "es-ES", "setup", nil,
			[]string{"**Configurar Kindred** · Canales para miembros (1 de 4)", "Canal de check-in: sin configurar"}},
		{"audit in Spanish", alice, "es-ES", "audit", []discordtest.Arg{discordtest.Sub("show")},
			[]string{"Todavía no hay acciones de moderación registradas."}},
		{"settings show in English", alice, "en-US", "settings", []discordtest.Arg{discordtest.Sub("show")},
			[]string{"**Kindred's settings in this server**", "Server time zone: UTC (now 12:00) (default)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]discordtest.Arg(nil), tt.args...), discordtest.WithLocale(tt.locale))
			wantReply(t, tt.name, h.fake.SlashCommand(g, tt.who, tt.cmd, args...).Wait(t), message, tt.wants...)
		})
	}

	// Spanish is longer than Discord's 2,000 characters for a message's
	// text: the list moves into an embed.
	resp := h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("show"), discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "settings show in Spanish", resp, message, "`/settings set`")
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Ajustes de Kindred en este servidor") || !strings.Contains(got, "Canal de check-in: sin configurar") {
		t.Errorf("/settings show in Spanish:\n%s", got)
	}

	resp = h.fake.SlashCommand(g, carol, "guidelines", discordtest.Sub("show"), discordtest.WithLocale("es-ES")).Wait(t)
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Normas de la comunidad" {
		t.Errorf("/guidelines show in Spanish: %+v", resp.Data.Embeds)
	}
}

// TestDefaultGuidelinesInTheServersLanguage checks that a server that
// has not written its own guidelines gets Kindred's default text in its
// Discord language.
func TestDefaultGuidelinesInTheServersLanguage(t *testing.T) {
	h := newHarness(t)
	spec := discordtest.DefaultGuild()
	spec.Name, spec.Locale = "Servidor", "pt-BR"
	br := h.fake.AddGuild(spec)
	h.fake.WaitMessage(t, br.ChannelID("general"), nil)

	resp := h.fake.SlashCommand(br.ID, br.Member("carol"), "guidelines", discordtest.Sub("show")).Wait(t)
	if len(resp.Data.Embeds) != 1 {
		t.Fatalf("/guidelines show: %d embeds", len(resp.Data.Embeds))
	}
	if d := resp.Data.Embeds[0].Description; !strings.Contains(d, "O que é compartilhado aqui fica aqui") || !strings.Contains(d, "`/crisis`") {
		t.Errorf("default guidelines in a pt-BR server:\n%s", d)
	}
	// The English server keeps the English text.
	resp = h.fake.SlashCommand(h.guild.ID, h.member("carol"), "guidelines", discordtest.Sub("show")).Wait(t)
	if d := resp.Data.Embeds[0].Description; !strings.Contains(d, "What is shared here stays here") {
		t.Errorf("default guidelines in an English server:\n%s", d)
	}
}

// TestSettingsLanguageMakesPublicPostsSpanish checks /settings set
// language: its refusal and confirmation, and that the guidelines post
// (a public post) is then in Spanish, whatever the moderator's language.
func TestSettingsLanguageMakesPublicPostsSpanish(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	general := h.guild.ChannelID("general")
	const message = discordgo.InteractionResponseChannelMessageWithSource
	set := func(value, locale string) *discordtest.Response {
		return h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set",
			discordtest.Opt("key", data.SettingLanguage), discordtest.Opt("value", value)), discordtest.WithLocale(locale)).Wait(t)
	}

	post := func() *discordtest.Message {
		t.Helper()
		seen := map[string]bool{}
		for _, m := range h.fake.Messages(general) {
			seen[m.ID] = true
		}
		wantReply(t, "post", h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("post", discordtest.ChannelOpt("channel", general))).Wait(t),
			message, "Posted the guidelines in <#"+general+">")
		return h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool {
			return len(m.Embeds) == 1 && !seen[m.ID]
		})
	}
	english := post()
	if e := english.Embeds[0]; e.Title != "Community guidelines" || !strings.Contains(e.Description, "What is shared here stays here") {
		t.Errorf("guidelines post in English:\n%s\n%s", e.Title, e.Description)
	}

	wantReply(t, "unknown language", set("klingon", "es-ES"), message, `Todavía no hablo "klingon"`, "`es` (Español)")
	wantReply(t, "unknown language in English", set("klingon", "en-US"), message, `I don't speak "klingon" yet`)
	wantReply(t, "set language", set("es", "en-US"), message,
		"Saved. Language of public posts is now Español (it was the server's Discord language).",
		"las publicaciones de Kindred en este servidor serán en español",
		"I've updated the copy posted in <#"+general+">")
	if e := h.fake.Message(english.ID).Embeds[0]; e.Title != "Normas de la comunidad" || !strings.Contains(e.Description, "Lo que se comparte aquí, se queda aquí") {
		t.Errorf("posted guidelines after /settings set language es:\n%s\n%s", e.Title, e.Description)
	}
	wantReply(t, "show", h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("show")).Wait(t), message,
		"Language of public posts: Español")

	spanish := post()
	e := spanish.Embeds[0]
	if e.Title != "Normas de la comunidad" || !strings.Contains(e.Description, "Lo que se comparte aquí, se queda aquí") ||
		e.Footer == nil || e.Footer.Text != "Léelas, por favor, y luego pulsa el botón de abajo." {
		t.Errorf("guidelines post after /settings set language es:\n%s\n%s\n%+v", e.Title, e.Description, e.Footer)
	}
	if got := strings.Join(buttonLabels(spanish.Components), ", "); !strings.Contains(got, "Las he leído y las acepto") {
		t.Errorf("guidelines post buttons: %s", got)
	}

	// Back to the server's Discord language (English): the copy follows.
	wantReply(t, "reset language", h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("reset", discordtest.Opt("key", data.SettingLanguage))).Wait(t),
		message, "back to its default", "I've updated the copy posted in <#"+general+">")
	if e := h.fake.Message(spanish.ID).Embeds[0]; e.Title != "Community guidelines" || !strings.Contains(e.Description, "What is shared here stays here") {
		t.Errorf("posted guidelines after resetting the language:\n%s\n%s", e.Title, e.Description)
	}
}
