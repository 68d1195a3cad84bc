package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// Outgoing is a rendered delivery: where it goes and what it says.
type Outgoing struct {
	// ChannelID is the channel to post in, for a channel post.
	ChannelID string
	// UserID is the member to DM, for a direct message.
	UserID string
	// ToModerators marks a message for the moderators: ChannelID is the
	// alerts channel, or "" when none is set, in which case the sender may
	// use the server's system channel.
	ToModerators bool
	// Message is what to send.
	Message *discordgo.MessageSend
	// Thread, if set, names a public thread to open on the posted message
	// where the channel allows it, for members to share in.
	Thread string
	// Forum says how to post it when the channel is a forum: a post of
	// its own, with a title and tags.
	Forum *ForumPost
}

// deliveryStore is what rendering a delivery needs of the store.
type deliveryStore interface {
	languageNoter
	selfCareRenderStore
	milestoneRenderStore
	checkinRenderStore
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	Occurrence(ctx context.Context, guildID string, id int64) (data.Occurrence, error)
	Meeting(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	MeetingRecord(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	RSVPCountsOf(ctx context.Context, guildID string, occurrenceID int64) (data.RSVPCounts, error)
	RSVPOf(ctx context.Context, guildID string, occurrenceID int64, userID string) (data.RSVP, error)
	interestReader
}

// interestReader reads Discord's "Interested" count of a published date.
type interestReader interface {
	EventInterest(ctx context.Context, guildID string, meetingID int64, start time.Time) (int, bool, error)
	AttendeeLimit(ctx context.Context, guildID string, meetingID int64) (int, error)
}

// postCounts are the numbers a reminder post shows.
type postCounts struct {
	data.RSVPCounts
	// Interested is the Events tab's count, when Published.
	Interested int
	Published  bool
	// Limit is the attendee limit (0: none); Waiting, how many wait.
	Limit, Waiting int
}

// countsFor adds what the Events tab and the waiting list say to the
// RSVP counts of an occurrence.
func countsFor(ctx context.Context, store interestReader, m data.Meeting, o data.Occurrence, c data.RSVPCounts) (postCounts, error) {
	pc := postCounts{RSVPCounts: c}
	var err error
	if pc.Interested, pc.Published, err = store.EventInterest(ctx, m.GuildID, m.ID, o.StartsAt); err != nil {
		return postCounts{}, err
	}
	if pc.Limit, err = store.AttendeeLimit(ctx, m.GuildID, m.ID); err != nil {
		return postCounts{}, err
	}
	pc.Waiting = c.Waiting
	return pc, nil
}

// obsolete says a delivery has nothing left to send.
func obsolete(reason string) error {
	return &data.DeliveryError{Kind: data.ErrDeliveryObsolete, Reason: reason}
}

// RenderDelivery turns a delivery the scheduler planned into the message
// to send, reading the records as they are now: a delivery for a meeting
// that was paused, deleted or cancelled since, or a reminder DM a member
// no longer wants, is obsolete (a *data.DeliveryError of kind
// data.ErrDeliveryObsolete). Other errors are the store's, and temporary.
func RenderDelivery(ctx context.Context, store deliveryStore, d data.Delivery) (*Outgoing, error) {
	return namedDM(ctx, store, d, renderDelivery)
}

func renderDelivery(ctx context.Context, store deliveryStore, d data.Delivery) (*Outgoing, error) {
	if isSelfCareDelivery(d.Kind) {
		return renderSelfCare(ctx, store, d)
	}
	if d.Kind == data.DeliveryMilestone {
		return renderMilestone(ctx, store, d)
	}
	if d.Kind == data.DeliveryCheckinReminder || d.Kind == data.DeliveryCheckinPrompt || d.Kind == data.DeliveryCheckinAlert {
		return renderCheckin(ctx, store, d)
	}
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	if !st.Enabled(data.FeatureMeetings) {
		return nil, obsolete("meetings are switched off in this server")
	}
	switch d.Kind {
	case data.DeliveryMeetingReminder, data.DeliveryMeetingStart:
		m, o, err := announcedOccurrence(ctx, store, d.GuildID, d.Ref)
		if err != nil {
			return nil, err
		}
		counts, err := store.RSVPCountsOf(ctx, d.GuildID, o.ID)
		if err != nil {
			return nil, err
		}
		pc, err := countsFor(ctx, store, m, o, counts)
		if err != nil {
			return nil, err
		}
		msg := meetingPost(i18n.For(st.Language()), m, o, pc, d.Kind == data.DeliveryMeetingStart)
		return &Outgoing{ChannelID: m.ChannelID, Message: msg.send()}, nil
	case data.DeliveryMeetingCancelled:
		return renderCancelled(ctx, store, d)
	case data.DeliveryMeetingChanged:
		return renderMeetingChanged(ctx, store, d)
	case data.DeliveryMeetingRestored:
		m, o, err := announcedOccurrence(ctx, store, d.GuildID, d.Ref)
		if err != nil {
			return nil, err
		}
		content := i18n.For(st.Language()).T("meetings.restored", "Title", m.Title, "When", stamp(o.StartsAt))
		return &Outgoing{ChannelID: m.ChannelID, Message: withPing(m, content)}, nil
	case data.DeliveryMeetingPlace:
		m, o, err := announcedOccurrence(ctx, store, d.GuildID, d.Ref)
		if err != nil {
			return nil, err
		}
		r, err := store.RSVPOf(ctx, d.GuildID, o.ID, d.UserID)
		if errors.Is(err, data.ErrNotFound) || (err == nil && r.Status != data.RSVPGoing) {
			return nil, obsolete("the member gave the place up")
		}
		if err != nil {
			return nil, err
		}
		p := i18n.For(dmLanguage(ctx, store, d.UserID, st.Language()))
		return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{
			Content:         p.T("meetings.place_opened", "Title", m.Title, "When", stamp(o.StartsAt), "Where", whereTextIn(p, m)),
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		}}, nil
	case data.DeliveryMeetingDM:
		m, o, err := announcedOccurrence(ctx, store, d.GuildID, d.Ref)
		if err != nil {
			return nil, err
		}
		r, err := store.RSVPOf(ctx, d.GuildID, o.ID, d.UserID)
		if errors.Is(err, data.ErrNotFound) || (err == nil && (r.Status != data.RSVPGoing || !r.DMOptIn)) {
			return nil, obsolete("the member no longer wants the DM")
		}
		if err != nil {
			return nil, err
		}
		return &Outgoing{UserID: d.UserID, Message: meetingReminderDM(i18n.For(dmLanguage(ctx, store, d.UserID, st.Language())), m, o)}, nil
	case data.DeliveryMeetingAlert:
		id, err := strconv.ParseInt(d.Ref, 10, 64)
		if err != nil {
			return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad meeting reference " + strconv.Quote(d.Ref)}
		}
		m, err := store.MeetingRecord(ctx, d.GuildID, id)
		switch {
		case errors.Is(err, data.ErrNotFound) || (err == nil && m.Status == data.MeetingDeleted):
			return nil, obsolete("the meeting was deleted")
		case err != nil:
			return nil, err
		case m.AnnounceError == "":
			return nil, obsolete("the meeting's announcements work again")
		}
		return &Outgoing{ChannelID: st.Get(data.SettingAlertsChannel), ToModerators: true, Message: &discordgo.MessageSend{
			Content: i18n.For(st.Language()).T("meetings.alert_stopped", "Title", m.Title, "Channel", "<#"+m.ChannelID+">", "Error", m.AnnounceError),
		}}, nil
	}
	return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "Kindred doesn't know how to send a " + strconv.Quote(d.Kind)}
}

// announcedOccurrence loads the occurrence ref and its meeting, or says
// the delivery is obsolete because the meeting isn't announced any more.
func announcedOccurrence(ctx context.Context, store deliveryStore, guildID, ref string) (data.Meeting, data.Occurrence, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return data.Meeting{}, data.Occurrence{}, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad occurrence reference " + strconv.Quote(ref)}
	}
	o, err := store.Occurrence(ctx, guildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return data.Meeting{}, data.Occurrence{}, obsolete("the meeting's schedule changed")
	}
	if err != nil {
		return data.Meeting{}, data.Occurrence{}, err
	}
	if o.Status == data.OccurrenceCancelled {
		return data.Meeting{}, data.Occurrence{}, obsolete("this date was cancelled")
	}
	m, err := store.Meeting(ctx, guildID, o.MeetingID)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return data.Meeting{}, data.Occurrence{}, obsolete("the meeting was deleted")
	case err != nil:
		return data.Meeting{}, data.Occurrence{}, err
	case m.Status != data.MeetingActive:
		return data.Meeting{}, data.Occurrence{}, obsolete("the meeting is paused")
	case m.AnnounceError != "":
		return data.Meeting{}, data.Occurrence{}, obsolete("the meeting's reminders are stopped")
	}
	return m, o, nil
}

func renderCancelled(ctx context.Context, store deliveryStore, d data.Delivery) (*Outgoing, error) {
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	lang := st.Language()
	if d.Ref == seriesValue {
		id, ok := data.ParseMeetingSource(d.Source)
		if !ok {
			return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad meeting source " + strconv.Quote(d.Source)}
		}
		m, err := store.MeetingRecord(ctx, d.GuildID, id)
		if errors.Is(err, data.ErrNotFound) {
			return nil, obsolete("the meeting is gone")
		}
		if err != nil {
			return nil, err
		}
		content := i18n.For(lang).T("meetings.series_ended", "Title", m.Title)
		return &Outgoing{ChannelID: d.ChannelID, Message: withPing(m, content)}, nil
	}
	id, err := strconv.ParseInt(d.Ref, 10, 64)
	if err != nil {
		return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad occurrence reference " + strconv.Quote(d.Ref)}
	}
	o, err := store.Occurrence(ctx, d.GuildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil, obsolete("the meeting's schedule changed")
	}
	if err != nil {
		return nil, err
	}
	m, err := store.Meeting(ctx, d.GuildID, o.MeetingID)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return nil, obsolete("the meeting was deleted")
	case err != nil:
		return nil, err
	case m.Status != data.MeetingActive || m.AnnounceError != "":
		return nil, obsolete("the meeting isn't announced now")
	}
	content := i18n.For(lang).T("meetings.date_cancelled", "Title", m.Title, "When", stamp(o.StartsAt))
	return &Outgoing{ChannelID: m.ChannelID, Message: withPing(m, content)}, nil
}

// withPing makes a message that mentions the meeting's ping role, if any.
func withPing(m data.Meeting, content string) *discordgo.MessageSend {
	msg := &discordgo.MessageSend{Content: content, AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}
	if m.PingRoleID != "" {
		msg.Content = "<@&" + m.PingRoleID + "> " + content
		msg.AllowedMentions.Roles = []string{m.PingRoleID}
	}
	return msg
}

// meetingMessage is a reminder or "starting now" post, sendable as a new
// message, an interaction update or an edit.
type meetingMessage struct {
	content    string
	mentions   *discordgo.MessageAllowedMentions
	embed      *discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

func (mm meetingMessage) send() *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: mm.content, AllowedMentions: mm.mentions,
		Embeds: []*discordgo.MessageEmbed{mm.embed}, Components: mm.components}
}

func (mm meetingMessage) update() *Response {
	return &Response{Update: true, Content: mm.content, Embeds: []*discordgo.MessageEmbed{mm.embed}, Components: mm.components}
}

func (mm meetingMessage) edit() *discordgo.MessageEdit {
	embeds := []*discordgo.MessageEmbed{mm.embed}
	return &discordgo.MessageEdit{Content: &mm.content, Embeds: &embeds, Components: &mm.components,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}
}

// countsText says who is coming.
func countsText(p *i18n.Printer, c postCounts) string {
	out := p.T("meetings.counts", "Going", p.Number(c.Going), "Maybe", p.Number(c.Maybe), "No", p.Number(c.No))
	if c.Limit > 0 {
		out = p.T("meetings.counts_limit", "Going", p.Number(c.Going), "Limit", p.Number(c.Limit), "Maybe", p.Number(c.Maybe), "No", p.Number(c.No))
		if c.Waiting > 0 {
			out += p.T("meetings.counts_waiting", "Waiting", p.Number(c.Waiting))
		}
	}
	if c.Published {
		out += "\n" + p.T("meetings.counts_interested", "Interested", p.Number(c.Interested))
	}
	return out
}

// meetingPost renders a reminder (with RSVP buttons) or, when start is
// true, the "starting now" post (with "I was there").
func meetingPost(p *i18n.Printer, m data.Meeting, o data.Occurrence, c postCounts, start bool) meetingMessage {
	occ := strconv.FormatInt(o.ID, 10)
	u := o.StartsAt.Unix()
	content := p.T("meetings.reminder", "Title", m.Title, "Unix", strconv.FormatInt(u, 10))
	if start {
		content = p.T("meetings.starting", "Title", m.Title)
	}
	ping := withPing(m, content)
	e := &discordgo.MessageEmbed{Title: m.Title, Description: m.Description, Fields: []*discordgo.MessageEmbedField{
		{Name: p.T("meetings.field_when"), Value: p.T("meetings.when_value", "When", stamp(o.StartsAt), "Duration", durationIn(p, m.Duration))},
		{Name: p.T("meetings.field_where"), Value: whereTextIn(p, m), Inline: true},
	}}
	if m.HostRoleID != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: p.T("meetings.field_hosts"), Value: "<@&" + m.HostRoleID + ">", Inline: true})
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: p.T("meetings.field_coming"), Value: countsText(p, c)})
	var buttons []discordgo.MessageComponent
	if start {
		buttons = append(buttons, discordgo.Button{Label: p.T("meetings.button_here"), Style: discordgo.SuccessButton, CustomID: CustomID(keyMeetingHere, occ)})
		e.Footer = &discordgo.MessageEmbedFooter{Text: p.T("meetings.here_footer", "Window", durationIn(p, AttendanceWindow))}
	} else {
		buttons = append(buttons,
			discordgo.Button{Label: p.T("meetings.button_going"), Style: discordgo.SuccessButton, CustomID: CustomID(keyMeetingRSVP, occ, string(data.RSVPGoing))},
			discordgo.Button{Label: p.T("meetings.button_maybe"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyMeetingRSVP, occ, string(data.RSVPMaybe))},
			discordgo.Button{Label: p.T("meetings.button_no"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyMeetingRSVP, occ, string(data.RSVPNo))},
			discordgo.Button{Label: p.T("meetings.button_dm"), Style: discordgo.PrimaryButton, CustomID: CustomID(keyMeetingDM, occ)},
		)
	}
	if data.IsLink(m.Location) {
		buttons = append(buttons, discordgo.Button{Label: p.T("meetings.button_join"), Style: discordgo.LinkButton, URL: m.Location})
	}
	return meetingMessage{
		content: ping.Content, mentions: ping.AllowedMentions, embed: e,
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}},
	}
}

// meetingReminderDM renders the reminder DM a member asked for.
func meetingReminderDM(p *i18n.Printer, m data.Meeting, o data.Occurrence) *discordgo.MessageSend {
	msg := &discordgo.MessageSend{
		Content:         p.T("meetings.reminder_dm", "Title", m.Title, "When", stamp(o.StartsAt), "Where", whereTextIn(p, m)),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	}
	if data.IsLink(m.Location) {
		msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: p.T("meetings.button_join"), Style: discordgo.LinkButton, URL: m.Location},
		}}}
	}
	return msg
}

// occurrenceOf loads the occurrence a button is about, and its meeting.
func occurrenceOf(ctx context.Context, store meetingStore, req *Request) (data.Meeting, data.Occurrence, *Response, error) {
	id, ok := argID(req, 0)
	if !ok {
		return data.Meeting{}, data.Occurrence{}, req.PrivateT(msgUnknownButton), nil
	}
	o, err := store.Occurrence(ctx, req.GuildID, id)
	if err == nil && o.Status == data.OccurrenceCancelled {
		return data.Meeting{}, data.Occurrence{}, req.PrivateT("meetings.date_was_cancelled"), nil
	}
	var m data.Meeting
	if err == nil {
		m, err = store.Meeting(ctx, req.GuildID, o.MeetingID)
	}
	if err != nil {
		resp, err := req.Problem(err)
		return data.Meeting{}, data.Occurrence{}, resp, err
	}
	return m, o, nil, nil
}

func meetingRSVP(ctx context.Context, store meetingStore, discord Discord, log *slog.Logger, req *Request) (*Response, error) {
	m, o, resp, err := occurrenceOf(ctx, store, req)
	if resp != nil || err != nil {
		return resp, err
	}
	if len(req.Args) < 2 {
		return req.PrivateT(msgUnknownButton), nil
	}
	if req.Now.After(o.StartsAt.Add(m.Duration)) {
		return req.PrivateT("meetings.already_happened"), nil
	}
	counts, err := store.SetRSVP(ctx, req.GuildID, o.ID, req.User.ID, data.RSVPStatus(req.Args[1]))
	var wait *data.WaitlistedError
	if err != nil && !errors.As(err, &wait) {
		return req.Problem(err)
	}
	pc, err := countsFor(ctx, store, m, o, counts)
	if err != nil {
		return nil, err
	}
	post := meetingPost(req.Public(), m, o, pc, false)
	if wait != nil {
		// The answer is private; every post shows the waiting count.
		refreshReminderPosts(ctx, store, discord, log, req.GuildID, req.Interaction.Message, post, o.ID, false)
		return Private("%s", waitlistedText(req, wait)), nil
	}
	refreshReminderPosts(ctx, store, discord, log, req.GuildID, req.Interaction.Message, post, o.ID, true)
	return post.update(), nil
}

// waitlistedText tells a member they are on the waiting list.
func waitlistedText(req *Request, w *data.WaitlistedError) string {
	return req.T("meetings.waitlisted", "Limit", req.P().Number(w.Limit), "Position", req.P().Number(w.Position))
}

// refreshReminderPosts edits every reminder post of an occurrence, so
// each shows the same counts: the one whose button was pressed too,
// unless the interaction's answer updates it (answered). A post that
// can't be edited (deleted by a moderator, say) keeps its old counts;
// that is only logged.
func refreshReminderPosts(ctx context.Context, store postLister, discord Discord, log *slog.Logger, guildID string, pressed *discordgo.Message, post meetingMessage, occurrenceID int64, answered bool) {
	posts, err := store.ReminderPosts(ctx, guildID, occurrenceID)
	if err != nil {
		if log != nil {
			log.Warn("load reminder posts to refresh", "guild", guildID, "occurrence", occurrenceID, "err", err)
		}
		posts = nil
	}
	if pressed != nil && pressed.ID != "" && !answered &&
		!slices.ContainsFunc(posts, func(p data.ReminderPost) bool { return p.MessageID == pressed.ID }) {
		posts = append(posts, data.ReminderPost{ChannelID: pressed.ChannelID, MessageID: pressed.ID})
	}
	for _, p := range posts {
		if answered && pressed != nil && p.MessageID == pressed.ID {
			continue
		}
		if err := discord.EditMessage(ctx, p.ChannelID, p.MessageID, post.edit()); err != nil && log != nil {
			log.Warn("refresh RSVP counts", "guild", guildID, "message", p.MessageID, "err", err)
		}
	}
}

// dmLead is how long before a meeting a reminder DM goes out: with the
// meeting's last reminder, or 15 minutes before if it has none.
func dmLead(m data.Meeting) time.Duration {
	if r := m.ShortestReminder(); r > 0 {
		return r
	}
	return 15 * time.Minute
}

func meetingDM(ctx context.Context, store meetingStore, discord Discord, log *slog.Logger, req *Request) (*Response, error) {
	m, o, resp, err := occurrenceOf(ctx, store, req)
	if resp != nil || err != nil {
		return resp, err
	}
	if !o.StartsAt.After(req.Now) {
		return req.PrivateT("meetings.already_started"), nil
	}
	var counts data.RSVPCounts
	var msg string
	r, err := store.RSVPOf(ctx, req.GuildID, o.ID, req.User.ID)
	switch due := o.StartsAt.Add(-dmLead(m)); {
	case err != nil && !errors.Is(err, data.ErrNotFound):
		return nil, err
	case err == nil && r.DMOptIn:
		if _, counts, err = store.SetRSVPDM(ctx, req.GuildID, o.ID, req.User.ID, false, data.Delivery{}); err != nil {
			return req.Problem(err)
		}
		msg = req.T("meetings.dm_off")
	case !due.After(req.Now):
		var wait *data.WaitlistedError
		if counts, err = store.SetRSVP(ctx, req.GuildID, o.ID, req.User.ID, data.RSVPGoing); errors.As(err, &wait) {
			msg = waitlistedText(req, wait)
			break
		} else if err != nil {
			return req.Problem(err)
		}
		msg = req.T("meetings.dm_no_time", "Unix", strconv.FormatInt(o.StartsAt.Unix(), 10))
	default:
		dm := data.Delivery{
			GuildID: req.GuildID, Kind: data.DeliveryMeetingDM, Source: data.MeetingDMSource(m.ID), Ref: strconv.FormatInt(o.ID, 10),
			UserID: req.User.ID, Key: fmt.Sprintf("meeting:%d:%s:dm:%s", m.ID, o.StartsAt.UTC().Format("2006-01-02T15:04Z"), req.User.ID),
			DueAt: due, ExpiresAt: o.StartsAt,
		}
		var wait *data.WaitlistedError
		if _, counts, err = store.SetRSVPDM(ctx, req.GuildID, o.ID, req.User.ID, true, dm); errors.As(err, &wait) {
			msg = waitlistedText(req, wait)
			break
		} else if err != nil {
			return req.Problem(err)
		}
		noteLanguage(ctx, store, req)
		msg = req.T("meetings.dm_on", "Unix", strconv.FormatInt(due.Unix(), 10), "Lead", durationIn(req.P(), dmLead(m)))
		if _, err := store.LastDMFailure(ctx, req.GuildID, req.User.ID); err == nil {
			msg += "\n\n" + req.T("meetings.dm_failed_before")
		} else if !errors.Is(err, data.ErrNotFound) {
			return nil, err
		}
	}
	// The button answers privately, so refresh the counts on every
	// reminder post of the date, the pressed one included.
	pc, err := countsFor(ctx, store, m, o, counts)
	if err != nil {
		return nil, err
	}
	refreshReminderPosts(ctx, store, discord, log, req.GuildID, req.Interaction.Message, meetingPost(req.Public(), m, o, pc, false), o.ID, false)
	return Private("%s", msg), nil
}

func meetingHere(ctx context.Context, store meetingStore, log *slog.Logger, req *Request) (*Response, error) {
	m, o, resp, err := occurrenceOf(ctx, store, req)
	if resp != nil || err != nil {
		return resp, err
	}
	closes := o.StartsAt.Add(m.Duration + AttendanceWindow)
	switch {
	case req.Now.Before(o.StartsAt.Add(-15 * time.Minute)):
		return req.PrivateT("meetings.here_too_early"), nil
	case req.Now.After(closes):
		return req.PrivateT("meetings.here_closed", "Unix", strconv.FormatInt(closes.Unix(), 10)), nil
	}
	added, err := store.RecordAttendance(ctx, req.GuildID, o.ID, req.User.ID, req.User.ID)
	if err != nil {
		return req.Problem(err)
	}
	if !added {
		return req.PrivateT("meetings.here_already"), nil
	}
	celebrate(ctx, store, log, req, req.GuildID, req.User.ID, milestoneAttended)
	return req.PrivateT("meetings.here_thanks", "Title", m.Title), nil
}

// postLister lists the reminder posts of an occurrence.
type postLister interface {
	ReminderPosts(ctx context.Context, guildID string, occurrenceID int64) ([]data.ReminderPost, error)
}

// refreshStore is what refreshing a date's reminder posts needs.
type refreshStore interface {
	postLister
	interestReader
	Meeting(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	Occurrences(ctx context.Context, guildID string, meetingID int64, from, to time.Time) ([]data.Occurrence, error)
	RSVPCountsOf(ctx context.Context, guildID string, occurrenceID int64) (data.RSVPCounts, error)
	Settings(ctx context.Context, guildID string) (data.Settings, error)
}

// RefreshMeetingPosts re-renders the counts on every reminder post of a
// meeting's date, after something outside a button changed them (such
// as members marking "Interested" in the Events tab).
func RefreshMeetingPosts(ctx context.Context, store refreshStore, discord Discord, log *slog.Logger, guildID string, meetingID int64, start time.Time) error {
	m, err := store.Meeting(ctx, guildID, meetingID)
	if err != nil {
		return err
	}
	os, err := store.Occurrences(ctx, guildID, meetingID, start, start.Add(time.Second))
	if err != nil || len(os) != 1 || os[0].Status != data.OccurrenceScheduled {
		return err
	}
	counts, err := store.RSVPCountsOf(ctx, guildID, os[0].ID)
	if err != nil {
		return err
	}
	pc, err := countsFor(ctx, store, m, os[0], counts)
	if err != nil {
		return err
	}
	st, err := store.Settings(ctx, guildID)
	if err != nil {
		return err
	}
	refreshReminderPosts(ctx, store, discord, log, guildID, nil, meetingPost(i18n.For(st.Language()), m, os[0], pc, false), os[0].ID, false)
	return nil
}
