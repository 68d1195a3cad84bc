package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// wantReply fails the test unless resp is of the given type and its
// content contains every want.
func wantReply(t *testing.T, what string, resp *discordtest.Response, typ discordgo.InteractionResponseType, wants ...string) {
	t.Helper()
	if resp.Type != typ {
		t.Fatalf("%s: response type %d, want %d (content %q)", what, resp.Type, typ, resp.Content())
	}
	for _, want := range wants {
		if !strings.Contains(resp.Content(), want) {
			t.Errorf("%s: reply lacks %q:\n%s", what, want, resp.Content())
		}
	}
}

func TestSetupEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := h.member("alice"), h.member("bob"), h.member("carol")
	general, modLog, announcements, lounge := h.guild.ChannelID("general"), h.guild.ChannelID("mod-log"), h.guild.ChannelID("announcements"), h.guild.ChannelID("Lounge")
	modRole := h.guild.RoleID("Moderator")
	const update = discordgo.InteractionResponseUpdateMessage
	const message = discordgo.InteractionResponseChannelMessageWithSource

	// A member without Manage Server (and no moderator role set yet) is refused.
	for _, who := range []discordtest.Member{carol, bob} {
		resp := h.fake.SlashCommand(g, who, "setup").Wait(t)
		wantReply(t, "/setup by "+who.User.Username, resp, message, "Only moderators")
	}

	// The owner walks through every page.
	in := h.fake.SlashCommand(g, alice, "setup")
	resp := in.Wait(t)
	wantReply(t, "/setup", resp, message, "Set up Kindred", "Check-in channel: not set")
	if !resp.Ephemeral() {
		t.Error("/setup is public, want ephemeral")
	}
	panel := in.Original()

	choose := func(customID string, kind discordgo.ComponentType, values ...any) *discordtest.Response {
		t.Helper()
		return h.fake.SelectMenu(g, alice, panel, customID, kind, values...).Wait(t)
	}
	wantReply(t, "check-in channel", choose("setup-ch:"+data.SettingCheckinChannel, discordgo.ChannelSelectMenuComponent, general),
		update, "**Saved.** Check-in channel is now <#"+general+">")
	wantReply(t, "meetings channel where Kindred may not send", choose("setup-ch:"+data.SettingMeetingsChannel, discordgo.ChannelSelectMenuComponent, announcements),
		update, "**Not saved.**", "<#"+announcements+">", "missing the **Send Messages** permission")
	wantReply(t, "voice channel", choose("setup-ch:"+data.SettingPromptsChannel, discordgo.ChannelSelectMenuComponent, lounge),
		update, "is a voice channel")

	wantReply(t, "moderators page", h.fake.ClickButton(g, alice, panel, "setup-tab:moderators").Wait(t), update, "Moderators (2 of 4)")
	resp = choose("setup-ch:"+data.SettingAlertsChannel, discordgo.ChannelSelectMenuComponent, modLog)
	wantReply(t, "alerts channel", resp, update, "**Saved.** Moderator alerts channel is now <#"+modLog+">")
	if strings.Contains(resp.Content(), "Heads up") {
		t.Errorf("#mod-log is hidden from @everyone, yet Kindred warns:\n%s", resp.Content())
	}
	wantReply(t, "moderator role", choose("setup-role", discordgo.RoleSelectMenuComponent, modRole),
		update, "Members with <@&"+modRole+"> can now use moderator commands")

	wantReply(t, "listeners page", h.fake.ClickButton(g, alice, panel, "setup-tab:listeners").Wait(t), update, "Listeners (3 of 4)", "Listener role: not set")
	wantReply(t, "listener role @everyone", choose("setup-listener", discordgo.RoleSelectMenuComponent, g), update, "**Not saved.**", "can't be @everyone")
	wantReply(t, "listener role", choose("setup-listener", discordgo.RoleSelectMenuComponent, modRole), update, "Members with <@&"+modRole+"> can now take requests to talk")
	wantReply(t, "talk channel without thread permissions", choose("setup-ch:"+data.SettingTalkChannel, discordgo.ChannelSelectMenuComponent, general),
		update, "**Saved.** Talk to someone channel is now <#"+general+">", "Create Private Threads", "Manage Threads")

	wantReply(t, "general page", h.fake.ClickButton(g, alice, panel, "setup-tab:general").Wait(t), update, "Time zone: UTC (now 12:00)")
	wantReply(t, "features", choose("setup-features", discordgo.SelectMenuComponent, data.FeatureCheckins, data.FeatureMeetings),
		update, "**Saved.**", "Self-care prompts off")

	resp = h.fake.ClickButton(g, alice, panel, "setup-tz").Wait(t)
	if resp.Type != discordgo.InteractionResponseModal || resp.Data.CustomID != "setup-tzform" {
		t.Fatalf("time zone button: response type %d custom ID %q, want the form", resp.Type, resp.Data.CustomID)
	}
	typed := h.fake.SubmitModal(g, alice, "setup-tzform", map[string]string{"zone": "london"}, discordtest.OnMessage(panel.ID))
	wantReply(t, "typed time zone", typed.Wait(t), update, "isn't a time zone name I know")
	wantReply(t, "picked time zone",
		h.fake.SelectMenu(g, alice, panel, "setup-tzpick", discordgo.SelectMenuComponent, "Europe/London").Wait(t),
		update, "**Saved.** The server's time zone is now Europe/London (now 12:00)")

	// A member pressing a moderator's menu is refused and nothing changes.
	resp = h.fake.SelectMenu(g, carol, panel, "setup-features", discordgo.SelectMenuComponent).Wait(t)
	wantReply(t, "member pressing a set-up menu", resp, message, "Only moderators")

	resp = h.fake.ClickButton(g, alice, panel, "setup-done").Wait(t)
	wantReply(t, "done", resp, update, "Kindred is set up")
	if len(resp.Data.Components) != 0 {
		t.Errorf("done leaves %d component rows", len(resp.Data.Components))
	}

	// Settings survive a restart, and bob now moderates through the role.
	h.restart()
	resp = h.fake.SlashCommand(g, bob, "settings", discordtest.Sub("show")).Wait(t)
	wantReply(t, "/settings show after restart", resp, message,
		"Server time zone: Europe/London (now 12:00)",
		"Check-in channel: <#"+general+">",
		"Meetings channel: not set",
		"Moderator alerts channel: <#"+modLog+">",
		"Moderator role: <@&"+modRole+">",
		"Self-care prompts: off", "Check-ins: on")
	if am := resp.Data.AllowedMentions; am == nil || len(am.Parse) != 0 {
		t.Errorf("allowed_mentions=%+v, want nobody pinged", am)
	}

	resp = h.fake.SlashCommand(g, bob, "settings", discordtest.Sub("history")).Wait(t)
	wantReply(t, "/settings history", resp, message,
		"<@"+alice.User.ID+"> Server time zone: UTC → Europe/London",
		"<@"+alice.User.ID+"> Moderator role: not set → <@&"+modRole+">",
		"Check-in channel: not set → <#"+general+">",
		"Self-care prompts: on → off")
	if strings.Contains(resp.Content(), "Meetings channel") {
		t.Errorf("history lists a refused change:\n%s", resp.Content())
	}

	resp = h.fake.SlashCommand(g, carol, "settings", discordtest.Sub("show")).Wait(t)
	wantReply(t, "/settings show by a member", resp, message, "Only moderators")
}

func TestSettingsEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	announcements := h.guild.ChannelID("announcements")
	const message = discordgo.InteractionResponseChannelMessageWithSource

	resp := h.fake.Autocomplete(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", data.SettingTimeZone), discordtest.Focused("value", "new york"))).Wait(t)
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) == 0 {
		t.Fatalf("autocomplete: type %d, %d choices", resp.Type, len(resp.Data.Choices))
	}
	if c := resp.Data.Choices[0]; c.Name != "America/New_York (now 07:00)" || c.Value != "America/New_York" {
		t.Errorf("first choice %q = %v, want America/New_York with its local time", c.Name, c.Value)
	}

	set := func(key, value string) *discordtest.Response {
		return h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value))).Wait(t)
	}
	wantReply(t, "set time zone", set(data.SettingTimeZone, "America/New_York"), message, "Saved. Server time zone is now America/New_York (now 07:00)")
	wantReply(t, "unknown time zone", set(data.SettingTimeZone, "Mars/Olympus"), message, "I don't know the time zone")
	wantReply(t, "channel Kindred may not post in", set(data.SettingCelebrationsChannel, "<#"+announcements+">"), message,
		"missing the **Send Messages** permission", "Nothing was changed")
	wantReply(t, "reset", h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("reset", discordtest.Opt("key", data.SettingTimeZone))).Wait(t),
		message, "back to its default: UTC (it was America/New_York)")

	resp = h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("history")).Wait(t)
	wantReply(t, "history", resp, message, "UTC → America/New_York", "America/New_York → UTC")
	if strings.Contains(resp.Content(), "Celebrations") {
		t.Errorf("history lists a refused change:\n%s", resp.Content())
	}
}

func TestGuidelinesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	general := h.guild.ChannelID("general")
	const message = discordgo.InteractionResponseChannelMessageWithSource

	shown := func(who discordtest.Member) *discordgo.MessageEmbed {
		t.Helper()
		resp := h.fake.SlashCommand(g, who, "guidelines", discordtest.Sub("show")).Wait(t)
		if resp.Type != message || !resp.Ephemeral() || len(resp.Data.Embeds) != 1 {
			t.Fatalf("/guidelines show: type %d ephemeral %v embeds %d", resp.Type, resp.Ephemeral(), len(resp.Data.Embeds))
		}
		return resp.Data.Embeds[0]
	}
	if e := shown(carol); !strings.Contains(e.Description, "What is shared here stays here") || !strings.Contains(e.Description, "/crisis") {
		t.Errorf("default guidelines:\n%s", e.Description)
	}

	wantReply(t, "member editing", h.fake.SlashCommand(g, carol, "mod-guidelines", discordtest.Sub("edit")).Wait(t), message, "Only moderators")
	resp := h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("edit")).Wait(t)
	if resp.Type != discordgo.InteractionResponseModal || resp.Data.CustomID != "gl-edit" {
		t.Fatalf("/mod-guidelines edit: type %d custom ID %q, want the form", resp.Type, resp.Data.CustomID)
	}
	const ours = "Be gentle. What is said here stays here."
	wantReply(t, "member submitting the form", h.fake.SubmitModal(g, carol, "gl-edit", map[string]string{"text": "Mine now"}).Wait(t), message, "Only moderators")
	wantReply(t, "saving the form", h.fake.SubmitModal(g, alice, "gl-edit", map[string]string{"text": ours}).Wait(t), message, "Saved.")
	if e := shown(carol); e.Description != ours {
		t.Errorf("guidelines after edit: %q, want %q", e.Description, ours)
	}

	wantReply(t, "post", h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("post", discordtest.ChannelOpt("channel", general))).Wait(t),
		message, "Posted the guidelines in <#"+general+">")
	post := h.fake.WaitMessage(t, general, func(m *discordtest.Message) bool {
		return len(m.Embeds) == 1 && m.Embeds[0].Description == ours
	})
	ack := "gl-ack:" + data.GuidelinesVersion(ours)
	wantReply(t, "agreeing", h.fake.ClickButton(g, carol, post, ack).Wait(t), message, "Thank you for reading the guidelines")
	if got := h.fake.Message(post.ID); got == nil || got.Embeds[0].Footer == nil || got.Embeds[0].Footer.Text != "1 member has read and agreed." {
		t.Errorf("the post does not show the count: %+v", got.Embeds[0].Footer)
	}
	wantReply(t, "agreeing twice", h.fake.ClickButton(g, carol, post, ack).Wait(t), message, "already agreed")
	wantReply(t, "count", h.fake.SlashCommand(g, alice, "mod-guidelines", discordtest.Sub("acknowledgements")).Wait(t),
		message, "**1** member has agreed to the current guidelines")

	h.restart()
	if e := shown(carol); e.Description != ours {
		t.Errorf("guidelines after a restart: %q", e.Description)
	}
	wantReply(t, "history", h.fake.SlashCommand(g, alice, "settings", discordtest.Sub("history")).Wait(t), message,
		"changed the community guidelines", "posted the guidelines in <#"+general+">")
}
