package scheduler_test

import (
	"testing"

	"github.com/kindred-bot/kindred/scheduler"
)

func TestRRule(t *testing.T) {
	tests := []struct {
		schedule, want string
		ok             bool
	}{
		{"every day at 09:00", "FREQ=DAILY", true},
		{"weekdays at 12:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", true},
		{"every Tuesday and Thursday at 19:00", "FREQ=WEEKLY;BYDAY=TU,TH", true},
		{"first Monday of the month at 18:30", "FREQ=MONTHLY;BYDAY=1MO", true},
		{"last Friday of the month at 18:30", "FREQ=MONTHLY;BYDAY=-1FR", true},
		{"every month on the 15th at 10:00", "FREQ=MONTHLY;BYMONTHDAY=15", true},
		{"once on 2027-01-15 at 10:00", "", false},
		{"0 9 * * 1-5", "", false},
	}
	for _, tt := range tests {
		s, err := scheduler.Parse(tt.schedule)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.schedule, err)
		}
		got, ok := s.RRule()
		if got != tt.want || ok != tt.ok {
			t.Errorf("RRule(%q) = %q, %v; want %q, %v", tt.schedule, got, ok, tt.want, tt.ok)
		}
	}
}
