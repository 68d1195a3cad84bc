package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// Notifier renders and sends one delivery, returning the sent message's
// ID. Package bot implements it: the scheduler decides when, the bot
// decides what and how.
//
// A failure wrapped in a *data.DeliveryError of kind
// data.ErrDeliveryUnreachable, data.ErrDeliveryPermanent or
// data.ErrDeliveryObsolete is not retried; any other error is taken as
// temporary (a network error, 5xx or 429) and retried with backoff while
// the delivery is still useful.
type Notifier interface {
	Deliver(ctx context.Context, d data.Delivery) (messageID string, err error)
}

// Finder is what a Notifier may also implement to make delivery exactly
// once: it looks for the message an earlier attempt at d may have posted
// unseen (the process was killed mid-send, or Discord stored the message
// and then answered 5xx or timed out). Package bot implements it by
// reading the channel's messages since d was first claimed.
type Finder interface {
	FindDelivered(ctx context.Context, d data.Delivery) (messageID string, found bool, err error)
}

// Ticker delivers the runner's ticks.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Timing of the runner. See the package documentation for the policy.
const (
	// DefaultInterval is how often Run ticks.
	DefaultInterval = 30 * time.Second
	// StartGrace is how late a "starting now" post may still go out.
	StartGrace = 10 * time.Minute
	// planAhead is how far beyond a meeting's longest reminder
	// occurrences are planned, so a reminder is a row well before it is
	// due, whatever the tick interval.
	planAhead = time.Hour
	// maxOccurrencesPerPlan bounds one meeting's planning in one tick;
	// a very frequent schedule is planned over several ticks.
	maxOccurrencesPerPlan = 50
	// planBatch is how many meetings are loaded at a time.
	planBatch = 500
	// maxPlanBatches bounds one tick's planning: a meeting that stays due
	// (say, one edited while it was being planned) is left for the next
	// tick rather than looped over.
	maxPlanBatches = 100
	// dispatchBatch is how many due deliveries are loaded at a time.
	dispatchBatch = 1000
	// defaultWorkers is how many destinations are sent to at once; the
	// bot's global pace keeps them within Discord's limits.
	defaultWorkers = 128
	// sendTimeout bounds one delivery attempt (the claim is taken only
	// when the destination's turn has come, so this is the request itself).
	sendTimeout = 10 * time.Second
	// ClaimLease is when a claimed delivery that was never finished (its
	// process stopped while sending) is returned to pending, to be looked
	// for and, if it never went out, sent.
	ClaimLease = sendTimeout + 5*time.Second
	// changeSettle is how long Run lets a burst of writes settle before
	// looking for work they planned.
	changeSettle = 250 * time.Millisecond
	// nonceWindow is how long after a first attempt a repeat is certainly
	// deduplicated by its nonce (Discord keeps nonces "a few minutes"):
	// within it, a repeat needs no look at the channel first.
	nonceWindow = 2 * time.Minute
	// maxAttempts is how often a delivery is tried before giving up.
	maxAttempts = 12
	// retryBase and retryMax bound the backoff between attempts. A
	// Discord 5xx is usually over in seconds, and a "starting now" post
	// has ten minutes: start short.
	retryBase = 5 * time.Second
	retryMax  = 10 * time.Minute
	// planRetry is how long a meeting that could not be planned waits.
	planRetry = 5 * time.Minute
	// keepFinished is how long sent, skipped and failed deliveries are kept.
	keepFinished = 30 * 24 * time.Hour
	// pruneEvery is how often old deliveries are pruned.
	pruneEvery = time.Hour
	// alertLifetime is how long a moderator alert may wait to be sent.
	alertLifetime = 24 * time.Hour
)

// Runner plans meetings' occurrences and reminders as rows, and sends due
// deliveries through a Notifier. Run it once per process; several
// processes on one database never send a delivery twice.
type Runner struct {
	Store    *data.Store
	Notifier Notifier
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives what was sent, skipped and failed (never message
	// content). nil discards.
	Log *slog.Logger
	// Interval between ticks; 0 means DefaultInterval.
	Interval time.Duration
	// NewTicker makes Run's ticker; nil means a time.Ticker.
	NewTicker func(time.Duration) Ticker
	// NewTimer makes the timer Run sets for the next due delivery, so a
	// post leaves at its time rather than at the next tick; nil means a
	// time.Timer.
	NewTimer func(time.Duration) Ticker
	// Workers is how many destinations (channels, members' DMs) are sent
	// to concurrently, one delivery at a time each; 0 means 128.
	Workers int
	// Deleter deletes posts of members whose data the retention sweep
	// deletes; nil means the Notifier, if it can.
	Deleter MessageDeleter

	// Shards, when set, limits sending to the deliveries of this process's
	// gateway shards (see data.Shards); the zero value sends them all.
	Shards data.Shards

	// Observe, if set, is told how long each Tick took and when it ended
	// (wall-clock time), for metrics.
	Observe func(took time.Duration, end time.Time)

	planBatchSize int // rows loaded at a time for planning; 0 means planBatch (tests set it)
	lastPrune     time.Time
	lastSweep     time.Time
	lastTick      atomic.Int64 // wall-clock Unix nanoseconds of the last Tick's end
	started       bool         // the first tick released the claims left from before
}

// LastTick is when the last Tick ended, by the wall clock (the zero time
// before the first), so a health check can tell a stalled scheduler.
func (r *Runner) LastTick() time.Time {
	n := r.lastTick.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func (r *Runner) observeTick(start time.Time) {
	end := time.Now()
	r.lastTick.Store(end.UnixNano())
	if r.Observe != nil {
		r.Observe(end.Sub(start), end)
	}
}

func (r *Runner) now() time.Time {
	if r.Now == nil {
		return time.Now().UTC()
	}
	return r.Now().UTC()
}

func (r *Runner) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

type timeTicker struct{ t *time.Ticker }

func (t timeTicker) C() <-chan time.Time { return t.t.C }
func (t timeTicker) Stop()               { t.t.Stop() }

type timeTimer struct{ t *time.Timer }

func (t timeTimer) C() <-chan time.Time { return t.t.C }
func (t timeTimer) Stop()               { t.t.Stop() }

// Run ticks at once, then whenever the next delivery is due (or a claim's
// lease ends), whenever something else writes to the store (a command
// that just planned a post), and at least every Interval, until ctx is
// done. Sends in flight when ctx ends are finished (and recorded) before
// Run returns, so stop Run before closing the store.
func (r *Runner) Run(ctx context.Context) error {
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	var t Ticker
	if r.NewTicker != nil {
		t = r.NewTicker(interval)
	} else {
		t = timeTicker{time.NewTicker(interval)}
	}
	defer t.Stop()
	r.log().Info("scheduler started", "interval", interval)
	for {
		if err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			r.log().Error("scheduler tick", "err", err)
		}
		var wake <-chan time.Time
		var tm Ticker
		if d, ok := r.untilNext(ctx, interval); ok {
			tm = r.newTimer(d)
			wake = tm.C()
		}
		stop := false
		select {
		case <-ctx.Done():
			stop = true
		case <-t.C():
		case <-wake:
		case <-r.Store.Changed():
			// Writes come in bursts (members checking in, pressing
			// buttons): look once for all of them, a moment later, so the
			// scheduler's own writes don't compete with every one.
			select {
			case <-ctx.Done():
				stop = true
			case <-time.After(changeSettle):
			}
		}
		if tm != nil {
			tm.Stop()
		}
		if stop {
			r.log().Info("scheduler stopped")
			return nil
		}
	}
}

func (r *Runner) newTimer(d time.Duration) Ticker {
	if r.NewTimer != nil {
		return r.NewTimer(d)
	}
	return timeTimer{time.NewTimer(d)}
}

// untilNext is how long until the next delivery work, if sooner than
// interval. Due times are whole seconds, so the wait ends just after one.
// Work due already but not sent (it could not be claimed) waits a second.
func (r *Runner) untilNext(ctx context.Context, interval time.Duration) (time.Duration, bool) {
	at, ok, err := r.Store.NextDeliveryWake(ctx, ClaimLease)
	if err != nil || !ok {
		return 0, false
	}
	d := at.Sub(r.now()) + 10*time.Millisecond
	if d <= 10*time.Millisecond {
		d = time.Second
	}
	return d, d < interval
}

// Tick does one round of work at the clock's current time: it gives up
// claims interrupted by a crash, plans what became plannable, sends what
// is due, and hourly applies the retention rules (Sweep).
func (r *Runner) Tick(ctx context.Context) error {
	defer r.observeTick(time.Now())
	ctx = data.Quiet(ctx) // the runner's own writes must not wake it
	now := r.now()
	var errs []error
	cutoff := now.Add(-ClaimLease)
	if !r.started {
		// Claims from before this runner started are a dead process's (or
		// one still finishing a send: its nonce makes our repeat of it
		// return the same message), so they need not wait for the lease.
		cutoff = now.Add(time.Second)
	}
	stale, err := r.Store.ReleaseStaleClaims(ctx, cutoff, now)
	if err == nil {
		r.started = true
	}
	errs = append(errs, err)
	for _, d := range stale {
		r.log().Warn("delivery was interrupted while sending; checking whether it went out before sending it",
			"delivery", d.ID, "kind", d.Kind, "guild", d.GuildID, "due", d.DueAt)
	}
	errs = append(errs,
		r.step("plan meetings", func() error { return r.Plan(ctx, now) }),
		r.step("plan self-care", func() error { return r.PlanSelfCare(ctx, now) }),
		r.step("plan check-in reminders", func() error { return r.PlanCheckins(ctx, now) }),
		r.step("send due deliveries", func() error { return r.Dispatch(ctx, now) }),
		r.step("talk timeouts", func() error { return r.TalkTimeouts(ctx, now) }))
	if now.Sub(r.lastPrune) >= pruneEvery {
		n, err := r.Store.PruneDeliveries(ctx, now.Add(-keepFinished))
		errs = append(errs, err)
		if err == nil {
			r.lastPrune = now
			if n > 0 {
				r.log().Info("pruned old deliveries", "count", n)
			}
		}
	}
	if now.Sub(r.lastSweep) >= sweepEvery {
		err := r.step("retention sweep", func() error { return r.Sweep(ctx, now) })
		errs = append(errs, err)
		if err == nil {
			r.lastSweep = now
		}
	}
	return errors.Join(errs...)
}

// Plan records, for every active meeting whose turn has come, its
// occurrences up to its longest reminder (plus an hour) ahead of now,
// and their reminders and "starting now" posts as deliveries.
func (r *Runner) Plan(ctx context.Context, now time.Time) error {
	return planAll(ctx, r, now, meetingSource{r})
}

// meetingSource plans meetings: their occurrences, reminders and
// "starting now" posts.
type meetingSource struct{ r *Runner }

func (meetingSource) Name() string                            { return "meeting" }
func (meetingSource) Grace() time.Duration                    { return StartGrace }
func (meetingSource) PlannedThrough(m data.Meeting) time.Time { return m.PlannedThrough }
func (meetingSource) LogAttrs(m data.Meeting) []any {
	return []any{"meeting", m.ID, "guild", m.GuildID}
}
func (s meetingSource) Due(ctx context.Context, now time.Time, limit int) ([]data.Meeting, error) {
	return s.r.Store.MeetingsToPlan(ctx, now, limit)
}
func (s meetingSource) Defer(ctx context.Context, m data.Meeting, until time.Time) error {
	return s.r.Store.DeferMeetingPlan(ctx, m.GuildID, m.ID, until)
}

// Plan computes m's plan, in its zone or its server's.
func (s meetingSource) Plan(ctx context.Context, m data.Meeting, w Window) (data.Planned, error) {
	st, err := s.r.Store.Settings(ctx, m.GuildID) // the store keeps them in memory
	if err != nil {
		return nil, err
	}
	if !st.Enabled(data.FeatureMeetings) {
		// Look again later, in case the feature is switched back on.
		return data.MeetingPlan{Meeting: m, PlannedThrough: m.PlannedThrough, NextPlanAt: w.Now.Add(planRetry)}, nil
	}
	sched, err := Parse(m.Schedule)
	if err != nil {
		return nil, fmt.Errorf("stored schedule %q: %w", m.Schedule, err)
	}
	loc := st.Location()
	if m.Zone != "" {
		if loc, err = time.LoadLocation(m.Zone); err != nil {
			return nil, fmt.Errorf("meeting time zone: %w", err)
		}
	}
	return meetingPlan(m, sched, loc, w), nil
}

// PlanFor computes the plan for meeting m, whose schedule is sched in loc,
// at now: the occurrences after what was planned (and at most StartGrace
// ago) up to its longest reminder plus an hour ahead, and when to plan
// again.
func PlanFor(m data.Meeting, sched Schedule, loc *time.Location, now time.Time) data.MeetingPlan {
	return meetingPlan(m, sched, loc, catchUp(m.PlannedThrough, now, StartGrace))
}

func meetingPlan(m data.Meeting, sched Schedule, loc *time.Location, w Window) data.MeetingPlan {
	now, from := w.Now, w.From
	lead := m.LongestReminder() + planAhead
	horizon := now.Add(lead)
	// Each occurrence's reminders go out no earlier than the previous
	// occurrence (or the meeting's creation, or now after downtime).
	notBefore := map[int64]time.Time{}
	p := data.MeetingPlan{Meeting: m, PlannedThrough: from, Deliveries: func(o data.Occurrence) []data.Delivery {
		return MeetingDeliveries(m, o, notBefore[o.StartsAt.Unix()])
	}}
	prev := from
	next, ok := sched.Next(from, loc)
	for ok && !next.After(horizon) && len(p.Starts) < maxOccurrencesPerPlan {
		p.Starts = append(p.Starts, next)
		notBefore[next.Unix()] = prev
		prev = next
		next, ok = sched.Next(next, loc)
	}
	if len(p.Starts) > 0 {
		p.PlannedThrough = p.Starts[len(p.Starts)-1]
	}
	switch {
	case !ok:
		// Nothing left (a one-off that is planned): no next plan.
	case !next.After(horizon):
		p.NextPlanAt = now.Add(time.Second) // capped: carry on next tick
	default:
		p.NextPlanAt = next.Add(-lead)
	}
	return p
}

// MeetingDeliveries returns the reminders and the "starting now" post for
// an occurrence of m. Reminders expire when the meeting starts; the
// "starting now" post StartGrace later. They share a group, so after
// downtime only the latest one due is sent.
//
// No reminder is due before notBefore (the previous occurrence, or when
// the meeting was created): of those that would be, only the one closest
// to the meeting is kept, due at notBefore. So a meeting created an hour
// before it starts is announced once, at once, and a meeting every 15
// minutes with a 24-hour reminder does not post 96 reminders at a time.
func MeetingDeliveries(m data.Meeting, o data.Occurrence, notBefore time.Time) []data.Delivery {
	base := fmt.Sprintf("meeting:%d:%s", m.ID, o.StartsAt.UTC().Format("2006-01-02T15:04Z"))
	mk := func(kind, key string, due, expires time.Time) data.Delivery {
		return data.Delivery{
			GuildID: m.GuildID, Kind: kind, Source: data.MeetingSource(m.ID), Ref: strconv.FormatInt(o.ID, 10),
			ChannelID: m.ChannelID, Group: base, Key: key, DueAt: due, ExpiresAt: expires,
		}
	}
	out := make([]data.Delivery, 0, len(m.Reminders)+1)
	early := -1 // the shortest offset due before notBefore (reminders are longest first)
	for i, off := range m.Reminders {
		if o.StartsAt.Add(-off).Before(notBefore) {
			early = i
		}
	}
	for i, off := range m.Reminders {
		due := o.StartsAt.Add(-off)
		switch {
		case i < early:
			continue
		case i == early:
			due = notBefore
		}
		out = append(out, mk(data.DeliveryMeetingReminder, base+":reminder:"+data.FormatOffset(off), due, o.StartsAt))
	}
	return append(out, mk(data.DeliveryMeetingStart, base+":start", o.StartsAt, o.StartsAt.Add(StartGrace)))
}

// Dispatch sends the deliveries due at now, oldest due first. Expired ones
// are skipped (and logged) first, and so are reminders superseded by a
// later one also due.
func (r *Runner) Dispatch(ctx context.Context, now time.Time) error {
	expired, err := r.Store.SkipExpired(ctx, now)
	if err != nil {
		return err
	}
	for _, d := range expired {
		r.log().Warn("delivery skipped: it was no longer useful when it could be sent",
			"delivery", d.ID, "kind", d.Kind, "guild", d.GuildID, "due", d.DueAt, "expired", d.ExpiresAt, "attempts", d.Attempts)
	}
	superseded, err := r.Store.SkipSuperseded(ctx, now)
	if err != nil {
		return err
	}
	for _, d := range superseded {
		r.log().Info("delivery skipped: a later one for the same thing is due too",
			"delivery", d.ID, "kind", d.Kind, "guild", d.GuildID, "due", d.DueAt)
	}
	seen := map[int64]bool{}
	for ctx.Err() == nil {
		batch, err := r.Store.DueDeliveriesOn(ctx, now, dispatchBatch, r.Shards)
		if err != nil {
			return err
		}
		var fresh []data.Delivery
		for _, d := range batch {
			if !seen[d.ID] {
				seen[d.ID] = true
				fresh = append(fresh, d)
			}
		}
		// Loop until nothing new is due: sending can enqueue more (a
		// moderator alert). Deliveries seen before and still pending
		// (expired meanwhile, or not claimable) wait for the next tick.
		if len(fresh) == 0 {
			return nil
		}
		r.sendAll(ctx, fresh)
	}
	return ctx.Err()
}

// sendAll sends ds, which come most urgent first. Each destination (a
// channel, or a member's DMs) is a lane of its own, sent in order by one
// goroutine: Discord's per-channel bucket (about 5 posts per 5 s) then
// holds up only its own lane, never the workers other channels need.
// Up to Workers lanes run at once, the most urgent lanes first; the bot's
// global pace serves their requests most urgent first.
func (r *Runner) sendAll(ctx context.Context, ds []data.Delivery) {
	if len(ds) == 0 {
		return
	}
	workers := r.Workers
	if workers <= 0 {
		workers = defaultWorkers
	}
	lanes := map[string][]data.Delivery{}
	var order []string
	for _, d := range ds {
		k := laneOf(d)
		if _, ok := lanes[k]; !ok {
			order = append(order, k)
		}
		lanes[k] = append(lanes[k], d)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, k := range order {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return
		}
		lane := lanes[k]
		wg.Go(func() {
			defer func() { <-sem }()
			for _, d := range lane {
				if ctx.Err() != nil {
					return
				}
				r.send(ctx, d)
			}
		})
	}
	wg.Wait()
}

// laneOf is the destination whose rate limit d is subject to.
func laneOf(d data.Delivery) string {
	switch {
	case d.UserID != "":
		return "user:" + d.UserID
	case d.ChannelID != "":
		return "channel:" + d.ChannelID
	}
	return "guild:" + d.GuildID // a notice to moderators
}

// send claims d, delivers it and records the outcome.
func (r *Runner) send(ctx context.Context, d data.Delivery) {
	now := r.now()
	if !d.ExpiresAt.After(now) {
		return // skipped as expired on the next tick
	}
	claimed, err := r.Store.ClaimDelivery(ctx, d, now)
	if err != nil {
		if ctx.Err() == nil {
			r.log().Error("claim delivery", "delivery", d.ID, "guild", d.GuildID, "err", err)
		}
		return
	}
	if !claimed {
		return // another runner has it
	}
	// A claimed delivery is finished even if ctx ends now, so it is not
	// left to the claim's lease.
	bg := context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(bg, sendTimeout)
	id, err := r.deliver(sendCtx, d, now)
	cancel()
	d.Attempts++
	if ferr := r.finish(bg, d, id, err); ferr != nil {
		r.log().Error("record delivery outcome", "delivery", d.ID, "guild", d.GuildID, "err", ferr)
	}
}

// deliverOnce sends d unless an earlier attempt already posted it. An
// attempt may have gone out unseen; after nonceWindow its nonce no longer
// guards a repeat, so the channel is read first. If it cannot be read,
// the attempt fails (and is retried) rather than risk a second post.
func (r *Runner) deliverOnce(ctx context.Context, d data.Delivery, now time.Time) (string, error) {
	f, ok := r.Notifier.(Finder)
	if ok && (d.Attempts > 0 || !d.FirstClaimedAt.IsZero()) {
		id, found, err := f.FindDelivered(ctx, d)
		switch {
		case err == nil && found:
			r.log().Info("delivery had gone out before an interruption; recorded, not sent again",
				"delivery", d.ID, "kind", d.Kind, "guild", d.GuildID)
			return id, nil
		case err != nil && (d.FirstClaimedAt.IsZero() || now.Sub(d.FirstClaimedAt) >= nonceWindow):
			return "", fmt.Errorf("check whether an earlier attempt went out: %w", err)
		}
	}
	return r.Notifier.Deliver(ctx, d)
}

func (r *Runner) finish(ctx context.Context, d data.Delivery, messageID string, err error) error {
	log := r.log().With("delivery", d.ID, "kind", d.Kind, "guild", d.GuildID)
	now := r.now()
	// reason is for moderators; stored is what the delivery row keeps: a
	// reason code and a redacted message (see data.FailureText).
	reason, stored := "", data.FailureText(err)
	if err != nil {
		reason = stored
		var de *data.DeliveryError
		if errors.As(err, &de) {
			reason = de.Reason
		}
	}
	switch {
	case err == nil:
		log.Info("delivery sent", "due", d.DueAt, "late", now.Sub(d.DueAt).Round(time.Second))
		if err := r.Store.CompleteDelivery(ctx, d, messageID, now); errors.Is(err, data.ErrDeliveryErased) {
			return r.retract(ctx, d, messageID)
		} else if err != nil {
			return err
		}
		if d.UserID != "" {
			return r.Store.ClearDMFailure(ctx, d.GuildID, d.UserID)
		}
		return nil
	case errors.Is(err, data.ErrDeliveryObsolete):
		log.Info("delivery skipped: no longer needed", "reason", reason)
		return r.Store.SkipDelivery(ctx, d, stored)
	case errors.Is(err, data.ErrDeliveryUnreachable):
		log.Warn("delivery failed: destination unreachable", "err", err)
		if err := r.Store.FailDelivery(ctx, d, stored); err != nil {
			return err
		}
		return r.unreachable(ctx, d, reason, now)
	case errors.Is(err, data.ErrDeliveryPermanent):
		log.Error("delivery failed for good", "err", err)
		return r.Store.FailDelivery(ctx, d, stored)
	case d.Attempts >= maxAttempts:
		log.Error("delivery failed; giving up", "attempts", d.Attempts, "err", err)
		return r.Store.FailDelivery(ctx, d, fmt.Sprintf("gave up after %d attempts: %s", d.Attempts, stored))
	default:
		next := RetryAt(d, now)
		log.Warn("delivery failed; will retry", "attempts", d.Attempts, "retry_at", next, "err", err)
		return r.Store.RetryDelivery(ctx, d, next, stored)
	}
}

// Backoff is the wait before attempt n+1 after n failed attempts: 5s,
// 10s, 20s, 40s, 80s, 160s, 320s, then 10m.
func Backoff(n int) time.Duration {
	d := retryBase
	for i := 1; i < n && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}

// RetryAt is when to try d again after its d.Attempts-th attempt failed
// at now: after Backoff, or, when that would be after d expires, halfway
// to its expiry (a reminder with a minute left is worth another try, not
// lost to a two-minute wait), but never sooner than retryBase. A delivery
// left less than that is let expire.
func RetryAt(d data.Delivery, now time.Time) time.Time {
	next := now.Add(Backoff(d.Attempts))
	if d.ExpiresAt.IsZero() || next.Before(d.ExpiresAt) {
		return next
	}
	if half := d.ExpiresAt.Sub(now) / 2; half >= retryBase {
		return now.Add(half)
	}
	return next
}

// unreachable reacts to a destination that is gone: a meeting's channel
// stops being announced to (and the moderators are told, once); a member
// whose DMs are closed is recorded so no feature retries in a loop.
func (r *Runner) unreachable(ctx context.Context, d data.Delivery, reason string, now time.Time) error {
	switch d.Kind {
	case data.DeliveryMeetingReminder, data.DeliveryMeetingStart, data.DeliveryMeetingCancelled:
		id, ok := data.ParseMeetingSource(d.Source)
		if !ok {
			return nil
		}
		alert := &data.Delivery{
			GuildID: d.GuildID, Kind: data.DeliveryMeetingAlert, Source: data.MeetingSource(id), Ref: strconv.FormatInt(id, 10),
			Key: fmt.Sprintf("meeting:%d:alert:%d", id, d.ID), DueAt: now, ExpiresAt: now.Add(alertLifetime),
		}
		changed, err := r.Store.DisableMeetingAnnouncements(ctx, d.GuildID, id, reason, alert)
		if changed {
			r.log().Warn("meeting announcements stopped; telling the moderators", "meeting", id, "guild", d.GuildID, "reason", reason)
		}
		return err
	case data.DeliveryMeetingDM:
		return r.Store.RecordDMFailure(ctx, data.DMFailure{GuildID: d.GuildID, UserID: d.UserID, Kind: d.Kind, Reason: reason, At: now})
	case data.DeliverySelfCarePost, data.DeliverySelfCareNudge:
		return r.selfCareUnreachable(ctx, d, reason, now)
	case data.DeliveryCheckinReminder, data.DeliveryCheckinPrompt:
		return r.checkinUnreachable(ctx, d, reason, now)
	}
	return nil
}
