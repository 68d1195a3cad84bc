package commands_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// fakeTalkDiscord adds private threads to fakeDiscord.
type fakeTalkDiscord struct {
	*fakeDiscord
	FailThread error
	Threads    []string
	Members    map[string][]string
}

func (f *fakeTalkDiscord) CreatePrivateThread(ctx context.Context, channelID, name string) (string, error) {
	if f.FailThread != nil {
		return "", f.FailThread
	}
	id := "7000000000000000" + string(rune('0'+len(f.Threads)%10)) + "1"
	f.Threads = append(f.Threads, id)
	return id, nil
}

func (f *fakeTalkDiscord) AddThreadMember(ctx context.Context, threadID, userID string) error {
	f.Members[threadID] = append(f.Members[threadID], userID)
	return nil
}
func (f *fakeTalkDiscord) RemoveThreadMember(ctx context.Context, threadID, userID string) error {
	return nil
}
func (f *fakeTalkDiscord) ArchiveThread(ctx context.Context, threadID string, lock bool) error {
	return nil
}
func (f *fakeTalkDiscord) DeleteThread(ctx context.Context, threadID string) error { return nil }

var _ commands.TalkDiscord = (*fakeTalkDiscord)(nil)

// talkSetUp gives guildA listeners and returns its settings.
func talkSetUp(t *testing.T, s *data.Store) data.Settings {
	t.Helper()
	ctx := context.Background()
	for k, v := range map[string]string{data.SettingListenerRole: role1, data.SettingTalkChannel: channel1, data.SettingListenerChannel: channel2} {
		if _, err := s.SetSetting(ctx, guildA, mod1, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return settingsOf(t, s, guildA)
}

func newTalk(t *testing.T) (*commands.Command, *data.Store, *fakeTalkDiscord) {
	t.Helper()
	s := newStore(t)
	d := &fakeTalkDiscord{fakeDiscord: newFakeDiscord(), Members: map[string][]string{}}
	return commands.Talk(s, d, slog.New(slog.DiscardHandler)), s, d
}

// TestTalkComponentsAnswerForgedInputKindly presses every Talk component
// with custom IDs Kindred never made: each answers, privately, without an
// error and without changing anything.
func TestTalkComponentsAnswerForgedInputKindly(t *testing.T) {
	c, s, d := newTalk(t)
	st := talkSetUp(t, s)
	dm := data.Settings{}
	args := []string{"", ":", ":abc", ":-1", ":999999", ":1:x", ":1:" + strings.Repeat("9", 40), ":" + strings.Repeat("1", 30)}
	for key, comp := range c.Components {
		for _, a := range args {
			for _, settings := range []data.Settings{st, dm} {
				customID := key + a
				var req *commands.Request
				if key == "talk-first" || key == "talk-handnote" {
					req = modal(settings, member1, false, customID, map[string]string{"text": "my words", "note": "my note"})
				} else {
					req = component(settings, member1, false, customID)
				}
				resp, err := comp.Handle(context.Background(), req)
				if err != nil {
					t.Errorf("%s (guild %q): error %v", customID, settings.GuildID, err)
					continue
				}
				if resp == nil || (resp.Modal == nil && !resp.Ephemeral) {
					t.Errorf("%s (guild %q): %+v, want a private answer", customID, settings.GuildID, resp)
				}
			}
		}
	}
	if len(d.Threads) != 0 {
		t.Errorf("forged presses opened %d threads", len(d.Threads))
	}
	for _, m := range d.Sent {
		if m.ChannelID == channel2 {
			t.Errorf("forged presses told the listeners: %q", m.Msg.Content)
		}
	}
}

// TestTalkHandsBackWhatTheMemberWrote checks every failure after the
// member typed: their words come back to them.
func TestTalkHandsBackWhatTheMemberWrote(t *testing.T) {
	const words = "I don't want to lose this"
	tests := []struct {
		name       string
		text       string
		failThread error
		wantIn     string
	}{
		{"words too long", strings.Repeat("a", data.MaxTalkMessage+1), nil, "at most"},
		{"no private threads", words, commands.ErrNoPrivateThreads, "boost level or my permissions"},
		{"Discord trouble", words, errors.New("503"), "try again in a moment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s, d := newTalk(t)
			st := talkSetUp(t, s)
			d.FailThread = tt.failThread
			resp, err := c.Components["talk-first"].Handle(context.Background(), modal(st, member1, false, "talk-first:listen", map[string]string{"text": tt.text}))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(resp.Content, "Nothing is shared") {
				if !strings.Contains(resp.Content, tt.wantIn) || len(resp.Embeds) == 0 || resp.Embeds[0].Description != tt.text {
					t.Fatalf("draft refused with %q, want %q and the words handed back", resp.Content, tt.wantIn)
				}
				return
			}
			send := ""
			for _, row := range resp.Components {
				for _, b := range row.(discordgo.ActionsRow).Components {
					if id := b.(discordgo.Button).CustomID; strings.HasPrefix(id, "talk-send:") && send == "" {
						send = id
					}
				}
			}
			resp, err = c.Components["talk-send"].Handle(context.Background(), component(st, member1, false, send))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(resp.Content, tt.wantIn) || len(resp.Embeds) == 0 || resp.Embeds[0].Description != tt.text {
				t.Errorf("reply %q with %d embeds, want %q and the words handed back", resp.Content, len(resp.Embeds), tt.wantIn)
			}
			if _, err := s.ActiveTalkRequest(context.Background(), guildA, member1); !errors.Is(err, data.ErrNotFound) {
				t.Errorf("a request is open after the failure: %v", err)
			}
		})
	}
}
