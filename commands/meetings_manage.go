package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
		return Private("Tell me what to change about **%s**: choose one or more options after the meeting, such as schedule or post_in.", m.Title), nil
	}
	if resp, err := draftInput(ctx, discord, req, &m, false); resp != nil || err != nil {
		return resp, err
	}
	m, err = store.UpdateMeeting(ctx, m)
	if err != nil {
		return storeProblem(req, err)
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
		msg += " It is still paused; `/meeting resume` starts the reminders again."
	} else if m.AnnounceError != "" {
		msg += " Its reminders are still stopped; `/meeting resume` starts them again."
	}
	return &Response{Ephemeral: true, Content: msg, Embeds: []*discordgo.MessageEmbed{meetingSummary(m, req.Settings, req.Now, cancelled)}}, nil
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
	return Private("Paused **%s**: I won't post reminders for it until you run `/meeting resume`. Its settings and members' answers are kept.", m.Title), nil
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
		return Private("I can't resume **%s** yet. %s\nOr choose another channel with `/meeting edit` and the post_in option.", m.Title, msg), nil
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
	return Private("Deleted **%s**. No more reminders will go out for it. Who came to past meetings is kept. To tell members it has ended, use `/meeting cancel` with \"the whole series\" instead next time.", m.Title), nil
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
		notice := &data.Delivery{
			GuildID: req.GuildID, Kind: data.DeliveryMeetingCancelled, Source: data.MeetingSource(m.ID),
			Ref: seriesValue, ChannelID: m.ChannelID, Key: fmt.Sprintf("meeting:%d:ended", m.ID),
			DueAt: req.Now, ExpiresAt: req.Now.Add(24 * time.Hour),
		}
		if m.Status != data.MeetingActive || m.AnnounceError != "" {
			notice = nil // not announced now: nothing to tell members
		}
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
	notice := &data.Delivery{
		GuildID: req.GuildID, Kind: data.DeliveryMeetingCancelled, Source: data.MeetingSource(m.ID),
		ChannelID: m.ChannelID, Key: fmt.Sprintf("meeting:%d:%s:cancelled", m.ID, start.Format("2006-01-02T15:04Z")),
		DueAt: req.Now, ExpiresAt: start,
	}
	if _, err := store.CancelOccurrence(ctx, req.GuildID, m.ID, start, notice); err != nil {
		return ProblemReply(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "cancel", m.Title, "cancelled "+start.UTC().Format("2006-01-02 15:04 UTC"))
	return Private("Cancelled **%s** on %s. I'm letting members know in <#%s>; the dates after it are not affected.", m.Title, stamp(start), m.ChannelID), nil
}

func meetingAttendance(ctx context.Context, store meetingStore, log *slog.Logger, req *Request) (*Response, error) {
	m, err := findMeeting(ctx, store, req)
	if err != nil {
		return ProblemReply(err)
	}
	member := req.ID("member")
	if member == "" {
		return Private("Please choose the member who was there."), nil
	}
	o, err := store.LatestOccurrence(ctx, req.GuildID, m.ID, req.Now)
	if err != nil {
		return ProblemReply(err)
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
	case "which":
		m, err := findMeeting(ctx, store, req)
		if err != nil {
			if errors.Is(err, data.ErrNotFound) {
				break
			}
			return nil, err
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
