package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"regexp"
)

// A server's guidelines text is the setting SettingGuidelines (empty means
// Kindred's default); this file records the members who agreed to it.

// GuidelinesVersion identifies a guidelines text: the first 16 hex digits
// of its SHA-256. Acknowledgements are recorded per version, so editing the
// text starts a new count while earlier agreements stay on record.
func GuidelinesVersion(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}

var versionRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// GuidelinesAcks counts the members of a server who agreed to its guidelines.
type GuidelinesAcks struct {
	// Version is how many agreed to the version asked about.
	Version int
	// Any is how many agreed to any version.
	Any int
}

// AcknowledgeGuidelines records that a member agreed to one version of a
// server's guidelines. Agreeing again changes nothing; first reports
// whether this was the member's first agreement to that version.
func (s *Store) AcknowledgeGuidelines(ctx context.Context, guildID, userID, version string) (first bool, err error) {
	if !versionRE.MatchString(version) {
		return false, problem(ErrInvalid, "guidelines_unknown_message")
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO guidelines_acknowledgements (guild_id, version, user_id, acknowledged_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT (guild_id, version, user_id) DO NOTHING`,
			guildID, version, userID, s.now().Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record guidelines acknowledgement in guild %s: %w", guildID, err)
	}
	return first, nil
}

// GuidelinesAcknowledgements counts a server's members who agreed to the
// given version of its guidelines, and to any version.
func (s *Store) GuidelinesAcknowledgements(ctx context.Context, guildID, version string) (GuidelinesAcks, error) {
	var a GuidelinesAcks
	err := s.read.QueryRowContext(ctx,
		`SELECT COUNT(*) FILTER (WHERE version = ?), COUNT(DISTINCT user_id)
		 FROM guidelines_acknowledgements WHERE guild_id = ?`, version, guildID).Scan(&a.Version, &a.Any)
	if err != nil {
		return GuidelinesAcks{}, fmt.Errorf("count guidelines acknowledgements in guild %s: %w", guildID, err)
	}
	return a, nil
}

// HasAcknowledgedGuidelines reports whether a member agreed to the given
// version of a server's guidelines.
func (s *Store) HasAcknowledgedGuidelines(ctx context.Context, guildID, userID, version string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM guidelines_acknowledgements WHERE guild_id = ? AND version = ? AND user_id = ?`,
		guildID, version, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up guidelines acknowledgement in guild %s: %w", guildID, err)
	}
	return n > 0, nil
}
