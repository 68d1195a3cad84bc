package scheduler

import (
	"fmt"
	"strconv"
	"time"

	"github.com/kindred-bot/kindred/i18n"
)

// Describe returns a friendly English description of s, such as
// "every Tuesday at 19:00", for showing to moderators and members.
func (s Schedule) Describe() string { return s.DescribeIn(i18n.For(i18n.Base)) }

// DescribeIn describes s in p's language, as a native speaker writes a
// schedule: "todos los martes a las 19:00", "jeden Dienstag um 19:00
// Uhr". Its messages are schedule.* in the catalogue (schedule.toml).
// Except for every-other-week schedules with a start date, the result
// is text Parse reads back as s.
func (s Schedule) DescribeIn(p *i18n.Printer) string {
	at := s.timeIn(p)
	switch s.kind {
	case kindWeekly:
		if s.every == 2 {
			d := s.weeklyIn(p, "biweekly", "days_other", at)
			if s.anchor != 0 {
				d = p.T("schedule.biweekly_from", "Schedule", d, "Date", p.Date(s.anchorDate(), i18n.Day))
			}
			return d
		}
		return describeDaysIn(p, s.days, at)
	case kindNthWeekday:
		fem := listItem(p.T("schedule.days_fem"), int(s.weekday)) == "yes"
		id, ords := "schedule.nth", "schedule.ordinals"
		if fem {
			id, ords = "schedule.nth_fem", "schedule.ordinals_fem"
		}
		var words []string
		for _, n := range s.nths.list() {
			i := n - 1
			if n < 0 {
				i = 4
			}
			words = append(words, listItem(p.T(ords), i))
		}
		return p.T(id, "Nths", p.List(words), "Day", listItem(p.T("schedule.days_nth"), int(s.weekday)), "Time", at)
	case kindMonthDay:
		day := dayNumberIn(p, s.dom)
		d := p.T("schedule.monthday", "Day", day, "Time", at)
		if s.dom > 28 {
			d = p.T("schedule.monthday_skip", "Schedule", d, "Day", day)
		}
		return d
	case kindOnce:
		date := time.Date(s.year, s.month, s.day, 0, 0, 0, 0, time.UTC)
		return p.T("schedule.once", "Weekday", weekdayName(p, date.Weekday()), "Date", p.Date(date, i18n.Day), "Time", at)
	case kindCron:
		return s.cron.describeIn(p)
	}
	return p.T("schedule.never")
}

// typable returns s as text to suggest typing: its canonical text in
// English, its description (which Parse reads) in other languages.
func (s Schedule) typable(p *i18n.Printer) string {
	if p.Lang() == i18n.Base {
		return s.String()
	}
	return s.DescribeIn(p)
}

// timeIn writes the time of day of s in p's language.
func (s Schedule) timeIn(p *i18n.Printer) string {
	return clockIn(p, s.hour, s.minute)
}

func clockIn(p *i18n.Printer, hour, minute int) string {
	return p.T("schedule.clock", "Hour", fmt.Sprintf("%02d", hour), "Minute", fmt.Sprintf("%02d", minute))
}

// weeklyIn writes a weekly schedule with message prefix_one (one day,
// named from the list one) or prefix_many.
func (s Schedule) weeklyIn(p *i18n.Printer, prefix, one, at string) string {
	days := s.days.list()
	if len(days) == 1 {
		return p.T("schedule."+prefix+"_one", "Day", listItem(p.T("schedule."+one), int(days[0])), "Time", at)
	}
	var names []string
	for _, d := range days {
		names = append(names, listItem(p.T("schedule.days_many"), int(d)))
	}
	return p.T("schedule."+prefix+"_many", "Days", p.List(names), "Time", at)
}

// describeDaysIn writes a weekly schedule on the days d.
func describeDaysIn(p *i18n.Printer, d weekdaySet, at string) string {
	switch d {
	case allDays:
		return p.T("schedule.every_day", "Time", at)
	case weekdays:
		return p.T("schedule.weekdays", "Time", at)
	}
	return Schedule{days: d}.weeklyIn(p, "weekly", "days_one", at)
}

// list returns the days in d, Monday first.
func (d weekdaySet) list() []time.Weekday {
	var out []time.Weekday
	for i := range 7 {
		if wd := time.Weekday((i + 1) % 7); d.has(wd) {
			out = append(out, wd)
		}
	}
	return out
}

// dayNumberIn writes a day of the month: "15th", "15.", "1er".
func dayNumberIn(p *i18n.Printer, n int) string {
	if p.Lang() == i18n.Base {
		return ordinalNumber(n)
	}
	if n == 1 {
		return p.T("schedule.day_number_first")
	}
	return p.T("schedule.day_number", "N", strconv.Itoa(n))
}

// describeIn puts common cron expressions into words, and quotes the others.
func (f cronFields) describeIn(p *i18n.Printer) string {
	minute, oneMinute := single(f.minute)
	hour, oneHour := single(f.hour)
	anyDom := f.dom&starBit != 0
	anyMonth := f.month&starBit != 0
	anyDow := f.dow&starBit != 0
	if anyMonth && oneMinute {
		at := clockIn(p, hour, minute)
		switch {
		case oneHour && anyDom && anyDow:
			return p.T("schedule.every_day", "Time", at)
		case oneHour && anyDom:
			return describeDaysIn(p, weekdaySet(f.dow&uint64(allDays)), at)
		case oneHour && anyDow:
			if dom, ok := single(f.dom); ok {
				return p.T("schedule.monthday", "Day", dayNumberIn(p, dom), "Time", at)
			}
		case f.hour&starBit != 0 && anyDom && anyDow:
			if minute == 0 {
				return p.T("schedule.hourly")
			}
			return p.N("schedule.hourly_past", minute)
		}
	}
	return p.T("schedule.cron", "Cron", strconv.Quote(f.String()))
}
