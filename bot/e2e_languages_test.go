package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestHelpCrisisAndMyDataInEachLanguage: a member whose Discord is in one
// of Kindred's eight languages gets /help, /crisis and /mydata in it,
// with commands written as that language's members see them, a DM from
// Kindred (self-care nudges' welcome) in it too, and the synced command
// definitions carry that language's descriptions.
func TestHelpCrisisAndMyDataInEachLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	defs := map[string]*discordgo.ApplicationCommand{}
	for _, c := range h.fake.Commands() {
		defs[c.Name] = c
	}
	tests := []struct {
		locale string
		help   string // from help.intro
		crisis string // from crisis.from_locale: lines for the locale's country, named in its language
		embed  string // the international embed's title
		mydata string // from mydata.export_intro
		desc   string // /help's description in the locale
		option string // /crisis's country option in the locale
		dm     string // from selfcare.welcome, the DM /selfcare nudge on sends
	}{
		{"en-US", "It is not a therapist or a crisis service", "Choose your country with `/crisis country` (or `/me country`)", "Anywhere in the world",
			"Here is everything Kindred keeps about you", "What Kindred offers and how to use it", "country", "Hi! You turned on self-care nudges."},
		{"es-ES", "No es terapia ni un servicio de crisis", "Te muestro las líneas de España por el idioma de tu Discord", "En cualquier lugar del mundo",
			"Aquí tienes todo lo que Kindred guarda sobre ti", "Qué ofrece Kindred y cómo usarlo", "pais", "¡Hola! Has activado los avisos de autocuidado."},
		{"fr", "Ce n'est ni un·e thérapeute ni un service de crise", "Voici les lignes du pays de ta langue Discord : France.", "Partout dans le monde",
			"Voici tout ce que Kindred garde sur toi", "Ce que propose Kindred et comment l'utiliser", "pays", "Coucou ! Tu as activé les coups de pouce"},
		{"de", "Es ist keine Therapie und kein Krisendienst", "Hier sind die Krisendienste für Deutschland", "Überall auf der Welt",
			"Hier ist alles, was Kindred auf diesem Server über dich speichert", "Was Kindred bietet und wie du es nutzt", "land", "Hallo! Du hast Selbstfürsorge-Anstupser eingeschaltet."},
		{"pt-BR", "Ele não é terapia nem um serviço de crise", "Mostrando as linhas do país do idioma do seu Discord: Brasil.", "Em qualquer lugar do mundo",
			"Aqui está tudo o que o Kindred guarda sobre você", "O que o Kindred oferece e como usar", "pais", "Oi! Você ativou os toques de autocuidado."},
		{"it", "Non è una terapia né un servizio di crisi", "Ecco le linee del paese della lingua del tuo Discord: Italia.", "Ovunque nel mondo",
			"Ecco tutto ciò che Kindred conserva su di te", "Cosa offre Kindred e come usarlo", "paese", "Ciao! Hai attivato i promemoria di cura di sé."},
		{"nl", "Het is geen therapeut en geen crisisdienst", "Dit zijn de lijnen voor Nederland", "Overal ter wereld",
			"Hier is alles wat Kindred op deze server over je bewaart", "Wat Kindred biedt en hoe je het gebruikt", "land", "Hoi! Je hebt zelfzorgduwtjes aangezet."},
		{"pl", "Nie jest terapeutą ani telefonem kryzysowym", "Pokazuję telefony zaufania dla kraju Polska", "Gdziekolwiek na świecie",
			"Oto wszystko, co Kindred przechowuje o tobie", "Co oferuje Kindred i jak z niego korzystać", "kraj", "Cześć! Przypominajki o dbaniu o siebie są włączone."},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			loc := discordtest.WithLocale(tt.locale)
			wantReply(t, "/help", h.fake.SlashCommand(g, carol, "help", loc).Wait(t),
				discordgo.InteractionResponseChannelMessageWithSource, tt.help)

			resp := h.fake.SlashCommand(g, carol, "crisis", loc).Wait(t)
			wantReply(t, "/crisis", resp, discordgo.InteractionResponseChannelMessageWithSource, tt.crisis)
			if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), tt.embed) {
				t.Errorf("/crisis embeds (ephemeral %v) lack %q:\n%s", resp.Ephemeral(), tt.embed, embedsText(resp.Data.Embeds))
			}

			resp = h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("export"), loc).Wait(t)
			wantReply(t, "/mydata export", resp, discordgo.InteractionResponseChannelMessageWithSource, tt.mydata)

			// A DM: turning self-care nudges on sends a welcome DM in the
			// member's language.
			h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00"))), loc).Wait(t)
			h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, tt.dm) })
			h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("off")), loc).Wait(t)

			help, crisis := defs["help"], defs["crisis"]
			if help == nil || crisis == nil || len(crisis.Options) == 0 {
				t.Fatalf("synced commands lack /help or /crisis: %v", defs)
			}
			if tt.locale == "en-US" {
				if help.Description != tt.desc || crisis.Options[0].Name != tt.option {
					t.Errorf("English definitions: %q, option %q", help.Description, crisis.Options[0].Name)
				}
				return
			}
			l := discordgo.Locale(tt.locale)
			if help.DescriptionLocalizations == nil || (*help.DescriptionLocalizations)[l] != tt.desc {
				t.Errorf("/help description_localizations[%s] = %v, want %q", l, help.DescriptionLocalizations, tt.desc)
			}
			if crisis.DescriptionLocalizations == nil || (*crisis.DescriptionLocalizations)[l] == "" {
				t.Errorf("/crisis has no description for %s", l)
			}
			if got := crisis.Options[0].NameLocalizations[l]; got != tt.option {
				t.Errorf("/crisis country option in %s = %q, want %q", l, got, tt.option)
			}
		})
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestStopWordInTheMembersLanguage: a member who chose Spanish with /me
// language gets the stop word's answer in Spanish, though a DM carries no
// Discord language.
func TestStopWordInTheMembersLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	wantReply(t, "/me language", h.fake.SlashCommand("", carol, "me", discordtest.Sub("language", discordtest.Opt("language", "es"))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "**Español**")
	h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00")))).Wait(t)
	h.fake.UserMessage(h.fake.DMChannelID(carol.User.ID), carol.User, "stop")
	reply := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "he parado tus avisos") })
	if !strings.Contains(reply.Content, "`/selfcare nudge on`") {
		t.Errorf("stop word answer: %q", reply.Content)
	}
}

// TestDeletedChannelAlertInTheServersLanguage: the moderators' heads-up
// about a deleted channel is a channel post, so it is in the server's
// language (here set with /settings set language), whatever any member's.
func TestDeletedChannelAlertInTheServersLanguage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	modLog, general := h.guild.ChannelID("mod-log"), h.guild.ChannelID("general")
	alice := h.member("alice").User.ID
	for key, id := range map[string]string{data.SettingAlertsChannel: modLog, data.SettingCheckinChannel: general, data.SettingLanguage: "de"} {
		if _, err := h.store.SetSetting(ctx, h.guild.ID, alice, key, id); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.Dispatch("CHANNEL_DELETE", &discordgo.Channel{ID: general, GuildID: h.guild.ID, Name: "general", Type: discordgo.ChannelTypeGuildText})
	msg := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "#general") })
	if !strings.Contains(msg.Content, "Hinweis für das Moderationsteam") || !strings.Contains(msg.Content, "`/settings set checkin_channel`") {
		t.Errorf("alert in a German server: %q", msg.Content)
	}
}

// TestRuntimeRepliesFollowMeLanguage: the router's own refusals (here a
// member trying a moderators' command) follow the language the member
// chose with /me language, not only their Discord language.
func TestRuntimeRepliesFollowMeLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	wantReply(t, "/me language", h.fake.SlashCommand("", carol, "me", discordtest.Sub("language", discordtest.Opt("language", "es"))).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "**Español**")
	wantReply(t, "/settings as a member", h.fake.SlashCommand(g, carol, "settings", discordtest.Sub("show"), discordtest.WithLocale("en-US")).Wait(t),
		discordgo.InteractionResponseChannelMessageWithSource, "Solo los moderadores pueden hacer eso")
}
