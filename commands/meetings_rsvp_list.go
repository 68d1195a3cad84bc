package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// keyMeetingGo routes the RSVP buttons of /meeting next and /meeting
// list: meeting ID, start (Unix seconds) and answer. They name a date,
// not an occurrence, since a date far ahead may have none recorded yet.
const keyMeetingGo = "mtg-go"

// maxRSVPRows is how many dates a private list offers buttons for:
// Discord allows five rows of components on a message.
const maxRSVPRows = 5

// rsvpRows renders one row of Going / Maybe / Can't make it per date,
// for at most maxRSVPRows dates. Labels name the date in the member's
// zone, since a button can't show a Discord timestamp.
func rsvpRows(p *i18n.Printer, us []upcoming, loc *time.Location, now time.Time) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	for _, u := range us {
		if len(rows) == maxRSVPRows {
			break
		}
		if now.After(u.start.Add(u.m.Duration)) {
			continue
		}
		id, at := strconv.FormatInt(u.m.ID, 10), strconv.FormatInt(u.start.Unix(), 10)
		label := clipRunes(p.T("meetings.going_label", "Title", u.m.Title, "When", p.Date(u.start.In(loc), i18n.Short)), 80)
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: label, Style: discordgo.SuccessButton, CustomID: CustomID(keyMeetingGo, id, at, string(data.RSVPGoing))},
			discordgo.Button{Label: p.T("meetings.button_maybe"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyMeetingGo, id, at, string(data.RSVPMaybe))},
			discordgo.Button{Label: p.T("meetings.button_no"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyMeetingGo, id, at, string(data.RSVPNo))},
		}})
	}
	return rows
}

// memberLocation is the zone to show a member dates in: the one they set
// with /me timezone, else the server's.
func memberLocation(ctx context.Context, store profileReader, log *slog.Logger, req *Request) *time.Location {
	fallback := req.Settings.Get(data.SettingTimeZone)
	loc, err := time.LoadLocation(memberZone(ctx, store, log, req.User.ID, fallback))
	if err != nil {
		if loc, err = time.LoadLocation(fallback); err != nil {
			return time.UTC
		}
	}
	return loc
}

// calendarLink is the address of a meeting's calendar file on Kindred's
// website, or "" when the website is off (no public address configured,
// or the server's public page switched off).
func calendarLink(site string, req *Request, m data.Meeting) string {
	if site == "" || !req.Settings.Enabled(data.FeatureWebHub) {
		return ""
	}
	return fmt.Sprintf("%s/%s/meeting-%d.ics", strings.TrimSuffix(site, "/"), req.GuildID, m.ID)
}

// meetingGo answers an RSVP button of a private list: it records the
// answer on that date's occurrence, refreshes the counts on the date's
// reminder posts, and confirms privately, naming the date in the
// member's own time.
func meetingGo(ctx context.Context, store meetingStore, discord Discord, log *slog.Logger, site string, req *Request) (*Response, error) {
	meetingID, ok := argID(req, 0)
	at, ok2 := argID(req, 1)
	if !ok || !ok2 || len(req.Args) < 3 {
		return req.PrivateT(msgUnknownButton), nil
	}
	status := data.RSVPStatus(req.Args[2])
	start := time.Unix(at, 0).UTC()
	m, err := store.Meeting(ctx, req.GuildID, meetingID)
	if err != nil {
		return req.Problem(err)
	}
	if m.Status != data.MeetingActive {
		return req.PrivateT("meetings.paused", "Title", m.Title), nil
	}
	if req.Now.After(start.Add(m.Duration)) {
		return req.PrivateT("meetings.already_happened"), nil
	}
	// The date must still be one the meeting has: the schedule may have
	// changed, or the date been cancelled, since the list was shown.
	dates, err := nextDates(ctx, store, m, req.Settings, req.Now, 20)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(dates, start.Equal) {
		return req.PrivateT("meetings.date_gone"), nil
	}
	o, err := store.EnsureOccurrence(ctx, req.GuildID, m.ID, start)
	if err != nil {
		return nil, err
	}
	counts, err := store.SetRSVP(ctx, req.GuildID, o.ID, req.User.ID, status)
	var wait *data.WaitlistedError
	if err != nil && !errors.As(err, &wait) {
		return req.Problem(err)
	}
	if wait != nil {
		if counts, err = store.RSVPCountsOf(ctx, req.GuildID, o.ID); err != nil {
			return nil, err
		}
	}
	pc, err := countsFor(ctx, store, m, o, counts)
	if err != nil {
		return nil, err
	}
	// The list is private, so every reminder post of the date is edited.
	refreshReminderPosts(ctx, store, discord, log, req.GuildID, nil, meetingPost(req.Public(), m, o, pc, false), o.ID, false)
	if wait != nil {
		return Private("%s", waitlistedText(req, wait)), nil
	}
	loc := memberLocation(ctx, store, log, req)
	when := req.T("meetings.when_yours", "When", req.P().Date(start.In(loc), i18n.Long), "Abbrev", start.In(loc).Format("MST"), "Zone", loc.String())
	var msg string
	switch status {
	case data.RSVPGoing:
		msg = req.T("meetings.rsvp_going", "Title", m.Title, "When", when, "Where", whereTextIn(req.P(), m))
	case data.RSVPMaybe:
		msg = req.T("meetings.rsvp_maybe", "Title", m.Title, "When", when)
	default:
		msg = req.T("meetings.rsvp_no", "Title", m.Title, "When", when)
	}
	resp := Private("%s", msg)
	if link := calendarLink(site, req, m); link != "" && status != data.RSVPNo {
		resp.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("meetings.button_calendar"), Style: discordgo.LinkButton, URL: link},
		}}}
	}
	return resp, nil
}
