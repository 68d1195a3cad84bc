package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// CrisisStore is what /crisis needs of the store.
type CrisisStore interface {
	MemberCountry(ctx context.Context, guildID, userID string) (string, error)
	SetMemberCountry(ctx context.Context, guildID, userID, country string) error
}

// crisisColor is a calm blue, the same for every crisis embed.
const crisisColor = 0x4A90D9

// Crisis is /crisis: crisis and emergency lines for a country. It has no
// Feature, so it answers even when every feature is switched off, and it
// always answers privately.
func Crisis(store CrisisStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Anywhere: true,
		Definition: &discordgo.ApplicationCommand{
			Name:        "crisis",
			Description: "Crisis and emergency lines for your country, shown only to you",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         "country",
					Description:  "A country name or two-letter code, such as GB or Germany",
					Autocomplete: true,
					MaxLength:    60,
				},
				{
					Type:        discordgo.ApplicationCommandOptionBoolean,
					Name:        "remember",
					Description: "Remember this country for you in this server",
				},
			},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		code, note := crisisCountry(ctx, store, log, req)
		resp := &Response{Content: note, Embeds: CrisisEmbedsIn(code, req.Lang), Ephemeral: true}
		return resp, nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		_, typed := req.Focused()
		return &Response{Choices: countryChoicesIn(req.P(), typed, req.Settings.Get(data.SettingCountry))}, nil
	}
	return c
}

// crisisCountry decides whose lines to show: the country asked for, the
// member's saved country, the server's default, or none (international).
// A store error never stops the lines being shown; it is logged.
func crisisCountry(ctx context.Context, store CrisisStore, log *slog.Logger, req *Request) (code, note string) {
	userID := ""
	if req.User != nil {
		userID = req.User.ID
	}
	if typed := strings.TrimSpace(req.String("country")); typed != "" {
		country, ok := lookupCountryIn(req.P(), typed)
		if !ok {
			return "", req.T("crisis.unknown_country", "Typed", clipRunes(typed, 60))
		}
		if remember, _ := req.Bool("remember"); remember && req.GuildID == "" {
			return country.Code, req.T("crisis.remember_outside")
		}
		if remember, _ := req.Bool("remember"); remember && req.GuildID != "" {
			if err := store.SetMemberCountry(ctx, req.GuildID, userID, country.Code); err != nil {
				log.Error("save member country", "guild", req.GuildID, "err", err)
				return country.Code, req.T("crisis.remember_failed")
			}
			return country.Code, req.T("crisis.remembered", "Country", countryName(req.P(), country.Code, country.Name))
		}
		return country.Code, ""
	}
	if req.GuildID != "" {
		saved, err := store.MemberCountry(ctx, req.GuildID, userID)
		if err != nil {
			log.Error("load member country", "guild", req.GuildID, "err", err)
		}
		if saved != "" {
			return saved, ""
		}
	}
	if def := req.Settings.Get(data.SettingCountry); def != "" && req.GuildID != "" {
		return def, ""
	}
	if req.GuildID == "" && userID != "" {
		// Outside a server only the member's own /me country applies.
		saved, err := store.MemberCountry(ctx, "", userID)
		if err != nil {
			log.Error("load member country", "err", err)
		}
		if saved != "" {
			return saved, ""
		}
	}
	if code, ok := localeCountry(req); ok {
		country, _ := data.LookupCountry(code)
		return code, req.T("crisis.from_locale", "Country", countryName(req.P(), code, country.Name))
	}
	return "", req.T("crisis.choose")
}

// CrisisEmbeds renders the crisis lines for a country code ("" or an
// unknown code gives the international directories only): the emergency
// number first, then each line, when they were last checked, and the
// international directories. The check-in safety net shows these too.
func CrisisEmbeds(country string) []*discordgo.MessageEmbed { return CrisisEmbedsIn(country, "en") }

// CrisisEmbedsIn is CrisisEmbeds with its framing in lang: a catalogue
// language ("pt-BR") or a safety-list language ("pt"), English for any
// other. Service names stay as each provider writes them; the notes beside
// them (hours, languages, what a number is for) are translated where the
// catalogue's crisis_note messages have them.
func CrisisEmbedsIn(country, lang string) []*discordgo.MessageEmbed {
	w := wordsFor(SafetyLanguage(lang))
	p := crisisPrinter(lang)
	set := data.CrisisFor(country)
	intl := &discordgo.MessageEmbed{
		Title: w.Anywhere,
		Color: crisisColor,
	}
	var b strings.Builder
	for _, l := range set.International {
		fmt.Fprintf(&b, "**%s**: %s", l.Service, l.Website)
		if l.Caveat != "" {
			fmt.Fprintf(&b, " (%s)", strings.TrimSuffix(crisisNote(p, l.Caveat), "."))
		}
		b.WriteString("\n")
	}
	b.WriteString(w.Directories)
	intl.Description = b.String()

	name := countryName(p, set.Country.Code, set.Country.Name)
	if !set.Known {
		more := w.FindNear
		switch {
		case set.Country.Name != "":
			more = fmt.Sprintf(w.UnknownCountry, name) + " " + more
		case set.Country.Code != "":
			more = w.UnknownCode + " " + more
		}
		first := &discordgo.MessageEmbed{
			Title:       w.AloneTitle,
			Description: w.DangerLocal + "\n\n" + more,
			Color:       crisisColor,
		}
		return []*discordgo.MessageEmbed{first, intl}
	}

	emergency := set.Emergency[0].Number
	var desc strings.Builder
	fmt.Fprintf(&desc, w.NotAlone+"\n\n", emergency)
	desc.WriteString("**" + w.Emergency + ":** ")
	for i, e := range set.Emergency {
		if i > 0 {
			desc.WriteString(" · ")
		}
		desc.WriteString(numberWithNote(e.Number, crisisNote(p, e.Note)))
	}
	desc.WriteString("\n" + w.Abroad)

	main := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf(w.Title, name),
		Description: desc.String(),
		Color:       crisisColor,
	}
	oldest := time.Time{}
	for _, l := range set.Lines {
		main.Fields = append(main.Fields, &discordgo.MessageEmbedField{Name: clipRunes(l.Service, 256), Value: clipRunes(lineDetails(l, w, p), 1024)})
		if oldest.IsZero() || l.Verified.Before(oldest) {
			oldest = l.Verified
		}
	}
	main.Footer = &discordgo.MessageEmbedFooter{
		Text: fmt.Sprintf(w.Footer, p.Date(oldest, i18n.Day)),
	}
	return []*discordgo.MessageEmbed{main, intl}
}

// lineDetails is how to reach one crisis line, labelled in p's language.
func lineDetails(l data.CrisisLine, w safetyWords, p *i18n.Printer) string {
	var rows []string
	if len(l.Phones) > 0 {
		var ps []string
		for _, n := range l.Phones {
			ps = append(ps, numberWithNote(n.Number, crisisNote(p, n.Note)))
		}
		rows = append(rows, "**"+p.T("crisis.call")+":** "+strings.Join(ps, " · "))
	}
	for _, t := range l.Texts {
		how := "**" + p.T("crisis.text") + ":** "
		if t.App != "" {
			how = "**" + t.App + ":** "
		}
		if t.Keyword != "" {
			how += p.T("crisis.keyword", "Keyword", t.Keyword, "Number", t.Number)
		} else {
			how += "**" + t.Number + "**"
		}
		if t.Note != "" {
			how += " (" + crisisNote(p, t.Note) + ")"
		}
		rows = append(rows, how)
	}
	if l.ChatURL != "" && l.ChatURL != l.Website {
		rows = append(rows, "**"+p.T("crisis.chat")+":** "+l.ChatURL)
	}
	if l.Website != "" {
		label := "**" + p.T("crisis.website") + ":** "
		if l.ChatURL == l.Website {
			label = "**" + p.T("crisis.website_chat") + ":** "
		}
		rows = append(rows, label+l.Website)
	}
	if l.Email != "" {
		rows = append(rows, "**"+p.T("crisis.email")+":** "+l.Email)
	}
	rows = append(rows, "**"+w.Hours+":** "+crisisNote(p, l.Hours))
	if l.Languages != "" {
		rows = append(rows, "**"+w.Languages+":** "+crisisNote(p, l.Languages))
	}
	if l.Caveat != "" {
		rows = append(rows, "*"+crisisNote(p, l.Caveat)+"*")
	}
	return strings.Join(rows, "\n")
}

func numberWithNote(number, note string) string {
	if note == "" {
		return "**" + number + "**"
	}
	return fmt.Sprintf("**%s** (%s)", number, note)
}

// countryChoicesIn offers the countries Kindred has lines for that match
// what was typed, the server's default first when nothing was typed,
// named in p's language; what was typed matches that name or the English
// one.
func countryChoicesIn(p *i18n.Printer, typed, serverDefault string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	matches := func(name string) bool {
		name = strings.ToLower(name)
		return strings.HasPrefix(name, typed) || strings.Contains(name, " "+typed)
	}
	var first, rest []*discordgo.ApplicationCommandOptionChoice
	for _, c := range data.CrisisCountries() {
		local, code := countryName(p, c.Code, c.Name), strings.ToLower(c.Code)
		if typed != "" && code != typed && !matches(c.Name) && !matches(local) {
			continue
		}
		choice := &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(fmt.Sprintf("%s (%s)", local, c.Code), 100), Value: c.Code}
		if code == typed || (typed == "" && c.Code == serverDefault) {
			first = append(first, choice)
		} else {
			rest = append(rest, choice)
		}
	}
	out := append(first, rest...)
	if len(out) > 25 {
		out = out[:25]
	}
	return out
}
