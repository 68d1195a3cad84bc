package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
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
				return &Response{Content: note, Embeds: CrisisEmbeds(code), Ephemeral: true}, nil
			case "checkin":
				if req.GuildID == "" {
					return Private("Use `/checkin now` here or in your server; only you see it, and I'll ask which server it's for if you're in several. If you turned on `/checkin remind`, the reminder DM has the mood buttons too."), nil
				}
				return &Response{Content: "How are you feeling right now? Only you see your check-in unless you choose to share it.",
					Components: moodButtons(), Ephemeral: true}, nil
			case "find":
				return Private("`/resources find query:` searches this community's directory of help (services, hotlines, groups, reading and apps); " +
					"`/resources browse` looks through it page by page."), nil
			case "meetings":
				return Private("`/meeting next` shows the next meetings, in your own time, with buttons to say if you're going; `/meeting list` shows them all."), nil
			}
			return Private("I don't recognise that button any more. Please run `/help` again."), nil
		}},
	}
	return c
}

// helpMenu is the short /help answer with its buttons.
func helpMenu(req *Request) *Response {
	var b strings.Builder
	b.WriteString("**Kindred** helps this community support each other. It is not a therapist or a crisis service.\n")
	b.WriteString("**If you are in danger**, please call your local emergency number now, or press **Crisis lines** (or use `/crisis`).")
	inServer := req.GuildID != ""
	var row []discordgo.MessageComponent
	button := func(label, emoji, what string) {
		row = append(row, discordgo.Button{Label: label, Emoji: &discordgo.ComponentEmoji{Name: emoji},
			Style: discordgo.SecondaryButton, CustomID: CustomID("help", what)})
	}
	if inServer && req.Settings.Enabled(data.FeatureCheckins) {
		button("Check in", "💙", "checkin")
	}
	if inServer && req.Settings.Enabled(data.FeatureResources) {
		button("Find help", "🔎", "find")
	}
	if inServer && req.Settings.Enabled(data.FeatureMeetings) {
		button("Meetings", "📅", "meetings")
	}
	if inServer && talkAvailable(req.Settings) {
		row = append(row, TalkButton())
	}
	crisis := discordgo.Button{Label: "Crisis lines", Emoji: &discordgo.ComponentEmoji{Name: "🆘"},
		Style: discordgo.DangerButton, CustomID: CustomID("help", "crisis")}
	row = append(row, crisis)
	if !inServer {
		b.WriteString("\n\nHere in DMs you can use `/checkin now` and `/checkin history`, `/crisis`, `/me` (your time zone and country) and `/mydata`; everything else works in a server.")
	}
	more := discordgo.Button{Label: "All commands", Style: discordgo.SecondaryButton, CustomID: CustomID("help", "all")}
	return &Response{Content: b.String(), Ephemeral: true, Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: row},
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{more}},
	}}
}

// allCommands lists every command the member can use here.
func allCommands(list []*Command, req *Request) string {
	var b strings.Builder
	b.WriteString("**Kindred** is here to help this community support each other: check-ins, meetings, self-care prompts, resources and celebrations.\n")
	b.WriteString("Kindred is not a therapist or a crisis service.\n\n")
	b.WriteString("**Commands you can use**\n")
	var menus, moderators []string
	for _, cmd := range list {
		if cmd.Moderator && !req.IsModerator {
			continue
		}
		if cmd.Moderator {
			// Named only: with descriptions the list outgrows a message.
			moderators = append(moderators, "`/"+cmd.Definition.Name+"`")
			continue
		}
		if cmd.Feature != "" && !req.Settings.Enabled(cmd.Feature) {
			continue
		}
		if req.GuildID == "" && !cmd.Anywhere {
			continue
		}
		if cmd.Definition.Type == discordgo.MessageApplicationCommand {
			menus = append(menus, "**"+cmd.Definition.Name+"**")
			continue
		}
		fmt.Fprintf(&b, "`/%s`: %s\n", cmd.Definition.Name, cmd.Definition.Description)
	}
	if len(menus) > 0 {
		fmt.Fprintf(&b, "On any message: right-click (or long-press) → Apps → %s.\n", strings.Join(menus, ", "))
	}
	if len(moderators) > 0 {
		fmt.Fprintf(&b, "**For moderators** (type `/mod` to see them together): %s.\n", strings.Join(moderators, ", "))
	}
	if req.GuildID == "" {
		b.WriteString("The other commands work in a server that has Kindred.\n")
	}
	b.WriteString("\n**If you are in danger or thinking about ending your life**, please call your local emergency number now, or use `/crisis` to see crisis lines for your country. You are not alone.")
	return b.String()
}
