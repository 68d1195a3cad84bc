package scheduler_test

import (
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/scheduler"
)

// Words that start with a number are read as words, and a refusal says
// what would work instead of talking about cron fields.
func TestWordsStartingWithANumberAreNotCron(t *testing.T) {
	for _, text := range []string{
		"2nd and 4th thursday at 18:00",
		"1st monday at 9am",
		"3rd of the month at 10:00",
	} {
		_, err := scheduler.Parse(text)
		if err == nil {
			continue // a later schedule form may accept it
		}
		msg := err.Error()
		if strings.Contains(msg, "field") || strings.Contains(msg, "cron expression has five") {
			t.Errorf("Parse(%q) = %q: talks about cron fields", text, msg)
		}
		if !strings.Contains(msg, "Try ") && !strings.Contains(msg, "like ") {
			t.Errorf("Parse(%q) = %q: doesn't say what would work", text, msg)
		}
	}
	if _, err := scheduler.Parse("0 19 * * 2"); err != nil {
		t.Errorf("cron still works: %v", err)
	}
	if _, err := scheduler.Parse("0 19 * * MON"); err != nil {
		t.Errorf("cron with day names still works: %v", err)
	}
}
