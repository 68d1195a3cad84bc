package commands

import (
	"strconv"

	"github.com/kindred-bot/kindred/i18n"
)

// safetyWords are the safety net's words in one language, written for it
// rather than translated word by word. They follow safetynet/GUIDANCE.md:
// warm, plain and short, a few signposts, no method detail, no questions
// that push for reassurance. %s verbs are filled in as the comments say.
type safetyWords struct {
	UrgentLead                string // the member's words are taken seriously; no %s
	CallNow                   string // %s: the emergency number
	TopLine                   string // %s: the service, %s: how to reach it, %s: its hours
	NoLines                   string // no lines for the country: the local emergency number, then a directory (%s)
	ConcernLead               string
	Signposts                 string // heading of the two or three signposts
	Directory                 string // %s: the directory's website
	ModOfferDM                string // in a DM: how to ask a moderator, nothing sent
	ModOfferConcern           string // after /concern: the moderators have it, marked urgent
	CrisisPointer             string
	Call, Text, Chat, Website string // how to reach a line: "call", "text", ...
	// The crisis embeds (/crisis and the safety net).
	Title          string // %s: the country
	NotAlone       string // %s: the emergency number
	Emergency      string
	Abroad         string
	Hours          string
	Languages      string
	Anywhere       string
	Directories    string
	Footer         string // %s: the date the lines were checked
	UnknownCountry string // %s: the country's name
	UnknownCode    string
	FindNear       string
	DangerLocal    string
	AloneTitle     string
}

// wordsFor is the safety net's words for a language (a safety-net
// language such as "pt", or a catalogue tag), English when Kindred has
// none for it. They come from the catalogue's "safety" messages; the
// placeholders the callers fill with fmt are left as indexed verbs, so a
// translation may put them in any order.
func wordsFor(lang string) safetyWords {
	if lang == "pt" {
		lang = "pt-BR"
	}
	p := i18n.For(i18n.Pick(lang))
	v := func(n int) string { return "%[" + strconv.Itoa(n) + "]s" }
	t := func(id string, kv ...any) string {
		// A literal % in a message would read as a verb.
		return p.T("safety."+id, kv...)
	}
	return safetyWords{
		UrgentLead:      t("urgent_lead"),
		CallNow:         t("call_now", "Number", v(1)),
		TopLine:         t("top_line", "Service", v(1), "How", v(2), "Hours", v(3)),
		NoLines:         t("no_lines", "Directory", v(1)),
		ConcernLead:     t("concern_lead"),
		Signposts:       t("signposts"),
		Directory:       t("directory", "URL", v(1)),
		ModOfferDM:      t("mod_offer_dm"),
		ModOfferConcern: t("mod_offer_concern"),
		CrisisPointer:   t("crisis_pointer"),
		Call:            t("call"), Text: t("text"), Chat: t("chat"), Website: t("website"),
		Title:          t("title", "Country", v(1)),
		NotAlone:       t("not_alone", "Number", v(1)),
		Emergency:      t("emergency"),
		Abroad:         t("abroad"),
		Hours:          t("hours"),
		Languages:      t("languages"),
		Anywhere:       t("anywhere"),
		Directories:    t("directories"),
		Footer:         t("footer", "Date", v(1)),
		UnknownCountry: t("unknown_country", "Country", v(1)),
		UnknownCode:    t("unknown_code"),
		FindNear:       t("find_near"),
		DangerLocal:    t("danger_local"),
		AloneTitle:     t("alone_title"),
	}
}
