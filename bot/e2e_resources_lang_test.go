package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestResourcesInMembersLanguagesEndToEnd: /resources answers each member
// in their Discord language, and what a member shares in the channel is
// in the server's; the moderators' form and replies follow theirs, with
// the form's line labels ("Telefon:") read in it.
func TestResourcesInMembersLanguagesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol") // alice owns the server; carol is a member
	ctx := context.Background()
	const message = discordgo.InteractionResponseChannelMessageWithSource
	sub := func(name string, args ...discordtest.Arg) discordtest.Arg { return discordtest.Sub(name, args...) }
	for _, name := range []string{"Linea Amica", "Gruppo Ascolto"} {
		if _, err := h.store.AddResource(ctx, g, alice.User.ID, data.Resource{
			Name: name, Category: data.CategoryHotline, Description: "Qualcuno con cui parlare, ansia compresa.", Phone: "02 2327 2327", Region: "Italia",
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Find, for a member whose Discord is in Italian: a list with Italian words.
	resp := h.fake.SlashCommand(g, carol, "resources", sub("find", discordtest.Opt("query", "ansia")), discordtest.WithLocale("it")).Wait(t)
	if !resp.Ephemeral() || len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != `Risorse per "ansia"` {
		t.Fatalf("find in Italian: %+v", resp.Data)
	}
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Linea di ascolto · Italia") {
		t.Errorf("find in Italian: the category is not in Italian:\n%s", got)
	}
	if menu, ok := resComponents(resp.Data.Components)["res-show"].(*discordgo.SelectMenu); !ok || menu.Placeholder != "Mostrane una per intero" {
		t.Errorf("find in Italian: menu %+v", resp.Data.Components)
	}
	wantReply(t, "find with no results in Italian", h.fake.SlashCommand(g, carol, "resources",
		sub("find", discordtest.Opt("query", "unicorni")), discordtest.WithLocale("it")).Wait(t),
		message, `Non ho trovato niente per "unicorni"`, "`/crisis`", "linee di crisi")
	// Spanish, from Discord's es-ES: browsing pages and buttons.
	resp = h.fake.SlashCommand(g, carol, "resources", sub("browse"), discordtest.WithLocale("es-ES")).Wait(t)
	if len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Recursos" || resp.Data.Embeds[0].Footer.Text != "Página 1 de 1 · 2 recursos" {
		t.Fatalf("browse in Spanish: %+v", resp.Data.Embeds)
	}
	wantReply(t, "find with no results in Spanish", h.fake.SlashCommand(g, carol, "resources",
		sub("find", discordtest.Opt("query", "unicornios")), discordtest.WithLocale("es-ES")).Wait(t),
		message, `No encontré nada para "unicornios"`, "líneas de crisis")

	// Shared in the channel: the server's language (French here), not the member's.
	if _, err := h.store.SetSetting(ctx, g, alice.User.ID, data.SettingLanguage, "fr"); err != nil {
		t.Fatal(err)
	}
	resp = h.fake.SlashCommand(g, carol, "resources", sub("show", discordtest.Opt("resource", "Linea Amica"), discordtest.Opt("share", true)),
		discordtest.WithLocale("it")).Wait(t)
	if resp.Ephemeral() || len(resp.Data.Embeds) != 1 || !strings.Contains(embedsText(resp.Data.Embeds), "Téléphone") ||
		!strings.HasPrefix(resp.Data.Embeds[0].Footer.Text, "Partagé par les modérateurs") {
		t.Fatalf("shared resource in the server's French: ephemeral %v\n%s", resp.Ephemeral(), embedsText(resp.Data.Embeds))
	}
	resp = h.fake.SlashCommand(g, carol, "resources", sub("show", discordtest.Opt("resource", "Linea Amica")), discordtest.WithLocale("it")).Wait(t)
	if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), "Telefono") {
		t.Fatalf("resource shown to an Italian member only:\n%s", embedsText(resp.Data.Embeds))
	}

	// A moderator with a German Discord: the form, its labels, the reply.
	de := discordtest.WithLocale("de")
	resp = h.fake.SlashCommand(g, alice, "resources", sub("add", discordtest.Opt("category", "support-group")), de).Wait(t)
	if resp.Type != discordgo.InteractionResponseModal || resp.Data.Title != "Hilfsangebot hinzufügen: Selbsthilfegruppe" {
		t.Fatalf("add form in German: type %d title %q", resp.Type, resp.Data.Title)
	}
	if in, ok := resComponents(resp.Data.Components)["contact"].(*discordgo.TextInput); !ok ||
		in.Label != "So erreichst du es (fülle aus, was passt)" || !strings.HasPrefix(in.Value, "Telefon: \nSMS: ") {
		t.Fatalf("add form's contact input in German: %+v", resp.Data.Components)
	}
	fields := map[string]string{
		"name":    "Selbsthilfe Köln",
		"desc":    "Eine Gruppe für Menschen, die mit Depression leben.",
		"contact": "Telefon: 0221 951542 0\nWebsite: https://example.org",
		"hours":   "Di 18:00",
		"where":   "Region: Köln\nSprachen: Deutsch\nSchlagwörter: Depression",
	}
	resp = h.fake.SubmitModal(g, alice, "res-add:support-group", fields, de).Wait(t)
	wantReply(t, "add in German", resp, message, "**Selbsthilfe Köln** ist hinzugefügt. Mitglieder finden es mit `/resources find`.")
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "**Telefon:** 0221 951542 0") || !strings.Contains(got, "Köln") ||
		!strings.Contains(got, "Depression") {
		t.Errorf("added resource in German:\n%s", got)
	}
	fields["name"], fields["contact"] = "Zweite Gruppe", "Fax: 0221 1"
	resp = h.fake.SubmitModal(g, alice, "res-add:support-group", fields, de).Wait(t)
	wantReply(t, "add with an unknown label in German", resp, message, "Noch nicht gespeichert.", `„Fax:“ kenne ich nicht`)
	if _, ok := resComponents(resp.Data.Components)["res-fix:add:support-group"].(*discordgo.Button); !ok ||
		len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Was du eingegeben hast" {
		t.Errorf("refused add in German: %+v", resp.Data)
	}
}
