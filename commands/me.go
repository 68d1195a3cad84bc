package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
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
}

// profileReader is what features that fall back on /me need.
type profileReader interface {
	MemberProfile(ctx context.Context, userID string) (data.Profile, error)
}

// Me is /me: a member's own time zone and country, set once and used in
// every server and in DMs with Kindred (check-in reminders, self-care
// nudges, crisis lines). It works outside servers too.
func Me(store ProfileStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Anywhere: true,
		Definition: &discordgo.ApplicationCommand{
			Name:        "me",
			Description: "Your own time zone and country, used everywhere Kindred is",
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
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "See what you set and where it is used"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "forget", Description: "Forget your time zone and country"},
			},
		},
		Components: map[string]Component{keyDMStop: {Handle: stopChosen(store, store)}},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.User == nil {
			return Private("I couldn't tell who you are; please try again."), nil
		}
		switch req.Subcommand() {
		case "timezone":
			zone, err := resolveZone(req.String("zone"))
			if err != nil {
				return ProblemReply(err)
			}
			if zone, err = store.SetProfileTimeZone(ctx, req.User.ID, zone); err != nil {
				return ProblemReply(err)
			}
			return Private("Saved: your time zone is **%s**. Your daily check-in reminders and self-care nudges in every server "+
				"now follow it, from today. `/me show` shows what you set.", zoneLabel(zone, req.Now)), nil
		case "country":
			typed := strings.TrimSpace(req.String("country"))
			country, ok := data.LookupCountry(typed)
			if !ok {
				return Private("I don't know the country %q. Try its two-letter code, such as ES or GB, or pick one from the list as you type.", clipRunes(typed, 60)), nil
			}
			if _, err := store.SetProfileCountry(ctx, req.User.ID, country.Code); err != nil {
				return ProblemReply(err)
			}
			return Private("Saved: **%s**. `/crisis` shows its lines wherever you use it, unless you chose another country for a server with `/crisis remember`.", country.Name), nil
		case "show":
			p, err := store.MemberProfile(ctx, req.User.ID)
			if err != nil {
				return nil, err
			}
			return Private("%s", describeProfile(p, req)), nil
		case "forget":
			if err := store.ForgetProfile(ctx, req.User.ID); err != nil {
				return nil, err
			}
			return Private("Done: I've forgotten your time zone and country. Reminders you already have keep their times; `/me timezone` sets a zone again."), nil
		}
		return Private("I don't know that part of `/me`. Try `/me timezone`, `/me country` or `/me show`."), nil
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
			return &Response{Choices: countryChoices(typed, def)}, nil
		}
		return &Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
	}
	return c
}

// describeProfile is /me show.
func describeProfile(p data.Profile, req *Request) string {
	var b strings.Builder
	b.WriteString("**What you set with /me** (the same in every server):\n")
	if p.TimeZone != "" {
		fmt.Fprintf(&b, "Time zone: **%s**, used for check-in reminders and self-care nudges.\n", zoneLabel(p.TimeZone, req.Now))
	} else {
		b.WriteString("Time zone: not set, so each server's time zone is used. `/me timezone` sets yours.\n")
	}
	if c, ok := data.LookupCountry(p.Country); ok && p.Country != "" {
		fmt.Fprintf(&b, "Country: **%s**, used for crisis lines.\n", c.Name)
	} else if code, ok := localeCountry(req); ok {
		c, _ := data.LookupCountry(code)
		fmt.Fprintf(&b, "Country: not set. Crisis lines follow the server's country, or else %s from your Discord language. `/me country` sets yours.\n", c.Name)
	} else {
		b.WriteString("Country: not set, so crisis lines follow the server's country. `/me country` sets yours.\n")
	}
	b.WriteString("`/me forget` forgets both.")
	return b.String()
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
