package bot

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// decodeComponents decodes a JSON array of components as discordgo does.
func decodeComponents(t *testing.T, b []byte) []discordgo.MessageComponent {
	t.Helper()
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	out := make([]discordgo.MessageComponent, len(raws))
	for i, r := range raws {
		c, err := discordgo.MessageComponentFromJSON(r)
		if err != nil {
			t.Fatalf("decode %s: %v", r, err)
		}
		out[i] = c
	}
	return out
}

func TestLeanComponentsDecodeAsDiscordgos(t *testing.T) {
	zero, two := 0, 2
	feelings := discordgo.SelectMenu{CustomID: "ci-feel:1", Placeholder: "How else are you feeling?", MinValues: &zero, MaxValues: 3,
		Options: []discordgo.SelectMenuOption{
			{Label: "calm", Value: "calm"},
			{Label: "tired", Value: "tired", Default: true},
			{Label: "proud", Value: "proud", Description: "of something", Emoji: &discordgo.ComponentEmoji{Name: "🌱"}},
		}}
	tests := []struct {
		name string
		cs   []discordgo.MessageComponent
	}{
		{"check-in reply", []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{feelings}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Add a note", Emoji: &discordgo.ComponentEmoji{Name: "📝"}, Style: discordgo.SecondaryButton, CustomID: "ci-note:1"},
				discordgo.Button{Label: "See it", Style: discordgo.LinkButton, URL: "https://discord.com/channels/1/2/3"},
			}},
		}},
		{"button without a style, disabled, with an ID", []discordgo.MessageComponent{
			&discordgo.ActionsRow{ID: 7, Components: []discordgo.MessageComponent{
				&discordgo.Button{Label: "Go", CustomID: "go", Disabled: true, ID: 8},
				discordgo.Button{Emoji: &discordgo.ComponentEmoji{ID: "123", Name: "wave", Animated: true}, CustomID: "wave", Style: discordgo.DangerButton},
			}},
		}},
		{"auto-populated menus", []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
				MenuType: discordgo.ChannelSelectMenu, CustomID: "ch", ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText},
				DefaultValues: []discordgo.SelectMenuDefaultValue{{ID: "5", Type: discordgo.SelectMenuDefaultValueChannel}},
			}}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.SelectMenu{
				MenuType: discordgo.RoleSelectMenu, CustomID: "roles", MinValues: &two, MaxValues: 5, Disabled: true,
			}}},
		}},
		{"premium button", []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Style: discordgo.PremiumButton, SKUID: "99"}}},
		}},
		{"a text input row is kept as it is", []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "note", Label: "Note", Style: discordgo.TextInputParagraph}}},
		}},
		{"none", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lean, err := json.Marshal(leanComponents(tt.cs))
			if err != nil {
				t.Fatal(err)
			}
			full, err := json.Marshal(tt.cs)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := decodeComponents(t, lean), decodeComponents(t, full); !reflect.DeepEqual(got, want) {
				t.Errorf("lean decodes as\n%#v\nwant\n%#v\nlean: %s\nfull: %s", got, want, lean, full)
			}
			// On the wire: every field discordgo writes is written alike,
			// or left out only where Discord reads its absence the same.
			var l, f any
			if err := json.Unmarshal(lean, &l); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(full, &f); err != nil {
				t.Fatal(err)
			}
			if diff := wireDiff(l, f, ""); diff != "" {
				t.Errorf("lean differs from discordgo's at %s\nlean: %s\nfull: %s", diff, lean, full)
			}
		})
	}
}

// omittable are the fields discordgo writes at their zero value that
// Discord reads the same when they are left out.
var omittable = map[string]any{"label": "", "placeholder": "", "description": "", "default": false, "disabled": false}

// wireDiff returns where lean, decoded JSON, differs from full other than
// by leaving out an omittable field at its zero value ("" if nowhere).
func wireDiff(lean, full any, at string) string {
	switch f := full.(type) {
	case map[string]any:
		l, ok := lean.(map[string]any)
		if !ok {
			return at
		}
		for k, fv := range f {
			lv, has := l[k]
			if !has {
				if zero, ok := omittable[k]; !ok || fv != zero {
					return at + "." + k + " (left out)"
				}
				continue
			}
			if d := wireDiff(lv, fv, at+"."+k); d != "" {
				return d
			}
		}
		for k := range l {
			if _, has := f[k]; !has {
				return at + "." + k + " (added)"
			}
		}
	case []any:
		l, ok := lean.([]any)
		if !ok || len(l) != len(f) {
			return at
		}
		for i := range f {
			if d := wireDiff(l[i], f[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(lean, full) {
			return at
		}
	}
	return ""
}

// A text input left without "required" is required on Discord, though
// discordgo decodes it as not: it must keep discordgo's "required":false.
func TestLeanComponentsKeepTextInputsRequiredFlag(t *testing.T) {
	cs := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.TextInput{CustomID: "note", Label: "Note", Style: discordgo.TextInputParagraph, Required: false}}}}
	b, err := json.Marshal(leanComponents(cs))
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Components []map[string]any `json:"components"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if v, ok := rows[0].Components[0]["required"]; !ok || v != false {
		t.Errorf("text input written as %s, want \"required\":false kept", b)
	}
}

func TestLeanComponentsAreSmaller(t *testing.T) {
	zero := 0
	var opts []discordgo.SelectMenuOption
	for _, f := range []string{"calm", "tired", "sad", "hopeful"} {
		opts = append(opts, discordgo.SelectMenuOption{Label: f, Value: f})
	}
	cs := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.SelectMenu{CustomID: "ci-feel:1", MinValues: &zero, MaxValues: len(opts), Options: opts}}}}
	lean, _ := json.Marshal(leanComponents(cs))
	full, _ := json.Marshal(cs)
	if len(lean) >= len(full)*3/4 {
		t.Errorf("lean is %d bytes, discordgo's %d: want at least a quarter less\nlean: %s", len(lean), len(full), lean)
	}
}
