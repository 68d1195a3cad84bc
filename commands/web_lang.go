package commands

import (
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The website (package web) shows the same words as the slash commands:
// these are the commands' own localized names and sentences, for a
// printer the website chose.

// ProblemIn is the kind sentence of a data error in p's language: a
// data.Problem (or several, data.Problems) is written from its catalogue
// message, an older error by its English sentence. ok is false for an
// error that is not a member's to fix.
func ProblemIn(p *i18n.Printer, err error) (string, bool) {
	if msg, ok := problemIn(p, err); ok {
		return msg, true
	}
	resp, rerr := ProblemReply(err)
	if rerr != nil || resp == nil {
		return "", false
	}
	return resp.Content, true
}

// ChannelProblemIn is ChannelProblem with its sentences in p's language.
func ChannelProblemIn(p *i18n.Printer, discord Discord, guildID, channelID, key string) (problem, warning string, err error) {
	return channelProblemIn(p, discord, guildID, channelID, key)
}

// SettingLabel is a setting's label in p's language.
func SettingLabel(p *i18n.Printer, d data.SettingDef) string { return settingLabel(p, d) }

// ResourceCategoryLabel is a resource category's name in p's language.
func ResourceCategoryLabel(p *i18n.Printer, key string) string { return resCategoryLabel(p, key) }

// SelfCareCategoryName is a self-care category as /mod-selfcare names it
// in p's language.
func SelfCareCategoryName(p *i18n.Printer, c string) string { return categoryName(p, c) }

// SelfCarePromptText is a self-care prompt in p's language (Kindred's
// own prompts are translated; a server's own stay as written).
func SelfCarePromptText(p *i18n.Printer, ref, text string) string { return promptText(p, ref, text) }

// CountryName is a country's name in p's language.
func CountryName(p *i18n.Printer, code, english string) string { return countryName(p, code, english) }

// CrisisNote is a note of the crisis-line table (hours, a number's note)
// in p's language, as /crisis shows it.
func CrisisNote(p *i18n.Printer, english string) string { return crisisNote(p, english) }

// AuditFeatureName is a feature of the audit log as /audit's menu names
// it in p's language.
func AuditFeatureName(p *i18n.Printer, feature string) string {
	id := i18n.CommandKey([]string{"audit", "show", "feature", "choice_" + feature}, "name")
	if s, ok := i18n.Embedded().Text(p.Lang(), id); ok && s != "" {
		return s
	}
	return feature
}

// ReadableAudit is an audit entry's target and detail as /audit shows
// them in p's language (a setting's label, its values), with channels and
// roles as Discord mentions.
func ReadableAudit(p *i18n.Printer, a data.ModeratorAction) (target, detail string) {
	return readableAudit(p, a)
}

// DecodeResourcesCSVIn is DecodeResourcesCSV with its problems in p's
// language.
func DecodeResourcesCSVIn(p *i18n.Printer, b []byte, now time.Time) ([]data.ImportRow, []data.RowProblem, error) {
	return decodeResourcesCSV(p, b, now)
}

// RetentionLabel names a choice of how long check-in notes are kept
// ("0" is until deleted), as /setup does, in p's language.
func RetentionLabel(p *i18n.Printer, days string) string { return retentionLabel(p, days) }
