package commands_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// ciFixture is /checkin over a real store and a fake Discord.
type ciFixture struct {
	t   *testing.T
	s   *data.Store
	fd  *fakeDiscord
	cmd *commands.Command
}

const (
	ciAlerts   = "300000000000000010"
	ciCheckins = "300000000000000011"
	ciModRole  = "400000000000000009"
)

func newCiFixture(t *testing.T, settings map[string]string) *ciFixture {
	t.Helper()
	s := newStore(t)
	fd := newFakeDiscord()
	for k, v := range settings {
		if _, err := s.SetSetting(context.Background(), guildA, mod1, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return &ciFixture{t: t, s: s, fd: fd, cmd: commands.Checkin(s, fd, nil)}
}

// ciConfigured has an alerts channel, a check-in channel and a moderator role.
var ciConfigured = map[string]string{
	data.SettingAlertsChannel: ciAlerts, data.SettingCheckinChannel: ciCheckins, data.SettingModeratorRole: ciModRole,
}

func (f *ciFixture) st() data.Settings { return settingsOf(f.t, f.s, guildA) }

// run answers a request, failing on an error, and checks Discord's limits.
func (f *ciFixture) run(h commands.Handler, req *commands.Request) *commands.Response {
	f.t.Helper()
	resp, err := h(context.Background(), req)
	if err != nil {
		f.t.Fatalf("handler: %v", err)
	}
	if resp == nil {
		f.t.Fatal("handler returned no response")
	}
	ciCheckLimits(f.t, resp)
	return resp
}

func (f *ciFixture) slash(userID, sub string, opts ...opt) *commands.Response {
	f.t.Helper()
	return f.run(f.cmd.Handle, slash(f.st(), userID, false, "checkin", sub, opts...))
}

// press answers a button, select or modal by its custom ID's routing key.
func (f *ciFixture) press(userID, customID string, values ...string) *commands.Response {
	f.t.Helper()
	key, _, _ := strings.Cut(customID, ":")
	comp, ok := f.cmd.Components[key]
	if !ok {
		f.t.Fatalf("no component routed by %q", key)
	}
	return f.run(comp.Handle, component(f.st(), userID, false, customID, values...))
}

func (f *ciFixture) submit(userID, customID string, fields map[string]string) *commands.Response {
	f.t.Helper()
	key, _, _ := strings.Cut(customID, ":")
	return f.run(f.cmd.Components[key].Handle, modal(f.st(), userID, false, customID, fields))
}

// checkin checks userID in with a mood and returns the stored check-in.
func (f *ciFixture) checkin(userID string, mood int, opts ...opt) (data.Checkin, *commands.Response) {
	f.t.Helper()
	resp := f.slash(userID, "now", append([]opt{{"mood", mood}}, opts...)...)
	cs, err := f.s.RecentCheckins(context.Background(), guildA, userID, time.Time{})
	if err != nil || len(cs) == 0 {
		f.t.Fatalf("no check-in stored: %v", err)
	}
	return cs[0], resp
}

func (f *ciFixture) sent() []sentMessage {
	f.fd.mu.Lock()
	defer f.fd.mu.Unlock()
	return append([]sentMessage(nil), f.fd.Sent...)
}

// ciButtons lists the custom IDs (or URLs) of a response's buttons and selects.
func ciButtons(resp *commands.Response) map[string]string {
	out := map[string]string{}
	for _, row := range resp.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case discordgo.Button:
				id := c.CustomID
				if id == "" {
					id = c.URL
				}
				out[c.Label] = id
			case discordgo.SelectMenu:
				out["select:"+c.Placeholder] = c.CustomID
			}
		}
	}
	return out
}

func ciButton(t *testing.T, resp *commands.Response, label string) string {
	t.Helper()
	id, ok := ciButtons(resp)[label]
	if !ok {
		t.Fatalf("no %q button in %v\n%s", label, ciButtons(resp), resp.Content)
	}
	return id
}

func ciText(resp *commands.Response) string {
	var b strings.Builder
	b.WriteString(resp.Content + "\n")
	for _, e := range resp.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String()
}

var customIDRE = regexp.MustCompile(`^[a-z-]+(:[0-9a-z]+)*$`)

// ciCheckLimits checks what Discord would refuse: lengths and counts.
func ciCheckLimits(t *testing.T, resp *commands.Response) {
	t.Helper()
	runes := utf8.RuneCountInString
	if n := runes(resp.Content); n > 2000 {
		t.Errorf("content has %d characters (max 2000)", n)
	}
	if len(resp.Embeds) > 10 {
		t.Errorf("%d embeds (max 10)", len(resp.Embeds))
	}
	for _, e := range resp.Embeds {
		if runes(e.Title) > 256 || runes(e.Description) > 4096 || len(e.Fields) > 25 {
			t.Errorf("embed over limits: title %d, description %d, fields %d", runes(e.Title), runes(e.Description), len(e.Fields))
		}
		if e.Footer != nil && runes(e.Footer.Text) > 2048 {
			t.Errorf("embed footer has %d characters", runes(e.Footer.Text))
		}
	}
	if len(resp.Components) > 5 {
		t.Errorf("%d action rows (max 5)", len(resp.Components))
	}
	for _, row := range resp.Components {
		r := row.(discordgo.ActionsRow)
		if len(r.Components) > 5 {
			t.Errorf("%d components in a row (max 5)", len(r.Components))
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case discordgo.Button:
				if runes(c.Label) > 80 || (c.URL == "" && (len(c.CustomID) > 100 || !customIDRE.MatchString(c.CustomID))) {
					t.Errorf("button %q: label or custom ID %q over limits", c.Label, c.CustomID)
				}
			case discordgo.SelectMenu:
				if len(c.Options) > 25 || len(c.Options) == 0 || runes(c.Placeholder) > 150 || len(c.CustomID) > 100 || c.MaxValues > len(c.Options) {
					t.Errorf("select %q over limits: %d options", c.CustomID, len(c.Options))
				}
				for _, o := range c.Options {
					if runes(o.Label) > 100 || runes(o.Value) > 100 {
						t.Errorf("select option %q over limits", o.Label)
					}
				}
			}
		}
	}
	if m := resp.Modal; m != nil {
		if runes(m.Title) > 45 || len(m.CustomID) > 100 {
			t.Errorf("modal title %q or custom ID %q over limits", m.Title, m.CustomID)
		}
		for _, row := range m.Components {
			for _, c := range row.(discordgo.ActionsRow).Components {
				ti := c.(discordgo.TextInput)
				if runes(ti.Label) > 45 || runes(ti.Placeholder) > 100 || ti.MaxLength > 4000 {
					t.Errorf("text input %q over limits", ti.Label)
				}
			}
		}
	}
	if len(resp.Choices) > 25 {
		t.Errorf("%d choices (max 25)", len(resp.Choices))
	}
	for _, c := range resp.Choices {
		if runes(c.Name) > 100 {
			t.Errorf("choice %q over 100 characters", c.Name)
		}
	}
}

func TestCheckinDefinitionRespectsDiscordLimits(t *testing.T) {
	f := newCiFixture(t, nil)
	nameRE := regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	var walk func(path string, opts []*discordgo.ApplicationCommandOption)
	walk = func(path string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", path, len(opts))
		}
		for _, o := range opts {
			p := path + " " + o.Name
			if !nameRE.MatchString(o.Name) {
				t.Errorf("%s: bad name", p)
			}
			if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
				t.Errorf("%s: description has %d characters", p, n)
			}
			if len(o.Choices) > 25 {
				t.Errorf("%s: %d choices", p, len(o.Choices))
			}
			for _, c := range o.Choices {
				if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
					t.Errorf("%s: choice %q", p, c.Name)
				}
			}
			walk(p, o.Options)
		}
	}
	d := f.cmd.Definition
	if !nameRE.MatchString(d.Name) || utf8.RuneCountInString(d.Description) > 100 {
		t.Errorf("/%s: bad name or description", d.Name)
	}
	walk("/"+d.Name, d.Options)
	if f.cmd.Feature != data.FeatureCheckins {
		t.Errorf("Feature = %q, want %q", f.cmd.Feature, data.FeatureCheckins)
	}
	if got := f.cmd.ModeratorSubcommands; len(got) != 1 || got[0] != "followups" {
		t.Errorf("ModeratorSubcommands = %v, want only followups", got)
	}
	for key, comp := range f.cmd.Components {
		if !strings.HasPrefix(key, "ci-") || comp.Moderator {
			t.Errorf("component %q: want a ci- key that members may press", key)
		}
	}
}

func TestCheckinNowIsPrivateAndQuick(t *testing.T) {
	f := newCiFixture(t, nil)
	c, resp := f.checkin(member1, 4, opt{"feelings", "Anxious, hopeful, blorp"})
	if !resp.Ephemeral || resp.Modal != nil || resp.Update {
		t.Fatalf("reply: ephemeral=%v modal=%v update=%v, want a new private reply", resp.Ephemeral, resp.Modal != nil, resp.Update)
	}
	for _, want := range []string{"Saved: 🙂 good · feeling anxious and hopeful.", "Only you can see this.", "didn't recognise “blorp”"} {
		if !strings.Contains(resp.Content, want) {
			t.Errorf("reply lacks %q:\n%s", want, resp.Content)
		}
	}
	if c.Mood != 4 || strings.Join(c.Feelings, ",") != "anxious,hopeful" || c.LocalDate != "2026-11-26" {
		t.Fatalf("stored %+v", c)
	}
	buttons := ciButtons(resp)
	id := strconv.FormatInt(c.ID, 10)
	for label, want := range map[string]string{
		"Add a note": "ci-note:" + id, "Share to the check-in channel": "ci-share:" + id, "Delete": "ci-del:" + id,
		"select:How else are you feeling? (optional)": "ci-feel:" + id,
	} {
		if buttons[label] != want {
			t.Errorf("%q = %q, want %q (all: %v)", label, buttons[label], want, buttons)
		}
	}
	if len(resp.Embeds) != 0 || len(f.sent()) != 0 {
		t.Fatalf("an everyday check-in showed crisis lines or sent something: %d embeds, %d sent", len(resp.Embeds), len(f.sent()))
	}

	// A second check-in the same day is fine; the streak counts days.
	_, resp = f.checkin(member1, 3)
	if !strings.Contains(resp.Content, "Saved: 😐 okay.") || strings.Contains(resp.Content, "streak") {
		t.Fatalf("second check-in reply:\n%s", resp.Content)
	}
	if cs, _ := f.s.RecentCheckins(context.Background(), guildA, member1, time.Time{}); len(cs) != 2 {
		t.Fatalf("%d check-ins stored, want 2", len(cs))
	}
}

func TestCheckinShowsStreak(t *testing.T) {
	f := newCiFixture(t, nil)
	for _, d := range []int{23, 24, 25} {
		f.s.Now = func() time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
		f.checkin(member1, 3)
	}
	f.s.Now = func() time.Time { return testNow }
	_, resp := f.checkin(member1, 5)
	if !strings.Contains(resp.Content, "Your streak: **4 days**.") {
		t.Fatalf("reply lacks the streak:\n%s", resp.Content)
	}
}

func TestCheckinFeelingsSelect(t *testing.T) {
	f := newCiFixture(t, nil)
	c, resp := f.checkin(member1, 3, opt{"feelings", "tired"})
	resp = f.press(member1, ciButton(t, resp, "select:How else are you feeling? (optional)"), "calm", "grateful", "not-a-feeling")
	if !resp.Update || !strings.Contains(resp.Content, "feeling calm and grateful") {
		t.Fatalf("after choosing feelings (update=%v):\n%s", resp.Update, resp.Content)
	}
	got, _ := f.s.Checkin(context.Background(), guildA, member1, c.ID)
	if strings.Join(got.Feelings, ",") != "calm,grateful" {
		t.Fatalf("stored feelings %v", got.Feelings)
	}
	// The menu shows what is chosen.
	menu := resp.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.SelectMenu)
	var defaults []string
	for _, o := range menu.Options {
		if o.Default {
			defaults = append(defaults, o.Value)
		}
	}
	if strings.Join(defaults, ",") != "calm,grateful" || menu.MinValues == nil || *menu.MinValues != 0 {
		t.Fatalf("menu defaults %v, min %v", defaults, menu.MinValues)
	}
	// Another member can't change it.
	resp = f.press(member2, fmt.Sprintf("ci-feel:%d", c.ID), "sad")
	if !strings.Contains(resp.Content, "belongs to someone else") {
		t.Fatalf("another member's press: %s", resp.Content)
	}
	if got, _ := f.s.Checkin(context.Background(), guildA, member1, c.ID); strings.Join(got.Feelings, ",") != "calm,grateful" {
		t.Fatalf("another member changed feelings to %v", got.Feelings)
	}
}

func TestCheckinNoteForm(t *testing.T) {
	f := newCiFixture(t, nil)
	c, resp := f.checkin(member1, 3, opt{"note", true})
	if resp.Modal == nil {
		t.Fatalf("note:true did not open the form: %s", resp.Content)
	}
	if want := fmt.Sprintf("ci-notesave:%d", c.ID); resp.Modal.CustomID != want {
		t.Fatalf("form custom ID %q, want %q", resp.Modal.CustomID, want)
	}
	if !strings.Contains(resp.Modal.Title, "saved") {
		t.Errorf("form title %q doesn't say the check-in is saved", resp.Modal.Title)
	}
	resp = f.submit(member1, resp.Modal.CustomID, map[string]string{"note": "  Slept badly but the walk helped.  "})
	if !resp.Ephemeral || !strings.Contains(resp.Content, "with a private note") || !strings.Contains(resp.Content, "Your note is saved.") {
		t.Fatalf("after the note:\n%s", resp.Content)
	}
	if strings.Contains(ciText(resp), "Slept badly") {
		t.Fatalf("the reply repeats the note")
	}
	got, _ := f.s.Checkin(context.Background(), guildA, member1, c.ID)
	if got.Note != "Slept badly but the walk helped." {
		t.Fatalf("stored note %q", got.Note)
	}
	// Editing shows the note in the form, and an empty form removes it.
	resp = f.press(member1, ciButton(t, resp, "Edit my note"))
	ti := resp.Modal.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
	if ti.Value != got.Note || ti.Required {
		t.Fatalf("edit form: value %q required %v", ti.Value, ti.Required)
	}
	resp = f.submit(member1, resp.Modal.CustomID, map[string]string{"note": ""})
	if !strings.Contains(resp.Content, "has no note") {
		t.Fatalf("after clearing:\n%s", resp.Content)
	}
}

func TestCheckinNoteProblemsLoseNothing(t *testing.T) {
	f := newCiFixture(t, nil)
	c, _ := f.checkin(member1, 3)
	long := strings.Repeat("word ", 801) // 4005 characters
	resp := f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": long})
	if !strings.Contains(resp.Content, "at most 4000 characters") || len(resp.Files) != 1 {
		t.Fatalf("overlong note: %q with %d files", resp.Content, len(resp.Files))
	}
	if b, _ := io.ReadAll(resp.Files[0].Reader); string(b) != long {
		t.Fatalf("the file doesn't hold the note typed")
	}
	if got, _ := f.s.Checkin(context.Background(), guildA, member1, c.ID); got.Note != "" {
		t.Fatalf("overlong note was stored")
	}

	if _, err := f.s.DeleteCheckin(context.Background(), guildA, member1, c.ID); err != nil {
		t.Fatal(err)
	}
	resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": "still mine"})
	if !strings.Contains(resp.Content, "can't find that check-in") || len(resp.Files) != 1 {
		t.Fatalf("note for a deleted check-in: %q with %d files", resp.Content, len(resp.Files))
	}
	if b, _ := io.ReadAll(resp.Files[0].Reader); string(b) != "still mine" {
		t.Fatalf("the file doesn't hold the note typed")
	}
	for _, id := range []string{"ci-note", "ci-note:x", "ci-note:-3", "ci-mood:9", "ci-mood:x"} {
		if resp := f.press(member1, id); !strings.Contains(resp.Content, "don't recognise") {
			t.Errorf("%s: %q", id, resp.Content)
		}
	}
}

func TestCheckinSafetyNetTriggers(t *testing.T) {
	tests := []struct {
		name   string
		mood   int
		note   string
		safety bool
	}{
		{"struggling", 1, "", true},
		{"struggling with a note", 1, "long day", true},
		{"low", 2, "", false},
		{"okay with crisis language", 3, "I don't want to be here anymore", true},
		{"great with crisis language", 5, "honestly I want to kms", true},
		{"low with an idiom", 2, "this homework is killing me, I was killing myself laughing", false},
		{"okay denying it", 3, "I'm not suicidal, just tired", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newCiFixture(t, ciConfigured)
			c, resp := f.checkin(member1, tt.mood)
			if tt.note != "" {
				resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": tt.note})
			}
			text := ciText(resp)
			_, hasReach := ciButtons(resp)["Ask a moderator to reach out"]
			got := hasReach && len(resp.Embeds) > 0 && strings.Contains(text, "You are not alone") && strings.Contains(text, "saved")
			if got != tt.safety {
				t.Fatalf("safety net shown = %v, want %v:\n%s", got, tt.safety, text)
			}
			if !resp.Ephemeral {
				t.Fatal("reply is not private")
			}
			if tt.note != "" && strings.Contains(text, tt.note) {
				t.Fatal("the reply repeats the note")
			}
			if n := len(f.sent()); n != 0 {
				t.Fatalf("%d messages sent before the member chose anything", n)
			}
		})
	}
}

func TestCheckinSafetyNetCrisisLinesFollowTheMember(t *testing.T) {
	tests := []struct {
		name, member, server string
		want                 string
	}{
		{"member's country", "Germany", "GB", "Crisis lines: Germany"},
		{"server default", "", "GB", "Crisis lines: United Kingdom"},
		{"neither: international", "", "", "Anywhere in the world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := map[string]string{}
			if tt.server != "" {
				settings[data.SettingCountry] = tt.server
			}
			f := newCiFixture(t, settings)
			if tt.member != "" {
				if resp := f.slash(member1, "country", opt{"country", tt.member}); !strings.Contains(resp.Content, "Saved") {
					t.Fatalf("/checkin country: %s", resp.Content)
				}
			}
			_, resp := f.checkin(member1, 1)
			if len(resp.Embeds) == 0 || !strings.Contains(ciText(resp), tt.want) {
				t.Fatalf("crisis lines lack %q:\n%s", tt.want, ciText(resp))
			}
			if tt.server == "" && tt.member == "" && resp.Embeds[0].Title != "You are not alone" {
				t.Fatalf("first embed %q", resp.Embeds[0].Title)
			}
		})
	}
}

func TestCheckinAskAModeratorOnlyWhenChosen(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, resp := f.checkin(member1, 1, opt{"note", true})
	if resp.Modal != nil {
		t.Fatal("a struggling check-in opened the note form before the safety net")
	}
	if !strings.Contains(resp.Content, "Add a note") {
		t.Fatalf("reply doesn't point to the note button:\n%s", resp.Content)
	}
	const note = "everything feels too heavy since the news"
	if form := f.press(member1, ciButton(t, resp, "Add a note")); form.Modal == nil {
		t.Fatal("Add a note didn't open the form")
	}
	resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": note})
	if len(f.sent()) != 0 {
		t.Fatal("something was sent before the member asked")
	}

	resp = f.press(member1, ciButton(t, resp, "Ask a moderator to reach out"))
	sent := f.sent()
	if len(sent) != 1 || sent[0].ChannelID != ciAlerts {
		t.Fatalf("sent %+v, want one notice in the alerts channel", sent)
	}
	notice := sent[0].Msg
	if !strings.Contains(notice.Content, "<@"+member1+">") || !strings.Contains(notice.Content, "<@&"+ciModRole+">") ||
		!strings.Contains(notice.Content, "struggling") {
		t.Fatalf("notice content:\n%s", notice.Content)
	}
	if strings.Contains(notice.Content, "heavy") || len(notice.Embeds) != 0 {
		t.Fatal("the notice carries the note")
	}
	m := notice.AllowedMentions
	if m == nil || len(m.Parse) != 0 || len(m.Users) != 0 || len(m.Roles) != 1 || m.Roles[0] != ciModRole {
		t.Fatalf("notice mentions %+v, want the moderator role only", m)
	}
	if !resp.Update || !strings.Contains(resp.Content, "I've asked the moderators") || len(resp.Embeds) == 0 {
		t.Fatalf("reply after asking (update=%v):\n%s", resp.Update, resp.Content)
	}
	if _, ok := ciButtons(resp)["Ask a moderator to reach out"]; ok {
		t.Fatal("the ask button is still offered")
	}
	fu, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID)
	if err != nil || fu.AlertMessageID != sent[0].ID || fu.NoteShared {
		t.Fatalf("follow-up %+v, %v", fu, err)
	}

	// Pressing again (an old copy of the message) sends nothing more.
	f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if n := len(f.sent()); n != 1 {
		t.Fatalf("asking twice sent %d messages", n)
	}

	// The note goes only on the second, explicit choice.
	resp = f.press(member1, ciButton(t, resp, "Share my note with the moderators too"))
	sent = f.sent()
	if len(sent) != 2 || sent[1].ChannelID != ciAlerts {
		t.Fatalf("sent %+v", sent)
	}
	shared := sent[1].Msg
	if len(shared.Embeds) != 1 || shared.Embeds[0].Description != note || shared.Reference == nil || shared.Reference.MessageID != sent[0].ID {
		t.Fatalf("shared note message %+v", shared)
	}
	if m := shared.AllowedMentions; m == nil || len(m.Parse) != 0 || len(m.Roles) != 0 {
		t.Fatalf("shared note pings %+v", m)
	}
	if !strings.Contains(resp.Content, "You shared your note with them.") {
		t.Fatalf("reply after sharing the note:\n%s", resp.Content)
	}
	if _, ok := ciButtons(resp)["Share my note with the moderators too"]; ok {
		t.Fatal("the share-note button is still offered")
	}
	f.press(member1, fmt.Sprintf("ci-reachnote:%d", c.ID))
	if n := len(f.sent()); n != 2 {
		t.Fatalf("sharing the note twice sent %d messages", n)
	}

	// Moderators see who asked, never the note.
	resp = f.run(f.cmd.Handle, slash(f.st(), mod1, true, "checkin", "followups"))
	if text := ciText(resp); !strings.Contains(text, "<@"+member1+">") || !strings.Contains(text, "shared their note") || strings.Contains(text, "heavy") {
		t.Fatalf("/mod-checkins followups:\n%s", text)
	}
}

func TestCheckinAskAModeratorWithoutAlertsChannel(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingCountry: "GB"})
	c, resp := f.checkin(member1, 1)
	if _, ok := ciButtons(resp)["Ask a moderator to reach out"]; ok {
		t.Fatal("offered to ask a moderator with no alerts channel")
	}
	if !strings.Contains(resp.Content, "message one of this server's moderators directly") || len(resp.Embeds) == 0 {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	// An old button, pressed after the channel was unset.
	resp = f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "hasn't set up a channel") || !strings.Contains(ciText(resp), "United Kingdom") {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	if len(f.sent()) != 0 {
		t.Fatal("something was sent")
	}
	if _, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a follow-up was recorded: %v", err)
	}
}

func TestCheckinAskAModeratorWhenDiscordFails(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, _ := f.checkin(member1, 1)
	f.fd.FailSend = errors.New("HTTP 500")
	resp := f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "couldn't reach the moderators") || len(resp.Embeds) == 0 {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	if _, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a follow-up was recorded though nothing was sent: %v", err)
	}
	f.fd.FailSend = nil
	resp = f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "I've asked the moderators") || len(f.sent()) != 1 {
		t.Fatalf("retry:\n%s", resp.Content)
	}
}

func TestCheckinShare(t *testing.T) {
	t.Run("no check-in channel", func(t *testing.T) {
		f := newCiFixture(t, nil)
		c, _ := f.checkin(member1, 4)
		resp := f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
		if !strings.Contains(resp.Content, "doesn't have a check-in channel") || resp.Update {
			t.Fatalf("reply: %s", resp.Content)
		}
	})
	t.Run("no permission", func(t *testing.T) {
		f := newCiFixture(t, ciConfigured)
		f.fd.Perms[ciCheckins] = discordgo.PermissionViewChannel
		c, _ := f.checkin(member1, 4)
		resp := f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
		if !strings.Contains(resp.Content, "not allowed to post") || len(f.sent()) != 0 {
			t.Fatalf("reply: %s", resp.Content)
		}
	})
	for _, withNote := range []bool{false, true} {
		t.Run(fmt.Sprintf("with note %v", withNote), func(t *testing.T) {
			f := newCiFixture(t, ciConfigured)
			c, _ := f.checkin(member1, 4, opt{"feelings", "hopeful"})
			const note = "first good day in a while"
			f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": note})

			resp := f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
			if !resp.Update || !strings.Contains(resp.Content, "<#"+ciCheckins+">") || strings.Contains(resp.Content, note) {
				t.Fatalf("preview:\n%s", resp.Content)
			}
			if len(f.sent()) != 0 {
				t.Fatal("the preview posted something")
			}
			label := "Share"
			if withNote {
				label = "Share with my note"
			}
			resp = f.press(member1, ciButton(t, resp, label))
			sent := f.sent()
			if len(sent) != 1 || sent[0].ChannelID != ciCheckins {
				t.Fatalf("sent %+v", sent)
			}
			post := sent[0].Msg
			if !strings.Contains(post.Content, "<@"+member1+"> checked in: 🙂 **good**, feeling hopeful") {
				t.Fatalf("post: %s", post.Content)
			}
			hasNote := len(post.Embeds) == 1 && post.Embeds[0].Description == note
			if hasNote != withNote || strings.Contains(post.Content, note) {
				t.Fatalf("post carries the note = %v, want %v", hasNote, withNote)
			}
			if m := post.AllowedMentions; m == nil || len(m.Parse) != 0 || len(m.Users) != 0 {
				t.Fatalf("post pings %+v", m)
			}
			if !resp.Update || !strings.Contains(resp.Content, "Shared in") || ciButtons(resp)["See my shared post"] == "" {
				t.Fatalf("after sharing:\n%s %v", resp.Content, ciButtons(resp))
			}
			got, _ := f.s.Checkin(context.Background(), guildA, member1, c.ID)
			if got.SharedMessageID != sent[0].ID || got.SharedChannelID != ciCheckins || got.NoteShared != withNote {
				t.Fatalf("stored %+v", got)
			}
			// An old share button posts nothing more.
			f.press(member1, fmt.Sprintf("ci-sharego:%d:0", c.ID))
			if n := len(f.sent()); n != 1 {
				t.Fatalf("sharing twice sent %d posts", n)
			}
		})
	}
	t.Run("cancel", func(t *testing.T) {
		f := newCiFixture(t, ciConfigured)
		c, _ := f.checkin(member1, 4)
		resp := f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
		resp = f.press(member1, ciButton(t, resp, "Cancel"))
		if !strings.Contains(resp.Content, "Saved: 🙂 good") || len(f.sent()) != 0 {
			t.Fatalf("after cancel:\n%s", resp.Content)
		}
	})
}

func TestCheckinDelete(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, resp := f.checkin(member1, 4)
	resp = f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
	f.press(member1, ciButton(t, resp, "Share"))
	postID := f.sent()[0].ID

	// Another member can't delete it.
	resp = f.press(member2, fmt.Sprintf("ci-delgo:%d", c.ID))
	if !strings.Contains(resp.Content, "belongs to someone else") {
		t.Fatalf("another member's delete: %s", resp.Content)
	}
	if _, err := f.s.Checkin(context.Background(), guildA, member1, c.ID); err != nil {
		t.Fatalf("another member deleted it: %v", err)
	}

	resp = f.press(member1, fmt.Sprintf("ci-del:%d", c.ID))
	if !resp.Update || !strings.Contains(resp.Content, "post in the check-in channel") {
		t.Fatalf("question:\n%s", resp.Content)
	}
	resp = f.press(member1, ciButton(t, resp, "Delete it"))
	if !strings.Contains(resp.Content, "Deleted your check-in from Thu 26 Nov 12:00") || len(resp.Components) != 0 {
		t.Fatalf("after deleting:\n%s", resp.Content)
	}
	if len(f.fd.Deleted) != 1 || f.fd.Deleted[0] != postID {
		t.Fatalf("deleted posts %v, want [%s]", f.fd.Deleted, postID)
	}
	if _, err := f.s.Checkin(context.Background(), guildA, member1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("still stored: %v", err)
	}
}

func TestCheckinDeleteAll(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, _ := f.checkin(member1, 4)
	resp := f.press(member1, fmt.Sprintf("ci-share:%d", c.ID))
	f.press(member1, ciButton(t, resp, "Share"))
	f.checkin(member1, 2)
	f.checkin(member2, 3)
	f.slash(member1, "remind on", opt{"time", "20:00"})

	resp = f.press(member1, "ci-delall")
	if !strings.Contains(resp.Content, "Delete all 2 check-ins") {
		t.Fatalf("question:\n%s", resp.Content)
	}
	if got := f.press(member1, ciButton(t, resp, "Keep them")); !strings.Contains(got.Content, "Nothing was deleted") {
		t.Fatalf("keep: %s", got.Content)
	}
	resp = f.press(member1, ciButton(t, resp, "Delete them all"))
	if !strings.Contains(resp.Content, "Deleted 2 check-ins.") || !strings.Contains(resp.Content, "reminder is still on") {
		t.Fatalf("after deleting:\n%s", resp.Content)
	}
	if len(f.fd.Deleted) != 1 {
		t.Fatalf("deleted posts %v", f.fd.Deleted)
	}
	for user, want := range map[string]int{member1: 0, member2: 1} {
		if cs, _ := f.s.RecentCheckins(context.Background(), guildA, user, time.Time{}); len(cs) != want {
			t.Errorf("%s has %d check-ins, want %d", user, len(cs), want)
		}
	}
	if resp := f.press(member1, "ci-delall"); !strings.Contains(resp.Content, "no check-ins") {
		t.Fatalf("with nothing left: %s", resp.Content)
	}
}

func TestCheckinHistory(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "America/New_York"})
	if resp := f.slash(member1, "history"); !strings.Contains(resp.Content, "haven't checked in here yet") {
		t.Fatalf("empty history: %s", resp.Content)
	}
	loc, _ := time.LoadLocation("America/New_York")
	st := f.st()
	var ids []int64
	for i := 0; i < 40; i++ {
		if i%9 == 4 {
			continue
		}
		f.s.Now = func() time.Time { return time.Date(2026, 11, 26-i, 20, 0, 0, 0, loc) }
		note := ""
		if i == 0 {
			note = "my private words"
		}
		c, err := f.s.AddCheckin(context.Background(), data.Checkin{GuildID: guildA, UserID: member1, Mood: 1 + i%5, Note: note}, st.Location())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	f.s.Now = func() time.Time { return testNow }
	f.checkin(member2, 5)

	for _, days := range []int{30, 90} {
		resp := f.slash(member1, "history", opt{"days", days})
		if !resp.Ephemeral || len(resp.Embeds) != 1 || len(resp.Files) != 1 {
			t.Fatalf("history: ephemeral=%v embeds=%d files=%d", resp.Ephemeral, len(resp.Embeds), len(resp.Files))
		}
		e := resp.Embeds[0]
		want := 27 // 30 days, less the days i%9 == 4 (4, 13, 22)
		if days == 90 {
			want = 36
		}
		if !strings.Contains(e.Title, strconv.Itoa(days)) || !strings.Contains(e.Description, fmt.Sprintf("in the last %d days:** %d", days, want)) {
			t.Fatalf("embed:\n%s\n%s", e.Title, e.Description)
		}
		// Missed days 22 Nov, 13 Nov, 4 Nov and 26 Oct fall in different
		// weeks, so each is a rest day; the streak runs back to 18 Oct.
		if !strings.Contains(e.Description, "**Streak:** 36 days") || !strings.Contains(e.Description, "my private words") {
			t.Fatalf("embed:\n%s", e.Description)
		}
		if e.Image == nil || e.Image.URL != "attachment://mood.png" || resp.Files[0].Name != "mood.png" || resp.Files[0].ContentType != "image/png" {
			t.Fatalf("chart attachment: %+v %+v", e.Image, resp.Files[0])
		}
		img, err := png.Decode(resp.Files[0].Reader)
		if err != nil {
			t.Fatalf("chart is not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
			t.Fatalf("chart is %v", b)
		}
		if ciButtons(resp)["Delete all my check-ins"] != "ci-delall" || ciButtons(resp)["select:Delete a check-in…"] != "ci-delpick" {
			t.Fatalf("buttons %v", ciButtons(resp))
		}
	}

	// Member 2 sees only their own.
	resp := f.slash(member2, "history")
	if text := ciText(resp); strings.Contains(text, "my private words") || !strings.Contains(text, "last 30 days:** 1") {
		t.Fatalf("member 2's history:\n%s", text)
	}

	// Deleting from history asks first, in a new message.
	resp = f.press(member1, "ci-delpick", strconv.FormatInt(ids[0], 10))
	if resp.Update || !strings.Contains(resp.Content, "Delete your check-in from Thu 26 Nov 20:00") {
		t.Fatalf("question (update=%v): %s", resp.Update, resp.Content)
	}
	if got := f.press(member1, ciButton(t, resp, "Keep it")); !strings.Contains(got.Content, "Nothing was deleted") {
		t.Fatalf("keep: %s", got.Content)
	}
	resp = f.press(member1, ciButton(t, resp, "Delete it"))
	if !strings.Contains(resp.Content, "Deleted") {
		t.Fatalf("delete: %s", resp.Content)
	}
	if resp := f.press(member2, "ci-delpick", strconv.FormatInt(ids[1], 10)); !strings.Contains(resp.Content, "belongs to someone else") {
		t.Fatalf("member 2 picking member 1's check-in: %s", resp.Content)
	}
}

func TestCheckinHistoryStreakFollowsServerDays(t *testing.T) {
	// A member in a Tokyo server checks in at 08:00 Tokyo time each day,
	// which is 23:00 UTC the day before: the days counted are Tokyo's.
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "Asia/Tokyo"})
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	st := f.st()
	for d := 20; d <= 25; d++ {
		if d == 24 {
			continue // a rest day
		}
		f.s.Now = func() time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, tokyo) }
		if _, err := f.s.AddCheckin(context.Background(), data.Checkin{GuildID: guildA, UserID: member1, Mood: 3}, st.Location()); err != nil {
			t.Fatal(err)
		}
	}
	// testNow, 12:00 UTC on the 26th, is 21:00 in Tokyo: today not yet done.
	resp := f.slash(member1, "history")
	if !strings.Contains(resp.Embeds[0].Description, "**Streak:** 5 days") {
		t.Fatalf("history:\n%s", resp.Embeds[0].Description)
	}
}

func TestCheckinRemind(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "Europe/London"})
	tests := []struct {
		time, zone string
		wantTime   string
		wantZone   string
		wantErr    string
	}{
		{"20:30", "", "20:30", "Europe/London", ""},
		{"8:30pm", "america/new_york", "20:30", "America/New_York", ""},
		{"8 PM", "", "20:00", "America/New_York", ""}, // keeps the zone chosen before
		{"7am", "Asia/Tokyo", "07:00", "Asia/Tokyo", ""},
		{"12am", "", "00:00", "Asia/Tokyo", ""},
		{"12:15 p.m.", "", "12:15", "Asia/Tokyo", ""},
		{"0830", "", "08:30", "Asia/Tokyo", ""},
		{"21h05", "", "21:05", "Asia/Tokyo", ""},
		{"9", "", "", "", "could be morning or evening"},
		{"25:00", "", "", "", "didn't understand the time"},
		{"13pm", "", "", "", "didn't understand the time"},
		{"8:5", "", "", "", "didn't understand the time"},
		{"soon", "", "", "", "didn't understand the time"},
		{"20:00", "Mars/Base", "", "", "don't know the time zone"},
	}
	for _, tt := range tests {
		opts := []opt{{"time", tt.time}}
		if tt.zone != "" {
			opts = append(opts, opt{"timezone", tt.zone})
		}
		resp := f.slash(member1, "remind on", opts...)
		if tt.wantErr != "" {
			if !strings.Contains(resp.Content, tt.wantErr) || !resp.Ephemeral {
				t.Errorf("remind on %q %q: %s", tt.time, tt.zone, resp.Content)
			}
			continue
		}
		r, err := f.s.CheckinReminderFor(context.Background(), guildA, member1)
		if err != nil || r.Time != tt.wantTime || r.Zone != tt.wantZone {
			t.Errorf("remind on %q %q: stored %+v, %v; want %s %s", tt.time, tt.zone, r, err, tt.wantTime, tt.wantZone)
			continue
		}
		if !strings.Contains(resp.Content, "**"+tt.wantTime+"** ("+tt.wantZone) || !strings.Contains(resp.Content, "/checkin remind off") {
			t.Errorf("reply: %s", resp.Content)
		}
	}
	if resp := f.slash(member1, "remind off"); !strings.Contains(resp.Content, "is off") {
		t.Fatalf("off: %s", resp.Content)
	}
	if resp := f.slash(member1, "remind off"); !strings.Contains(resp.Content, "nothing to stop") {
		t.Fatalf("off again: %s", resp.Content)
	}
	// Opting in after today's time has passed starts tomorrow.
	if resp := f.slash(member1, "remind on", opt{"time", "09:00"}, opt{"timezone", "UTC"}); !strings.Contains(resp.Content, "starting tomorrow") {
		t.Fatalf("reply: %s", resp.Content)
	}
	if resp := f.slash(member1, "remind on", opt{"time", "21:00"}, opt{"timezone", "UTC"}); !strings.Contains(resp.Content, "starting tomorrow") {
		t.Fatalf("moving today's reminder later must not nudge twice: %s", resp.Content)
	}
}

func TestCheckinAutocomplete(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingTimeZone: "Europe/London", data.SettingCountry: "GB"})
	tests := []struct {
		sub, focused, typed string
		wantFirst           string
		wantAll             int
	}{
		{"now", "feelings", "", "angry", 20},
		{"now", "feelings", "anxious, ti", "anxious, tired", 1},
		{"now", "feelings", "Tired,  ca", "tired, calm", 1},
		{"now", "feelings", "tired, zzz", "", 0},
		{"remind on", "timezone", "", "Europe/London", -1},
		{"remind on", "timezone", "tokyo", "Asia/Tokyo", -1},
		{"remind on", "timezone", "new york", "America/New_York", -1},
		{"country", "country", "", "GB", -1},
		{"country", "country", "germ", "DE", -1},
	}
	for _, tt := range tests {
		req := autocomplete(f.st(), member1, "checkin", tt.sub, tt.focused, opt{tt.focused, tt.typed})
		resp := f.run(f.cmd.Autocomplete, req)
		if resp.Choices == nil {
			t.Fatalf("%s %q: nil choices", tt.focused, tt.typed)
		}
		if tt.wantAll >= 0 && len(resp.Choices) != tt.wantAll {
			t.Errorf("%s %q: %d choices, want %d", tt.focused, tt.typed, len(resp.Choices), tt.wantAll)
		}
		if tt.wantFirst != "" && (len(resp.Choices) == 0 || resp.Choices[0].Value != tt.wantFirst) {
			t.Errorf("%s %q: choices %v, want %q first", tt.focused, tt.typed, resp.Choices, tt.wantFirst)
		}
	}
}

func TestCheckinCountry(t *testing.T) {
	f := newCiFixture(t, nil)
	if resp := f.slash(member1, "country", opt{"country", "germany"}); !strings.Contains(resp.Content, "**Germany**") {
		t.Fatalf("reply: %s", resp.Content)
	}
	if code, _ := f.s.MemberCountry(context.Background(), guildA, member1); code != "DE" {
		t.Fatalf("stored %q", code)
	}
	if resp := f.slash(member1, "country", opt{"country", "Narnia"}); !strings.Contains(resp.Content, "don't know the country") {
		t.Fatalf("reply: %s", resp.Content)
	}
	if code, _ := f.s.MemberCountry(context.Background(), guildA, member1); code != "DE" {
		t.Fatalf("a bad country changed the stored one to %q", code)
	}
	if resp := f.slash(member1, "country", opt{"country", "none"}); !strings.Contains(resp.Content, "forgotten") {
		t.Fatalf("reply: %s", resp.Content)
	}
	if code, _ := f.s.MemberCountry(context.Background(), guildA, member1); code != "" {
		t.Fatalf("stored %q after forgetting", code)
	}
}

func TestCheckinPromptButtons(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	for _, l := range i18n.Languages() {
		msg := commands.CheckinPrompt(i18n.For(l.Tag))
		ciCheckLimits(t, &commands.Response{Content: msg.Content, Components: msg.Components})
	}
	msg := commands.CheckinPrompt(i18n.For("en"))
	row := msg.Components[0].(discordgo.ActionsRow)
	if len(row.Components) != 5 {
		t.Fatalf("%d mood buttons", len(row.Components))
	}
	first := row.Components[0].(discordgo.Button)
	if first.CustomID != "ci-mood:1" || first.Label != "struggling" {
		t.Fatalf("first button %+v", first)
	}
	// Pressed on the public post: a new private reply, never an edit of the post.
	resp := f.press(member1, "ci-mood:1")
	if resp.Update || !resp.Ephemeral || len(resp.Embeds) == 0 {
		t.Fatalf("from the post: update=%v ephemeral=%v embeds=%d", resp.Update, resp.Ephemeral, len(resp.Embeds))
	}
	// Pressed on a private picker: that message becomes the check-in.
	if resp := f.press(member1, "ci-open"); !resp.Ephemeral || len(ciButtons(resp)) != 5 {
		t.Fatalf("picker: %+v", resp)
	}
	req := component(f.st(), member2, false, "ci-mood:4")
	req.Interaction.Message.Flags = discordgo.MessageFlagsEphemeral
	resp = f.run(f.cmd.Components["ci-mood"].Handle, req)
	if !resp.Update || !strings.Contains(resp.Content, "Saved: 🙂 good") {
		t.Fatalf("from the picker: update=%v %s", resp.Update, resp.Content)
	}
}

func TestCheckinFollowupsListForModerators(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	resp := f.run(f.cmd.Handle, slash(f.st(), mod1, true, "checkin", "followups"))
	if !strings.Contains(resp.Content, "No one has asked") {
		t.Fatalf("empty list: %s", resp.Content)
	}
	c, _ := f.checkin(member1, 1)
	f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": "secret words"})
	f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	resp = f.run(f.cmd.Handle, slash(f.st(), mod1, true, "checkin", "followups"))
	text := ciText(resp)
	if !resp.Ephemeral || !strings.Contains(text, "<@"+member1+">") || strings.Contains(text, "secret") || strings.Contains(text, "shared their note") {
		t.Fatalf("list:\n%s", text)
	}
	if resp.Mentions != nil {
		t.Fatalf("the list pings %+v", resp.Mentions)
	}
}

func TestCheckinOutsideAServer(t *testing.T) {
	f := newCiFixture(t, nil)
	req := slash(data.Settings{}, member1, false, "checkin", "now", opt{"mood", 3})
	resp := f.run(f.cmd.Handle, req)
	if !strings.Contains(resp.Content, "belong to a server") {
		t.Fatalf("in a DM: %s", resp.Content)
	}
	// Buttons in a DM (say, on a forwarded message) record nothing.
	for key, comp := range f.cmd.Components {
		resp := f.run(comp.Handle, component(data.Settings{}, member1, false, key+":1:1", "1"))
		if !strings.Contains(resp.Content, "belong to a server") {
			t.Errorf("%s in a DM: %s", key, resp.Content)
		}
	}
	if cs, _ := f.s.RecentCheckins(context.Background(), "", member1, time.Time{}); len(cs) != 0 {
		t.Fatalf("check-ins recorded outside a server: %+v", cs)
	}
}

func TestMoodChartPNG(t *testing.T) {
	var cs []data.Checkin
	for i := 0; i < 120; i++ {
		cs = append(cs, data.Checkin{Mood: 1 + (i*7)%5, LocalDate: time.Date(2026, 11, 26-i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
	}
	tests := []struct {
		name string
		cs   []data.Checkin
		days int
	}{
		{"30 days", cs, 30},
		{"90 days", cs, 90},
		{"one check-in", cs[:1], 30},
		{"none", nil, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := commands.MoodChart(tt.cs, "2026-11-26", tt.days)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			bounds := img.Bounds()
			if bounds.Dx() != 800 || bounds.Dy() != 400 {
				t.Fatalf("size %v", bounds)
			}
			// A transparent background suits both themes; the text is
			// mid-grey; the lines are blue and orange.
			if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
				t.Errorf("corner is not transparent")
			}
			var grey, blue, orange int
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					r, g, b, a := img.At(x, y).RGBA()
					if a < 0xf000 {
						continue
					}
					r, g, b = r>>8, g>>8, b>>8
					switch {
					case near(r, 0x88) && near(g, 0x8d) && near(b, 0x96):
						grey++
					case near(r, 0x4a) && near(g, 0x90) && near(b, 0xd9):
						blue++
					case near(r, 0xf0) && near(g, 0x8c) && near(b, 0x2e):
						orange++
					}
				}
			}
			if grey < 200 {
				t.Errorf("%d grey pixels: no axes or labels?", grey)
			}
			if len(tt.cs) > 0 && (blue < 50 || orange < 50) {
				t.Errorf("%d blue and %d orange pixels: no moods drawn?", blue, orange)
			}
		})
	}
	if _, err := commands.MoodChart(cs, "26/11/2026", 30); err == nil {
		t.Error("a bad day was accepted")
	}
}

func near(v, want uint32) bool { return v+8 >= want && v <= want+8 }

// TestMoodChartInEveryLanguage: the chart draws in every language, and
// its words (the moods, the legend, the dates) change the picture.
func TestMoodChartInEveryLanguage(t *testing.T) {
	cs := []data.Checkin{{Mood: 2, LocalDate: "2026-11-20"}, {Mood: 4, LocalDate: "2026-11-25"}}
	english, err := commands.MoodChart(cs, "2026-11-26", 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages()[1:] {
		b, err := commands.MoodChartIn(i18n.For(l.Tag), cs, "2026-11-26", 30)
		if err != nil {
			t.Fatalf("%s: %v", l.Tag, err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("%s: not a PNG: %v", l.Tag, err)
		}
		if bytes.Equal(b, english) {
			t.Errorf("%s: the chart is the English one", l.Tag)
		}
	}
}

// BenchmarkMoodChart365 measures drawing a year of daily check-ins, and
// reports the PNG's size.
func BenchmarkMoodChart365(b *testing.B) {
	var cs []data.Checkin
	for i := 0; i < 365; i++ {
		cs = append(cs, data.Checkin{Mood: 1 + (i*7)%5, LocalDate: time.Date(2026, 11, 26-i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
	}
	b.ResetTimer()
	var size int
	for b.Loop() {
		png, err := commands.MoodChart(cs, "2026-11-26", 365)
		if err != nil {
			b.Fatal(err)
		}
		size = len(png)
	}
	b.ReportMetric(float64(size), "png-bytes")
}
