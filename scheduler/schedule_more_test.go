package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/scheduler"
)

// TestParseGroupSchedules covers the schedules groups keep: every other
// week, day ranges, several ordinals in a month and 24-hour times.
func TestParseGroupSchedules(t *testing.T) {
	tests := []struct {
		in, str, describe string
	}{
		{"every other tuesday at 19:00", "every other Tuesday at 19:00", "every other Tuesday at 19:00"},
		{"biweekly on tuesday at 19:00", "every other Tuesday at 19:00", "every other Tuesday at 19:00"},
		{"bi-weekly on tuesday at 7pm", "every other Tuesday at 19:00", "every other Tuesday at 19:00"},
		{"fortnightly on monday and thursday at 18:00", "every other Monday and Thursday at 18:00", "every other Monday and Thursday at 18:00"},
		{"every other week on friday at 1900", "every other Friday at 19:00", "every other Friday at 19:00"},
		{"every other Tuesday at 19:00 from 2026-12-08", "every other Tuesday at 19:00 from 2026-12-08", "every other Tuesday at 19:00, starting the week of 8 December 2026"},
		{"mon-fri at 8:00", "weekdays at 08:00", "every weekday (Monday to Friday) at 08:00"},
		{"Mon–Fri at 8:00", "weekdays at 08:00", "every weekday (Monday to Friday) at 08:00"},
		{"monday to friday at 0800", "weekdays at 08:00", "every weekday (Monday to Friday) at 08:00"},
		{"fri-mon at 10:00", "every Monday, Friday, Saturday and Sunday at 10:00", "every Monday, Friday, Saturday and Sunday at 10:00"},
		{"weekdays at 8:00", "weekdays at 08:00", "every weekday (Monday to Friday) at 08:00"},
		{"weekdays 0830", "weekdays at 08:30", "every weekday (Monday to Friday) at 08:30"},
		{"every day at 830", "every day at 08:30", "every day at 08:30"},
		{"every day at 20h30", "every day at 20:30", "every day at 20:30"},
		{"2nd and 4th thursday at 18:00", "second and fourth Thursday of the month at 18:00", "on the second and fourth Thursday of every month at 18:00"},
		{"first & third monday of the month at 6pm", "first and third Monday of the month at 18:00", "on the first and third Monday of every month at 18:00"},
		{"1st, 3rd and last sunday at 10:00", "first, third and last Sunday of the month at 10:00", "on the first, third and last Sunday of every month at 10:00"},
		{"last friday of the month at 17:30", "last Friday of the month at 17:30", "on the last Friday of every month at 17:30"},
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
			if again := mustParse(t, s.String()); again != s {
				t.Errorf("Parse(String()) = %#v, want %#v", again, s)
			}
		})
	}
}

func TestParseGroupScheduleErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"every other day at 19:00", `Try "every Monday, Wednesday and Friday at 19:00"`},
		{"every other week at 19:00", `I need to know which day of the week. Try "every other Tuesday at 19:00"`},
		{"every other first monday at 19:00", `don't go together`},
		{"every tuesday at 19:00 from 2026-12-08", `a start date only goes with every-other-week schedules`},
		{"every other tuesday at 19:00 from 2026-02-30", `start date`},
		{"2nd and fifth thursday at 18:00", `not every month has a fifth Thursday`},
		{"every day at 2460", `hours go from 00 to 23`},
		{"every day at 0875", `minutes go from 00 to 59`},
		{"every day at 08300", `I don't understand the time`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := scheduler.Parse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse(%q) = %v, want an error containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestNextGroupSchedules(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	// Wednesday 2 December 2026, 12:00 in London.
	now := mustTime(t, "2026-12-02T12:00:00Z")
	tests := []struct {
		text     string
		anchored bool
		want     []string
	}{
		// Anchored at creation: the first date is the nearest Tuesday.
		{"every other tuesday at 19:00", true, []string{"2026-12-08T19:00:00Z", "2026-12-22T19:00:00Z", "2027-01-05T19:00:00Z"}},
		{"every other wednesday at 19:00", true, []string{"2026-12-02T19:00:00Z", "2026-12-16T19:00:00Z", "2026-12-30T19:00:00Z"}},
		{"every other wednesday at 09:00", true, []string{"2026-12-09T09:00:00Z", "2026-12-23T09:00:00Z", "2027-01-06T09:00:00Z"}},
		{"biweekly on monday and thursday at 18:00", true, []string{"2026-12-03T18:00:00Z", "2026-12-14T18:00:00Z", "2026-12-17T18:00:00Z", "2026-12-28T18:00:00Z"}},
		// Explicit start date, read back as stored.
		{"every other tuesday at 19:00 from 2026-12-15", false, []string{"2026-12-15T19:00:00Z", "2026-12-29T19:00:00Z"}},
		{"2nd and 4th thursday at 18:00", false, []string{"2026-12-10T18:00:00Z", "2026-12-24T18:00:00Z", "2027-01-14T18:00:00Z", "2027-01-28T18:00:00Z"}},
		{"first and last monday at 18:00", false, []string{"2026-12-07T18:00:00Z", "2026-12-28T18:00:00Z", "2027-01-04T18:00:00Z", "2027-01-25T18:00:00Z"}},
		{"mon-fri at 0800", false, []string{"2026-12-03T08:00:00Z", "2026-12-04T08:00:00Z", "2026-12-07T08:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			s := mustParse(t, tt.text)
			if tt.anchored {
				s = s.Anchored(now, london)
				// What is stored reads back to the same dates later.
				s = mustParse(t, s.String())
			}
			got := s.NextN(now, london, len(tt.want))
			if len(got) != len(tt.want) {
				t.Fatalf("NextN = %v, want %v", got, tt.want)
			}
			for i := range got {
				if want := mustTime(t, tt.want[i]); !got[i].Equal(want) {
					t.Errorf("occurrence %d = %v, want %v", i, got[i].UTC(), want)
				}
			}
		})
	}
}

// TestBiweeklyStableAcrossRestarts checks that an every-other-week
// schedule keeps its weeks when read again much later, anchored or not.
func TestBiweeklyStableAcrossRestarts(t *testing.T) {
	created := mustTime(t, "2026-12-02T12:00:00Z")
	later := created.Add(9 * 7 * 24 * time.Hour) // nine weeks on
	for _, text := range []string{"every other tuesday at 19:00", "every other saturday at 10:00"} {
		for _, anchor := range []bool{false, true} {
			s := mustParse(t, text)
			if anchor {
				s = s.Anchored(created, time.UTC)
			}
			stored := s.String()
			all := mustParse(t, stored).NextN(created, time.UTC, 12)
			again := mustParse(t, stored).NextN(later, time.UTC, 3)
			found := 0
			for _, a := range again {
				for _, b := range all {
					if a.Equal(b) {
						found++
					}
				}
			}
			if found != len(again) {
				t.Errorf("%q (anchored %v): dates from a later start %v are not among %v", text, anchor, again, all)
			}
			for i := 1; i < len(all); i++ {
				if d := all[i].Sub(all[i-1]); d != 14*24*time.Hour {
					t.Errorf("%q: gap %v between %v and %v, want 14 days", text, d, all[i-1], all[i])
				}
			}
		}
	}
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"19:00", "19:00", ""},
		{"0830", "08:30", ""},
		{"830", "08:30", ""},
		{"7pm", "19:00", ""},
		{"7:30 PM", "19:30", ""},
		{"8 a.m.", "08:00", ""},
		{"20h30", "20:30", ""},
		{"20h", "20:00", ""},
		{"noon", "12:00", ""},
		{"", "", `I need a time`},
		{"7", "", `"7" could be morning or evening. Write "7am", "7pm" or "19:00".`},
		{"2500", "", `hours go from 00 to 23`},
		{"soon", "", `Write it like "19:00", "0830", "7pm" or "7:30 pm".`},
	}
	for _, tt := range tests {
		got, err := scheduler.ParseTimeOfDay(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseTimeOfDay(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseTimeOfDay(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
		}
	}
}
