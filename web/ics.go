package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// calendar serves /{guild}/meetings.ics (every active meeting) and
// /{guild}/meeting-{id}.ics (one), as iCalendar (RFC 5545).
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	guildID, file := r.PathValue("guild"), r.PathValue("file")
	var one int64
	switch {
	case file == "meetings.ics":
	case strings.HasPrefix(file, "meeting-") && strings.HasSuffix(file, ".ics"):
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(file, "meeting-"), ".ics"), 10, 64)
		if err != nil || id <= 0 {
			http.NotFound(w, r)
			return
		}
		one = id
	default:
		http.NotFound(w, r)
		return
	}
	name, _, st, err := s.hubGuild(ctx, guildID)
	if errors.Is(err, errNoHub) || (err == nil && !st.Enabled(data.FeatureMeetings)) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ms, err := s.opt.Store.Meetings(ctx, guildID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var keep []data.Meeting
	for _, m := range ms {
		if m.Status == data.MeetingActive && (one == 0 || m.ID == one) {
			keep = append(keep, m)
		}
	}
	if one != 0 && len(keep) == 0 {
		http.NotFound(w, r)
		return
	}
	title := name + " meetings"
	if one != 0 {
		title = keep[0].Title + " · " + name
	}
	body, err := s.icalendar(ctx, title, keep, st)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(body))
}

// icalendar builds a VCALENDAR of the meetings. A schedule a recurrence
// rule can express becomes one repeating VEVENT with its cancelled dates
// as EXDATE; a one-off or cron schedule becomes one VEVENT per coming
// date (the next 60), each with a UID of its own that stays the same from
// one download to the next. Times carry the meeting's TZID, defined by a
// VTIMEZONE built from Go's zone data.
func (s *Server) icalendar(ctx context.Context, title string, ms []data.Meeting, st data.Settings) (string, error) {
	now := s.opt.Now().UTC()
	var c icsWriter
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//Kindred//Community meetings//EN")
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", title)
	c.line("REFRESH-INTERVAL;VALUE=DURATION:PT6H")
	zones := map[string]*time.Location{}
	var events icsWriter
	for _, m := range ms {
		sched, err := scheduler.Parse(m.Schedule)
		if err != nil {
			continue
		}
		loc := meetingZone(m, st)
		zones[loc.String()] = loc
		cancelled, err := s.cancelledStarts(ctx, m, m.CreatedAt.Add(-24*time.Hour))
		if err != nil {
			return "", err
		}
		if rule, ok := sched.RRule(); ok {
			// DTSTART is the first date at or after the meeting was made.
			first, ok := sched.Next(m.CreatedAt.Add(-time.Minute), loc)
			if !ok {
				continue
			}
			events.line("BEGIN:VEVENT")
			events.prop("UID", fmt.Sprintf("meeting-%d@%s", m.ID, s.public.Host))
			s.eventBody(&events, m, first, loc, false)
			events.line("RRULE:" + rule)
			var ex []string
			for start := range cancelled {
				ex = append(ex, time.Unix(start, 0).In(loc).Format(icsLocal))
			}
			sort.Strings(ex)
			for _, e := range ex {
				events.line("EXDATE;TZID=" + loc.String() + ":" + e)
			}
			events.line("END:VEVENT")
			continue
		}
		dates, err := s.meetingDates(ctx, i18n.For(st.Language()), m, st, now, 60, true)
		if err != nil {
			return "", err
		}
		for _, o := range dates {
			events.line("BEGIN:VEVENT")
			events.prop("UID", fmt.Sprintf("meeting-%d-%d@%s", m.ID, o.Start.Unix(), s.public.Host))
			s.eventBody(&events, m, o.Start, loc, o.Cancelled)
			events.line("END:VEVENT")
		}
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		writeVTimezone(&c, zones[n], now.AddDate(-1, 0, 0), now.AddDate(3, 0, 0))
	}
	c.b.WriteString(events.b.String())
	c.line("END:VCALENDAR")
	return c.b.String(), nil
}

func (s *Server) eventBody(w *icsWriter, m data.Meeting, start time.Time, loc *time.Location, cancelled bool) {
	w.line("DTSTAMP:" + m.UpdatedAt.UTC().Format(icsUTC))
	w.line("DTSTART;TZID=" + loc.String() + ":" + start.In(loc).Format(icsLocal))
	w.line("DTEND;TZID=" + loc.String() + ":" + start.Add(m.Duration).In(loc).Format(icsLocal))
	w.prop("SUMMARY", m.Title)
	if m.Description != "" {
		w.prop("DESCRIPTION", m.Description)
	}
	if where := meetingWhere(m); where != "" {
		w.prop("LOCATION", where)
		w.line("URL:" + where)
	}
	if cancelled {
		w.line("STATUS:CANCELLED")
	} else {
		w.line("STATUS:CONFIRMED")
	}
	w.line("LAST-MODIFIED:" + m.UpdatedAt.UTC().Format(icsUTC))
	seq := max(m.Version-1, 0)
	if cancelled {
		seq++ // a change calendars must apply over the date they have
	}
	w.line("SEQUENCE:" + strconv.FormatInt(seq, 10))
}

const (
	icsUTC   = "20060102T150405Z"
	icsLocal = "20060102T150405"
)

// icsWriter writes content lines, folded at 75 octets with CRLF endings.
type icsWriter struct{ b strings.Builder }

func (w *icsWriter) line(l string) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8Start(l[cut]) {
			cut--
		}
		w.b.WriteString(l[:cut] + "\r\n ")
		l = l[cut:]
		limit = 74 // the leading space counts
	}
	w.b.WriteString(l + "\r\n")
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// prop writes a property with a TEXT value, escaped.
func (w *icsWriter) prop(name, text string) {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	w.line(name + ":" + r.Replace(text))
}

// writeVTimezone writes a VTIMEZONE for loc with one observance per
// offset change between from and to (and the offset in force at from),
// found by scanning the zone data: exact for any zone Go knows, without
// guessing recurrence rules.
func writeVTimezone(w *icsWriter, loc *time.Location, from, to time.Time) {
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + loc.String())
	_, off := from.In(loc).Zone()
	name, _ := from.In(loc).Zone()
	observance(w, from.In(loc), off, off, name, isDST(from, loc))
	for t := from; t.Before(to); {
		next := t.Add(24 * time.Hour)
		_, o1 := t.In(loc).Zone()
		_, o2 := next.In(loc).Zone()
		if o1 != o2 {
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, om := mid.In(loc).Zone(); om == o1 {
					lo = mid
				} else {
					hi = mid
				}
			}
			name, _ := hi.In(loc).Zone()
			// DTSTART of an observance is the local time before the change.
			observance(w, hi.In(time.FixedZone("", o1)), o1, o2, name, isDST(hi, loc))
		}
		t = next
	}
	w.line("END:VTIMEZONE")
}

func observance(w *icsWriter, start time.Time, from, to int, name string, dst bool) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	w.line("BEGIN:" + kind)
	w.line("DTSTART:" + start.Format(icsLocal))
	w.line("TZOFFSETFROM:" + icsOffset(from))
	w.line("TZOFFSETTO:" + icsOffset(to))
	if name != "" && !strings.HasPrefix(name, "+") && !strings.HasPrefix(name, "-") {
		w.prop("TZNAME", name)
	}
	w.line("END:" + kind)
}

func isDST(t time.Time, loc *time.Location) bool { return t.In(loc).IsDST() }

func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}
