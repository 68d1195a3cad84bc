package scheduler

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is when something recurs, in wall-clock terms of a time zone
// that is supplied when occurrences are computed.
//
// The zero Schedule never occurs. Schedules are comparable with ==, and
// parsing the result of [Schedule.String] yields an equal Schedule.
type Schedule struct {
	kind   kind
	hour   int // 0-23, for every kind but kindCron
	minute int // 0-59, for every kind but kindCron

	days    weekdaySet   // kindWeekly: the days it happens on
	every   int          // kindWeekly: 0 or 1 for every week, 2 for every other week
	anchor  int          // kindWeekly with every 2: days from biweeklyEpoch to a date in an "on" week
	nths    nthSet       // kindNthWeekday: which of first-fourth and last
	weekday time.Weekday // kindNthWeekday
	dom     int          // kindMonthDay: day of the month, 1-31

	year  int // kindOnce
	month time.Month
	day   int

	cron cronFields // kindCron
}

type kind int

const (
	kindNone       kind = iota
	kindWeekly          // on a set of weekdays (including every day)
	kindNthWeekday      // first/second/third/fourth/last weekday of the month
	kindMonthDay        // on a numbered day of every month
	kindOnce            // on one date
	kindCron            // a cron expression
)

// weekdaySet holds one bit per time.Weekday.
type weekdaySet uint8

const (
	allDays  weekdaySet = 1<<7 - 1
	weekdays weekdaySet = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday
	weekends weekdaySet = 1<<time.Saturday | 1<<time.Sunday
)

func (d weekdaySet) has(w time.Weekday) bool { return d&(1<<w) != 0 }

// nthSet holds bits 1-4 for the first to fourth weekday of a month and
// bit 5 for the last.
type nthSet uint8

const nthLast = 5

// list returns the ordinals in n: 1-4, and -1 for the last.
func (n nthSet) list() []int {
	var out []int
	for i := 1; i <= nthLast; i++ {
		if n&(1<<i) != 0 {
			if i == nthLast {
				out = append(out, -1)
			} else {
				out = append(out, i)
			}
		}
	}
	return out
}

// nthBit returns the bit of nthSet for an ordinal 1-4 or -1.
func nthBit(n int) nthSet {
	if n < 0 {
		return 1 << nthLast
	}
	return 1 << n
}

// biweeklyEpoch is the Monday from which weeks are counted for
// every-other-week schedules. A schedule parsed without a start date
// counts its weeks from here, so its dates never depend on when it was
// read; [Schedule.Anchored] moves the start to a schedule's first date.
var biweeklyEpoch = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// weekIndex returns the number of Monday-to-Sunday weeks between
// biweeklyEpoch and the wall-clock date w (negative before it).
func weekIndex(w time.Time) int {
	y, m, d := w.Date()
	days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(biweeklyEpoch).Hours() / 24)
	return floorDiv(days, 7)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// onWeek reports whether the wall-clock date w is in a week a weekly
// schedule runs in.
func (s Schedule) onWeek(w time.Time) bool {
	if s.every != 2 {
		return true
	}
	return (weekIndex(w)-floorDiv(s.anchor, 7))%2 == 0
}

// Biweekly reports whether s happens every other week.
func (s Schedule) Biweekly() bool { return s.kind == kindWeekly && s.every == 2 }

// Anchored returns s with its first week fixed: for an every-other-week
// schedule, the week of its first occurrence after now in loc, so the
// first date is the nearest one, and stays the same whenever the stored
// text is read again. Other schedules are returned unchanged. Call it
// when a schedule is created or changed, before storing its String.
func (s Schedule) Anchored(now time.Time, loc *time.Location) Schedule {
	if !s.Biweekly() {
		return s
	}
	if loc == nil {
		loc = time.UTC
	}
	every := s
	every.every = 0
	next, ok := every.Next(now, loc)
	if !ok {
		return s
	}
	s.anchor = dayNumberOf(wallClock(next, loc))
	return s
}

// dayNumberOf returns the days from biweeklyEpoch to the date of w.
func dayNumberOf(w time.Time) int {
	y, m, d := w.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(biweeklyEpoch).Hours() / 24)
}

// anchorDate returns the start date of an every-other-week schedule.
func (s Schedule) anchorDate() time.Time { return biweeklyEpoch.AddDate(0, 0, s.anchor) }

// cronFields are the bit sets of a parsed cron expression, as produced by
// robfig/cron (including its "star" bit, which matters for how the
// day-of-month and day-of-week fields combine).
type cronFields struct {
	minute, hour, dom, month, dow uint64
}

// maxSkips bounds how many wall-clock occurrences Next may pass over
// because they resolve to instants at or before the starting instant. Those
// can only lie within a repeated (fall-back) period, so a minute-by-minute
// cron expression across a one-hour fall-back needs 60; the limit only
// guards against looping forever on a broken time zone.
const maxSkips = 100000

// Next returns the first occurrence of s strictly after the instant after,
// interpreting s in wall-clock time of loc (UTC if loc is nil). It reports
// false when there is none, as for a one-off schedule in the past.
//
// Wall-clock times that a daylight-saving change skips or repeats are
// handled as described in the package documentation: each happens once, at
// the first instant at which the local clock reads that time or later.
func (s Schedule) Next(after time.Time, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	// Any occurrence whose instant is after `after` has a wall-clock time
	// later than the wall-clock reading at `after` (see resolve), so the
	// search starts there. Occurrences found this way can still resolve
	// to an earlier instant when `after` lies in the second pass of a
	// repeated hour; those already happened and are skipped.
	w := wallClock(after, loc)
	for range maxSkips {
		var ok bool
		w, ok = s.nextWall(w)
		if !ok {
			return time.Time{}, false
		}
		if t := resolve(w, loc); t.After(after) {
			return t, true
		}
	}
	return time.Time{}, false
}

// NextN returns up to n successive occurrences of s after the instant
// after, in loc. It returns fewer when the schedule runs out, and none when
// n is not positive.
func (s Schedule) NextN(after time.Time, loc *time.Location, n int) []time.Time {
	var out []time.Time
	for len(out) < n {
		t, ok := s.Next(after, loc)
		if !ok {
			break
		}
		out = append(out, t)
		after = t
	}
	return out
}

// OneOff reports whether s happens only once (a "once on ..." schedule).
func (s Schedule) OneOff() bool { return s.kind == kindOnce }

// String returns the canonical text of s, which Parse accepts and turns
// back into an equal Schedule. It is meant for storage; use Describe to
// show a schedule to people. The zero Schedule's text is empty.
func (s Schedule) String() string {
	at := " at " + s.clock()
	switch s.kind {
	case kindWeekly:
		if s.every == 2 {
			out := "every other " + joinEnglish(s.days.names()) + at
			if s.anchor != 0 {
				out += " from " + s.anchorDate().Format("2006-01-02")
			}
			return out
		}
		switch s.days {
		case allDays:
			return "every day" + at
		case weekdays:
			return "weekdays" + at
		case weekends:
			return "weekends" + at
		}
		return "every " + joinEnglish(s.days.names()) + at
	case kindNthWeekday:
		return s.nthWords() + " " + s.weekday.String() + " of the month" + at
	case kindMonthDay:
		return "every month on the " + ordinalNumber(s.dom) + at
	case kindOnce:
		return fmt.Sprintf("once on %04d-%02d-%02d", s.year, s.month, s.day) + at
	case kindCron:
		return s.cron.String()
	}
	return ""
}

// nthWords returns the ordinals of a monthly schedule, like "second and fourth".
func (s Schedule) nthWords() string {
	var words []string
	for _, n := range s.nths.list() {
		words = append(words, ordinalWord(n))
	}
	return joinEnglish(words)
}

// clock formats the time of day of a plain-words schedule as HH:MM.
func (s Schedule) clock() string { return fmt.Sprintf("%02d:%02d", s.hour, s.minute) }

// nextWall returns the first wall-clock occurrence of s strictly after the
// wall-clock time w. Wall-clock times are represented as time.Time values
// in UTC, where every day has 24 hours and every reading happens once.
func (s Schedule) nextWall(w time.Time) (time.Time, bool) {
	y, m, d := w.Date()
	switch s.kind {
	case kindWeekly:
		for i := range 15 {
			c := time.Date(y, m, d+i, s.hour, s.minute, 0, 0, time.UTC)
			if c.After(w) && s.days.has(c.Weekday()) && s.onWeek(c) {
				return c, true
			}
		}
	case kindNthWeekday:
		for i := range 3 {
			var best time.Time
			for _, n := range s.nths.list() {
				c := nthWeekday(y, m+time.Month(i), n, s.weekday)
				c = c.Add(time.Duration(s.hour)*time.Hour + time.Duration(s.minute)*time.Minute)
				if c.After(w) && (best.IsZero() || c.Before(best)) {
					best = c
				}
			}
			if !best.IsZero() {
				return best, true
			}
		}
	case kindMonthDay:
		// Every day from 1 to 31 appears at least once in any 13 months.
		for i := range 14 {
			first := time.Date(y, m+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
			if s.dom > daysIn(first.Year(), first.Month()) {
				continue
			}
			c := time.Date(first.Year(), first.Month(), s.dom, s.hour, s.minute, 0, 0, time.UTC)
			if c.After(w) {
				return c, true
			}
		}
	case kindOnce:
		c := time.Date(s.year, s.month, s.day, s.hour, s.minute, 0, 0, time.UTC)
		if c.After(w) {
			return c, true
		}
	case kindCron:
		return s.cron.nextWall(w)
	}
	return time.Time{}, false
}

// wallClock returns the local wall-clock reading of t in loc, as a time in
// UTC with the same year, month, day, hour, minute, second and nanosecond.
func wallClock(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// resolve turns the wall-clock time w (represented in UTC) into the first
// instant at which the clock of loc reads w or later. For an ordinary time
// that is the one instant with that reading; for a time repeated by a
// fall-back it is the earlier instant; for a time skipped by a
// spring-forward gap it is the instant of the jump.
//
// It does not rely on time.Date's handling of such times, which is
// unspecified. Instead it walks through the zone periods of loc around w,
// in order: within a period with UTC offset off, the clock reads
// instant+off, so the first instant of the period whose reading is at
// least w is max(period start, w-off), if that is before the period's end.
func resolve(w time.Time, loc *time.Location) time.Time {
	// Offsets are within ±15 hours, so the clock reads less than w at
	// this instant.
	t := w.Add(-30 * time.Hour)
	for range 100 {
		local := t.In(loc)
		_, off := local.Zone()
		_, end := local.ZoneBounds()
		c := w.Add(-time.Duration(off) * time.Second)
		if c.Before(t) {
			c = t
		}
		if end.IsZero() || c.Before(end) {
			return c.In(loc)
		}
		t = end
	}
	// Unreachable with real zone data: periods are not that short.
	_, off := w.In(loc).Zone()
	return w.Add(-time.Duration(off) * time.Second).In(loc)
}

// nthWeekday returns midnight (in UTC) of the nth weekday wd of the given
// month, where n is 1-4 or -1 for the last. The month may be out of range
// and is normalised as by time.Date.
func nthWeekday(year int, month time.Month, n int, wd time.Weekday) time.Time {
	if n < 0 {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	ahead := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, ahead+7*(n-1))
}

// daysIn returns the number of days in the given month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// names returns the English names of the days in d, Monday first.
func (d weekdaySet) names() []string {
	var names []string
	for i := range 7 {
		wd := time.Weekday((i + 1) % 7)
		if d.has(wd) {
			names = append(names, wd.String())
		}
	}
	return names
}

// joinEnglish joins items as "a", "a and b" or "a, b and c".
func joinEnglish(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// ordinalWord returns "first" to "fourth" for 1-4 and "last" for -1.
func ordinalWord(n int) string {
	switch n {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	case 4:
		return "fourth"
	case -1:
		return "last"
	}
	return strconv.Itoa(n)
}

// ordinalNumber returns "1st", "2nd", "3rd", "4th", ..., "31st".
func ordinalNumber(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Cron expressions.

// starBit is the bit robfig/cron sets in a field written as "*" or "?".
const starBit = 1 << 63

// spec returns the robfig/cron schedule for f, evaluated in UTC so that it
// runs in wall-clock space.
func (f cronFields) spec() *cron.SpecSchedule {
	return &cron.SpecSchedule{
		Second:   1, // second 0
		Minute:   f.minute,
		Hour:     f.hour,
		Dom:      f.dom,
		Month:    f.month,
		Dow:      f.dow,
		Location: time.UTC,
	}
}

// nextWall returns the first wall-clock time matching f strictly after w.
func (f cronFields) nextWall(w time.Time) (time.Time, bool) {
	spec := f.spec()
	// robfig/cron gives up after searching five years ahead, but a valid
	// expression can be sparser than that (29 February can be eight
	// years apart), so carry on from where it stopped a few times.
	for range 4 {
		if next := spec.Next(w); !next.IsZero() {
			return next, true
		}
		w = time.Date(w.Year()+5, time.December, 31, 23, 59, 59, 0, time.UTC)
	}
	return time.Time{}, false
}

// String renders f as a canonical five-field cron expression.
func (f cronFields) String() string {
	return strings.Join([]string{
		cronField(f.minute, 0, 59),
		cronField(f.hour, 0, 23),
		cronField(f.dom, 1, 31),
		cronField(f.month, 1, 12),
		cronField(f.dow, 0, 6),
	}, " ")
}

// cronField renders one field's bit set: "*", or a comma-separated list of
// numbers and ranges.
func cronField(set uint64, lo, hi int) string {
	if set&starBit != 0 {
		return "*"
	}
	var parts []string
	for i := lo; i <= hi; i++ {
		if set&(1<<i) == 0 {
			continue
		}
		j := i
		for j < hi && set&(1<<(j+1)) != 0 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(i))
		case j == i+1:
			parts = append(parts, strconv.Itoa(i), strconv.Itoa(j))
		default:
			parts = append(parts, strconv.Itoa(i)+"-"+strconv.Itoa(j))
		}
		i = j
	}
	return strings.Join(parts, ",")
}

// single returns the only value in a field's bit set.
func single(set uint64) (int, bool) {
	if set&starBit != 0 || bits.OnesCount64(set) != 1 {
		return 0, false
	}
	return bits.TrailingZeros64(set), true
}
