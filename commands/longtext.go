package commands

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// Long text (a concern reply, a meeting's or workshop's description, a
// milestone's note) is written in a form with a paragraph box, so line
// breaks survive; the one-line command options stay as a quick path.

// Routing keys of the long-text forms.
const (
	keyConcernReplyForm = "cn-reply" // cn-reply:<ref>
	keyMeetingDescForm  = "mt-desc"  // mt-desc:<meeting ID>; also the "Write a description" button
	keyMilestoneNote    = "ms-note"  // ms-note:<0|1 public>
	longTextInputID     = "text"     // the paragraph box of every long-text form (named as a form hands back)
	milestoneWhatID     = "what"     // the milestone form's one-line box
)

// msgFormTitleMax is Discord's limit on a modal's title.
const msgFormTitleMax = 45

// paragraphForm is a modal with one paragraph text input, pre-filled
// with value (the current text, when editing).
func paragraphForm(customID, title, label, placeholder, value string, required bool, maxLength int) *Modal {
	return &Modal{
		CustomID: customID,
		Title:    clipRunes(title, msgFormTitleMax),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			paragraphInput(label, placeholder, value, required, maxLength),
		}}},
	}
}

// paragraphInput is the paragraph box of a long-text form.
func paragraphInput(label, placeholder, value string, required bool, maxLength int) discordgo.TextInput {
	return discordgo.TextInput{
		CustomID: longTextInputID, Label: label, Style: discordgo.TextInputParagraph,
		Placeholder: placeholder, Value: clipRunes(value, maxLength), Required: required, MaxLength: maxLength,
	}
}

// longTextProblemIn checks text a member wrote in a long-text box: nil if
// it is fine, else a kind private reply, in p's language, that hands the
// text back. Line breaks are kept; only the ends are trimmed.
func longTextProblemIn(p *i18n.Printer, text string, maxLength int, allowEmpty bool) *Response {
	text = strings.TrimSpace(text)
	if text == "" {
		if allowEmpty {
			return nil
		}
		return Private("%s", p.T("forms.long_text_empty"))
	}
	if n := utf8.RuneCountInString(text); n > maxLength {
		return &Response{Ephemeral: true, Content: p.T("forms.long_text_too_long", "Max", strconv.Itoa(maxLength), "Length", strconv.Itoa(n)),
			Embeds: []*discordgo.MessageEmbed{{Description: clipRunes(text, 4096)}}}
	}
	return nil
}
