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
	// sweepBatch is how many departed members are loaded at a time.
	sweepBatch = 100
)

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
// server longer ago than its member_grace_days and did not come back;
// deletes everything of servers Kindred was removed from more than
// GuildGrace ago and did not return to; and forgets the concern limit's
// counts older than a day. Tick runs it hourly. It logs counts and
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
	if n, err := r.Store.PruneConcernRate(ctx, now.Add(-data.ConcernRateWindow)); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		r.log().Debug("forgot old concern limit counts", "count", n)
	}
	return errors.Join(errs...)
}

// sweepDeparted deletes the data of members whose grace period is over.
func (r *Runner) sweepDeparted(ctx context.Context, now time.Time) error {
	del := r.deleter()
	for ctx.Err() == nil {
		due, err := r.Store.MembersPastGrace(ctx, now, sweepBatch)
		if err != nil {
			return err
		}
		for _, m := range due {
			d, err := r.Store.DeleteMemberData(ctx, m.GuildID, m.UserID)
			if err != nil {
				// Stop here: the member is still due, and would be again
				// in this loop.
				return fmt.Errorf("delete data of a departed member: %w", err)
			}
			failed := 0
			for _, p := range d.Posts {
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
		if len(due) < sweepBatch {
			return nil
		}
	}
	return ctx.Err()
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
