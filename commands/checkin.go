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
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// checkinStore is what /checkin needs of the store.
type checkinStore interface {
	profileReader
	guildNamer
	MemberGuilds(ctx context.Context, userID string) ([]data.GuildRef, error)
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	AddCheckin(ctx context.Context, c data.Checkin, loc *time.Location) (data.Checkin, error)
	// RecordCheckin is AddCheckin that also returns what the milestone
	// check and the reply's streak need, read in its transaction.
	RecordCheckin(ctx context.Context, c data.Checkin, loc *time.Location, milestones bool) (data.CheckinAdded, error)
	Checkin(ctx context.Context, guildID, userID string, id int64) (data.Checkin, error)
	SetCheckinFeelings(ctx context.Context, guildID, userID string, id int64, feelings []string) error
	SetCheckinNote(ctx context.Context, guildID, userID string, id int64, note string) error
	MarkCheckinShared(ctx context.Context, guildID, userID string, id int64, channelID, messageID string, withNote bool) error
	RecentCheckins(ctx context.Context, guildID, userID string, since time.Time) ([]data.Checkin, error)
	CheckinDays(ctx context.Context, guildID, userID string) ([]string, error)
	DeleteCheckin(ctx context.Context, guildID, userID string, id int64) (data.Checkin, error)
	HoldCelebrations(ctx context.Context, guildID, userID string, since time.Time) (int, error)
	DeleteMemberCheckins(ctx context.Context, guildID, userID string) (int, []data.Checkin, error)

	CheckinFollowupFor(ctx context.Context, guildID, userID string, checkinID int64) (data.CheckinFollowup, error)
	AddCheckinFollowup(ctx context.Context, guildID, userID string, checkinID int64, alertChannelID, alertMessageID string) (data.CheckinFollowup, error)
	MarkFollowupNoteShared(ctx context.Context, guildID, userID string, followupID int64) error
	CheckinFollowups(ctx context.Context, guildID string, since time.Time) ([]data.CheckinFollowup, error)

	SetCheckinReminder(ctx context.Context, guildID, userID, hhmm, zone string) (data.CheckinReminder, error)
	CheckinReminderFor(ctx context.Context, guildID, userID string) (data.CheckinReminder, error)
	DeleteCheckinReminder(ctx context.Context, guildID, userID string) error

	MemberCountry(ctx context.Context, guildID, userID string) (string, error)
	SetMemberCountry(ctx context.Context, guildID, userID, country string) error
}

// mood is how one of the five moods looks.
type mood struct{ emoji, word string }

// moods are the five-point scale, indexed 1 (struggling) to 5 (great).
var moods = [6]mood{{}, {"😞", "struggling"}, {"😕", "low"}, {"😐", "okay"}, {"🙂", "good"}, {"😄", "great"}}

func moodText(m int) string {
	if m < 1 || m > 5 {
		return "?"
	}
	return moods[m].emoji + " " + moods[m].word
}

// feelingWords are the words a member can add to a check-in, at most 25 (one
// select menu).
var feelingWords = []string{
	"angry", "anxious", "ashamed", "calm", "content", "excited", "frustrated", "grateful", "hopeful", "lonely",
	"loved", "numb", "overwhelmed", "proud", "relieved", "restless", "sad", "scared", "stressed", "tired",
}

// checkinColor is the colour of check-in embeds.
const checkinColor = 0x4A90D9

type checkins struct {
	store   checkinStore
	discord Discord
	log     *slog.Logger
	// members, when set, confirms a member is still in a server before
	// a check-in from a DM is filed there.
	members MemberChecker
}

// Checkin is /checkin: a member says how they are (privately, unless they
// share it), sees their history, streak and mood chart, sets a daily
// reminder and their country for crisis lines. A hard check-in brings the
// safety net: crisis lines at once, and a moderator only if they ask.
func Checkin(store checkinStore, discord Discord, log *slog.Logger) *Command {
	return CheckinWith(store, discord, nil, log)
}

// CheckinWith is Checkin that asks members whether a member is still in
// a server before filing a check-in made in a DM there.
func CheckinWith(store checkinStore, discord Discord, members MemberChecker, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &checkins{store: store, discord: discord, log: log, members: members}
	var moodChoices []*discordgo.ApplicationCommandOptionChoice
	for m := 1; m <= 5; m++ {
		moodChoices = append(moodChoices, &discordgo.ApplicationCommandOptionChoice{Name: moodText(m), Value: m})
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "checkin",
			Description: "Check in: how you are today, your history and streak",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "now",
					Description: "Say how you are today (private unless you choose to share it)",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "mood", Description: "How are you today?", Required: true, Choices: moodChoices},
						{Type: discordgo.ApplicationCommandOptionString, Name: "feelings", Description: "Words for how you feel, such as: anxious, hopeful", Autocomplete: true, MaxLength: 200},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "note", Description: "Add a private note (opens a form)"},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "history",
					Description: "Your recent check-ins, streak and mood chart (only you see them)",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "How far back (30 days unless you choose)",
						Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "30 days", Value: 30}, {Name: "90 days", Value: 90}},
					}},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "remind",
					Description: "A daily nudge by DM to check in",
					Options: []*discordgo.ApplicationCommandOption{
						{
							Type: discordgo.ApplicationCommandOptionSubCommand, Name: "on",
							Description: "Get a daily DM nudge at a time you choose, on days you haven't checked in",
							Options: []*discordgo.ApplicationCommandOption{
								{Type: discordgo.ApplicationCommandOptionString, Name: "time", Description: "When, in your time zone, such as 20:30 or 8:30pm", Required: true, MaxLength: 10},
								{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "Your time zone, such as Europe/London (the server's unless you choose)", Autocomplete: true, MaxLength: 64},
							},
						},
						{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "off", Description: "Stop the daily nudge"},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "country",
					Description: "Your country, so Kindred shows you the right crisis lines",
					Options: []*discordgo.ApplicationCommandOption{{
						Type: discordgo.ApplicationCommandOptionString, Name: "country", Description: "A country name or code, such as GB or Germany, or none to forget it",
						Required: true, Autocomplete: true, MaxLength: 60,
					}},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "followups",
					Description: "Members who asked a moderator to reach out (moderators)",
				},
			},
		},
		Feature:              data.FeatureCheckins,
		Anywhere:             true,
		ModeratorSubcommands: []string{"followups"},
		Components: map[string]Component{
			"ci-feel":         {Handle: inServer(h.feelings)},
			"ci-note":         {Handle: inServer(h.noteForm)},
			"ci-notesave":     {Handle: inServer(h.noteSave)},
			"ci-share":        {Handle: inServer(h.sharePreview)},
			"ci-sharego":      {Handle: inServer(h.gentleShare(h.share))},
			"ci-back":         {Handle: inServer(h.back)},
			"ci-del":          {Handle: inServer(h.deleteConfirm)},
			"ci-delpick":      {Handle: inServer(h.deletePicked)},
			"ci-delgo":        {Handle: inServer(h.delete)},
			"ci-delall":       {Handle: inServer(h.deleteAllConfirm)},
			"ci-delallgo":     {Handle: inServer(h.deleteAll)},
			"ci-keep":         {Handle: inServer(h.keep)},
			"ci-open":         {Handle: inServer(h.open)},
			"ci-mood":         {Handle: inServer(h.moodPicked)},
			"ci-dmood":        {Handle: h.dmMoodPicked},
			keyCheckinWhere:   {Handle: h.whereChosen},
			keyCheckinDMReach: {Handle: h.dmReach},
			keyCheckinReach:   {Handle: inServer(h.gentlePing(h.reachOut))},
			"ci-reachnote":    {Handle: inServer(h.shareNoteWithModerators)},
			"ci-myzone":       {Handle: inServer(h.myZoneForm)},
			"ci-myzoneform":   {Handle: inServer(h.myZoneSaved)},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.User == nil {
			return req.PrivateT("checkin.server_only"), nil
		}
		if req.GuildID == "" {
			return h.outside(ctx, req)
		}
		switch req.Subcommand() {
		case "now":
			return h.now(ctx, req)
		case "history":
			return h.history(ctx, req)
		case "remind on":
			return h.remindOn(ctx, req)
		case "remind off":
			return h.remindOff(ctx, req)
		case "country":
			return h.country(ctx, req)
		case "followups":
			return h.followups(ctx, req)
		}
		return req.PrivateT("checkin.unknown_part"), nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		name, typed := req.Focused()
		switch name {
		case "feelings":
			return &Response{Choices: feelingChoicesIn(req.P(), typed)}, nil
		case "timezone":
			zones := matchZones(typed, 25)
			if strings.TrimSpace(typed) == "" {
				zones = suggestedZones(req.Settings.Get(data.SettingTimeZone))
			}
			choices := []*discordgo.ApplicationCommandOptionChoice{}
			for _, z := range zones {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: zoneLabel(z, req.Now), Value: z})
			}
			return &Response{Choices: choices}, nil
		case "country":
			return &Response{Choices: countryChoicesIn(req.P(), typed, req.Settings.Get(data.SettingCountry))}, nil
		}
		return &Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
	}
	return c
}

// inServer refuses a button or form outside a server (in a DM): every
// check-in belongs to one server.
func inServer(h Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" || req.User == nil {
			return req.PrivateT("checkin.server_only"), nil
		}
		return h(ctx, req)
	}
}

// CheckinPrompt is the daily "how is everyone today?" post: one tap on a
// mood checks a member in privately. p is the server's language.
func CheckinPrompt(p *i18n.Printer) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content:         p.T("checkin.prompt"),
		Components:      moodButtons(p),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	}
}

func moodButtons(p *i18n.Printer) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	for m := 1; m <= 5; m++ {
		row = append(row, discordgo.Button{
			Label: moodWord(p, m), Emoji: &discordgo.ComponentEmoji{Name: moods[m].emoji},
			Style: discordgo.SecondaryButton, CustomID: CustomID("ci-mood", strconv.Itoa(m)),
		})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// checkinToday is the server's date now.
func checkinToday(req *Request) string {
	return req.Now.In(req.Settings.Location()).Format(time.DateOnly)
}

// checkinArg reads the check-in ID a component carries.
func checkinArg(req *Request) (int64, bool) {
	if len(req.Args) == 0 {
		return 0, false
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	return id, err == nil && id > 0
}

// loadCheckin loads the member's check-in a component refers to; a nil
// check-in comes with the reply to give instead.
func (h *checkins) loadCheckin(ctx context.Context, req *Request) (*data.Checkin, *Response, error) {
	id, ok := checkinArg(req)
	if !ok {
		return nil, req.PrivateT("checkin.stale"), nil
	}
	c, err := h.store.Checkin(ctx, req.GuildID, req.User.ID, id)
	if errors.Is(err, data.ErrNotYours) {
		return nil, req.PrivateT("checkin.not_yours"), nil
	}
	if errors.Is(err, data.ErrNotFound) {
		return nil, req.PrivateT("checkin.gone"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &c, nil, nil
}

// parseFeelings splits what a member typed into feelings Kindred offers
// and words it doesn't know.
func parseFeelings(typed string) (known, unknown []string) {
	words := strings.FieldsFunc(strings.ToLower(typed), func(r rune) bool { return !unicode.IsLetter(r) })
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		if isFeeling(w) {
			known = append(known, w)
		} else {
			unknown = append(unknown, w)
		}
	}
	return known, unknown
}

func isFeeling(w string) bool {
	for _, f := range feelingWords {
		if f == w {
			return true
		}
	}
	return false
}

func unknownFeelingsNotice(p *i18n.Printer, unknown []string) string {
	if len(unknown) == 0 {
		return ""
	}
	var quoted []string
	for _, u := range unknown {
		quoted = append(quoted, "“"+clipRunes(u, 30)+"”")
	}
	return p.T("checkin.feelings_unknown", "Words", p.List(quoted))
}

// now is /checkin now: record at once, then offer feelings, a note and
// sharing on the reply; or open the note form straight away if asked.
func (h *checkins) now(ctx context.Context, req *Request) (*Response, error) {
	m, _ := req.Int("mood")
	known, unknown := parseFeelingsIn(req.P(), req.String("feelings"))
	wantNote, _ := req.Bool("note")
	return h.record(ctx, req, int(m), known, unknownFeelingsNotice(req.P(), unknown), wantNote)
}

// record saves a check-in of mood with the known feelings in req's server
// and answers with it, opening the note form first when wantNote.
func (h *checkins) record(ctx context.Context, req *Request, mood int, known []string, notice string, wantNote bool) (*Response, error) {
	added, err := h.store.RecordCheckin(ctx, data.Checkin{GuildID: req.GuildID, UserID: req.User.ID, Mood: mood, Feelings: known}, req.Settings.Location(), milestonesOn(req))
	if err != nil {
		return req.Problem(err)
	}
	c := added.Checkin
	if wantNote {
		if !needsSafetyNet(c, string(req.Interaction.Locale)) {
			// Milestones wait for the note: if it turns out to be a hard
			// one, nothing may have been celebrated in the meantime.
			return &Response{Modal: noteModal(req.P(), c)}, nil
		}
		// The safety net comes first; the note can follow from its button.
		notice = strings.TrimSpace(notice + " " + req.T("checkin.note_after_safety"))
	}
	days := h.celebrateCheckin(ctx, req, added, checkinEvent(c, string(req.Interaction.Locale)))
	return h.viewDays(ctx, req, c, notice, false, days)
}

// celebrateCheckin notices the milestones of a check-in just recorded,
// from what was read with it, and returns the member's check-in days with
// its day.
func (h *checkins) celebrateCheckin(ctx context.Context, req *Request, added data.CheckinAdded, ev milestoneEvent) []string {
	celebrateCheckin(ctx, h.store, h.log, req, ev, added)
	before, today := added.DaysBefore, added.Checkin.LocalDate
	if slices.Contains(before, today) {
		return before
	}
	return append([]string{today}, before...)
}

// milestonesOn reports whether the server of req has milestones on: then
// RecordCheckin reads what the milestone check needs.
func milestonesOn(req *Request) bool {
	return req.Settings.GuildID == req.GuildID && req.Settings.Enabled(data.FeatureMilestones)
}

// checkinEvent is the milestone event a check-in reports: a hard one
// (the safety net's) never brings a public celebration.
func checkinEvent(c data.Checkin, locale string) milestoneEvent {
	if needsSafetyNet(c, locale) {
		return milestoneCheckedInHard
	}
	return milestoneCheckedIn
}

// open answers a "check in" button on a post: the mood buttons, privately.
func (h *checkins) open(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Content: req.T("checkin.open"), Components: moodButtons(req.P()), Ephemeral: true}, nil
}

// moodPicked checks a member in from a mood button.
func (h *checkins) moodPicked(ctx context.Context, req *Request) (*Response, error) {
	m, err := strconv.Atoi(strings.Join(req.Args, ""))
	if err != nil || m < 1 || m > 5 {
		return req.PrivateT("checkin.stale"), nil
	}
	added, err := h.store.RecordCheckin(ctx, data.Checkin{GuildID: req.GuildID, UserID: req.User.ID, Mood: m}, req.Settings.Location(), milestonesOn(req))
	if err != nil {
		return req.Problem(err)
	}
	c := added.Checkin
	days := h.celebrateCheckin(ctx, req, added, checkinEvent(c, string(req.Interaction.Locale)))
	// Only a private message may be replaced; a post everyone sees stays.
	msg := req.Interaction.Message
	return h.viewDays(ctx, req, c, "", msg != nil && msg.Flags&discordgo.MessageFlagsEphemeral != 0, days)
}

// view is the private reply about one check-in: what was saved, the
// safety net when it is needed, and what the member can do next.
func (h *checkins) view(ctx context.Context, req *Request, c data.Checkin, notice string, update bool) (*Response, error) {
	return h.viewDays(ctx, req, c, notice, update, nil)
}

// viewDays is view with the member's check-in days when the caller has
// them (nil: loaded here).
func (h *checkins) viewDays(ctx context.Context, req *Request, c data.Checkin, notice string, update bool, days []string) (*Response, error) {
	resp := &Response{Ephemeral: true, Update: update, Embeds: []*discordgo.MessageEmbed{}}
	var b strings.Builder
	var rows []discordgo.MessageComponent
	if needsSafetyNet(c, string(req.Interaction.Locale)) {
		text, embeds, row, err := h.safetyNet(ctx, req, c)
		if err != nil {
			return nil, err
		}
		b.WriteString(text)
		resp.Embeds = embeds
		if row != nil {
			rows = append(rows, row)
		}
		b.WriteString("\n\n" + checkinSummary(req.P(), c))
	} else {
		b.WriteString(req.T("checkin.thanks", "Summary", checkinSummary(req.P(), c)))
		if days == nil {
			var err error
			if days, err = h.store.CheckinDays(ctx, req.GuildID, req.User.ID); err != nil {
				return nil, err
			}
		}
		if n := data.CheckinStreak(days, checkinToday(req)); n > 1 {
			b.WriteString("\n" + req.N("checkin.streak_line", n))
		}
		b.WriteString("\n" + req.T("checkin.only_you"))
	}
	if notice != "" {
		b.WriteString("\n\n" + notice)
	}
	resp.Content = b.String()
	resp.Components = append(rows, feelingsRow(req.P(), c), actionsRow(req, c))
	return resp, nil
}

// checkinSummary is one line: the mood, feelings and whether there's a note.
func checkinSummary(p *i18n.Printer, c data.Checkin) string {
	s := p.T("checkin.summary_saved", "Mood", moodTextIn(p, c.Mood))
	if len(c.Feelings) > 0 {
		s += " · " + p.T("checkin.summary_feeling", "Feelings", p.List(feelingLabels(p, c.Feelings)))
	}
	if c.Note != "" {
		s += " · " + p.T("checkin.summary_note")
	}
	if c.Shared() {
		s += " · " + p.T("checkin.summary_shared")
	}
	return s + "."
}

func feelingsRow(p *i18n.Printer, c data.Checkin) discordgo.MessageComponent {
	opts := make([]discordgo.SelectMenuOption, len(feelingWords))
	for i, f := range feelingWords {
		opts[i] = discordgo.SelectMenuOption{Label: feelingLabel(p, f), Value: f, Default: slices.Contains(c.Feelings, f)}
	}
	zero := 0
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: CustomID("ci-feel", strconv.FormatInt(c.ID, 10)),
		Placeholder: p.T("checkin.feelings_placeholder"), MinValues: &zero, MaxValues: len(opts), Options: opts,
	}}}
}

func actionsRow(req *Request, c data.Checkin) discordgo.MessageComponent {
	id := strconv.FormatInt(c.ID, 10)
	noteLabel := req.T("checkin.add_note")
	if c.Note != "" {
		noteLabel = req.T("checkin.edit_note")
	}
	row := []discordgo.MessageComponent{
		discordgo.Button{Label: noteLabel, Emoji: &discordgo.ComponentEmoji{Name: "📝"}, Style: discordgo.SecondaryButton, CustomID: CustomID("ci-note", id)},
	}
	if c.Shared() {
		row = append(row, discordgo.Button{Label: req.T("checkin.see_shared"), Style: discordgo.LinkButton, URL: jumpLink(req.GuildID, c.SharedChannelID, c.SharedMessageID)})
	} else {
		row = append(row, discordgo.Button{Label: req.T("checkin.share_button"), Emoji: &discordgo.ComponentEmoji{Name: "💬"}, Style: discordgo.SecondaryButton, CustomID: CustomID("ci-share", id)})
	}
	row = append(row, discordgo.Button{Label: req.T("checkin.delete_button"), Emoji: &discordgo.ComponentEmoji{Name: "🗑️"}, Style: discordgo.SecondaryButton, CustomID: CustomID("ci-del", id)})
	return discordgo.ActionsRow{Components: row}
}

// jumpLink is a link to a message in a server.
func jumpLink(guildID, channelID, messageID string) string {
	return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", guildID, channelID, messageID)
}

// feelings saves the feelings chosen in the menu.
func (h *checkins) feelings(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	picked := map[string]bool{}
	for _, v := range req.Values() {
		picked[v] = true
	}
	var chosen []string // in the menu's order, whatever order Discord sends
	for _, f := range feelingWords {
		if picked[f] {
			chosen = append(chosen, f)
		}
	}
	if err := h.store.SetCheckinFeelings(ctx, req.GuildID, req.User.ID, c.ID, chosen); err != nil {
		return req.Problem(err)
	}
	c.Feelings = chosen
	return h.view(ctx, req, *c, "", true)
}

func noteModal(p *i18n.Printer, c data.Checkin) *Modal {
	return &Modal{
		CustomID: CustomID("ci-notesave", strconv.FormatInt(c.ID, 10)),
		Title:    p.T("checkin.note_title"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID:    "note",
				Label:       p.T("checkin.note_label"),
				Style:       discordgo.TextInputParagraph,
				Value:       c.Note,
				Placeholder: p.T("checkin.note_placeholder"),
				Required:    false,
				MaxLength:   data.MaxCheckinNoteLength,
			},
		}}},
	}
}

// noteForm opens the note form for a check-in.
func (h *checkins) noteForm(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	return &Response{Modal: noteModal(req.P(), *c)}, nil
}

// noteSave saves the note typed into the form. Crisis language in it
// brings the safety net. A refusal carries the note back as a file, so
// nothing typed is lost.
func (h *checkins) noteSave(ctx context.Context, req *Request) (*Response, error) {
	note := req.ModalValue("note")
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		if reply != nil && note != "" {
			reply.Content += " " + req.T("checkin.note_kept")
			reply.Files = []*discordgo.File{noteFile(note)}
		}
		return reply, err
	}
	if err := h.store.SetCheckinNote(ctx, req.GuildID, req.User.ID, c.ID, note); err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			resp.Content += " " + req.T("checkin.note_kept")
			resp.Files = []*discordgo.File{noteFile(note)}
		}
		return resp, err
	}
	c.Note = strings.TrimSpace(note)
	if needsSafetyNet(*c, string(req.Interaction.Locale)) {
		// The check-in turned out to be a hard one: a celebration it
		// reached and that is still waiting is held back, kept privately.
		if _, err := h.store.HoldCelebrations(ctx, req.GuildID, req.User.ID, c.CreatedAt); err != nil {
			h.log.Error("hold back celebrations after a hard check-in", "guild", req.GuildID, "err", err)
		}
	}
	// Recorded once: a check-in from `/checkin now note:true` reports
	// its milestones here, with the note known.
	celebrate(ctx, h.store, h.log, req, req.GuildID, req.User.ID, checkinEvent(*c, string(req.Interaction.Locale)))
	notice := req.T("checkin.note_saved")
	if c.Note == "" {
		notice = req.T("checkin.note_none")
	}
	return h.view(ctx, req, *c, notice, false)
}

func noteFile(note string) *discordgo.File {
	return &discordgo.File{Name: "my-note.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(note)}
}

// back returns from a question (share? delete?) to the check-in.
func (h *checkins) back(ctx context.Context, req *Request) (*Response, error) {
	c, reply, err := h.loadCheckin(ctx, req)
	if c == nil {
		return reply, err
	}
	return h.view(ctx, req, *c, "", true)
}

// parseClock reads a time of day as members type it ("20:30", "8:30pm",
// "8 pm", "0830", "20h30") with the schedule language's one time parser,
// and returns it as HH:MM. What it can't read is a problem, with the
// parser's hint written in p's language.
func parseClock(p *i18n.Printer, s string) (string, error) {
	hhmm, err := ParseClock(s)
	if err != nil {
		detail := scheduler.ProblemIn(err, p)
		if errors.Is(err, errNoTime) {
			detail = p.T("selfcare.need_time")
		}
		return "", &data.Problem{Kind: data.ErrInvalid, ID: "checkin_time_unclear", Args: []any{"Time", clipRunes(strings.TrimSpace(s), 20), "Detail", detail}}
	}
	return hhmm, nil
}

// remindOn is /checkin remind on.
func (h *checkins) remindOn(ctx context.Context, req *Request) (*Response, error) {
	hhmm, err := parseClock(req.P(), req.String("time"))
	if err != nil {
		return req.Problem(err)
	}
	zone := memberZone(ctx, h.store, h.log, req.User.ID, req.Settings.Get(data.SettingTimeZone))
	if old, err := h.store.CheckinReminderFor(ctx, req.GuildID, req.User.ID); err == nil {
		zone = old.Zone
	} else if !errors.Is(err, data.ErrNotFound) {
		return nil, err
	}
	if typed := strings.TrimSpace(req.String("timezone")); typed != "" {
		if zone, err = resolveZone(typed); err != nil {
			return req.Problem(err)
		}
	}
	r, err := h.store.SetCheckinReminder(ctx, req.GuildID, req.User.ID, hhmm, zone)
	if err != nil {
		return req.Problem(err)
	}
	h.noteLanguage(ctx, req)
	first := "checkin.remind_on_today"
	if r.LastSentDate != "" {
		first = "checkin.remind_on_tomorrow"
	}
	resp := req.PrivateT(first, "Time", r.Time, "Zone", zoneLabel(r.Zone, req.Now))
	if offerMyZone(ctx, h.store, req) {
		resp.Content += "\n" + req.T("checkin.remind_zone_offer")
		resp.Components = myZoneOffer(req.P())
	}
	return resp, nil
}

// remindOff is /checkin remind off.
func (h *checkins) remindOff(ctx context.Context, req *Request) (*Response, error) {
	if err := h.store.DeleteCheckinReminder(ctx, req.GuildID, req.User.ID); err != nil {
		if errors.Is(err, data.ErrNotFound) {
			return req.PrivateT("checkin.remind_none"), nil
		}
		return nil, err
	}
	return req.PrivateT("checkin.remind_off"), nil
}

// country is /checkin country: the member's country for crisis lines.
func (h *checkins) country(ctx context.Context, req *Request) (*Response, error) {
	typed := strings.TrimSpace(req.String("country"))
	switch strings.ToLower(typed) {
	case "none", "clear", "forget", "reset", "-":
		typed = ""
	}
	if err := h.store.SetMemberCountry(ctx, req.GuildID, req.User.ID, typed); err != nil {
		return req.Problem(err)
	}
	if typed == "" {
		return req.PrivateT("checkin.country_forgotten"), nil
	}
	code, err := h.store.MemberCountry(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	name := code
	if c, ok := data.LookupCountry(code); ok {
		name = c.Name
	}
	return req.PrivateT("checkin.country_saved", "Country", name), nil
}
