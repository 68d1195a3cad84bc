package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
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

// StopDMsAsk answers the stop word typed alone in a DM. "stop all" (or
// its words in another language, dms.stop_all_words) ends
// every DM Kindred sends on its own at once; the other stop words do too
// when they come from one server only, and otherwise ask which server
// (or all) with buttons, so a member in several communities doesn't lose
// the ones they want.
func StopDMsAsk(ctx context.Context, store dmChooser, userID, text string) (*discordgo.MessageSend, error) {
	p := i18n.For(dmLanguage(ctx, store, userID, ""))
	if isStopAll(text) {
		return stopDMsIn(ctx, store, userID, p)
	}
	sources, err := store.DMSources(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(sources) <= 1 {
		return stopDMsIn(ctx, store, userID, p)
	}
	var row []discordgo.MessageComponent
	for i, g := range sources {
		if i == maxStopChoices {
			break
		}
		row = append(row, discordgo.Button{Label: clipRunes(serverNameIn(p, g), 80), Style: discordgo.SecondaryButton,
			CustomID: CustomID(keyDMStop, g.ID)})
	}
	row = append(row, discordgo.Button{Label: p.T("dms.all_servers"), Style: discordgo.DangerButton, CustomID: CustomID(keyDMStop, "all")})
	return &discordgo.MessageSend{
		Content:    p.N("dms.which_server", len(sources)),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}},
	}, nil
}

// serverName is a server's name for a button, or its ID when unknown.
func serverName(g data.GuildRef) string { return serverNameIn(i18n.For(i18n.Base), g) }

// serverNameIn is serverName in p's language.
func serverNameIn(p *i18n.Printer, g data.GuildRef) string {
	if strings.TrimSpace(g.Name) != "" {
		return g.Name
	}
	return p.T("dms.server_id", "ID", g.ID)
}

// stopChosen answers a press on the stop word's question.
func stopChosen(store dmChooser, namer guildNamer) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if req.User == nil || len(req.Args) != 1 {
			return req.PrivateT("dms.unknown_button"), nil
		}
		if req.Args[0] == "all" {
			msg, err := stopDMsIn(ctx, store, req.User.ID, req.P())
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
		known := err == nil && name != ""
		var text string
		switch {
		case known && n > 0:
			text = req.T("dms.stopped_server", "Server", escapeMarkdown(name))
		case known:
			text = req.T("dms.nothing_from_server", "Server", escapeMarkdown(name))
		case n > 0:
			text = req.T("dms.stopped_that_server")
		default:
			text = req.T("dms.nothing_from_that_server")
		}
		return &Response{Content: text, Update: true, Components: []discordgo.MessageComponent{}}, nil
	}
}
