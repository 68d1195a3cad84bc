package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// TestMeetingProblemsInMembersLanguageEndToEnd: what the store refuses
// about meetings (a reminder it can't read, a title in use, a meeting
// already paused, a date that isn't cancelled, an answer on the post of
// a meeting since deleted) reaches a moderator or member whose Discord is in
// Spanish in Spanish, with no English left in it.
func TestMeetingProblemsInMembersLanguageEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	const reply = discordgo.InteractionResponseChannelMessageWithSource
	es := discordtest.WithLocale("es-ES")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general), discordtest.Opt("reminders", "1h"))
	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, tuesday19.Add(-time.Hour))
	posts := postsContaining(h, general, "**Tuesday group**")
	if len(posts) == 0 {
		t.Fatal("no reminder post for Tuesday group")
	}
	occ := strings.Split(buttonWithPrefix(t, posts[len(posts)-1].Components, "mtg-rsvp:"), ":")[1]

	mod := func(sub string, opts ...discordtest.Arg) *discordtest.Response {
		return h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub(sub, opts...), es).Wait(t)
	}
	tests := []struct {
		name    string
		resp    func() *discordtest.Response
		want    []string
		english string
	}{
		{"a reminder Kindred can't read", func() *discordtest.Response {
			return mod("create", discordtest.Opt("title", "Grupo del jueves"), discordtest.Opt("schedule", "every Thursday at 19:00"),
				discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general), discordtest.Opt("reminders", "soon"))
		}, []string{"No entiendo el recordatorio «soon».", "\"24h, 15m\"", "No se ha guardado nada."}, "understand"},
		{"a title already in use", func() *discordtest.Response {
			return mod("create", discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Thursday at 19:00"),
				discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
		}, []string{"Ya hay una reunión llamada «Tuesday group»; elige otro título"}, "already a meeting"},
		{"a date that isn't cancelled", func() *discordtest.Response {
			return mod("restore", discordtest.Opt("meeting", "Tuesday group"), discordtest.Opt("which", itoa(tuesday19.AddDate(0, 0, 7).Unix())))
		}, []string{"Esa fecha no está cancelada"}, "isn't cancelled"},
		{"pausing twice", func() *discordtest.Response {
			if resp := mod("pause", discordtest.Opt("meeting", "Tuesday group")); strings.Contains(resp.Data.Content, "pausa;") {
				t.Errorf("first pause: %+v", resp.Data)
			}
			return mod("pause", discordtest.Opt("meeting", "Tuesday group"))
		}, []string{"Tuesday group ya está en pausa; `/mod-meetings resume` la reanuda"}, "already paused"},
		{"a member answering on the post of a deleted meeting", func() *discordtest.Response {
			if resp := mod("delete", discordtest.Opt("meeting", "Tuesday group")); !resp.Ephemeral() {
				t.Errorf("delete: %+v", resp.Data)
			}
			return h.fake.ClickButton(g, carol, posts[len(posts)-1], "mtg-rsvp:"+occ+":going", es).Wait(t)
		}, []string{"Esa reunión ya no existe; `/meeting list` muestra las que hay ahora"}, "doesn't exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.resp()
			wantReply(t, tt.name, resp, reply, tt.want...)
			if !resp.Ephemeral() {
				t.Errorf("%s: the problem is public", tt.name)
			}
			if strings.Contains(resp.Data.Content, tt.english) {
				t.Errorf("%s: still in English: %q", tt.name, resp.Data.Content)
			}
		})
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

// TestCheckinReminderTimeProblemInMembersLanguage: a time /checkin remind
// on can't read is refused in the member's language (Polish), the
// parser's hint after it too.
func TestCheckinReminderTimeProblemInMembersLanguage(t *testing.T) {
	h := newHarness(t)
	resp := h.fake.SlashCommand(h.guild.ID, h.member("carol"), "checkin", discordtest.Group("remind", discordtest.Sub("on",
		discordtest.Opt("time", "25:00"))), discordtest.WithLocale("pl")).Wait(t)
	wantReply(t, "/checkin remind on 25:00 in Polish", resp, discordgo.InteractionResponseChannelMessageWithSource,
		"Nie rozumiem godziny „25:00”.")
	if !resp.Ephemeral() || strings.Contains(resp.Data.Content, "didn't understand") {
		t.Errorf("reply: %q", resp.Data.Content)
	}
	_, err := scheduler.ParseTimeOfDay("25:00")
	if hint := scheduler.ProblemIn(err, i18n.For("pl")); err == nil || !strings.Contains(resp.Data.Content, hint) || hint == scheduler.ProblemIn(err, i18n.For("en")) {
		t.Errorf("reply %q lacks the Polish hint %q", resp.Data.Content, hint)
	}
}
