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

// meetingStore is what /meeting needs of the store.
type meetingStore interface {
	languageNoter
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	CreateMeetingDraft(ctx context.Context, m data.Meeting) (data.Meeting, error)
	MeetingDraft(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	ConfirmMeetingDraft(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	DiscardMeetingDraft(ctx context.Context, guildID string, id int64) error
	Meeting(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	MeetingRecord(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	Meetings(ctx context.Context, guildID string) ([]data.Meeting, error)
	UpdateMeeting(ctx context.Context, m data.Meeting) (data.Meeting, error)
	GoingRSVPs(ctx context.Context, guildID string, meetingID int64, from time.Time) ([]data.RSVP, error)
	EnqueueDelivery(ctx context.Context, d data.Delivery) (bool, error)
	PauseMeeting(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	ResumeMeeting(ctx context.Context, guildID string, id int64) (data.Meeting, error)
	DeleteMeeting(ctx context.Context, guildID string, id int64, notice *data.Delivery) (data.Meeting, error)
	RestoreOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time, cancelKey string, notice *data.Delivery) (data.Occurrence, bool, error)
	CancelOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time, notice *data.Delivery) (data.Occurrence, error)
	Occurrence(ctx context.Context, guildID string, id int64) (data.Occurrence, error)
	Occurrences(ctx context.Context, guildID string, meetingID int64, from, to time.Time) ([]data.Occurrence, error)
	LatestOccurrence(ctx context.Context, guildID string, meetingID int64, before time.Time) (data.Occurrence, error)
	SetRSVP(ctx context.Context, guildID string, occurrenceID int64, userID string, status data.RSVPStatus) (data.RSVPCounts, error)
	SetRSVPDM(ctx context.Context, guildID string, occurrenceID int64, userID string, on bool, dm data.Delivery) (data.RSVP, data.RSVPCounts, error)
	RSVPOf(ctx context.Context, guildID string, occurrenceID int64, userID string) (data.RSVP, error)
	RSVPCountsOf(ctx context.Context, guildID string, occurrenceID int64) (data.RSVPCounts, error)
	RSVPNames(ctx context.Context, guildID string, occurrenceID int64) (going, maybe []string, err error)
	ReminderPosts(ctx context.Context, guildID string, occurrenceID int64) ([]data.ReminderPost, error)
	RecordAttendance(ctx context.Context, guildID string, occurrenceID int64, userID, recordedBy string) (bool, error)
	AttendeesOf(ctx context.Context, guildID string, occurrenceID int64) ([]data.Attendee, error)
	LastDMFailure(ctx context.Context, guildID, userID string) (data.DMFailure, error)
	SetAttendeeLimit(ctx context.Context, guildID string, meetingID int64, limit int) error
	AttendeeLimit(ctx context.Context, guildID string, meetingID int64) (int, error)
	SetMeetingEventsShown(ctx context.Context, guildID string, meetingID int64, shown bool) error
	EventInterest(ctx context.Context, guildID string, meetingID int64, start time.Time) (int, bool, error)
	EnsureOccurrence(ctx context.Context, guildID string, meetingID int64, start time.Time) (data.Occurrence, error)
	profileReader
	meetingEventStore
	Auditor // moderators' changes go to /audit
}

// Component routing keys of /meeting.
const (
	keyMeetingConfirm = "mtg-ok"
	keyMeetingDiscard = "mtg-no"
	keyMeetingRSVP    = "mtg-rsvp"
	keyMeetingDM      = "mtg-dm"
	keyMeetingHere    = "mtg-here"
	keyMeetingUndo    = "mtg-undo"
)

// AttendanceWindow is how long after a meeting ends members can still
// mark "I was there".
const AttendanceWindow = 2 * time.Hour

// maxListed bounds how many meetings /meeting list and /meeting next show.
const maxListed = 15

// Meetings is /meeting: recurring support-group meetings with reminders,
// RSVPs and attendance. site is the website's public address, for "Add to
// calendar" links, or "" when the website is off.
func Meetings(store meetingStore, discord Discord, log *slog.Logger, site string) *Command {
	c := &Command{
		Definition: meetingDefinition(),
		Feature:    data.FeatureMeetings,
		ModeratorSubcommands: []string{
			"create", "edit", "pause", "resume", "cancel", "restore", "delete",
		},
	}
	// The bot's sender also publishes scheduled events; a Discord that
	// can't (a test's) leaves the Events tab alone.
	events, _ := discord.(ScheduledEvents)
	pub := &MeetingPublisher{Store: store, Discord: discord, Events: events, Log: log}
	// publish brings the Events tab in step after a moderator's change;
	// the answer stands whatever Discord says, and the periodic
	// reconcile tries again.
	publish := func(ctx context.Context, req *Request, resp *Response, err error) (*Response, error) {
		if err == nil && events != nil {
			if perr := pub.SyncGuild(ctx, req.GuildID, req.Now); perr != nil && log != nil {
				log.Warn("publish meetings in the Events tab", "guild", req.GuildID, "err", perr)
			}
		}
		return resp, err
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("meetings_manage.in_server"), nil
		}
		switch req.Subcommand() {
		case "create":
			return meetingCreate(ctx, store, discord, req)
		case "list":
			return meetingList(ctx, store, log, req)
		case "next":
			return meetingNext(ctx, store, log, req)
		case "edit":
			resp, err := meetingEdit(ctx, store, discord, req)
			return publish(ctx, req, resp, err)
		case "pause":
			resp, err := meetingPause(ctx, store, req)
			return publish(ctx, req, resp, err)
		case "resume":
			resp, err := meetingResume(ctx, store, discord, req)
			return publish(ctx, req, resp, err)
		case "cancel":
			resp, err := meetingCancel(ctx, store, req)
			return publish(ctx, req, resp, err)
		case "restore":
			resp, err := meetingRestore(ctx, store, req)
			return publish(ctx, req, resp, err)
		case "delete":
			resp, err := meetingDelete(ctx, store, req)
			return publish(ctx, req, resp, err)
		case "attendance":
			return meetingAttendance(ctx, store, log, req)
		}
		return req.PrivateT("meetings_manage.unknown_part"), nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		return meetingAutocomplete(ctx, store, req)
	}
	c.Components = map[string]Component{
		keyMeetingConfirm: {Moderator: true, Handle: func(ctx context.Context, req *Request) (*Response, error) {
			resp, err := meetingConfirm(ctx, store, pub, req)
			return publish(ctx, req, resp, err)
		}},
		keyMeetingDiscard: {Moderator: true, Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return meetingDiscard(ctx, store, req)
		}},
		keyMeetingDescForm: {Moderator: true, Handle: func(ctx context.Context, req *Request) (*Response, error) {
			resp, err := meetingDescribe(ctx, store, req)
			return publish(ctx, req, resp, err)
		}},
		keyMeetingUndo: {Moderator: true, Handle: func(ctx context.Context, req *Request) (*Response, error) {
			resp, err := meetingUndoCancel(ctx, store, req)
			return publish(ctx, req, resp, err)
		}},
		keyMeetingRSVP: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return meetingRSVP(ctx, store, discord, log, req)
		}},
		keyMeetingGo: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return meetingGo(ctx, store, discord, log, site, req)
		}},
		keyMeetingDM: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return meetingDM(ctx, store, discord, log, req)
		}},
		keyMeetingHere: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return meetingHere(ctx, store, log, req)
		}},
	}
	return c
}

func meetingDefinition() *discordgo.ApplicationCommand {
	one := 1.0
	str := func(name, desc string, required bool, maxLen int) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required, MaxLength: maxLen}
	}
	meeting := func() *discordgo.ApplicationCommandOption {
		o := str("meeting", "Which meeting", true, 100)
		o.Autocomplete = true
		return o
	}
	settingsOptions := func(required bool) []*discordgo.ApplicationCommandOption {
		zone := str("timezone", "Time zone for the schedule (default: the server's)", false, 64)
		zone.Autocomplete = true
		return []*discordgo.ApplicationCommandOption{
			str("title", "The meeting's name, like \"Tuesday evening group\"", required, data.MaxMeetingTitle),
			str("schedule", "When: \"every Tuesday at 19:00\", \"first Monday of the month at 18:00\", or cron", required, data.MaxMeetingSchedule),
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "duration", Description: "How long it lasts, in minutes",
				Required: required, MinValue: &one, MaxValue: data.MaxMeetingMinutes},
			{Type: discordgo.ApplicationCommandOptionChannel, Name: "post_in", Description: "Where to post reminders (default: the meetings channel)",
				ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}},
			{Type: discordgo.ApplicationCommandOptionChannel, Name: "voice_channel", Description: "The voice or stage channel it happens in",
				ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildVoice, discordgo.ChannelTypeGuildStageVoice}},
			str("link", "A video-call link, if it happens outside Discord", false, data.MaxMeetingLink),
			str("description", "What it is about, who it is for (or write it in a form, with line breaks)", false, data.MaxMeetingDescription),
			{Type: discordgo.ApplicationCommandOptionRole, Name: "host_role", Description: "The hosts' role, shown on reminders"},
			{Type: discordgo.ApplicationCommandOptionRole, Name: "ping_role", Description: "A role to mention in reminders"},
			str("reminders", "How long before to remind: \"24h, 15m\" (the default), \"2d, 1h\" or \"none\"", false, 100),
			zone,
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "events_tab", Description: "Also list it in the server's Events tab (default: yes; Kindred needs Manage Events)"},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", Description: "Most members who can say Going; others join a waiting list (0: no limit)",
				MinValue: new(float64), MaxValue: data.MaxAttendeeLimit},
		}
	}
	editOptions := append([]*discordgo.ApplicationCommandOption{meeting()}, settingsOptions(false)...)
	editOptions = append(editOptions, &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "clear", Description: "Remove one of the optional details",
		Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: "description", Value: "description"},
			{Name: "where (voice channel or link)", Value: "where"},
			{Name: "host role", Value: "host_role"},
			{Name: "ping role", Value: "ping_role"},
			{Name: "time zone (use the server's)", Value: "timezone"},
		},
	})
	which := str("which", "The date to cancel, or the whole series", true, 100)
	which.Autocomplete = true
	restoreWhich := str("which", "The cancelled date to hold after all", true, 100)
	restoreWhich.Autocomplete = true
	attendanceDate := str("date", "Which past date, within the last 90 days (default: the latest)", false, 100)
	attendanceDate.Autocomplete = true
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	return &discordgo.ApplicationCommand{
		Name:        "meeting",
		Description: "Support-group meetings: when they are, reminders and RSVPs",
		Options: []*discordgo.ApplicationCommandOption{
			sub("list", "All meetings of this server and when they happen"),
			sub("next", "The next meetings coming up"),
			sub("create", "Set up a meeting (moderators)", settingsOptions(true)...),
			sub("edit", "Change a meeting (moderators)", editOptions...),
			sub("pause", "Stop announcing a meeting for now (moderators)", meeting()),
			sub("resume", "Announce a paused meeting again (moderators)", meeting()),
			sub("cancel", "Cancel one date of a meeting, or end the series (moderators)", meeting(), which),
			sub("restore", "Undo the cancellation of a future date (moderators)", meeting(), restoreWhich),
			sub("delete", "Remove a meeting without telling members (moderators)", meeting()),
			sub("attendance", "Who was at a meeting, or record someone who was (moderators and hosts)", meeting(), attendanceDate,
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Record that this member was there (leave out to see the list)"}),
		},
	}
}

// meetingFields are the options /mod-meetings create and edit share.
var meetingFields = []string{"title", "schedule", "duration", "post_in", "voice_channel", "link", "description",
	"host_role", "ping_role", "reminders", "timezone", "events_tab", "limit", "clear"}

// typedBack repeats what a moderator typed, so nothing is lost when it has
// to be corrected.
func typedBack(req *Request) string {
	var parts []string
	for _, name := range append([]string{"meeting"}, meetingFields...) {
		o := req.option(name)
		if o == nil {
			continue
		}
		v := fmt.Sprint(o.Value)
		switch o.Type {
		case discordgo.ApplicationCommandOptionChannel:
			v = "<#" + v + ">"
		case discordgo.ApplicationCommandOptionRole:
			v = "<@&" + v + ">"
		case discordgo.ApplicationCommandOptionInteger:
			if n, ok := req.Int(name); ok {
				v = strconv.FormatInt(n, 10)
			}
		}
		parts = append(parts, fmt.Sprintf("**%s:** %s", optionName(req, name), strings.ReplaceAll(v, "\n", " ")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "\n\n" + req.T("meetings_manage.typed_back") + "\n" + strings.Join(parts, "\n")
}

// problem is a kind ephemeral reply about bad input (msg, in the
// moderator's language) that repeats what was typed.
func problem(req *Request, msg string) *Response {
	msg += "\n\n" + req.T("meetings_manage.nothing_saved") + typedBack(req)
	return Private("%s", clipRunes(msg, 2000))
}

// storeProblem turns a store error into a kind reply (repeating what was
// typed), or passes it on.
func storeProblem(req *Request, err error) (*Response, error) {
	resp, err := req.Problem(err)
	if resp != nil {
		resp = problem(req, resp.Content)
	}
	return resp, err
}

// meetingLocation returns the zone a meeting's schedule is read in.
func meetingLocation(m data.Meeting, st data.Settings) *time.Location {
	if m.Zone != "" {
		if loc, err := time.LoadLocation(m.Zone); err == nil {
			return loc
		}
	}
	return st.Location()
}

// draftInput reads and checks the options of /mod-meetings create or edit onto
// m. It returns a kind reply for bad input.
func draftInput(ctx context.Context, discord Discord, req *Request, m *data.Meeting, creating bool) (*Response, error) {
	if v := req.String("title"); v != "" || creating {
		m.Title = v
	}
	if v := req.String("description"); v != "" {
		m.Description = v
	}
	if v := strings.TrimSpace(req.String("schedule")); v != "" || creating {
		sched, err := scheduler.Parse(v)
		if err != nil {
			return problem(req, scheduler.ProblemIn(err, req.P())), nil
		}
		m.Schedule = sched.Anchored(req.Now, req.Settings.Location()).String()
	}
	if v := req.String("timezone"); v != "" {
		zone, err := resolveZone(v)
		if err != nil {
			return storeProblem(req, err)
		}
		m.Zone = zone
	}
	if n, ok := req.Int("limit"); ok && (n < 0 || n > data.MaxAttendeeLimit) {
		return problem(req, req.T("meetings_manage.limit_range", "Max", data.MaxAttendeeLimit, "Given", n)), nil
	}
	if n, ok := req.Int("duration"); ok {
		if n < 1 || n > data.MaxMeetingMinutes {
			return problem(req, req.T("meetings_manage.duration_range", "Max", data.MaxMeetingMinutes, "Given", n)), nil
		}
		m.Duration = time.Duration(n) * time.Minute
	}
	voice, link := req.ID("voice_channel"), strings.TrimSpace(req.String("link"))
	switch {
	case voice != "" && link != "":
		return problem(req, req.T("meetings_manage.voice_or_link")), nil
	case voice != "":
		ch, err := discord.Channel(req.GuildID, voice)
		if err != nil || ch == nil {
			return problem(req, req.T("meetings_manage.voice_missing", "Channel", voice)), nil
		}
		if ch.Type != discordgo.ChannelTypeGuildVoice && ch.Type != discordgo.ChannelTypeGuildStageVoice {
			return problem(req, req.T("meetings_manage.voice_wrong_type", "Channel", voice)), nil
		}
		m.Location = voice
	case link != "":
		l, err := data.NormalizeMeetingLink(link)
		if err != nil {
			return storeProblem(req, err)
		}
		m.Location = l
	}
	if v := req.ID("host_role"); v != "" {
		m.HostRoleID = v
	}
	if v := req.ID("ping_role"); v != "" {
		if v == req.GuildID {
			return problem(req, req.T("meetings_manage.no_everyone")), nil
		}
		m.PingRoleID = v
	}
	if v, given := req.String("reminders"), req.option("reminders") != nil; given || creating {
		if !given {
			v = data.DefaultReminders
		}
		rs, err := data.ParseReminders(v)
		if err != nil {
			return storeProblem(req, err)
		}
		m.Reminders = rs
	}
	switch req.String("clear") {
	case "description":
		m.Description = ""
	case "where":
		m.Location = ""
	case "host_role":
		m.HostRoleID = ""
	case "ping_role":
		m.PingRoleID = ""
	case "timezone":
		m.Zone = ""
	}
	if post := req.ID("post_in"); post != "" || creating {
		if post == "" {
			post = req.Settings.Get(data.SettingMeetingsChannel)
		}
		if post == "" {
			return problem(req, req.T("meetings_manage.no_channel", "Option", commandOption(req, "mod-meetings create post_in"))), nil
		}
		msg, _, err := channelProblemIn(req.P(), discord, req.GuildID, post, data.SettingMeetingsChannel)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			return problem(req, msg), nil
		}
		m.ChannelID = post
	}
	// The schedule must happen, and meetings must not overlap.
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return problem(req, scheduler.ProblemIn(err, req.P())), nil
	}
	loc := meetingLocation(*m, req.Settings)
	next := sched.NextN(req.Now, loc, 20)
	if len(next) == 0 {
		return problem(req, req.T("meetings_manage.no_future_dates", "Schedule", sched.DescribeIn(req.P()), "Year", strconv.Itoa(req.Now.In(loc).Year()+1))), nil
	}
	for i := 1; i < len(next); i++ {
		if gap := next[i].Sub(next[i-1]); gap < m.Duration {
			return problem(req, req.T("meetings_manage.overlap", "Schedule", capitalize(sched.DescribeIn(req.P())),
				"Gap", durationIn(req.P(), gap), "Duration", durationIn(req.P(), m.Duration))), nil
		}
	}
	return nil, nil
}

func meetingCreate(ctx context.Context, store meetingStore, discord Discord, req *Request) (*Response, error) {
	m := data.Meeting{GuildID: req.GuildID, CreatedBy: req.User.ID}
	if resp, err := draftInput(ctx, discord, req, &m, true); resp != nil || err != nil {
		return resp, err
	}
	draft, err := store.CreateMeetingDraft(ctx, m)
	if err != nil {
		return storeProblem(req, err)
	}
	if err := saveMeetingOptions(ctx, store, req, draft.ID); err != nil {
		return storeProblem(req, err)
	}
	return &Response{
		Ephemeral: true,
		Content:   req.T("meetings_manage.draft"),
		Embeds:    []*discordgo.MessageEmbed{meetingSummary(req.P(), draft, req.Settings, req.Now, nil)},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("meetings_manage.button_confirm"), Style: discordgo.SuccessButton, CustomID: CustomID(keyMeetingConfirm, strconv.FormatInt(draft.ID, 10))},
			discordgo.Button{Label: req.T("meetings_manage.button_cancel"), Style: discordgo.SecondaryButton, CustomID: CustomID(keyMeetingDiscard, strconv.FormatInt(draft.ID, 10))},
		}}},
	}, nil
}

// argID reads the n-th custom ID argument as a record ID.
func argID(req *Request, n int) (int64, bool) {
	if len(req.Args) <= n {
		return 0, false
	}
	id, err := strconv.ParseInt(req.Args[n], 10, 64)
	return id, err == nil && id > 0
}

var noComponents = []discordgo.MessageComponent{}

func meetingConfirm(ctx context.Context, store meetingStore, pub *MeetingPublisher, req *Request) (*Response, error) {
	id, ok := argID(req, 0)
	if !ok {
		return req.PrivateT(msgUnknownButton), nil
	}
	m, err := store.ConfirmMeetingDraft(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, store, req, data.AuditMeetings, "create", m.Title, m.Schedule)
	first := req.T("meetings_manage.first_reminder")
	if len(m.Reminders) == 0 {
		first = req.T("meetings_manage.first_post", "Channel", m.ChannelID)
	}
	return &Response{
		Update:     true,
		Content:    req.T("meetings_manage.saved", "Title", m.Title, "Channel", m.ChannelID, "First", first) + eventsNote(ctx, store, pub, req.P(), m),
		Embeds:     []*discordgo.MessageEmbed{meetingSummary(req.P(), m, req.Settings, req.Now, nil)},
		Components: []discordgo.MessageComponent{describeButton(req.P(), m.ID)},
	}, nil
}

func meetingDiscard(ctx context.Context, store meetingStore, req *Request) (*Response, error) {
	id, ok := argID(req, 0)
	if !ok {
		return req.PrivateT(msgUnknownButton), nil
	}
	if err := store.DiscardMeetingDraft(ctx, req.GuildID, id); err != nil {
		return nil, err
	}
	return &Response{Update: true, Content: req.T("meetings_manage.discarded"), Embeds: []*discordgo.MessageEmbed{}, Components: noComponents}, nil
}

const msgUnknownButton = "meetings.unknown_button"

// upcoming is one future date of a meeting.
type upcoming struct {
	m     data.Meeting
	start time.Time
}

// nextDates returns the next n dates of a meeting, including one that is
// happening now.
func nextDates(ctx context.Context, store occurrenceLister, m data.Meeting, st data.Settings, now time.Time, n int) ([]time.Time, error) {
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return nil, fmt.Errorf("meeting %d has schedule %q: %w", m.ID, m.Schedule, err)
	}
	from := now.Add(-m.Duration)
	cancelled, err := cancelledStarts(ctx, store, m, from)
	if err != nil {
		return nil, err
	}
	return upcomingStarts(sched, meetingLocation(m, st), from, n, cancelled), nil
}

func meetingList(ctx context.Context, store meetingStore, log *slog.Logger, req *Request) (*Response, error) {
	ms, err := store.Meetings(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		msg := req.T("meetings_manage.list_empty")
		if req.IsModerator {
			msg += " " + req.T("meetings_manage.list_empty_mod")
		}
		return Private("%s", msg), nil
	}
	var b strings.Builder
	var answerable []upcoming
	for i, m := range ms {
		if i == maxListed {
			b.WriteString(req.N("meetings_manage.list_more", len(ms)-maxListed))
			break
		}
		when := m.Schedule
		if sched, err := scheduler.Parse(m.Schedule); err == nil {
			when = sched.DescribeIn(req.P())
		}
		b.WriteString(req.T("meetings_manage.list_line", "Title", m.Title, "When", when, "Duration", durationIn(req.P(), m.Duration), "Where", whereTextIn(req.P(), m)) + "\n")
		switch {
		case m.Status == data.MeetingPaused:
			b.WriteString(req.T("meetings_manage.list_paused") + "\n")
		case m.AnnounceError != "" && req.IsModerator:
			b.WriteString(req.T("meetings_manage.list_stopped", "Error", m.AnnounceError) + "\n")
		default:
			dates, err := nextDates(ctx, store, m, req.Settings, req.Now, 1)
			if err != nil {
				return nil, err
			}
			if len(dates) == 1 {
				b.WriteString(req.T("meetings_manage.list_next", "When", stamp(dates[0])) + "\n")
				answerable = append(answerable, upcoming{m, dates[0]})
			} else {
				b.WriteString(req.T("meetings_manage.list_no_more") + "\n")
			}
		}
		b.WriteString("\n")
	}
	return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title:       req.T("meetings_manage.list_title"),
		Description: clipRunes(strings.TrimSpace(b.String()), 4096),
		Footer:      &discordgo.MessageEmbedFooter{Text: listFooter(req)},
	}}, Components: rsvpRows(req.P(), answerable, memberLocation(ctx, store, log, req), req.Now)}, nil
}

func meetingNext(ctx context.Context, store meetingStore, log *slog.Logger, req *Request) (*Response, error) {
	ms, err := store.Meetings(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	var all []upcoming
	for _, m := range ms {
		if m.Status != data.MeetingActive {
			continue
		}
		dates, err := nextDates(ctx, store, m, req.Settings, req.Now, 3)
		if err != nil {
			return nil, err
		}
		for _, d := range dates {
			all = append(all, upcoming{m, d})
		}
	}
	if len(all) == 0 {
		return req.PrivateT("meetings_manage.next_empty"), nil
	}
	slices.SortStableFunc(all, func(a, b upcoming) int { return a.start.Compare(b.start) })
	all = all[:min(5, len(all))]
	var b strings.Builder
	for _, u := range all {
		fmt.Fprintf(&b, "**%s**: %s\n", u.m.Title, stamp(u.start))
		if !u.start.After(req.Now) {
			b.WriteString(req.T("meetings_manage.happening_now") + " ")
		}
		b.WriteString(req.T("meetings_manage.next_where", "Where", whereTextIn(req.P(), u.m)))
		os, err := store.Occurrences(ctx, req.GuildID, u.m.ID, u.start, u.start.Add(time.Second))
		if err != nil {
			return nil, err
		}
		if len(os) == 1 {
			who, err := whoIsComing(ctx, store, req, u.m, os[0])
			if err != nil {
				return nil, err
			}
			b.WriteString(who)
		}
		if n, published, err := store.EventInterest(ctx, req.GuildID, u.m.ID, u.start); err != nil {
			return nil, err
		} else if published && n > 0 {
			b.WriteString("\n" + req.N("meetings_manage.next_interested", n))
		}
		b.WriteString("\n\n")
	}
	return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title:       req.T("meetings_manage.next_title"),
		Description: clipRunes(strings.TrimSpace(b.String()), 4096),
		Footer:      &discordgo.MessageEmbedFooter{Text: nextFooter(req)},
	}}, Components: rsvpRows(req.P(), all, memberLocation(ctx, store, log, req), req.Now)}, nil
}

// findMeeting resolves the meeting option: an ID chosen from
// autocomplete, or a title typed out.
func findMeeting(ctx context.Context, store meetingStore, req *Request) (data.Meeting, error) {
	v := strings.TrimSpace(req.String("meeting"))
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		m, err := store.Meeting(ctx, req.GuildID, id)
		if err == nil || !errors.Is(err, data.ErrNotFound) {
			return m, err
		}
	}
	ms, err := store.Meetings(ctx, req.GuildID)
	if err != nil {
		return data.Meeting{}, err
	}
	for _, m := range ms {
		if strings.EqualFold(m.Title, v) {
			return m, nil
		}
	}
	return data.Meeting{}, fmt.Errorf("%w: %s", data.ErrNotFound, req.T("meetings_manage.not_found", "Title", clipRunes(v, 100)))
}

// canSeeNames says whether a member may see who answered for a meeting:
// moderators, and the meeting's hosts. Everyone else sees counts.
func canSeeNames(req *Request, m data.Meeting) bool {
	return req.IsModerator || (m.HostRoleID != "" && slices.Contains(req.Roles, m.HostRoleID))
}

// whoIsComing says how many are coming to an occurrence, and, to those who
// may see them, who.
func whoIsComing(ctx context.Context, store meetingStore, req *Request, m data.Meeting, o data.Occurrence) (string, error) {
	if !canSeeNames(req, m) {
		c, err := store.RSVPCountsOf(ctx, req.GuildID, o.ID)
		if err != nil {
			return "", err
		}
		if c.Going == 0 && c.Maybe == 0 {
			return "", nil
		}
		return " " + req.T("meetings_manage.who_counts", "Going", req.P().Number(c.Going), "Maybe", req.P().Number(c.Maybe)), nil
	}
	going, maybe, err := store.RSVPNames(ctx, req.GuildID, o.ID)
	if err != nil {
		return "", err
	}
	if len(going) == 0 && len(maybe) == 0 {
		return "\n" + req.T("meetings_manage.no_answers"), nil
	}
	names := func(ids []string) string {
		if len(ids) == 0 {
			return req.T("meetings_manage.nobody_yet")
		}
		ms := make([]string, len(ids))
		for i, id := range ids {
			ms[i] = "<@" + id + ">"
		}
		return strings.Join(ms, ", ")
	}
	return "\n" + req.T("meetings_manage.who_names", "Going", req.P().Number(len(going)), "GoingNames", names(going),
		"Maybe", req.P().Number(len(maybe)), "MaybeNames", names(maybe)), nil
}

// listFooter points to /meeting next, promising only what it shows.
func listFooter(req *Request) string {
	if req.IsModerator {
		return req.T("meetings_manage.list_footer_mod")
	}
	return req.T("meetings_manage.list_footer")
}

func nextFooter(req *Request) string {
	msg := req.T("meetings_manage.next_footer", "Going", req.T("meetings.button_going"), "Maybe", req.T("meetings.button_maybe"), "No", req.T("meetings.button_no"))
	if req.IsModerator {
		msg += " " + req.T("meetings_manage.next_footer_names")
	}
	return msg
}
