package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The safety net's two answers, written to follow safetynet/GUIDANCE.md.
// An urgent one leads with the emergency number and the country's first
// crisis line, then says how to reach a moderator, and carries every line
// below. A concern is gentler: it names what the member said without
// repeating it, gives two or three signposts, says how to reach a
// moderator, and points to /crisis. Neither repeats the member's words.

// SafetyAnswer is the text of the safety net's answer to risk, in the
// risk's language, for a member in country ("" when unknown), and the
// crisis embeds to show with it (only for an urgent answer). modOffer is
// how to reach a moderator from where the member wrote.
func SafetyAnswer(risk Risk, country, modOffer string) (string, []*discordgo.MessageEmbed) {
	w := wordsFor(risk.Lang)
	set := data.CrisisFor(country)
	var b strings.Builder
	if risk.Level == RiskUrgent {
		b.WriteString(w.UrgentLead + "\n\n")
		if set.Known && len(set.Emergency) > 0 {
			fmt.Fprintf(&b, w.CallNow, "**"+set.Emergency[0].Number+"**")
			if len(set.Lines) > 0 {
				b.WriteString(" " + topLine(set.Lines[0], w))
			}
		} else {
			fmt.Fprintf(&b, w.NoLines, directoryURL(set))
		}
		b.WriteString("\n\n" + modOffer)
		return b.String(), CrisisEmbedsIn(country, risk.Lang)
	}
	b.WriteString(w.ConcernLead + "\n\n" + w.Signposts + "\n")
	for i, l := range set.Lines {
		if i == 2 {
			break
		}
		fmt.Fprintf(&b, "• **%s**: %s (%s)\n", l.Service, lineHow(l, w), l.Hours)
	}
	fmt.Fprintf(&b, "• "+w.Directory+"\n", directoryURL(set))
	b.WriteString("\n" + modOffer + "\n" + w.CrisisPointer)
	return b.String(), nil
}

// topLine is one sentence naming a crisis line and how to reach it.
func topLine(l data.CrisisLine, w safetyWords) string {
	return fmt.Sprintf(w.TopLine, l.Service, lineHow(l, w), l.Hours)
}

// lineHow is the first way to reach a line: a phone, a text, or its site.
func lineHow(l data.CrisisLine, w safetyWords) string {
	switch {
	case len(l.Phones) > 0:
		return w.Call + " **" + l.Phones[0].Number + "**"
	case len(l.Texts) > 0 && l.Texts[0].Keyword != "":
		return fmt.Sprintf("%s %s → **%s**", w.Text, l.Texts[0].Keyword, l.Texts[0].Number)
	case len(l.Texts) > 0:
		return w.Text + " **" + l.Texts[0].Number + "**"
	case l.ChatURL != "":
		return w.Chat + ": " + l.ChatURL
	}
	return w.Website + ": " + l.Website
}

// directoryURL is the first international directory, where anyone can
// find a helpline.
func directoryURL(set data.CrisisSet) string {
	for _, l := range set.International {
		if l.Website != "" {
			return l.Website
		}
	}
	return "https://findahelpline.com"
}

// dmSafetyStore is what the safety net in DMs needs of the store.
type dmSafetyStore interface {
	MemberCountryAnywhere(ctx context.Context, userID string) (string, error)
}

// DMSafetyNet answers a DM a member sent Kindred when it holds crisis
// language: nil when it holds none. A DM carries no locale, so every list
// is tried and the answer is in the language that matched. The crisis
// lines are for the country the member last saved in any server, else the
// international directories. Nothing is stored, logged or sent to anyone.
func DMSafetyNet(ctx context.Context, store dmSafetyStore, userID, text string) (*discordgo.MessageSend, error) {
	risk := AssessRisk(text, "")
	if risk.Level == NoRisk {
		return nil, nil
	}
	country, err := store.MemberCountryAnywhere(ctx, userID)
	// On a store error the lines are still shown (international ones);
	// the caller logs the error.
	content, embeds := SafetyAnswer(risk, country, wordsFor(risk.Lang).ModOfferDM)
	return &discordgo.MessageSend{
		Content:         content,
		Embeds:          embeds,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	}, err
}

// concernCountryStore is the optional part of a /concern store that knows
// a member's country; without it the lines are the server default's.
type concernCountryStore interface {
	MemberCountry(ctx context.Context, guildID, userID string) (string, error)
}

// concernSafety is the safety net for the text of a concern: whether it
// holds crisis language, and if so what to tell its author at once, in
// their locale or the language they wrote in. The author's anonymity is
// unchanged: nothing here goes to the moderators.
func (h *concerns) concernSafety(ctx context.Context, req *Request, text string) (Risk, string, []*discordgo.MessageEmbed) {
	risk := AssessRisk(text, string(req.Interaction.Locale))
	if risk.Level == NoRisk {
		return risk, "", nil
	}
	if l := SafetyLanguage(string(req.Interaction.Locale)); l != "" {
		risk.Lang = l // answer in the member's own language
	}
	country := ""
	if cs, ok := h.store.(concernCountryStore); ok {
		c, err := cs.MemberCountry(ctx, req.GuildID, req.User.ID)
		if err != nil {
			h.log.Error("load member country for a concern", "guild", req.GuildID, errAttr(true, err))
		}
		country = c
	}
	if country == "" {
		country = req.Settings.Get(data.SettingCountry)
	}
	content, embeds := SafetyAnswer(risk, country, wordsFor(risk.Lang).ModOfferConcern)
	return risk, content, embeds
}

// markUrgent marks a concern's post in the alerts channel as urgent, so
// moderators look at it first. It adds nothing about who wrote it.
func markUrgent(p *i18n.Printer, msg *discordgo.MessageSend) *discordgo.MessageSend {
	msg.Content = p.T("concern.urgent") + "\n" + msg.Content
	for _, e := range msg.Embeds {
		e.Color = urgentColor
	}
	return msg
}

// urgentColor is the alerts' red for an urgent concern.
const urgentColor = 0xD0021B
