package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// This file holds /selfcare's personal nudges, the buttons on prompts and
// nudges, and the rendering of self-care deliveries.

// parseNudgeTimes reads up to a few times of day, like "09:00, 6:30pm".
func parseNudgeTimes(text string) ([]string, error) {
	text = strings.NewReplacer(" and ", ",", "&", ",", ";", ",").Replace(strings.ToLower(text))
	var out []string
	for _, part := range strings.Split(text, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		hhmm, err := ParseClock(part)
		if err != nil {
			return nil, err
		}
		out = append(out, hhmm)
	}
	if len(out) == 0 {
		return nil, errNoTimes
	}
	return out, nil
}

// errNoTimes is parseNudgeTimes' error for no times at all.
var errNoTimes = errors.New(`I need at least one time, like "09:00" or "09:00, 18:30".`)

// daysError is parseNudgeDays' error: the days it could not read.
type daysError struct{ typed string }

func (e *daysError) Error() string {
	return fmt.Sprintf(`I couldn't read the days %q. Try "every day", "weekdays", "weekends" or days like "mon, wed, fri".`, e.typed)
}

// nudgeProblem is a nudge parser's error in the member's language.
func nudgeProblem(req *Request, err error) *Response {
	var de *daysError
	switch {
	case errors.Is(err, errNoTimes):
		return selfCareProblem(req, req.T("selfcare.need_times"))
	case errors.As(err, &de):
		return selfCareProblem(req, req.T("selfcare.days_unreadable", "Days", de.typed))
	}
	return clockProblem(req, err)
}

var nudgeDayWords = strings.NewReplacer(
	"monday to friday", "weekdays", "mon to fri", "weekdays", "monday-friday", "weekdays", "mon-fri", "weekdays",
	"saturday and sunday", "weekends", "sat-sun", "weekends", "saturday-sunday", "weekends",
)

// parseNudgeDays reads which days nudges come, like "weekdays" or
// "mon, wed, fri", and returns the day part of a schedule in the
// scheduler's words ("every day", "weekdays", "every Monday and Friday").
func parseNudgeDays(text string) (string, error) {
	t := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	switch t {
	case "", "daily", "everyday", "every day", "all", "all days", "each day":
		return data.DefaultNudgeDays, nil
	}
	bad := &daysError{typed: text}
	sched, err := scheduler.Parse(nudgeDayWords.Replace(t) + " at 12:00")
	if err != nil {
		return "", bad
	}
	days, ok := strings.CutSuffix(sched.String(), " at 12:00")
	if !ok || strings.Contains(days, "month") || !(days == "weekdays" || days == "weekends" || strings.HasPrefix(days, "every ")) {
		return "", bad
	}
	return days, nil
}

// quietTimes returns those of a member's times that fall in their quiet hours.
func quietTimes(n data.SelfCareNudges) []string {
	var out []string
	for _, t := range n.Times {
		if n.Quiet(t) {
			out = append(out, t)
		}
	}
	return out
}

// nextNudge returns when a member's next nudge is due after now.
func nextNudge(n data.SelfCareNudges, now time.Time) (time.Time, bool) {
	loc, err := time.LoadLocation(n.Zone)
	if err != nil || !n.Enabled {
		return time.Time{}, false
	}
	var best time.Time
	for _, hhmm := range n.Times {
		if n.Quiet(hhmm) {
			continue
		}
		sched, err := scheduler.Parse(n.Days + " at " + hhmm)
		if err != nil {
			continue
		}
		t, ok := sched.Next(now, loc)
		for ok && t.In(loc).Format(time.DateOnly) == n.SnoozedDate {
			t, ok = sched.Next(t, loc)
		}
		if ok && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	return best, !best.IsZero()
}

// isDMClosed reports whether a DM failed because the member doesn't
// accept DMs from Kindred (Discord's error 50007, or a 403 for a DM).
func isDMClosed(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		if re.Message != nil && re.Message.Code == discordgo.ErrCodeCannotSendMessagesToThisUser {
			return true
		}
		if re.Response != nil && re.Response.StatusCode == 403 {
			return true
		}
	}
	return strings.Contains(err.Error(), strconv.Itoa(discordgo.ErrCodeCannotSendMessagesToThisUser))
}

func nudgeButtons(p *i18n.Printer, guildID string, postID int64) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if postID != 0 {
		row = append(row, discordgo.Button{Label: clipRunes(p.T("selfcare.did_this"), 80), Style: discordgo.SuccessButton,
			CustomID: CustomID(keySelfCareDone, guildID, strconv.FormatInt(postID, 10))})
	}
	row = append(row,
		discordgo.Button{Label: clipRunes(p.T("selfcare.snooze_today"), 80), Style: discordgo.SecondaryButton, CustomID: CustomID(keySelfCareSnooze, guildID)},
		discordgo.Button{Label: clipRunes(p.T("selfcare.stop_nudges"), 80), Style: discordgo.DangerButton, CustomID: CustomID(keySelfCareStop, guildID)})
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

func (s *selfCare) nudgeOn(ctx context.Context, req *Request) (*Response, error) {
	times, err := parseNudgeTimes(req.String("times"))
	if err != nil {
		return nudgeProblem(req, err), nil
	}
	if len(times) > data.MaxNudgeTimes {
		return selfCareProblem(req, req.T("selfcare.too_many_times", "Max", req.P().Number(data.MaxNudgeTimes))), nil
	}
	days, err := parseNudgeDays(req.String("days"))
	if err != nil {
		return nudgeProblem(req, err), nil
	}
	prev, err := s.store.SelfCareNudgeSettings(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	zone := memberZone(ctx, s.store, s.log, req.User.ID, req.Settings.Location().String())
	if len(prev.Times) > 0 {
		zone = prev.Zone // keep the zone they chose before
	}
	if v := req.String("timezone"); v != "" {
		if zone, err = resolveZone(v); err != nil {
			return selfCareStoreProblem(req, err)
		}
	}
	n, err := s.store.StartSelfCareNudges(ctx, req.GuildID, req.User.ID, times, days, zone)
	if err != nil {
		return selfCareStoreProblem(req, err)
	}

	// A welcome DM checks now, once, that Kindred can reach them.
	// The nudges are DMs in the member's language from now on.
	noteLanguage(ctx, s.store, req)
	dm := i18n.For(dmLanguage(ctx, s.store, req.User.ID, req.ServerLang))
	welcome := &discordgo.MessageSend{
		Content:    dm.T("selfcare.welcome", "When", nudgeWhen(dm, n), "From", n.QuietFrom, "To", n.QuietTo),
		Components: nudgeButtons(dm, req.GuildID, 0),
	}
	dmNote := req.T("selfcare.dm_sent")
	welcome = nameServerIn(ctx, s.store, req.GuildID, dm.Lang(), welcome)
	if _, _, err := s.discord.SendDM(ctx, req.User.ID, welcome); err != nil {
		if !isDMClosed(err) {
			s.log.Warn("self-care welcome DM", "guild", req.GuildID, "err", err)
			dmNote = req.T("selfcare.dm_busy")
		} else {
			const reason = "the member doesn't accept direct messages from Kindred"
			if _, _, err := s.store.StopSelfCareNudges(ctx, req.GuildID, req.User.ID, reason); err != nil {
				return nil, err
			}
			if err := s.store.RecordDMFailure(ctx, data.DMFailure{GuildID: req.GuildID, UserID: req.User.ID,
				Kind: data.DeliverySelfCareNudge, Reason: reason, At: req.Now}); err != nil {
				return nil, err
			}
			return req.PrivateT("selfcare.dm_closed"), nil
		}
	}
	msg := req.T("selfcare.nudges_on", "When", nudgeWhen(req.P(), n)) + " " + dmNote
	if next, ok := nextNudge(n, req.Now); ok {
		msg += " " + req.T("selfcare.first_nudge", "First", fmt.Sprintf("<t:%d:R>", next.Unix()))
	}
	msg += "\n\n" + req.T("selfcare.quiet_hours_are", "From", n.QuietFrom, "To", n.QuietTo)
	if q := quietTimes(n); len(q) > 0 {
		msg += " " + req.N("selfcare.quiet_skip", len(q), "Times", req.P().List(q))
	}
	msg += " " + req.T("selfcare.off_any_time")
	return Private("%s", msg), nil
}

func (s *selfCare) nudgeOff(ctx context.Context, req *Request) (*Response, error) {
	_, was, err := s.store.StopSelfCareNudges(ctx, req.GuildID, req.User.ID, "")
	if err != nil {
		return nil, err
	}
	if !was {
		return req.PrivateT("selfcare.off_none"), nil
	}
	return req.PrivateT("selfcare.off_done"), nil
}

func (s *selfCare) nudgeStatus(ctx context.Context, req *Request) (*Response, error) {
	n, err := s.store.SelfCareNudgeSettings(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	switch {
	case n.Enabled:
		b.WriteString(req.T("selfcare.status_on", "When", nudgeWhen(req.P(), n)))
		if next, ok := nextNudge(n, req.Now); ok {
			b.WriteString(" " + req.T("selfcare.status_next", "Next", fmt.Sprintf("<t:%d:R>", next.Unix())))
		}
		if loc, err := time.LoadLocation(n.Zone); err == nil && n.SnoozedDate == req.Now.In(loc).Format(time.DateOnly) {
			b.WriteString(" " + req.T("selfcare.status_snoozed"))
		}
	case n.DMError != "":
		b.WriteString(req.T("selfcare.status_off_dm"))
	default:
		option := strings.Fields(i18n.Embedded().CommandPath(req.Lang, "selfcare nudge on times"))
		b.WriteString(req.T("selfcare.status_off", "Option", option[len(option)-1]))
	}
	b.WriteString("\n\n")
	if n.Enabled || len(n.Times) > 0 {
		b.WriteString(req.T("selfcare.status_quiet_zone", "From", n.QuietFrom, "To", n.QuietTo, "Zone", n.Zone))
	} else {
		b.WriteString(req.T("selfcare.status_quiet", "From", n.QuietFrom, "To", n.QuietTo))
	}
	if q := quietTimes(n); n.Enabled && len(q) > 0 {
		b.WriteString(" " + req.N("selfcare.status_quiet_skip", len(q), "Times", req.P().List(q)))
	}
	return Private("%s", b.String()), nil
}

func (s *selfCare) quiet(ctx context.Context, req *Request) (*Response, error) {
	from, err := ParseClock(req.String("from"))
	if err != nil {
		return clockProblem(req, err), nil
	}
	to, err := ParseClock(req.String("to"))
	if err != nil {
		return clockProblem(req, err), nil
	}
	n, err := s.store.SetSelfCareQuietHours(ctx, req.GuildID, req.User.ID, from, to)
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	msg := req.T("selfcare.quiet_set", "From", n.QuietFrom, "To", n.QuietTo)
	if q := quietTimes(n); n.Enabled && len(q) > 0 {
		msg += " " + req.N("selfcare.quiet_set_skip", len(q), "Times", req.P().List(q))
	}
	if !n.Enabled {
		msg += " " + req.T("selfcare.quiet_no_nudges")
	}
	return Private("%s", msg), nil
}

// buttonGuild returns the server a button belongs to: the one it was
// pressed in, or for a DM the one in its custom ID.
// switchedOffThere reports, for a button pressed in a DM, whether the
// server it belongs to has switched self-care off since (in a server the
// bot checks the switch itself). Stopping always works.
func (s *selfCare) switchedOffThere(ctx context.Context, req *Request, guildID string) (*Response, error) {
	if req.GuildID != "" {
		return nil, nil
	}
	st, err := s.store.Settings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	if !st.Enabled(data.FeatureSelfCare) {
		return req.PrivateT("selfcare.switched_off_there"), nil
	}
	return nil, nil
}

func buttonGuild(req *Request) (string, bool) {
	if len(req.Args) == 0 || req.Args[0] == "" {
		return "", false
	}
	if req.GuildID != "" && req.GuildID != req.Args[0] {
		return "", false
	}
	return req.Args[0], true
}

func (s *selfCare) done(ctx context.Context, req *Request) (*Response, error) {
	guildID, ok := buttonGuild(req)
	if !ok || len(req.Args) != 2 {
		return req.PrivateT("selfcare.old_button"), nil
	}
	postID, err := strconv.ParseInt(req.Args[1], 10, 64)
	if err != nil {
		return req.PrivateT("selfcare.old_button"), nil
	}
	if resp, err := s.switchedOffThere(ctx, req, guildID); resp != nil || err != nil {
		return resp, err
	}
	post, ok, err := s.pressedPost(ctx, req, guildID, postID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return req.PrivateT("selfcare.post_gone"), nil
	}
	added, count, err := s.store.RecordSelfCareDone(ctx, guildID, postID, req.User.ID)
	if err != nil {
		return req.Problem(err)
	}
	if !added {
		return req.PrivateT("selfcare.already_marked"), nil
	}
	celebrate(ctx, s.store, s.log, req, guildID, req.User.ID, milestoneSelfCareDone)
	// A channel post shows how many did it; refresh the count.
	if m := req.Interaction.Message; req.GuildID != "" {
		embeds, components := selfCarePostParts(req.Public(), post, count)
		if err := s.discord.EditMessage(ctx, m.ChannelID, m.ID, &discordgo.MessageEdit{Embeds: &embeds, Components: &components}); err != nil {
			s.log.Warn("refresh self-care count", "guild", guildID, "message", m.ID, "err", err)
		}
	}
	return req.PrivateT("selfcare.noted"), nil
}

// pressedPost loads the self-care post an "I did this" button names and
// checks the button may name it: the IDs come from the button, so the
// post must exist in that server and be the message pressed, and in a DM
// it must be the member's own nudge (a channel post is pressed in its
// server, which the router and buttonGuild tie to the interaction).
func (s *selfCare) pressedPost(ctx context.Context, req *Request, guildID string, postID int64) (data.SelfCarePost, bool, error) {
	m := req.Interaction.Message
	if m == nil || m.ID == "" {
		return data.SelfCarePost{}, false, nil
	}
	post, err := s.store.SelfCarePost(ctx, guildID, postID)
	if errors.Is(err, data.ErrNotFound) {
		return data.SelfCarePost{}, false, nil
	}
	if err != nil {
		return data.SelfCarePost{}, false, fmt.Errorf("load self-care post %d: %w", postID, err)
	}
	inDM := req.GuildID == ""
	if (inDM && post.UserID != req.User.ID) || (!inDM && post.UserID != "") {
		return data.SelfCarePost{}, false, nil
	}
	d, err := s.store.DeliveryByKey(ctx, guildID, post.DeliveryKey)
	if errors.Is(err, data.ErrNotFound) {
		return data.SelfCarePost{}, false, nil
	}
	if err != nil {
		return data.SelfCarePost{}, false, fmt.Errorf("load the delivery of self-care post %d: %w", postID, err)
	}
	return post, d.MessageID == m.ID, nil
}

func (s *selfCare) snooze(ctx context.Context, req *Request) (*Response, error) {
	guildID, ok := buttonGuild(req)
	if !ok {
		return req.PrivateT("selfcare.old_button"), nil
	}
	if resp, err := s.switchedOffThere(ctx, req, guildID); resp != nil || err != nil {
		return resp, err
	}
	n, err := s.store.SelfCareNudgeSettings(ctx, guildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(n.Zone)
	if err != nil {
		loc = time.UTC
	}
	if _, err := s.store.SnoozeSelfCareNudges(ctx, guildID, req.User.ID, req.Now.In(loc).Format(time.DateOnly)); err != nil {
		if errors.Is(err, data.ErrConflict) {
			return req.PrivateT("selfcare.nothing_to_snooze"), nil
		}
		return req.Problem(err)
	}
	return req.PrivateT("selfcare.snoozed"), nil
}

func (s *selfCare) stop(ctx context.Context, req *Request) (*Response, error) {
	guildID, ok := buttonGuild(req)
	if !ok {
		return req.PrivateT("selfcare.old_button"), nil
	}
	_, was, err := s.store.StopSelfCareNudges(ctx, guildID, req.User.ID, "")
	if err != nil {
		return nil, err
	}
	if !was {
		return req.PrivateT("selfcare.already_stopped"), nil
	}
	return req.PrivateT("selfcare.stopped"), nil
}

// doneFooter says how many members did a prompt, in pr's language.
func doneFooter(pr *i18n.Printer, count int) *discordgo.MessageEmbedFooter {
	if count == 0 {
		return &discordgo.MessageEmbedFooter{Text: pr.T("selfcare.footer_none")}
	}
	return &discordgo.MessageEmbedFooter{Text: pr.N("selfcare.footer_done", count)}
}

// selfCarePostParts are a channel prompt's embed and "I did this" button,
// in the server's language pr: Kindred's own prompts are shown in it.
func selfCarePostParts(pr *i18n.Printer, p data.SelfCarePost, count int) ([]*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	e := &discordgo.MessageEmbed{Title: pr.T("selfcare.post_title", "Category", categoryLabel(pr, p.Category)), Description: promptText(pr, p.PromptRef, p.Text),
		Color: selfCareColor, Footer: doneFooter(pr, count)}
	button := discordgo.Button{Label: clipRunes(pr.T("selfcare.did_this"), 80), Style: discordgo.SuccessButton,
		CustomID: CustomID(keySelfCareDone, p.GuildID, strconv.FormatInt(p.ID, 10))}
	return []*discordgo.MessageEmbed{e}, []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{button}}}
}

// selfCareRenderStore is what rendering self-care deliveries needs of the
// store.
type selfCareRenderStore interface {
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	SelfCareSchedule(ctx context.Context, guildID string, id int64) (data.SelfCareSchedule, error)
	SelfCareNudgeSettings(ctx context.Context, guildID, userID string) (data.SelfCareNudges, error)
	PickSelfCarePrompt(ctx context.Context, p data.SelfCarePick) (data.SelfCarePost, error)
	languageNoter
}

// isSelfCareDelivery reports whether renderSelfCare renders a kind.
func isSelfCareDelivery(kind string) bool {
	switch kind {
	case data.DeliverySelfCarePost, data.DeliverySelfCareNudge, data.DeliverySelfCareAlert:
		return true
	}
	return false
}

// renderSelfCare renders a self-care delivery, reading the records as they
// are now: a post of a schedule that was paused or deleted, or a nudge the
// member stopped or snoozed, is obsolete. The prompt is taken from the
// rotation once per delivery, so a retry shows the same one.
func renderSelfCare(ctx context.Context, store selfCareRenderStore, d data.Delivery) (*Outgoing, error) {
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	// Posts and moderators' alerts are in the server's language.
	pub := i18n.For(st.Language())
	if !st.Enabled(data.FeatureSelfCare) && d.Kind != data.DeliverySelfCareAlert {
		return nil, obsolete("self-care is switched off in this server")
	}
	switch d.Kind {
	case data.DeliverySelfCarePost, data.DeliverySelfCareAlert:
		id, err := strconv.ParseInt(d.Ref, 10, 64)
		if err != nil {
			return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad schedule reference " + strconv.Quote(d.Ref)}
		}
		sc, err := store.SelfCareSchedule(ctx, d.GuildID, id)
		switch {
		case errors.Is(err, data.ErrNotFound):
			return nil, obsolete("the prompt schedule was deleted")
		case err != nil:
			return nil, err
		case d.Kind == data.DeliverySelfCareAlert && sc.PostError == "":
			return nil, obsolete("the prompt schedule works again")
		case d.Kind == data.DeliverySelfCareAlert:
			return &Outgoing{ChannelID: st.Get(data.SettingAlertsChannel), ToModerators: true, Message: &discordgo.MessageSend{
				Content: pub.T("selfcare.alert", "Channel", "<#"+sc.ChannelID+">", "Reason", sc.PostError),
			}}, nil
		case sc.Status != data.SelfCareActive:
			return nil, obsolete("the prompt schedule is paused")
		}
		post, err := store.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: d.GuildID, DeliveryKey: d.Key, ScheduleID: id})
		if errors.Is(err, data.ErrNotFound) {
			return nil, obsolete("every prompt is disabled")
		}
		if err != nil {
			return nil, err
		}
		embeds, components := selfCarePostParts(pub, post, 0)
		return &Outgoing{ChannelID: sc.ChannelID, Message: &discordgo.MessageSend{Embeds: embeds, Components: components}, Thread: clipRunes(pub.T("selfcare.thread"), 100)}, nil
	}
	// A nudge.
	n, err := store.SelfCareNudgeSettings(ctx, d.GuildID, d.UserID)
	switch {
	case err != nil:
		return nil, err
	case !n.Enabled:
		return nil, obsolete("the member stopped their nudges")
	case n.SnoozedDate == d.Ref:
		return nil, obsolete("the member snoozed their nudges for the day")
	}
	post, err := store.PickSelfCarePrompt(ctx, data.SelfCarePick{GuildID: d.GuildID, DeliveryKey: d.Key, UserID: d.UserID})
	if errors.Is(err, data.ErrNotFound) {
		return nil, obsolete("every prompt is disabled")
	}
	if err != nil {
		return nil, err
	}
	// A nudge is a DM, in the member's language.
	dm := i18n.For(dmLanguage(ctx, store, d.UserID, st.Language()))
	e := &discordgo.MessageEmbed{Title: categoryLabel(dm, post.Category), Description: promptText(dm, post.PromptRef, post.Text), Color: selfCareColor,
		Footer: &discordgo.MessageEmbedFooter{Text: dm.T("selfcare.nudge_footer", "Command", plainCommand(dm, "selfcare nudge on"),
			"From", n.QuietFrom, "To", n.QuietTo, "Zone", n.Zone)}}
	return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{
		Content:    dm.T("selfcare.nudge_intro"),
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: nudgeButtons(dm, d.GuildID, post.ID),
	}}, nil
}
