package commands

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// StopWords are the words that, sent to Kindred alone in a DM, stop every
// DM it sends on its own.
var stopWords = map[string]bool{"stop": true, "unsubscribe": true, "stop all": true, "cancel": true}

// dmStopper is what the stop word needs of the store.
type dmStopper interface {
	StopAllDMs(ctx context.Context, userID string) (int, error)
}

// IsStopWord reports whether a DM asks Kindred to stop its DMs: one of the
// stop words alone, in any case, with any punctuation around it.
func IsStopWord(text string) bool {
	return stopWords[strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!?\"' "))]
}

// StopDMs answers the stop word: it turns off the member's self-care
// nudges and check-in reminders in every server, at once, and says so.
func StopDMs(ctx context.Context, store dmStopper, userID string) (*discordgo.MessageSend, error) {
	n, err := store.StopAllDMs(ctx, userID)
	if err != nil {
		return nil, err
	}
	text := "Done: I've stopped your self-care nudges and check-in reminders in every server. " +
		"You can turn them on again any time with `/selfcare nudge on` or `/checkin remind on`. Take care. 💙"
	if n == 0 {
		text = "You have no nudges or reminders from me, so there's nothing to stop. " +
			"If you need help right now, `/crisis` in your server lists crisis lines."
	}
	return &discordgo.MessageSend{Content: text}, nil
}
