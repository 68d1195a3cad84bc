package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// newTalkHarnessIn is newTalkHarness for a server whose Discord language
// is locale ("" for the fake's default, en-US).
func newTalkHarnessIn(t *testing.T, locale string) (*harness, *scheduler.Runner) {
	t.Helper()
	h := &harness{t: t, fake: discordtest.New(t), dbPath: filepath.Join(t.TempDir(), "kindred.db"), clock: &fakeClock{now: harnessStart}}
	g := talkGuild()
	g.Locale = locale
	h.guild = h.fake.AddGuild(g)
	h.start()
	h.fake.WaitMessage(t, h.guild.ChannelID("general"), nil)
	pvSet(t, h, data.SettingListenerRole, h.guild.RoleID("Listener"))
	pvSet(t, h, data.SettingTalkChannel, h.guild.ChannelID("talk"))
	pvSet(t, h, data.SettingListenerChannel, h.guild.ChannelID("listeners"))
	return h, &scheduler.Runner{Store: h.store, Notifier: h.bot, Now: h.clock.Now, Log: testLogger(t)}
}

// A member whose Discord is in Spanish asks to talk in a German server:
// every reply to them is Spanish; the listeners' notice, the thread and
// the reminder to listeners are German; the "nobody has taken it yet"
// message, for the member alone, is Spanish with Spanish crisis framing.
func TestTalkSpeaksTheMembersLanguageAndTheServersToListeners(t *testing.T) {
	h, runner := newTalkHarnessIn(t, "de")
	ctx := context.Background()
	g := h.guild.ID
	carol, dave := h.member("carol"), h.member("dave")
	es := discordtest.WithLocale("es-ES")

	in := h.fake.SlashCommand(g, carol, "talk", discordtest.Sub("start"), es)
	start := in.Wait(t)
	if !strings.Contains(start.Content(), "**Hablar con alguien**") || !strings.Contains(start.Content(), "No se comparte nada") {
		t.Fatalf("/talk start in Spanish = %q", start.Content())
	}
	if label := pvButtonLabel(t, start.Data.Components, "talk-need:"+data.TalkNeedPractical); label != "Ayuda práctica" {
		t.Errorf("need button = %q, want Spanish", label)
	}
	modal := h.fake.ClickButton(g, carol, in.Original(), "talk-need:"+data.TalkNeedPractical, es).Wait(t)
	if modal.Type != discordgo.InteractionResponseModal || modal.Data.Title != "Hablar con alguien" {
		t.Fatalf("form = %v %q, want the Spanish form", modal.Type, modal.Data.Title)
	}
	sub := h.fake.SubmitModal(g, carol, modal.Data.CustomID, map[string]string{"text": ""}, es)
	confirm := sub.Wait(t)
	if !strings.Contains(confirm.Content(), "**Abrir mi hilo**") || !strings.Contains(confirm.Content(), "(ayuda práctica)") {
		t.Fatalf("confirm view = %q", confirm.Content())
	}
	done := h.fake.ClickButton(g, carol, sub.Original(), pvButton(t, confirm.Data.Components, "talk-send:"), es).Wait(t)
	if !strings.Contains(done.Content(), "He abierto tu hilo privado") || !strings.Contains(done.Content(), "10 minutos") {
		t.Fatalf("opened = %q", done.Content())
	}
	threads := h.fake.Threads(h.guild.ChannelID("talk"))
	if len(threads) != 1 {
		t.Fatalf("threads = %v, want one", threads)
	}
	thread := threads[0]
	if c := h.fake.Channel(thread); c == nil || c.Name != "Gespräch · Anfrage 1" {
		t.Errorf("thread = %+v, want it named in German", c)
	}

	notice := talkNotice(t, h)
	if !strings.Contains(notice.Content, "**Jemand möchte reden** (Anfrage 1): praktische Hilfe.") {
		t.Errorf("listeners' notice = %q, want German", notice.Content)
	}
	if label := pvButtonLabel(t, notice.Components, "talk-take:"); label != "Ich übernehme" {
		t.Errorf("take button = %q, want German", label)
	}
	welcome := threadPost(t, h, thread, "dein privater Raum")
	if !strings.Contains(welcome.Content, "Dein Wunsch: **Praktische Hilfe**") {
		t.Errorf("welcome = %q", welcome.Content)
	}

	// Nobody takes it: the member is told in Spanish, the listeners in German.
	h.clock.Advance(10 * time.Minute)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	told := threadPost(t, h, thread, "ninguna persona de escucha ha podido atender esto todavía")
	var titles []string
	for _, e := range told.Embeds {
		titles = append(titles, e.Title)
	}
	if !strings.Contains(strings.Join(titles, "|"), "En cualquier lugar del mundo") {
		t.Errorf("crisis lines for the member framed as %q, want Spanish", titles)
	}
	again := talkNotice(t, h)
	if !strings.Contains(again.Content, "**Wartet noch:** Anfrage 1 (praktische Hilfe)") {
		t.Errorf("reminder to listeners = %q, want German", again.Content)
	}

	// A listener's own reply follows their Discord language; the notice
	// stays in the server's.
	take := h.fake.ClickButton(g, dave, notice, pvButton(t, notice.Components, "talk-take:"), discordtest.WithLocale("fr")).Wait(t)
	if !strings.Contains(take.Content(), "Merci de t'en occuper") {
		t.Errorf("dave taking it = %q, want French", take.Content())
	}
	if n := h.fake.Message(notice.ID); n == nil || !strings.Contains(n.Content, "von <@"+dave.User.ID+"> übernommen") {
		t.Errorf("notice after taking = %+v, want German", n)
	}
	// A second listener pressing the reminder is told, in their language, who has it.
	late := h.fake.ClickButton(g, h.member("erin"), again, pvButton(t, again.Components, "talk-take:"), discordtest.WithLocale("nl")).Wait(t)
	if !strings.Contains(late.Content(), "<@"+dave.User.ID+"> heeft dit al opgepakt") {
		t.Errorf("erin taking it after dave = %q, want Dutch", late.Content())
	}
}

// pvButtonLabel returns the label of the button whose custom ID starts
// with prefix.
func pvButtonLabel(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, c := range cs {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if b, ok := x.(*discordgo.Button); ok && strings.HasPrefix(b.CustomID, prefix) {
					return b.Label
				}
			}
		}
	}
	t.Fatalf("no button %q", prefix)
	return ""
}
