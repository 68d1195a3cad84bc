package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Audit features: what part of Kindred a moderator action belongs to.
const (
	AuditSettings   = "settings"
	AuditResources  = "resources"
	AuditMeetings   = "meetings"
	AuditMilestones = "milestones"
	AuditConcerns   = "concerns"
)

// AuditFeatures lists the features the audit log can be filtered by.
func AuditFeatures() []string {
	return []string{AuditSettings, AuditResources, AuditMeetings, AuditMilestones, AuditConcerns}
}

// Audit field limits, so one entry stays readable and small.
const (
	maxAuditTarget = 200
	maxAuditDetail = 1000
)

// ModeratorAction is one entry of a server's moderator audit log.
type ModeratorAction struct {
	GuildID string
	// ModeratorID is who did it; "" once that member erased their data.
	ModeratorID string
	// Feature is one of AuditFeatures.
	Feature string
	// Action is a short verb such as "edit", "delete" or "reply".
	Action string
	// Target is what was acted on: a meeting's title, a concern's reference.
	Target string
	// Detail says more, in plain words. Never a member's private text.
	Detail string
	At     time.Time
}

func (a ModeratorAction) validate() error {
	switch {
	case !snowflakeRE.MatchString(a.GuildID):
		return fmt.Errorf("%w: an audit entry needs a server", ErrInvalid)
	case a.Feature == "" || a.Action == "":
		return fmt.Errorf("%w: an audit entry needs a feature and an action", ErrInvalid)
	}
	return nil
}

// clipText shortens s to at most n characters, ending with "…" when cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// RecordModeratorAction adds an entry to a server's audit log. At is the
// store's clock when zero. Long targets and details are shortened.
func (s *Store) RecordModeratorAction(ctx context.Context, a ModeratorAction) error {
	if err := a.validate(); err != nil {
		return err
	}
	if a.At.IsZero() {
		a.At = s.now()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error { return recordActionTx(ctx, tx, a) })
	if err != nil {
		return fmt.Errorf("record %s %s in guild %s: %w", a.Feature, a.Action, a.GuildID, err)
	}
	return nil
}

func recordActionTx(ctx context.Context, tx *sql.Tx, a ModeratorAction) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO moderator_audit (guild_id, moderator_id, feature, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.GuildID, a.ModeratorID, a.Feature, a.Action,
		clipText(a.Target, maxAuditTarget), clipText(a.Detail, maxAuditDetail), a.At.UTC().Unix())
	return err
}

// ModeratorAudit returns a server's most recent moderator actions, newest
// first: those recorded with RecordModeratorAction and every settings
// change (feature "settings", action "change", target the setting's key,
// detail "old → new"). feature "" means every feature; limit <= 0 means
// all of them.
func (s *Store) ModeratorAudit(ctx context.Context, guildID, feature string, limit int) ([]ModeratorAction, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.read.QueryContext(ctx,
		`SELECT moderator_id, feature, action, target, detail, at, id, 1 FROM moderator_audit
		 WHERE guild_id = ?1 AND (?2 = '' OR feature = ?2)
		 UNION ALL
		 SELECT user_id, 'settings', 'change', key,
		        CASE WHEN old_value = '' THEN '(not set)' ELSE old_value END || ' → ' ||
		        CASE WHEN new_value = '' THEN '(not set)' ELSE new_value END,
		        at, id, 0 FROM settings_audit
		 WHERE guild_id = ?1 AND (?2 = '' OR ?2 = 'settings')
		 ORDER BY 6 DESC, 8 DESC, 7 DESC LIMIT ?3`, guildID, feature, limit)
	if err != nil {
		return nil, fmt.Errorf("load audit log of guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []ModeratorAction
	for rows.Next() {
		a := ModeratorAction{GuildID: guildID}
		var at, id, src int64
		if err := rows.Scan(&a.ModeratorID, &a.Feature, &a.Action, &a.Target, &a.Detail, &at, &id, &src); err != nil {
			return nil, fmt.Errorf("load audit log of guild %s: %w", guildID, err)
		}
		a.At = time.Unix(at, 0).UTC()
		if a.Feature == AuditSettings && a.Target == SettingGuidelines {
			a.Detail = "changed the guidelines text" // the text itself is long; /guidelines shows it
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load audit log of guild %s: %w", guildID, err)
	}
	return out, nil
}

// IsAuditFeature reports whether f names a feature of the audit log.
func IsAuditFeature(f string) bool {
	for _, x := range AuditFeatures() {
		if strings.EqualFold(x, f) {
			return true
		}
	}
	return false
}
