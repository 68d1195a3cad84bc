package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// TestSafetyNetInDMs: a DM with crisis language, in any of Kindred's
// languages, is answered privately in that language, with the emergency
// number of the member's saved country for an urgent one; a gentler
// answer for a concern; and no answer at all for an idiom or small talk.
func TestSafetyNetInDMs(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")

	// Carol saves Spain as her country, and turns on nudges, which opens
	// a DM with her.
	h.fake.SlashCommand(g, carol, "crisis", discordtest.Opt("country", "ES"), discordtest.Opt("remember", true)).Wait(t)
	h.fake.SlashCommand(g, carol, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "13:00")))).Wait(t)
	h.fake.WaitDM(t, carol.User.ID, nil)
	dm := h.fake.DMChannelID(carol.User.ID)
	if dm == "" {
		t.Fatal("no DM channel with carol")
	}

	tests := []struct {
		name, text string
		want       []string // in the answer; nil: no answer
		embeds     bool
	}{
		{"spanish urgent", "ya no aguanto, esta noche me mato", []string{"Gracias por contármelo", "**112**", "/concern named"}, true},
		{"english concern, chat style", "honestly whats even the point anymore. everyone would be better off without me", []string{"Thank you for telling me", "People who will listen", "/crisis"}, false},
		{"german concern", "ich kann nicht mehr, es hat alles keinen sinn", []string{"Danke, dass du mir das anvertraust", "/crisis"}, false},
		{"an idiom", "lol this traffic is killing me", nil, false},
		{"small talk", "thanks, that helps", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := botDMs(h, carol.User.ID)
			seen := map[string]bool{}
			for _, m := range before {
				seen[m.ID] = true
			}
			h.fake.UserMessage(dm, carol.User, tt.text)
			if tt.want == nil {
				// A marker with crisis language after it: once its answer
				// is in, an answer to the first would most likely be too.
				h.fake.UserMessage(dm, carol.User, "i want to die")
				h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool {
					return !seen[m.ID] && strings.Contains(m.Content, "I'm really glad you told me")
				})
				if got := botDMs(h, carol.User.ID)[len(before):]; len(got) != 1 {
					t.Fatalf("Kindred answered %q: %d new DMs, want only the marker's answer", tt.text, len(got))
				}
				return
			}
			answer := h.fake.WaitDM(t, carol.User.ID, func(m *discordtest.Message) bool {
				return !seen[m.ID] && strings.Contains(m.Content, tt.want[0])
			})
			for _, w := range tt.want {
				if !strings.Contains(answer.Content, w) {
					t.Errorf("answer lacks %q:\n%s", w, answer.Content)
				}
			}
			if strings.Contains(answer.Content, tt.text) {
				t.Error("the answer repeats the member's words")
			}
			if has := len(answer.Embeds) > 0; has != tt.embeds {
				t.Errorf("answer has crisis embeds %v, want %v", has, tt.embeds)
			}
			if tt.embeds && !strings.Contains(embedsText(answer.Embeds), "Líneas de crisis: España") {
				t.Errorf("embeds are not Spain's lines in Spanish:\n%s", embedsText(answer.Embeds))
			}
		})
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func botDMs(h *harness, userID string) []*discordtest.Message {
	var out []*discordtest.Message
	for _, m := range h.fake.DMs(userID) {
		if m.Author != nil && m.Author.ID == h.fake.BotUserID {
			out = append(out, m)
		}
	}
	return out
}

// TestSafetyNetInConcerns: a concern with crisis language shows its author
// crisis lines at once, in their locale, and reaches the moderators marked
// urgent, still anonymous.
func TestSafetyNetInConcerns(t *testing.T) {
	h := newHarness(t)
	g, modLog := h.guild.ID, h.guild.ChannelID("mod-log")
	carol := h.member("carol")
	pvSet(t, h, data.SettingAlertsChannel, modLog)
	pvSet(t, h, data.SettingCountry, "FR")

	resp := h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("anonymous"), discordtest.WithLocale("fr")).Wait(t)
	if resp.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/concern anonymous: response type %d, want the form", resp.Type)
	}
	const text = "je n'en peux plus, je vais me foutre en l'air ce soir"
	resp = h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"text": text}, discordtest.WithLocale("fr")).Wait(t)
	wantReply(t, "urgent concern", resp, discordgo.InteractionResponseChannelMessageWithSource, "Merci de me l'avoir dit", "**112**", "**urgente**", "anonymement")
	if !resp.Ephemeral() {
		t.Error("the crisis lines were not private")
	}
	if !strings.Contains(embedsText(resp.Data.Embeds), "Lignes d'écoute : France") {
		t.Errorf("the author's embeds are not France's lines in French:\n%s", embedsText(resp.Data.Embeds))
	}
	alert := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool { return strings.Contains(m.Content, "anonymous concern") })
	if !strings.Contains(alert.Content, "Urgent") {
		t.Errorf("the alert is not marked urgent: %q", alert.Content)
	}
	if strings.Contains(alert.Content, carol.User.ID) || strings.Contains(embedsText(alert.Embeds), carol.User.ID) {
		t.Error("the anonymous alert names the member")
	}
	if len(alert.Embeds) != 1 || alert.Embeds[0].Description != text {
		t.Errorf("the alert does not carry the concern as written: %+v", alert.Embeds)
	}

	// A concern about the server, not about safety, stays as it was.
	resp = h.fake.SlashCommand(g, carol, "concern", discordtest.Sub("anonymous")).Wait(t)
	resp = h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"text": "Someone keeps posting jokes about suicide in #memes."}).Wait(t)
	if len(resp.Data.Embeds) != 0 || strings.Contains(resp.Content(), "emergency") {
		t.Errorf("a concern about jokes brought the safety net: %q", resp.Content())
	}
	second := h.fake.WaitMessage(t, modLog, func(m *discordtest.Message) bool {
		return strings.Contains(m.Content, "anonymous concern") && m.ID != alert.ID
	})
	if strings.Contains(second.Content, "Urgent") {
		t.Errorf("a concern about jokes was marked urgent: %q", second.Content)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestCrisisInTheMembersLanguage: /crisis frames its lines in the
// member's Discord language.
func TestCrisisInTheMembersLanguage(t *testing.T) {
	h := newHarness(t)
	carol := h.member("carol")
	for _, tt := range []struct{ locale, country, want string }{
		{"de", "DE", "Krisendienste: Deutschland"},
		{"pt-BR", "BR", "Linhas de apoio: Brasil"},
		{"pl", "PL", "Telefony wsparcia: Polska"},
		{"ja", "JP", "Crisis lines: Japan"},
	} {
		resp := h.fake.SlashCommand(h.guild.ID, carol, "crisis", discordtest.Opt("country", tt.country), discordtest.WithLocale(tt.locale)).Wait(t)
		if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), tt.want) {
			t.Errorf("/crisis in %s: want %q in\n%s", tt.locale, tt.want, embedsText(resp.Data.Embeds))
		}
	}
}

// TestSafetyNetInCheckinNotesInTheMembersLanguage: a check-in note in
// Italian, from a member whose Discord is in Italian, brings the safety
// net with its opening words and crisis lines in Italian; a note with an
// Italian idiom brings nothing.
func TestSafetyNetInCheckinNotesInTheMembersLanguage(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	ciSet(t, h, data.SettingCountry, "IT")
	note := func(text string) *discordtest.Response {
		t.Helper()
		resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 3), discordtest.Opt("note", true)), discordtest.WithLocale("it")).Wait(t)
		if resp.Type != discordgo.InteractionResponseModal {
			t.Fatalf("note:true: response type %d, want the note form", resp.Type)
		}
		return h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"note": text}, discordtest.WithLocale("it")).Wait(t)
	}
	resp := note("non ce la faccio più, vorrei sparire per sempre")
	wantReply(t, "Italian note", resp, discordgo.InteractionResponseChannelMessageWithSource, "Grazie di avermelo confidato", "Il tuo check-in è salvato")
	if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), "Linee di ascolto: Italia") {
		t.Fatalf("safety net: ephemeral %v, embeds:\n%s", resp.Ephemeral(), embedsText(resp.Data.Embeds))
	}
	resp = note("muoio dal ridere con mia sorella 😂")
	if len(resp.Data.Embeds) != 0 || strings.Contains(resp.Content(), "Grazie di avermelo") {
		t.Fatalf("an idiom brought the safety net: %q", resp.Content())
	}
}
