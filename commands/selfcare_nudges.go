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
		return nil, errors.New(`I need at least one time, like "09:00" or "09:00, 18:30".`)
	}
	return out, nil
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
	bad := fmt.Errorf(`I couldn't read the days %q. Try "every day", "weekdays", "weekends" or days like "mon, wed, fri".`, text)
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

// nudgeWhen puts a member's nudge times and days into words.
func nudgeWhen(n data.SelfCareNudges) string {
	days := n.Days
	if days == "weekdays" || days == "weekends" {
		days = "on " + days
	}
	return fmt.Sprintf("at %s, %s (%s time)", joinAnd(n.Times), days, n.Zone)
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

func nudgeButtons(guildID string, postID int64) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if postID != 0 {
		row = append(row, discordgo.Button{Label: "I did this", Style: discordgo.SuccessButton,
			CustomID: CustomID(keySelfCareDone, guildID, strconv.FormatInt(postID, 10))})
	}
	row = append(row,
		discordgo.Button{Label: "Snooze for today", Style: discordgo.SecondaryButton, CustomID: CustomID(keySelfCareSnooze, guildID)},
		discordgo.Button{Label: "Stop these nudges", Style: discordgo.DangerButton, CustomID: CustomID(keySelfCareStop, guildID)})
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

func (s *selfCare) nudgeOn(ctx context.Context, req *Request) (*Response, error) {
	times, err := parseNudgeTimes(req.String("times"))
	if err != nil {
		return selfCareProblem(req, "%s", err.Error()), nil
	}
	if len(times) > data.MaxNudgeTimes {
		return selfCareProblem(req, "You can have up to %d nudges a day.", data.MaxNudgeTimes), nil
	}
	days, err := parseNudgeDays(req.String("days"))
	if err != nil {
		return selfCareProblem(req, "%s", err.Error()), nil
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
	welcome := &discordgo.MessageSend{
		Content: fmt.Sprintf("Hi! You turned on self-care nudges. I'll send a gentle one %s, and never during your quiet hours (%s to %s). "+
			"Each nudge has buttons to snooze it for the day or stop them; so does this message. "+
			"You can also reply **stop** at any time to end all my DMs.", nudgeWhen(n), n.QuietFrom, n.QuietTo),
		Components: nudgeButtons(req.GuildID, 0),
	}
	dmNote := " I've sent you a DM to say hello."
	welcome = nameServer(ctx, s.store, req.GuildID, welcome)
	if _, _, err := s.discord.SendDM(ctx, req.User.ID, welcome); err != nil {
		if !isDMClosed(err) {
			s.log.Warn("self-care welcome DM", "guild", req.GuildID, "err", err)
			dmNote = " I couldn't send you a hello DM just now (Discord may be busy); your nudges are set up all the same."
		} else {
			const reason = "the member doesn't accept direct messages from Kindred"
			if _, _, err := s.store.StopSelfCareNudges(ctx, req.GuildID, req.User.ID, reason); err != nil {
				return nil, err
			}
			if err := s.store.RecordDMFailure(ctx, data.DMFailure{GuildID: req.GuildID, UserID: req.User.ID,
				Kind: data.DeliverySelfCareNudge, Reason: reason, At: req.Now}); err != nil {
				return nil, err
			}
			return Private("I couldn't send you a direct message, so I haven't turned nudges on: it looks like your DMs are closed to me. " +
				"If you'd like nudges, allow direct messages from this server's members (click the server name → Privacy Settings → Direct Messages), " +
				"then run `/selfcare nudge on` again."), nil
		}
	}
	msg := fmt.Sprintf("Nudges are on: %s.%s", nudgeWhen(n), dmNote)
	if next, ok := nextNudge(n, req.Now); ok {
		msg += fmt.Sprintf(" The first one comes <t:%d:R>.", next.Unix())
	}
	msg += fmt.Sprintf("\n\nQuiet hours are %s to %s your time: I never nudge you then (`/selfcare quiet` changes them).", n.QuietFrom, n.QuietTo)
	if q := quietTimes(n); len(q) > 0 {
		msg += fmt.Sprintf(" %s falls inside them, so I'll skip it.", joinAnd(q))
	}
	msg += " `/selfcare nudge off` stops them any time."
	return Private("%s", msg), nil
}

func (s *selfCare) nudgeOff(ctx context.Context, req *Request) (*Response, error) {
	_, was, err := s.store.StopSelfCareNudges(ctx, req.GuildID, req.User.ID, "")
	if err != nil {
		return nil, err
	}
	if !was {
		return Private("You don't have nudges on in this server, so there's nothing to stop."), nil
	}
	return Private("Nudges are off. Nothing more will arrive; `/selfcare nudge on` starts them again whenever you like."), nil
}

func (s *selfCare) nudgeStatus(ctx context.Context, req *Request) (*Response, error) {
	n, err := s.store.SelfCareNudgeSettings(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	switch {
	case n.Enabled:
		fmt.Fprintf(&b, "Your nudges are **on**: %s.", nudgeWhen(n))
		if next, ok := nextNudge(n, req.Now); ok {
			fmt.Fprintf(&b, " The next one comes <t:%d:R>.", next.Unix())
		}
		if loc, err := time.LoadLocation(n.Zone); err == nil && n.SnoozedDate == req.Now.In(loc).Format(time.DateOnly) {
			b.WriteString(" They're snoozed for the rest of today.")
		}
	case n.DMError != "":
		b.WriteString("Your nudges are **off**: I stopped them because I couldn't send you a direct message. " +
			"If you'd like them back, allow direct messages from this server's members, then run `/selfcare nudge on`.")
	default:
		b.WriteString("Your nudges are **off**. `/selfcare nudge on` starts them, like `times: 09:00, 18:30`.")
	}
	fmt.Fprintf(&b, "\n\nQuiet hours: %s to %s", n.QuietFrom, n.QuietTo)
	if n.Enabled || len(n.Times) > 0 {
		fmt.Fprintf(&b, " (%s time)", n.Zone)
	}
	b.WriteString(". Kindred never nudges you then.")
	if q := quietTimes(n); n.Enabled && len(q) > 0 {
		fmt.Fprintf(&b, " %s falls inside them, so it's skipped.", joinAnd(q))
	}
	return Private("%s", b.String()), nil
}

func (s *selfCare) quiet(ctx context.Context, req *Request) (*Response, error) {
	from, err := ParseClock(req.String("from"))
	if err != nil {
		return selfCareProblem(req, "%s", err.Error()), nil
	}
	to, err := ParseClock(req.String("to"))
	if err != nil {
		return selfCareProblem(req, "%s", err.Error()), nil
	}
	n, err := s.store.SetSelfCareQuietHours(ctx, req.GuildID, req.User.ID, from, to)
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	msg := fmt.Sprintf("Quiet hours set: %s to %s your time. Kindred never nudges you then.", n.QuietFrom, n.QuietTo)
	if q := quietTimes(n); n.Enabled && len(q) > 0 {
		msg += fmt.Sprintf(" Your nudge at %s falls inside them, so I'll skip it.", joinAnd(q))
	}
	if !n.Enabled {
		msg += " You don't have nudges on; `/selfcare nudge on` starts them."
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
		return Private("Self-care prompts are switched off in that server now, so this button does nothing. `/selfcare nudge off` there, or reply **stop**, ends the nudges."), nil
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

const msgOldSelfCareButton = "I don't recognise that button any more; it may be from an older version of Kindred."

func (s *selfCare) done(ctx context.Context, req *Request) (*Response, error) {
	guildID, ok := buttonGuild(req)
	if !ok || len(req.Args) != 2 {
		return Private(msgOldSelfCareButton), nil
	}
	postID, err := strconv.ParseInt(req.Args[1], 10, 64)
	if err != nil {
		return Private(msgOldSelfCareButton), nil
	}
	if resp, err := s.switchedOffThere(ctx, req, guildID); resp != nil || err != nil {
		return resp, err
	}
	post, ok, err := s.pressedPost(ctx, req, guildID, postID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return Private(msgSelfCarePostGone), nil
	}
	added, count, err := s.store.RecordSelfCareDone(ctx, guildID, postID, req.User.ID)
	if err != nil {
		return ProblemReply(err)
	}
	if !added {
		return Private("You've already marked this one. Thank you for taking the time. 🌱"), nil
	}
	celebrate(ctx, s.store, s.log, req, guildID, req.User.ID, milestoneSelfCareDone)
	// A channel post shows how many did it; refresh the count.
	if m := req.Interaction.Message; req.GuildID != "" {
		embeds, components := selfCarePostParts(post, count)
		if err := s.discord.EditMessage(ctx, m.ChannelID, m.ID, &discordgo.MessageEdit{Embeds: &embeds, Components: &components}); err != nil {
			s.log.Warn("refresh self-care count", "guild", guildID, "message", m.ID, "err", err)
		}
	}
	return Private("Noted. Well done for looking after yourself. 🌱"), nil
}

const msgSelfCarePostGone = "I can't find that prompt any more. Thank you for looking after yourself all the same. 🌱"

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
		return Private(msgOldSelfCareButton), nil
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
			return Private("Your nudges are already off, so there's nothing to snooze."), nil
		}
		return ProblemReply(err)
	}
	return Private("Snoozed: no more nudges today. They'll start again tomorrow."), nil
}

func (s *selfCare) stop(ctx context.Context, req *Request) (*Response, error) {
	guildID, ok := buttonGuild(req)
	if !ok {
		return Private(msgOldSelfCareButton), nil
	}
	_, was, err := s.store.StopSelfCareNudges(ctx, guildID, req.User.ID, "")
	if err != nil {
		return nil, err
	}
	if !was {
		return Private("Your nudges are already off. Nothing more will arrive."), nil
	}
	return Private("Stopped. You won't get any more nudges. If you'd like them back, use `/selfcare nudge on` in the server."), nil
}

// doneFooter says how many members did a prompt.
func doneFooter(count int) *discordgo.MessageEmbedFooter {
	switch count {
	case 0:
		return &discordgo.MessageEmbedFooter{Text: "Give it a go if it feels right today. No pressure either way."}
	case 1:
		return &discordgo.MessageEmbedFooter{Text: "1 member did this. Give it a go if it feels right today."}
	}
	return &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d members did this. Give it a go if it feels right today.", count)}
}

// selfCarePostParts are a channel prompt's embed and "I did this" button.
func selfCarePostParts(p data.SelfCarePost, count int) ([]*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	e := &discordgo.MessageEmbed{Title: "Self-care prompt · " + categoryLabel(p.Category), Description: p.Text, Color: selfCareColor, Footer: doneFooter(count)}
	button := discordgo.Button{Label: "I did this", Style: discordgo.SuccessButton,
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
				Content: fmt.Sprintf("Heads-up for moderators: I couldn't post the self-care prompt in <#%s>: %s. "+
					"I've paused that schedule so nothing piles up. Please give Kindred **View Channel**, **Send Messages** and **Embed Links** there, "+
					"then run `/mod-selfcare resume` (or delete it and schedule prompts in another channel).", sc.ChannelID, sc.PostError),
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
		embeds, components := selfCarePostParts(post, 0)
		return &Outgoing{ChannelID: sc.ChannelID, Message: &discordgo.MessageSend{Embeds: embeds, Components: components}, Thread: "Share how it went"}, nil
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
	e := &discordgo.MessageEmbed{Title: categoryLabel(post.Category), Description: post.Text, Color: selfCareColor,
		Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("You asked for these with /selfcare nudge on. Quiet hours: %s to %s (%s).", n.QuietFrom, n.QuietTo, n.Zone)}}
	return &Outgoing{UserID: d.UserID, Message: &discordgo.MessageSend{
		Content:    "A gentle self-care nudge, as you asked (reply **stop** to end all my DMs):",
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: nudgeButtons(d.GuildID, post.ID),
	}}, nil
}
