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
		resp := &Response{Content: note, Embeds: CrisisEmbedsIn(code, SafetyLanguage(string(req.Interaction.Locale))), Ephemeral: true}
		return resp, nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		_, typed := req.Focused()
		return &Response{Choices: countryChoices(typed, req.Settings.Get(data.SettingCountry))}, nil
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
		country, ok := data.LookupCountry(typed)
		if !ok {
			return "", fmt.Sprintf("I don't know the country %q, so here are international directories. Try its two-letter code, such as GB or DE.", clipRunes(typed, 60))
		}
		if remember, _ := req.Bool("remember"); remember && req.GuildID == "" {
			return country.Code, "Outside a server, `/me country` remembers your country for everywhere."
		}
		if remember, _ := req.Bool("remember"); remember && req.GuildID != "" {
			if err := store.SetMemberCountry(ctx, req.GuildID, userID, country.Code); err != nil {
				log.Error("save member country", "guild", req.GuildID, "err", err)
				return country.Code, "I couldn't remember your country just now, but here are its lines."
			}
			return country.Code, fmt.Sprintf("I'll remember %s for you in this server. `/crisis country:` shows another country.", country.Name)
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
		return code, fmt.Sprintf("Showing lines for %s from your Discord language; `/me country` changes it.", country.Name)
	}
	return "", "Choose your country with `/crisis country:` (or `/me country`) to see its crisis lines."
}

// CrisisEmbeds renders the crisis lines for a country code ("" or an
// unknown code gives the international directories only): the emergency
// number first, then each line, when they were last checked, and the
// international directories. The check-in safety net shows these too.
func CrisisEmbeds(country string) []*discordgo.MessageEmbed { return CrisisEmbedsIn(country, "en") }

// CrisisEmbedsIn is CrisisEmbeds with its framing in a language of
// SafetyLanguages (English for any other); the lines' own details, such as
// hours, are as the crisis-line table gives them.
func CrisisEmbedsIn(country, lang string) []*discordgo.MessageEmbed {
	w := wordsFor(lang)
	set := data.CrisisFor(country)
	intl := &discordgo.MessageEmbed{
		Title: w.Anywhere,
		Color: crisisColor,
	}
	var b strings.Builder
	for _, l := range set.International {
		fmt.Fprintf(&b, "**%s**: %s", l.Service, l.Website)
		if l.Caveat != "" {
			fmt.Fprintf(&b, " (%s)", strings.TrimSuffix(l.Caveat, "."))
		}
		b.WriteString("\n")
	}
	b.WriteString(w.Directories)
	intl.Description = b.String()

	if !set.Known {
		more := w.FindNear
		switch {
		case set.Country.Name != "":
			more = fmt.Sprintf(w.UnknownCountry, set.Country.Name) + " " + more
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
		desc.WriteString(numberWithNote(e.Number, e.Note))
	}
	desc.WriteString("\n" + w.Abroad)

	main := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf(w.Title, set.Country.Name),
		Description: desc.String(),
		Color:       crisisColor,
	}
	oldest := time.Time{}
	for _, l := range set.Lines {
		main.Fields = append(main.Fields, &discordgo.MessageEmbedField{Name: clipRunes(l.Service, 256), Value: clipRunes(lineDetails(l, w), 1024)})
		if oldest.IsZero() || l.Verified.Before(oldest) {
			oldest = l.Verified
		}
	}
	main.Footer = &discordgo.MessageEmbedFooter{
		Text: fmt.Sprintf(w.Footer, checkedOn(oldest, lang)),
	}
	return []*discordgo.MessageEmbed{main, intl}
}

// lineDetails is how to reach one crisis line.
func lineDetails(l data.CrisisLine, w safetyWords) string {
	var rows []string
	if len(l.Phones) > 0 {
		var ps []string
		for _, p := range l.Phones {
			ps = append(ps, numberWithNote(p.Number, p.Note))
		}
		rows = append(rows, "**Call:** "+strings.Join(ps, " · "))
	}
	for _, t := range l.Texts {
		how := "**Text:** "
		if t.App != "" {
			how = "**" + t.App + ":** "
		}
		if t.Keyword != "" {
			how += fmt.Sprintf("%s to **%s**", t.Keyword, t.Number)
		} else {
			how += "**" + t.Number + "**"
		}
		if t.Note != "" {
			how += " (" + t.Note + ")"
		}
		rows = append(rows, how)
	}
	if l.ChatURL != "" && l.ChatURL != l.Website {
		rows = append(rows, "**Chat:** "+l.ChatURL)
	}
	if l.Website != "" {
		label := "**Website:** "
		if l.ChatURL == l.Website {
			label = "**Website and chat:** "
		}
		rows = append(rows, label+l.Website)
	}
	if l.Email != "" {
		rows = append(rows, "**Email:** "+l.Email)
	}
	rows = append(rows, "**"+w.Hours+":** "+l.Hours)
	if l.Languages != "" {
		rows = append(rows, "**"+w.Languages+":** "+l.Languages)
	}
	if l.Caveat != "" {
		rows = append(rows, "*"+l.Caveat+"*")
	}
	return strings.Join(rows, "\n")
}

func numberWithNote(number, note string) string {
	if note == "" {
		return "**" + number + "**"
	}
	return fmt.Sprintf("**%s** (%s)", number, note)
}

// countryChoices offers the countries Kindred has lines for that match
// what was typed, the server's default first when nothing was typed.
func countryChoices(typed, serverDefault string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var first, rest []*discordgo.ApplicationCommandOptionChoice
	for _, c := range data.CrisisCountries() {
		name, code := strings.ToLower(c.Name), strings.ToLower(c.Code)
		if typed != "" && code != typed && !strings.HasPrefix(name, typed) && !strings.Contains(name, " "+typed) {
			continue
		}
		choice := &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(fmt.Sprintf("%s (%s)", c.Name, c.Code), 100), Value: c.Code}
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

// checkedOn writes the day lines were checked, in lang's way.
func checkedOn(t time.Time, lang string) string {
	if lang == "pt" {
		lang = "pt-BR"
	}
	return i18n.For(i18n.Pick(lang)).Date(t, i18n.Day)
}
