package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// TestStoreProblemsInMembersLanguagesEndToEnd: what the store finds wrong
// with a setting, a resource, an import row or a concern reference
// reaches the moderator in their Discord language, a setting named by its
// label in that language.
func TestStoreProblemsInMembersLanguagesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol") // alice owns the server; carol is a member
	const message = discordgo.InteractionResponseChannelMessageWithSource
	es, de, fr := discordtest.WithLocale("es-ES"), discordtest.WithLocale("de"), discordtest.WithLocale("fr")
	set := func(key, value string, locale discordtest.Arg) *discordtest.Response {
		return h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value)), locale).Wait(t)
	}

	// Settings: a number out of range in Spanish, a switch in German.
	wantReply(t, "bad number in Spanish", set("talk_timeout_minutes", "500", es), message,
		"«Minutos antes de avisar a alguien de que nadie ha atendido su solicitud» necesita un número entero del 2 al 120, no «500»")
	wantReply(t, "bad switch in German", set("feature_milestones", "vielleicht", de), message,
		"„Meilensteine“ kann „on“ oder „off“ sein, nicht „vielleicht“")
	wantReply(t, "bad time in French", set("checkin_prompt_time", "25h", fr), message,
		"demande une heure comme 09:30 ou 19:00, pas « 25h »")
	if resp := set("talk_timeout_minutes", "500", discordtest.WithLocale("en-US")); !strings.Contains(resp.Content(),
		"Minutes before telling a member nobody has taken their request needs a whole number from 2 to 120, not \"500\"") {
		t.Errorf("bad number in English: %q", resp.Content())
	}

	// Resources: a search with no words for a member, then a moderator's
	// form with two problems, both told in German.
	wantReply(t, "empty search in Spanish", h.fake.SlashCommand(g, carol, "resources",
		discordtest.Sub("find", discordtest.Opt("query", "!!!")), es).Wait(t),
		message, "Dime una o dos palabras para buscar, como «ansiedad» o «línea de ayuda»")
	fields := map[string]string{
		"name":    "Selbsthilfe Köln",
		"desc":    "Eine Gruppe für Menschen, die mit Depression leben.",
		"contact": "Telefon: ruf mich an\nWebsite: keine adresse",
		"hours":   "Di 18:00",
		"where":   "Region: Köln",
	}
	resp := h.fake.SubmitModal(g, alice, "res-add:support-group", fields, de).Wait(t)
	wantReply(t, "bad resource in German", resp, message,
		"„ruf mich an“ sieht nicht wie eine Telefonnummer aus",
		"; „keine adresse“ ist keine Webadresse, die ich verlinken kann")
	if strings.Contains(resp.Content(), "doesn't look like") {
		t.Errorf("bad resource in German has English in it: %q", resp.Content())
	}

	// An import row with a bad phone, for a moderator whose Discord is in Spanish.
	csv := "name,category,description,phone\nLínea Rota,hotline,Alguien con quien hablar,llámame\n"
	resp = h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("import",
		discordtest.AttachmentOpt("file", "lista.csv", "text/csv", []byte(csv))), es).Wait(t)
	if len(resp.Data.Embeds) != 1 || !strings.Contains(resp.Data.Embeds[0].Description, "Fila 2") ||
		!strings.Contains(resp.Data.Embeds[0].Description, "«llámame» no parece un número de teléfono") {
		t.Errorf("import row problem in Spanish: %q %+v", resp.Content(), resp.Data.Embeds)
	}

	// A concern reference that isn't one, for a French moderator.
	wantReply(t, "bad concern reference in French", h.fake.SlashCommand(g, alice, "mod-concerns",
		discordtest.Sub("close", discordtest.Opt("ref", "zz")), fr).Wait(t), message,
		"« zz » n'est pas une référence de préoccupation", "`/mod-concerns list`")
}
