package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// pruneOccurrencesBatch bounds one transaction of PruneMeetingOccurrences,
// so the writer is never held long (a first prune may find a year's).
const pruneOccurrencesBatch = 2000

// PruneMeetingOccurrences deletes meeting occurrences that started before
// cutoff and that nobody attended, with their RSVPs, and returns how many.
// An occurrence with attendance is kept: attendance counts toward
// milestones, and a member's data export names the meeting and date
// through it. Occurrences are otherwise only needed around their date
// (RSVPs before, "I was there" up to a few hours after), and the planner
// never plans a date in the past again, so without this they would pile
// up at one row per meeting per week forever.
func (s *Store) PruneMeetingOccurrences(ctx context.Context, cutoff time.Time) (int, error) {
	total := 0
	for {
		var n int64
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx,
				`DELETE FROM meeting_occurrences WHERE id IN (
				   SELECT o.id FROM meeting_occurrences o
				   WHERE o.starts_at < ?
				     AND NOT EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.occurrence_id = o.id)
				   LIMIT ?)`, cutoff.Unix(), pruneOccurrencesBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return total, fmt.Errorf("prune meeting occurrences: %w", err)
		}
		total += int(n)
		if n < pruneOccurrencesBatch || ctx.Err() != nil {
			return total, nil
		}
	}
}
