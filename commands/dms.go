package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// StopWords are the words that, sent to Kindred alone in a DM, stop every
// DM it sends on its own.
var stopWords = map[string]bool{"stop": true, "unsubscribe": true, "stop all": true, "cancel": true}

// dmStopper is what the stop word needs of the store.
type dmStopper interface {
	StopAllDMs(ctx context.Context, userID string) (int, error)
	languageNoter
}

// IsStopWord reports whether a DM asks Kindred to stop its DMs: one of the
// stop words alone, in any case, with any punctuation around it.
func IsStopWord(text string) bool {
	return stopWords[strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!?\"' "))]
}

// StopDMs answers the stop word: it turns off the member's self-care
// nudges and check-in reminders in every server, at once, and says so in
// the language Kindred DMs them in (their /me language or the Discord
// language they asked for DMs in; English if neither is known).
func StopDMs(ctx context.Context, store dmStopper, userID string) (*discordgo.MessageSend, error) {
	return stopDMsIn(ctx, store, userID, i18n.For(dmLanguage(ctx, store, userID, "")))
}

// stopDMsIn is StopDMs answering in p's language.
func stopDMsIn(ctx context.Context, store dmStopper, userID string, p *i18n.Printer) (*discordgo.MessageSend, error) {
	n, err := store.StopAllDMs(ctx, userID)
	if err != nil {
		return nil, err
	}
	text := p.T("dms.stopped_all")
	if n == 0 {
		text = p.T("dms.nothing_to_stop")
	}
	return &discordgo.MessageSend{Content: text}, nil
}

// StopFailed is the DM sent when the stop word could not be carried out,
// in the language Kindred DMs the member in.
func StopFailed(ctx context.Context, store languageNoter, userID string) string {
	return i18n.For(dmLanguage(ctx, store, userID, "")).T("dms.stop_failed")
}
