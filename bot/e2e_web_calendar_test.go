package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/kindred-bot/kindred/data"
)

// meetingFixture makes a weekly meeting with one cancelled date.
func meetingFixture(t *testing.T, h *harness) (data.Meeting, time.Time) {
	t.Helper()
	ctx := context.Background()
	g := h.guild.ID
	alice := h.member("alice").User.ID
	for k, v := range map[string]string{data.FeatureWebHub: "on", data.SettingTimeZone: "Europe/London"} {
		if _, err := h.store.SetSetting(ctx, g, alice, k, v); err != nil {
			t.Fatal(err)
		}
	}
	d, err := h.store.CreateMeetingDraft(ctx, data.Meeting{GuildID: g, CreatedBy: alice, Title: "Tuesday evening group",
		Schedule: "every Tuesday at 19:00", Duration: time.Hour, Location: "https://meet.example.org/peer",
		ChannelID: h.guild.ChannelID("general"), Reminders: []time.Duration{time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := h.store.ConfirmMeetingDraft(ctx, g, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-12-08 19:00 London is a Tuesday; cancel it.
	london, _ := time.LoadLocation("Europe/London")
	cancel := time.Date(2026, 12, 8, 19, 0, 0, 0, london)
	if _, err := h.store.CancelOccurrence(ctx, g, m.ID, cancel, nil); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	return m, cancel
}

func TestWebCalendarFeeds(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	b := s.browser(t)
	m, cancelled := meetingFixture(t, h)
	g := h.guild.ID
	for _, path := range []string{"/" + g + "/meetings.ics", "/" + g + "/meeting-" + itoa(m.ID) + ".ics"} {
		resp, body := b.get(path)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
		if err != nil {
			t.Fatalf("%s does not parse as iCalendar: %v\n%s", path, err, body)
		}
		var re bytes.Buffer
		if err := ical.NewEncoder(&re).Encode(cal); err != nil {
			t.Fatalf("%s lacks required iCalendar properties: %v", path, err)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%s has %d events, want 1", path, len(events))
		}
		e := events[0]
		uid, _ := e.Props.Text(ical.PropUID)
		if want := "meeting-" + itoa(m.ID) + "@"; !strings.HasPrefix(uid, want) {
			t.Fatalf("UID = %q, want %s…", uid, want)
		}
		if loc, _ := e.Props.Text(ical.PropLocation); loc != "https://meet.example.org/peer" {
			t.Fatalf("LOCATION = %q", loc)
		}
		start := e.Props.Get(ical.PropDateTimeStart)
		if start.Params.Get("TZID") != "Europe/London" {
			t.Fatalf("DTSTART TZID = %q", start.Params.Get("TZID"))
		}
		var tz *ical.Component
		for _, c := range cal.Children {
			if c.Name == ical.CompTimezone {
				tz = c
			}
		}
		if tz == nil || tz.Props.Get(ical.PropTimezoneID).Value != "Europe/London" || len(tz.Children) < 2 {
			t.Fatalf("no usable VTIMEZONE for Europe/London: %+v", tz)
		}
		set, err := e.RecurrenceSet(nil)
		if err != nil || set == nil {
			t.Fatalf("recurrence: %v", err)
		}
		got := set.Between(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC), true)
		var days []string
		for _, d := range got {
			days = append(days, d.UTC().Format("2006-01-02 15:04"))
		}
		if strings.Join(days, ",") != "2026-12-01 19:00,2026-12-15 19:00,2026-12-22 19:00" {
			t.Fatalf("dates in December = %v, want Tuesdays at 19:00 without %s", days, cancelled)
		}
		// Summer time: 19:00 London is 18:00 UTC.
		june := set.Between(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 2, 0, 0, 0, 0, time.UTC), true)
		if len(june) != 1 || june[0].UTC().Hour() != 18 {
			t.Fatalf("1 June 2027 = %v, want 18:00 UTC", june)
		}
		_, again := b.get(path)
		if again != body {
			t.Fatal("the feed changed between two downloads")
		}
	}
	if resp, _ := b.get("/" + g + "/meeting-999.ics"); resp.StatusCode != 404 {
		t.Fatalf("unknown meeting feed = %d", resp.StatusCode)
	}
}

// TestWebCalendarOneOffAndCron: schedules a recurrence rule cannot
// express become one event per date, each with its own stable UID; long
// text is folded at 75 octets and escaped.
func TestWebCalendarOneOffAndCron(t *testing.T) {
	h := newHarness(t)
	s := newSite(t, h)
	b := s.browser(t)
	ctx := context.Background()
	g := h.guild.ID
	alice := h.member("alice").User.ID
	if _, err := h.store.SetSetting(ctx, g, alice, data.FeatureWebHub, "on"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Bring a friend, a cup of tea; and ñandú stories. ", 6)
	for _, sched := range []string{"once on 2026-12-03 at 10:00", "0 9 * * 1-5"} {
		d, err := h.store.CreateMeetingDraft(ctx, data.Meeting{GuildID: g, CreatedBy: alice, Title: "Meet " + sched, Schedule: sched,
			Duration: 30 * time.Minute, Location: h.guild.ChannelID("Lounge"), ChannelID: h.guild.ChannelID("general"), Description: long})
		if err != nil {
			t.Fatal(err)
		}
		m, err := h.store.ConfirmMeetingDraft(ctx, g, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sched == "0 9 * * 1-5" { // cancel Friday 27 November
			if _, err := h.store.CancelOccurrence(ctx, g, m.ID, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, body := b.get("/" + g + "/meetings.ics")
	for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	uids := map[string]bool{}
	once, weekdays, cancelled := 0, 0, 0
	for _, e := range cal.Events() {
		if st, _ := e.Status(); st == ical.EventCancelled {
			cancelled++
			if start, _ := e.DateTimeStart(nil); !start.Equal(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)) {
				t.Fatalf("cancelled date = %v", start)
			}
		}
		uid, _ := e.Props.Text(ical.PropUID)
		if uids[uid] {
			t.Fatalf("UID %s twice", uid)
		}
		uids[uid] = true
		if e.Props.Get(ical.PropRecurrenceRule) != nil {
			t.Fatal("a one-off or cron meeting has an RRULE")
		}
		desc, _ := e.Props.Text(ical.PropDescription)
		if desc != strings.TrimSpace(long) {
			t.Fatalf("DESCRIPTION = %q", desc)
		}
		if loc, _ := e.Props.Text(ical.PropLocation); loc != "https://discord.com/channels/"+g+"/"+h.guild.ChannelID("Lounge") {
			t.Fatalf("LOCATION = %q", loc)
		}
		if sum, _ := e.Props.Text(ical.PropSummary); strings.Contains(sum, "once") {
			once++
		} else {
			weekdays++
		}
	}
	if once != 1 || weekdays != 60 || cancelled != 1 {
		t.Fatalf("events: %d one-off, %d cron, %d cancelled; want 1, 60 and 1", once, weekdays, cancelled)
	}
	_, again := b.get("/" + g + "/meetings.ics")
	if again != body {
		t.Fatal("the feed changed between downloads")
	}
}
