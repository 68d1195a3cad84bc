package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Retention: how long Kindred keeps what it keeps. See Runner.Sweep.
const (
	// GuildGrace is how long a server's data is kept after Kindred was
	// removed from it (an outage is not a removal), so that a moderator
	// who removed Kindred by mistake can add it back and lose nothing.
	// After that every record of the server is deleted.
	GuildGrace = 30 * 24 * time.Hour
	// sweepEvery is how often the retention sweep runs.
	sweepEvery = time.Hour
	// sweepBatch is how many departed members one sweep looks at (and
	// asks Discord about) at most.
	sweepBatch = 100
	// maxErasedPerSweep bounds the departed members whose data one sweep
	// deletes, so that a backlog never holds up the tick (and the meeting
	// reminders it sends); the rest wait for the next sweep.
	maxErasedPerSweep = 50
	// KeepPastOccurrences is how long a meeting occurrence nobody attended
	// is kept after it started, as long as its deliveries (keepFinished).
	KeepPastOccurrences = 30 * 24 * time.Hour
)

// MemberChecker tells whether a user is still a member of a server. The
// bot implements it; the sweep asks it before deleting the data of a
// member recorded as gone, since Kindred may have missed them coming back
// while it was offline.
type MemberChecker interface {
	IsMember(ctx context.Context, guildID, userID string) (bool, error)
}

// members is the runner's MemberChecker: the Notifier, if it can check
// (the bot can). Without one, departed members are taken at their word.
func (r *Runner) members() MemberChecker {
	if m, ok := r.Notifier.(MemberChecker); ok {
		return m
	}
	return nil
}

// MessageDeleter deletes a message Kindred posted. The bot implements it;
// the sweep uses it to delete the check-in and celebration posts of a
// member whose data is deleted after they left.
type MessageDeleter interface {
	DeleteMessage(ctx context.Context, channelID, messageID string) error
}

// deleter is the runner's MessageDeleter: Deleter, or else the Notifier
// if it can delete messages too (the bot can).
func (r *Runner) deleter() MessageDeleter {
	if r.Deleter != nil {
		return r.Deleter
	}
	if d, ok := r.Notifier.(MessageDeleter); ok {
		return d
	}
	return nil
}

// Sweep applies the retention rules at now: it deletes check-in notes
// older than their server's note_retention_days (only the notes); deletes
// the data, and the posts Kindred made for them, of members who left a
// server longer ago than its member_grace_days and did not come back
// (checked with Discord, at most maxErasedPerSweep members a sweep);
// deletes everything of servers Kindred was removed from more than
// GuildGrace ago and did not return to; deletes support threads closed
// longer ago than their server's talk_retention_days (unless kept) and
// meeting occurrences nobody attended older than KeepPastOccurrences; and
// forgets the concern limit's counts older than a day. Tick runs it
// hourly. It logs counts and
// server IDs, never who.
func (r *Runner) Sweep(ctx context.Context, now time.Time) error {
	var errs []error
	if n, err := r.Store.PruneCheckinNotes(ctx, now); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		r.log().Info("deleted check-in notes past their server's retention", "count", n)
	}
	errs = append(errs, r.sweepDeparted(ctx, now))
	errs = append(errs, r.sweepRemovedGuilds(ctx, now))
	errs = append(errs, r.sweepTalk(ctx, now))
	if n, err := r.Store.PruneMeetingOccurrences(ctx, now.Add(-KeepPastOccurrences)); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		r.log().Info("deleted past meeting occurrences nobody attended", "count", n)
	}
	if n, err := r.Store.PruneConcernRate(ctx, now.Add(-data.ConcernRateWindow)); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		r.log().Debug("forgot old concern limit counts", "count", n)
	}
	return errors.Join(errs...)
}

// sweepDeparted deletes the data of members whose grace period is over
// and who, as Discord says, are really gone: one still there (Kindred
// missed them coming back) is recorded as back instead; one Discord
// can't answer about goes to the back of the queue for a later sweep, so
// that progress is guaranteed.
func (r *Runner) sweepDeparted(ctx context.Context, now time.Time) error {
	due, err := r.Store.MembersPastGrace(ctx, now, sweepBatch)
	if err != nil {
		return err
	}
	del, members := r.deleter(), r.members()
	erased, unchecked := 0, 0
	for _, m := range due {
		if erased >= maxErasedPerSweep || ctx.Err() != nil {
			break
		}
		if members != nil {
			in, err := members.IsMember(ctx, m.GuildID, m.UserID)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				unchecked++
				// To the back of the queue, so the next sweep reaches
				// the members after this one.
				if err := r.Store.MemberCheckFailed(ctx, m.GuildID, m.UserID, now); err != nil {
					return err
				}
				continue
			}
			if in {
				if err := r.Store.MemberReturned(ctx, m.GuildID, m.UserID); err != nil {
					return err
				}
				r.log().Info("a member recorded as gone is still in the server; their data stays", "guild", m.GuildID)
				continue
			}
		}
		d, err := r.Store.DeleteMemberData(ctx, m.GuildID, m.UserID)
		if err != nil {
			return fmt.Errorf("delete data of a departed member: %w", err)
		}
		erased++
		failed := 0
		for _, p := range d.Posts {
			if p.Kind == data.PostTalkThread {
				if td := r.threadDeleter(); td == nil || td.DeleteThread(ctx, p.ChannelID) != nil {
					failed++
				}
				continue
			}
			if del == nil {
				failed++
				continue
			}
			if err := del.DeleteMessage(ctx, p.ChannelID, p.MessageID); err != nil {
				failed++
				r.log().Warn("could not delete a departed member's post", "guild", m.GuildID, "channel", p.ChannelID, "message", p.MessageID, "kind", p.Kind, "err", err)
			}
		}
		r.log().Info("deleted the data of a member who left", "guild", m.GuildID, "left", m.LeftAt,
			"records", d.Total(), "posts", len(d.Posts)-failed, "posts_not_deleted", failed)
	}
	if unchecked > 0 {
		r.log().Warn("could not check with Discord whether departed members are gone; trying again next sweep", "count", unchecked)
	}
	return ctx.Err()
}

// retract deletes a message that was sent while its delivery was being
// erased (with a member's data): nothing would remember it otherwise.
// Only channel posts can be deleted; a direct message went to the member
// who erased their data.
func (r *Runner) retract(ctx context.Context, d data.Delivery, messageID string) error {
	log := r.log().With("delivery", d.ID, "kind", d.Kind, "guild", d.GuildID)
	del := r.deleter()
	if d.UserID != "" || d.ChannelID == "" || messageID == "" || del == nil {
		log.Warn("a message went out while its record was being erased, and can't be deleted")
		return nil
	}
	if err := del.DeleteMessage(ctx, d.ChannelID, messageID); err != nil {
		return fmt.Errorf("delete a post whose record was erased while it was sent: %w", err)
	}
	log.Info("deleted a post whose record was erased while it was sent")
	return nil
}

// sweepRemovedGuilds deletes the data of servers past GuildGrace.
func (r *Runner) sweepRemovedGuilds(ctx context.Context, now time.Time) error {
	cutoff := now.Add(-GuildGrace)
	guilds, err := r.Store.RemovedGuildsPastGrace(ctx, cutoff)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range guilds {
		erased, err := r.Store.EraseRemovedGuild(ctx, g, cutoff)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if erased {
			r.log().Info("deleted the data of a server Kindred was removed from", "guild", g, "grace", GuildGrace)
		}
	}
	return errors.Join(errs...)
}
