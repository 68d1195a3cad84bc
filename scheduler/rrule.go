package scheduler

import (
	"fmt"
	"strings"
	"time"
)

// RRule returns the iCalendar (RFC 5545) recurrence rule of s, such as
// "FREQ=WEEKLY;BYDAY=TU", for calendars that repeat the event themselves.
// It reports false for a one-off schedule and for cron expressions, which
// calendars get as separate dates instead.
func (s Schedule) RRule() (string, bool) {
	switch s.kind {
	case kindWeekly:
		if s.days == allDays && s.every < 2 {
			return "FREQ=DAILY", true
		}
		var days []string
		for d := time.Sunday; d <= time.Saturday; d++ {
			if s.days.has(d) {
				days = append(days, icalDay(d))
			}
		}
		rule := "FREQ=WEEKLY;BYDAY=" + strings.Join(days, ",")
		if s.every == 2 {
			// Every other week: DTSTART (the first date) fixes which weeks.
			rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + strings.Join(days, ",")
		}
		return rule, true
	case kindNthWeekday:
		var days []string
		for _, n := range s.nths.list() {
			days = append(days, fmt.Sprintf("%d%s", n, icalDay(s.weekday)))
		}
		return "FREQ=MONTHLY;BYDAY=" + strings.Join(days, ","), true
	case kindMonthDay:
		// Months without that day are skipped, as RFC 5545 does too.
		return fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", s.dom), true
	}
	return "", false
}

func icalDay(d time.Weekday) string { return strings.ToUpper(d.String()[:2]) }
