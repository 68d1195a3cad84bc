package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Talk to someone: requests nobody has taken in the time moderators set
// are due work (talk_requests.escalate_at), looked at every tick; closed
// support threads past their server's retention are deleted by the sweep.

const (
	// talkBatch bounds the requests one tick escalates and the threads
	// one sweep deletes.
	talkBatch = 50
	// talkRetry is how long an escalation that could not be sent waits.
	talkRetry = 2 * time.Minute
	// talkDraftLifetime is how long a request a member never confirmed is kept.
	talkDraftLifetime = 24 * time.Hour
)

// TalkNotifier tells a member nobody has taken their request yet and asks
// the listeners again. The bot implements it.
type TalkNotifier interface {
	TalkUnanswered(ctx context.Context, r data.TalkRequest, now time.Time) error
}

// ThreadDeleter deletes a thread Kindred opened. The bot implements it.
type ThreadDeleter interface {
	DeleteThread(ctx context.Context, threadID string) error
}

func (r *Runner) talkNotifier() TalkNotifier {
	if n, ok := r.Notifier.(TalkNotifier); ok {
		return n
	}
	return nil
}

func (r *Runner) threadDeleter() ThreadDeleter {
	if d, ok := r.Notifier.(ThreadDeleter); ok {
		return d
	}
	if d, ok := r.Deleter.(ThreadDeleter); ok {
		return d
	}
	return nil
}

// TalkTimeouts tells the members whose requests nobody has taken by now,
// once each: a request is claimed before the message goes out, so two
// processes never both send it, and released to try again if it fails.
func (r *Runner) TalkTimeouts(ctx context.Context, now time.Time) error {
	n := r.talkNotifier()
	if n == nil {
		return nil
	}
	due, err := r.Store.DueTalkEscalations(ctx, now, talkBatch)
	if err != nil {
		return err
	}
	var errs []error
	for _, t := range due {
		if ctx.Err() != nil {
			break
		}
		claimed, err := r.Store.ClaimTalkEscalation(ctx, t.GuildID, t.ID, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !claimed {
			continue // taken, closed or claimed meanwhile
		}
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		err = n.TalkUnanswered(sctx, t, now)
		cancel()
		var permanent *data.DeliveryError
		if errors.As(err, &permanent) {
			// The thread is gone or closed to Kindred: retrying won't help.
			r.log().Warn("could not tell a member nobody has taken their request yet; giving up", "guild", t.GuildID, "request", t.ID, "reason", permanent.Reason)
			continue
		}
		if err != nil {
			r.log().Warn("could not tell a member nobody has taken their request yet; trying again", "guild", t.GuildID, "request", t.ID, "err", err)
			errs = append(errs, r.Store.ReleaseTalkEscalation(ctx, t.GuildID, t.ID, now.Add(talkRetry)))
			continue
		}
		r.log().Info("told a member nobody has taken their request yet", "guild", t.GuildID, "request", t.ID)
	}
	return errors.Join(errs...)
}

// sweepTalk deletes support threads closed longer ago than their server's
// talk_retention_days (unless the member asked to keep theirs), keeping
// only anonymous counts of them, and forgets drafts never confirmed.
func (r *Runner) sweepTalk(ctx context.Context, now time.Time) error {
	var errs []error
	if n, err := r.Store.PruneTalkDrafts(ctx, now.Add(-talkDraftLifetime)); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		r.log().Debug("forgot unconfirmed requests for support", "count", n)
	}
	old, err := r.Store.TalkThreadsPastRetention(ctx, now, talkBatch)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	del, posts := r.threadDeleter(), r.deleter()
	deleted := 0
	for _, t := range old {
		// The notice and hand-over notes about the request go too; one
		// that can't be deleted (Kindred lost access) is only logged.
		ps, err := r.Store.TalkPosts(ctx, t.GuildID, t.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range ps {
			if posts == nil {
				break
			}
			if err := posts.DeleteMessage(ctx, p.ChannelID, p.MessageID); err != nil {
				r.log().Warn("could not delete a post about a support thread past retention", "guild", t.GuildID, "request", t.ID, "kind", p.Kind, "err", err)
			}
		}
		if t.ThreadID != "" {
			if del == nil {
				break // nothing can delete threads: keep the record until something can
			}
			if err := del.DeleteThread(ctx, t.ThreadID); err != nil {
				r.log().Warn("could not delete a support thread past retention", "guild", t.GuildID, "request", t.ID, "err", err)
				continue
			}
		}
		if err := r.Store.ForgetTalkRequest(ctx, t.GuildID, t.ID); err != nil {
			errs = append(errs, fmt.Errorf("forget a support thread past retention: %w", err))
			continue
		}
		deleted++
	}
	if deleted > 0 {
		r.log().Info("deleted support threads past their server's retention", "count", deleted)
	}
	return errors.Join(errs...)
}
