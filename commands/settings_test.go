package commands_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the binary embeds tzdata too; zones must load without the host's

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Channels the set-up tests use beyond helpers_test.go's.
const (
	suVoice    = "300000000000000011" // a voice channel in guildA
	suNoPerms  = "300000000000000012" // Kindred may only view it
	suPrivate  = "300000000000000013" // hidden from @everyone
	suChannelB = "300000000000000021" // a channel of guildB
	suRoleB    = "400000000000000002"
)

// setupFake is a fake Discord with the channels above.
func setupFake() *fakeDiscord {
	f := newFakeDiscord()
	f.Channels[suVoice] = &discordgo.Channel{ID: suVoice, GuildID: guildA, Name: "voice", Type: discordgo.ChannelTypeGuildVoice}
	f.Channels[suNoPerms] = &discordgo.Channel{ID: suNoPerms, GuildID: guildA, Name: "locked", Type: discordgo.ChannelTypeGuildText}
	f.Perms[suNoPerms] = discordgo.PermissionViewChannel
	f.Channels[suPrivate] = &discordgo.Channel{ID: suPrivate, GuildID: guildA, Name: "mods", Type: discordgo.ChannelTypeGuildText,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{{ID: guildA, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel}}}
	f.Channels[suChannelB] = &discordgo.Channel{ID: suChannelB, GuildID: guildB, Name: "b-general", Type: discordgo.ChannelTypeGuildText}
	return f
}

// setupCall answers req with the handler c routes it to, as the bot would.
func setupCall(t *testing.T, c *commands.Command, req *commands.Request) *commands.Response {
	t.Helper()
	var h commands.Handler
	switch req.Interaction.Type {
	case discordgo.InteractionApplicationCommand:
		h = c.Handle
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = c.Autocomplete
	case discordgo.InteractionMessageComponent:
		h = c.Components[strings.Split(req.Interaction.MessageComponentData().CustomID, ":")[0]].Handle
	case discordgo.InteractionModalSubmit:
		h = c.Components[strings.Split(req.Interaction.ModalSubmitData().CustomID, ":")[0]].Handle
	}
	if h == nil {
		t.Fatalf("no handler for %v", req.Interaction.Type)
	}
	resp, err := h(context.Background(), req)
	if err != nil {
		t.Fatalf("handler: %v", err)
	}
	if resp == nil {
		t.Fatal("handler returned no response")
	}
	return resp
}

func setSetting(t *testing.T, s *data.Store, guildID, key, value string) {
	t.Helper()
	if _, err := s.SetSetting(context.Background(), guildID, mod1, key, value); err != nil {
		t.Fatal(err)
	}
}

func historyOf(t *testing.T, s *data.Store, guildID string) []data.SettingChange {
	t.Helper()
	h, err := s.SettingsHistory(context.Background(), guildID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestTimeZonesAreValid(t *testing.T) {
	zones := commands.TimeZones()
	if len(zones) < 400 {
		t.Fatalf("%d time zones, want at least 400", len(zones))
	}
	if !sort.StringsAreSorted(zones) {
		t.Error("time zones are not sorted")
	}
	seen := map[string]bool{}
	for _, z := range zones {
		if seen[z] {
			t.Errorf("%s listed twice", z)
		}
		seen[z] = true
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("time zone %q does not load: %v", z, err)
		}
		if got, err := data.NormalizeSetting(data.SettingTimeZone, z); err != nil || got != z {
			t.Errorf("NormalizeSetting(%q) = %q, %v", z, got, err)
		}
	}
	for _, want := range []string{"UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"} {
		if !seen[want] {
			t.Errorf("%s is missing", want)
		}
	}
}

func TestSettingsSet(t *testing.T) {
	tests := []struct {
		name, key, value string
		wantReply        []string
		wantStored       string // "" = the setting stays at its default
		notReply         []string
	}{
		{"time zone", data.SettingTimeZone, "Europe/London", []string{"Saved", "Europe/London (now 12:00)", "it was UTC"}, "Europe/London", nil},
		{"time zone any case", data.SettingTimeZone, "america/new_york", []string{"America/New_York (now 07:00)"}, "America/New_York", nil},
		{"unknown time zone", data.SettingTimeZone, "Mars/Olympus", []string{"I don't know the time zone \"Mars/Olympus\""}, "", []string{"Saved"}},
		{"time zone by city", data.SettingTimeZone, "kolkata", []string{"Did you mean", "Asia/Kolkata (now 17:30)"}, "", []string{"Saved"}},
		{"unknown key", "colour", "blue", []string{"no setting called \"colour\"", "/settings show"}, "", nil},
		{"internal key", data.SettingGuidelinesMessage, "1/2", []string{"no setting called"}, "", nil},
		{"guidelines have their own form", data.SettingGuidelines, "Be kind", []string{"/mod-guidelines edit"}, "", nil},
		{"channel by mention", data.SettingCheckinChannel, "<#" + channel2 + ">", []string{"Saved", "Check-in channel is now <#" + channel2 + ">", "it was not set"}, channel2, nil},
		{"channel by ID", data.SettingMeetingsChannel, channel2, []string{"Saved"}, channel2, nil},
		{"channel name is not an ID", data.SettingCheckinChannel, "general", []string{"needs a channel", "general"}, "", nil},
		{"channel without permissions", data.SettingCheckinChannel, suNoPerms, []string{"<#" + suNoPerms + ">", "**Send Messages** and **Embed Links** permissions", "Nothing was changed"}, "", []string{"View Channel"}},
		{"voice channel", data.SettingCelebrationsChannel, suVoice, []string{"is a voice channel", "the celebrations channel needs a text, announcement or forum channel"}, "", nil},
		{"another server's channel", data.SettingPromptsChannel, suChannelB, []string{"I can't find <#" + suChannelB + "> in this server"}, "", nil},
		{"public alerts channel warns", data.SettingAlertsChannel, channel2, []string{"Saved", "Heads up", "everyone in the server can see"}, channel2, nil},
		{"private alerts channel", data.SettingAlertsChannel, suPrivate, []string{"Saved"}, suPrivate, []string{"Heads up"}},
		{"role", data.SettingModeratorRole, "<@&" + role1 + ">", []string{"Moderator role is now <@&" + role1 + ">"}, role1, nil},
		{"@everyone is not a moderator role", data.SettingModeratorRole, guildA, []string{"can't be @everyone"}, "", nil},
		{"feature off", data.FeatureMeetings, "off", []string{"Meetings is now off (it was on)"}, "off", nil},
		{"feature nonsense", data.FeatureMeetings, "maybe", []string{"on or off", "maybe"}, "", nil},
		{"number out of range", data.SettingResourceStaleMonths, "40", []string{"from 1 to 36"}, "", nil},
		{"country", data.SettingCountry, "gb", []string{"is now United Kingdom (GB)"}, "GB", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			c := commands.Settings(s, setupFake())
			resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "set", opt{"key", tt.key}, opt{"value", tt.value}))
			if !resp.Ephemeral {
				t.Error("reply is public, want ephemeral")
			}
			for _, want := range tt.wantReply {
				if !strings.Contains(resp.Content, want) {
					t.Errorf("reply does not contain %q:\n%s", want, resp.Content)
				}
			}
			for _, not := range tt.notReply {
				if strings.Contains(resp.Content, not) {
					t.Errorf("reply contains %q:\n%s", not, resp.Content)
				}
			}
			st := settingsOf(t, s, guildA)
			if d, ok := data.LookupSetting(tt.key); ok {
				if got, set := st.Get(tt.key), st.IsSet(tt.key); tt.wantStored == "" && set {
					t.Errorf("%s was saved as %q, want it left at its default", tt.key, got)
				} else if tt.wantStored != "" && got != tt.wantStored {
					t.Errorf("%s=%q, want %q (default %q)", tt.key, got, tt.wantStored, d.Default)
				}
			}
			wantHistory := 0
			if tt.wantStored != "" {
				wantHistory = 1
			}
			if got := len(historyOf(t, s, guildA)); got != wantHistory {
				t.Errorf("history has %d entries, want %d", got, wantHistory)
			}
		})
	}
}

func TestSettingsSetSameValueChangesNothing(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingTimeZone, "Europe/Paris")
	c := commands.Settings(s, setupFake())
	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "set", opt{"key", data.SettingTimeZone}, opt{"value", "Europe/Paris"}))
	if !strings.Contains(resp.Content, "already") {
		t.Errorf("reply=%q, want it to say the value is already set", resp.Content)
	}
	if got := len(historyOf(t, s, guildA)); got != 1 {
		t.Errorf("history has %d entries, want 1", got)
	}
}

func TestSettingsShow(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingTimeZone, "Asia/Tokyo")
	setSetting(t, s, guildA, data.SettingCheckinChannel, channel2)
	setSetting(t, s, guildA, data.SettingGuidelinesMessage, channel2+"/900000000000000001")
	c := commands.Settings(s, setupFake())
	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "show"))
	if !resp.Ephemeral {
		t.Error("reply is public, want ephemeral")
	}
	if len(resp.Content) > 2000 {
		t.Errorf("reply has %d characters, over Discord's 2000", len(resp.Content))
	}
	for _, want := range []string{
		"Server time zone: Asia/Tokyo (now 21:00)\n",
		"Check-in channel: <#" + channel2 + ">\n",
		"Celebrations channel: not set (default)",
		"Meetings: on (default)",
		"Community guidelines: Kindred's default",
		"Months before a resource needs re-checking: 6 (default)",
	} {
		if !strings.Contains(resp.Content, want) {
			t.Errorf("reply does not contain %q:\n%s", want, resp.Content)
		}
	}
	if strings.Contains(resp.Content, "Posted guidelines message") {
		t.Errorf("reply shows Kindred's internal record:\n%s", resp.Content)
	}
}

func TestSettingsReset(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingTimeZone, "Asia/Tokyo")
	c := commands.Settings(s, setupFake())

	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "reset", opt{"key", data.SettingTimeZone}))
	if want := "Server time zone is back to its default: UTC (it was Asia/Tokyo)."; resp.Content != want {
		t.Errorf("reply=%q, want %q", resp.Content, want)
	}
	if st := settingsOf(t, s, guildA); st.IsSet(data.SettingTimeZone) {
		t.Error("time zone is still set after reset")
	}
	if h := historyOf(t, s, guildA); len(h) != 2 || h[0].NewValue != "UTC" {
		t.Errorf("history=%+v, want the reset recorded", h)
	}

	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "reset", opt{"key", data.SettingTimeZone}))
	if !strings.Contains(resp.Content, "already at its default") {
		t.Errorf("second reset reply=%q", resp.Content)
	}
	for _, key := range []string{"colour", data.SettingGuidelinesMessage} {
		resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "reset", opt{"key", key}))
		if !strings.Contains(resp.Content, "no setting called") {
			t.Errorf("reset %s reply=%q", key, resp.Content)
		}
	}
	if got := len(historyOf(t, s, guildA)); got != 2 {
		t.Errorf("history has %d entries, want 2", got)
	}
}

func TestSettingsHistory(t *testing.T) {
	s := newStore(t)
	c := commands.Settings(s, setupFake())
	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "history"))
	if !strings.Contains(resp.Content, "No one has changed a setting") {
		t.Errorf("empty history reply=%q", resp.Content)
	}

	setSetting(t, s, guildA, data.SettingTimeZone, "Europe/London")
	setSetting(t, s, guildA, data.SettingGuidelines, "Our own private words")
	setSetting(t, s, guildA, data.SettingGuidelinesMessage, channel2+"/900000000000000001")
	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "history"))
	if !resp.Ephemeral || resp.Mentions != nil {
		t.Errorf("history reply ephemeral=%v mentions=%v, want ephemeral with no pings", resp.Ephemeral, resp.Mentions)
	}
	for _, want := range []string{
		fmt.Sprintf("<t:%d:R> <@%s> Server time zone: UTC → Europe/London", testNow.Unix(), mod1),
		"changed the community guidelines",
		"posted the guidelines in <#" + channel2 + ">",
	} {
		if !strings.Contains(resp.Content, want) {
			t.Errorf("history does not contain %q:\n%s", want, resp.Content)
		}
	}
	if strings.Contains(resp.Content, "private words") {
		t.Errorf("history shows the guidelines text itself:\n%s", resp.Content)
	}

	// A long history lists the newest 20 and stays within Discord's limit.
	for i := range 40 {
		setSetting(t, s, guildA, data.FeatureMeetings, []string{"off", "on"}[i%2])
	}
	resp = setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "settings", "history"))
	if len(resp.Content) > 2000 {
		t.Errorf("reply has %d characters, over Discord's 2000", len(resp.Content))
	}
	if got := strings.Count(resp.Content, "> Meetings: "); got != 20 {
		t.Errorf("history lists %d changes, want the newest 20:\n%s", got, resp.Content)
	}
	if strings.Contains(resp.Content, "Server time zone") {
		t.Errorf("history lists changes older than the newest 20:\n%s", resp.Content)
	}
}

func TestSettingsAutocomplete(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingTimeZone, "Pacific/Auckland")
	c := commands.Settings(s, setupFake())
	tests := []struct {
		name, key, typed, focused string
		wantFirst                 string // value of the first choice; "" = no choices
		wantName                  string
	}{
		{"city", data.SettingTimeZone, "london", "value", "Europe/London", "Europe/London (now 12:00)"},
		{"spaces for underscores", data.SettingTimeZone, "new york", "value", "America/New_York", "America/New_York (now 07:00)"},
		{"exact name first", data.SettingTimeZone, "europe/paris", "value", "Europe/Paris", "Europe/Paris (now 13:00)"},
		{"nothing typed offers the current zone", data.SettingTimeZone, "", "value", "Pacific/Auckland", "Pacific/Auckland (now 01:00)"},
		{"no match", data.SettingTimeZone, "zzzz", "value", "", ""},
		{"feature", data.FeatureCheckins, "", "value", "on", "on"},
		{"channel has no suggestions", data.SettingCheckinChannel, "gen", "value", "", ""},
		{"key suggests settings by label", "time zone", "", "key", data.SettingTimeZone, "Server time zone"},
		{"key with no match", "zzzz", "", "key", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := setupCall(t, c, autocomplete(settingsOf(t, s, guildA), mod1, "settings", "set", tt.focused, opt{"key", tt.key}, opt{"value", tt.typed}))
			if resp.Choices == nil {
				t.Fatal("Choices is nil; an autocomplete answer needs a (possibly empty) list")
			}
			if len(resp.Choices) > 25 {
				t.Errorf("%d choices, Discord allows 25", len(resp.Choices))
			}
			for _, ch := range resp.Choices {
				if len(ch.Name) > 100 {
					t.Errorf("choice name %q over 100 characters", ch.Name)
				}
			}
			if tt.wantFirst == "" {
				if len(resp.Choices) != 0 {
					t.Errorf("choices=%v, want none", resp.Choices)
				}
				return
			}
			if len(resp.Choices) == 0 {
				t.Fatalf("no choices, want %s first", tt.wantFirst)
			}
			if got := resp.Choices[0]; got.Value != tt.wantFirst || got.Name != tt.wantName {
				t.Errorf("first choice=%q (%v), want %q (%s)", got.Name, got.Value, tt.wantName, tt.wantFirst)
			}
		})
	}
}

func TestSetupCommandsDefinitions(t *testing.T) {
	s := newStore(t)
	f := setupFake()
	cmds := map[string]*commands.Command{
		"setup":      commands.Setup(s, f),
		"settings":   commands.Settings(s, f),
		"guidelines": commands.Guidelines(s, f, nil),
	}
	var checkOptions func(path string, opts []*discordgo.ApplicationCommandOption)
	checkName := func(kind, name, desc string) {
		if name == "" || len(name) > 32 || strings.ToLower(name) != name || strings.ContainsAny(name, " :") {
			t.Errorf("%s name %q is not 1-32 lowercase characters", kind, name)
		}
		if desc == "" || len([]rune(desc)) > 100 {
			t.Errorf("%s %q description has %d characters, want 1-100", kind, name, len([]rune(desc)))
		}
	}
	checkOptions = func(path string, opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			checkName("option of "+path, o.Name, o.Description)
			if len(o.Choices) > 25 {
				t.Errorf("%s %s has %d choices, Discord allows 25", path, o.Name, len(o.Choices))
			}
			for _, ch := range o.Choices {
				if len(ch.Name) > 100 || ch.Name == "" {
					t.Errorf("%s %s choice %q is not 1-100 characters", path, o.Name, ch.Name)
				}
			}
			checkOptions(path+" "+o.Name, o.Options)
		}
	}
	for name, c := range cmds {
		if c.Definition.Name != name {
			t.Errorf("command %q is named %q", name, c.Definition.Name)
		}
		checkName("command", c.Definition.Name, c.Definition.Description)
		checkOptions(name, c.Definition.Options)
	}

	// Moderators only, checked by the bot from these fields.
	if !cmds["setup"].Moderator || !cmds["settings"].Moderator {
		t.Error("/setup and /settings must be moderator commands")
	}
	if cmds["guidelines"].Moderator {
		t.Error("/guidelines show is for everyone")
	}
	for _, sub := range []string{"edit", "reset", "post", "acknowledgements"} {
		found := false
		for _, m := range cmds["guidelines"].ModeratorSubcommands {
			found = found || m == sub
		}
		if !found {
			t.Errorf("/guidelines %s is not a moderator subcommand", sub)
		}
	}
	for key, comp := range cmds["setup"].Components {
		if !comp.Moderator {
			t.Errorf("setup component %s is not moderator-only", key)
		}
	}
	if g := cmds["guidelines"].Components; !g["gl-edit"].Moderator || g["gl-ack"].Moderator {
		t.Error("the guidelines form must be moderator-only and the agree button open to members")
	}
}
