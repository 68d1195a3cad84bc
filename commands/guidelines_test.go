package commands_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

func guidelinesShown(t *testing.T, resp *commands.Response) *discordgo.MessageEmbed {
	t.Helper()
	if !resp.Ephemeral || len(resp.Embeds) != 1 {
		t.Fatalf("show: ephemeral=%v, %d embeds; want one ephemeral embed", resp.Ephemeral, len(resp.Embeds))
	}
	return resp.Embeds[0]
}

func TestGuidelinesShowDefault(t *testing.T) {
	s := newStore(t)
	c := commands.Guidelines(s, setupFake(), nil)
	e := guidelinesShown(t, setupCall(t, c, slash(settingsOf(t, s, guildA), member1, false, "guidelines", "show")))
	if e.Description != commands.DefaultGuidelines {
		t.Errorf("shown text is not the default:\n%s", e.Description)
	}
	for _, want := range []string{"stays here", "person first", "No medical advice", "emergency number", "/crisis", "not a crisis service"} {
		if !strings.Contains(commands.DefaultGuidelines, want) {
			t.Errorf("default guidelines do not mention %q", want)
		}
	}
	if n := len([]rune(commands.DefaultGuidelines)); n > data.MaxGuidelinesLength {
		t.Errorf("default guidelines have %d characters, over %d", n, data.MaxGuidelinesLength)
	}
}

func TestGuidelinesEdit(t *testing.T) {
	long := strings.Repeat("a", data.MaxGuidelinesLength+1)
	tests := []struct {
		name, before, typed string
		wantReply           string
		wantStored          string // "" = Kindred's default
		wantFile            bool
	}{
		{"saves new text", "", "  Be gentle with each other.  ", "Saved.", "Be gentle with each other.", false},
		{"replaces own text", "Old words", "New words", "Saved.", "New words", false},
		{"blank is refused", "Old words", "   ", "can't be empty", "Old words", false},
		{"too long is refused and handed back", "Old words", long, "at most 4000 characters, and this text has 4001", "Old words", true},
		{"unchanged saves nothing", "Old words", "Old words", "unchanged", "Old words", false},
		{"the default text resets", "Old words", commands.DefaultGuidelines, "Saved.", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if tt.before != "" {
				setSetting(t, s, guildA, data.SettingGuidelines, tt.before)
			}
			before := len(historyOf(t, s, guildA))
			c := commands.Guidelines(s, setupFake(), nil)

			resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "edit"))
			if resp.Modal == nil || resp.Modal.CustomID != "gl-edit" || len(resp.Modal.Title) > 45 {
				t.Fatalf("edit should open the gl-edit form, got %+v", resp)
			}
			input := resp.Modal.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
			want := tt.before
			if want == "" {
				want = commands.DefaultGuidelines
			}
			if input.Value != want || input.MaxLength != data.MaxGuidelinesLength || input.Style != discordgo.TextInputParagraph || len(input.Label) > 45 {
				t.Errorf("form input: value %.30q max %d style %v label %q", input.Value, input.MaxLength, input.Style, input.Label)
			}

			resp = setupCall(t, c, modal(settingsOf(t, s, guildA), mod1, true, "gl-edit", map[string]string{"text": tt.typed}))
			if !resp.Ephemeral || !strings.Contains(resp.Content, tt.wantReply) {
				t.Errorf("reply (ephemeral=%v) does not contain %q:\n%s", resp.Ephemeral, tt.wantReply, resp.Content)
			}
			if tt.wantFile {
				if len(resp.Files) != 1 {
					t.Fatalf("%d files, want the typed text handed back", len(resp.Files))
				}
				b, _ := io.ReadAll(resp.Files[0].Reader)
				if string(b) != tt.typed {
					t.Error("the file does not hold what was typed")
				}
			}
			st := settingsOf(t, s, guildA)
			if got := st.Get(data.SettingGuidelines); got != tt.wantStored {
				t.Errorf("stored guidelines=%.40q, want %.40q", got, tt.wantStored)
			}
			changed := tt.wantStored != tt.before
			if got := len(historyOf(t, s, guildA)) - before; (got == 1) != changed || got > 1 {
				t.Errorf("%d new history entries, want changed=%v", got, changed)
			}
			e := guidelinesShown(t, setupCall(t, c, slash(st, member1, false, "guidelines", "show")))
			if wantShown := tt.wantStored; wantShown != "" && e.Description != wantShown {
				t.Errorf("show=%.40q, want %.40q", e.Description, wantShown)
			}
		})
	}
}

func TestGuidelinesReset(t *testing.T) {
	s := newStore(t)
	c := commands.Guidelines(s, setupFake(), nil)
	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "reset"))
	if !strings.Contains(resp.Content, "already Kindred's default") {
		t.Errorf("reset of the default: %q", resp.Content)
	}
	setSetting(t, s, guildA, data.SettingGuidelines, "Ours")
	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "reset"))
	if !strings.Contains(resp.Content, "Kindred's default text again") {
		t.Errorf("reset reply: %q", resp.Content)
	}
	if st := settingsOf(t, s, guildA); st.IsSet(data.SettingGuidelines) {
		t.Error("guidelines still set after reset")
	}
	if h := historyOf(t, s, guildA); len(h) != 2 || h[0].Key != data.SettingGuidelines || h[0].NewValue != "" {
		t.Errorf("history=%+v, want the reset audited", h)
	}
}

func TestGuidelinesPostAndAcknowledge(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	f := setupFake()
	c := commands.Guidelines(s, f, nil)

	// Refused channels post nothing.
	for ch, want := range map[string]string{
		suNoPerms:  "missing the **Send Messages** and **Embed Links** permissions",
		suVoice:    "is a voice channel",
		suChannelB: "I can't find",
	} {
		resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "post", opt{"channel", ch}))
		if !strings.Contains(resp.Content, want) || !strings.Contains(resp.Content, "Nothing was posted") {
			t.Errorf("post to %s: reply %q, want it to say %q", ch, resp.Content, want)
		}
	}
	if len(f.Sent) != 0 {
		t.Fatalf("%d messages sent to refused channels", len(f.Sent))
	}

	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "post", opt{"channel", channel2}))
	if !strings.Contains(resp.Content, "Posted the guidelines in <#"+channel2+">") {
		t.Errorf("post reply: %q", resp.Content)
	}
	if len(f.Sent) != 1 || f.Sent[0].ChannelID != channel2 {
		t.Fatalf("sent %+v, want one message to %s", f.Sent, channel2)
	}
	post := f.Sent[0]
	version := data.GuidelinesVersion(commands.DefaultGuidelines)
	if e := post.Msg.Embeds[0]; e.Description != commands.DefaultGuidelines || !strings.Contains(e.Footer.Text, "press the button") {
		t.Errorf("posted embed: %.40q footer %+v", e.Description, e.Footer)
	}
	button := post.Msg.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
	if button.Label != "I have read and agree" || button.CustomID != "gl-ack:"+version {
		t.Errorf("button %q → %q, want I have read and agree → gl-ack:%s", button.Label, button.CustomID, version)
	}
	if got := settingsOf(t, s, guildA).Get(data.SettingGuidelinesMessage); got != channel2+"/"+post.ID {
		t.Errorf("posted message recorded as %q", got)
	}

	press := func(user string) *commands.Response {
		req := component(settingsOf(t, s, guildA), user, false, button.CustomID)
		req.Interaction.Message = &discordgo.Message{ID: post.ID, ChannelID: channel2, Embeds: post.Msg.Embeds}
		return setupCall(t, c, req)
	}
	if resp := press(member1); !resp.Ephemeral || !strings.Contains(resp.Content, "Thank you for reading") {
		t.Errorf("first press: %+v", resp)
	}
	if e := f.Edited[post.ID]; e == nil || (*e.Embeds)[0].Footer.Text != "1 member has read and agreed." {
		t.Errorf("post not updated with the count: %+v", e)
	}
	delete(f.Edited, post.ID)
	if resp := press(member1); !strings.Contains(resp.Content, "already agreed") {
		t.Errorf("second press: %q", resp.Content)
	}
	if f.Edited[post.ID] != nil {
		t.Error("a second press edited the post")
	}
	press(member2)
	if e := f.Edited[post.ID]; e == nil || (*e.Embeds)[0].Footer.Text != "2 members have read and agreed." {
		t.Errorf("post not updated with the count: %+v", e)
	}
	if acks, err := s.GuidelinesAcknowledgements(ctx, guildA, version); err != nil || acks.Version != 2 {
		t.Errorf("acknowledgements=%+v, %v; want 2", acks, err)
	}

	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "acknowledgements"))
	for _, want := range []string{"**2** members have agreed to the current guidelines", "posted in <#" + channel2 + ">"} {
		if !strings.Contains(resp.Content, want) {
			t.Errorf("acknowledgements reply does not contain %q:\n%s", want, resp.Content)
		}
	}
	e := guidelinesShown(t, setupCall(t, c, slash(settingsOf(t, s, guildA), member1, false, "guidelines", "show")))
	if e.Footer == nil || !strings.Contains(e.Footer.Text, "You've read and agreed") {
		t.Errorf("a member who agreed is not told so: %+v", e.Footer)
	}
	e = guidelinesShown(t, setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "show")))
	if e.Footer == nil || !strings.Contains(e.Footer.Text, "2 agreed to this version") {
		t.Errorf("moderators don't see the count: %+v", e.Footer)
	}

	// Editing updates the posted copy; its count starts again.
	resp = setupCall(t, c, modal(settingsOf(t, s, guildA), mod1, true, "gl-edit", map[string]string{"text": "Be kind."}))
	if !strings.Contains(resp.Content, "updated the copy posted in <#"+channel2+">") {
		t.Errorf("edit reply: %q", resp.Content)
	}
	edit := f.Edited[post.ID]
	newButton := (*edit.Components)[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
	if (*edit.Embeds)[0].Description != "Be kind." || newButton.CustomID != "gl-ack:"+data.GuidelinesVersion("Be kind.") {
		t.Errorf("post after edit: %q with button %s", (*edit.Embeds)[0].Description, newButton.CustomID)
	}
	// A member pressing an old copy's button agrees to what they read, and is told it changed.
	if resp := press(member2); !strings.Contains(resp.Content, "have changed since this copy was posted") {
		t.Errorf("pressing an outdated copy: %q", resp.Content)
	}
	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "guidelines", "acknowledgements"))
	if !strings.Contains(resp.Content, "**0** members have agreed to the current guidelines (2 to any version") {
		t.Errorf("acknowledgements after an edit:\n%s", resp.Content)
	}
}

func TestGuidelinesAcknowledgeBadButton(t *testing.T) {
	s := newStore(t)
	c := commands.Guidelines(s, setupFake(), nil)
	for _, id := range []string{"gl-ack:nothex", "gl-ack"} {
		resp := setupCall(t, c, component(settingsOf(t, s, guildA), member1, false, id))
		if !resp.Ephemeral || resp.Content == "" {
			t.Errorf("%s: %+v, want a kind ephemeral reply", id, resp)
		}
	}
}

func TestGuidelinesEditWhenPostIsGone(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingGuidelinesMessage, channel2+"/900000000000000077")
	f := &failingEdits{fakeDiscord: setupFake()}
	c := commands.Guidelines(s, f, nil)
	resp := setupCall(t, c, modal(settingsOf(t, s, guildA), mod1, true, "gl-edit", map[string]string{"text": "New words"}))
	if !strings.Contains(resp.Content, "Saved.") || !strings.Contains(resp.Content, "couldn't update the copy posted in <#"+channel2+">") {
		t.Errorf("reply: %q", resp.Content)
	}
	if got := settingsOf(t, s, guildA).Get(data.SettingGuidelines); got != "New words" {
		t.Errorf("guidelines=%q; a missing post must not stop the save", got)
	}
}

// failingEdits is a fake Discord whose messages were deleted.
type failingEdits struct{ *fakeDiscord }

func (f *failingEdits) EditMessage(ctx context.Context, channelID, messageID string, msg *discordgo.MessageEdit) error {
	return io.ErrUnexpectedEOF
}
