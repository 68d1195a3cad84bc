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

// selfCareStore is what /selfcare needs of the store.
type selfCareStore interface {
	profileReader
	guildNamer
	languageNoter
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	SelfCarePrompts(ctx context.Context, guildID string) ([]data.SelfCarePrompt, error)
	SelfCarePrompt(ctx context.Context, guildID, ref string) (data.SelfCarePrompt, error)
	AddSelfCarePrompt(ctx context.Context, guildID, userID, category, text string) (data.SelfCarePrompt, error)
	ImportSelfCarePrompts(ctx context.Context, guildID, userID string, prompts []data.SelfCarePrompt) (added, skipped []data.SelfCarePrompt, err error)
	EditSelfCarePrompt(ctx context.Context, guildID, userID, ref, category, text string) (data.SelfCarePrompt, error)
	SetSelfCarePromptEnabled(ctx context.Context, guildID, userID, ref string, enabled bool) (data.SelfCarePrompt, bool, error)
	SelfCarePost(ctx context.Context, guildID string, id int64) (data.SelfCarePost, error)
	RecordSelfCareDone(ctx context.Context, guildID string, postID int64, userID string) (bool, int, error)
	DeliveryByKey(ctx context.Context, guildID, key string) (data.Delivery, error)

	CreateSelfCareSchedule(ctx context.Context, sc data.SelfCareSchedule) (data.SelfCareSchedule, error)
	SelfCareSchedules(ctx context.Context, guildID string) ([]data.SelfCareSchedule, error)
	SelfCareSchedule(ctx context.Context, guildID string, id int64) (data.SelfCareSchedule, error)
	PauseSelfCareSchedule(ctx context.Context, guildID string, id int64) (data.SelfCareSchedule, error)
	ResumeSelfCareSchedule(ctx context.Context, guildID string, id int64) (data.SelfCareSchedule, error)
	DeleteSelfCareSchedule(ctx context.Context, guildID string, id int64) (data.SelfCareSchedule, error)

	SelfCareNudgeSettings(ctx context.Context, guildID, userID string) (data.SelfCareNudges, error)
	StartSelfCareNudges(ctx context.Context, guildID, userID string, times []string, days, zone string) (data.SelfCareNudges, error)
	StopSelfCareNudges(ctx context.Context, guildID, userID, reason string) (data.SelfCareNudges, bool, error)
	SetSelfCareQuietHours(ctx context.Context, guildID, userID, from, to string) (data.SelfCareNudges, error)
	SnoozeSelfCareNudges(ctx context.Context, guildID, userID, localDate string) (data.SelfCareNudges, error)
	RecordDMFailure(ctx context.Context, f data.DMFailure) error

	CreateMeetingDraft(ctx context.Context, m data.Meeting) (data.Meeting, error)
	ConfirmMeetingDraft(ctx context.Context, guildID string, id int64) (data.Meeting, error)
}

// Component routing keys of /selfcare.
const (
	keySelfCareDone   = "sc-did"
	keySelfCareSnooze = "sc-snooze"
	keySelfCareStop   = "sc-stop"
	keySelfCareEdit   = "sc-edit"
	keySelfCareImport = "sc-import"
)

// Limits of /selfcare.
const (
	// selfCareMinGap is the shortest time between two posts of a schedule.
	selfCareMinGap = time.Hour
	// maxSelfCareImport is how many prompts one import may hold.
	maxSelfCareImport = 50
	// selfCareColor is the colour of self-care embeds: a soft green.
	selfCareColor = 0x7CB342
)

type selfCare struct {
	store   selfCareStore
	discord Discord
	log     *slog.Logger
}

// SelfCare is /selfcare: moderators schedule gentle self-care prompts in a
// channel and manage the prompts; members opt in to personal nudges by DM,
// with quiet hours Kindred never breaks.
func SelfCare(store selfCareStore, discord Discord, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &selfCare{store: store, discord: discord, log: log}
	c := &Command{
		Definition: selfCareDefinition(),
		Feature:    data.FeatureSelfCare,
		ModeratorSubcommands: []string{
			"schedule", "list", "pause", "resume", "delete", "workshop",
			"prompts add", "prompts edit", "prompts disable", "prompts enable", "prompts list", "prompts import",
		},
		Autocomplete: s.autocomplete,
		Components: map[string]Component{
			keySelfCareDone:   {Handle: s.done},
			keySelfCareSnooze: {Handle: s.snooze},
			keySelfCareStop:   {Handle: s.stop},
			keySelfCareEdit:   {Handle: s.saveEdit, Moderator: true},
			keySelfCareImport: {Handle: s.saveImport, Moderator: true},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("selfcare.not_in_server"), nil
		}
		switch req.Subcommand() {
		case "schedule":
			return s.schedule(ctx, req)
		case "list":
			return s.list(ctx, req)
		case "pause":
			return s.pause(ctx, req)
		case "resume":
			return s.resume(ctx, req)
		case "delete":
			return s.deleteSchedule(ctx, req)
		case "workshop":
			return s.workshop(ctx, req)
		case "quiet":
			return s.quiet(ctx, req)
		case "prompts add":
			return s.addPrompt(ctx, req)
		case "prompts edit":
			return s.editPrompt(ctx, req)
		case "prompts disable":
			return s.switchPrompt(ctx, req, false)
		case "prompts enable":
			return s.switchPrompt(ctx, req, true)
		case "prompts list":
			return s.listPrompts(ctx, req)
		case "prompts import":
			return &Response{Modal: selfCareImportModal(req.P(), "")}, nil
		case "nudge on":
			return s.nudgeOn(ctx, req)
		case "nudge off":
			return s.nudgeOff(ctx, req)
		case "nudge status":
			return s.nudgeStatus(ctx, req)
		}
		return req.PrivateT("selfcare.unknown_part"), nil
	}
	return c
}

func selfCareDefinition() *discordgo.ApplicationCommand {
	str := func(name, desc string, required bool, maxLen int) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required, MaxLength: maxLen}
	}
	auto := func(name, desc string) *discordgo.ApplicationCommandOption {
		o := str(name, desc, true, 100)
		o.Autocomplete = true
		return o
	}
	textChannel := func(name, desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionChannel, Name: name, Description: desc,
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}}
	}
	category := func(required bool) *discordgo.ApplicationCommandOption {
		o := str("category", "What kind of self-care it is", required, 0)
		for _, c := range data.SelfCareCategories() {
			o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c})
		}
		return o
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	group := func(name, desc string, subs ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: name, Description: desc, Options: subs}
	}
	one, maxMinutes := 1.0, float64(data.MaxMeetingMinutes)
	page := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Which page of the list", MinValue: &one}
	duration := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "duration", Description: "How long it lasts, in minutes (default 60)", MinValue: &one, MaxValue: maxMinutes}
	voice := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionChannel, Name: "voice_channel", Description: "The voice or stage channel it happens in",
		ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildVoice, discordgo.ChannelTypeGuildStageVoice}}
	tz := str("timezone", "Your time zone, like Europe/London (default: the server's)", false, 100)
	tz.Autocomplete = true
	return &discordgo.ApplicationCommand{
		Name:        "selfcare",
		Description: "Gentle self-care prompts in a channel, and personal nudges if you'd like them",
		Options: []*discordgo.ApplicationCommandOption{
			sub("schedule", "Post self-care prompts on a schedule (moderators)",
				str("when", `When to post, like "every day at 09:00" or "weekdays at 12:30"`, true, data.MaxSelfCareSchedule),
				textChannel("channel", "Where to post them (default: the self-care prompts channel)")),
			sub("list", "Show the prompt schedules and the prompts in rotation (moderators)"),
			sub("pause", "Pause a prompt schedule (moderators)", auto("schedule", "Which schedule")),
			sub("resume", "Start a paused prompt schedule again (moderators)", auto("schedule", "Which schedule")),
			sub("delete", "Delete a prompt schedule (moderators)", auto("schedule", "Which schedule")),
			sub("quiet", "Set your quiet hours: Kindred never nudges you then",
				str("from", `When quiet hours start, like "22:00" or "10pm"`, true, 20),
				str("to", `When they end, like "08:00" or "8am"`, true, 20)),
			sub("workshop", "Announce a one-off self-care workshop, with reminders and RSVPs (moderators)",
				str("title", "What it's called", true, data.MaxMeetingTitle),
				str("date", "The day, like 2026-12-24", true, 10),
				str("time", `The start time, in the server's time zone, like "18:00" or "6pm"`, true, 20),
				duration,
				textChannel("channel", "Where to post reminders (default: the meetings channel)"),
				voice,
				str("link", "A video-call link, if it happens online", false, data.MaxMeetingLink),
				str("description", "What it's about (or write it afterwards in a form, with line breaks)", false, data.MaxMeetingDescription)),
			group("prompts", "The prompts in this server's rotation (moderators)",
				sub("add", "Add a prompt of your own",
					str("text", "The prompt, up to 300 characters", true, data.MaxSelfCarePrompt),
					category(true)),
				sub("edit", "Edit one of this server's own prompts", auto("prompt", "Which prompt"), category(false)),
				sub("disable", "Take a prompt out of the rotation", auto("prompt", "Which prompt")),
				sub("enable", "Put a disabled prompt back in the rotation", auto("prompt", "Which prompt")),
				sub("list", "List the prompts", category(false), page),
				sub("import", "Add several prompts at once, one per line")),
			group("nudge", "Personal self-care nudges by DM",
				sub("on", "Get a gentle nudge by DM at times you choose",
					str("times", `Up to 4 times a day, like "09:00" or "09:00, 18:30"`, true, 100),
					str("days", `Which days, like "every day", "weekdays" or "mon, wed, fri" (default: every day)`, false, data.MaxNudgeDays),
					tz),
				sub("off", "Stop your nudges"),
				sub("status", "See your nudge settings")),
		},
	}
}

// selfCareProblem is a kind reply about bad input (problem, already in
// the member's language) that repeats what was typed, so nothing is lost.
func selfCareProblem(req *Request, problem string) *Response {
	msg := problem + "\n\n" + req.T("selfcare.nothing_changed")
	var typed []string
	if req.Interaction.Type == discordgo.InteractionApplicationCommand {
		for _, o := range req.options() {
			v := fmt.Sprint(o.Value)
			if o.Type == discordgo.ApplicationCommandOptionChannel {
				v = "<#" + v + ">"
			} else if n, ok := req.Int(o.Name); ok && o.Type == discordgo.ApplicationCommandOptionInteger {
				v = strconv.FormatInt(n, 10)
			}
			typed = append(typed, fmt.Sprintf("**%s:** %s", optionName(req, o.Name), strings.ReplaceAll(v, "\n", " ")))
		}
	}
	if len(typed) > 0 {
		msg += "\n\n" + req.T("selfcare.you_typed") + "\n" + strings.Join(typed, "\n")
	}
	return Private("%s", clipRunes(msg, 2000))
}

// selfCareStoreProblem turns a store error into a kind reply that repeats
// what was typed, or passes it on.
func selfCareStoreProblem(req *Request, err error) (*Response, error) {
	resp, err := req.Problem(err)
	if resp != nil {
		resp = selfCareProblem(req, resp.Content)
	}
	return resp, err
}

// ParseClock reads a time of day the way schedules are written ("18:30",
// "6:30pm", "noon") and returns it as HH:MM.
func ParseClock(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", errNoTime
	}
	return scheduler.ParseTimeOfDay(text)
}

// errNoTime is ParseClock's error for an empty time.
var errNoTime = errors.New(`I need a time, like "09:00" or "9am".`)

// clockProblem is a ParseClock error in the member's language where the
// catalogue has it (the scheduler's own sentences are English).
func clockProblem(req *Request, err error) *Response {
	if errors.Is(err, errNoTime) {
		return selfCareProblem(req, req.T("selfcare.need_time"))
	}
	return selfCareProblem(req, scheduler.ProblemIn(err, req.P()))
}

// scheduleID reads the schedule chosen with autocomplete.
func scheduleID(req *Request) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(req.String("schedule")), 10, 64)
	return id, err == nil && id > 0
}

// scheduleLine describes a prompt schedule for moderators.
func scheduleLine(req *Request, sc data.SelfCareSchedule) string {
	what := sc.Schedule
	sched, err := scheduler.Parse(sc.Schedule)
	if err == nil {
		what = sched.DescribeIn(req.P())
	}
	line := req.T("selfcare.schedule_line", "When", what, "Channel", "<#"+sc.ChannelID+">")
	switch {
	case sc.PostError != "":
		line += " · " + req.T("selfcare.schedule_stopped", "Reason", sc.PostError)
	case sc.Status == data.SelfCarePaused:
		line += " · " + req.T("selfcare.schedule_paused")
	case err == nil:
		if next, ok := sched.Next(req.Now, req.Settings.Location()); ok {
			line += " · " + req.T("selfcare.schedule_next", "Next", fmt.Sprintf("<t:%d:R>", next.Unix()))
		} else {
			line += " · " + req.T("selfcare.schedule_no_dates")
		}
	}
	return line
}

func (s *selfCare) schedule(ctx context.Context, req *Request) (*Response, error) {
	sched, err := scheduler.Parse(req.String("when"))
	if err != nil {
		return selfCareProblem(req, scheduler.ProblemIn(err, req.P())), nil
	}
	loc := req.Settings.Location()
	sched = sched.Anchored(req.Now, loc)
	next := sched.NextN(req.Now, loc, 4)
	if len(next) == 0 {
		return selfCareProblem(req, req.T("selfcare.no_dates_left")), nil
	}
	for i := 1; i < len(next); i++ {
		if next[i].Sub(next[i-1]) < selfCareMinGap {
			return selfCareProblem(req, req.T("selfcare.too_often")), nil
		}
	}
	channelID := req.ID("channel")
	if channelID == "" {
		channelID = req.Settings.Get(data.SettingPromptsChannel)
	}
	if channelID == "" {
		return selfCareProblem(req, req.T("selfcare.which_channel")), nil
	}
	problem, _, err := channelProblemIn(req.P(), s.discord, req.GuildID, channelID, data.SettingPromptsChannel)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return selfCareProblem(req, problem), nil
	}
	sc, err := s.store.CreateSelfCareSchedule(ctx, data.SelfCareSchedule{
		GuildID: req.GuildID, Schedule: sched.String(), ChannelID: channelID, CreatedBy: req.User.ID,
	})
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	return req.PrivateT("selfcare.schedule_done", "Channel", "<#"+sc.ChannelID+">", "When", sched.DescribeIn(req.P()), "Zone", loc.String(),
		"First", fmt.Sprintf("<t:%d:F>", next[0].Unix()), "Button", req.Public().T("selfcare.did_this")), nil
}

func (s *selfCare) list(ctx context.Context, req *Request) (*Response, error) {
	scs, err := s.store.SelfCareSchedules(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	prompts, err := s.store.SelfCarePrompts(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if len(scs) == 0 {
		b.WriteString(req.T("selfcare.list_none") + "\n")
	}
	for i, sc := range scs {
		fmt.Fprintf(&b, "%d. %s\n", i+1, scheduleLine(req, sc))
	}
	shipped, own, off := 0, 0, 0
	for _, p := range prompts {
		switch {
		case !p.Enabled:
			off++
		case p.Shipped:
			shipped++
		default:
			own++
		}
	}
	p := req.P()
	counts := []any{"Total", p.Number(shipped + own), "Shipped", p.Number(shipped), "Own", p.Number(own), "Off", p.Number(off)}
	if off > 0 {
		b.WriteString("\n" + req.T("selfcare.list_rotation_disabled", counts...))
	} else {
		b.WriteString("\n" + req.T("selfcare.list_rotation", counts[:6]...))
	}
	b.WriteString(" " + req.T("selfcare.list_how"))
	e := &discordgo.MessageEmbed{Title: req.T("selfcare.title"), Description: clipRunes(b.String(), 4096), Color: selfCareColor,
		Footer: &discordgo.MessageEmbedFooter{Text: req.T("selfcare.list_footer", "Zone", req.Settings.Location().String())}}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}, nil
}

func (s *selfCare) pause(ctx context.Context, req *Request) (*Response, error) {
	id, ok := scheduleID(req)
	if !ok {
		return req.PrivateT("selfcare.pick_schedule"), nil
	}
	sc, err := s.store.PauseSelfCareSchedule(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("selfcare.paused", "Channel", "<#"+sc.ChannelID+">"), nil
}

func (s *selfCare) resume(ctx context.Context, req *Request) (*Response, error) {
	id, ok := scheduleID(req)
	if !ok {
		return req.PrivateT("selfcare.pick_schedule"), nil
	}
	sc, err := s.store.SelfCareSchedule(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	problem, _, err := channelProblemIn(req.P(), s.discord, req.GuildID, sc.ChannelID, data.SettingPromptsChannel)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return req.PrivateT("selfcare.resume_problem", "Problem", problem), nil
	}
	sc, err = s.store.ResumeSelfCareSchedule(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("selfcare.resumed", "Schedule", scheduleLine(req, sc)), nil
}

func (s *selfCare) deleteSchedule(ctx context.Context, req *Request) (*Response, error) {
	id, ok := scheduleID(req)
	if !ok {
		return req.PrivateT("selfcare.pick_schedule"), nil
	}
	sc, err := s.store.DeleteSelfCareSchedule(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	return req.PrivateT("selfcare.deleted", "Channel", "<#"+sc.ChannelID+">"), nil
}

func (s *selfCare) workshop(ctx context.Context, req *Request) (*Response, error) {
	if !req.Settings.Enabled(data.FeatureMeetings) {
		return selfCareProblem(req, req.T("selfcare.workshop_meetings_off")), nil
	}
	clock, err := ParseClock(req.String("time"))
	if err != nil {
		return clockProblem(req, err), nil
	}
	sched, err := scheduler.Parse(fmt.Sprintf("once on %s at %s", strings.TrimSpace(req.String("date")), clock))
	if err != nil {
		return selfCareProblem(req, req.T("selfcare.workshop_bad_date", "Date", req.String("date"))), nil
	}
	loc := req.Settings.Location()
	start, ok := sched.Next(req.Now, loc)
	if !ok {
		return selfCareProblem(req, req.T("selfcare.workshop_past")), nil
	}
	channelID := req.ID("channel")
	for _, key := range []string{data.SettingMeetingsChannel, data.SettingPromptsChannel} {
		if channelID == "" {
			channelID = req.Settings.Get(key)
		}
	}
	if channelID == "" {
		return selfCareProblem(req, req.T("selfcare.workshop_which_channel")), nil
	}
	problem, _, err := channelProblemIn(req.P(), s.discord, req.GuildID, channelID, data.SettingMeetingsChannel)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return selfCareProblem(req, problem), nil
	}
	minutes, ok := req.Int("duration")
	if !ok {
		minutes = 60
	}
	location := req.ID("voice_channel")
	if link := strings.TrimSpace(req.String("link")); link != "" {
		if location != "" {
			return selfCareProblem(req, req.T("selfcare.workshop_voice_or_link")), nil
		}
		location = link
	}
	reminders, err := data.ParseReminders(data.DefaultReminders)
	if err != nil {
		return nil, err
	}
	draft, err := s.store.CreateMeetingDraft(ctx, data.Meeting{
		GuildID: req.GuildID, Title: req.String("title"), Schedule: sched.String(), Duration: time.Duration(minutes) * time.Minute,
		Location: location, ChannelID: channelID, Description: req.String("description"), Reminders: reminders, CreatedBy: req.User.ID,
	})
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	m, err := s.store.ConfirmMeetingDraft(ctx, req.GuildID, draft.ID)
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	resp := req.PrivateT("selfcare.workshop_done", "Title", m.Title, "Start", fmt.Sprintf("<t:%d:F>", start.Unix()),
		"Channel", "<#"+m.ChannelID+">", "Reminders", describeReminders(req.P(), m.Reminders))
	resp.Components = []discordgo.MessageComponent{describeButton(req.P(), m.ID)}
	return resp, nil
}

func (s *selfCare) autocomplete(ctx context.Context, req *Request) (*Response, error) {
	name, typed := req.Focused()
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	add := func(label, value string) bool {
		if len(choices) == 25 {
			return false
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(label, 100), Value: value})
		return true
	}
	// Schedules and prompts are moderators' data. The router gates their
	// subcommands, but a crafted payload can focus these options under
	// another subcommand, so the role is checked here too.
	if (name == "schedule" || name == "prompt") && !req.IsModerator {
		return &Response{Choices: choices}, nil
	}
	switch name {
	case "schedule":
		scs, err := s.store.SelfCareSchedules(ctx, req.GuildID)
		if err != nil {
			return nil, err
		}
		for _, sc := range scs {
			label := sc.Schedule
			if sched, err := scheduler.Parse(sc.Schedule); err == nil {
				label = sched.DescribeIn(req.P())
			}
			if ch, err := s.discord.Channel(req.GuildID, sc.ChannelID); err == nil && ch != nil {
				label = req.T("selfcare.schedule_in", "Schedule", label, "Channel", ch.Name)
			}
			if sc.Status == data.SelfCarePaused {
				label = req.T("selfcare.schedule_paused_label", "Schedule", label)
			}
			if typed != "" && !strings.Contains(strings.ToLower(label), typed) {
				continue
			}
			if !add(label, strconv.FormatInt(sc.ID, 10)) {
				break
			}
		}
	case "prompt":
		prompts, err := s.store.SelfCarePrompts(ctx, req.GuildID)
		if err != nil {
			return nil, err
		}
		sub := req.Subcommand()
		for _, p := range prompts {
			switch {
			case sub == "prompts edit" && p.Shipped,
				sub == "prompts enable" && p.Enabled,
				sub == "prompts disable" && !p.Enabled:
				continue
			}
			text := promptText(req.P(), p.Ref, p.Text)
			if typed != "" && !strings.Contains(strings.ToLower(text), typed) && !strings.Contains(strings.ToLower(p.Text), typed) && !strings.Contains(p.Category, typed) {
				continue
			}
			if !add("["+categoryName(req.P(), p.Category)+"] "+text, p.Ref) {

				break
			}
		}
	case "timezone":
		zones := matchZones(typed, 25)
		if typed == "" {
			current := req.Settings.Get(data.SettingTimeZone)
			if n, err := s.store.SelfCareNudgeSettings(ctx, req.GuildID, req.User.ID); err == nil && len(n.Times) > 0 {
				current = n.Zone
			}
			zones = suggestedZones(current)
		}
		for _, z := range zones {
			add(zoneLabel(z, req.Now), z)
		}
	}
	return &Response{Choices: choices}, nil
}
