package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// EnsureOccurrence returns the occurrence of a server's meeting starting
// at start, recording it first if nothing has yet (a date far enough
// ahead that no reminder is planned for it).
func (s *Store) EnsureOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time) (Occurrence, error) {
	var o Occurrence
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		o, err = ensureOccurrenceTx(ctx, tx, guildID, meetingID, start)
		return err
	})
	if err != nil {
		return Occurrence{}, fmt.Errorf("ensure occurrence of meeting %d at %s: %w", meetingID, start.UTC().Format(time.RFC3339), err)
	}
	return o, nil
}
