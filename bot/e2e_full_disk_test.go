package bot_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// When the disk is full, every form and command that stores what a member
// typed hands it back with the error, through the one shared mechanism.
// The database lives on a small tmpfs that the test fills up.
func TestTypedTextComesBackWhenTheDiskIsFullEndToEnd(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })

	h := &harness{t: t, fake: discordtest.New(t), dbPath: filepath.Join(dir, "kindred.db"), clock: &fakeClock{now: harnessStart}}
	h.guild = h.fake.AddGuild(discordtest.DefaultGuild())
	h.start()
	h.fake.WaitMessage(t, h.guild.ChannelID("general"), nil)
	g, carol, alice := h.guild.ID, msJoined(h.member("carol")), h.member("alice")
	msSet(t, h, data.SettingCelebrationsChannel, h.guild.ChannelID("general"))
	resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4))).Wait(t)
	noteID := strings.Replace(ciComponentID(t, resp.Data.Components, "ci-note:"), "ci-note:", "ci-notesave:", 1)
	guidelinesForm := h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("edit")).Wait(t)
	if guidelinesForm.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/mod-guidelines edit answered %d, want a form", guidelinesForm.Type)
	}

	resourceForm := h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("add", discordtest.Opt("category", "hotline"))).Wait(t)
	if resourceForm.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/mod-resources add answered %d, want a form", resourceForm.Type)
	}

	noteForm := h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share", discordtest.Opt("what", "Slept through"))).Wait(t)
	if noteForm.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/milestone share without a note answered %d, want a form", noteForm.Type)
	}
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", h.guild.ChannelID("general")))
	descForm := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	if descForm.Type != discordgo.InteractionResponseModal {
		t.Fatalf("/mod-meetings edit with nothing else answered %d, want the description form", descForm.Type)
	}

	// Fill the file system.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()

	const reply = discordgo.InteractionResponseChannelMessageWithSource
	long := strings.Repeat("A long day, and I wrote it all down. ", 110)[:3900]
	cases := []struct {
		name string
		in   *discordtest.Interaction
		want string
	}{
		{"check-in note", h.fake.SubmitModal(g, carol, noteID, map[string]string{"note": "Today I walked to the park and back."}), "walked to the park"},
		{"long check-in note", h.fake.SubmitModal(g, carol, noteID, map[string]string{"note": long}), long},
		{"guidelines edit", h.fake.SubmitModal(g, alice, guidelinesForm.Data.CustomID, map[string]string{"text": "Be kind. Keep what is shared here, here."}), "Be kind."},
		{"resource add", h.fake.SubmitModal(g, alice, resourceForm.Data.CustomID, map[string]string{
			"name": "Evening Listening Line", "desc": "Someone to talk to in the evening", "contact": "Phone: 0800 123 4567", "hours": "18:00-23:00", "where": "Region: UK"}), "Evening Listening Line"},
		{"milestone share", h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share", discordtest.Opt("what", "Went back to work"), discordtest.Opt("note", "Three days a week"))), "Went back to work"},
		{"milestone note form", h.fake.SubmitModal(g, carol, noteForm.Data.CustomID, map[string]string{"what": "Slept through", "text": "First time in weeks.\nSo rested."}), "First time in weeks.\nSo rested."},
		{"meeting description form", h.fake.SubmitModal(g, alice, descForm.Data.CustomID, map[string]string{"text": "A gentle hour.\nNewcomers welcome."}), "A gentle hour.\nNewcomers welcome."},
		{"kudos", h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", alice.User.ID), discordtest.Opt("reason", "for always listening")), "for always listening"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.in.Wait(t)
			if resp.Type != reply || !resp.Ephemeral() {
				t.Fatalf("type %d ephemeral %v: %q", resp.Type, resp.Ephemeral(), resp.Content())
			}
			got := resp.Content() + embedsText(resp.Data.Embeds)
			for _, f := range resp.Files {
				got += string(f.Data)
			}
			if !strings.Contains(got, "reference") {
				t.Errorf("the reply doesn't say something went wrong: %q", resp.Content())
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("the reply doesn't hand back what was typed:\n%s", got)
			}
		})
	}
}

// When the database stays busy past its timeout (another process holds
// the write lock), the check-in note comes back too. This runs without
// root, unlike the full-disk test.
func TestTypedTextComesBackWhenTheDatabaseIsBusyEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the database's busy timeout")
	}
	h := newHarness(t)
	g, carol := h.guild.ID, h.member("carol")
	resp := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4))).Wait(t)
	noteID := strings.Replace(ciComponentID(t, resp.Data.Components, "ci-note:"), "ci-note:", "ci-notesave:", 1)

	lock, err := sql.Open("sqlite3", h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	conn, err := lock.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	const note = "Slept badly but went for a walk anyway."
	in := h.fake.SubmitModal(g, carol, noteID, map[string]string{"note": note})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, err := in.Response(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := got.Content() + embedsText(got.Data.Embeds)
	if !got.Ephemeral() || !strings.Contains(text, "reference") || !strings.Contains(text, note) {
		t.Fatalf("busy database: ephemeral %v:\n%s", got.Ephemeral(), text)
	}
}
