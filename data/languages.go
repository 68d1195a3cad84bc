package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kindred-bot/kindred/i18n"
)

// SetGuildLocale records a server's Discord language ("preferred_locale"),
// which its public posts use until moderators choose one with
// /settings set language. Unknown servers are ignored.
func (s *Store) SetGuildLocale(ctx context.Context, guildID, locale string) error {
	st, err := s.Settings(ctx, guildID) // cached; a miss reads, it never writes
	if err != nil {
		return err
	}
	if st.guildLocale == locale || !st.guildKnown {
		return nil // unchanged, or a server Kindred has no row for (yet)
	}
	changed := false
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE guilds SET locale = ? WHERE guild_id = ? AND locale != ?`, locale, guildID, locale)
		if err == nil {
			n, _ := res.RowsAffected()
			changed = n > 0
		}
		return err
	})
	if changed || err != nil {
		s.settings.forget(guildID)
	}
	if err != nil {
		return fmt.Errorf("save language of guild %s: %w", guildID, err)
	}
	return nil
}

// Language returns the language of the server's public posts: the one
// moderators chose, else the server's Discord language if Kindred speaks
// it, else English.
func (st Settings) Language() string {
	return i18n.Pick(st.Get(SettingLanguage), i18n.Match(st.guildLocale))
}

// MemberLanguage is what Kindred knows of a member's language.
type MemberLanguage struct {
	// Chosen is what the member set with /me language, "" to follow Discord.
	Chosen string
	// Discord is the Discord language Kindred last saw them use, "" if none.
	Discord string
}

// For returns the language to write to the member in, with fallback the
// language of the server the message is about.
func (m MemberLanguage) For(fallback string) string {
	return i18n.Pick(m.Chosen, i18n.Match(m.Discord), fallback)
}

// MemberLanguage returns a member's language choice and last seen Discord
// language. It is cached: most interactions need it.
func (s *Store) MemberLanguage(ctx context.Context, userID string) (MemberLanguage, error) {
	if m, ok := s.langs.get(userID); ok {
		return m, nil
	}
	gen := s.langs.generation()
	var m MemberLanguage
	err := s.read.QueryRowContext(ctx,
		`SELECT language, discord_locale FROM member_profile WHERE user_id = ?`, userID).Scan(&m.Chosen, &m.Discord)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return MemberLanguage{}, fmt.Errorf("load a member's language: %w", err) // no ID: logged beside anonymous concerns
	}
	s.langs.put(gen, userID, m)
	return m, nil
}

// CachedMemberLanguage is MemberLanguage from memory only, never the
// database: ok is false when the member's language is not cached. It is
// for replies given when the database may be failing or closing
// ("something went wrong", "restarting").
func (s *Store) CachedMemberLanguage(userID string) (m MemberLanguage, ok bool) {
	return s.langs.get(userID)
}

// NoteDiscordLocale records the Discord language a member's interaction
// came in, when it differs from the one Kindred knew, so later DMs use it.
// Call it only where the member asks for DMs (reminders, nudges): it
// stores their ID, which anonymous features must never leave behind.
func (s *Store) NoteDiscordLocale(ctx context.Context, userID, locale string) error {
	m, err := s.MemberLanguage(ctx, userID)
	if err != nil || m.Discord == locale || locale == "" {
		return err
	}
	return s.setProfileLanguage(ctx, userID, "discord_locale", locale)
}

// SetMemberLanguage saves a member's own choice of language ("" to follow
// their Discord language). It returns ErrInvalid for a language Kindred
// does not speak.
func (s *Store) SetMemberLanguage(ctx context.Context, userID, lang string) error {
	if lang != "" {
		l, ok := i18n.Lookup(lang)
		if !ok {
			return problem(ErrInvalid, "language_unknown", "Language", lang)
		}
		lang = l.Tag
	}
	return s.setProfileLanguage(ctx, userID, "language", lang)
}

func (s *Store) setProfileLanguage(ctx context.Context, userID, column, value string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return upsertProfile(ctx, tx, userID, column, value, s.now().Unix())
	})
	s.langs.forget(userID)
	if err != nil {
		return fmt.Errorf("save a member's language: %w", err)
	}
	return nil
}

// maxCachedLanguages bounds the member language cache; past it the cache
// starts afresh.
const maxCachedLanguages = 100_000
