package commands_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

const (
	mtgVoice = "300000000000000007"
	mtgRole  = "400000000000000002"
)

type mtgFixture struct {
	t     *testing.T
	store *data.Store
	fake  *fakeDiscord
	cmd   *commands.Command
}

func newMtgFixture(t *testing.T) *mtgFixture {
	s := newStore(t)
	f := newFakeDiscord()
	f.Channels[mtgVoice] = &discordgo.Channel{ID: mtgVoice, GuildID: guildA, Name: "meeting room", Type: discordgo.ChannelTypeGuildVoice}
	return &mtgFixture{t: t, store: s, fake: f, cmd: commands.Meetings(s, f, nil, "")}
}

func (fx *mtgFixture) settings(guild string) data.Settings { return settingsOf(fx.t, fx.store, guild) }

// run calls the command's handler (or autocomplete) and fails on error.
func (fx *mtgFixture) run(req *commands.Request) *commands.Response {
	fx.t.Helper()
	h := fx.cmd.Handle
	switch req.Interaction.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = fx.cmd.Autocomplete
	case discordgo.InteractionMessageComponent:
		key := strings.SplitN(req.Interaction.MessageComponentData().CustomID, ":", 2)[0]
		comp, ok := fx.cmd.Components[key]
		if !ok {
			fx.t.Fatalf("no component %q", key)
		}
		h = comp.Handle
	}
	resp, err := h(context.Background(), req)
	if err != nil {
		fx.t.Fatalf("handler: %v", err)
	}
	if resp == nil {
		fx.t.Fatal("handler returned no response")
	}
	return resp
}

// embedText is everything a member would read in embeds.
func mtgEmbedText(es []*discordgo.MessageEmbed) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
	}
	return b.String()
}

// text is everything a member would read in a response.
func mtgText(r *commands.Response) string {
	var b strings.Builder
	b.WriteString(r.Content)
	for _, e := range r.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
	}
	return b.String()
}

func mtgButtonIDs(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, b := range row.Components {
			if btn, ok := b.(discordgo.Button); ok {
				out = append(out, btn.CustomID+btn.URL)
			}
		}
	}
	return out
}

func mtgButton(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, id := range mtgButtonIDs(cs) {
		if strings.HasPrefix(id, prefix) {
			return id
		}
	}
	t.Fatalf("no button %s* in %v", prefix, mtgButtonIDs(cs))
	return ""
}

// create runs /mod-meetings create and confirms it.
func (fx *mtgFixture) create(opts ...opt) data.Meeting {
	fx.t.Helper()
	base := []opt{{"title", "Tuesday group"}, {"schedule", "every Tuesday at 19:00"}, {"duration", 60}, {"post_in", channel2}}
	resp := fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "create", mtgMergeOpts(base, opts)...))
	if len(resp.Components) == 0 {
		fx.t.Fatalf("create did not offer to confirm: %s", mtgText(resp))
	}
	id := mtgButton(fx.t, resp.Components, "mtg-ok:")
	done := fx.run(component(fx.settings(guildA), mod1, true, id))
	if !done.Update {
		fx.t.Fatalf("confirm did not update the preview: %+v", done)
	}
	ms, err := fx.store.Meetings(context.Background(), guildA)
	if err != nil || len(ms) == 0 {
		fx.t.Fatalf("no meeting after confirm: %v", err)
	}
	for _, m := range ms {
		if strings.HasPrefix(done.Content, "Saved. **"+m.Title+"**") {
			return m
		}
	}
	fx.t.Fatalf("confirm reply %q names no meeting", done.Content)
	return data.Meeting{}
}

func mtgMergeOpts(base, extra []opt) []opt {
	out := append([]opt(nil), extra...)
	for _, b := range base {
		found := false
		for _, e := range extra {
			found = found || e.Name == b.Name
		}
		if !found {
			out = append(out, b)
		}
	}
	return out
}

// plan plans m as the scheduler would at now and returns its deliveries.
func (fx *mtgFixture) plan(m data.Meeting, now time.Time) []data.Delivery {
	fx.t.Helper()
	ctx := context.Background()
	m, err := fx.store.Meeting(ctx, m.GuildID, m.ID)
	if err != nil {
		fx.t.Fatal(err)
	}
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		fx.t.Fatal(err)
	}
	loc := fx.settings(m.GuildID).Location()
	if _, err := fx.store.RecordPlan(ctx, scheduler.PlanFor(m, sched, loc, now)); err != nil {
		fx.t.Fatal(err)
	}
	ds, err := fx.store.Deliveries(ctx, m.GuildID, data.MeetingSource(m.ID))
	if err != nil {
		fx.t.Fatal(err)
	}
	return ds
}

func mtgDeliveryOfKind(t *testing.T, ds []data.Delivery, kind string) data.Delivery {
	t.Helper()
	for _, d := range ds {
		if d.Kind == kind {
			return d
		}
	}
	t.Fatalf("no %s delivery in %v", kind, ds)
	return data.Delivery{}
}

// mtgTue is the first Tuesday 19:00 UTC after testNow.
var mtgTue = time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)

func mtgStamp(t time.Time) string { return fmt.Sprintf("<t:%d:F>", t.Unix()) }

func TestMeetingCreatePreviewsThenSavesOnConfirm(t *testing.T) {
	fx := newMtgFixture(t)
	ctx := context.Background()
	resp := fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "create",
		opt{"title", "Tuesday group"}, opt{"schedule", "every tuesday at 7pm"}, opt{"duration", 90},
		opt{"voice_channel", mtgVoice}, opt{"post_in", channel2}, opt{"ping_role", mtgRole}))
	if !resp.Ephemeral {
		t.Error("preview is public")
	}
	body := mtgText(resp)
	for _, want := range []string{"nothing is saved until you do", "Every Tuesday at 19:00", "90 minutes", "<#" + mtgVoice + ">",
		"<#" + channel2 + ">", "24 hours and 15 minutes before", "Tue 1 Dec 2026, 19:00 UTC",
		mtgStamp(mtgTue), mtgStamp(mtgTue.AddDate(0, 0, 7)), mtgStamp(mtgTue.AddDate(0, 0, 14)), "<@&" + mtgRole + ">"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview does not show %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, mtgStamp(mtgTue.AddDate(0, 0, 21))) {
		t.Error("preview shows more than three dates")
	}
	if ms, _ := fx.store.Meetings(ctx, guildA); len(ms) != 0 {
		t.Fatalf("saved before confirming: %v", ms)
	}
	// Cancel forgets the draft.
	discard := mtgButton(t, resp.Components, "mtg-no:")
	if got := fx.run(component(fx.settings(guildA), mod1, true, discard)); !got.Update || !strings.Contains(got.Content, "nothing was saved") || len(got.Components) != 0 {
		t.Fatalf("cancel reply %+v", got)
	}
	confirm := mtgButton(t, resp.Components, "mtg-ok:")
	if got := fx.run(component(fx.settings(guildA), mod1, true, confirm)); !strings.Contains(got.Content, "expired or was already used") {
		t.Fatalf("confirming a cancelled draft: %q", got.Content)
	}

	m := fx.create(opt{"voice_channel", mtgVoice})
	if m.Status != data.MeetingActive || m.Location != mtgVoice || m.ChannelID != channel2 || m.Duration != time.Hour {
		t.Fatalf("saved %+v", m)
	}
	if got := data.FormatReminders(m.Reminders); got != data.DefaultReminders {
		t.Errorf("reminders %q, want the default", got)
	}
}

func TestMeetingCreateUsesServerTimeZoneAndMeetingZone(t *testing.T) {
	fx := newMtgFixture(t)
	if _, err := fx.store.SetSetting(context.Background(), guildA, mod1, data.SettingTimeZone, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	resp := fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "create",
		opt{"title", "Morning"}, opt{"schedule", "weekdays at 08:30"}, opt{"duration", 30}, opt{"post_in", channel2}))
	// Friday 27 November 08:30 EST is 13:30 UTC.
	if body := mtgText(resp); !strings.Contains(body, "Fri 27 Nov 2026, 08:30 EST") || !strings.Contains(body, mtgStamp(time.Date(2026, 11, 27, 13, 30, 0, 0, time.UTC))) {
		t.Errorf("preview not in the server's zone:\n%s", body)
	}
	resp = fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "create",
		opt{"title", "Evening"}, opt{"schedule", "every day at 19:00"}, opt{"duration", 30}, opt{"post_in", channel2}, opt{"timezone", "europe/london"}))
	if body := mtgText(resp); !strings.Contains(body, "Thu 26 Nov 2026, 19:00 GMT") || !strings.Contains(body, "Europe/London") {
		t.Errorf("preview not in the meeting's zone:\n%s", body)
	}
}

func TestMeetingCreateBadInputIsKindAndSavesNothing(t *testing.T) {
	tests := []struct {
		name  string
		opts  []opt
		setup func(*mtgFixture)
		want  string
	}{
		{"unknown words", []opt{{"schedule", "every tuesdy at 19:00"}}, nil, "did you mean Tuesday"},
		{"bad cron", []opt{{"schedule", "0 25 * * *"}}, nil, "hour field"},
		{"ambiguous time", []opt{{"schedule", "every Tuesday at 7"}}, nil, "morning or evening"},
		{"in the past", []opt{{"schedule", "once on 2020-01-01 at 10:00"}}, nil, "no dates in the future"},
		{"zero minutes", []opt{{"duration", 0}}, nil, "from 1 to 1440 minutes"},
		{"two days", []opt{{"duration", 2880}}, nil, "from 1 to 1440 minutes"},
		{"overlapping", []opt{{"schedule", "*/30 * * * *"}, {"duration", 60}}, nil, "would overlap"},
		{"voice and link", []opt{{"voice_channel", mtgVoice}, {"link", "https://meet.example.org/x"}}, nil, "not both"},
		{"text channel as voice", []opt{{"voice_channel", channel1}}, nil, "isn't a voice or stage channel"},
		{"bad link", []opt{{"link", "meet.example.org"}}, nil, "https://"},
		{"bad reminders", []opt{{"reminders", "soon"}}, nil, "don't understand the reminder"},
		{"bad time zone", []opt{{"timezone", "Mars/Olympus"}}, nil, "time zone"},
		{"ping everyone", []opt{{"ping_role", guildA}}, nil, "doesn't ping @everyone"},
		{"no channel", []opt{{"post_in", ""}}, nil, "Where should I post the reminders?"},
		{"missing permissions", nil, func(fx *mtgFixture) {
			fx.fake.Perms[channel2] = discordgo.PermissionViewChannel
		}, "missing the **Send Messages** and **Embed Links** permissions"},
		{"long title", []opt{{"title", strings.Repeat("x", 101)}}, nil, "at most 100 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newMtgFixture(t)
			if tt.setup != nil {
				tt.setup(fx)
			}
			base := []opt{{"title", "Group"}, {"schedule", "every Tuesday at 19:00"}, {"duration", 60}, {"post_in", channel2}}
			opts := mtgMergeOpts(base, tt.opts)
			var kept []opt
			for _, o := range opts {
				if o.Value != "" {
					kept = append(kept, o)
				}
			}
			resp := fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "create", kept...))
			if !resp.Ephemeral || len(resp.Components) != 0 {
				t.Errorf("reply is public or offers to confirm: %+v", resp)
			}
			for _, want := range []string{tt.want, "Nothing was saved", "What you typed", "**title:**"} {
				if !strings.Contains(resp.Content, want) {
					t.Errorf("reply does not say %q:\n%s", want, resp.Content)
				}
			}
			if len(resp.Content) > 2000 {
				t.Errorf("reply has %d characters", len(resp.Content))
			}
			if ms, _ := fx.store.Meetings(context.Background(), guildA); len(ms) != 0 {
				t.Errorf("saved %v", ms)
			}
		})
	}
}

func TestMeetingListAndNext(t *testing.T) {
	fx := newMtgFixture(t)
	fx.create(opt{"title", "Tuesday group"})
	daily := fx.create(opt{"title", "Daily check-in circle"}, opt{"schedule", "every day at 18:00"}, opt{"duration", 30},
		opt{"link", "https://meet.example.org/circle"})
	paused := fx.create(opt{"title", "Paused one"}, opt{"schedule", "every Friday at 10:00"})
	if _, err := fx.store.PauseMeeting(context.Background(), guildA, paused.ID); err != nil {
		t.Fatal(err)
	}

	list := fx.run(slash(fx.settings(guildA), member1, false, "meeting", "list"))
	body := mtgText(list)
	for _, want := range []string{"Tuesday group", "every Tuesday at 19:00", mtgStamp(mtgTue), "Daily check-in circle",
		"https://meet.example.org/circle", "Paused one", "Paused for now"} {
		if !strings.Contains(body, want) {
			t.Errorf("list does not show %q:\n%s", want, body)
		}
	}
	if !list.Ephemeral {
		t.Error("list is public")
	}

	next := mtgText(fx.run(slash(fx.settings(guildA), member1, false, "meeting", "next")))
	today := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	iToday, iTue := strings.Index(next, mtgStamp(today)), strings.Index(next, mtgStamp(mtgTue))
	if iToday < 0 || iTue < 0 || iToday > iTue {
		t.Errorf("next does not list today's circle before Tuesday's group:\n%s", next)
	}
	if strings.Contains(next, "Paused one") {
		t.Errorf("next lists a paused meeting:\n%s", next)
	}
	// Cancelling a date hides it.
	if _, err := fx.store.CancelOccurrence(context.Background(), guildA, daily.ID, today, nil); err != nil {
		t.Fatal(err)
	}
	if next := mtgText(fx.run(slash(fx.settings(guildA), member1, false, "meeting", "next"))); strings.Contains(next, mtgStamp(today)) {
		t.Errorf("next lists a cancelled date:\n%s", next)
	}
	// Another server sees none of it.
	if other := mtgText(fx.run(slash(fx.settings(guildB), member1, false, "meeting", "list"))); !strings.Contains(other, "no meetings") {
		t.Errorf("server B's list: %s", other)
	}
}

func TestReminderRSVPButtonsUpdateCounts(t *testing.T) {
	fx := newMtgFixture(t)
	m := fx.create(opt{"ping_role", mtgRole}, opt{"host_role", role1}, opt{"description", "A gentle space to talk."})
	ds := fx.plan(m, mtgTue.Add(-2*time.Hour))
	reminder := mtgDeliveryOfKind(t, ds, data.DeliveryMeetingReminder)
	out, err := commands.RenderDelivery(context.Background(), fx.store, reminder)
	if err != nil {
		t.Fatal(err)
	}
	if out.ChannelID != channel2 || out.UserID != "" {
		t.Fatalf("reminder goes to %+v, want channel %s", out, channel2)
	}
	msg := out.Message
	if !strings.HasPrefix(msg.Content, "<@&"+mtgRole+"> Reminder: **Tuesday group** starts") || msg.AllowedMentions == nil ||
		len(msg.AllowedMentions.Roles) != 1 || msg.AllowedMentions.Roles[0] != mtgRole {
		t.Errorf("reminder content %q, mentions %+v: want a ping of the role only", msg.Content, msg.AllowedMentions)
	}
	embed := msg.Embeds[0]
	if embed.Description != "A gentle space to talk." || !strings.Contains(mtgEmbedText(msg.Embeds), "0 going · 0 maybe · 0 can't make it") {
		t.Errorf("embed %+v", embed)
	}
	going := mtgButton(t, msg.Components, "mtg-rsvp:")
	occ := strings.Split(going, ":")[1]

	steps := []struct {
		user, answer string
		want         string
	}{
		{member1, "going", "1 going · 0 maybe · 0 can't make it"},
		{member2, "maybe", "1 going · 1 maybe · 0 can't make it"},
		{member1, "going", "1 going · 1 maybe · 0 can't make it"},
		{member1, "no", "0 going · 1 maybe · 1 can't make it"},
	}
	for _, st := range steps {
		req := component(fx.settings(guildA), st.user, false, "mtg-rsvp:"+occ+":"+st.answer)
		req.Now = mtgTue.Add(-time.Hour)
		resp := fx.run(req)
		if !resp.Update || !strings.Contains(mtgText(resp), st.want) {
			t.Fatalf("%s pressed %s: update=%v\n%s\nwant %q", st.user, st.answer, resp.Update, mtgText(resp), st.want)
		}
		if len(mtgButtonIDs(resp.Components)) != 4 {
			t.Fatalf("buttons lost on update: %v", mtgButtonIDs(resp.Components))
		}
	}
	// A member of another server cannot answer for this one.
	req := component(fx.settings(guildB), member2, false, "mtg-rsvp:"+occ+":going")
	if resp := fx.run(req); resp.Update || !resp.Ephemeral {
		t.Errorf("cross-server RSVP answered %+v", resp)
	}
	// After the meeting, answers are closed.
	req = component(fx.settings(guildA), member2, false, "mtg-rsvp:"+occ+":going")
	req.Now = mtgTue.Add(2 * time.Hour)
	if resp := fx.run(req); resp.Update || !strings.Contains(resp.Content, "already happened") {
		t.Errorf("late RSVP: %+v", resp)
	}
}

func TestDMReminderOptInAndOut(t *testing.T) {
	fx := newMtgFixture(t)
	ctx := context.Background()
	m := fx.create()
	ds := fx.plan(m, mtgTue.Add(-2*time.Hour))
	occ := mtgDeliveryOfKind(t, ds, data.DeliveryMeetingReminder).Ref
	press := func(at time.Time) *commands.Response {
		req := component(fx.settings(guildA), member1, false, "mtg-dm:"+occ)
		req.Now = at
		return fx.run(req)
	}
	key := fmt.Sprintf("meeting:%d:2026-12-01T19:00Z:dm:%s", m.ID, member1)

	resp := press(mtgTue.Add(-2 * time.Hour))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "I'll DM you") || !strings.Contains(resp.Content, "15 minutes before") {
		t.Fatalf("opt in: %+v", resp)
	}
	dm, err := fx.store.DeliveryByKey(ctx, guildA, key)
	if err != nil || dm.UserID != member1 || !dm.DueAt.Equal(mtgTue.Add(-15*time.Minute)) || !dm.ExpiresAt.Equal(mtgTue) {
		t.Fatalf("DM delivery %+v, %v", dm, err)
	}
	if edit := fx.fake.Edited["600000000000000001"]; edit == nil || !strings.Contains(mtgEmbedText(*edit.Embeds), "1 going") {
		t.Errorf("reminder post not refreshed with the new count: %+v", edit)
	}
	out, err := commands.RenderDelivery(ctx, fx.store, dm)
	if err != nil || out.UserID != member1 || !strings.Contains(out.Message.Content, "reminder you asked for") {
		t.Fatalf("render DM: %+v, %v", out, err)
	}

	resp = press(mtgTue.Add(-time.Hour))
	if !strings.Contains(resp.Content, "no DM for this one") {
		t.Fatalf("opt out: %q", resp.Content)
	}
	if _, err := fx.store.DeliveryByKey(ctx, guildA, key); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("DM still planned after opting out: %v", err)
	}
	if _, err := commands.RenderDelivery(ctx, fx.store, dm); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("render DM after opt-out: err=%v, want obsolete", err)
	}

	// Closed DMs last time: say so, and still try once.
	if err := fx.store.RecordDMFailure(ctx, data.DMFailure{GuildID: guildA, UserID: member1, Kind: data.DeliveryMeetingDM, Reason: "closed", At: testNow}); err != nil {
		t.Fatal(err)
	}
	if resp := press(mtgTue.Add(-time.Hour)); !strings.Contains(resp.Content, "couldn't reach you by DM") {
		t.Errorf("no hint about closed DMs: %q", resp.Content)
	}
	// Too late for a DM: just going.
	req := component(fx.settings(guildA), member2, false, "mtg-dm:"+occ)
	req.Now = mtgTue.Add(-5 * time.Minute)
	if resp := fx.run(req); !strings.Contains(resp.Content, "no time for a DM") {
		t.Errorf("late DM press: %q", resp.Content)
	}
}

func TestStartingNowPostAndAttendance(t *testing.T) {
	fx := newMtgFixture(t)
	ctx := context.Background()
	m := fx.create(opt{"link", "https://meet.example.org/tuesday"})
	ds := fx.plan(m, mtgTue.Add(-2*time.Hour))
	out, err := commands.RenderDelivery(ctx, fx.store, mtgDeliveryOfKind(t, ds, data.DeliveryMeetingStart))
	if err != nil {
		t.Fatal(err)
	}
	ids := mtgButtonIDs(out.Message.Components)
	if len(ids) != 2 || !strings.HasPrefix(ids[0], "mtg-here:") || ids[1] != "https://meet.example.org/tuesday" {
		t.Fatalf("starting-now buttons %v", ids)
	}
	if !strings.Contains(out.Message.Content, "is starting now") {
		t.Errorf("content %q", out.Message.Content)
	}
	here := func(user string, at time.Time) string {
		req := component(fx.settings(guildA), user, false, ids[0])
		req.Now = at
		return fx.run(req).Content
	}
	for _, tt := range []struct {
		user string
		at   time.Time
		want string
	}{
		{member1, mtgTue.Add(-time.Hour), "hasn't started yet"},
		{member1, mtgTue.Add(10 * time.Minute), "I've noted that you were there"},
		{member1, mtgTue.Add(20 * time.Minute), "already marked"},
		{member2, mtgTue.Add(3*time.Hour + time.Minute), "closed"},
	} {
		if got := here(tt.user, tt.at); !strings.Contains(got, tt.want) {
			t.Errorf("%s at %v: %q, want %q", tt.user, tt.at, got, tt.want)
		}
	}
	if n, _ := fx.store.MemberAttendance(ctx, guildA, member1); n != 1 {
		t.Errorf("member1 attendance %d, want 1", n)
	}
	// A moderator records member2 afterwards.
	req := slash(fx.settings(guildA), mod1, true, "meeting", "attendance", opt{"meeting", strconv.FormatInt(m.ID, 10)}, opt{"member", member2})
	req.Now = mtgTue.Add(5 * time.Hour)
	if got := fx.run(req).Content; !strings.Contains(got, "Recorded: <@"+member2+">") || !strings.Contains(got, mtgStamp(mtgTue)) {
		t.Errorf("moderator attendance: %q", got)
	}
	if n, _ := fx.store.MemberAttendance(ctx, guildA, member2); n != 1 {
		t.Errorf("member2 attendance %d, want 1", n)
	}
}

func TestRenderDeliveryObsoleteAndAlerts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(*mtgFixture, data.Meeting)
	}{
		{"paused", func(fx *mtgFixture, m data.Meeting) { fx.store.PauseMeeting(ctx, guildA, m.ID) }},
		{"deleted", func(fx *mtgFixture, m data.Meeting) { fx.store.DeleteMeeting(ctx, guildA, m.ID, nil) }},
		{"cancelled", func(fx *mtgFixture, m data.Meeting) { fx.store.CancelOccurrence(ctx, guildA, m.ID, mtgTue, nil) }},
		{"feature off", func(fx *mtgFixture, m data.Meeting) {
			fx.store.SetSetting(ctx, guildA, mod1, data.FeatureMeetings, "off")
		}},
		{"schedule changed", func(fx *mtgFixture, m data.Meeting) {
			m.Schedule = "every Wednesday at 19:00"
			if _, err := fx.store.UpdateMeeting(ctx, m); err != nil {
				panic(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newMtgFixture(t)
			m := fx.create()
			d := mtgDeliveryOfKind(t, fx.plan(m, mtgTue.Add(-2*time.Hour)), data.DeliveryMeetingStart)
			tt.change(fx, m)
			if _, err := commands.RenderDelivery(ctx, fx.store, d); !errors.Is(err, data.ErrDeliveryObsolete) {
				t.Fatalf("err=%v, want obsolete", err)
			}
		})
	}

	t.Run("alert", func(t *testing.T) {
		fx := newMtgFixture(t)
		m := fx.create()
		if _, err := fx.store.SetSetting(ctx, guildA, mod1, data.SettingAlertsChannel, channel1); err != nil {
			t.Fatal(err)
		}
		alert := data.Delivery{GuildID: guildA, Kind: data.DeliveryMeetingAlert, Ref: strconv.FormatInt(m.ID, 10)}
		if _, err := commands.RenderDelivery(ctx, fx.store, alert); !errors.Is(err, data.ErrDeliveryObsolete) {
			t.Fatalf("alert while announcements work: err=%v, want obsolete", err)
		}
		if _, err := fx.store.DisableMeetingAnnouncements(ctx, guildA, m.ID, "the channel was deleted", nil); err != nil {
			t.Fatal(err)
		}
		out, err := commands.RenderDelivery(ctx, fx.store, alert)
		if err != nil || out.ChannelID != channel1 || !out.ToModerators {
			t.Fatalf("alert %+v, %v", out, err)
		}
		for _, want := range []string{"Tuesday group", "<#" + channel2 + ">", "the channel was deleted", "/mod-meetings resume"} {
			if !strings.Contains(out.Message.Content, want) {
				t.Errorf("alert does not say %q: %s", want, out.Message.Content)
			}
		}
		list := mtgText(fx.run(slash(fx.settings(guildA), mod1, true, "meeting", "list")))
		if !strings.Contains(list, "Reminders stopped: the channel was deleted") {
			t.Errorf("moderators' list doesn't show the problem:\n%s", list)
		}
	})
}

func TestMeetingEditPauseResumeDelete(t *testing.T) {
	fx := newMtgFixture(t)
	ctx := context.Background()
	m := fx.create()
	id := strconv.FormatInt(m.ID, 10)
	st := fx.settings(guildA)

	resp := fx.run(slash(st, mod1, true, "meeting", "edit", opt{"meeting", "tuesday GROUP"}, opt{"schedule", "every Wednesday at 18:00"}, opt{"reminders", "1h"}))
	wed := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	if body := mtgText(resp); !strings.Contains(body, "Saved the changes") || !strings.Contains(body, mtgStamp(wed)) || !strings.Contains(body, "1 hour before") {
		t.Errorf("edit reply:\n%s", body)
	}
	got, _ := fx.store.Meeting(ctx, guildA, m.ID)
	if got.Schedule != "every Wednesday at 18:00" || data.FormatReminders(got.Reminders) != "1h" {
		t.Errorf("after edit: %q %v", got.Schedule, got.Reminders)
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "edit", opt{"meeting", id}, opt{"schedule", "every blursday"})); !strings.Contains(resp.Content, "Nothing was saved") {
		t.Errorf("bad edit: %q", resp.Content)
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "edit", opt{"meeting", id})); resp.Modal == nil || resp.Modal.CustomID != "mt-desc:"+id {
		t.Errorf("edit with nothing else: %+v, want the description form", resp)
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "edit", opt{"meeting", id}, opt{"clear", "where"}, opt{"link", "https://x.example.org"})); resp.Content == "" {
		t.Error("no reply")
	}

	if resp := fx.run(slash(st, mod1, true, "meeting", "pause", opt{"meeting", id})); !strings.Contains(resp.Content, "Paused") {
		t.Errorf("pause: %q", resp.Content)
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "pause", opt{"meeting", id})); !strings.Contains(resp.Content, "already paused") {
		t.Errorf("pause twice: %q", resp.Content)
	}
	fx.fake.Perms[channel2] = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages
	if resp := fx.run(slash(st, mod1, true, "meeting", "resume", opt{"meeting", id})); !strings.Contains(resp.Content, "Embed Links") {
		t.Errorf("resume without permissions: %q", resp.Content)
	}
	delete(fx.fake.Perms, channel2)
	if resp := fx.run(slash(st, mod1, true, "meeting", "resume", opt{"meeting", id})); !strings.Contains(resp.Content, "is back on") || !strings.Contains(resp.Content, mtgStamp(wed)) {
		t.Errorf("resume: %q", resp.Content)
	}
	if resp := fx.run(slash(fx.settings(guildB), mod1, true, "meeting", "delete", opt{"meeting", id})); !strings.Contains(resp.Content, "can't find a meeting") {
		t.Errorf("delete from another server: %q", resp.Content)
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "delete", opt{"meeting", id})); !strings.Contains(resp.Content, "Deleted") {
		t.Errorf("delete: %q", resp.Content)
	}
	if ms, _ := fx.store.Meetings(ctx, guildA); len(ms) != 0 {
		t.Errorf("meetings after delete: %v", ms)
	}
}

func TestMeetingCancelOneDateOrSeries(t *testing.T) {
	fx := newMtgFixture(t)
	ctx := context.Background()
	m := fx.create()
	id := strconv.FormatInt(m.ID, 10)
	st := fx.settings(guildA)

	ac := fx.run(autocomplete(st, mod1, "meeting", "cancel", "which", opt{"meeting", id}, opt{"which", ""}))
	if len(ac.Choices) < 4 || ac.Choices[0].Value != "series" || ac.Choices[1].Value != strconv.FormatInt(mtgTue.Unix(), 10) {
		t.Fatalf("which choices %v", ac.Choices)
	}
	if ac.Choices[1].Name != "Tue 1 Dec 2026, 19:00 UTC" {
		t.Errorf("choice name %q", ac.Choices[1].Name)
	}
	resp := fx.run(slash(st, mod1, true, "meeting", "cancel", opt{"meeting", id}, opt{"which", strconv.FormatInt(mtgTue.Unix(), 10)}))
	if !strings.Contains(resp.Content, "Cancelled **Tuesday group**") {
		t.Fatalf("cancel: %q", resp.Content)
	}
	notice, err := fx.store.DeliveryByKey(ctx, guildA, fmt.Sprintf("meeting:%d:2026-12-01T19:00Z:cancelled", m.ID))
	if err != nil {
		t.Fatal(err)
	}
	out, err := commands.RenderDelivery(ctx, fx.store, notice)
	if err != nil || out.ChannelID != channel2 || !strings.Contains(out.Message.Content, "is cancelled") {
		t.Fatalf("notice %+v, %v", out, err)
	}
	ac = fx.run(autocomplete(st, mod1, "meeting", "cancel", "which", opt{"meeting", id}, opt{"which", ""}))
	if ac.Choices[1].Value == strconv.FormatInt(mtgTue.Unix(), 10) {
		t.Error("a cancelled date is still offered")
	}
	if resp := fx.run(slash(st, mod1, true, "meeting", "cancel", opt{"meeting", id}, opt{"which", "12345"})); !strings.Contains(resp.Content, "isn't one of the dates") {
		t.Errorf("cancel a non-date: %q", resp.Content)
	}

	resp = fx.run(slash(st, mod1, true, "meeting", "cancel", opt{"meeting", id}, opt{"which", "series"}))
	if !strings.Contains(resp.Content, "has ended") {
		t.Fatalf("cancel series: %q", resp.Content)
	}
	ended, err := fx.store.DeliveryByKey(ctx, guildA, fmt.Sprintf("meeting:%d:ended", m.ID))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := commands.RenderDelivery(ctx, fx.store, ended); err != nil || !strings.Contains(out.Message.Content, "come to an end") {
		t.Fatalf("series notice %+v, %v", out, err)
	}
}

func TestMeetingAutocompleteAndDefinition(t *testing.T) {
	fx := newMtgFixture(t)
	fx.create(opt{"title", "Tuesday group"})
	fx.create(opt{"title", "Art and recovery"}, opt{"schedule", "every Friday at 17:00"})
	got := fx.run(autocomplete(fx.settings(guildA), mod1, "meeting", "pause", "meeting", opt{"meeting", "ART"}))
	if len(got.Choices) != 1 || got.Choices[0].Name != "Art and recovery" {
		t.Fatalf("choices %v", got.Choices)
	}
	if other := fx.run(autocomplete(fx.settings(guildB), mod1, "meeting", "pause", "meeting", opt{"meeting", ""})); len(other.Choices) != 0 {
		t.Fatalf("server B sees %v", other.Choices)
	}
	zones := fx.run(autocomplete(fx.settings(guildA), mod1, "meeting", "create", "timezone", opt{"timezone", "new york"}))
	if len(zones.Choices) == 0 || zones.Choices[0].Value != "America/New_York" {
		t.Fatalf("zones %v", zones.Choices)
	}

	def := fx.cmd.Definition
	if fx.cmd.Feature != data.FeatureMeetings || fx.cmd.Moderator {
		t.Errorf("feature %q moderator %v", fx.cmd.Feature, fx.cmd.Moderator)
	}
	for _, sub := range def.Options {
		if len(sub.Description) > 100 || len(sub.Name) > 32 {
			t.Errorf("subcommand %s: too long", sub.Name)
		}
		required := true
		for _, o := range sub.Options {
			if len(o.Description) == 0 || len(o.Description) > 100 || len(o.Name) > 32 || strings.ToLower(o.Name) != o.Name {
				t.Errorf("%s %s: bad name or description %q", sub.Name, o.Name, o.Description)
			}
			if o.Required && !required {
				t.Errorf("%s: required option %s after an optional one", sub.Name, o.Name)
			}
			required = required && o.Required
		}
		if len(sub.Options) > 25 {
			t.Errorf("%s has %d options", sub.Name, len(sub.Options))
		}
	}
}
