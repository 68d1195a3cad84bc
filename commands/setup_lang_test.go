package commands_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// TestSetupAndSettingsFitDiscordInEveryLanguage renders every /setup page,
// its summary and /settings show in each language, with every setting
// set, and checks that texts fit Discord's limits and no message is
// missing.
func TestSetupAndSettingsFitDiscordInEveryLanguage(t *testing.T) {
	s := newStore(t)
	for key, v := range map[string]string{
		data.SettingCheckinChannel: channel2, data.SettingModeratorRole: role1, data.SettingTimeZone: "America/Argentina/Buenos_Aires",
		data.SettingCountry: "GB", data.SettingCheckinPromptTime: "09:00", data.SettingNoteRetentionDays: "90",
		data.SettingGuidelines: strings.Repeat("x", 300), data.FeatureMilestones: "off",
	} {
		setSetting(t, s, guildA, key, v)
	}
	setup := commands.Setup(s, setupFake())
	settings := commands.Settings(s, setupFake())
	for _, l := range i18n.Languages() {
		t.Run(l.Tag, func(t *testing.T) {
			st := settingsOf(t, s, guildA)
			var resps []*commands.Response
			call := func(c *commands.Command, req *commands.Request) {
				req.Lang = l.Tag
				resps = append(resps, setupCall(t, c, req))
			}
			call(settings, slash(st, mod1, true, "settings", "show"))
			for _, tab := range []string{"members", "moderators", "listeners", "general"} {
				call(setup, component(st, mod1, true, "setup-tab:"+tab))
			}
			call(setup, component(st, mod1, true, "setup-done"))
			for _, r := range resps {
				text := r.Content
				for _, e := range r.Embeds {
					text += e.Title + e.Description
					if n := utf8.RuneCountInString(e.Description); n > 4096 {
						t.Errorf("embed of %d characters", n)
					}
				}
				if n := utf8.RuneCountInString(r.Content); n > 2000 {
					t.Errorf("reply of %d characters:\n%s", n, r.Content)
				}
				if strings.Contains(text, "[setup.") || strings.Contains(text, "[settings.") || strings.Contains(text, "[common.") {
					t.Errorf("a message is missing:\n%s", text)
				}
				checkComponents(t, r.Components)
			}
		})
	}
}

func checkComponents(t *testing.T, cs []discordgo.MessageComponent) {
	t.Helper()
	long := func(what, s string, max int) {
		if n := utf8.RuneCountInString(s); n > max {
			t.Errorf("%s of %d characters (Discord takes %d): %q", what, n, max, s)
		}
	}
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, x := range row.Components {
			switch x := x.(type) {
			case discordgo.Button:
				long("button label", x.Label, 80)
			case discordgo.SelectMenu:
				long("menu placeholder", x.Placeholder, 150)
				for _, o := range x.Options {
					long("option label", o.Label, 100)
					long("option description", o.Description, 100)
				}
			}
		}
	}
}
