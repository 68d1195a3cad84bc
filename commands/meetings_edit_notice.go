package commands

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// editNotices plans the messages that tell members who said Going that
// an edit moved a meeting's next date or its place: one post in the
// meeting's channel, and a DM to each of them who asked for reminder
// DMs. It returns how many members that is (0 when nothing they rely on
// changed, or the meeting is not announced now).
// oldNext is the meeting's next date before the edit (none or one).
func editNotices(ctx context.Context, store meetingStore, req *Request, old, m data.Meeting, oldNext []time.Time, going []data.RSVP) (int, error) {
	if len(going) == 0 || m.Status != data.MeetingActive {
		return 0, nil
	}
	newNext, err := nextDates(ctx, store, m, req.Settings, req.Now, 1)
	if err != nil {
		return 0, err
	}
	var from, to int64
	if len(oldNext) == 1 {
		from = oldNext[0].Unix()
	}
	if len(newNext) == 1 {
		to = newNext[0].Unix()
	}
	if from == to && old.ChannelID == m.ChannelID && old.Location == m.Location {
		return 0, nil
	}
	ref := url.Values{}
	ref.Set("from", strconv.FormatInt(from, 10))
	ref.Set("to", strconv.FormatInt(to, 10))
	ref.Set("channel", old.ChannelID)
	ref.Set("where", old.Location)
	if old.Schedule == m.Schedule {
		ref.Set("kept", "1")
	}
	key := fmt.Sprintf("meeting:%d:changed:v%d", m.ID, m.Version)
	expires := req.Now.Add(24 * time.Hour)
	notices := []data.Delivery{{
		GuildID: m.GuildID, Kind: data.DeliveryMeetingChanged, Source: data.MeetingSource(m.ID), Ref: ref.Encode(),
		ChannelID: m.ChannelID, Key: key, DueAt: req.Now, ExpiresAt: expires,
	}}
	told := map[string]bool{}
	for _, r := range going {
		if told[r.UserID] {
			continue
		}
		told[r.UserID] = true
		if r.DMOptIn {
			notices = append(notices, data.Delivery{
				GuildID: m.GuildID, Kind: data.DeliveryMeetingChanged, Source: data.MeetingDMSource(m.ID), Ref: ref.Encode(),
				UserID: r.UserID, Key: key + ":dm:" + r.UserID, DueAt: req.Now, ExpiresAt: expires,
			})
		}
	}
	for _, d := range notices {
		if _, err := store.EnqueueDelivery(ctx, d); err != nil {
			return 0, err
		}
	}
	return len(told), nil
}

// renderMeetingChanged renders an edit notice planned by editNotices,
// with the meeting as it is now.
func renderMeetingChanged(ctx context.Context, store deliveryStore, d data.Delivery) (*Outgoing, error) {
	id, ok := data.ParseMeetingSource(d.Source)
	ref, err := url.ParseQuery(d.Ref)
	if !ok || err != nil {
		return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad meeting change " + strconv.Quote(d.Source)}
	}
	m, err := store.MeetingRecord(ctx, d.GuildID, id)
	switch {
	case errors.Is(err, data.ErrNotFound) || (err == nil && (m.Status != data.MeetingActive || m.AnnounceError != "")):
		return nil, obsolete("the meeting isn't announced any more")
	case err != nil:
		return nil, err
	}
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	p := i18n.For(st.Language())
	if d.UserID != "" {
		p = i18n.For(dmLanguage(ctx, store, d.UserID, st.Language()))
	}
	from, _ := strconv.ParseInt(ref.Get("from"), 10, 64)
	to, _ := strconv.ParseInt(ref.Get("to"), 10, 64)
	content := p.T("meetings.changed", "Title", m.Title)
	if from != to {
		content += "\n" + p.T("meetings.changed_when", "Old", changedStamp(p, from), "New", changedStamp(p, to))
	}
	if oldWhere := (data.Meeting{Location: ref.Get("where")}); oldWhere.Location != m.Location {
		content += "\n" + p.T("meetings.changed_where", "Old", whereTextIn(p, oldWhere), "New", whereTextIn(p, m))
	}
	if ch := ref.Get("channel"); ch != m.ChannelID {
		content += "\n" + p.T("meetings.changed_channel", "Old", "<#"+ch+">", "New", "<#"+m.ChannelID+">")
	}
	answers := p.T("meetings.answers_cleared")
	if ref.Get("kept") == "1" {
		answers = p.T("meetings.answers_kept")
	}
	if d.UserID == "" {
		content += "\n" + p.T("meetings.changed_post", "Answers", answers)
		return &Outgoing{ChannelID: m.ChannelID, Message: &discordgo.MessageSend{Content: content,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}}, nil
	}
	content += "\n" + p.T("meetings.changed_dm", "Answers", answers, "Channel", "<#"+m.ChannelID+">")
	return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{Content: content,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}}, nil
}

// changedStamp shows a date in each reader's own time, or says there is none.
func changedStamp(p *i18n.Printer, sec int64) string {
	if sec == 0 {
		return p.T("meetings.changed_no_dates")
	}
	return fmt.Sprintf("<t:%d:F>", sec)
}
