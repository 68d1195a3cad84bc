package commands_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Test IDs shared by the feature tests.
const (
	guildA   = "100000000000000001"
	guildB   = "100000000000000002"
	member1  = "200000000000000001"
	member2  = "200000000000000002"
	mod1     = "200000000000000009"
	channel1 = "300000000000000001"
	channel2 = "300000000000000002"
	role1    = "400000000000000001"
)

// testNow is the fixed time commands tests run at.
var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// newStore opens a real SQLite store in a temporary directory.
func newStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "kindred.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	s.Now = func() time.Time { return testNow }
	t.Cleanup(func() { s.Close() })
	return s
}

// sentMessage is one message fakeDiscord was asked to send.
type sentMessage struct {
	ChannelID string
	UserID    string // for DMs
	ID        string
	Msg       *discordgo.MessageSend
}

// fakeDiscord records what features send. Permissions default to
// everything; set Perms[channelID] to restrict.
type fakeDiscord struct {
	mu       sync.Mutex
	Sent     []sentMessage
	Edited   map[string]*discordgo.MessageEdit
	Deleted  []string
	Perms    map[string]int64
	Channels map[string]*discordgo.Channel // by ID; missing = a text channel in guildA
	ClosedDM map[string]bool
	FailSend error
	next     int
}

func newFakeDiscord() *fakeDiscord {
	return &fakeDiscord{Edited: map[string]*discordgo.MessageEdit{}, Perms: map[string]int64{}, Channels: map[string]*discordgo.Channel{}, ClosedDM: map[string]bool{}}
}

func (f *fakeDiscord) SendMessage(ctx context.Context, channelID string, msg *discordgo.MessageSend) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailSend != nil {
		return "", f.FailSend
	}
	f.next++
	id := fmt.Sprintf("9%017d", f.next)
	f.Sent = append(f.Sent, sentMessage{ChannelID: channelID, ID: id, Msg: msg})
	return id, nil
}

func (f *fakeDiscord) EditMessage(ctx context.Context, channelID, messageID string, msg *discordgo.MessageEdit) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Edited[messageID] = msg
	return nil
}

func (f *fakeDiscord) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Deleted = append(f.Deleted, messageID)
	return nil
}

func (f *fakeDiscord) SendDM(ctx context.Context, userID string, msg *discordgo.MessageSend) (string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ClosedDM[userID] {
		return "dm-" + userID, "", fmt.Errorf("DM user %s: HTTP 403 Forbidden, {\"message\": \"Cannot send messages to this user\", \"code\": 50007}", userID)
	}
	f.next++
	id := fmt.Sprintf("9%017d", f.next)
	f.Sent = append(f.Sent, sentMessage{ChannelID: "dm-" + userID, UserID: userID, ID: id, Msg: msg})
	return "dm-" + userID, id, nil
}

func (f *fakeDiscord) BotPermissions(guildID, channelID string) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p, ok := f.Perms[channelID]; ok {
		return p, nil
	}
	return discordgo.PermissionAll, nil
}

func (f *fakeDiscord) Channel(guildID, channelID string) (*discordgo.Channel, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.Channels[channelID]
	if !ok {
		ch = &discordgo.Channel{ID: channelID, GuildID: guildA, Name: "general", Type: discordgo.ChannelTypeGuildText}
	}
	if ch.GuildID != guildID {
		return nil, fmt.Errorf("channel %s is not in server %s", channelID, guildID)
	}
	return ch, nil
}

var _ commands.Discord = (*fakeDiscord)(nil)

// opt is one option of a slash command request.
type opt struct {
	Name  string
	Value any
}

// slash builds the Request for /name [sub...] with options, as the bot
// would: sub is "" or "history" or "prompts add".
func slash(st data.Settings, userID string, moderator bool, name, sub string, opts ...opt) *commands.Request {
	return commandRequest(discordgo.InteractionApplicationCommand, st, userID, moderator, name, sub, opts...)
}

// autocomplete builds an autocomplete Request; the option named focused is focused.
func autocomplete(st data.Settings, userID string, name, sub, focused string, opts ...opt) *commands.Request {
	return autocompleteAs(false, st, userID, name, sub, focused, opts...)
}

// modAutocomplete is autocomplete by a moderator.
func modAutocomplete(st data.Settings, userID string, name, sub, focused string, opts ...opt) *commands.Request {
	return autocompleteAs(true, st, userID, name, sub, focused, opts...)
}

func autocompleteAs(moderator bool, st data.Settings, userID string, name, sub, focused string, opts ...opt) *commands.Request {
	r := commandRequest(discordgo.InteractionApplicationCommandAutocomplete, st, userID, moderator, name, sub, opts...)
	leaf := r.Interaction.Data.(discordgo.ApplicationCommandInteractionData).Options
	for len(leaf) == 1 && (leaf[0].Type == discordgo.ApplicationCommandOptionSubCommand || leaf[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		leaf = leaf[0].Options
	}
	for _, o := range leaf {
		o.Focused = o.Name == focused
	}
	return r
}

func commandRequest(kind discordgo.InteractionType, st data.Settings, userID string, moderator bool, name, sub string, opts ...opt) *commands.Request {
	var leaf []*discordgo.ApplicationCommandInteractionDataOption
	for _, o := range opts {
		v := o.Value
		typ := discordgo.ApplicationCommandOptionString
		switch x := v.(type) {
		case int:
			v, typ = float64(x), discordgo.ApplicationCommandOptionInteger
		case float64:
			typ = discordgo.ApplicationCommandOptionNumber
		case bool:
			typ = discordgo.ApplicationCommandOptionBoolean
		}
		leaf = append(leaf, &discordgo.ApplicationCommandInteractionDataOption{Name: o.Name, Type: typ, Value: v})
	}
	top := leaf
	if sub != "" {
		parts := splitWords(sub)
		s := &discordgo.ApplicationCommandInteractionDataOption{Name: parts[len(parts)-1], Type: discordgo.ApplicationCommandOptionSubCommand, Options: leaf}
		top = []*discordgo.ApplicationCommandInteractionDataOption{s}
		if len(parts) == 2 {
			top = []*discordgo.ApplicationCommandInteractionDataOption{{Name: parts[0], Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: top}}
		}
	}
	i := &discordgo.Interaction{
		ID: "500000000000000001", Type: kind, GuildID: st.GuildID, ChannelID: channel1,
		Member: &discordgo.Member{User: &discordgo.User{ID: userID, Username: "user" + userID[len(userID)-2:]}},
		Data:   discordgo.ApplicationCommandInteractionData{Name: name, Options: top},
	}
	return &commands.Request{Interaction: i, GuildID: st.GuildID, ChannelID: channel1, User: i.Member.User, IsModerator: moderator, Settings: st, Now: testNow}
}

// component builds the Request for a button or select with customID; args
// are what the bot passes after the routing key.
func component(st data.Settings, userID string, moderator bool, customID string, values ...string) *commands.Request {
	i := &discordgo.Interaction{
		ID: "500000000000000002", Type: discordgo.InteractionMessageComponent, GuildID: st.GuildID, ChannelID: channel1,
		Member:  &discordgo.Member{User: &discordgo.User{ID: userID}},
		Message: &discordgo.Message{ID: "600000000000000001", ChannelID: channel1},
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, Values: values},
	}
	return &commands.Request{Interaction: i, GuildID: st.GuildID, ChannelID: channel1, User: i.Member.User, IsModerator: moderator, Settings: st, Now: testNow, Args: splitColon(customID)[1:]}
}

// modal builds the Request for a modal submission with text input values.
func modal(st data.Settings, userID string, moderator bool, customID string, fields map[string]string) *commands.Request {
	var rows []discordgo.MessageComponent
	for id, v := range fields {
		rows = append(rows, &discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: id, Value: v}}})
	}
	i := &discordgo.Interaction{
		ID: "500000000000000003", Type: discordgo.InteractionModalSubmit, GuildID: st.GuildID, ChannelID: channel1,
		Member: &discordgo.Member{User: &discordgo.User{ID: userID}},
		Data:   discordgo.ModalSubmitInteractionData{CustomID: customID, Components: rows},
	}
	return &commands.Request{Interaction: i, GuildID: st.GuildID, ChannelID: channel1, User: i.Member.User, IsModerator: moderator, Settings: st, Now: testNow, Args: splitColon(customID)[1:]}
}

// settingsOf loads a server's settings or fails the test.
func settingsOf(t *testing.T, s *data.Store, guildID string) data.Settings {
	t.Helper()
	st, err := s.Settings(context.Background(), guildID)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func splitWords(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		if r == ' ' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		cur += string(r)
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

func splitColon(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		if r == ':' {
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(r)
	}
	return append(out, cur)
}

// OpenDM returns the fake DM channel of userID ("dm-" + the ID).
func (f *fakeDiscord) OpenDM(ctx context.Context, userID string) (string, error) {
	return "dm-" + userID, nil
}
