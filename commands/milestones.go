package commands

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// milestoneStore is what milestones need of the store: their own records,
// and the counts that other features keep.
type milestoneStore interface {
	milestoneRenderStore
	encourageStore
	RecordMilestones(ctx context.Context, guildID, userID string, reached []data.ReachedMilestone, channelID string) ([]data.Milestone, error)
	RecordMilestonesKnown(ctx context.Context, guildID, userID string, reached []data.ReachedMilestone, channelID string, recorded data.RecordedMilestones) ([]data.Milestone, error)
	NoteMemberJoined(ctx context.Context, guildID, userID string, joinedAt time.Time) error
	SetMilestonesPrivate(ctx context.Context, guildID, userID string, private bool) (bool, error)
	MemberMilestones(ctx context.Context, guildID, userID string, publicOnly bool) ([]data.Milestone, error)
	MarkMilestonesSeen(ctx context.Context, guildID, userID string) (int, error)
	CelebrateLater(ctx context.Context, guildID, userID string, id int64, channelID string) (data.Milestone, error)
	ShareMilestone(ctx context.Context, guildID, userID, title, note string, public bool, channelID string) (data.Milestone, error)
	GiveKudos(ctx context.Context, k data.Kudos, loc *time.Location, channelID string) (data.Milestone, error)
	KudosGivenToday(ctx context.Context, guildID, from string, loc *time.Location) (int, error)
	AwardMilestone(ctx context.Context, guildID, moderatorID, userID, title, channelID string) (data.Milestone, error)
	Auditor // awards go to /audit

	CheckinDays(ctx context.Context, guildID, userID string) ([]string, error)
	RecentCheckins(ctx context.Context, guildID, userID string, since time.Time) ([]data.Checkin, error)
	MemberAttendance(ctx context.Context, guildID, userID string) (int, error)
	SelfCareDoneCount(ctx context.Context, guildID, userID string) (int, error)
}

// milestoneEvent is something a member did that may reach a milestone.
type milestoneEvent string

// The events features report.
const (
	// milestoneVisit: the member used a milestones command. Only their
	// time in the community is looked at.
	milestoneVisit milestoneEvent = "visit"
	// milestoneCheckedIn: a check-in was just recorded.
	milestoneCheckedIn milestoneEvent = "checkin"
	// milestoneCheckedInHard: a check-in at the lowest mood or with
	// crisis language was just recorded. What it reaches is kept for the
	// member, privately: a public celebration then would be out of place.
	milestoneCheckedInHard milestoneEvent = "checkin-hard"
	// milestoneAttended: the member's attendance at a meeting was just
	// recorded (by them or a moderator).
	milestoneAttended milestoneEvent = "attendance"
	// milestoneSelfCareDone: the member just marked a self-care prompt done.
	milestoneSelfCareDone milestoneEvent = "selfcare"
	// milestoneStoryShared: the member just shared a milestone of their
	// own with the community. Its post is the celebration, so the first
	// story is recorded without a second post.
	milestoneStoryShared milestoneEvent = "story"
)

// anniversaryWindow is how long after the date a membership anniversary is
// still announced; later, it is recorded quietly.
const anniversaryWindow = 24 * time.Hour

// celebrate notices the milestones a member reached with what they just
// did, in guildID (which a DM button names), and records each once. A
// milestone the event itself just reached (the streak after this check-in
// is exactly 7, the attendance count after this meeting is exactly 5) gets
// a celebration post, sent by the scheduler, unless the member keeps
// celebrations private; any other reached but unrecorded (the feature was
// off, the count jumped) is back-filled quietly. Their time in the
// community is looked at whenever they do something: an anniversary is
// announced within a day of its date, and back-filled after.
//
// Features pass their own store: milestones are looked at when it can
// record them (the real store can), so no feature needs a new dependency.
// Failures are logged, never returned: what the member did is saved
// already, and a missed celebration must not turn it into an error.
func celebrate(ctx context.Context, store any, log *slog.Logger, req *Request, guildID, userID string, ev milestoneEvent) {
	celebrateWith(ctx, store, log, req, guildID, userID, ev, nil)
}

// celebrateCheckin is celebrate for a check-in just recorded with
// RecordCheckin, which read the member's check-in days before it (and,
// with milestones on, their milestone row and recorded milestones): the
// milestones follow from them without reading any of it again.
func celebrateCheckin(ctx context.Context, store any, log *slog.Logger, req *Request, ev milestoneEvent, added data.CheckinAdded) {
	days := &checkinDays{before: added.DaysBefore, today: added.Checkin.LocalDate}
	if added.Recorded != nil {
		days.member, days.recorded = &added.Member, added.Recorded
	}
	celebrateWith(ctx, store, log, req, req.GuildID, req.User.ID, ev, days)
}

// checkinDays are a member's check-in days (newest first) before the one
// just recorded on today, with what milestones know of them when it was
// read in the same transaction (member nil otherwise).
type checkinDays struct {
	before   []string
	today    string
	member   *data.MilestoneMember
	recorded data.RecordedMilestones
}

func celebrateWith(ctx context.Context, store any, log *slog.Logger, req *Request, guildID, userID string, ev milestoneEvent, days *checkinDays) {
	ms, ok := store.(milestoneStore)
	if !ok || guildID == "" || userID == "" || req == nil {
		return
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := recordReached(ctx, ms, req, guildID, userID, ev, days); err != nil {
		log.Error("record milestones", "guild", guildID, "event", string(ev), "err", err)
	}
}

func recordReached(ctx context.Context, ms milestoneStore, req *Request, guildID, userID string, ev milestoneEvent, days *checkinDays) error {
	// The router loaded the server's settings; in a DM the request
	// carries default settings, so the server's are loaded.
	st := req.Settings
	if st.GuildID != guildID {
		var err error
		if st, err = ms.Settings(ctx, guildID); err != nil {
			return err
		}
	}
	if !st.Enabled(data.FeatureMilestones) {
		return nil
	}
	// One read of the member serves both their join date and membership.
	var mm data.MilestoneMember
	var err error
	if days != nil && days.member != nil {
		mm = *days.member
	} else if mm, err = ms.MilestoneMember(ctx, guildID, userID); err != nil {
		return err
	}
	if joined := joinedAt(req, guildID, userID); !joined.IsZero() && joined.Unix() != mm.JoinedAt.Unix() {
		if err := ms.NoteMemberJoined(ctx, guildID, userID, joined); err != nil {
			return err
		}
		mm.JoinedAt = joined
	}
	var reached []data.ReachedMilestone
	switch {
	case (ev == milestoneCheckedIn || ev == milestoneCheckedInHard) && st.Enabled(data.FeatureMilestoneCheckins) && days != nil:
		reached = checkinReachedFrom(days.before, days.today)
	case (ev == milestoneCheckedIn || ev == milestoneCheckedInHard) && st.Enabled(data.FeatureMilestoneCheckins):
		reached, err = checkinReached(ctx, ms, guildID, userID, req.Now.In(st.Location()))
	case ev == milestoneAttended && st.Enabled(data.FeatureMilestoneMeetings):
		reached, err = countReached(ctx, ms.MemberAttendance, data.MilestoneMeetings, guildID, userID)
	case ev == milestoneSelfCareDone && st.Enabled(data.FeatureMilestoneSelfCare):
		reached, err = countReached(ctx, ms.SelfCareDoneCount, data.MilestoneSelfCare, guildID, userID)
	case ev == milestoneStoryShared:
		reached = []data.ReachedMilestone{{Kind: data.MilestoneFirstStory}}
	}
	if err != nil {
		return err
	}
	if st.Enabled(data.FeatureMilestoneMembership) {
		reached = append(reached, membershipReached(mm.JoinedAt, req.Now)...)
	}
	if len(reached) == 0 {
		return nil
	}
	channel := st.Get(data.SettingCelebrationsChannel)
	if ev == milestoneCheckedInHard {
		channel = "" // recorded and shown in /milestones, never posted
	}
	if days != nil && days.member != nil {
		_, err = ms.RecordMilestonesKnown(ctx, guildID, userID, reached, channel, days.recorded)
	} else {
		_, err = ms.RecordMilestones(ctx, guildID, userID, reached, channel)
	}
	return err
}

// joinedAt is when the member who is userID joined guildID, if this
// interaction is theirs and in that server.
func joinedAt(req *Request, guildID, userID string) time.Time {
	i := req.Interaction
	if i == nil || i.Member == nil || i.Member.User == nil || i.Member.User.ID != userID || i.GuildID != guildID {
		return time.Time{}
	}
	return i.Member.JoinedAt
}

// checkinReached is the first check-in and the streaks a member has
// reached; now is in the server's time zone. Only the first check-in of
// the day can reach a streak: a second one the same day announces nothing.
func checkinReached(ctx context.Context, ms milestoneStore, guildID, userID string, now time.Time) ([]data.ReachedMilestone, error) {
	days, err := ms.CheckinDays(ctx, guildID, userID)
	if err != nil || len(days) == 0 {
		return nil, err
	}
	today := now.Format(time.DateOnly)
	y, m, d := now.Date()
	todays, err := ms.RecentCheckins(ctx, guildID, userID, time.Date(y, m, d, 0, 0, 0, 0, now.Location()))
	if err != nil {
		return nil, err
	}
	n := 0
	for _, c := range todays {
		if c.LocalDate == today {
			n++
		}
	}
	firstToday := n == 1
	after := data.CheckinStreak(days, today)
	before := after
	if firstToday {
		var earlier []string
		for _, d := range days {
			if d != today {
				earlier = append(earlier, d)
			}
		}
		before = data.CheckinStreak(earlier, today)
	}
	return checkinStreaksReached(days, before, after, firstToday), nil
}

// checkinReachedFrom is checkinReached from the member's check-in days
// before the check-in just recorded on today: it is the first of today
// unless today is among them.
func checkinReachedFrom(before []string, today string) []data.ReachedMilestone {
	firstToday := !slices.Contains(before, today)
	days := before
	if firstToday {
		days = append([]string{today}, before...)
	}
	prior := data.CheckinStreak(before, today)
	after := prior
	if firstToday {
		after = data.CheckinStreak(days, today)
	}
	return checkinStreaksReached(days, prior, after, firstToday)
}

// checkinStreaksReached is the first check-in and the streak thresholds
// up to after, announcing those this check-in crossed.
func checkinStreaksReached(days []string, before, after int, firstToday bool) []data.ReachedMilestone {
	reached := []data.ReachedMilestone{{Kind: data.MilestoneFirstCheckin, Announce: firstToday && len(days) == 1}}
	for _, t := range data.MilestoneThresholds(data.MilestoneCheckinStreak, after) {
		reached = append(reached, data.ReachedMilestone{Kind: data.MilestoneCheckinStreak, Threshold: t, Announce: t == after && before < t})
	}
	return reached
}

// countReached is the thresholds of kind a member's count has reached;
// the count just went up by one, so only a threshold equal to it is new.
func countReached(ctx context.Context, count func(context.Context, string, string) (int, error), kind data.MilestoneKind, guildID, userID string) ([]data.ReachedMilestone, error) {
	n, err := count(ctx, guildID, userID)
	if err != nil {
		return nil, err
	}
	var reached []data.ReachedMilestone
	for _, t := range data.MilestoneThresholds(kind, n) {
		reached = append(reached, data.ReachedMilestone{Kind: kind, Threshold: t, Announce: t == n})
	}
	return reached, nil
}

// membershipReached is the anniversaries of joining the server reached by
// now, each dated; one less than a day old is announced.
func membershipReached(joined, now time.Time) []data.ReachedMilestone {
	if joined.IsZero() || !now.After(joined) {
		return nil
	}
	joined, now = joined.UTC(), now.UTC()
	months := (now.Year()-joined.Year())*12 + int(now.Month()-joined.Month())
	if addMonths(joined, months).After(now) {
		months--
	}
	var reached []data.ReachedMilestone
	for _, t := range data.MilestoneThresholds(data.MilestoneMembership, months) {
		at := addMonths(joined, t)
		reached = append(reached, data.ReachedMilestone{Kind: data.MilestoneMembership, Threshold: t, AchievedAt: at, Announce: now.Sub(at) < anniversaryWindow})
	}
	return reached
}

// addMonths is t n calendar months later, on the same day of the month
// or, where that month is shorter, its last day: someone who joined on
// 31 January has their first month on 28 (or 29) February, not 3 March.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// milestonesCmd is /milestones and the encouragement button.
type milestonesCmd struct {
	store milestoneStore
	log   *slog.Logger
}

// maxMilestonesListed is how many milestones one list shows.
const maxMilestonesListed = 30

// Milestones is /milestones: a member's milestones (their own, including
// private ones and what's new; others' only where public), and their
// choice of public or private celebrations. Celebration posts' "Send
// encouragement" button is answered here too.
func Milestones(store milestoneStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &milestonesCmd{store: store, log: log}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "milestones",
			Description: "See your milestones or another member's, and choose whether yours are celebrated",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Whose milestones to see (yours unless you choose)"},
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "privacy", Description: "Whether Kindred celebrates your milestones in the celebrations channel",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "Keep my milestones private", Value: "private"},
						{Name: "Celebrate my milestones publicly", Value: "public"},
					},
				},
			},
		},
		Feature: data.FeatureMilestones,
		Components: map[string]Component{
			keyCheer:          {Handle: func(ctx context.Context, req *Request) (*Response, error) { return encourage(ctx, store, req) }},
			keyCelebrateLater: {Handle: func(ctx context.Context, req *Request) (*Response, error) { return celebrateLater(ctx, store, req) }},
		},
	}
	c.Handle = h.handle
	return c
}

func (h *milestonesCmd) handle(ctx context.Context, req *Request) (*Response, error) {
	if req.GuildID == "" || req.User == nil {
		return req.PrivateT("milestones.in_server"), nil
	}
	celebrate(ctx, h.store, h.log, req, req.GuildID, req.User.ID, milestoneVisit)
	if p := req.String("privacy"); p != "" {
		return h.privacy(ctx, req, p == "private")
	}
	target := req.ID("member")
	if target == "" || target == req.User.ID {
		return h.own(ctx, req)
	}
	if u := resolvedUserOption(req, target); u != nil && u.Bot {
		return req.PrivateT("milestones.no_bots"), nil
	}
	ms, err := h.store.MemberMilestones(ctx, req.GuildID, target, true)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return req.PrivateT("milestones.none_to_show", "Member", userMention(target)), nil
	}
	return &Response{
		Content:   req.T("milestones.theirs", "Member", userMention(target)),
		Embeds:    []*discordgo.MessageEmbed{{Description: milestoneList(req.P(), req.GuildID, ms, false), Color: milestoneColor}},
		Ephemeral: true,
	}, nil
}

// milestoneColor is the colour of milestone embeds.
const milestoneColor = 0xF5A623

func (h *milestonesCmd) privacy(ctx context.Context, req *Request, private bool) (*Response, error) {
	changed, err := h.store.SetMilestonesPrivate(ctx, req.GuildID, req.User.ID, private)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	switch ch := req.Settings.Get(data.SettingCelebrationsChannel); {
	case !changed && private:
		b.WriteString(req.T("milestones.already_private"))
	case !changed:
		b.WriteString(req.T("milestones.already_public"))
	case private:
		b.WriteString(req.T("milestones.now_private"))
	case ch != "":
		b.WriteString(req.T("milestones.now_public_channel", "Channel", "<#"+ch+">"))
	default:
		b.WriteString(req.T("milestones.now_public_nochannel"))
	}
	if req.ID("member") != "" && req.ID("member") != req.User.ID {
		b.WriteString("\n" + req.T("milestones.see_other"))
	}
	return Private("%s", b.String()), nil
}

func (h *milestonesCmd) own(ctx context.Context, req *Request) (*Response, error) {
	ms, err := h.store.MemberMilestones(ctx, req.GuildID, req.User.ID, false)
	if err != nil {
		return nil, err
	}
	mm, err := h.store.MilestoneMember(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	var fresh []data.Milestone
	for _, m := range ms {
		if m.Unseen() {
			fresh = append(fresh, m)
		}
	}
	if len(fresh) > 0 {
		if _, err := h.store.MarkMilestonesSeen(ctx, req.GuildID, req.User.ID); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	switch {
	case len(ms) == 0:
		b.WriteString(req.T("milestones.none_yet"))
	case len(fresh) > 0:
		b.WriteString(req.T("milestones.new_since", "Names", req.P().List(milestoneNames(req.P(), fresh, 5))))
	default:
		b.WriteString(req.T("milestones.yours_title"))
	}
	if mm.Private {
		b.WriteString("\n" + req.T("milestones.private_note"))
	} else {
		b.WriteString("\n" + req.T("milestones.public_note"))
	}
	resp := &Response{Content: b.String(), Ephemeral: true}
	if len(ms) > 0 {
		resp.Embeds = []*discordgo.MessageEmbed{{Title: req.T("milestones.embed_title"), Description: milestoneList(req.P(), req.GuildID, ms, true), Color: milestoneColor}}
	}
	if row := celebrateLaterRow(req, mm, ms); row != nil {
		resp.Content += "\n" + req.T("milestones.later_offer")
		resp.Components = []discordgo.MessageComponent{row}
	}
	return resp, nil
}

// milestoneNames are the titles of up to n milestones, "and N more" after.
func milestoneNames(p *i18n.Printer, ms []data.Milestone, n int) []string {
	var out []string
	for i, m := range ms {
		if i == n {
			out = append(out, p.T("milestones.more", "Count", p.Number(len(ms)-n)))
			break
		}
		out = append(out, "**"+clipRunes(listTitle(p, m), 60)+"**")
	}
	return out
}

// listTitle names a milestone in a list.
func listTitle(p *i18n.Printer, m data.Milestone) string {
	switch m.Kind {
	case data.MilestoneKudos:
		return p.T("milestones.list_kudos_from", "Giver", giverName(p, m))
	case data.MilestoneAward:
		return p.T("milestones.list_award", "Title", m.Title)
	}
	return milestoneTitleIn(p, m)
}

func giverName(p *i18n.Printer, m data.Milestone) string {
	if m.AwardedBy == "" {
		return p.T("milestones.a_member")
	}
	return userMention(m.AwardedBy)
}

// milestoneEmoji marks each kind in lists.
func milestoneEmoji(k data.MilestoneKind) string {
	switch k {
	case data.MilestoneFirstCheckin:
		return "🌱"
	case data.MilestoneCheckinStreak:
		return "📅"
	case data.MilestoneMeetings:
		return "🤝"
	case data.MilestoneSelfCare:
		return "🌿"
	case data.MilestoneMembership:
		return "🎂"
	case data.MilestoneFirstStory:
		return "📖"
	case data.MilestoneShared:
		return "✨"
	case data.MilestoneKudos:
		return "💙"
	case data.MilestoneAward:
		return "🏅"
	}
	return "⭐"
}

// milestoneList is one line per milestone, newest first, within an
// embed's limit. own shows the member's private notes and which are private.
func milestoneList(p *i18n.Printer, guildID string, ms []data.Milestone, own bool) string {
	var b strings.Builder
	for i, m := range ms {
		if i == maxMilestonesListed {
			b.WriteString(p.T("milestones.earlier", "Count", p.Number(len(ms)-maxMilestonesListed)))
			break
		}
		var line strings.Builder
		fmt.Fprintf(&line, "%s ", milestoneEmoji(m.Kind))
		switch m.Kind {
		case data.MilestoneKudos:
			line.WriteString(p.T("milestones.list_kudos", "Giver", giverName(p, m)))
			if m.Title != "" {
				fmt.Fprintf(&line, ": %s", clipRunes(m.Title, data.MaxMilestoneTitle))
			}
			if m.RefMessageID != "" {
				fmt.Fprintf(&line, " ([the message](%s))", messageURL(guildID, m.RefChannelID, m.RefMessageID))
			}
		case data.MilestoneAward:
			line.WriteString(p.T("milestones.list_award_line", "Title", m.Title))
		default:
			fmt.Fprintf(&line, "**%s**", milestoneTitleIn(p, m))
		}
		fmt.Fprintf(&line, " · <t:%d:D>", m.AchievedAt.Unix())
		if m.Encouragements > 0 {
			fmt.Fprintf(&line, " · 💙 %d", m.Encouragements)
		}
		if own && !m.Public {
			line.WriteString(" · 🔒")
		}
		if m.Kind == data.MilestoneShared && m.Note != "" && (own || m.Public) {
			line.WriteString("\n" + blockQuote(clipRunes(m.Note, 200)))
		}
		line.WriteString("\n")
		if b.Len()+line.Len() > 3900 {
			b.WriteString(p.T("milestones.earlier", "Count", p.Number(len(ms)-i)))
			break
		}
		b.WriteString(line.String())
	}
	return strings.TrimSpace(b.String())
}

// resolvedUserOption returns a user option's user, as Discord resolved it.
// leftServer reports whether Discord resolved a user option's user but
// not as a member: they are not in this server (any more), and records
// about them would outlive the grace period that covers members.
func leftServer(req *Request, id string) bool {
	if req.Interaction == nil || req.Interaction.Type != discordgo.InteractionApplicationCommand {
		return false
	}
	r := req.Interaction.ApplicationCommandData().Resolved
	return r != nil && r.Users[id] != nil && r.Members[id] == nil
}

func resolvedUserOption(req *Request, id string) *discordgo.User {
	if req.Interaction == nil || req.Interaction.Type != discordgo.InteractionApplicationCommand {
		return nil
	}
	if r := req.Interaction.ApplicationCommandData().Resolved; r != nil {
		return r.Users[id]
	}
	return nil
}
