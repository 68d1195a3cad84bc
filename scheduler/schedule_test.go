package scheduler_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/kindred-bot/kindred/scheduler"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustParse(t testing.TB, text string) scheduler.Schedule {
	t.Helper()
	s, err := scheduler.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	return s
}

func mustTime(t testing.TB, value string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, value)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", value, err)
	}
	return tm
}

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		str      string
		describe string
		oneOff   bool
	}{
		{"every day at 09:00", "every day at 09:00", "every day at 09:00", false},
		{"daily at 9am", "every day at 09:00", "every day at 09:00", false},
		{"  Every   DAY  at  9 AM ", "every day at 09:00", "every day at 09:00", false},
		{"everyday 9am", "every day at 09:00", "every day at 09:00", false},
		{"every day at noon", "every day at 12:00", "every day at 12:00", false},
		{"every day at midnight", "every day at 00:00", "every day at 00:00", false},
		{"every day at 12am", "every day at 00:00", "every day at 00:00", false},
		{"every day at 12pm", "every day at 12:00", "every day at 12:00", false},
		{"every Tuesday at 19:00", "every Tuesday at 19:00", "every Tuesday at 19:00", false},
		{"every tuesday at 7pm", "every Tuesday at 19:00", "every Tuesday at 19:00", false},
		{"every tuesday at 7:30 pm", "every Tuesday at 19:30", "every Tuesday at 19:30", false},
		{"every tuesday at 7.30 p.m.", "every Tuesday at 19:30", "every Tuesday at 19:30", false},
		{"every tuesday at 19.00", "every Tuesday at 19:00", "every Tuesday at 19:00", false},
		{"tuesdays at 19:00", "every Tuesday at 19:00", "every Tuesday at 19:00", false},
		{"every tuesday and thursday at 19:00", "every Tuesday and Thursday at 19:00", "every Tuesday and Thursday at 19:00", false},
		{"every Mon, Wed, Fri at 18:30", "every Monday, Wednesday and Friday at 18:30", "every Monday, Wednesday and Friday at 18:30", false},
		{"every Mon,Wed & Fri at 6:30pm", "every Monday, Wednesday and Friday at 18:30", "every Monday, Wednesday and Friday at 18:30", false},
		{"weekly on sunday at 10:00", "every Sunday at 10:00", "every Sunday at 10:00", false},
		{"weekdays at 08:30", "weekdays at 08:30", "every weekday (Monday to Friday) at 08:30", false},
		{"every weekday at 8:30am", "weekdays at 08:30", "every weekday (Monday to Friday) at 08:30", false},
		{"weekends at 10:00", "weekends at 10:00", "every Saturday and Sunday at 10:00", false},
		{"weekdays and weekends at 10:00", "every day at 10:00", "every day at 10:00", false},
		{"first Monday of the month at 18:00", "first Monday of the month at 18:00", "on the first Monday of every month at 18:00", false},
		{"second tuesday of each month at 7pm", "second Tuesday of the month at 19:00", "on the second Tuesday of every month at 19:00", false},
		{"every 3rd wednesday of the month at 18:00", "third Wednesday of the month at 18:00", "on the third Wednesday of every month at 18:00", false},
		{"fourth thursday at 18:00", "fourth Thursday of the month at 18:00", "on the fourth Thursday of every month at 18:00", false},
		{"last Friday of the month at 17:30", "last Friday of the month at 17:30", "on the last Friday of every month at 17:30", false},
		{"every month on the 15th at 12:00", "every month on the 15th at 12:00", "on the 15th of every month at 12:00", false},
		{"monthly on the 1st at 9am", "every month on the 1st at 09:00", "on the 1st of every month at 09:00", false},
		{"on the 22 of every month at 12:00", "every month on the 22nd at 12:00", "on the 22nd of every month at 12:00", false},
		{"every month on the 31st at 12:00", "every month on the 31st at 12:00", "on the 31st of every month at 12:00 (skipped in months without a 31st)", false},
		{"once on 2026-12-24 at 17:00", "once on 2026-12-24 at 17:00", "once, on Thursday 24 December 2026 at 17:00", true},
		{"once on 2028-02-29 at 5pm", "once on 2028-02-29 at 17:00", "once, on Tuesday 29 February 2028 at 17:00", true},
		{"2026-12-24 at 17:00", "once on 2026-12-24 at 17:00", "once, on Thursday 24 December 2026 at 17:00", true},
		{"0 19 * * 2", "0 19 * * 2", "every Tuesday at 19:00", false},
		{"0 19 * * TUE", "0 19 * * 2", "every Tuesday at 19:00", false},
		{"30 8 * * mon-fri", "30 8 * * 1-5", "every weekday (Monday to Friday) at 08:30", false},
		{"0 12 15 * *", "0 12 15 * *", "on the 15th of every month at 12:00", false},
		{"0 * * * *", "0 * * * *", "every hour, on the hour", false},
		{"15 * * * *", "15 * * * *", "every hour at 15 minutes past", false},
		{"*/15 9-17 * * 1-5", "0,15,30,45 9-17 * * 1-5", `on the cron schedule "0,15,30,45 9-17 * * 1-5"`, false},
		{"0 0 1 jan *", "0 0 1 1 *", `on the cron schedule "0 0 1 1 *"`, false},
		{"0 0 29 2 *", "0 0 29 2 *", `on the cron schedule "0 0 29 2 *"`, false},
		{"@daily", "0 0 * * *", "every day at 00:00", false},
		{"@HOURLY", "0 * * * *", "every hour, on the hour", false},
		{"@weekly", "0 0 * * 0", "every Sunday at 00:00", false},
		{"@monthly", "0 0 1 * *", "on the 1st of every month at 00:00", false},
		{"@yearly", "0 0 1 1 *", `on the cron schedule "0 0 1 1 *"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s := mustParse(t, tt.in)
			if got := s.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := s.Describe(); got != tt.describe {
				t.Errorf("Describe() = %q, want %q", got, tt.describe)
			}
			if got := s.OneOff(); got != tt.oneOff {
				t.Errorf("OneOff() = %v, want %v", got, tt.oneOff)
			}
			again, err := scheduler.Parse(s.String())
			if err != nil {
				t.Fatalf("Parse(String()) = %v", err)
			}
			if again != s {
				t.Errorf("Parse(%q) = %#v, want %#v", s.String(), again, s)
			}
		})
	}
}

func TestParseEquivalent(t *testing.T) {
	tests := [][]string{
		{"every day at 09:00", "daily at 9am", "everyday at 9:00 AM", "every mon, tue, wed, thu, fri, sat and sun at 09.00"},
		{"weekdays at 08:30", "every Monday, Tuesday, Wednesday, Thursday and Friday at 8:30am"},
		{"0 19 * * 2", "0 19 * * tue", "0 19 ? * 2", "0 19 * * 2-2", "0  19  *  *  2"},
		{"0 0 * * *", "@daily", "@midnight", "0 0 ? * *"},
		{"0 0 1 1 *", "@yearly", "@annually"},
		{"*/30 * * * *", "0,30 * * * *", "0-59/30 * * * *"},
	}
	for _, group := range tests {
		want := mustParse(t, group[0])
		for _, text := range group[1:] {
			if got := mustParse(t, text); got != want {
				t.Errorf("Parse(%q) = %q, want the same as %q (%q)", text, got, group[0], want)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string // substrings of the error message
	}{
		{"every tusday at 7", []string{`I couldn't read "every tusday at 7": did you mean Tuesday? Try "every Tuesday at 19:00" or a cron expression like "0 19 * * 2".`}},
		{"every wensday at 6:30pm", []string{`did you mean Wednesday? Try "every Wednesday at 18:30" or a cron expression like "30 18 * * 3".`}},
		{"frist monday of the month at 18:00", []string{`did you mean "first"?`}},
		{"every blorp at 19:00", []string{`I don't know the word "blorp".`, `Try "every Tuesday at 19:00"`}},
		{"", []string{`I need a schedule`}},
		{"   ", []string{`I need a schedule`}},
		{"every tuesday", []string{`I need a time too. Try "every Tuesday at 19:00".`}},
		{"every tuesday at", []string{`I need a time after "at"`}},
		{"at 19:00", []string{`I need to know which days.`}},
		{"every day at 25:00", []string{`"25:00" isn't a time of day: hours go from 00 to 23.`}},
		{"every day at 24:00", []string{`hours go from 00 to 23`}},
		{"every day at 7:75", []string{`"7:75" isn't a time of day: minutes go from 00 to 59.`}},
		{"every day at 13pm", []string{`"13pm" isn't a time: with am or pm, hours go from 1 to 12.`}},
		{"every day at 0am", []string{`hours go from 1 to 12`}},
		{"every day at 7", []string{`"7" could be morning or evening. Write "7am", "7pm" or "19:00".`}},
		{"every day at 19", []string{`please write "19" as "19:00".`}},
		{"every day at 7:5", []string{`I don't understand the time "7:5"`}},
		{"every day at seven", []string{`I don't understand the time "seven"`}},
		{"every day at 9am and 5pm", []string{`has extra words`}},
		{"once on 2026-02-30 at 17:00", []string{`"2026-02-30" isn't a real date: February 2026 has 28 days.`}},
		{"once on 2027-02-29 at 17:00", []string{`February 2027 has 28 days`}},
		{"once on 2026-13-01 at 17:00", []string{`months go from 01 to 12`}},
		{"once on 24/12/2026 at 17:00", []string{`I don't understand the date "24/12/2026"`, `year-month-day`}},
		{"once at 17:00", []string{`I need a date.`}},
		{"every day on 2026-12-24 at 17:00", []string{`a one-off schedule has just a date and a time`}},
		{"every hour", []string{`"0 * * * *"`}},
		{"every year on christmas at 12:00", []string{`once a year`}},
		{"fifth friday of the month at 19:00", []string{`not every month has a fifth Friday. Try "last Friday of the month at 19:00".`}},
		{"last day of the month at 19:00", []string{`last day of the month`}},
		{"every month at 12:00", []string{`which day of the month`}},
		{"every month on the 32nd at 12:00", []string{`months have days 1 to 31`}},
		{"every month on the 0th at 12:00", []string{`months have days 1 to 31`}},
		{"0 19 * *", []string{`it has 4 fields`, `five fields`}},
		{"0 0 19 * * 2", []string{`doesn't use a seconds field`}},
		{"0 25 * * *", []string{`the hour field "25" doesn't work`}},
		{"60 * * * *", []string{`the minute field "60" doesn't work`}},
		{"0 0 0 * *", []string{`the day-of-month field "0" doesn't work`}},
		{"0 0 * 13 *", []string{`the month field "13" doesn't work`}},
		{"0 19 * * 7", []string{`the day-of-week field "7" doesn't work`, `Use 0 for Sunday.`}},
		{"0 19 * * funday", []string{`the day-of-week field "funday" doesn't work`}},
		{"0 0 31 2 *", []string{`it never happens`}},
		{"0 0 30,31 2 *", []string{`it never happens`}},
		{"0 TZ=x * * *", []string{`characters cron doesn't use`}},
		{"0 0 1 1 ,", []string{`the day-of-week field "," has an empty part`}},
		{"0 9,,17 * * *", []string{`the hour field "9,,17" has an empty part`}},
		{"@every 1h", []string{`@every isn't supported`}},
		{"@fortnightly", []string{`I don't know "@fortnightly"`}},
		{"@daily 0", []string{`stands on its own`}},
		{"CRON_TZ=Europe/London 0 9 * * *", []string{`server's time zone`}},
		{"TZ=UTC 0 9 * * *", []string{`server's time zone`}},
		{"cron_tz=UTC 0 9 * * *", []string{`server's time zone`}},
		{strings.Repeat("every day ", 30) + "at 9am", []string{`too long`, `…"`}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := scheduler.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want an error", tt.in, s)
			}
			if s != (scheduler.Schedule{}) {
				t.Errorf("Parse(%q) returned a non-zero Schedule with its error", tt.in)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "I couldn't read") && !strings.HasPrefix(msg, "I need a schedule") {
				t.Errorf("error %q does not start kindly", msg)
			}
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q\ndoes not contain %q", msg, want)
				}
			}
		})
	}
}

// TestNext checks occurrences, in particular across daylight-saving
// changes. Times are written with their offsets, so a wrong offset fails.
//
// In 2026, America/New_York springs forward on 8 March (02:00 -> 03:00)
// and falls back on 1 November (02:00 -> 01:00); Europe/London springs
// forward on 29 March (01:00 -> 02:00) and falls back on 25 October
// (02:00 -> 01:00); Australia/Sydney falls back on 5 April (03:00 -> 02:00)
// and springs forward on 4 October (02:00 -> 03:00).
func TestNext(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		schedule string
		after    string
		want     []string
	}{
		// Spring forward: a time in the gap happens once, at the jump.
		{"NY daily 02:30 spring forward", "America/New_York", "every day at 02:30", "2026-03-07T12:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"}},
		{"NY cron 02:30 spring forward", "America/New_York", "30 2 * * *", "2026-03-07T12:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"}},
		{"NY cron every 20 minutes in the gap", "America/New_York", "*/20 1-3 * * *", "2026-03-08T00:50:00-05:00",
			[]string{"2026-03-08T01:00:00-05:00", "2026-03-08T01:20:00-05:00", "2026-03-08T01:40:00-05:00",
				"2026-03-08T03:00:00-04:00", "2026-03-08T03:20:00-04:00", "2026-03-08T03:40:00-04:00",
				"2026-03-09T01:00:00-04:00"}},
		{"NY one-off in the gap", "America/New_York", "once on 2026-03-08 at 02:30", "2026-01-01T00:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00"}},
		{"London daily 01:30 spring forward", "Europe/London", "every day at 1:30am", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"}},
		{"London cron 01:30 spring forward", "Europe/London", "30 1 * * *", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"}},
		{"Sydney daily 02:30 spring forward", "Australia/Sydney", "every day at 02:30", "2026-10-03T12:00:00+10:00",
			[]string{"2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00"}},
		{"Sydney cron 02:30 spring forward", "Australia/Sydney", "30 2 * * *", "2026-10-03T12:00:00+10:00",
			[]string{"2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00"}},

		// Fall back: a repeated time happens once, at its first instant.
		{"NY daily 01:30 fall back", "America/New_York", "every day at 01:30", "2026-10-31T12:00:00-04:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"NY cron 01:30 fall back", "America/New_York", "30 1 * * *", "2026-10-31T12:00:00-04:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"NY daily 01:30 from between the two 01:30s", "America/New_York", "every day at 01:30", "2026-11-01T01:45:00-04:00",
			[]string{"2026-11-02T01:30:00-05:00"}},
		{"NY daily 01:30 from the second 01:10", "America/New_York", "every day at 01:30", "2026-11-01T01:10:00-05:00",
			[]string{"2026-11-02T01:30:00-05:00"}},
		{"NY cron 01:30 from the second 01:10", "America/New_York", "30 1 * * *", "2026-11-01T01:10:00-05:00",
			[]string{"2026-11-02T01:30:00-05:00"}},
		{"NY daily 01:30 from the first 01:30", "America/New_York", "every day at 01:30", "2026-11-01T01:30:00-04:00",
			[]string{"2026-11-02T01:30:00-05:00"}},
		{"NY hourly fall back", "America/New_York", "0 * * * *", "2026-11-01T00:30:00-04:00",
			[]string{"2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"}},
		{"NY hourly from inside the repeated hour", "America/New_York", "0 * * * *", "2026-11-01T01:15:00-05:00",
			[]string{"2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"}},
		{"NY half-hourly fall back", "America/New_York", "*/30 * * * *", "2026-11-01T00:45:00-04:00",
			[]string{"2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T02:00:00-05:00"}},
		{"London daily 01:30 fall back", "Europe/London", "every day at 01:30", "2026-10-24T12:00:00+01:00",
			[]string{"2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00Z"}},
		{"London hourly fall back", "Europe/London", "@hourly", "2026-10-25T00:30:00+01:00",
			[]string{"2026-10-25T01:00:00+01:00", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"}},
		{"Sydney daily 02:30 fall back", "Australia/Sydney", "every day at 02:30", "2026-04-04T12:00:00+11:00",
			[]string{"2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00"}},
		{"Sydney cron 02:30 fall back", "Australia/Sydney", "30 2 * * *", "2026-04-04T12:00:00+11:00",
			[]string{"2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00"}},
		{"Sydney hourly fall back", "Australia/Sydney", "0 * * * *", "2026-04-05T01:30:00+11:00",
			[]string{"2026-04-05T02:00:00+11:00", "2026-04-05T03:00:00+10:00", "2026-04-05T04:00:00+10:00"}},

		// Calendar rules.
		{"first Monday", "America/New_York", "first Monday of the month at 18:00", "2026-01-01T00:00:00-05:00",
			[]string{"2026-01-05T18:00:00-05:00", "2026-02-02T18:00:00-05:00", "2026-03-02T18:00:00-05:00", "2026-04-06T18:00:00-04:00"}},
		{"first Monday from that evening", "America/New_York", "first Monday of the month at 18:00", "2026-01-05T18:00:00-05:00",
			[]string{"2026-02-02T18:00:00-05:00"}},
		{"last Friday", "Europe/London", "last Friday of the month at 17:30", "2026-01-01T00:00:00Z",
			[]string{"2026-01-30T17:30:00Z", "2026-02-27T17:30:00Z", "2026-03-27T17:30:00Z", "2026-04-24T17:30:00+01:00"}},
		{"fourth Thursday", "America/New_York", "fourth Thursday of the month at 12:00", "2026-11-01T00:00:00-04:00",
			[]string{"2026-11-26T12:00:00-05:00", "2026-12-24T12:00:00-05:00"}},
		{"31st skips short months", "Australia/Sydney", "every month on the 31st at 09:00", "2026-01-31T09:00:00+11:00",
			[]string{"2026-03-31T09:00:00+11:00", "2026-05-31T09:00:00+10:00", "2026-07-31T09:00:00+10:00"}},
		{"weekdays", "Europe/London", "weekdays at 08:30", "2026-03-27T09:00:00Z",
			[]string{"2026-03-30T08:30:00+01:00", "2026-03-31T08:30:00+01:00"}},
		{"Tuesday and Thursday", "America/New_York", "every tuesday and thursday at 7pm", "2026-03-05T19:00:00-05:00",
			[]string{"2026-03-10T19:00:00-04:00", "2026-03-12T19:00:00-04:00", "2026-03-17T19:00:00-04:00"}},
		{"cron day of month or day of week", "UTC", "0 9 1 * 1", "2026-05-30T00:00:00Z",
			[]string{"2026-06-01T09:00:00Z", "2026-06-08T09:00:00Z", "2026-06-15T09:00:00Z"}},
		{"29 February, eight years apart", "UTC", "0 0 29 2 *", "2097-01-01T00:00:00Z",
			[]string{"2104-02-29T00:00:00Z"}},
		{"after with seconds", "UTC", "every day at 09:00", "2026-06-01T09:00:00.5Z",
			[]string{"2026-06-02T09:00:00Z"}},

		// One-offs.
		{"one-off ahead", "Europe/London", "once on 2026-12-24 at 17:00", "2026-06-01T00:00:00Z",
			[]string{"2026-12-24T17:00:00Z"}},
		{"one-off at the moment itself", "Europe/London", "once on 2026-12-24 at 17:00", "2026-12-24T17:00:00Z",
			nil},
		{"one-off in the past", "America/New_York", "once on 2026-12-24 at 17:00", "2027-01-01T00:00:00Z",
			nil},
		{"one-off on the repeated hour", "America/New_York", "once on 2026-11-01 at 01:30", "2026-11-01T01:31:00-04:00",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			s := mustParse(t, tt.schedule)
			after := mustTime(t, tt.after)

			// Ask for one more than expected: one-offs must stop, and
			// recurring schedules must continue past the list.
			got := s.NextN(after, loc, len(tt.want)+1)
			if s.OneOff() && len(got) > len(tt.want) {
				t.Errorf("one-off gave extra occurrence %v", got[len(tt.want)])
			}
			for i, want := range tt.want {
				if i >= len(got) {
					t.Fatalf("NextN gave %d occurrences, want at least %d", len(got), len(tt.want))
				}
				if !got[i].Equal(mustTime(t, want)) || got[i].Location() != loc {
					t.Errorf("occurrence %d = %s, want %s in %s", i, got[i].Format(time.RFC3339), want, loc)
				}
			}

			next, ok := s.Next(after, loc)
			if len(tt.want) == 0 {
				if ok {
					t.Errorf("Next = %v, true; want none", next)
				}
				return
			}
			if !ok || !next.Equal(mustTime(t, tt.want[0])) {
				t.Errorf("Next = %v, %v; want %s, true", next, ok, tt.want[0])
			}
		})
	}
}

// TestNextOncePerDay checks that a daily schedule happens exactly once on
// every local day of a year, whatever the time of day and zone.
func TestNextOncePerDay(t *testing.T) {
	zones := []string{"America/New_York", "Europe/London", "Australia/Sydney", "America/Santiago", "Australia/Lord_Howe", "UTC"}
	clocks := []string{"00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "23:30"}
	for _, zone := range zones {
		loc := mustLoad(t, zone)
		for _, c := range clocks {
			var h, m int
			fmt.Sscanf(c, "%d:%d", &h, &m)
			for _, text := range []string{"every day at " + c, fmt.Sprintf("%d %d * * *", m, h)} {
				s := mustParse(t, text)
				start := time.Date(2025, time.December, 31, 23, 59, 0, 0, loc)
				got := s.NextN(start, loc, 365)
				if len(got) != 365 {
					t.Fatalf("%s in %s: %d occurrences, want 365", text, zone, len(got))
				}
				for i, occ := range got {
					want := start.AddDate(0, 0, i+1)
					if occ.Year() != want.Year() || occ.YearDay() != want.YearDay() {
						t.Errorf("%s in %s: occurrence %d is %s, want it on %s", text, zone, i, occ, want.Format(time.DateOnly))
						break
					}
					if occ.Hour()*60+occ.Minute() < h*60+m {
						t.Errorf("%s in %s: occurrence %s is before %s", text, zone, occ, c)
						break
					}
				}
			}
		}
	}
}

// TestNextFromAnywhere checks that Next from any instant gives the first
// occurrence after it, and that occurrences strictly increase with
// distinct wall-clock readings, around each zone's transitions.
func TestNextFromAnywhere(t *testing.T) {
	windows := []struct {
		zone  string
		start string
	}{
		{"America/New_York", "2026-03-07T22:00:00-05:00"},
		{"America/New_York", "2026-10-31T22:00:00-04:00"},
		{"Europe/London", "2026-03-28T22:00:00Z"},
		{"Europe/London", "2026-10-24T22:00:00+01:00"},
		{"Australia/Sydney", "2026-04-04T22:00:00+11:00"},
		{"Australia/Sydney", "2026-10-03T22:00:00+10:00"},
		{"Australia/Lord_Howe", "2026-04-04T22:00:00+11:00"},
	}
	schedules := []string{"0 * * * *", "*/30 * * * *", "*/7 0-4 * * *", "45 1,2 * * *", "every day at 01:30", "every day at 02:30"}
	for _, w := range windows {
		loc := mustLoad(t, w.zone)
		start := mustTime(t, w.start)
		for _, text := range schedules {
			s := mustParse(t, text)
			all := s.NextN(start, loc, 40)
			seen := map[string]bool{}
			for i, occ := range all {
				if i > 0 && !occ.After(all[i-1]) {
					t.Errorf("%s in %s: occurrence %s does not follow %s", text, w.zone, occ, all[i-1])
				}
				wall := occ.In(loc).Format(time.DateTime)
				if seen[wall] {
					t.Errorf("%s in %s: wall-clock time %s occurs twice", text, w.zone, wall)
				}
				seen[wall] = true
			}
			end := all[len(all)-1]
			for after := start; after.Before(end); after = after.Add(7*time.Minute + 13*time.Second) {
				var want time.Time
				for _, occ := range all {
					if occ.After(after) {
						want = occ
						break
					}
				}
				if got, ok := s.Next(after, loc); !ok || !got.Equal(want) {
					t.Errorf("%s in %s: Next(%s) = %s, want %s", text, w.zone, after.In(loc), got, want)
				}
			}
		}
	}
}

func TestNextNilLocationAndZero(t *testing.T) {
	s := mustParse(t, "every day at 09:00")
	got, ok := s.Next(mustTime(t, "2026-06-01T10:00:00+02:00"), nil)
	if want := mustTime(t, "2026-06-01T09:00:00Z"); !ok || !got.Equal(want) {
		t.Errorf("Next with nil location = %v, %v; want %v (UTC)", got, ok, want)
	}

	var zero scheduler.Schedule
	if _, ok := zero.Next(time.Now(), time.UTC); ok {
		t.Error("zero Schedule has an occurrence")
	}
	if got := zero.NextN(time.Now(), time.UTC, 3); len(got) != 0 {
		t.Errorf("zero Schedule NextN = %v", got)
	}
	if zero.String() != "" || zero.OneOff() {
		t.Errorf("zero Schedule: String() = %q, OneOff() = %v", zero.String(), zero.OneOff())
	}
	if got := s.NextN(time.Now(), time.UTC, 0); len(got) != 0 {
		t.Errorf("NextN(0) = %v", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"every day at 09:00", "daily at 9am", "every Tuesday at 19:00", "every tuesday and thursday at 19:00",
		"every Mon, Wed, Fri at 18:30", "weekdays at 08:30", "weekends at 10:00", "first Monday of the month at 18:00",
		"last friday of the month at 5:30 p.m.", "every month on the 15th at 12:00", "once on 2026-12-24 at 17:00",
		"every tusday at 7", "0 19 * * 2", "*/15 9-17 * * mon-fri", "@daily", "@every 1h", "CRON_TZ=UTC 0 0 * * *",
		"0 0 30 2 *", "0 TZ= * * *", "1-2-3 * * * *", "*/0 * * * *", "0 0 29 2 *", "2026-02-30 at 9am", "at at at",
	} {
		f.Add(seed)
	}
	loc := mustLoad(f, "America/New_York")
	after := time.Date(2026, time.November, 1, 1, 15, 0, 0, loc)
	f.Fuzz(func(t *testing.T, text string) {
		s, err := scheduler.Parse(text)
		if err != nil {
			if s != (scheduler.Schedule{}) {
				t.Errorf("Parse(%q) returned a Schedule with its error", text)
			}
			return
		}
		canonical := s.String()
		again, err := scheduler.Parse(canonical)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, but Parse(%q) = %v", text, canonical, canonical, err)
		}
		if again != s {
			t.Fatalf("Parse(%q) = %q does not round-trip: got %#v, want %#v", text, canonical, again, s)
		}
		if s.Describe() == "" {
			t.Errorf("Parse(%q).Describe() is empty", text)
		}
		prev := after
		for _, occ := range s.NextN(after, loc, 3) {
			if !occ.After(prev) {
				t.Errorf("Parse(%q): occurrence %v does not follow %v", text, occ, prev)
			}
			prev = occ
		}
	})
}

func ExampleParse() {
	s, err := scheduler.Parse("every tuesday and thursday at 7pm")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	fmt.Println(s.Describe())

	loc, _ := time.LoadLocation("America/New_York")
	after := time.Date(2026, time.March, 5, 12, 0, 0, 0, loc)
	for _, t := range s.NextN(after, loc, 3) {
		fmt.Println(t.Format("Mon 2 Jan 15:04 MST"))
	}

	_, err = scheduler.Parse("every tusday at 7")
	fmt.Println(err)
	// Output:
	// every Tuesday and Thursday at 19:00
	// every Tuesday and Thursday at 19:00
	// Thu 5 Mar 19:00 EST
	// Tue 10 Mar 19:00 EDT
	// Thu 12 Mar 19:00 EDT
	// I couldn't read "every tusday at 7": did you mean Tuesday? Try "every Tuesday at 19:00" or a cron expression like "0 19 * * 2".
}

func ExampleSchedule_Next() {
	s, _ := scheduler.Parse("every day at 02:30")
	loc, _ := time.LoadLocation("America/New_York")

	// 02:30 does not exist on 8 March 2026 in New York: the clocks jump
	// from 02:00 to 03:00, so that day's occurrence is at 03:00.
	after := time.Date(2026, time.March, 7, 12, 0, 0, 0, loc)
	for _, t := range s.NextN(after, loc, 2) {
		fmt.Println(t)
	}
	// Output:
	// 2026-03-08 03:00:00 -0400 EDT
	// 2026-03-09 02:30:00 -0400 EDT
}
