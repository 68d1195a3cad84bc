package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// meetingRunner is the scheduler as `kindred run` wires it, on the
// harness's current bot, store and clock.
func meetingRunner(t *testing.T, h *harness) *scheduler.Runner {
	return &scheduler.Runner{Store: h.store, Notifier: h.bot, Now: h.clock.Now, Log: testLogger(t)}
}

// tickAt moves the harness clock to at and runs one scheduler tick.
func tickAt(t *testing.T, h *harness, r *scheduler.Runner, at time.Time) {
	t.Helper()
	h.clock.Set(at)
	if err := r.Tick(context.Background()); err != nil {
		t.Fatalf("tick at %v: %v", at, err)
	}
}

// buttonWithPrefix returns the custom ID of the first button whose custom
// ID starts with prefix.
func buttonWithPrefix(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, c := range cs {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, b := range row.Components {
			if btn, ok := b.(*discordgo.Button); ok && strings.HasPrefix(btn.CustomID, prefix) {
				return btn.CustomID
			}
		}
	}
	t.Fatalf("no button %s* in %d rows", prefix, len(cs))
	return ""
}

// embedsText is everything a member reads in embeds.
func embedsText(es []*discordgo.MessageEmbed) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\n")
		}
	}
	return b.String()
}

// postsContaining returns the messages in channelID whose content contains s.
func postsContaining(h *harness, channelID, s string) []*discordtest.Message {
	var out []*discordtest.Message
	for _, m := range h.fake.Messages(channelID) {
		if strings.Contains(m.Content, s) {
			out = append(out, m)
		}
	}
	return out
}

// createMeeting runs /mod-meetings create as alice and confirms it.
func createMeeting(t *testing.T, h *harness, args ...discordtest.Arg) {
	t.Helper()
	alice := h.member("alice")
	in := h.fake.SlashCommand(h.guild.ID, alice, "mod-meetings", discordtest.Sub("create", args...))
	resp := in.Wait(t)
	wantReply(t, "/mod-meetings create", resp, discordgo.InteractionResponseChannelMessageWithSource, "nothing is saved until you do")
	if !resp.Ephemeral() {
		t.Error("the preview is public")
	}
	confirm := buttonWithPrefix(t, resp.Data.Components, "mtg-ok:")
	done := h.fake.ClickButton(h.guild.ID, alice, in.Original(), confirm).Wait(t)
	wantReply(t, "confirm", done, discordgo.InteractionResponseUpdateMessage, "Saved.")
}

// Dates of the harness's first week (it starts on Thursday 26 November 2026, 12:00 UTC).
var (
	monday19  = time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC)
	tuesday19 = time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)
)

func TestMeetingRemindersRSVPsAndRestartEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := h.member("alice"), h.member("bob"), h.member("carol")
	general, lounge := h.guild.ChannelID("general"), h.guild.ChannelID("Lounge")

	// A member may not create meetings.
	resp := h.fake.SlashCommand(g, carol, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Mine"), discordtest.Opt("schedule", "every day at 10:00"), discordtest.Opt("duration", 30))).Wait(t)
	wantReply(t, "member creating", resp, discordgo.InteractionResponseChannelMessageWithSource, "Only moderators")

	// A schedule Kindred can't read gets a kind answer and saves nothing.
	resp = h.fake.SlashCommand(g, alice, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every tuesdy at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general))).Wait(t)
	wantReply(t, "bad schedule", resp, discordgo.InteractionResponseChannelMessageWithSource, "did you mean Tuesday", "Nothing was saved")

	createMeeting(t, h,
		discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", general), discordtest.ChannelOpt("voice_channel", lounge),
		discordtest.Opt("description", "A gentle hour to talk about the week."))

	// Members see it, in their own time zone.
	resp = h.fake.SlashCommand(g, carol, "meeting", discordtest.Sub("next")).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, fmt.Sprintf("<t:%d:F>", tuesday19.Unix())) {
		t.Errorf("/meeting next:\n%s", got)
	}

	r := meetingRunner(t, h)
	tickAt(t, h, r, h.clock.Now())
	tickAt(t, h, r, monday19.Add(-time.Hour)) // plans the occurrence
	if got := postsContaining(h, general, "Tuesday group"); len(got) != 0 {
		t.Fatalf("posted before the 24-hour reminder was due: %q", got[0].Content)
	}
	tickAt(t, h, r, monday19)
	day := postsContaining(h, general, "Reminder: **Tuesday group**")
	if len(day) != 1 {
		t.Fatalf("24-hour reminders: %d, want 1", len(day))
	}
	reminder := day[0]
	if got := embedsText(reminder.Embeds); !strings.Contains(got, "A gentle hour") || !strings.Contains(got, "<#"+lounge+">") ||
		!strings.Contains(got, "0 going · 0 maybe · 0 can't make it") {
		t.Errorf("reminder embed:\n%s", got)
	}

	// RSVP buttons update the counts on the post.
	going := buttonWithPrefix(t, reminder.Components, "mtg-rsvp:")
	occ := strings.Split(going, ":")[1]
	for _, step := range []struct {
		who    discordtest.Member
		answer string
		want   string
	}{
		{carol, "going", "1 going · 0 maybe · 0 can't make it"},
		{bob, "maybe", "1 going · 1 maybe · 0 can't make it"},
		{bob, "no", "1 going · 0 maybe · 1 can't make it"},
	} {
		resp := h.fake.ClickButton(g, step.who, reminder, "mtg-rsvp:"+occ+":"+step.answer).Wait(t)
		if resp.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(embedsText(resp.Data.Embeds), step.want) {
			t.Fatalf("%s pressed %s: type %d\n%s", step.who.User.Username, step.answer, resp.Type, embedsText(resp.Data.Embeds))
		}
		if got := embedsText(h.fake.Message(reminder.ID).Embeds); !strings.Contains(got, step.want) {
			t.Fatalf("post after %s pressed %s:\n%s", step.who.User.Username, step.answer, got)
		}
	}
	resp = h.fake.ClickButton(g, carol, reminder, "mtg-dm:"+occ).Wait(t)
	wantReply(t, "DM me", resp, discordgo.InteractionResponseChannelMessageWithSource, "I'll DM you")
	if !resp.Ephemeral() {
		t.Error("the DM confirmation is public")
	}

	// Kindred restarts between the reminders.
	tickAt(t, h, r, monday19.Add(time.Hour))
	h.restart()
	r = meetingRunner(t, h)
	tickAt(t, h, r, tuesday19.Add(-20*time.Minute))
	tickAt(t, h, r, tuesday19.Add(-15*time.Minute))
	tickAt(t, h, r, tuesday19.Add(-15*time.Minute+30*time.Second))
	if got := postsContaining(h, general, "Reminder: **Tuesday group**"); len(got) != 2 {
		t.Fatalf("reminders after the restart: %d, want 2 (each once)", len(got))
	} else if text := embedsText(got[1].Embeds); !strings.Contains(text, "1 going · 0 maybe · 1 can't make it") {
		t.Errorf("15-minute reminder doesn't show the answers so far:\n%s", text)
	}
	dms := h.fake.DMs(carol.User.ID)
	if len(dms) != 1 || !strings.Contains(dms[0].Content, "reminder you asked for") {
		t.Fatalf("DMs to carol: %d, want the reminder once", len(dms))
	}
	if !strings.HasPrefix(dms[0].Content, "-# From the **Test Server** server\n") {
		t.Errorf("the meeting reminder DM doesn't name the server: %q", dms[0].Content)
	}

	tickAt(t, h, r, tuesday19)
	tickAt(t, h, r, tuesday19.Add(5*time.Minute))
	starts := postsContaining(h, general, "is starting now")
	if len(starts) != 1 {
		t.Fatalf("starting-now posts: %d, want 1", len(starts))
	}
	here := buttonWithPrefix(t, starts[0].Components, "mtg-here:")
	resp = h.fake.ClickButton(g, carol, starts[0], here).Wait(t)
	wantReply(t, "I was there", resp, discordgo.InteractionResponseChannelMessageWithSource, "I've noted that you were there")
	if n, err := h.store.MemberAttendance(context.Background(), g, carol.User.ID); err != nil || n != 1 {
		t.Errorf("carol's attendance: %d, %v", n, err)
	}

	// Another restart much later sends nothing again.
	h.restart()
	r = meetingRunner(t, h)
	tickAt(t, h, r, tuesday19.Add(2*time.Hour))
	if got := len(postsContaining(h, general, "Tuesday group")); got != 3 {
		t.Errorf("posts about the meeting: %d, want 3", got)
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}

func TestMeetingChannelGoneStopsRemindersAndTellsModerators(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	general, modLog := h.guild.ChannelID("general"), h.guild.ChannelID("mod-log")
	if _, err := h.store.SetSetting(context.Background(), g, h.member("alice").User.ID, data.SettingAlertsChannel, modLog); err != nil {
		t.Fatal(err)
	}
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))

	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	// A server error is retried; a deleted channel is not.
	h.fake.FailNext(http.MethodPost, "/channels/"+general+"/messages", http.StatusInternalServerError)
	tickAt(t, h, r, monday19)
	if got := postsContaining(h, general, "Reminder:"); len(got) != 0 {
		t.Fatalf("posted despite the error")
	}
	tickAt(t, h, r, monday19.Add(30*time.Second))
	if got := postsContaining(h, general, "Reminder:"); len(got) != 1 {
		t.Fatalf("reminders after a retry: %d, want 1", len(got))
	}

	h.fake.Inject(http.MethodPost, "/channels/"+general+"/messages", discordtest.Fault{Status: http.StatusNotFound, Code: discordgo.ErrCodeUnknownChannel, Message: "Unknown Channel", Times: 100})
	tickAt(t, h, r, tuesday19.Add(-15*time.Minute))
	alerts := postsContaining(h, modLog, "Tuesday group")
	if len(alerts) != 1 || !strings.Contains(alerts[0].Content, "the channel was deleted") || !strings.Contains(alerts[0].Content, "/mod-meetings resume") {
		t.Fatalf("alerts in #mod-log: %d %v", len(alerts), alerts)
	}
	before := len(h.fake.RequestsTo(http.MethodPost, "/channels/"+general+"/messages"))
	tickAt(t, h, r, tuesday19)
	tickAt(t, h, r, tuesday19.Add(7*24*time.Hour))
	if after := len(h.fake.RequestsTo(http.MethodPost, "/channels/"+general+"/messages")); after != before {
		t.Errorf("Kindred kept posting to a deleted channel: %d more requests", after-before)
	}
	resp := h.fake.SlashCommand(g, h.member("alice"), "meeting", discordtest.Sub("list")).Wait(t)
	if got := embedsText(resp.Data.Embeds); !strings.Contains(got, "Reminders stopped: the channel was deleted") {
		t.Errorf("/meeting list for a moderator:\n%s", got)
	}
	h.fake.TakeViolations()
}

func TestMeetingClosedDMsAreRecordedNotRetried(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	general := h.guild.ChannelID("general")
	createMeeting(t, h, discordtest.Opt("title", "Tuesday group"), discordtest.Opt("schedule", "every Tuesday at 19:00"),
		discordtest.Opt("duration", 60), discordtest.ChannelOpt("post_in", general))
	r := meetingRunner(t, h)
	tickAt(t, h, r, monday19.Add(-time.Hour))
	tickAt(t, h, r, monday19)
	reminder := postsContaining(h, general, "Reminder:")[0]
	dm := buttonWithPrefix(t, reminder.Components, "mtg-dm:")
	h.fake.ClickButton(g, carol, reminder, dm).Wait(t)

	h.fake.SetDMsClosed(carol.User.ID, true)
	for at := tuesday19.Add(-16 * time.Minute); at.Before(tuesday19); at = at.Add(30 * time.Second) {
		tickAt(t, h, r, at)
	}
	if got := len(h.fake.DMs(carol.User.ID)); got != 0 {
		t.Fatalf("DMs delivered to closed DMs: %d", got)
	}
	if _, err := h.store.LastDMFailure(context.Background(), g, carol.User.ID); err != nil {
		t.Fatalf("closed DMs not recorded: %v", err)
	}
	dmTries := 0
	for _, req := range h.fake.Requests() {
		if req.Method == http.MethodPost && strings.HasPrefix(req.Path, "/channels/") && strings.HasSuffix(req.Path, "/messages") &&
			strings.Contains(string(req.Body), "reminder you asked for") {
			dmTries++
		}
	}
	if dmTries != 1 {
		t.Errorf("DM attempts %d, want 1 (never retried in a loop)", dmTries)
	}
	// Next time carol asks, Kindred says why it may not reach her.
	h.clock.Set(tuesday19.Add(7*24*time.Hour - 25*time.Hour))
	tickAt(t, h, r, tuesday19.Add(6*24*time.Hour))
	next := postsContaining(h, general, "Reminder:")
	resp := h.fake.ClickButton(g, carol, next[len(next)-1], buttonWithPrefix(t, next[len(next)-1].Components, "mtg-dm:")).Wait(t)
	wantReply(t, "DM me with closed DMs", resp, discordgo.InteractionResponseChannelMessageWithSource, "couldn't reach you by DM")
	h.fake.TakeViolations()
}

// BenchmarkMeetingReminderBurst measures sending many scheduled posts that
// fall due in the same minute through the real bot and the fake Discord:
// the rate achieved (Discord allows 50 requests a second) and how many
// requests were answered 429.
func BenchmarkMeetingReminderBurst(b *testing.B) {
	const meetings = 240
	ctx := context.Background()
	h := newHarness(b, discordtest.WithoutSpecValidation())
	g, general := h.guild.ID, h.guild.ChannelID("general")
	for i := range meetings {
		d, err := h.store.CreateMeetingDraft(ctx, data.Meeting{
			GuildID: g, Title: fmt.Sprintf("Group %d", i), Schedule: "every Tuesday at 19:00", Duration: time.Hour,
			ChannelID: general, CreatedBy: h.member("alice").User.ID,
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.store.ConfirmMeetingDraft(ctx, g, d.ID); err != nil {
			b.Fatal(err)
		}
	}
	r := &scheduler.Runner{Store: h.store, Notifier: h.bot, Now: h.clock.Now}
	var sent int
	var elapsed time.Duration
	week := 0
	for b.Loop() {
		b.StopTimer()
		start := tuesday19.AddDate(0, 0, 7*week)
		week++
		h.clock.Set(start.Add(-time.Hour))
		if err := r.Plan(ctx, h.clock.Now()); err != nil {
			b.Fatal(err)
		}
		h.clock.Set(start)
		before := len(h.fake.RequestsTo(http.MethodPost, "/channels/"+general+"/messages"))
		b.StartTimer()
		t0 := time.Now()
		if err := r.Dispatch(ctx, start); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(t0)
		b.StopTimer()
		n := len(h.fake.RequestsTo(http.MethodPost, "/channels/"+general+"/messages")) - before
		if n != meetings {
			b.Fatalf("sent %d posts, want %d", n, meetings)
		}
		sent += n
		b.StartTimer()
	}
	tooMany := 0
	for _, req := range h.fake.Requests() {
		if req.Status == http.StatusTooManyRequests {
			tooMany++
		}
	}
	rate := float64(sent) / elapsed.Seconds()
	b.ReportMetric(rate, "posts/s")
	b.ReportMetric(100*rate/50, "%-of-50/s")
	b.ReportMetric(float64(tooMany), "429s")
}
