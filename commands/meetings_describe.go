package commands

import (
	"context"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// describeButton is the "Write a description" button under a saved
// meeting or workshop: it opens meetingDescForm.
func describeButton(p *i18n.Printer, meetingID int64) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{
		Label: p.T("meetings_manage.desc_button"), Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "📝"},
		CustomID: CustomID(keyMeetingDescForm, strconv.FormatInt(meetingID, 10)),
	}}}
}

// meetingDescForm is the form for a meeting's description, pre-filled
// with the current one, in p's language.
func meetingDescForm(p *i18n.Printer, m data.Meeting) *Response {
	return &Response{Modal: paragraphForm(CustomID(keyMeetingDescForm, strconv.FormatInt(m.ID, 10)),
		p.T("meetings_manage.desc_title", "Title", m.Title), p.T("meetings_manage.desc_label"), p.T("meetings_manage.desc_hint"),
		m.Description, false, data.MaxMeetingDescription)}
}

// meetingDescribe answers keyMeetingDescForm: the button opens the form,
// and the form's submission saves the description (an empty one removes
// it), keeping its line breaks.
func meetingDescribe(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	if !req.IsModerator {
		return req.PrivateT("common.moderators_only"), nil
	}
	text := strings.TrimSpace(req.ModalValue(longTextInputID))
	id, ok := argID(req, 0)
	if !ok {
		return handBackText(req.T(msgUnknownButton), text), nil
	}
	m, err := store.Meeting(ctx, req.GuildID, id)
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			resp = handBackText(resp.Content, text)
		}
		return resp, err
	}
	if req.Interaction.Type != discordgo.InteractionModalSubmit {
		return meetingDescForm(req.P(), m), nil
	}
	if resp := longTextProblemIn(req.P(), text, data.MaxMeetingDescription, true); resp != nil {
		return resp, nil
	}
	m.Description = text
	if m, err = store.UpdateMeeting(ctx, m); err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			resp = handBackText(resp.Content, text)
		}
		return resp, err
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "edit", m.Title, "changed description")
	msg := "meetings_manage.desc_saved"
	if text == "" {
		msg = "meetings_manage.desc_cleared"
	}
	cancelled, err := cancelledStarts(ctx, store, m, req.Now)
	if err != nil {
		return nil, err
	}
	return &Response{Ephemeral: true, Content: req.T(msg, "Title", m.Title),
		Embeds: []*discordgo.MessageEmbed{meetingSummary(req.P(), m, req.Settings, req.Now, cancelled)}}, nil
}

// handBackText is a private reply that hands back text a member wrote.
func handBackText(content, text string) *Response {
	resp := Private("%s", content)
	if text != "" {
		resp.Embeds = []*discordgo.MessageEmbed{{Description: clipRunes(text, 4096)}}
	}
	return resp
}
