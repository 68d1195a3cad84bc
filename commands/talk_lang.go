package commands

import (
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// Languages of Talk to someone: the member asking is answered in theirs;
// the listeners' channel and the support thread are in the server's.

// TalkButtonIn is TalkButton with its label in the language of p, for a
// reply or post in that language.
func TalkButtonIn(p *i18n.Printer) discordgo.Button {
	return discordgo.Button{Label: p.T("talk.title"), Emoji: &discordgo.ComponentEmoji{Name: "💬"}, Style: discordgo.PrimaryButton, CustomID: keyTalkOpen}
}

// talkNeedLabel is a need's button label in the language of p.
func talkNeedLabel(p *i18n.Printer, need string) string {
	if !talkKnownNeed(need) {
		return need
	}
	return p.T("talk.need_" + need)
}

// talkNeedInline is a need as it reads inside a sentence ("practical
// help"), in the language of p.
func talkNeedInline(p *i18n.Printer, need string) string {
	if !talkKnownNeed(need) {
		return need
	}
	return p.T("talk.need_" + need + "_inline")
}

func talkKnownNeed(need string) bool {
	for _, n := range talkNeeds {
		if n.key == need {
			return true
		}
	}
	return false
}

// talkCrisisEmbeds are the crisis lines of a country framed in a language
// of the catalogue (pt-BR framed as the safety net's pt).
func talkCrisisEmbeds(country, lang string) []*discordgo.MessageEmbed {
	return CrisisEmbedsIn(country, lang)
}

// talkHours writes a duration in hours with one decimal, with the
// decimal comma of every language Kindred speaks but English.
func talkHours(p *i18n.Printer, hours float64) string {
	s := strconv.FormatFloat(hours, 'f', 1, 64)
	if p.Lang() != i18n.Base {
		s = strings.Replace(s, ".", ",", 1)
	}
	return p.T("talk.hours", "Hours", s)
}
