package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Profile is what a member set with /me: their own time zone and
// country, used in every server and in DMs when a feature has nothing
// more specific.
type Profile struct {
	UserID string
	// TimeZone is an IANA name, or "" when not set.
	TimeZone string
	// Country is an ISO 3166 alpha-2 code, or "" when not set.
	Country string
}

// MemberProfile returns what a member set with /me; a member who set
// nothing gets an empty Profile and no error.
func (s *Store) MemberProfile(ctx context.Context, userID string) (Profile, error) {
	p := Profile{UserID: userID}
	err := s.read.QueryRowContext(ctx,
		`SELECT time_zone, country FROM member_profile WHERE user_id = ?`, userID).Scan(&p.TimeZone, &p.Country)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Profile{UserID: userID}, fmt.Errorf("load profile of member %s: %w", userID, err)
	}
	return p, nil
}

// SetProfileTimeZone saves a member's own time zone ("" forgets it). It
// also moves their existing daily check-in reminders and self-care nudges,
// in every server, to the new zone (nudges not sent yet are planned again),
// so the zone is set once for everything. It returns the
// normalised zone name.
func (s *Store) SetProfileTimeZone(ctx context.Context, userID, zone string) (string, error) {
	if zone = strings.TrimSpace(zone); zone != "" {
		z, err := NormalizeSetting(SettingTimeZone, zone)
		if err != nil {
			return "", err
		}
		zone = z
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := upsertProfile(ctx, tx, userID, "time_zone", zone, s.now().Unix()); err != nil {
			return err
		}
		if zone == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE checkin_reminders SET zone = ?, updated_at = ? WHERE user_id = ?`,
			zone, s.now().Unix(), userID); err != nil {
			return err
		}
		return moveNudgesTx(ctx, tx, userID, zone, s.now())
	})
	if err != nil {
		return "", fmt.Errorf("save time zone of member %s: %w", userID, err)
	}
	return zone, nil
}

// SetProfileCountry saves a member's own country for crisis lines ("" forgets
// it). The country may be a code or a name; it returns the code.
func (s *Store) SetProfileCountry(ctx context.Context, userID, country string) (string, error) {
	code := ""
	if strings.TrimSpace(country) != "" {
		var err error
		if code, err = NormalizeCountry(country); err != nil {
			return "", err
		}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return upsertProfile(ctx, tx, userID, "country", code, s.now().Unix())
	})
	if err != nil {
		return "", fmt.Errorf("save country of member %s: %w", userID, err)
	}
	return code, nil
}

// ForgetProfile deletes what a member set with /me.
func (s *Store) ForgetProfile(ctx context.Context, userID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM member_profile WHERE user_id = ?`, userID)
		return err
	})
	s.langs.forget(userID)
	if err != nil {
		return fmt.Errorf("forget profile of member %s: %w", userID, err)
	}
	return nil
}

// upsertProfile sets one column (time_zone, country, language or
// discord_locale; never from input)
// of a member's profile, and drops the row when nothing is left in it.
func upsertProfile(ctx context.Context, tx *sql.Tx, userID, column, value string, now int64) error {
	switch column {
	case "time_zone", "country", "language", "discord_locale":
	default:
		return fmt.Errorf("profile column %q: %w", column, ErrInvalid)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO member_profile (user_id, `+column+`, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (user_id) DO UPDATE SET `+column+` = excluded.`+column+`, updated_at = excluded.updated_at`,
		userID, value, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM member_profile WHERE user_id = ? AND time_zone = '' AND country = '' AND language = '' AND discord_locale = ''`, userID)
	return err
}

// SetGuildName records a server's name as Discord gave it, for DMs that
// name the server they are about. Unknown servers are ignored.
func (s *Store) SetGuildName(ctx context.Context, guildID, name string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE guilds SET name = ? WHERE guild_id = ? AND name != ?`, name, guildID, name)
		return err
	})
	if err != nil {
		return fmt.Errorf("save name of guild %s: %w", guildID, err)
	}
	return nil
}

// GuildName returns a server's last known name, or "" when Kindred has
// not seen it.
func (s *Store) GuildName(ctx context.Context, guildID string) (string, error) {
	var name string
	err := s.read.QueryRowContext(ctx, `SELECT name FROM guilds WHERE guild_id = ?`, guildID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load name of guild %s: %w", guildID, err)
	}
	return name, nil
}

// MemberGuilds returns the servers, among those Kindred is in, in which a
// member has any record Kindred keeps (check-ins, reminders, nudges,
// meetings answers, milestones, concerns, talk requests, country), for
// /mydata outside a server.
func (s *Store) MemberGuilds(ctx context.Context, userID string) ([]GuildRef, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT g.guild_id, g.name FROM guilds g WHERE g.removed_at IS NULL AND g.guild_id IN (
			SELECT guild_id FROM checkins WHERE user_id = ?1
			UNION SELECT guild_id FROM checkin_reminders WHERE user_id = ?1
			UNION SELECT guild_id FROM selfcare_nudges WHERE user_id = ?1
			UNION SELECT guild_id FROM meeting_rsvps WHERE user_id = ?1
			UNION SELECT guild_id FROM milestones WHERE user_id = ?1
			UNION SELECT guild_id FROM concerns WHERE user_id = ?1
			UNION SELECT guild_id FROM talk_requests WHERE user_id = ?1
			UNION SELECT guild_id FROM member_country WHERE user_id = ?1)
		 ORDER BY g.name, g.guild_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list servers of member %s: %w", userID, err)
	}
	defer rows.Close()
	var out []GuildRef
	for rows.Next() {
		var g GuildRef
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			return nil, fmt.Errorf("list servers of member %s: %w", userID, err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list servers of member %s: %w", userID, err)
	}
	return out, nil
}

// GuildRef names a server.
type GuildRef struct {
	ID   string
	Name string
}
