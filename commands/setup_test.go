package commands_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// setupMenus returns the message's select menus and buttons by custom ID,
// checking Discord's limits on the way.
func setupMenus(t *testing.T, resp *commands.Response) (map[string]discordgo.SelectMenu, map[string]discordgo.Button) {
	t.Helper()
	if len(resp.Components) > 5 {
		t.Errorf("%d action rows, Discord allows 5", len(resp.Components))
	}
	if len(resp.Content) > 2000 {
		t.Errorf("content has %d characters, Discord allows 2000", len(resp.Content))
	}
	menus, buttons := map[string]discordgo.SelectMenu{}, map[string]discordgo.Button{}
	for _, row := range resp.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			t.Fatalf("top-level component %T, want an action row", row)
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case discordgo.SelectMenu:
				if len(r.Components) != 1 {
					t.Errorf("select %s shares its row", c.CustomID)
				}
				if len(c.CustomID) > 100 || len([]rune(c.Placeholder)) > 150 || len(c.Options) > 25 {
					t.Errorf("select %s is over Discord's limits", c.CustomID)
				}
				for _, o := range c.Options {
					if len([]rune(o.Label)) > 100 || len([]rune(o.Description)) > 100 {
						t.Errorf("option %q of %s is over 100 characters", o.Label, c.CustomID)
					}
				}
				menus[c.CustomID] = c
			case discordgo.Button:
				if len(r.Components) > 5 || len(c.CustomID) > 100 || len([]rune(c.Label)) > 80 {
					t.Errorf("button %s is over Discord's limits", c.CustomID)
				}
				buttons[c.CustomID] = c
			default:
				t.Errorf("unexpected component %T", c)
			}
		}
	}
	return menus, buttons
}

func defaultIDs(m discordgo.SelectMenu) []string {
	var ids []string
	for _, d := range m.DefaultValues {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestSetupShowsEverySectionWithCurrentValues(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingCheckinChannel, channel2)
	setSetting(t, s, guildA, data.SettingModeratorRole, role1)
	setSetting(t, s, guildA, data.SettingTimeZone, "Europe/Berlin")
	setSetting(t, s, guildA, data.FeatureMilestones, "off")
	c := commands.Setup(s, setupFake())

	resp := setupCall(t, c, slash(settingsOf(t, s, guildA), mod1, true, "setup", ""))
	if !resp.Ephemeral || resp.Update {
		t.Errorf("/setup reply ephemeral=%v update=%v, want a new ephemeral message", resp.Ephemeral, resp.Update)
	}
	menus, buttons := setupMenus(t, resp)
	for _, key := range []string{data.SettingCheckinChannel, data.SettingCelebrationsChannel, data.SettingMeetingsChannel, data.SettingPromptsChannel} {
		m, ok := menus["setup-ch:"+key]
		if !ok {
			t.Fatalf("first page has no menu for %s", key)
		}
		// Stories and shares may also go to a forum.
		wantTypes := 2
		if key == data.SettingCheckinChannel || key == data.SettingCelebrationsChannel {
			wantTypes = 3
		}
		if m.MenuType != discordgo.ChannelSelectMenu || len(m.ChannelTypes) != wantTypes || m.MaxValues != 1 {
			t.Errorf("menu for %s: type %v channel types %v max %d, want one of %d kinds of channel", key, m.MenuType, m.ChannelTypes, m.MaxValues, wantTypes)
		}
	}
	if got := defaultIDs(menus["setup-ch:"+data.SettingCheckinChannel]); len(got) != 1 || got[0] != channel2 {
		t.Errorf("check-in menu shows %v, want the saved channel", got)
	}
	if got := defaultIDs(menus["setup-ch:"+data.SettingMeetingsChannel]); len(got) != 0 {
		t.Errorf("meetings menu shows %v, want nothing chosen", got)
	}
	if !strings.Contains(resp.Content, "Check-in channel: <#"+channel2+">") {
		t.Errorf("content does not show the check-in channel:\n%s", resp.Content)
	}
	for _, tab := range []string{"setup-tab:members", "setup-tab:moderators", "setup-tab:general", "setup-done"} {
		if _, ok := buttons[tab]; !ok {
			t.Errorf("no %s button", tab)
		}
	}
	if !buttons["setup-tab:members"].Disabled {
		t.Error("the current page's tab should be disabled")
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tab:moderators"))
	if !resp.Update {
		t.Error("changing page should update the message")
	}
	menus, _ = setupMenus(t, resp)
	if got := defaultIDs(menus["setup-role"]); len(got) != 1 || got[0] != role1 || menus["setup-role"].MenuType != discordgo.RoleSelectMenu {
		t.Errorf("role menu shows %v, want %s", got, role1)
	}
	if _, ok := menus["setup-ch:"+data.SettingAlertsChannel]; !ok {
		t.Error("moderators page has no alerts channel menu")
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tab:general"))
	menus, buttons = setupMenus(t, resp)
	if !strings.Contains(resp.Content, "Europe/Berlin (now 13:00)") {
		t.Errorf("general page does not show the time zone with its local time:\n%s", resp.Content)
	}
	if _, ok := buttons["setup-tz"]; !ok {
		t.Error("general page has no time zone button")
	}
	f := menus["setup-features"]
	if len(f.Options) != 5 || f.MinValues == nil || *f.MinValues != 0 || f.MaxValues != 5 {
		t.Fatalf("features menu: %d options, min %v, max %d", len(f.Options), f.MinValues, f.MaxValues)
	}
	for _, o := range f.Options {
		if want := o.Value != data.FeatureMilestones; o.Default != want {
			t.Errorf("feature %s shown on=%v, want %v", o.Value, o.Default, want)
		}
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tab:nonsense"))
	if menus, _ := setupMenus(t, resp); len(menus) != 4 {
		t.Errorf("an unknown page shows %d menus, want the first page", len(menus))
	}
}

func TestSetupChannelSelect(t *testing.T) {
	tests := []struct {
		name, customID string
		values         []string
		key, wantSaved string // wantSaved "" = not set afterwards
		wantNotice     string
	}{
		{"saves a channel", "setup-ch:" + data.SettingCheckinChannel, []string{channel2}, data.SettingCheckinChannel, channel2, "**Saved.** Check-in channel is now <#" + channel2 + ">."},
		{"missing permissions", "setup-ch:" + data.SettingMeetingsChannel, []string{suNoPerms}, data.SettingMeetingsChannel, "", "**Not saved.** I can't use <#" + suNoPerms + "> yet: I'm missing the **Send Messages** and **Embed Links** permissions there."},
		{"voice channel", "setup-ch:" + data.SettingPromptsChannel, []string{suVoice}, data.SettingPromptsChannel, "", "is a voice channel"},
		{"another server's channel", "setup-ch:" + data.SettingCelebrationsChannel, []string{suChannelB}, data.SettingCelebrationsChannel, "", "I can't find <#" + suChannelB + "> in this server"},
		{"clearing unsets", "setup-ch:" + data.SettingAlertsChannel, nil, data.SettingAlertsChannel, "", "**Saved.** Moderator alerts channel is no longer set."},
		{"public alerts channel warns", "setup-ch:" + data.SettingAlertsChannel, []string{channel2}, data.SettingAlertsChannel, channel2, "Heads up"},
		{"private alerts channel", "setup-ch:" + data.SettingAlertsChannel, []string{suPrivate}, data.SettingAlertsChannel, suPrivate, "**Saved.**"},
		{"unknown menu", "setup-ch:" + data.SettingTimeZone, []string{channel2}, data.SettingTimeZone, "", "I don't recognise that menu"},
		{"not a channel ID", "setup-ch:" + data.SettingCheckinChannel, []string{"general"}, data.SettingCheckinChannel, "", "**Not saved.** Check-in channel needs a channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if tt.values == nil {
				setSetting(t, s, guildA, tt.key, channel1)
			}
			c := commands.Setup(s, setupFake())
			resp := setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, tt.customID, tt.values...))
			if !resp.Update {
				t.Error("a selection should update the set-up message")
			}
			if !strings.Contains(resp.Content, tt.wantNotice) {
				t.Errorf("content does not contain %q:\n%s", tt.wantNotice, resp.Content)
			}
			setupMenus(t, resp)
			st := settingsOf(t, s, guildA)
			if tt.wantSaved == "" {
				if tt.key != data.SettingTimeZone && st.Get(tt.key) != "" {
					t.Errorf("%s=%q, want it not set", tt.key, st.Get(tt.key))
				}
				if tt.key == data.SettingTimeZone && st.IsSet(tt.key) {
					t.Error("a channel was saved as the time zone")
				}
			} else if got := st.Get(tt.key); got != tt.wantSaved {
				t.Errorf("%s=%q, want %q", tt.key, got, tt.wantSaved)
			}
			if tt.wantSaved == "" && tt.values != nil && len(historyOf(t, s, guildA)) != 0 {
				t.Error("a refused selection was written to the history")
			}
		})
	}
}

func TestSetupNoticesDeletedChannel(t *testing.T) {
	s := newStore(t)
	const gone = "300000000000000099"
	setSetting(t, s, guildA, data.SettingCheckinChannel, gone)
	f := setupFake()
	f.Channels[gone] = &discordgo.Channel{ID: gone, GuildID: "deleted"} // the fake's way of "not in this server"
	resp := setupCall(t, commands.Setup(s, f), slash(settingsOf(t, s, guildA), mod1, true, "setup", ""))
	if !strings.Contains(resp.Content, "I can't find <#"+gone+"> any more") {
		t.Errorf("set-up does not say the check-in channel is gone:\n%s", resp.Content)
	}
	menus, _ := setupMenus(t, resp)
	if got := defaultIDs(menus["setup-ch:"+data.SettingCheckinChannel]); len(got) != 0 {
		t.Errorf("menu still offers the deleted channel %v", got)
	}
}

func TestSetupRoleSelect(t *testing.T) {
	tests := []struct {
		name       string
		values     []string
		managed    bool
		wantSaved  string
		wantNotice string
	}{
		{"saves a role", []string{role1}, false, role1, "**Saved.** Members with <@&" + role1 + "> can now use moderator commands."},
		{"@everyone refused", []string{guildA}, false, "", "can't be @everyone"},
		{"integration role refused", []string{role1}, true, "", "belongs to an app or integration"},
		{"clearing unsets", nil, false, "", "No moderator role is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if tt.values == nil {
				setSetting(t, s, guildA, data.SettingModeratorRole, suRoleB)
			}
			req := component(settingsOf(t, s, guildA), mod1, true, "setup-role", tt.values...)
			if tt.managed {
				d := req.Interaction.Data.(discordgo.MessageComponentInteractionData)
				d.Resolved.Roles = map[string]*discordgo.Role{role1: {ID: role1, Name: "Kindred", Managed: true}}
				req.Interaction.Data = d
			}
			resp := setupCall(t, commands.Setup(s, setupFake()), req)
			if !strings.Contains(resp.Content, tt.wantNotice) {
				t.Errorf("content does not contain %q:\n%s", tt.wantNotice, resp.Content)
			}
			if got := settingsOf(t, s, guildA).Get(data.SettingModeratorRole); got != tt.wantSaved {
				t.Errorf("moderator role=%q, want %q", got, tt.wantSaved)
			}
		})
	}
}

func TestSetupFeatureSwitches(t *testing.T) {
	s := newStore(t)
	c := commands.Setup(s, setupFake())
	resp := setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-features", data.FeatureCheckins, data.FeatureResources))
	if want := "**Saved.** Meetings off, Self-care prompts off and Milestones off."; !strings.Contains(resp.Content, want) {
		t.Errorf("content does not contain %q:\n%s", want, resp.Content)
	}
	st := settingsOf(t, s, guildA)
	for key, want := range map[string]bool{data.FeatureCheckins: true, data.FeatureResources: true, data.FeatureMeetings: false, data.FeatureSelfCare: false, data.FeatureMilestones: false} {
		if st.Enabled(key) != want {
			t.Errorf("%s on=%v, want %v", key, st.Enabled(key), want)
		}
	}
	if got := len(historyOf(t, s, guildA)); got != 3 {
		t.Errorf("history has %d entries, want one per switched feature (3)", got)
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-features", data.FeatureCheckins, data.FeatureResources))
	if !strings.Contains(resp.Content, "Nothing changed") || len(historyOf(t, s, guildA)) != 3 {
		t.Errorf("choosing the same features again: %q, %d history entries", resp.Content, len(historyOf(t, s, guildA)))
	}

	setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-features"))
	for _, d := range data.SettingDefs() {
		// Features, not the switches within one (such as each kind of milestone).
		if d.Kind == data.KindFeature && strings.HasPrefix(d.Key, "feature_") && settingsOf(t, s, guildA).Enabled(d.Key) {
			t.Errorf("%s still on after choosing none", d.Key)
		}
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-features", "feature_everything"))
	if !strings.Contains(resp.Content, "**Saved.**") {
		t.Errorf("an unknown value should be ignored, got:\n%s", resp.Content)
	}
}

func TestSetupTimeZone(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingTimeZone, "Asia/Tokyo")
	c := commands.Setup(s, setupFake())

	resp := setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tz"))
	if resp.Modal == nil {
		t.Fatal("the time zone button should open a form")
	}
	if len(resp.Modal.Title) > 45 || resp.Modal.CustomID != "setup-tzform" {
		t.Errorf("modal %q titled %q", resp.Modal.CustomID, resp.Modal.Title)
	}
	input := resp.Modal.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
	if input.Value != "Asia/Tokyo" || len(input.Label) > 45 {
		t.Errorf("form input %q prefilled with %q, want the current zone", input.Label, input.Value)
	}

	tests := []struct {
		name, typed string
		wantNotice  string
		wantZone    string
		wantPick    []string // the first choices offered
	}{
		{"exact name", "Europe/Paris", "**Saved.** The server's time zone is now Europe/Paris (now 13:00).", "Europe/Paris", nil},
		{"any case", "  america/chicago ", "now America/Chicago (now 06:00)", "America/Chicago", nil},
		{"a city offers choices", "london", "isn't a time zone name I know", "Asia/Tokyo", []string{"Europe/London"}},
		{"part of a name", "argentina", "Did you mean one of these?", "Asia/Tokyo", []string{"America/Argentina/Buenos_Aires"}},
		{"nonsense keeps what was typed", "Atlantis/Deep", "I don't know the time zone \"Atlantis/Deep\"", "Asia/Tokyo", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setSetting(t, s, guildA, data.SettingTimeZone, "Asia/Tokyo")
			resp := setupCall(t, c, modal(settingsOf(t, s, guildA), mod1, true, "setup-tzform", map[string]string{"zone": tt.typed}))
			if !resp.Ephemeral {
				t.Error("reply is public")
			}
			if !strings.Contains(resp.Content, tt.wantNotice) {
				t.Errorf("content does not contain %q:\n%s", tt.wantNotice, resp.Content)
			}
			if got := settingsOf(t, s, guildA).Get(data.SettingTimeZone); got != tt.wantZone {
				t.Errorf("time zone=%q, want %q", got, tt.wantZone)
			}
			menus, _ := setupMenus(t, resp)
			pick, ok := menus["setup-tzpick"]
			if (len(tt.wantPick) > 0) != ok {
				t.Fatalf("pick menu shown=%v, want %v", ok, len(tt.wantPick) > 0)
			}
			for i, want := range tt.wantPick {
				if pick.Options[i].Value != want || !strings.HasPrefix(pick.Options[i].Label, want+" (now ") {
					t.Errorf("choice %d = %q (%s), want %s with its time", i, pick.Options[i].Label, pick.Options[i].Value, want)
				}
			}
		})
	}

	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tzpick", "Europe/London"))
	if !resp.Update || !strings.Contains(resp.Content, "now Europe/London (now 12:00)") {
		t.Errorf("picking a zone: update=%v\n%s", resp.Update, resp.Content)
	}
	if got := settingsOf(t, s, guildA).Get(data.SettingTimeZone); got != "Europe/London" {
		t.Errorf("time zone=%q after picking Europe/London", got)
	}
	resp = setupCall(t, c, component(settingsOf(t, s, guildA), mod1, true, "setup-tzpick", "Nowhere/Else"))
	if !strings.Contains(resp.Content, "**Not saved.**") || settingsOf(t, s, guildA).Get(data.SettingTimeZone) != "Europe/London" {
		t.Errorf("a forged pick was accepted:\n%s", resp.Content)
	}
}

func TestSetupDone(t *testing.T) {
	s := newStore(t)
	setSetting(t, s, guildA, data.SettingPromptsChannel, channel2)
	resp := setupCall(t, commands.Setup(s, setupFake()), component(settingsOf(t, s, guildA), mod1, true, "setup-done"))
	if !resp.Update || resp.Components == nil || len(resp.Components) != 0 {
		t.Errorf("done should update the message and remove its menus: update=%v components=%v", resp.Update, resp.Components)
	}
	for _, want := range []string{"Kindred is set up", "Self-care prompts channel: <#" + channel2 + ">", "Server time zone: UTC (now 12:00)", "/setup"} {
		if !strings.Contains(resp.Content, want) {
			t.Errorf("summary does not contain %q:\n%s", want, resp.Content)
		}
	}
}

// TestModeratorCannotReachAnotherServer proves that a moderator of server A
// can neither read nor change anything of server B through /setup,
// /settings or /guidelines: the server always comes from the interaction.
func TestModeratorCannotReachAnotherServer(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	f := setupFake()
	const textB = "Server B's own guidelines, private to B."
	versionB := data.GuidelinesVersion(textB)
	for key, value := range map[string]string{
		data.SettingTimeZone:          "Asia/Tokyo",
		data.SettingCheckinChannel:    suChannelB,
		data.SettingModeratorRole:     suRoleB,
		data.SettingGuidelines:        textB,
		data.SettingGuidelinesMessage: suChannelB + "/900000000000000055",
		data.FeatureMeetings:          "off",
	} {
		setSetting(t, s, guildB, key, value)
	}
	if _, err := s.AcknowledgeGuidelines(ctx, guildB, member1, versionB); err != nil {
		t.Fatal(err)
	}
	snapshot := func() string {
		st := settingsOf(t, s, guildB)
		var b strings.Builder
		for _, d := range data.SettingDefs() {
			fmt.Fprintf(&b, "%s=%q set=%v\n", d.Key, st.Get(d.Key), st.IsSet(d.Key))
		}
		for _, h := range historyOf(t, s, guildB) {
			fmt.Fprintf(&b, "%+v\n", h)
		}
		acks, err := s.GuidelinesAcknowledgements(ctx, guildB, versionB)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "acks=%+v\n", acks)
		return b.String()
	}
	before := snapshot()

	setup, settings, guidelines := commands.Setup(s, f), commands.Settings(s, f), commands.Guidelines(s, f, nil)
	stA := func() data.Settings { return settingsOf(t, s, guildA) }
	secretsOfB := []string{"Asia/Tokyo", suChannelB, suRoleB, textB, "B's own"}
	reads := []struct {
		name string
		c    *commands.Command
		req  *commands.Request
	}{
		{"settings show", settings, slash(stA(), mod1, true, "settings", "show")},
		{"settings history", settings, slash(stA(), mod1, true, "settings", "history")},
		{"settings autocomplete", settings, autocomplete(stA(), mod1, "settings", "set", "value", opt{"key", data.SettingTimeZone}, opt{"value", ""})},
		{"setup", setup, slash(stA(), mod1, true, "setup", "")},
		{"setup moderators", setup, component(stA(), mod1, true, "setup-tab:moderators")},
		{"setup general", setup, component(stA(), mod1, true, "setup-tab:general")},
		{"setup done", setup, component(stA(), mod1, true, "setup-done")},
		{"setup time zone form", setup, component(stA(), mod1, true, "setup-tz")},
		{"guidelines show", guidelines, slash(stA(), mod1, true, "guidelines", "show")},
		{"guidelines edit form", guidelines, slash(stA(), mod1, true, "guidelines", "edit")},
		{"guidelines acknowledgements", guidelines, slash(stA(), mod1, true, "guidelines", "acknowledgements")},
	}
	for _, r := range reads {
		resp := setupCall(t, r.c, r.req)
		seen := fmt.Sprintf("%s %v %v %v", resp.Content, resp.Embeds, resp.Components, resp.Choices)
		if resp.Modal != nil {
			seen += fmt.Sprintf("%v", resp.Modal.Components)
		}
		for _, e := range resp.Embeds {
			seen += e.Description
			if e.Footer != nil {
				seen += e.Footer.Text
			}
		}
		for _, secret := range secretsOfB {
			if strings.Contains(seen, secret) {
				t.Errorf("%s in server A shows server B's %q", r.name, secret)
			}
		}
	}
	if resp := setupCall(t, guidelines, slash(stA(), mod1, true, "guidelines", "acknowledgements")); !strings.Contains(resp.Content, "**0** members") {
		t.Errorf("server A counts server B's acknowledgements: %q", resp.Content)
	}

	// Changes made in A stay in A; B's channels are refused outright.
	writes := []struct {
		name    string
		c       *commands.Command
		req     *commands.Request
		refused bool
	}{
		{"settings set B's channel", settings, slash(stA(), mod1, true, "settings", "set", opt{"key", data.SettingCheckinChannel}, opt{"value", suChannelB}), true},
		{"setup select B's channel", setup, component(stA(), mod1, true, "setup-ch:"+data.SettingAlertsChannel, suChannelB), true},
		{"guidelines post to B's channel", guidelines, slash(stA(), mod1, true, "guidelines", "post", opt{"channel", suChannelB}), true},
		{"settings set", settings, slash(stA(), mod1, true, "settings", "set", opt{"key", data.SettingTimeZone}, opt{"value", "Europe/London"}), false},
		{"settings reset", settings, slash(stA(), mod1, true, "settings", "reset", opt{"key", data.SettingTimeZone}), false},
		{"setup role", setup, component(stA(), mod1, true, "setup-role", suRoleB), false},
		{"setup features", setup, component(stA(), mod1, true, "setup-features"), false},
		{"setup time zone", setup, modal(stA(), mod1, true, "setup-tzform", map[string]string{"zone": "Europe/Paris"}), false},
		{"setup time zone pick", setup, component(stA(), mod1, true, "setup-tzpick", "Europe/Rome"), false},
		{"setup channel", setup, component(stA(), mod1, true, "setup-ch:"+data.SettingCheckinChannel, channel2), false},
		{"guidelines edit", guidelines, modal(stA(), mod1, true, "gl-edit", map[string]string{"text": "A's words"}), false},
		{"guidelines post", guidelines, slash(stA(), mod1, true, "guidelines", "post", opt{"channel", channel2}), false},
		{"guidelines reset", guidelines, slash(stA(), mod1, true, "guidelines", "reset"), false},
		{"agree with B's version from A", guidelines, component(stA(), member1, false, "gl-ack:"+versionB), false},
	}
	for _, w := range writes {
		resp := setupCall(t, w.c, w.req)
		if w.refused && !strings.Contains(resp.Content, "I can't find <#"+suChannelB+"> in this server") {
			t.Errorf("%s: not refused: %q", w.name, resp.Content)
		}
	}
	for _, sent := range f.Sent {
		if sent.ChannelID == suChannelB {
			t.Error("a moderator of A posted in B's channel")
		}
	}
	if after := snapshot(); after != before {
		t.Errorf("server B changed through server A's commands:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if len(historyOf(t, s, guildA)) == 0 {
		t.Error("the changes in server A were not made, so the test proves nothing")
	}
}
