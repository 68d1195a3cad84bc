package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// ciLabels returns the labels of the buttons and the placeholders of the
// selects in cs, joined by "|".
func ciLabels(cs []discordgo.MessageComponent) string {
	var out []string
	for _, c := range cs {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, x := range row.Components {
			switch x := x.(type) {
			case *discordgo.Button:
				out = append(out, x.Label)
			case *discordgo.SelectMenu:
				out = append(out, x.Placeholder)
				for _, o := range x.Options {
					out = append(out, o.Label)
				}
			}
		}
	}
	return strings.Join(out, "|")
}

// TestCheckinInTheMembersLanguage: a member whose Discord is in Spanish
// checks in and gets the confirmation, the feelings menu and the buttons
// in Spanish (the stored mood and feelings stay the same); a hard
// check-in from a member whose Discord is in German brings the safety
// net in German.
func TestCheckinInTheMembersLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol, bob := h.member("carol"), h.member("bob")

	resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4), discordtest.Opt("feelings", "esperanza, tired")),
		discordtest.WithLocale("es-ES")).Wait(t)
	wantReply(t, "Spanish check-in", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"✅ Gracias por hacer tu check-in.", "Guardado: 🙂 bien · con esperanza y cansancio.", "Solo tú puedes ver esto.")
	labels := ciLabels(resp.Data.Components)
	for _, want := range []string{"Añadir una nota", "Compartir en el canal de check-ins", "Borrar", "¿Qué más sientes? (opcional)", "ansiedad"} {
		if !strings.Contains(labels, want) {
			t.Errorf("Spanish components lack %q: %s", want, labels)
		}
	}
	recent, err := h.store.RecentCheckins(context.Background(), g, carol.User.ID, time.Time{})
	if err != nil || len(recent) != 1 || strings.Join(recent[0].Feelings, ",") != "hopeful,tired" {
		t.Fatalf("stored check-ins: %+v, %v (want the English keys)", recent, err)
	}

	ciSet(t, h, data.SettingCountry, "DE")
	resp = h.fake.SlashCommand(g, bob, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1)), discordtest.WithLocale("de")).Wait(t)
	wantReply(t, "German hard check-in", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"Danke, dass du mir das anvertraust", "Dein Check-in ist gespeichert", "Gespeichert: 😞 sehr schwer.")
	if !strings.Contains(embedsText(resp.Data.Embeds), "Krisendienste") {
		t.Errorf("German safety net's lines:\n%s", embedsText(resp.Data.Embeds))
	}
	if labels := ciLabels(resp.Data.Components); !strings.Contains(labels, "Notiz hinzufügen") {
		t.Errorf("German components: %s", labels)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestCheckinPostsInTheServersLanguage: the daily check-in prompt in a
// server whose Discord language is French is in French, and the daily
// reminder DM of a member who turned it on with Discord in Polish is in
// Polish, buttons and all.
func TestCheckinPostsInTheServersLanguage(t *testing.T) {
	h := newHarness(t) // Thursday 26 November 2026, 12:00 UTC
	ctx := context.Background()
	at := func(d, hour, min int) time.Time { return time.Date(2026, 11, d, hour, min, 0, 0, time.UTC) }

	spec := discordtest.DefaultGuild()
	spec.Name, spec.Locale = "Entraide", "fr"
	fr := h.fake.AddGuild(spec)
	h.fake.WaitMessage(t, fr.ChannelID("general"), nil)
	owner := fr.Member("alice")
	for key, v := range map[string]string{data.SettingCheckinChannel: fr.ChannelID("general"), data.SettingCheckinPromptTime: "13:00"} {
		if _, err := h.store.SetSetting(ctx, fr.ID, owner.User.ID, key, v); err != nil {
			t.Fatal(err)
		}
	}
	carol := h.member("carol")
	resp := h.fake.SlashCommand(h.guild.ID, carol, "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "13:00"), discordtest.Opt("timezone", "Europe/London"))), discordtest.WithLocale("pl")).Wait(t)
	wantReply(t, "Polish remind on", resp, discordgo.InteractionResponseChannelMessageWithSource, "Wyślę ci delikatne przypomnienie w DM o **13:00**")

	r := meetingRunner(t, h)
	tickThrough(t, h, r, at(27, 8, 0), at(27, 15, 0), 30*time.Minute)

	var prompt *discordtest.Message
	for _, m := range h.fake.Messages(fr.ChannelID("general")) {
		if strings.Contains(m.Content, "Comment allez-vous aujourd'hui ?") {
			prompt = m
		}
	}
	if prompt == nil {
		t.Fatal("no French check-in prompt in the French server")
	}
	if labels := ciLabels(prompt.Components); !strings.HasPrefix(labels, "très dur|pas terrible|ça va|bien|super") {
		t.Errorf("French prompt's buttons: %s", labels)
	}
	var dm *discordtest.Message
	for _, m := range h.fake.DMs(carol.User.ID) {
		if strings.Contains(m.Content, "Delikatne przypomnienie") {
			dm = m
		}
	}
	if dm == nil {
		t.Fatalf("no Polish reminder DM; DMs: %d", len(h.fake.DMs(carol.User.ID)))
	}
	if labels := ciLabels(dm.Components); labels != "bardzo ciężko|słabo|tak sobie|dobrze|świetnie" || !strings.Contains(dm.Content, "`/checkin remind off`") {
		t.Errorf("Polish reminder: %q, buttons %s", dm.Content, labels)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
