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
// WAL again), the check-ins waiting are written together in one, each in
// a savepoint of its own, so that one failing leaves the others written.

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

// writeCheckins runs batch in one transaction, each job in a savepoint,
// and sets each job's err.
func (s *Store) writeCheckins(batch []*checkinJob) {
	// Not any one caller's context: none of them may cancel the others' writes.
	ctx := context.Background()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, j := range batch {
			if j.err = j.ctx.Err(); j.err != nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT checkin`); err != nil {
				return err
			}
			if j.err = j.run(ctx, tx); j.err != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO checkin`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE checkin`); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, j := range batch {
			if j.err == nil {
				j.err = err
			}
		}
	}
}
