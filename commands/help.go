package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// Help is /help: a short answer with a button for each of the main things
// a member comes for (check in, find help, meetings, talk to someone,
// crisis lines), which fits a phone screen, and every command behind
// "All commands". It works in DMs with Kindred too.
func Help(others []*Command, store CrisisStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Anywhere: true,
		Definition: &discordgo.ApplicationCommand{
			Name:        "help",
			Description: "What Kindred offers and how to use it",
		},
	}
	all := func(req *Request) *Response {
		return &Response{Content: allCommands(append(others, c), req), Ephemeral: true}
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		return helpMenu(req), nil
	}
	c.Components = map[string]Component{
		"help": {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			switch strings.Join(req.Args, ":") {
			case "all":
				return all(req), nil
			case "crisis":
				code, note := crisisCountry(ctx, store, log, req)
				return &Response{Content: note, Embeds: CrisisEmbedsIn(code, req.Lang), Ephemeral: true}, nil
			case "checkin":
				if req.GuildID == "" {
					return req.PrivateT("help.checkin_dm"), nil
				}
				return &Response{Content: req.T("help.checkin"), Components: moodButtons(req.P()), Ephemeral: true}, nil
			case "find":
				return req.PrivateT("help.find"), nil
			case "meetings":
				return req.PrivateT("help.meetings"), nil
			}
			return req.PrivateT("help.unknown_button"), nil
		}},
	}
	return c
}

// helpMenu is the short /help answer with its buttons.
func helpMenu(req *Request) *Response {
	var b strings.Builder
	b.WriteString(req.T("help.intro"))
	inServer := req.GuildID != ""
	var row []discordgo.MessageComponent
	button := func(label, emoji, what string) {
		row = append(row, discordgo.Button{Label: label, Emoji: &discordgo.ComponentEmoji{Name: emoji},
			Style: discordgo.SecondaryButton, CustomID: CustomID("help", what)})
	}
	if inServer && req.Settings.Enabled(data.FeatureCheckins) {
		button(req.T("help.button_checkin"), "💙", "checkin")
	}
	if inServer && req.Settings.Enabled(data.FeatureResources) {
		button(req.T("help.button_find"), "🔎", "find")
	}
	if inServer && req.Settings.Enabled(data.FeatureMeetings) {
		button(req.T("help.button_meetings"), "📅", "meetings")
	}
	if inServer && talkAvailable(req.Settings) {
		row = append(row, TalkButtonIn(req.P()))
	}
	crisis := discordgo.Button{Label: req.T("help.button_crisis"), Emoji: &discordgo.ComponentEmoji{Name: "🆘"},
		Style: discordgo.DangerButton, CustomID: CustomID("help", "crisis")}
	row = append(row, crisis)
	if !inServer {
		b.WriteString("\n\n" + req.T("help.in_dms"))
	}
	more := discordgo.Button{Label: req.T("help.button_all"), Style: discordgo.SecondaryButton, CustomID: CustomID("help", "all")}
	return &Response{Content: b.String(), Ephemeral: true, Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: row},
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{more}},
	}}
}

// allCommands lists every command the member can use here.
func allCommands(list []*Command, req *Request) string {
	var b strings.Builder
	b.WriteString(req.T("help.all_intro") + "\n\n")
	b.WriteString(req.T("help.all_title") + "\n")
	var menus, moderators []string
	for _, cmd := range list {
		if cmd.Moderator && !req.IsModerator {
			continue
		}
		if cmd.Moderator {
			// Named only: with descriptions the list outgrows a message.
			moderators = append(moderators, req.P().Command(cmd.Definition.Name))
			continue
		}
		if cmd.Feature != "" && !req.Settings.Enabled(cmd.Feature) {
			continue
		}
		if req.GuildID == "" && !cmd.Anywhere {
			continue
		}
		if cmd.Definition.Type == discordgo.MessageApplicationCommand {
			menus = append(menus, "**"+localizedName(cmd.Definition, req.Lang)+"**")
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", req.P().Command(cmd.Definition.Name), localizedDescription(cmd.Definition, req.Lang))
	}
	if len(menus) > 0 {
		b.WriteString(req.T("help.all_menus", "Menus", strings.Join(menus, ", ")) + "\n")
	}
	if len(moderators) > 0 {
		b.WriteString(req.T("help.all_moderators", "Commands", strings.Join(moderators, ", ")) + "\n")
	}
	if req.GuildID == "" {
		b.WriteString(req.T("help.all_others_in_server") + "\n")
	}
	b.WriteString("\n" + req.T("help.all_danger"))
	return b.String()
}

// localizedName is a command's name as members of lang see it.
func localizedName(d *discordgo.ApplicationCommand, lang string) string {
	if t, ok := i18n.Embedded().Text(i18n.Pick(lang), i18n.CommandKey([]string{d.Name}, "name")); ok {
		return t
	}
	return d.Name
}

// localizedDescription is a command's description in lang.
func localizedDescription(d *discordgo.ApplicationCommand, lang string) string {
	if t, ok := i18n.Embedded().Text(i18n.Pick(lang), i18n.CommandKey([]string{d.Name}, "desc")); ok {
		return t
	}
	return d.Description
}
