package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
)

// SettingKind says what sort of value a setting holds.
type SettingKind int

// The kinds of setting.
const (
	KindChannel  SettingKind = iota // a channel ID
	KindRole                        // a role ID
	KindTimeZone                    // an IANA time zone name
	KindCountry                     // an ISO 3166-1 alpha-2 country code
	KindFeature                     // "on" or "off"
	KindText                        // free text
	KindNumber                      // a whole number within Min..Max
	KindClock                       // a local time of day, HH:MM
	KindLanguage                    // a language Kindred speaks ("es", "pt-BR")
)

// SettingDef describes one server setting.
type SettingDef struct {
	Key     string
	Label   string // plain words for moderators
	Kind    SettingKind
	Default string
	Min     int // for KindNumber
	Max     int // for KindNumber
	// Choices, when set, are the only values a KindNumber setting takes.
	Choices []string
}

// Setting keys.
const (
	SettingTimeZone            = "timezone"
	SettingLanguage            = "language" // of public posts; "" follows the server's Discord language
	SettingCountry             = "country"
	SettingModeratorRole       = "moderator_role"
	SettingCheckinChannel      = "checkin_channel"
	SettingCelebrationsChannel = "celebrations_channel"
	SettingMeetingsChannel     = "meetings_channel"
	SettingPromptsChannel      = "prompts_channel"
	SettingAlertsChannel       = "alerts_channel"
	SettingGuidelines          = "guidelines"
	SettingGuidelinesMessage   = "guidelines_message"
	SettingResourceStaleMonths = "resource_stale_months"
	SettingNoteRetentionDays   = "note_retention_days" // 0 keeps notes until the member deletes them
	SettingMemberGraceDays     = "member_grace_days"   // days a departed member's data is kept
	SettingCheckinPromptTime   = "checkin_prompt_time"
	SettingListenerRole        = "listener_role"        // who may take requests for support
	SettingTalkChannel         = "talk_channel"         // where private support threads open
	SettingListenerChannel     = "listener_channel"     // where listeners see notices (else the alerts channel)
	SettingTalkTimeoutMinutes  = "talk_timeout_minutes" // minutes before the member is told nobody has taken it
	SettingTalkRetentionDays   = "talk_retention_days"  // days a closed support thread is kept

	FeatureCheckins   = "feature_checkins"
	FeatureResources  = "feature_resources"
	FeatureMilestones = "feature_milestones"
	FeatureMeetings   = "feature_meetings"
	FeatureSelfCare   = "feature_selfcare"
	// FeatureWebHub publishes the server's public page on Kindred's website.
	FeatureWebHub = "web_hub"
	// SettingInviteLink is the Discord invite shown on the public page.
	SettingInviteLink = "invite_link"

	// Switches for each kind of automatic milestone and for peer kudos,
	// within the Milestones feature.
	FeatureMilestoneCheckins   = "milestone_checkins"
	FeatureMilestoneMeetings   = "milestone_meetings"
	FeatureMilestoneSelfCare   = "milestone_selfcare"
	FeatureMilestoneMembership = "milestone_membership"
	FeatureMilestoneKudos      = "milestone_kudos"
)

// MaxGuidelinesLength is the longest guidelines text, Discord's limit for
// one paragraph text input.
const MaxGuidelinesLength = 4000

var settingDefs = []SettingDef{
	{Key: SettingTimeZone, Label: "Server time zone", Kind: KindTimeZone, Default: "UTC"},
	{Key: SettingLanguage, Label: "Language of public posts", Kind: KindLanguage},
	{Key: SettingCountry, Label: "Default country for crisis lines", Kind: KindCountry, Default: ""},
	{Key: SettingModeratorRole, Label: "Moderator role", Kind: KindRole},
	{Key: SettingCheckinChannel, Label: "Check-in channel", Kind: KindChannel},
	{Key: SettingCelebrationsChannel, Label: "Celebrations channel", Kind: KindChannel},
	{Key: SettingMeetingsChannel, Label: "Meetings channel", Kind: KindChannel},
	{Key: SettingPromptsChannel, Label: "Self-care prompts channel", Kind: KindChannel},
	{Key: SettingAlertsChannel, Label: "Moderator alerts channel", Kind: KindChannel},
	{Key: SettingListenerRole, Label: "Listener role", Kind: KindRole},
	{Key: SettingTalkChannel, Label: "Talk to someone channel", Kind: KindChannel},
	{Key: SettingListenerChannel, Label: "Listeners' channel", Kind: KindChannel},
	{Key: SettingTalkTimeoutMinutes, Label: "Minutes before telling a member nobody has taken their request", Kind: KindNumber, Default: "10", Min: 2, Max: 120},
	{Key: SettingTalkRetentionDays, Label: "Days to keep closed support threads", Kind: KindNumber, Default: "14", Min: 1, Max: 365},
	{Key: SettingCheckinPromptTime, Label: "Daily check-in prompt time (HH:MM, server time)", Kind: KindClock},
	{Key: SettingResourceStaleMonths, Label: "Months before a resource needs re-checking", Kind: KindNumber, Default: "6", Min: 1, Max: 36},
	{Key: SettingNoteRetentionDays, Label: "Days to keep check-in notes (0 = until deleted)", Kind: KindNumber, Default: "0", Min: 0, Max: 365, Choices: []string{"0", "30", "90", "365"}},
	{Key: SettingMemberGraceDays, Label: "Days to keep a departed member's data", Kind: KindNumber, Default: "30", Min: 1, Max: 365},
	{Key: FeatureCheckins, Label: "Check-ins", Kind: KindFeature, Default: "on"},
	{Key: FeatureResources, Label: "Resources directory", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestones, Label: "Milestones", Kind: KindFeature, Default: "on"},
	{Key: FeatureMeetings, Label: "Meetings", Kind: KindFeature, Default: "on"},
	{Key: FeatureSelfCare, Label: "Self-care prompts", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestoneCheckins, Label: "Milestones: first check-in and streaks", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestoneMeetings, Label: "Milestones: meetings attended", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestoneSelfCare, Label: "Milestones: self-care prompts done", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestoneMembership, Label: "Milestones: time in the community", Kind: KindFeature, Default: "on"},
	{Key: FeatureMilestoneKudos, Label: "Milestones: kudos between members", Kind: KindFeature, Default: "on"},
	{Key: FeatureWebHub, Label: "Public web page for this server", Kind: KindFeature, Default: "off"},
	{Key: SettingInviteLink, Label: "Invite link shown on the public page", Kind: KindText},
	{Key: SettingGuidelines, Label: "Community guidelines", Kind: KindText},
	{Key: SettingGuidelinesMessage, Label: "Posted guidelines message", Kind: KindText},
}

// SettingDefs lists every server setting in display order.
func SettingDefs() []SettingDef { return append([]SettingDef(nil), settingDefs...) }

// LookupSetting returns the definition of key.
func LookupSetting(key string) (SettingDef, bool) {
	for _, d := range settingDefs {
		if d.Key == key {
			return d, true
		}
	}
	return SettingDef{}, false
}

// Settings are one server's settings, defaults filled in. A Settings value
// may be shared between goroutines (the store caches them): it is never
// changed after it is loaded.
type Settings struct {
	GuildID     string
	values      map[string]string
	loc         *time.Location // the time zone, resolved once at load
	guildLocale string         // the server's Discord language
	guildKnown  bool           // the server has a row in guilds
}

// Get returns the value of key, or its default.
func (st Settings) Get(key string) string {
	if v, ok := st.values[key]; ok {
		return v
	}
	d, _ := LookupSetting(key)
	return d.Default
}

// With returns a copy of the settings with key set to value, for one
// interaction that must act as if it were so (a ping left out).
func (st Settings) With(key, value string) Settings {
	values := make(map[string]string, len(st.values)+1)
	for k, v := range st.values {
		values[k] = v
	}
	values[key] = value
	return Settings{GuildID: st.GuildID, values: values, guildLocale: st.guildLocale, guildKnown: st.guildKnown}
}

// IsSet reports whether a moderator set key (rather than it being a default).
func (st Settings) IsSet(key string) bool {
	_, ok := st.values[key]
	return ok
}

// Location returns the server's time zone.
func (st Settings) Location() *time.Location {
	if st.loc != nil {
		return st.loc
	}
	return loadLocation(st.Get(SettingTimeZone))
}

func loadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Enabled reports whether a feature is switched on.
func (st Settings) Enabled(feature string) bool { return st.Get(feature) == "on" }

// IsModerator reports whether a member with these roles holds the
// configured moderator role.
func (st Settings) IsModerator(roles []string) bool {
	role := st.Get(SettingModeratorRole)
	if role == "" {
		return false
	}
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// Settings loads a server's settings. Every interaction reads them, so
// the store keeps them in memory (a memo); every write to
// guild_settings goes through the store, which forgets the server's entry
// when it commits.
func (s *Store) Settings(ctx context.Context, guildID string) (Settings, error) {
	if st, ok := s.settings.get(guildID); ok {
		return st, nil
	}
	gen := s.settings.generation()
	rows, err := s.read.QueryContext(ctx, `SELECT key, value FROM guild_settings WHERE guild_id = ?`, guildID)
	if err != nil {
		return Settings{}, fmt.Errorf("load settings for guild %s: %w", guildID, err)
	}
	defer rows.Close()
	st := Settings{GuildID: guildID, values: map[string]string{}}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Settings{}, fmt.Errorf("load settings for guild %s: %w", guildID, err)
		}
		st.values[k] = v
	}
	if err := rows.Err(); err != nil {
		return Settings{}, fmt.Errorf("load settings for guild %s: %w", guildID, err)
	}
	st.loc = loadLocation(st.Get(SettingTimeZone))
	err = s.read.QueryRowContext(ctx, `SELECT locale FROM guilds WHERE guild_id = ?`, guildID).Scan(&st.guildLocale)
	st.guildKnown = err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Settings{}, fmt.Errorf("load language of guild %s: %w", guildID, err)
	}
	s.settings.put(gen, guildID, st)
	return st, nil
}

// maxCachedSettings bounds the settings cache: past it the cache starts
// afresh, which costs one read per server that is active again.
const maxCachedSettings = 50_000

var (
	snowflakeRE = regexp.MustCompile(`^[0-9]{15,21}$`)
	countryRE   = regexp.MustCompile(`^[A-Z]{2}$`)
)

// NormalizeSetting checks value for key and returns it in stored form.
// Errors wrap ErrInvalid and read as a kind sentence.
func NormalizeSetting(key, value string) (string, error) {
	d, ok := LookupSetting(key)
	if !ok {
		return "", problem(ErrInvalid, "setting_unknown", "Key", key)
	}
	value = strings.TrimSpace(value)
	switch d.Kind {
	case KindChannel, KindRole:
		v := strings.Trim(value, "<#@&>")
		if !snowflakeRE.MatchString(v) {
			if d.Kind == KindRole {
				return "", problem(ErrInvalid, "setting_needs_role", "Setting", d.label(), "Value", value)
			}
			return "", problem(ErrInvalid, "setting_needs_channel", "Setting", d.label(), "Value", value)
		}
		return v, nil
	case KindTimeZone:
		if value == "" || strings.EqualFold(value, "local") {
			return "", problem(ErrInvalid, "setting_zone_needs_name", "Setting", d.label())
		}
		loc, err := time.LoadLocation(value)
		if err != nil {
			return "", problem(ErrInvalid, "setting_zone_unknown", "Zone", value)
		}
		return loc.String(), nil
	case KindCountry:
		v := strings.ToUpper(value)
		if v == "UK" {
			v = "GB"
		}
		if !countryRE.MatchString(v) {
			return "", problem(ErrInvalid, "setting_country_code", "Setting", d.label(), "Value", value)
		}
		return v, nil
	case KindLanguage:
		for _, l := range i18n.Languages() {
			if strings.EqualFold(value, l.Tag) || strings.EqualFold(value, l.Name) || strings.EqualFold(value, l.Native) {
				return l.Tag, nil
			}
		}
		var names []string
		for _, l := range i18n.Languages() {
			names = append(names, l.Native)
		}
		return "", problem(ErrInvalid, "setting_one_of", "Setting", d.label(), "Choices", strings.Join(names, ", "), "Value", value)
	case KindFeature:
		switch strings.ToLower(value) {
		case "on", "true", "yes", "enabled", "enable", "1":
			return "on", nil
		case "off", "false", "no", "disabled", "disable", "0":
			return "off", nil
		}
		return "", problem(ErrInvalid, "setting_on_off", "Setting", d.label(), "Value", value)
	case KindClock:
		t, err := time.Parse("15:04", value)
		if err != nil {
			return "", problem(ErrInvalid, "setting_needs_time", "Setting", d.label(), "Value", value)
		}
		return t.Format("15:04"), nil
	case KindNumber:
		var n int
		if _, err := fmt.Sscanf(value, "%d", &n); err != nil || fmt.Sprint(n) != value || n < d.Min || n > d.Max {
			return "", problem(ErrInvalid, "setting_number_range", "Setting", d.label(), "Min", d.Min, "Max", d.Max, "Value", value)
		}
		if len(d.Choices) > 0 && !slices.Contains(d.Choices, value) {
			return "", problem(ErrInvalid, "setting_one_of", "Setting", d.label(), "Choices", strings.Join(d.Choices, ", "), "Value", value)
		}
		return value, nil
	default:
		if key == SettingInviteLink {
			return normalizeInvite(value)
		}
		if utf8.RuneCountInString(value) > MaxGuidelinesLength {
			return "", problem(ErrInvalid, "setting_text_too_long", "Setting", d.label(), "Max", MaxGuidelinesLength)
		}
		return value, nil
	}
}

var inviteRE = regexp.MustCompile(`^(?:https?://)?(?:www\.)?(?:discord\.gg|discord\.com/invite|discordapp\.com/invite)/([A-Za-z0-9-]{2,40})/?$`)

// normalizeInvite accepts a Discord invite link in its usual spellings and
// stores it as https://discord.gg/CODE; an empty value clears it.
func normalizeInvite(value string) (string, error) {
	if value == "" {
		return "", nil
	}
	m := inviteRE.FindStringSubmatch(value)
	if m == nil {
		return "", problem(ErrInvalid, "setting_bad_invite", "Value", value)
	}
	return "https://discord.gg/" + m[1], nil
}

// label is the setting's label as a message, written in the reader's
// language where a problem is shown (settings.label.<key>), or its
// English Label if the catalogue has none.
func (d SettingDef) label() any {
	id := "settings.label." + d.Key
	if _, ok := i18n.Embedded().Text(i18n.Base, id); ok {
		return i18n.Msg(id)
	}
	return d.Label
}

// SetSetting changes one setting and records the change in the audit log.
// It returns the previous value ("" for a default).
func (s *Store) SetSetting(ctx context.Context, guildID, userID, key, value string) (old string, err error) {
	value, err = NormalizeSetting(key, value)
	if err != nil {
		return "", err
	}
	defer s.settings.forget(guildID)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		old, err = settingTx(ctx, tx, guildID, key)
		if err != nil {
			return err
		}
		now := s.now().Unix()
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO guild_settings (guild_id, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			guildID, key, value, now, userID); err != nil {
			return err
		}
		if key == SettingTimeZone {
			// Meetings on the server's time keep their wall-clock times.
			if err := followZoneTx(ctx, tx, guildID, 0, old, value, s.now()); err != nil {
				return err
			}
		}
		return auditTx(ctx, tx, guildID, userID, key, old, value, now)
	})
	if err != nil {
		return "", fmt.Errorf("set %s for guild %s: %w", key, guildID, err)
	}
	return old, nil
}

// SetSettings changes several settings together: every value is checked
// first, then all are saved, each change audited, or none is. Values equal
// to the current one are skipped, so they leave no audit entry.
func (s *Store) SetSettings(ctx context.Context, guildID, userID string, values map[string]string) error {
	keys := make([]string, 0, len(values))
	normalized := make(map[string]string, len(values))
	for k, v := range values {
		n, err := NormalizeSetting(k, v)
		if err != nil {
			return err
		}
		keys = append(keys, k)
		normalized[k] = n
	}
	sort.Strings(keys) // a stable audit order
	defer s.settings.forget(guildID)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now().Unix()
		for _, k := range keys {
			old, err := settingTx(ctx, tx, guildID, k)
			if err != nil {
				return err
			}
			if old == normalized[k] {
				continue
			}
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO guild_settings (guild_id, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				guildID, k, normalized[k], now, userID); err != nil {
				return err
			}
			if k == SettingTimeZone {
				if err := followZoneTx(ctx, tx, guildID, 0, old, normalized[k], s.now()); err != nil {
					return err
				}
			}
			if err := auditTx(ctx, tx, guildID, userID, k, old, normalized[k], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set %s for guild %s: %w", strings.Join(keys, ", "), guildID, err)
	}
	return nil
}

// ResetSetting returns a setting to its default, recording the change.
func (s *Store) ResetSetting(ctx context.Context, guildID, userID, key string) (old string, err error) {
	d, ok := LookupSetting(key)
	if !ok {
		return "", problem(ErrInvalid, "setting_unknown", "Key", key)
	}
	defer s.settings.forget(guildID)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		old, err = settingTx(ctx, tx, guildID, key)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM guild_settings WHERE guild_id = ? AND key = ?`, guildID, key)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already the default: nothing to audit
		}
		return auditTx(ctx, tx, guildID, userID, key, old, d.Default, s.now().Unix())
	})
	if err != nil {
		return "", fmt.Errorf("reset %s for guild %s: %w", key, guildID, err)
	}
	return old, nil
}

func settingTx(ctx context.Context, tx *sql.Tx, guildID, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM guild_settings WHERE guild_id = ? AND key = ?`, guildID, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		d, _ := LookupSetting(key)
		return d.Default, nil
	}
	return v, err
}

func auditTx(ctx context.Context, tx *sql.Tx, guildID, userID, key, old, new string, at int64) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO settings_audit (guild_id, user_id, key, old_value, new_value, at) VALUES (?, ?, ?, ?, ?, ?)`,
		guildID, userID, key, old, new, at)
	return err
}

// SettingChange is one entry of a server's settings history.
type SettingChange struct {
	UserID   string
	Key      string
	OldValue string
	NewValue string
	At       time.Time
}

// SettingsHistory returns a server's most recent setting changes, newest first.
func (s *Store) SettingsHistory(ctx context.Context, guildID string, limit int) ([]SettingChange, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT user_id, key, old_value, new_value, at FROM settings_audit
		 WHERE guild_id = ? ORDER BY at DESC, id DESC LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, fmt.Errorf("load settings history for guild %s: %w", guildID, err)
	}
	defer rows.Close()
	var out []SettingChange
	for rows.Next() {
		var c SettingChange
		var at int64
		if err := rows.Scan(&c.UserID, &c.Key, &c.OldValue, &c.NewValue, &at); err != nil {
			return nil, fmt.Errorf("load settings history for guild %s: %w", guildID, err)
		}
		c.At = time.Unix(at, 0).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load settings history for guild %s: %w", guildID, err)
	}
	return out, nil
}

// GuildsWithSetting lists the servers in which a moderator set key, with
// the value, for features that act only where switched on.
func (s *Store) GuildsWithSetting(ctx context.Context, key string) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT gs.guild_id, gs.value FROM guild_settings gs
		 JOIN guilds g ON g.guild_id = gs.guild_id AND g.removed_at IS NULL
		 WHERE gs.key = ?`, key)
	if err != nil {
		return nil, fmt.Errorf("list servers with %s set: %w", key, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var g, v string
		if err := rows.Scan(&g, &v); err != nil {
			return nil, fmt.Errorf("list servers with %s set: %w", key, err)
		}
		out[g] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list servers with %s set: %w", key, err)
	}
	return out, nil
}
