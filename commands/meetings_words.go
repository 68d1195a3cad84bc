package commands

// How meetings and their dates are put into words: reminders, times,
// places, zones, the moderators' summary, and the dates to come.

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// capitalize writes s's first letter as a capital ("ł" too: it works on
// the first character, not the first byte).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// describeReminders puts reminder offsets into words, in p's language.
func describeReminders(p *i18n.Printer, rs []time.Duration) string {
	if len(rs) == 0 {
		return p.T("meetings_manage.reminders_none")
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, durationIn(p, r))
	}
	return p.T("meetings_manage.reminders_before", "Times", p.List(parts))
}

// stamp shows an instant to every member in their own time zone.
func stamp(t time.Time) string {
	return fmt.Sprintf("<t:%d:F> (<t:%d:R>)", t.Unix(), t.Unix())
}

// serverTime shows an instant in the meeting's zone, to check a schedule.
func serverTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
}

// whereTextIn says where a meeting happens, in p's language.
func whereTextIn(p *i18n.Printer, m data.Meeting) string {
	switch {
	case m.Location == "":
		return p.T("meetings.where_unknown")
	case data.IsLink(m.Location):
		return m.Location
	}
	return "<#" + m.Location + ">"
}

// zoneName names a meeting's time zone for moderators, in p's language.
func zoneName(p *i18n.Printer, m data.Meeting, st data.Settings) string {
	if m.Zone != "" {
		return m.Zone
	}
	return p.T("meetings_manage.zone_server", "Zone", st.Get(data.SettingTimeZone))
}

// meetingSummary describes a meeting for moderators: its settings and its
// next three dates, in p's language.
func meetingSummary(p *i18n.Printer, m data.Meeting, st data.Settings, now time.Time, cancelled map[int64]bool) *discordgo.MessageEmbed {
	loc := meetingLocation(m, st)
	e := &discordgo.MessageEmbed{Title: m.Title, Description: m.Description}
	when := m.Schedule
	if sched, err := scheduler.Parse(m.Schedule); err == nil {
		when = capitalize(sched.DescribeIn(p))
		var lines []string
		for _, t := range upcomingStarts(sched, loc, now, 3, cancelled) {
			lines = append(lines, fmt.Sprintf("• %s: %s", serverTimeIn(p, t, loc), stamp(t)))
		}
		if len(lines) == 0 {
			lines = append(lines, p.T("meetings_manage.no_dates_to_come"))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: p.T("meetings_manage.field_next"), Value: strings.Join(lines, "\n")})
	}
	e.Fields = append([]*discordgo.MessageEmbedField{
		{Name: p.T("meetings.field_when"), Value: p.T("meetings_manage.summary_when", "When", when, "Duration", durationIn(p, m.Duration), "Zone", zoneName(p, m, st))},
		{Name: p.T("meetings.field_where"), Value: whereTextIn(p, m), Inline: true},
		{Name: p.T("meetings_manage.field_reminders_in"), Value: "<#" + m.ChannelID + ">", Inline: true},
		{Name: p.T("meetings_manage.field_reminders"), Value: upperFirst(describeReminders(p, m.Reminders))},
	}, e.Fields...)
	if m.HostRoleID != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: p.T("meetings.field_hosts"), Value: "<@&" + m.HostRoleID + ">", Inline: true})
	}
	if m.PingRoleID != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: p.T("meetings_manage.field_mention"), Value: "<@&" + m.PingRoleID + ">", Inline: true})
	}
	return e
}

// upcomingStarts returns up to n starts of sched after now that are not
// cancelled (cancelled holds Unix start times).
func upcomingStarts(sched scheduler.Schedule, loc *time.Location, now time.Time, n int, cancelled map[int64]bool) []time.Time {
	var out []time.Time
	t := now
	for range n + len(cancelled) {
		next, ok := sched.Next(t, loc)
		if !ok || len(out) == n {
			break
		}
		if !cancelled[next.Unix()] {
			out = append(out, next)
		}
		t = next
	}
	return out
}

// occurrenceLister is what reading a meeting's dates needs of the store.
type occurrenceLister interface {
	Occurrences(ctx context.Context, guildID string, meetingID int64, from, to time.Time) ([]data.Occurrence, error)
}

// cancelledStarts returns the cancelled starts of a meeting after from.
func cancelledStarts(ctx context.Context, store occurrenceLister, m data.Meeting, from time.Time) (map[int64]bool, error) {
	os, err := store.Occurrences(ctx, m.GuildID, m.ID, from, from.Add(10*366*24*time.Hour))
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, o := range os {
		if o.Status == data.OccurrenceCancelled {
			out[o.StartsAt.Unix()] = true
		}
	}
	return out, nil
}
