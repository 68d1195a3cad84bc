package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// Private support threads (Talk to someone), within the global rate limit.

// CreatePrivateThread opens a private thread in a channel, which members
// cannot join by themselves. A server whose boost level doesn't allow
// private threads, or a channel where Kindred lacks the permissions, is
// reported as commands.ErrNoPrivateThreads.
func (d *sender) CreatePrivateThread(ctx context.Context, channelID, name string) (string, error) {
	th, err := d.s.ThreadStartComplex(channelID, &discordgo.ThreadStart{
		Name: name, Type: discordgo.ChannelTypeGuildPrivateThread, AutoArchiveDuration: 10080, Invitable: false,
	}, discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Message != nil {
			switch re.Message.Code {
			case discordgo.ErrCodeGuildPremiumSubscriptionLevelTooLow, discordgo.ErrCodeMissingPermissions,
				discordgo.ErrCodeMissingAccess, discordgo.ErrCodeUnknownChannel, 50024:
				return "", fmt.Errorf("open a private thread in channel %s: %w: %w", channelID, commands.ErrNoPrivateThreads, err)
			}
		}
		return "", fmt.Errorf("open a private thread in channel %s: %w", channelID, err)
	}
	return th.ID, nil
}

// AddThreadMember adds a member to a thread.
func (d *sender) AddThreadMember(ctx context.Context, threadID, userID string) error {
	if err := d.s.ThreadMemberAdd(threadID, userID, discordgo.WithContext(ctx)); err != nil {
		if restCode(err) == discordgo.ErrCodeUnknownChannel {
			return fmt.Errorf("add a member to thread %s: %w: %w", threadID, commands.ErrChannelGone, err)
		}
		return fmt.Errorf("add a member to thread %s: %w", threadID, err)
	}
	return nil
}

// RemoveThreadMember removes a member from a thread.
func (d *sender) RemoveThreadMember(ctx context.Context, threadID, userID string) error {
	if err := d.s.ThreadMemberRemove(threadID, userID, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("remove a member from thread %s: %w", threadID, err)
	}
	return nil
}

// ArchiveThread archives a thread, and locks it when lock is set, so only
// moderators can open it again.
func (d *sender) ArchiveThread(ctx context.Context, threadID string, lock bool) error {
	yes := true
	edit := &discordgo.ChannelEdit{Archived: &yes}
	if lock {
		edit.Locked = &yes
	}
	if _, err := d.s.ChannelEdit(threadID, edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("archive thread %s: %w", threadID, err)
	}
	return nil
}

// DeleteThread deletes a thread. One that is gone already is not an error.
func (d *sender) DeleteThread(ctx context.Context, threadID string) error {
	_, err := d.s.ChannelDelete(threadID, discordgo.WithContext(ctx))
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete thread %s: %w", threadID, err)
	}
	return nil
}

// DeleteThread deletes a support thread past retention or of a member who
// erased their data: with it the bot is the scheduler's ThreadDeleter.
func (b *Bot) DeleteThread(ctx context.Context, threadID string) error {
	return b.send.DeleteThread(ctx, threadID)
}

// TalkUnanswered tells a member nobody has taken their request yet and
// asks the listeners again: with it the bot is the scheduler's
// TalkNotifier. Package commands owns the words.
func (b *Bot) TalkUnanswered(ctx context.Context, r data.TalkRequest, now time.Time) error {
	// A thread that is gone, or one Kindred may no longer post in, is
	// reported as such, so the scheduler stops trying.
	return classifySendError(commands.TalkUnanswered(ctx, b.cfg.Store, b.send, b.log, r, now), false)
}
