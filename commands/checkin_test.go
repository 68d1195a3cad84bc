package commands_test

import (
	"context"
	"errors"
	"fmt"
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
