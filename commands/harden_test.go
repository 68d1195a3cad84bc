package commands_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// components returns every component handler of the commands All builds.
func allComponents(t *testing.T) map[string]commands.Component {
	t.Helper()
	out := map[string]commands.Component{}
	for _, c := range commands.All(commands.Deps{Store: newStore(t), Discord: newFakeDiscord()}) {
		for k, comp := range c.Components {
			out[k] = comp
		}
	}
	return out
}

// The handlers All returns check for themselves what the router checks:
// a member can't use a moderator's form or button, and a button whose
// custom ID is not on its message is refused.
func TestAllHandlersCheckModeratorAndMessageThemselves(t *testing.T) {
	comps := allComponents(t)
	st := settingsOf(t, newStore(t), guildA)
	for _, key := range []string{"res-add", "gl-edit", "setup-tab"} {
		comp, ok := comps[key]
		if !ok {
			t.Fatalf("no component %s", key)
		}
		resp, err := comp.Handle(context.Background(), modal(st, member1, false, key+":x", map[string]string{"text": "hello"}))
		if err != nil || !strings.Contains(resp.Content, "Only moderators") {
			t.Errorf("%s by a member: %+v, %v", key, resp, err)
		}
	}
	// A crafted encouragement button on a message that doesn't carry it.
	resp, err := comps["ms-cheer"].Handle(context.Background(), component(st, member2, false, "ms-cheer:1"))
	if err != nil || !strings.Contains(resp.Content, "don't recognise that button") {
		t.Fatalf("crafted button: %+v, %v", resp, err)
	}
	// The same button on its message reaches the handler.
	req := component(st, member2, false, "ms-cheer:1")
	req.Interaction.Message.Components = []discordgo.MessageComponent{&discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		&discordgo.Button{CustomID: "ms-cheer:1", Label: "Send encouragement"}}}}
	resp, err = comps["ms-cheer"].Handle(context.Background(), req)
	if err != nil || strings.Contains(resp.Content, "don't recognise that button") {
		t.Fatalf("real button: %+v, %v", resp, err)
	}
}

// KeepTyped hands back what a member typed when a form's handler fails
// or panics, in the reply when short and as a file when long.
func TestKeepTypedHandsBackTheForm(t *testing.T) {
	st := settingsOf(t, newStore(t), guildA)
	failing := commands.KeepTyped(func(context.Context, *commands.Request) (*commands.Response, error) {
		return nil, errors.New("disk I/O error")
	})
	panicking := commands.KeepTyped(func(context.Context, *commands.Request) (*commands.Response, error) {
		panic("boom")
	})
	long := strings.Repeat("word ", 1000)
	for _, tc := range []struct {
		name     string
		h        commands.Handler
		text     string
		wantFile bool
	}{
		{"error", failing, "my short note", false},
		{"panic", panicking, "my short note", false},
		{"long", failing, long, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tc.h(context.Background(), modal(st, member1, false, "ci-notesave:1", map[string]string{"note": tc.text}))
			if err != nil || resp == nil || !resp.Ephemeral || !strings.Contains(resp.Content, "reference") {
				t.Fatalf("resp %+v, err %v", resp, err)
			}
			if tc.wantFile {
				if len(resp.Files) != 1 {
					t.Fatalf("%d files, want 1", len(resp.Files))
				}
				return
			}
			if len(resp.Embeds) != 1 || resp.Embeds[0].Description != tc.text {
				t.Fatalf("embeds %+v", resp.Embeds)
			}
		})
	}
}

// A moderator's command sent from a DM (Discord doesn't offer it there,
// but a stale client can send it) is answered with where it works, not
// refused as if the sender were no moderator; the handler never runs
// without a server.
func TestModeratorCommandFromADMSaysWhereItWorks(t *testing.T) {
	for _, c := range commands.All(commands.Deps{Store: newStore(t), Discord: newFakeDiscord()}) {
		if c.Definition.Name != "mod-meetings" {
			continue
		}
		req := slash(data.Settings{}, member1, true, "mod-meetings", "create")
		req.GuildID, req.Interaction.GuildID = "", ""
		resp, err := c.Handle(context.Background(), req)
		if err != nil || !strings.Contains(resp.Content, "Moderators use `/mod-meetings` in their server, not here.") {
			t.Fatalf("/mod-meetings create from a DM: %+v, %v", resp, err)
		}
		return
	}
	t.Fatal("no /mod-meetings command")
}
