package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// ScheduledEvent is a meeting date as a Discord scheduled event, the shape
// the bot turns into Discord's request.
type ScheduledEvent struct {
	Name        string
	Description string
	Start, End  time.Time
	// ChannelID is the voice or stage channel it happens in; Stage says
	// which. Empty for an event outside Discord.
	ChannelID string
	Stage     bool
	// Location is where an event outside Discord happens (a link).
	Location string
	// Recurrence, if set, makes the event a recurring series from Start.
	Recurrence *Recurrence
}

// Recurrence is the part of Discord's recurrence rules Kindred uses:
// every day, or every week on Start's weekday (in UTC).
type Recurrence struct {
	// Weekly is false for every day.
	Weekly bool
	// Weekday is Start's day of the week in UTC, for a weekly series.
	Weekday time.Weekday
}

// seriesHorizon is how many dates must repeat exactly for a meeting to
// be published as one recurring event: a year of weeks, so a zone with
// daylight saving time (whose dates move in UTC) never qualifies.
const seriesHorizon = 53

// seriesRule says whether a meeting's dates fit one recurring event:
// every day or every week at the same instant of the day in UTC, with
// no end, from first on. Discord repeats an event at a fixed UTC time,
// so meetings in zones with daylight saving time, and schedules Discord
// can't express (several weekdays, monthly), keep a rolling window.
func seriesRule(m data.Meeting, st data.Settings, first time.Time) *Recurrence {
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return nil
	}
	starts := upcomingStarts(sched, meetingLocation(m, st), first.Add(-time.Second), seriesHorizon, nil)
	if len(starts) < seriesHorizon {
		return nil
	}
	gap := starts[1].Sub(starts[0])
	if gap != 24*time.Hour && gap != 7*24*time.Hour {
		return nil
	}
	for i := 2; i < len(starts); i++ {
		if starts[i].Sub(starts[i-1]) != gap {
			return nil
		}
	}
	return &Recurrence{Weekly: gap != 24*time.Hour, Weekday: first.UTC().Weekday()}
}

// seriesStart is the key of a meeting's recurring event among its
// published dates (which are keyed by start).
var seriesStart = time.Unix(0, 0).UTC()

// ScheduledEvents is what publishing meetings in the server's Events tab
// needs of Discord. The bot's sender implements it beside Discord.
type ScheduledEvents interface {
	// CreateScheduledEvent creates an event and returns its ID and
	// "Interested" count.
	CreateScheduledEvent(ctx context.Context, guildID string, e ScheduledEvent) (id string, userCount int, err error)
	// EditScheduledEvent replaces an event's details.
	EditScheduledEvent(ctx context.Context, guildID, eventID string, e ScheduledEvent) error
	// DeleteScheduledEvent deletes an event; one already gone is not an error.
	DeleteScheduledEvent(ctx context.Context, guildID, eventID string) error
}

// meetingEventStore is what publishing meetings needs of the store.
type meetingEventStore interface {
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	MeetingRecord(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	MeetingsToPublish(ctx context.Context, guildID string) ([]data.Meeting, error)
	Occurrences(ctx context.Context, guildID string, meetingID int64, from, to time.Time) ([]data.Occurrence, error)
	ReminderPosts(ctx context.Context, guildID string, occurrenceID int64) ([]data.ReminderPost, error)
	MeetingEvents(ctx context.Context, guildID string, meetingID int64) ([]data.MeetingEvent, error)
	SaveMeetingEvent(ctx context.Context, e data.MeetingEvent) error
	DropMeetingEvent(ctx context.Context, guildID string, meetingID int64, start time.Time) error
	ClaimMeetingEvent(ctx context.Context, guildID string, meetingID int64, start, now time.Time) (bool, error)
	MeetingEventsShown(ctx context.Context, guildID string, meetingID int64) (bool, error)
}

// EventWindow is how many dates of each meeting are published as single
// events: a rolling window that moves on as dates pass.
const EventWindow = 2

// MeetingPublisher keeps a server's meetings in step with its Events tab.
type MeetingPublisher struct {
	Store   meetingEventStore
	Discord Discord
	Events  ScheduledEvents
	Log     *slog.Logger
	// JustPosted, if set, is a reminder of occurrence JustPostedFor
	// posted a moment ago and not yet recorded: its event links to it.
	JustPosted    *data.ReminderPost
	JustPostedFor int64
}

// CanPublish reports whether Kindred may create events in a server (it
// needs Manage Events), checked in channelID.
func (p *MeetingPublisher) CanPublish(guildID, channelID string) bool {
	perms, err := p.Discord.BotPermissions(guildID, channelID)
	return err == nil && perms&discordgo.PermissionManageEvents != 0
}

// SyncGuild brings every meeting of a server in step with the Events tab.
func (p *MeetingPublisher) SyncGuild(ctx context.Context, guildID string, now time.Time) error {
	ms, err := p.Store.MeetingsToPublish(ctx, guildID)
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range ms {
		errs = append(errs, p.Sync(ctx, m, now))
	}
	return errors.Join(errs...)
}

// Sync brings one meeting's published dates in step with its schedule:
// the next EventWindow dates not cancelled are published (unless the
// meeting is paused, deleted or kept out of the Events tab), changed ones
// are edited, and dates no longer wanted are withdrawn. A date a
// moderator deleted in Discord is not published again.
func (p *MeetingPublisher) Sync(ctx context.Context, m data.Meeting, now time.Time) error {
	if p == nil || p.Events == nil {
		return nil
	}
	st, err := p.Store.Settings(ctx, m.GuildID)
	if err != nil {
		return err
	}
	shown, err := p.Store.MeetingEventsShown(ctx, m.GuildID, m.ID)
	if err != nil {
		return err
	}
	var want []time.Time
	var series *Recurrence
	if m.Status == data.MeetingActive && shown && st.Enabled(data.FeatureMeetings) {
		dates, err := nextDates(ctx, p.Store, m, st, now, EventWindow+1)
		if err != nil {
			return err
		}
		for _, d := range dates {
			if d.After(now) && len(want) < EventWindow {
				want = append(want, d)
			}
		}
		cancelled, err := cancelledStarts(ctx, p.Store, m, now)
		if err != nil {
			return err
		}
		if len(want) > 0 && len(cancelled) == 0 {
			// One recurring event when the schedule fits; a cancelled
			// date would need an exception, so it falls back to dates.
			series = seriesRule(m, st, want[0])
		}
	}
	var wantSeries []time.Time
	if series != nil {
		wantSeries, want = want[:1], nil
	}
	have, err := p.Store.MeetingEvents(ctx, m.GuildID, m.ID)
	if err != nil {
		return err
	}
	known := map[int64]data.MeetingEvent{}
	var errs []error
	for _, e := range have {
		known[e.StartsAt.Unix()] = e
		switch {
		case e.StartsAt.Equal(seriesStart):
			if series == nil && e.Status != data.EventCreating {
				errs = append(errs, p.withdraw(ctx, e))
			}
		case !e.StartsAt.Add(m.Duration).After(now):
			// Over: Discord ends it; Kindred forgets it.
			errs = append(errs, p.Store.DropMeetingEvent(ctx, m.GuildID, m.ID, e.StartsAt))
		case slices.ContainsFunc(want, e.StartsAt.Equal):
		case e.Status == data.EventRemoved || e.Status == data.EventCreating || !e.StartsAt.After(now):
			// Removed by a moderator, being published, or already
			// started: leave it be.
		default:
			errs = append(errs, p.withdraw(ctx, e))
		}
	}
	if len(want)+len(wantSeries) > 0 && !p.CanPublish(m.GuildID, eventChannel(m)) {
		return errors.Join(errs...)
	}
	type job struct {
		key   time.Time // the published date's key
		start time.Time
	}
	var jobs []job
	for _, start := range want {
		jobs = append(jobs, job{start, start})
	}
	for _, start := range wantSeries {
		jobs = append(jobs, job{seriesStart, start})
	}
	for _, j := range jobs {
		start := j.start
		e, ok := known[j.key.Unix()]
		if ok && e.Status != data.EventLive && e.Status != data.EventCreating {
			continue
		}
		ev, err := p.render(ctx, m, start)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if j.key.Equal(seriesStart) {
			ev.Recurrence = series
		}
		synced := fmt.Sprintf("%+v", ev)
		switch {
		case !ok || e.Status == data.EventCreating:
			claimed, err := p.Store.ClaimMeetingEvent(ctx, m.GuildID, m.ID, j.key, now)
			if err != nil || !claimed {
				errs = append(errs, err)
				continue
			}
			id, count, err := p.Events.CreateScheduledEvent(ctx, m.GuildID, ev)
			if err != nil {
				errs = append(errs, fmt.Errorf("publish meeting %d on %s: %w", m.ID, start.Format(time.RFC3339), err),
					p.Store.DropMeetingEvent(ctx, m.GuildID, m.ID, j.key))
				continue
			}
			errs = append(errs, p.Store.SaveMeetingEvent(ctx, data.MeetingEvent{GuildID: m.GuildID, MeetingID: m.ID, StartsAt: j.key,
				EventID: id, Status: data.EventLive, Synced: synced, UserCount: count}))
		case e.Synced != synced:
			if err := p.Events.EditScheduledEvent(ctx, m.GuildID, e.EventID, ev); err != nil {
				errs = append(errs, fmt.Errorf("update event of meeting %d: %w", m.ID, err))
				continue
			}
			e.Synced = synced
			errs = append(errs, p.Store.SaveMeetingEvent(ctx, e))
		}
	}
	return errors.Join(errs...)
}

// withdraw deletes a published date from Discord. It is marked first, so
// the gateway's delete event for it isn't taken for a moderator's.
func (p *MeetingPublisher) withdraw(ctx context.Context, e data.MeetingEvent) error {
	if e.Status == data.EventRemoved {
		return p.Store.DropMeetingEvent(ctx, e.GuildID, e.MeetingID, e.StartsAt)
	}
	e.Status = data.EventDeleting
	if err := p.Store.SaveMeetingEvent(ctx, e); err != nil {
		return err
	}
	if err := p.Events.DeleteScheduledEvent(ctx, e.GuildID, e.EventID); err != nil {
		return fmt.Errorf("withdraw event of meeting %d: %w", e.MeetingID, err)
	}
	return p.Store.DropMeetingEvent(ctx, e.GuildID, e.MeetingID, e.StartsAt)
}

// eventChannel is the channel Kindred's Manage Events is checked in.
func eventChannel(m data.Meeting) string {
	if m.Location != "" && !data.IsLink(m.Location) {
		return m.Location
	}
	return m.ChannelID
}

// render is a meeting date as Discord shows it in the Events tab.
func (p *MeetingPublisher) render(ctx context.Context, m data.Meeting, start time.Time) (ScheduledEvent, error) {
	st, err := p.Store.Settings(ctx, m.GuildID)
	if err != nil {
		return ScheduledEvent{}, err
	}
	words := i18n.For(st.Language())
	ev := ScheduledEvent{Name: clipRunes(m.Title, 100), Start: start, End: start.Add(m.Duration)}
	switch {
	case data.IsLink(m.Location):
		ev.Location = clipRunes(m.Location, 100)
	case m.Location != "":
		ev.ChannelID = m.Location
		if ch, err := p.Discord.Channel(m.GuildID, m.Location); err == nil && ch.Type == discordgo.ChannelTypeGuildStageVoice {
			ev.Stage = true
		}
	default:
		where := words.T("meetings.event_where_server")
		if ch, err := p.Discord.Channel(m.GuildID, m.ChannelID); err == nil {
			where = words.T("meetings.event_where_channel", "Channel", ch.Name)
		}
		ev.Location = clipRunes(where, 100)
	}
	var b strings.Builder
	if m.Description != "" {
		b.WriteString(m.Description + "\n\n")
	}
	if sched, err := scheduler.Parse(m.Schedule); err == nil {
		b.WriteString(capitalize(sched.DescribeIn(words)) + "\n\n")
	}
	os, err := p.Store.Occurrences(ctx, m.GuildID, m.ID, start, start.Add(time.Second))
	if err != nil {
		return ScheduledEvent{}, err
	}
	var link string
	if len(os) == 1 {
		posts, err := p.Store.ReminderPosts(ctx, m.GuildID, os[0].ID)
		if err != nil {
			return ScheduledEvent{}, err
		}
		if p.JustPosted != nil && p.JustPosted.MessageID != "" && p.JustPostedFor == os[0].ID {
			posts = append(posts, *p.JustPosted)
		}
		if len(posts) > 0 {
			last := posts[len(posts)-1]
			link = fmt.Sprintf("https://discord.com/channels/%s/%s/%s", m.GuildID, last.ChannelID, last.MessageID)
		}
	}
	if link != "" {
		b.WriteString(words.T("meetings.event_rsvp_link", "Link", link))
	} else {
		b.WriteString(words.T("meetings.event_rsvp_later", "Channel", "<#"+m.ChannelID+">"))
	}
	ev.Description = clipRunes(b.String(), 1000)
	return ev, nil
}

// saveMeetingOptions records the events_tab and limit options of
// /mod-meetings create or edit, when given.
func saveMeetingOptions(ctx context.Context, store meetingStore, req *Request, meetingID int64) error {
	if on, ok := req.Bool("events_tab"); ok {
		if err := store.SetMeetingEventsShown(ctx, req.GuildID, meetingID, on); err != nil {
			return err
		}
	}
	if n, ok := req.Int("limit"); ok {
		// draftInput has checked the range; the store refuses anything
		// else with a problem in the moderator's language.
		if err := store.SetAttendeeLimit(ctx, req.GuildID, meetingID, int(n)); err != nil {
			return err
		}
	}
	return nil
}

// eventsNote tells a moderator whether a meeting appears in the Events tab.
// It is in p's language.
func eventsNote(ctx context.Context, store meetingStore, pub *MeetingPublisher, p *i18n.Printer, m data.Meeting) string {
	shown, err := store.MeetingEventsShown(ctx, m.GuildID, m.ID)
	switch {
	case err != nil || !shown || pub.Events == nil:
		return ""
	case pub.CanPublish(m.GuildID, eventChannel(m)):
		return "\n" + p.T("meetings_manage.events_shown", "Dates", p.Number(EventWindow))
	}
	return "\n" + p.T("meetings_manage.events_permission")
}
