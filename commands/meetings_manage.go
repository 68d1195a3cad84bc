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
	"github.com/kindred-bot/kindred/scheduler"
)

func meetingEdit(ctx context.Context, store meetingStore, discord Discord, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return storeProblem(req, err)
	}
	changed := false
	for _, name := range meetingFields {
		changed = changed || req.option(name) != nil
	}
	if !changed {
		// Nothing else to change: the description, in its form.
		return meetingDescForm(req.P(), m), nil
	}
	old := m
	if resp, err := draftInput(ctx, discord, req, &m, false); resp != nil || err != nil {
		return resp, err
	}
	going, err := store.GoingRSVPs(ctx, req.GuildID, m.ID, req.Now)
	if err != nil {
		return nil, err
	}
	oldNext, err := nextDates(ctx, store, old, req.Settings, req.Now, 1)
	if err != nil {
		return nil, err
	}
	m, err = store.UpdateMeeting(ctx, m)
	if err != nil {
		return storeProblem(req, err)
	}
	told, err := editNotices(ctx, store, req, old, m, oldNext, going)
	if err != nil {
		return nil, err
	}
	if err := saveMeetingOptions(ctx, store, req, m.ID); err != nil {
		return storeProblem(req, err)
	}
	var edited []string
	for _, name := range meetingFields {
		if req.option(name) != nil {
			edited = append(edited, name)
		}
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "edit", m.Title, "changed "+strings.Join(edited, ", "))
	cancelled, err := cancelledStarts(ctx, store, m, req.Now)
	if err != nil {
		return nil, err
	}
	msg := req.T("meetings_manage.edit_saved", "Title", m.Title)
	if m.Status == data.MeetingPaused {
		msg += " " + req.T("meetings_manage.edit_still_paused")
	} else if m.AnnounceError != "" {
		msg += " " + req.T("meetings_manage.edit_still_stopped")
	}
	if told > 0 {
		msg += " " + req.N("meetings_manage.edit_told", told, "Channel", m.ChannelID)
	}
	return &Response{Ephemeral: true, Content: msg, Embeds: []*discordgo.MessageEmbed{meetingSummary(req.P(), m, req.Settings, req.Now, cancelled)},
		Components: []discordgo.MessageComponent{describeButton(req.P(), m.ID)}}, nil
}

func meetingPause(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	if m, err = store.PauseMeeting(ctx, req.GuildID, m.ID); err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "pause", m.Title, "")
	return req.PrivateT("meetings_manage.paused", "Title", m.Title), nil
}

func meetingResume(ctx context.Context, store meetingStore, discord Discord, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	msg, _, err := channelProblemIn(req.P(), discord, req.GuildID, m.ChannelID, data.SettingMeetingsChannel)
	if err != nil {
		return nil, err
	}
	if msg != "" {
		return req.PrivateT("meetings_manage.resume_blocked", "Title", m.Title, "Problem", msg,
			"Option", commandOption(req, "mod-meetings edit post_in")), nil
	}
	if m, err = store.ResumeMeeting(ctx, req.GuildID, m.ID); err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "resume", m.Title, "")
	dates, err := nextDates(ctx, store, m, req.Settings, req.Now, 1)
	if err != nil {
		return nil, err
	}
	next := req.T("meetings_manage.resume_no_dates")
	if len(dates) == 1 {
		next = req.T("meetings_manage.resume_next", "When", stamp(dates[0]))
	}
	return req.PrivateT("meetings_manage.resumed", "Title", m.Title, "Channel", m.ChannelID, "Next", next), nil
}

func meetingDelete(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	if _, err := store.DeleteMeeting(ctx, req.GuildID, m.ID, nil); err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "delete", m.Title, "")
	return req.PrivateT("meetings_manage.deleted", "Title", m.Title), nil
}

// seriesValue is the cancel choice that ends a meeting's series.
const seriesValue = "series"

func meetingCancel(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	which := strings.TrimSpace(req.String("which"))
	if which == seriesValue {
		notice := SeriesEndedNotice(m, req.Now)
		if _, err := store.DeleteMeeting(ctx, req.GuildID, m.ID, notice); err != nil {
			return req.Problem(err)
		}
		RecordAction(ctx, store, req, data.AuditMeetings, "end", m.Title, "ended the whole series")
		msg := req.T("meetings_manage.ended", "Title", m.Title)
		if notice != nil {
			msg += " " + req.T("meetings_manage.ended_told", "Channel", m.ChannelID)
		}
		return Private("%s", msg), nil
	}
	sec, err := strconv.ParseInt(which, 10, 64)
	if err != nil {
		return req.PrivateT("meetings_manage.choose_date"), nil
	}
	start := time.Unix(sec, 0).UTC()
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return nil, fmt.Errorf("meeting %d has schedule %q: %w", m.ID, m.Schedule, err)
	}
	if next, ok := sched.Next(start.Add(-time.Second), meetingLocation(m, req.Settings)); !ok || !next.Equal(start) {
		return req.PrivateT("meetings_manage.not_a_date", "Title", m.Title), nil
	}
	notice := DateCancelledNotice(m, start, req.Now)
	if _, err := store.CancelOccurrence(ctx, req.GuildID, m.ID, start, notice); err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "cancel", m.Title, "cancelled "+start.UTC().Format("2006-01-02 15:04 UTC"))
	resp := req.PrivateT("meetings_manage.cancelled", "Title", m.Title, "When", stamp(start), "Channel", m.ChannelID)
	resp.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: req.T("meetings_manage.button_undo"), Style: discordgo.SecondaryButton,
			CustomID: CustomID(keyMeetingUndo, strconv.FormatInt(m.ID, 10), strconv.FormatInt(start.Unix(), 10))},
	}}}
	return resp, nil
}

// SeriesEndedNotice is the message that tells a meeting's channel its
// whole series has ended, as /mod-meetings cancel and the dashboard send it;
// nil when the meeting is not announced now (paused, or its channel
// unreachable), so there is nothing to tell members.
func SeriesEndedNotice(m data.Meeting, now time.Time) *data.Delivery {
	if m.Status != data.MeetingActive || m.AnnounceError != "" {
		return nil
	}
	return &data.Delivery{
		GuildID: m.GuildID, Kind: data.DeliveryMeetingCancelled, Source: data.MeetingSource(m.ID),
		Ref: seriesValue, ChannelID: m.ChannelID, Key: fmt.Sprintf("meeting:%d:ended", m.ID),
		DueAt: now, ExpiresAt: now.Add(24 * time.Hour),
	}
}

// DateCancelledNotice is the message that tells a meeting's channel one
// date (start) is cancelled, as /mod-meetings cancel and the dashboard send it.
func DateCancelledNotice(m data.Meeting, start, now time.Time) *data.Delivery {
	return &data.Delivery{
		GuildID: m.GuildID, Kind: data.DeliveryMeetingCancelled, Source: data.MeetingSource(m.ID),
		ChannelID: m.ChannelID, Key: cancelNoticeKey(m.ID, start),
		DueAt: now, ExpiresAt: start,
	}
}

// cancelNoticeKey is the delivery key of a date's cancellation notice.
func cancelNoticeKey(meetingID int64, start time.Time) string {
	return fmt.Sprintf("meeting:%d:%s:cancelled", meetingID, start.UTC().Format("2006-01-02T15:04Z"))
}

// meetingUndoCancel restores a cancelled future date, from the Undo
// button of /mod-meetings cancel (update true) or /mod-meetings restore.
func meetingRestoreDate(ctx context.Context, store meetingStore, req *Request, m data.Meeting, start time.Time, update bool) (*Response, error) {
	reply := func(format string, args ...any) (*Response, error) {
		if update {
			return &Response{Update: true, Content: fmt.Sprintf(format, args...), Components: noComponents}, nil
		}
		return Private(format, args...), nil
	}
	notice := &data.Delivery{
		GuildID: req.GuildID, Kind: data.DeliveryMeetingRestored, Source: data.MeetingSource(m.ID), ChannelID: m.ChannelID,
		Key:   fmt.Sprintf("meeting:%d:%s:restored:%d", m.ID, start.UTC().Format("2006-01-02T15:04Z"), req.Now.Unix()),
		DueAt: req.Now, ExpiresAt: start,
	}
	_, told, err := store.RestoreOccurrence(ctx, req.GuildID, m.ID, start, cancelNoticeKey(m.ID, start), notice)
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			return reply("%s", resp.Content)
		}
		return nil, err
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "restore", m.Title, "restored "+start.UTC().Format("2006-01-02 15:04 UTC"))
	msg := req.T("meetings_manage.restored", "Title", m.Title, "When", stamp(start))
	if told {
		msg += " " + req.T("meetings_manage.restored_told", "Channel", m.ChannelID)
	} else {
		msg += " " + req.T("meetings_manage.restored_untold")
	}
	return reply("%s", msg)
}

func meetingUndoCancel(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	id, ok := argID(req, 0)
	if !ok || len(req.Args) < 2 {
		return req.PrivateT(msgUnknownButton), nil
	}
	sec, err := strconv.ParseInt(req.Args[1], 10, 64)
	if err != nil {
		return req.PrivateT(msgUnknownButton), nil
	}
	m, err := store.Meeting(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	return meetingRestoreDate(ctx, store, req, m, time.Unix(sec, 0).UTC(), true)
}

func meetingRestore(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(req.String("which")), 10, 64)
	if err != nil {
		return req.PrivateT("meetings_manage.choose_cancelled"), nil
	}
	return meetingRestoreDate(ctx, store, req, m, time.Unix(sec, 0).UTC(), false)
}

// AttendanceLookback is how far back /meeting attendance reaches.
const AttendanceLookback = 90 * 24 * time.Hour

// pastDates returns a meeting's dates that took place in the last 90
// days (not cancelled), newest first.
func pastDates(ctx context.Context, store meetingStore, m data.Meeting, now time.Time) ([]data.Occurrence, error) {
	os, err := store.Occurrences(ctx, m.GuildID, m.ID, now.Add(-AttendanceLookback), now.Add(time.Second))
	if err != nil {
		return nil, err
	}
	var out []data.Occurrence
	for i := len(os) - 1; i >= 0; i-- {
		if os[i].Status == data.OccurrenceScheduled {
			out = append(out, os[i])
		}
	}
	return out, nil
}

func meetingAttendance(ctx context.Context, store meetingStore, log *slog.Logger, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return req.Problem(err)
	}
	if !canSeeNames(req, m) {
		return req.PrivateT("meetings_manage.attendance_hosts_only", "Title", m.Title, "Button", req.Public().T("meetings.button_here")), nil
	}
	dates, err := pastDates(ctx, store, m, req.Now)
	if err != nil {
		return nil, err
	}
	if len(dates) == 0 {
		return req.PrivateT("meetings_manage.attendance_no_dates", "Title", m.Title), nil
	}
	o := dates[0]
	if v := strings.TrimSpace(req.String("date")); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		i := slices.IndexFunc(dates, func(o data.Occurrence) bool { return o.StartsAt.Unix() == sec })
		if err != nil || i < 0 {
			return req.PrivateT("meetings_manage.attendance_bad_date", "Title", m.Title), nil
		}
		o = dates[i]
	}
	member := req.ID("member")
	if member == "" {
		as, err := store.AttendeesOf(ctx, req.GuildID, o.ID)
		if err != nil {
			return nil, err
		}
		if len(as) == 0 {
			return req.PrivateT("meetings_manage.attendance_nobody", "Title", m.Title, "When", stamp(o.StartsAt)), nil
		}
		var b strings.Builder
		for _, a := range as {
			fmt.Fprintf(&b, "<@%s>", a.UserID)
			if a.ByModerator {
				b.WriteString(req.T("meetings_manage.attendance_by_moderator"))
			}
			b.WriteString("\n")
		}
		return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
			Title:       clipRunes(req.T("meetings_manage.attendance_title", "Title", m.Title), 256),
			Description: clipRunes(req.N("meetings_manage.attendance_count", len(as), "When", stamp(o.StartsAt), "List", b.String()), 4096),
			Footer:      &discordgo.MessageEmbedFooter{Text: req.T("meetings_manage.attendance_footer")},
		}}}, nil
	}
	added, err := store.RecordAttendance(ctx, req.GuildID, o.ID, member, req.User.ID)
	if err != nil {
		return req.Problem(err)
	}
	if !added {
		return req.PrivateT("meetings_manage.attendance_already", "Member", member, "Title", m.Title, "When", stamp(o.StartsAt)), nil
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "attendance", m.Title,
		fmt.Sprintf("recorded <@%s> on %s", member, o.StartsAt.UTC().Format("2006-01-02 15:04 UTC")))
	celebrate(ctx, store, log, req, req.GuildID, member, milestoneAttended)
	return req.PrivateT("meetings_manage.attendance_recorded", "Member", member, "Title", m.Title, "When", stamp(o.StartsAt)), nil
}

func meetingAutocomplete(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	name, typed := req.Focused()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	typed = strings.ToLower(strings.TrimSpace(typed))
	switch name {
	case "meeting":
		ms, err := store.Meetings(ctx, req.GuildID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if len(choices) == 25 {
				break
			}
			if typed != "" && !strings.Contains(strings.ToLower(m.Title), typed) {
				continue
			}
			label := m.Title
			if m.Status == data.MeetingPaused {
				label = clipRunes(req.T("meetings_manage.paused_label", "Title", clipRunes(label, 91)), 100)
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(m.ID, 10)})
		}
	case "timezone":
		zones := matchZones(typed, 25)
		if typed == "" {
			zones = suggestedZones(req.Settings.Get(data.SettingTimeZone))
		}
		for _, z := range zones {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: zoneLabel(z, req.Now), Value: z})
		}
	case "date":
		m, err := findMeeting(ctx, store, req)
		if err != nil {
			if errors.Is(err, data.ErrNotFound) {
				break
			}
			return nil, err
		}
		if !canSeeNames(req, m) {
			break
		}
		dates, err := pastDates(ctx, store, m, req.Now)
		if err != nil {
			return nil, err
		}
		loc := meetingLocation(m, req.Settings)
		for _, o := range dates {
			label := serverTimeIn(req.P(), o.StartsAt, loc)
			if len(choices) < 25 && (typed == "" || strings.Contains(strings.ToLower(label), typed)) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(o.StartsAt.Unix(), 10)})
			}
		}
	case "which":
		m, err := findMeeting(ctx, store, req)
		if err != nil {
			if errors.Is(err, data.ErrNotFound) {
				break
			}
			return nil, err
		}
		if req.Subcommand() == "restore" {
			loc := meetingLocation(m, req.Settings)
			cancelled, err := cancelledStarts(ctx, store, m, req.Now)
			if err != nil {
				return nil, err
			}
			var starts []int64
			for sec := range cancelled {
				starts = append(starts, sec)
			}
			slices.Sort(starts)
			for _, sec := range starts {
				label := serverTimeIn(req.P(), time.Unix(sec, 0), loc)
				if len(choices) < 25 && (typed == "" || strings.Contains(strings.ToLower(label), typed)) {
					choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(sec, 10)})
				}
			}
			break
		}
		series := &discordgo.ApplicationCommandOptionChoice{Name: req.T("meetings_manage.series_choice"), Value: seriesValue}
		if typed == "" || strings.Contains(strings.ToLower(series.Name), typed) {
			choices = append(choices, series)
		}
		sched, err := scheduler.Parse(m.Schedule)
		if err != nil {
			return nil, fmt.Errorf("meeting %d has schedule %q: %w", m.ID, m.Schedule, err)
		}
		cancelled, err := cancelledStarts(ctx, store, m, req.Now)
		if err != nil {
			return nil, err
		}
		loc := meetingLocation(m, req.Settings)
		for _, t := range upcomingStarts(sched, loc, req.Now, 24, cancelled) {
			label := serverTimeIn(req.P(), t, loc)
			if typed != "" && !strings.Contains(strings.ToLower(label), typed) {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(t.Unix(), 10)})
		}
	}
	return &Response{Choices: choices}, nil
}
