package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// shippedPromptTexts are Kindred's own prompts as written in lang.
func shippedPromptTexts(t *testing.T, lang string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, p := range data.ShippedSelfCarePrompts() {
		id := "selfcare_prompts." + strings.ReplaceAll(strings.TrimPrefix(p.Ref, "k:"), "-", "_")
		text, ok := i18n.Embedded().Text(lang, id)
		if !ok {
			t.Fatalf("%s: no %s", lang, id)
		}
		out[text] = true
	}
	return out
}

// buttonLabels lists the labels of a message's buttons.
func buttonLabels(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, b := range row.Components {
				if b, ok := b.(*discordgo.Button); ok {
					out = append(out, b.Label)
				}
			}
		}
	}
	return out
}

// TestSelfCareSpeaksEachReadersLanguage checks that a member's replies
// follow their Discord language, that a French server's daily prompt is
// posted in French (Kindred's own prompt translated), and that nudges go
// in the language the member asked for them in (Polish).
func TestSelfCareSpeaksEachReadersLanguage(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	g := h.guild.ID
	carol := h.member("carol")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	day := func(d, hour int) time.Time { return time.Date(2026, 11, d, hour, 0, 0, 0, time.UTC) }

	// A member whose Discord is in Spanish is answered in Spanish.
	resp := h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("status")), discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "/selfcare nudge status in Spanish", resp, reply, "Tus avisos están **desactivados**", "`/selfcare nudge on`", "`horas: 09:00, 18:30`")

	// What was typed is handed back under the option names members see.
	resp = h.fake.SlashCommand(g, carol, "selfcare", discordtest.Sub("quiet", discordtest.Opt("from", "22:00"), discordtest.Opt("to", "")), discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "/selfcare quiet without an end, in Spanish", resp, reply, "Necesito una hora", "No se ha cambiado nada.", "**desde:** 22:00")

	// A server whose Discord language is French gets its posts in French.
	spec := discordtest.DefaultGuild()
	spec.Name, spec.Locale = "Cercle", "fr"
	fr := h.fake.AddGuild(spec)
	h.fake.WaitMessage(t, fr.ChannelID("general"), nil)
	resp = h.fake.SlashCommand(fr.ID, fr.Member("alice"), "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "every day at 09:00"), discordtest.ChannelOpt("channel", fr.ChannelID("general")))).Wait(t)
	wantReply(t, "/mod-selfcare schedule in the French server", resp, reply, "Done", "\"Je l'ai fait\"")

	// Carol turns nudges on from a Polish Discord; they come in Polish.
	resp = h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on",
		discordtest.Opt("times", "13:00"), discordtest.Opt("timezone", "Europe/London"))), discordtest.WithLocale("pl")).Wait(t)
	wantReply(t, "/selfcare nudge on in Polish", resp, reply, "Przypominajki są włączone", "o 13:00, codziennie")
	welcome := h.fake.WaitDM(t, carol.User.ID, nil)
	if !strings.Contains(welcome.Content, "Cześć! Przypominajki o dbaniu o siebie są włączone") {
		t.Errorf("welcome DM: %q", welcome.Content)
	}

	r := meetingRunner(t, h)
	tickThrough(t, h, r, day(26, 12), day(27, 10), 30*time.Minute)

	var posts []*discordtest.Message
	for _, m := range h.fake.Messages(fr.ChannelID("general")) {
		if len(m.Embeds) > 0 && strings.HasPrefix(m.Embeds[0].Title, "Prendre soin de soi · ") {
			posts = append(posts, m)
		}
	}
	if len(posts) != 1 {
		t.Fatalf("French posts by Friday 10:00: %d, want 1", len(posts))
	}
	e := posts[0].Embeds[0]
	if !shippedPromptTexts(t, "fr")[e.Description] {
		t.Errorf("the French server's prompt is not one of Kindred's French prompts: %q", e.Description)
	}
	if e.Footer == nil || !strings.Contains(e.Footer.Text, "Aucune pression") {
		t.Errorf("French post footer: %+v", e.Footer)
	}
	if got := buttonLabels(posts[0].Components); len(got) != 1 || got[0] != "Je l'ai fait" {
		t.Errorf("French post buttons: %q", got)
	}
	if threads := h.fake.RequestsTo("POST", "/channels/*/messages/*/threads"); len(threads) != 1 || !strings.Contains(string(threads[0].Body), "Raconte comment") {
		t.Errorf("threads opened: %d, want 1 named in French", len(threads))
	}

	var nudges []*discordtest.Message
	for _, m := range h.fake.DMs(carol.User.ID) {
		if len(m.Embeds) > 0 {
			nudges = append(nudges, m)
		}
	}
	if len(nudges) != 1 {
		t.Fatalf("nudges by Friday 10:00: %d, want 1 (13:00 on Thursday)", len(nudges))
	}
	n := nudges[0]
	if !strings.Contains(n.Content, "Delikatna przypominajka o dbaniu o siebie") {
		t.Errorf("nudge DM: %q", n.Content)
	}
	if !shippedPromptTexts(t, "pl")[n.Embeds[0].Description] {
		t.Errorf("the nudge is not one of Kindred's Polish prompts: %q", n.Embeds[0].Description)
	}
	if got := buttonLabels(n.Components); len(got) != 3 || got[0] != "Zrobione" || got[1] != "Wstrzymaj na dziś" {
		t.Errorf("nudge buttons: %q", got)
	}

	// "I did this" on the French post refreshes it in French, whoever presses.
	did := buttonWithPrefix(t, posts[0].Components, "sc-did:")
	resp = h.fake.ClickButton(fr.ID, fr.Member("carol"), posts[0], did, discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "I did this, in Spanish", resp, reply, "Qué bien que te cuides")
	if f := h.fake.Message(posts[0].ID).Embeds[0].Footer; f == nil || !strings.Contains(f.Text, "1 membre l'a fait") {
		t.Errorf("French post footer after a press: %+v", f)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
