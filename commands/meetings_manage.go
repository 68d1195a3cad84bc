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
		return meetingDescForm(m), nil
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
	msg := fmt.Sprintf("Saved the changes to **%s**.", m.Title)
	if m.Status == data.MeetingPaused {
		msg += " It is still paused; `/mod-meetings resume` starts the reminders again."
	} else if m.AnnounceError != "" {
		msg += " Its reminders are still stopped; `/mod-meetings resume` starts them again."
	}
	switch {
	case told == 1:
		msg += fmt.Sprintf(" 1 member had said they're going; I'm letting them know in <#%s> (and by DM if they asked for reminder DMs).", m.ChannelID)
	case told > 1:
		msg += fmt.Sprintf(" %d members had said they're going; I'm letting them know in <#%s> (and by DM for those who asked for reminder DMs).", told, m.ChannelID)
	}
	return &Response{Ephemeral: true, Content: msg, Embeds: []*discordgo.MessageEmbed{meetingSummary(m, req.Settings, req.Now, cancelled)},
		Components: []discordgo.MessageComponent{describeButton(m.ID)}}, nil
}

func meetingPause(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	if m, err = store.PauseMeeting(ctx, req.GuildID, m.ID); err != nil {
		return ProblemReply(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "pause", m.Title, "")
	return Private("Paused **%s**: I won't post reminders for it until you run `/mod-meetings resume`. Its settings and members' answers are kept.", m.Title), nil
}

func meetingResume(ctx context.Context, store meetingStore, discord Discord, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	msg, _, err := channelProblem(discord, req.GuildID, m.ChannelID, data.SettingMeetingsChannel)
	if err != nil {
		return nil, err
	}
	if msg != "" {
		return Private("I can't resume **%s** yet. %s\nOr choose another channel with `/mod-meetings edit` and the post_in option.", m.Title, msg), nil
	}
	if m, err = store.ResumeMeeting(ctx, req.GuildID, m.ID); err != nil {
		return ProblemReply(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "resume", m.Title, "")
	dates, err := nextDates(ctx, store, m, req.Settings, req.Now, 1)
	if err != nil {
		return nil, err
	}
	next := "It has no more dates."
	if len(dates) == 1 {
		next = "Next: " + stamp(dates[0]) + "."
	}
	return Private("**%s** is back on, with reminders in <#%s>. %s", m.Title, m.ChannelID, next), nil
}

func meetingDelete(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	if _, err := store.DeleteMeeting(ctx, req.GuildID, m.ID, nil); err != nil {
		return ProblemReply(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "delete", m.Title, "")
	return Private("Deleted **%s**. No more reminders will go out for it. Who came to past meetings is kept. To tell members it has ended, use `/mod-meetings cancel` with \"the whole series\" instead next time.", m.Title), nil
}

// seriesValue is the cancel choice that ends a meeting's series.
const seriesValue = "series"

func meetingCancel(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	which := strings.TrimSpace(req.String("which"))
	if which == seriesValue {
		notice := SeriesEndedNotice(m, req.Now)
		if _, err := store.DeleteMeeting(ctx, req.GuildID, m.ID, notice); err != nil {
			return ProblemReply(err)
		}
		RecordAction(ctx, store, req, data.AuditMeetings, "end", m.Title, "ended the whole series")
		msg := fmt.Sprintf("**%s** has ended; no more reminders will go out.", m.Title)
		if notice != nil {
			msg += fmt.Sprintf(" I'm letting members know in <#%s>.", m.ChannelID)
		}
		return Private("%s", msg), nil
	}
	sec, err := strconv.ParseInt(which, 10, 64)
	if err != nil {
		return Private("Please choose a date from the list as you type, or \"the whole series\"."), nil
	}
	start := time.Unix(sec, 0).UTC()
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return nil, fmt.Errorf("meeting %d has schedule %q: %w", m.ID, m.Schedule, err)
	}
	if next, ok := sched.Next(start.Add(-time.Second), meetingLocation(m, req.Settings)); !ok || !next.Equal(start) {
		return Private("That isn't one of the dates of **%s**. Please choose a date from the list as you type.", m.Title), nil
	}
	notice := DateCancelledNotice(m, start, req.Now)
	if _, err := store.CancelOccurrence(ctx, req.GuildID, m.ID, start, notice); err != nil {
		return ProblemReply(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "cancel", m.Title, "cancelled "+start.UTC().Format("2006-01-02 15:04 UTC"))
	resp := Private("Cancelled **%s** on %s. I'm letting members know in <#%s>; the dates after it are not affected. "+
		"Changed your mind? Press Undo, or run `/mod-meetings restore`, any time before it would start.", m.Title, stamp(start), m.ChannelID)
	resp.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Undo", Style: discordgo.SecondaryButton,
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
		resp, err := ProblemReply(err)
		if resp != nil {
			return reply("%s", resp.Content)
		}
		return nil, err
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "restore", m.Title, "restored "+start.UTC().Format("2006-01-02 15:04 UTC"))
	msg := fmt.Sprintf("**%s** on %s is back on, with its reminders.", m.Title, stamp(start))
	if told {
		msg += fmt.Sprintf(" Members were already told it was cancelled, so I'm letting them know in <#%s> that it's on again.", m.ChannelID)
	} else {
		msg += " Members hadn't been told about the cancellation yet, so they won't hear about it."
	}
	return reply("%s", msg)
}

func meetingUndoCancel(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	id, ok := argID(req, 0)
	if !ok || len(req.Args) < 2 {
		return Private("%s", msgUnknownButton), nil
	}
	sec, err := strconv.ParseInt(req.Args[1], 10, 64)
	if err != nil {
		return Private("%s", msgUnknownButton), nil
	}
	m, err := store.Meeting(ctx, req.GuildID, id)
	if err != nil {
		return ProblemReply(err)
	}
	return meetingRestoreDate(ctx, store, req, m, time.Unix(sec, 0).UTC(), true)
}

func meetingRestore(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(req.String("which")), 10, 64)
	if err != nil {
		return Private("Please choose a cancelled date from the list as you type."), nil
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
		return ProblemReply(err)
	}
	if !canSeeNames(req, m) {
		return Private("Only moderators and the hosts of **%s** can see or record who was there. "+
			"If you were there, press \"I was there\" on the post when it starts.", m.Title), nil
	}
	dates, err := pastDates(ctx, store, m, req.Now)
	if err != nil {
		return nil, err
	}
	if len(dates) == 0 {
		return Private("**%s** hasn't met in the last 90 days while Kindred was keeping track, so there's no attendance to show.", m.Title), nil
	}
	o := dates[0]
	if v := strings.TrimSpace(req.String("date")); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		i := slices.IndexFunc(dates, func(o data.Occurrence) bool { return o.StartsAt.Unix() == sec })
		if err != nil || i < 0 {
			return Private("That isn't a date **%s** met on in the last 90 days. Please choose one from the list as you type.", m.Title), nil
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
			return Private("Nobody is recorded as being at **%s** on %s. To record someone, add the member option.", m.Title, stamp(o.StartsAt)), nil
		}
		var b strings.Builder
		for _, a := range as {
			fmt.Fprintf(&b, "<@%s>", a.UserID)
			if a.ByModerator {
				b.WriteString(" (recorded by a moderator or host)")
			}
			b.WriteString("\n")
		}
		return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
			Title:       clipRunes(fmt.Sprintf("Who was at %s", m.Title), 256),
			Description: clipRunes(fmt.Sprintf("%s\n\n%d there:\n%s", stamp(o.StartsAt), len(as), b.String()), 4096),
			Footer:      &discordgo.MessageEmbedFooter{Text: "Only you can see this. Please keep who comes to meetings private."},
		}}}, nil
	}
	added, err := store.RecordAttendance(ctx, req.GuildID, o.ID, member, req.User.ID)
	if err != nil {
		return ProblemReply(err)
	}
	if !added {
		return Private("<@%s> is already recorded as being at **%s** on %s.", member, m.Title, stamp(o.StartsAt)), nil
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "attendance", m.Title,
		fmt.Sprintf("recorded <@%s> on %s", member, o.StartsAt.UTC().Format("2006-01-02 15:04 UTC")))
	celebrate(ctx, store, log, req, req.GuildID, member, milestoneAttended)
	return Private("Recorded: <@%s> was at **%s** on %s.", member, m.Title, stamp(o.StartsAt)), nil
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
				label = clipRunes(label, 91) + " (paused)"
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
			label := serverTime(o.StartsAt, loc)
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
				label := serverTime(time.Unix(sec, 0), loc)
				if len(choices) < 25 && (typed == "" || strings.Contains(strings.ToLower(label), typed)) {
					choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(sec, 10)})
				}
			}
			break
		}
		series := &discordgo.ApplicationCommandOptionChoice{Name: "The whole series (the meeting ends)", Value: seriesValue}
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
			label := serverTime(t, loc)
			if typed != "" && !strings.Contains(strings.ToLower(label), typed) {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: strconv.FormatInt(t.Unix(), 10)})
		}
	}
	return &Response{Choices: choices}, nil
}
