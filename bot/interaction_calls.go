package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// An interaction's own endpoints (its callback, and the webhook of its
// token for the original reply and follow-ups) have URLs that hold its ID
// and token. discordgo keys a rate-limit bucket by URL and keeps every
// bucket for good, so each interaction it answered left one or two
// buckets behind (their keys hold the token): memory that grew with every
// interaction for as long as the process ran. Discord limits these
// endpoints per interaction, not by the bot's global limit, so each call
// here takes a bucket of a limiter made for that call alone, which goes
// when the call does. discordgo still waits out a 429 and retries a 502
// on it, as it does for any request.

// interactionCall sends one request to an interaction's endpoint url:
// data as JSON, or with files as multipart.
func (b *Bot) interactionCall(ctx context.Context, method, url string, data any, files []*discordgo.File) error {
	contentType, body := "application/json", []byte(nil)
	var err error
	if len(files) > 0 {
		contentType, body, err = discordgo.MultipartBodyWithJSON(data, files)
	} else if data != nil {
		body, err = discordgo.Marshal(data)
	}
	if err != nil {
		return err
	}
	bucket := discordgo.NewRatelimiter().LockBucket(url)
	_, err = b.session.RequestWithLockedBucket(method, url, contentType, body, bucket, 0, discordgo.WithContext(ctx))
	return err
}

// respond answers interaction i with resp.
func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	return b.interactionCall(ctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, files)
}

// editOriginal edits i's original reply.
func (b *Bot) editOriginal(ctx context.Context, i *discordgo.Interaction, edit *discordgo.WebhookEdit) error {
	return b.interactionCall(ctx, "PATCH", discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), edit, edit.Files)
}

// deleteOriginal deletes i's original reply.
func (b *Bot) deleteOriginal(ctx context.Context, i *discordgo.Interaction) error {
	return b.interactionCall(ctx, "DELETE", discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), nil, nil)
}

// followup sends a follow-up message to i.
func (b *Bot) followup(ctx context.Context, i *discordgo.Interaction, params *discordgo.WebhookParams) error {
	return b.interactionCall(ctx, "POST", discordgo.EndpointWebhookToken(i.AppID, i.Token)+"?wait=true", params, params.Files)
}
