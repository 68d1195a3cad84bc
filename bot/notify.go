package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Deliver renders a delivery the scheduler planned (package commands owns
// the words and buttons) and sends it once (see deliver.go), its requests
// ranked for the global pace by the delivery's urgency. It implements the
// scheduler's Notifier: failures Discord will keep refusing are returned
// as a *data.DeliveryError saying how to treat them; anything else is
// temporary and will be retried.
func (b *Bot) Deliver(ctx context.Context, d data.Delivery) (string, error) {
	id, err := b.deliverOne(withRank(ctx, d.SendRank()), d)
	b.cfg.Metrics.Delivery(d.Kind, deliveryOutcome(err), b.cfg.Now().Sub(d.DueAt))
	return id, err
}

// deliveryOutcome names how a delivery attempt ended, for metrics.
func deliveryOutcome(err error) string {
	switch {
	case err == nil:
		return "sent"
	case errors.Is(err, data.ErrDeliveryUnreachable):
		return "unreachable"
	case errors.Is(err, data.ErrDeliveryPermanent):
		return "permanent"
	case errors.Is(err, data.ErrDeliveryObsolete):
		return "obsolete"
	default:
		return "retry"
	}
}

func (b *Bot) deliverOne(ctx context.Context, d data.Delivery) (string, error) {
	out, err := commands.RenderDelivery(ctx, b.cfg.Store, d)
	if err != nil {
		return "", err
	}
	nonce := DeliveryNonce(d)
	if out.UserID != "" {
		ch, err := b.send.OpenDM(ctx, out.UserID)
		if err != nil {
			return "", classifySendError(err, true)
		}
		id, err := b.send.sendOnce(ctx, ch, out.Message, nonce, true)
		return id, classifySendError(err, true)
	}
	channelID := b.postChannel(d, out.ChannelID, out.ToModerators)
	if channelID == "" {
		return "", &data.DeliveryError{Kind: data.ErrDeliveryObsolete, Reason: "there is no channel to post it in"}
	}
	if out.Forum != nil && b.send.isForum(d.GuildID, channelID) {
		id, err := b.send.forumPost(ctx, d.GuildID, channelID, *out.Forum, out.Message, nonce)
		return id, classifySendError(err, false)
	}
	id, err := b.send.sendOnce(ctx, channelID, out.Message, nonce, false)
	if err != nil {
		return "", classifySendError(err, false)
	}
	if out.Thread != "" {
		b.startThread(ctx, d.GuildID, channelID, id, out.Thread)
	}
	b.afterMeetingPost(ctx, d, channelID, id)
	return id, nil
}

// postChannel is where a channel post goes: as rendered, or for a notice
// to moderators without an alerts channel, the server's system channel
// (as for other moderator notices).
func (b *Bot) postChannel(d data.Delivery, channelID string, toModerators bool) string {
	if channelID == "" && toModerators {
		channelID = systemChannel(b.sessionFor(d.GuildID).State, d.GuildID)
	}
	return channelID
}

// FindDelivered looks for the message an earlier attempt at d may have
// posted unseen (a crash, a timeout, a 5xx after Discord stored it):
// Kindred's own message carrying d's marker, posted in d's channel (or
// DM) since d was first claimed. It implements the scheduler's Finder.
func (b *Bot) FindDelivered(ctx context.Context, d data.Delivery) (string, bool, error) {
	ctx = withRank(ctx, d.SendRank())
	since := d.FirstClaimedAt
	if since.IsZero() {
		since = d.ClaimedAt
	}
	channelID, userID := d.ChannelID, d.UserID
	toModerators := false
	// Render for the destination only: it may differ from the planned one
	// (a meeting moved to another channel), or name the alerts channel.
	if out, err := commands.RenderDelivery(ctx, b.cfg.Store, d); err == nil {
		channelID, userID, toModerators = out.ChannelID, out.UserID, out.ToModerators
	}
	if userID != "" {
		ch, err := b.send.OpenDM(ctx, userID)
		if err != nil {
			return "", false, err
		}
		channelID = ch
	} else {
		channelID = b.postChannel(d, channelID, toModerators)
	}
	if channelID == "" {
		return "", false, nil
	}
	// Errors stay temporary: a channel Kindred cannot read the history of
	// is retried, then given up and logged, rather than risk a second post.
	if b.send.isForum(d.GuildID, channelID) {
		return b.send.findForumMarked(ctx, d.GuildID, channelID, DeliveryNonce(d), since)
	}
	return b.send.findMarked(ctx, channelID, DeliveryNonce(d), since)
}

// startThread opens a public thread on a message Kindred posted, where
// Kindred may; the post stands without it, so a failure is only logged.
func (b *Bot) startThread(ctx context.Context, guildID, channelID, messageID, name string) {
	perms, err := b.send.BotPermissions(guildID, channelID)
	if err != nil || perms&discordgo.PermissionCreatePublicThreads == 0 {
		return
	}
	_, err = b.session.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{
		Name: name, AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread,
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Warn("open a thread on a post", "guild", guildID, "channel", channelID, "err", err)
	}
}

// classifySendError tells the scheduler which failures are worth
// retrying. Discord's JSON error codes are more precise than the HTTP
// status, so they are checked first.
func classifySendError(err error, dm bool) error {
	if err == nil {
		return nil
	}
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return err // network trouble or a timeout: temporary
	}
	code := 0
	if re.Message != nil {
		code = re.Message.Code
	}
	status := re.Response.StatusCode
	unreachable := func(reason string) error {
		return &data.DeliveryError{Kind: data.ErrDeliveryUnreachable, Reason: reason, Err: err}
	}
	switch {
	case code == discordgo.ErrCodeCannotSendMessagesToThisUser:
		return unreachable("the member doesn't accept direct messages from Kindred")
	case code == discordgo.ErrCodeUnknownUser:
		return unreachable("the member's account no longer exists")
	case code == discordgo.ErrCodeUnknownChannel:
		return unreachable("the channel was deleted")
	case code == discordgo.ErrCodeMissingAccess:
		return unreachable("Kindred can't see the channel any more")
	case code == discordgo.ErrCodeMissingPermissions:
		return unreachable("Kindred is missing permissions in the channel")
	case code == errCodeForumTagRequired:
		return &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: msgForumTagRequired, Err: err}
	case status == http.StatusForbidden && dm:
		return unreachable("the member doesn't accept direct messages from Kindred")
	case status == http.StatusForbidden:
		return unreachable("Discord refused Kindred access to the channel")
	case status == http.StatusNotFound:
		return unreachable("the channel could not be found")
	case status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500:
		return err
	case status >= 400:
		return &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: fmt.Sprintf("Discord rejected the message (HTTP %d)", status), Err: err}
	}
	return err
}
