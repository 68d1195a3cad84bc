package commands

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// settingLabel is a setting's label in p's language, from the catalogue
// message settings.label.<key>; a setting the catalogue lacks keeps the
// English label of its definition.
func settingLabel(p *i18n.Printer, d data.SettingDef) string {
	id := "settings.label." + d.Key
	if _, ok := i18n.Embedded().Text(i18n.Base, id); !ok {
		return d.Label
	}
	return p.T(id)
}

// lowerLabel starts a label with a small letter for use inside a
// sentence, except in German, whose nouns keep their capital.
func lowerLabel(p *i18n.Printer, label string) string {
	r, n := utf8.DecodeRuneInString(label)
	if p.Lang() == "de" || n == 0 {
		return label
	}
	return string(unicode.ToLower(r)) + label[n:]
}

// localChoices returns the settings' choices with their names in p's
// language, for autocomplete.
func localChoices(p *i18n.Printer, all []*discordgo.ApplicationCommandOptionChoice) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, len(all))
	for i, c := range all {
		name := c.Name
		if d, ok := data.LookupSetting(strings.TrimSpace(c.Value.(string))); ok {
			name = settingLabel(p, d)
		}
		out[i] = &discordgo.ApplicationCommandOptionChoice{Name: name, Value: c.Value}
	}
	return out
}

// zoneLabelIn is zoneLabel in p's language: "Europe/London (now 14:05)".
func zoneLabelIn(p *i18n.Printer, zone string, now time.Time) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return zone
	}
	return p.T("common.zone_now", "Zone", zone, "Time", now.In(loc).Format("15:04"))
}

// languageList names the languages /settings set language takes.
func languageList() string {
	var out []string
	for _, l := range i18n.Languages() {
		out = append(out, "`"+l.Tag+"` ("+l.Native+")")
	}
	return strings.Join(out, ", ")
}

// refreshGuidelinesLanguage rewrites the posted copy of Kindred's default
// guidelines, if the server has one, in the language public posts have
// just changed to. It returns a sentence (with a leading line break) for
// the moderator, or "" when there was nothing to rewrite.
func refreshGuidelinesLanguage(ctx context.Context, store settingsStore, discord Discord, req *Request) string {
	if req.Settings.IsSet(data.SettingGuidelines) {
		return "" // the server's own text is not translated
	}
	if _, _, ok := postedMessage(req.Settings); !ok {
		return ""
	}
	log := req.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, err := store.Settings(ctx, req.GuildID)
	if err != nil {
		log.Error("load settings to rewrite the posted guidelines", "err", err)
		return ""
	}
	channelID, _, err := RefreshPostedGuidelines(ctx, store, discord, log, req.GuildID, st, DefaultGuidelinesIn(st.Language()))
	if err != nil {
		return "\n" + req.T("guidelines.refresh_failed", "Channel", channelID)
	}
	return "\n" + req.T("guidelines.refresh_done", "Channel", channelID)
}
