package data

import (
	"context"
	"database/sql"
	"sync"
)

// Check-ins come in bursts (a reminder goes out, a meeting ends, and many
// members check in within the same second), and each is a small write
// through SQLite's one writer. Each check-in that arrives while another
// is being written waits for it anyway; instead of each then paying for
// its own transaction (its commit writes the same few index pages to the
// WAL again), the check-ins waiting are written together in one.

// checkinBatch is the queue of check-ins waiting to be written.
type checkinBatch struct {
	mu      sync.Mutex
	queue   []*checkinJob
	writing bool // a caller is writing a batch (or is about to)
}

type checkinJob struct {
	ctx  context.Context
	run  func(context.Context, *sql.Tx) error
	wake chan bool // true: write the next batch; false: written, see err
	err  error
}

// inCheckinBatch runs fn in a write transaction, with the other
// check-ins waiting when it comes to be written: the caller who finds no
// batch being written writes every one queued, then hands over to the
// first caller queued meanwhile, so nobody writes more than one batch
// after their own. fn's statements use the context it is given, which
// is not cancelled; a check-in whose ctx ends before its turn is not
// written and returns ctx's error.
func (s *Store) inCheckinBatch(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	b := &s.checkins
	j := &checkinJob{ctx: ctx, run: fn, wake: make(chan bool, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, j)
	lead := !b.writing
	b.writing = true
	b.mu.Unlock()
	if !lead && !<-j.wake {
		return j.err
	}
	b.mu.Lock()
	batch := b.queue
	b.queue = nil
	b.mu.Unlock()
	s.writeCheckins(batch)
	for _, o := range batch {
		if o != j {
			o.wake <- false
		}
	}
	b.mu.Lock()
	if len(b.queue) == 0 {
		b.writing = false
	} else {
		b.queue[0].wake <- true
	}
	b.mu.Unlock()
	return j.err
}

// writeCheckins writes batch in one transaction and sets each job's
// err. Should one check-in fail, the transaction is rolled back and each
// is written again in a transaction of its own, so that one failing
// leaves the others written. (A savepoint for each would do that too,
// but cost every check-in two more statements.)
func (s *Store) writeCheckins(batch []*checkinJob) {
	// Not any one caller's context: none of them may cancel the others' writes.
	ctx := context.Background()
	var live []*checkinJob
	for _, j := range batch {
		if j.err = j.ctx.Err(); j.err == nil {
			live = append(live, j)
		}
	}
	if len(live) == 0 {
		return
	}
	var failed *checkinJob
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, j := range live {
			if err := j.run(ctx, tx); err != nil {
				failed = j
				return err
			}
		}
		return nil
	})
	if err == nil {
		return
	}
	if failed == nil || len(live) == 1 {
		// The commit failed, or the one check-in did.
		for _, j := range live {
			j.err = err
		}
		return
	}
	for _, j := range live {
		j.err = s.inTx(ctx, func(tx *sql.Tx) error { return j.run(ctx, tx) })
	}
}
