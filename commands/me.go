package commands

import (
	"context"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// ProfileStore is what /me needs of the store (with the stop word's
// question, whose buttons /me routes since they belong to no server).
type ProfileStore interface {
	dmChooser
	guildNamer
	MemberProfile(ctx context.Context, userID string) (data.Profile, error)
	SetProfileTimeZone(ctx context.Context, userID, zone string) (string, error)
	SetProfileCountry(ctx context.Context, userID, country string) (string, error)
	ForgetProfile(ctx context.Context, userID string) error
	MemberLanguage(ctx context.Context, userID string) (data.MemberLanguage, error)
	SetMemberLanguage(ctx context.Context, userID, lang string) error
}

// profileReader is what features that fall back on /me need.
type profileReader interface {
	MemberProfile(ctx context.Context, userID string) (data.Profile, error)
}

// Me is /me: a member's own time zone, country and language, set once
// and used in every server and in DMs with Kindred (check-in reminders,
// self-care nudges, crisis lines). It works outside servers too.
func Me(store ProfileStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Anywhere: true,
		Definition: &discordgo.ApplicationCommand{
			Name:        "me",
			Description: "Your own time zone, country and language, used everywhere Kindred is",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "timezone", Description: "Set your time zone for reminders and nudges",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionString, Name: "zone", Description: "Your time zone, such as Europe/Madrid (type a city)",
						Required: true, Autocomplete: true, MaxLength: 64,
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "country", Description: "Set your country for crisis lines",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionString, Name: "country", Description: "A country name or two-letter code, such as ES or Spain",
						Required: true, Autocomplete: true, MaxLength: 60,
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "language", Description: "Choose the language Kindred writes to you in",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionString, Name: "language", Description: "A language, or your Discord language",
						Required: true, Choices: languageChoices(),
					}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "See what you set and where it is used"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "forget", Description: "Forget your time zone, country and language"},
			},
		},
		Components: map[string]Component{keyDMStop: {Handle: stopChosen(store, store)}},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.User == nil {
			return req.PrivateT("me.who"), nil
		}
		switch req.Subcommand() {
		case "timezone":
			if typed := strings.TrimSpace(req.String("zone")); typed == "" || strings.EqualFold(typed, "local") {
				return req.PrivateT("me.zone_needs_name"), nil
			}
			zone, err := resolveZone(req.String("zone"))
			if err != nil {
				return req.Problem(err)
			}
			if zone, err = store.SetProfileTimeZone(ctx, req.User.ID, zone); err != nil {
				return req.Problem(err)
			}
			return req.PrivateT("me.zone_saved", "Zone", zoneLabel(zone, req.Now)), nil
		case "country":
			typed := strings.TrimSpace(req.String("country"))
			if typed == "" {
				return req.PrivateT("me.country_needs_name"), nil
			}
			country, ok := data.LookupCountry(typed)
			if !ok {
				return req.PrivateT("me.country_unknown", "Typed", clipRunes(typed, 60)), nil
			}
			if _, err := store.SetProfileCountry(ctx, req.User.ID, country.Code); err != nil {
				return req.Problem(err)
			}
			return req.PrivateT("me.country_saved", "Country", country.Name), nil
		case "language":
			return setMemberLanguage(ctx, store, req)
		case "show":
			p, err := store.MemberProfile(ctx, req.User.ID)
			if err != nil {
				return nil, err
			}
			lang, err := store.MemberLanguage(ctx, req.User.ID)
			if err != nil {
				return nil, err
			}
			return Private("%s", describeProfile(p, lang, req)), nil
		case "forget":
			if err := store.ForgetProfile(ctx, req.User.ID); err != nil {
				return nil, err
			}
			req.Lang = i18n.Pick(i18n.Match(string(req.Interaction.Locale)), req.ServerLang)
			return req.PrivateT("me.forgotten"), nil
		}
		return req.PrivateT("me.unknown_part"), nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		name, typed := req.Focused()
		switch name {
		case "zone":
			zones := matchZones(typed, 25)
			if strings.TrimSpace(typed) == "" {
				zones = suggestedZones(req.Settings.Get(data.SettingTimeZone))
			}
			choices := []*discordgo.ApplicationCommandOptionChoice{}
			for _, z := range zones {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: zoneLabel(z, req.Now), Value: z})
			}
			return &Response{Choices: choices}, nil
		case "country":
			def := req.Settings.Get(data.SettingCountry)
			if def == "" {
				def, _ = localeCountry(req)
			}
			return &Response{Choices: countryChoicesIn(req.P(), typed, def)}, nil
		}
		return &Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
	}
	return c
}

// describeProfile is /me show.
func describeProfile(p data.Profile, lang data.MemberLanguage, req *Request) string {
	lines := []string{req.T("me.show_title")}
	switch {
	case p.TimeZone != "":
		lines = append(lines, req.T("me.show_zone", "Zone", zoneLabel(p.TimeZone, req.Now)))
	default:
		lines = append(lines, req.T("me.show_zone_unset"))
	}
	if c, ok := data.LookupCountry(p.Country); ok && p.Country != "" {
		lines = append(lines, req.T("me.show_country", "Country", c.Name))
	} else if code, ok := localeCountry(req); ok {
		c, _ := data.LookupCountry(code)
		lines = append(lines, req.T("me.show_country_locale", "Country", c.Name))
	} else {
		lines = append(lines, req.T("me.show_country_unset"))
	}
	if l, ok := i18n.Lookup(lang.Chosen); ok {
		lines = append(lines, req.T("me.show_language", "Language", l.Native))
	} else {
		l, _ := i18n.Lookup(req.Lang)
		lines = append(lines, req.T("me.show_language_discord", "Language", l.Native))
	}
	lines = append(lines, req.T("me.show_forget"))
	return strings.Join(lines, "\n")
}

// languageChoices are /me language's choices: each language Kindred
// speaks, by its own name, and "discord" to follow Discord's.
func languageChoices() []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{{Name: "My Discord language", Value: "discord"}}
	for _, l := range i18n.Languages() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: l.Native, Value: l.Tag})
	}
	return out
}

// setMemberLanguage is /me language; it answers in the new language.
func setMemberLanguage(ctx context.Context, store ProfileStore, req *Request) (*Response, error) {
	choice := req.String("language")
	if choice == "discord" {
		choice = ""
	} else if _, ok := i18n.Lookup(choice); !ok {
		return req.PrivateT("me.language_unknown"), nil
	}
	if err := store.SetMemberLanguage(ctx, req.User.ID, choice); err != nil {
		return req.Problem(err)
	}
	if choice == "" {
		req.Lang = i18n.Pick(i18n.Match(string(req.Interaction.Locale)), req.ServerLang)
		return req.PrivateT("me.language_discord"), nil
	}
	req.Lang = choice
	l, _ := i18n.Lookup(choice)
	return req.PrivateT("me.language_saved", "Language", l.Native), nil
}

// memberZone returns the time zone to start a member's new reminder in:
// the one they set with /me, else fallback. A store error is logged and
// falls back.
func memberZone(ctx context.Context, store profileReader, log *slog.Logger, userID, fallback string) string {
	p, err := store.MemberProfile(ctx, userID)
	if err != nil {
		if log != nil {
			log.Error("load member profile", "err", err)
		}
		return fallback
	}
	if p.TimeZone != "" {
		return p.TimeZone
	}
	return fallback
}

// localeCountries maps Discord's client locales to the country whose
// crisis lines are most likely wanted. Locales shared by many countries
// are left out: a wrong guess is worse than the international
// directories. That includes es-419 (Latin America) and en-US, which is
// Discord's default for every English speaker who never changed it.
var localeCountries = map[string]string{
	"en-GB": "GB", "es-ES": "ES", "pt-BR": "BR", "de": "DE", "fr": "FR",
	"it": "IT", "nl": "NL", "da": "DK", "no": "NO", "sv-SE": "SE", "fi": "FI", "pl": "PL",
	"cs": "CZ", "hu": "HU", "ro": "RO", "bg": "BG", "el": "GR", "hr": "HR", "lt": "LT",
	"tr": "TR", "uk": "UA", "ru": "RU", "ja": "JP", "ko": "KR", "zh-CN": "CN", "zh-TW": "TW",
	"hi": "IN", "th": "TH", "vi": "VN", "id": "ID",
}

// localeCountry guesses a country from the member's Discord language,
// when it names one Kindred has crisis lines for.
func localeCountry(req *Request) (string, bool) {
	if req.Interaction == nil {
		return "", false
	}
	code, ok := localeCountries[string(req.Interaction.Locale)]
	if !ok || !data.CrisisFor(code).Known {
		return "", false
	}
	return code, true
}
