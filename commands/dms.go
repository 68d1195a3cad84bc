package commands

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// dmStopper is what the stop word needs of the store.
type dmStopper interface {
	StopAllDMs(ctx context.Context, userID string) (int, error)
	languageNoter
}

// IsStopWord reports whether a DM asks Kindred to stop its DMs: one of the
// stop words of any language Kindred speaks (dms.stop_words; English's
// "stop" works everywhere) alone, in any case, with or without accents,
// with any punctuation around it.
func IsStopWord(text string) bool {
	stop, _ := stopWordSets()
	return stop[normalStop(text)]
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
