package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// withManageEvents grants Kindred Manage Events in the test server and
// waits until the bot's gateway state knows. The bot is restarted around
// the change: discordgo v0.29 reads a guild's roles for permission
// checks without its state lock, so a role update arriving during a
// check is a data race inside discordgo.
func withManageEvents(t *testing.T, h *harness) {
	t.Helper()
	h.stop()
	h.fake.SetBotPermissions(h.guild.ID, discordtest.DefaultBotPermissions|discordgo.PermissionManageEvents)
	h.start()
	general := h.guild.ChannelID("general")
	eventually(t, "Kindred sees Manage Events", func() bool {
		p, err := h.bot.Sender().BotPermissions(h.guild.ID, general)
		return err == nil && p&discordgo.PermissionManageEvents != 0
	})
}

// eventually waits for something the bot does on a gateway event.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(discordtest.DefaultWaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// eventStarts lists the start times of a server's scheduled events named
// name that are still to come (Discord ends past ones itself).
func eventStarts(h *harness, name string) []time.Time {
	var out []time.Time
	for _, e := range h.fake.ScheduledEvents(h.guild.ID) {
		if e.Name == name && e.Start.After(h.clock.Now()) {
			out = append(out, e.Start)
		}
	}
	return out
}

func sameTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

var tuesday8 = tuesday19.AddDate(0, 0, 7)

func TestMeetingEventsFollowTheMeetingEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice := h.member("alice")
	general, lounge := h.guild.ChannelID("general"), h.guild.ChannelID("Lounge")

	// Without Manage Events nothing is published, and the moderator is told.
	in := h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Early group"), discordtest.Opt("schedule", "every Monday at 08:00"), discordtest.Opt("duration", 30),
		discordtest.ChannelOpt("post_in", general)))
	confirm := buttonWithPrefix(t, in.Wait(t).Data.Components, "mtg-ok:")
	resp := h.fake.ClickButton(g, alice, in.Original(), confirm).Wait(t)
	wantReply(t, "confirm without Manage Events", resp, discordgo.InteractionResponseUpdateMessage, "Manage Events")
	if n := len(h.fake.ScheduledEvents(g)); n != 0 {
		t.Fatalf("%d events published without Manage Events", n)
	}

	withManageEvents(t, h)
	// The periodic reconcile picks the first meeting up once allowed.
	if err := h.bot.ReconcileEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	// (The reconcile the bot runs when it starts may be publishing too;
	// the claim on each date keeps them from publishing it twice.) A
	// weekly meeting in UTC fits Discord's rules: one recurring event.
	monday30 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	eventually(t, "Early group is published", func() bool { return len(eventStarts(h, "Early group")) == 1 })
	if es := h.fake.ScheduledEvents(g); len(es) != 1 || !es[0].Start.Equal(monday30) || es[0].RecurrenceRule == nil ||
		es[0].RecurrenceRule["frequency"] != 2.0 || fmt.Sprint(es[0].RecurrenceRule["by_weekday"]) != "[0]" {
		t.Fatalf("events after two reconciles: %+v, want one weekly series on Mondays", es)
	}
	eventually(t, "the series is recorded", func() bool {
		es, _ := h.store.MeetingEvents(context.Background(), g, meetingID(t, h, "Early group"))
		return len(es) == 1 && es[0].Status == data.EventLive
	})
	// A cancelled date can't be part of the series: back to single dates.
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("cancel", discordtest.Opt("meeting", "Early group"),
		discordtest.Opt("which", itoa(monday30.Unix())))).Wait(t)
	if es := h.fake.ScheduledEvents(g); len(es) != 2 || es[0].RecurrenceRule != nil || !es[0].Start.Equal(monday30.AddDate(0, 0, 7)) {
		t.Fatalf("events after cancelling a date of the series: %+v", es)
	}
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("restore", discordtest.Opt("meeting", "Early group"),
		discordtest.Opt("which", itoa(monday30.Unix())))).Wait(t)
	if es := h.fake.ScheduledEvents(g); len(es) != 1 || es[0].RecurrenceRule == nil || !es[0].Start.Equal(monday30) {
		t.Fatalf("events after restoring it: %+v", es)
	}

	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general), discordtest.ChannelOpt("voice_channel", lounge),
		discordtest.Opt("description", "A gentle hour."), discordtest.Opt("timezone", "Europe/London"))
	if got, want := eventStarts(h, "Tuesday group"), []time.Time{tuesday19, tuesday8}; !sameTimes(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name != "Tuesday group" {
			continue
		}
		if e.EntityType != 2 || e.ChannelID != lounge || !e.End.Equal(e.Start.Add(time.Hour)) ||
			!strings.Contains(e.Description, "A gentle hour.") {
			t.Errorf("voice event: %+v", e)
		}
	}
	// A link meeting is an external event at the link.
	createMeeting(t, h, discordtest.Opt("title", "Online circle"), discordtest.Opt("schedule", "every Wednesday at 18:00"),
		discordtest.Opt("duration", 45), discordtest.ChannelOpt("post_in", general), discordtest.Opt("link", "https://meet.example.org/circle"),
		discordtest.Opt("timezone", "Europe/London"))
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name == "Online circle" && (e.EntityType != 3 || e.Location != "https://meet.example.org/circle" || e.ChannelID != "") {
			t.Errorf("external event: %+v", e)
		}
	}

	// An edit updates the published dates; nothing is created twice.
	creates := len(h.fake.RequestsTo(http.MethodPost, "/guilds/"+g+"/scheduled-events"))
	resp = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("description", "A gentle hour to talk."))).Wait(t)
	wantReply(t, "edit", resp, discordgo.InteractionResponseChannelMessageWithSource, "Saved the changes")
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name == "Tuesday group" && !strings.Contains(e.Description, "A gentle hour to talk.") {
			t.Errorf("event not updated: %q", e.Description)
		}
	}
	if got := len(h.fake.RequestsTo(http.MethodPost, "/guilds/"+g+"/scheduled-events")); got != creates {
		t.Errorf("an edit created %d events", got-creates)
	}

	// A cancelled date leaves the Events tab; the window moves on.
	tuesday15 := tuesday8.AddDate(0, 0, 7)
	resp = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("cancel", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("which", itoa(tuesday19.Unix())))).Wait(t)
	wantReply(t, "cancel", resp, discordgo.InteractionResponseChannelMessageWithSource, "Cancelled")
	if got, want := eventStarts(h, "Tuesday group"), []time.Time{tuesday8, tuesday15}; !sameTimes(got, want) {
		t.Fatalf("events after cancelling: %v, want %v", got, want)
	}

	// A moderator deletes the 8 December event by hand: it stays deleted.
	var byHand string
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name == "Tuesday group" && e.Start.Equal(tuesday8) {
			byHand = e.ID
		}
	}
	h.fake.DeleteScheduledEventAsModerator(g, byHand)
	eventually(t, "the deletion is noted", func() bool {
		es, _ := h.store.MeetingEvents(context.Background(), g, meetingID(t, h, "Tuesday group"))
		return len(es) > 0 && es[0].Status == data.EventRemoved
	})
	if err := h.bot.ReconcileEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := eventStarts(h, "Tuesday group"), []time.Time{tuesday15}; !sameTimes(got, want) {
		t.Fatalf("events after a moderator deleted one: %v, want %v", got, want)
	}

	// Members marking "Interested" show beside the RSVP counts.
	var e15 string
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.Name == "Tuesday group" && e.Start.Equal(tuesday15) {
			e15 = e.ID
		}
	}
	h.fake.MarkInterested(g, e15, h.member("carol").User.ID, true)
	h.fake.MarkInterested(g, e15, h.member("bob").User.ID, true)
	h.fake.MarkInterested(g, e15, h.member("bob").User.ID, false)
	eventually(t, "interest is counted", func() bool {
		n, _, _ := h.store.EventInterest(context.Background(), g, meetingID(t, h, "Tuesday group"), tuesday15)
		return n == 1
	})
	r := meetingRunner(t, h)
	tickAt(t, h, r, tuesday15.Add(-25*time.Hour))
	tickAt(t, h, r, tuesday15.Add(-24*time.Hour))
	var reminder *discordtest.Message
	for _, p := range postsContaining(h, general, "Reminder: **Tuesday group**") {
		reminder = p
	}
	if reminder == nil || !strings.Contains(embedsText(reminder.Embeds), "1 interested in the Events tab") {
		t.Fatalf("reminder for 15 December: %+v", reminder)
	}
	// The event links back to the reminder post, as soon as it is posted.
	link := "https://discord.com/channels/" + g + "/" + general + "/" + reminder.ID
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.ID == e15 && !strings.Contains(e.Description, link) {
			t.Errorf("event description %q doesn't link to the reminder %s", e.Description, link)
		}
	}

	// Pausing withdraws the future dates; resuming brings them back.
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("pause", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	if got := eventStarts(h, "Tuesday group"); len(got) != 0 {
		t.Fatalf("events of a paused meeting: %v", got)
	}
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("resume", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	if got := eventStarts(h, "Tuesday group"); len(got) != 2 {
		t.Fatalf("events after resuming: %v", got)
	}
	// A meeting kept out of the Events tab, and a deleted one, leave it.
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Online circle"),
		discordtest.Opt("events_tab", false))).Wait(t)
	if got := eventStarts(h, "Online circle"); len(got) != 0 {
		t.Errorf("events of a meeting kept out of the tab: %v", got)
	}
	h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("delete", discordtest.Opt("meeting", "Tuesday group"))).Wait(t)
	if got := eventStarts(h, "Tuesday group"); len(got) != 0 {
		t.Errorf("events of a deleted meeting: %v", got)
	}
}

func TestMeetingEventsFollowATimeZoneChange(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	withManageEvents(t, h)
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", h.guild.ChannelID("general")))
	h.fake.SlashCommand(g, h.member("alice"), "mod-meetings", discordtest.Sub("edit", discordtest.Opt("meeting", "Tuesday group"),
		discordtest.Opt("timezone", "America/New_York"))).Wait(t)
	ny, _ := time.LoadLocation("America/New_York")
	want := []time.Time{time.Date(2026, 12, 1, 19, 0, 0, 0, ny).UTC(), time.Date(2026, 12, 8, 19, 0, 0, 0, ny).UTC()}
	if got := eventStarts(h, "Tuesday group"); !sameTimes(got, want) {
		t.Fatalf("events after the time zone change: %v, want %v", got, want)
	}
	for _, e := range h.fake.ScheduledEvents(g) {
		if e.EntityType != 3 || !strings.HasPrefix(e.Location, "Details in #general") {
			t.Errorf("text-only meeting's event: %+v", e)
		}
	}
}

// meetingID finds a meeting of the test server by title.
func meetingID(t *testing.T, h *harness, title string) int64 {
	t.Helper()
	ms, err := h.store.Meetings(context.Background(), h.guild.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Title == title {
			return m.ID
		}
	}
	t.Fatalf("no meeting %q", title)
	return 0
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestMeetingSeriesInterestShowsOnReminders(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	withManageEvents(t, h)
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	es := h.fake.ScheduledEvents(g)
	if len(es) != 1 || es[0].RecurrenceRule == nil {
		t.Fatalf("events: %+v, want one weekly series", es)
	}
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	post := postsContaining(h, general, "Reminder: **Tuesday group**")[0]
	h.fake.MarkInterested(g, es[0].ID, h.member("carol").User.ID, true)
	eventually(t, "the reminder shows the series' interest", func() bool {
		return strings.Contains(embedsText(h.fake.Message(post.ID).Embeds), "1 interested in the Events tab")
	})
}
