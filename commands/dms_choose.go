package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// dmChooser is what asking which server's DMs to stop needs of the store.
type dmChooser interface {
	dmStopper
	DMSources(ctx context.Context, userID string) ([]data.GuildRef, error)
	StopGuildDMs(ctx context.Context, guildID, userID string) (int, error)
}

// keyDMStop routes the buttons of the stop word's question:
// "dmstop:<guild>" or "dmstop:all".
const keyDMStop = "dmstop"

// maxStopChoices is how many servers the question offers by name; with
// more, "All servers" and the commands in each server remain.
const maxStopChoices = 4

// StopDMsAsk answers the stop word typed alone in a DM. "stop all" ends
// every DM Kindred sends on its own at once; the other stop words do too
// when they come from one server only, and otherwise ask which server
// (or all) with buttons, so a member in several communities doesn't lose
// the ones they want.
func StopDMsAsk(ctx context.Context, store dmChooser, userID, text string) (*discordgo.MessageSend, error) {
	if strings.Contains(strings.ToLower(text), "all") {
		return StopDMs(ctx, store, userID)
	}
	sources, err := store.DMSources(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(sources) <= 1 {
		return StopDMs(ctx, store, userID)
	}
	var row []discordgo.MessageComponent
	for i, g := range sources {
		if i == maxStopChoices {
			break
		}
		row = append(row, discordgo.Button{Label: clipRunes(serverName(g), 80), Style: discordgo.SecondaryButton,
			CustomID: CustomID(keyDMStop, g.ID)})
	}
	row = append(row, discordgo.Button{Label: "All servers", Style: discordgo.DangerButton, CustomID: CustomID(keyDMStop, "all")})
	return &discordgo.MessageSend{
		Content: fmt.Sprintf("You get nudges or reminders from me in %d servers. Which should I stop? "+
			"(Reply **stop all** to end them everywhere.)", len(sources)),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}},
	}, nil
}

// serverName is a server's name for a button, or its ID when unknown.
func serverName(g data.GuildRef) string {
	if strings.TrimSpace(g.Name) != "" {
		return g.Name
	}
	return "Server " + g.ID
}

// stopChosen answers a press on the stop word's question.
func stopChosen(store dmChooser, namer guildNamer) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if req.User == nil || len(req.Args) != 1 {
			return Private("I don't recognise that button any more. Reply **stop** again."), nil
		}
		if req.Args[0] == "all" {
			msg, err := StopDMs(ctx, store, req.User.ID)
			if err != nil {
				return nil, err
			}
			return &Response{Content: msg.Content, Update: true, Components: []discordgo.MessageComponent{}}, nil
		}
		guildID := req.Args[0]
		n, err := store.StopGuildDMs(ctx, guildID, req.User.ID)
		if err != nil {
			return nil, err
		}
		name, err := namer.GuildName(ctx, guildID)
		if err != nil || name == "" {
			name = "that server"
		} else {
			name = "**" + escapeMarkdown(name) + "**"
		}
		text := fmt.Sprintf("Done: I've stopped your self-care nudges and check-in reminders from %s. "+
			"Other servers' DMs carry on; reply **stop all** to end those too. Take care. 💙", name)
		if n == 0 {
			text = fmt.Sprintf("Nothing from %s was on any more, so there was nothing to stop.", name)
		}
		return &Response{Content: text, Update: true, Components: []discordgo.MessageComponent{}}, nil
	}
}
