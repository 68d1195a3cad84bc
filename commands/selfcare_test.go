package commands_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

type scFixture struct {
	t     *testing.T
	store *data.Store
	fake  *fakeDiscord
	cmd   *commands.Command
}

func newSCFixture(t *testing.T) *scFixture {
	s := newStore(t)
	f := newFakeDiscord()
	return &scFixture{t: t, store: s, fake: f, cmd: commands.SelfCare(s, f, nil)}
}

func (fx *scFixture) settings(guild string) data.Settings { return settingsOf(fx.t, fx.store, guild) }

func (fx *scFixture) set(guild, key, value string) {
	fx.t.Helper()
	if _, err := fx.store.SetSetting(context.Background(), guild, mod1, key, value); err != nil {
		fx.t.Fatal(err)
	}
}

// run calls the handler a request is routed to and fails on error.
func (fx *scFixture) run(req *commands.Request) *commands.Response {
	fx.t.Helper()
	h := fx.cmd.Handle
	switch req.Interaction.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = fx.cmd.Autocomplete
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		id := ""
		if req.Interaction.Type == discordgo.InteractionModalSubmit {
			id = req.Interaction.ModalSubmitData().CustomID
		} else {
			id = req.Interaction.MessageComponentData().CustomID
		}
		comp, ok := fx.cmd.Components[strings.SplitN(id, ":", 2)[0]]
		if !ok {
			fx.t.Fatalf("no component for %q", id)
		}
		h = comp.Handle
	}
	resp, err := h(context.Background(), req)
	if err != nil {
		fx.t.Fatalf("handler: %v", err)
	}
	if resp == nil {
		fx.t.Fatal("no response")
	}
	return resp
}

// mod runs /selfcare sub as a moderator of guildA.
func (fx *scFixture) mod(sub string, opts ...opt) *commands.Response {
	fx.t.Helper()
	return fx.run(slash(fx.settings(guildA), mod1, true, "selfcare", sub, opts...))
}

// member runs /selfcare sub as member1 of guildA.
func (fx *scFixture) member(sub string, opts ...opt) *commands.Response {
	fx.t.Helper()
	return fx.run(slash(fx.settings(guildA), member1, false, "selfcare", sub, opts...))
}

func scText(r *commands.Response) string {
	var b strings.Builder
	b.WriteString(r.Content)
	for _, e := range r.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

func wantText(t *testing.T, r *commands.Response, parts ...string) {
	t.Helper()
	got := scText(r)
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Fatalf("reply %q does not say %q", got, p)
		}
	}
	if !r.Ephemeral {
		t.Fatalf("reply %q is public, want ephemeral", got)
	}
}

func buttonIDs(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, b := range row.Components {
				if btn, ok := b.(discordgo.Button); ok {
					out = append(out, btn.CustomID)
				}
			}
		}
	}
	return out
}

func buttonWith(t *testing.T, cs []discordgo.MessageComponent, prefix string) string {
	t.Helper()
	for _, id := range buttonIDs(cs) {
		if strings.HasPrefix(id, prefix) {
			return id
		}
	}
	t.Fatalf("no button %s* in %v", prefix, buttonIDs(cs))
	return ""
}

func TestSelfCareDefinitionWithinDiscordLimits(t *testing.T) {
	def := commands.SelfCare(nil, nil, nil).Definition
	var check func(path string, opts []*discordgo.ApplicationCommandOption)
	checkName := func(path, name, desc string) {
		if name == "" || len(name) > 32 || strings.ToLower(name) != name || strings.ContainsAny(name, " :") {
			t.Errorf("%s: bad name %q", path, name)
		}
		if n := len([]rune(desc)); n < 1 || n > 100 {
			t.Errorf("%s: description has %d characters", path, n)
		}
	}
	check = func(path string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", path, len(opts))
		}
		for _, o := range opts {
			checkName(path+" "+o.Name, o.Name, o.Description)
			if len(o.Choices) > 25 {
				t.Errorf("%s %s: %d choices", path, o.Name, len(o.Choices))
			}
			check(path+" "+o.Name, o.Options)
		}
	}
	checkName("selfcare", def.Name, def.Description)
	check("selfcare", def.Options)
}

func TestSelfCareSchedule(t *testing.T) {
	fx := newSCFixture(t)
	fx.set(guildA, data.SettingTimeZone, "Europe/London")

	// No channel given and none set: ask for one, keep what was typed.
	r := fx.mod("schedule", opt{"when", "every day at 9am"})
	wantText(t, r, "Which channel", "Nothing was changed", "every day at 9am")

	for _, tc := range []struct {
		name string
		when string
		want string
	}{
		{"unreadable", "every blursday at 9am", "blursday"},
		{"too often", "*/15 * * * *", "more than once an hour"},
		{"in the past", "once on 2020-01-01 at 09:00", "no dates left"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fx.mod("schedule", opt{"when", tc.when}, opt{"channel", channel2})
			wantText(t, r, tc.want, tc.when)
		})
	}

	// Kindred can't post there.
	fx.fake.Perms[channel2] = discordgo.PermissionViewChannel
	r = fx.mod("schedule", opt{"when", "every day at 09:00"}, opt{"channel", channel2})
	wantText(t, r, "Send Messages", "Embed Links")
	delete(fx.fake.Perms, channel2)

	// The prompts channel is the default.
	fx.set(guildA, data.SettingPromptsChannel, channel2)
	r = fx.mod("schedule", opt{"when", "every day at 9am"})
	wantText(t, r, "<#"+channel2+">", "every day at 09:00", "Europe/London", fmt.Sprintf("<t:%d:F>", time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC).Unix()))
	scs, err := fx.store.SelfCareSchedules(context.Background(), guildA)
	if err != nil || len(scs) != 1 || scs[0].Schedule != "every day at 09:00" || scs[0].ChannelID != channel2 {
		t.Fatalf("schedules = %+v, %v", scs, err)
	}
	r = fx.mod("schedule", opt{"when", "daily at 09:00"})
	wantText(t, r, "already")
}

func TestSelfCareListPauseResumeDelete(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.mod("schedule", opt{"when", "weekdays at 12:30"}, opt{"channel", channel2})
	fx.mod("schedule", opt{"when", "every Sunday at 18:00"}, opt{"channel", channel1})
	if _, err := fx.store.AddSelfCarePrompt(ctx, guildA, mod1, "rest", "Have a long bath this evening."); err != nil {
		t.Fatal(err)
	}

	r := fx.mod("list")
	wantText(t, r, "every weekday (Monday to Friday) at 12:30", "every Sunday at 18:00", "<#"+channel2+">",
		fmt.Sprintf("%d of Kindred's, 1 of your own", len(data.ShippedSelfCarePrompts())))

	// Autocomplete offers the schedules; the value is what pause takes.
	ac := fx.run(modAutocomplete(fx.settings(guildA), mod1, "selfcare", "pause", "schedule", opt{"schedule", "sunday"}))
	if len(ac.Choices) != 1 || !strings.Contains(ac.Choices[0].Name, "Sunday") {
		t.Fatalf("choices = %+v", ac.Choices)
	}
	id := ac.Choices[0].Value.(string)

	wantText(t, fx.mod("pause", opt{"schedule", "Sunday"}), "choose a schedule from the list")
	wantText(t, fx.mod("pause", opt{"schedule", id}), "Paused")
	wantText(t, fx.mod("pause", opt{"schedule", id}), "already paused")
	wantText(t, fx.mod("list"), "paused")

	// Another server can't touch it.
	other := fx.run(slash(fx.settings(guildB), mod1, true, "selfcare", "resume", opt{"schedule", id}))
	wantText(t, other, "doesn't exist")

	// Resume checks the channel first.
	fx.fake.Perms[channel1] = 0
	wantText(t, fx.mod("resume", opt{"schedule", id}), "View Channel")
	delete(fx.fake.Perms, channel1)
	wantText(t, fx.mod("resume", opt{"schedule", id}), "Running again")

	wantText(t, fx.mod("delete", opt{"schedule", id}), "Deleted")
	scs, _ := fx.store.SelfCareSchedules(ctx, guildA)
	if len(scs) != 1 {
		t.Fatalf("%d schedules after delete, want 1", len(scs))
	}
}

func TestSelfCarePromptManagementCommands(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)

	wantText(t, fx.mod("prompts add", opt{"text", "Put your feet up for five minutes."}, opt{"category", "rest"}), "Added", "Rest")
	r := fx.mod("prompts add", opt{"text", "put your feet up for five minutes"}, opt{"category", "rest"})
	wantText(t, r, "already has that prompt", "put your feet up for five minutes")
	wantText(t, fx.mod("prompts add", opt{"text", "Nap."}, opt{"category", "rest"}), "at least 10 characters", "Nap.")

	// Edit: autocomplete offers only the server's own prompts.
	ac := fx.run(modAutocomplete(fx.settings(guildA), mod1, "selfcare", "prompts edit", "prompt", opt{"prompt", ""}))
	if len(ac.Choices) != 1 || !strings.Contains(ac.Choices[0].Name, "feet up") {
		t.Fatalf("edit choices = %+v", ac.Choices)
	}
	ref := ac.Choices[0].Value.(string)
	edit := fx.mod("prompts edit", opt{"prompt", ref}, opt{"category", "mindfulness"})
	if edit.Modal == nil {
		t.Fatalf("edit did not open a form: %s", scText(edit))
	}
	bad := fx.run(modal(fx.settings(guildA), mod1, true, edit.Modal.CustomID, map[string]string{"text": "Hm."}))
	wantText(t, bad, "Not saved", "Hm.")
	saved := fx.run(modal(fx.settings(guildA), mod1, true, edit.Modal.CustomID, map[string]string{"text": "Put your feet up and notice your breath."}))
	wantText(t, saved, "Saved", "Mindfulness")
	if p, err := fx.store.SelfCarePrompt(ctx, guildA, ref); err != nil || p.Category != "mindfulness" || !strings.Contains(p.Text, "notice your breath") {
		t.Fatalf("after edit: %+v %v", p, err)
	}
	shipped := data.ShippedSelfCarePrompts()[0]
	wantText(t, fx.mod("prompts edit", opt{"prompt", shipped.Ref}), "can't be edited")

	// Disable and enable one of Kindred's.
	ac = fx.run(modAutocomplete(fx.settings(guildA), mod1, "selfcare", "prompts disable", "prompt", opt{"prompt", "ceiling"}))
	if len(ac.Choices) != 1 {
		t.Fatalf("disable choices = %+v", ac.Choices)
	}
	wantText(t, fx.mod("prompts disable", opt{"prompt", ac.Choices[0].Value}), "Taken out")
	wantText(t, fx.mod("prompts disable", opt{"prompt", ac.Choices[0].Value}), "already out")
	ac = fx.run(modAutocomplete(fx.settings(guildA), mod1, "selfcare", "prompts enable", "prompt", opt{"prompt", ""}))
	if len(ac.Choices) != 1 || ac.Choices[0].Value != shipped.Ref {
		t.Fatalf("enable choices = %+v, want just the disabled one", ac.Choices)
	}
	wantText(t, fx.mod("prompts list", opt{"category", "movement"}), "~~"+shipped.Text+"~~", "disabled")
	wantText(t, fx.mod("prompts enable", opt{"prompt", shipped.Ref}), "Back in the rotation")
	wantText(t, fx.mod("prompts disable", opt{"prompt", "k:nope-01"}), "choose a prompt from the list")

	// The whole list is paged within embed limits.
	first := fx.mod("prompts list")
	if n := len([]rune(first.Embeds[0].Description)); n > 4096 {
		t.Fatalf("page has %d characters", n)
	}
	if !strings.Contains(first.Embeds[0].Footer.Text, "Page 1 of") {
		t.Fatalf("footer %q", first.Embeds[0].Footer.Text)
	}
	wantText(t, fx.mod("prompts list", opt{"page", 99}), "only")
}

func TestSelfCareImport(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	open := fx.mod("prompts import")
	if open.Modal == nil {
		t.Fatal("import did not open a form")
	}
	text := "movement: Walk to the end of the street and back.\nsleep: Go to bed early.\nno category here"
	r := fx.run(modal(fx.settings(guildA), mod1, true, open.Modal.CustomID, map[string]string{"prompts": text}))
	wantText(t, r, "Nothing was imported", "line 2", "line 3")
	if len(r.Files) != 1 {
		t.Fatal("the typed text was not handed back")
	}
	if b, _ := io.ReadAll(r.Files[0].Reader); string(b) != text {
		t.Fatalf("handed back %q", b)
	}

	text = "movement: Walk to the end of the street and back.\n\nrest | Put your feet up for five minutes.\n" +
		"mindfulness: " + data.ShippedSelfCarePrompts()[50].Text
	r = fx.run(modal(fx.settings(guildA), mod1, true, open.Modal.CustomID, map[string]string{"prompts": text}))
	wantText(t, r, "Imported 2 prompts", "1 was already there")
	all, _ := fx.store.SelfCarePrompts(ctx, guildA)
	if got, want := len(all), len(data.ShippedSelfCarePrompts())+2; got != want {
		t.Fatalf("%d prompts, want %d", got, want)
	}
}

func TestSelfCareNudgeOn(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.set(guildA, data.SettingTimeZone, "Europe/Paris")

	for _, tc := range []struct {
		name string
		opts []opt
		want string
	}{
		{"ambiguous time", []opt{{"times", "7"}}, "morning or evening"},
		{"bad time", []opt{{"times", "25:00"}}, "hours go from 00 to 23"},
		{"too many", []opt{{"times", "08:00, 10:00, 12:00, 14:00, 16:00"}}, "up to 4"},
		{"bad days", []opt{{"times", "09:00"}, {"days", "the first of the month"}}, "couldn't read the days"},
		{"bad zone", []opt{{"times", "09:00"}, {"timezone", "Mars/Olympus"}}, "Mars/Olympus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantText(t, fx.member("nudge on", tc.opts...), tc.want)
		})
	}
	if len(fx.fake.Sent) != 0 {
		t.Fatal("a bad request sent a DM")
	}

	r := fx.member("nudge on", opt{"times", "9am and 23:30"}, opt{"days", "mon-fri"})
	wantText(t, r, "Nudges are on", "09:00 and 23:30", "weekdays", "Europe/Paris", "23:30 falls inside them", "sent you a DM")
	if len(fx.fake.Sent) != 1 || fx.fake.Sent[0].UserID != member1 {
		t.Fatalf("welcome DM: %+v", fx.fake.Sent)
	}
	buttonWith(t, fx.fake.Sent[0].Msg.Components, "sc-stop:"+guildA)
	n, err := fx.store.SelfCareNudgeSettings(ctx, guildA, member1)
	if err != nil || !n.Enabled || n.Days != "weekdays" || n.Zone != "Europe/Paris" || strings.Join(n.Times, ",") != "09:00,23:30" {
		t.Fatalf("nudges = %+v %v", n, err)
	}

	// Changing them keeps the zone chosen before.
	fx.run(slash(fx.settings(guildA), member1, false, "selfcare", "nudge on", opt{"times", "10:00"}, opt{"timezone", "asia/tokyo"}))
	fx.member("nudge on", opt{"times", "11:00"})
	if n, _ := fx.store.SelfCareNudgeSettings(ctx, guildA, member1); n.Zone != "Asia/Tokyo" {
		t.Fatalf("zone = %q, want the one chosen before", n.Zone)
	}
	wantText(t, fx.member("nudge status"), "**on**", "11:00", "Asia/Tokyo", "22:00 to 08:00")
}

func TestSelfCareNudgeOnWithClosedDMs(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.fake.ClosedDM[member1] = true
	r := fx.member("nudge on", opt{"times", "09:00"})
	wantText(t, r, "DMs are closed", "haven't turned nudges on", "Privacy Settings")
	n, err := fx.store.SelfCareNudgeSettings(ctx, guildA, member1)
	if err != nil || n.Enabled || n.DMError == "" {
		t.Fatalf("nudges = %+v %v, want off with the reason", n, err)
	}
	if _, err := fx.store.LastDMFailure(ctx, guildA, member1); err != nil {
		t.Fatalf("DM failure not recorded: %v", err)
	}
	wantText(t, fx.member("nudge status"), "couldn't send you a direct message")
	ds, _ := fx.store.SelfCareNudgesToPlan(ctx, testNow.Add(24*time.Hour), 10)
	if len(ds) != 0 {
		t.Fatal("nudges with closed DMs are still planned")
	}
}

func TestSelfCareQuietAndOff(t *testing.T) {
	fx := newSCFixture(t)
	wantText(t, fx.member("quiet", opt{"from", "10pm"}, opt{"to", "7"}), "morning or evening", "10pm")
	wantText(t, fx.member("quiet", opt{"from", "9pm"}, opt{"to", "9:30am"}), "21:00 to 09:30", "don't have nudges on")
	wantText(t, fx.member("nudge off"), "don't have nudges on")
	fx.member("nudge on", opt{"times", "09:00"})
	wantText(t, fx.member("quiet", opt{"from", "08:00"}, opt{"to", "10:00"}), "09:00 falls inside them")
	wantText(t, fx.member("nudge off"), "Nudges are off")
	wantText(t, fx.member("nudge status"), "**off**", "08:00 to 10:00")
}

// scRender renders a delivery as the bot does before sending it.
func scRender(t *testing.T, s *data.Store, d data.Delivery) (*commands.Outgoing, error) {
	t.Helper()
	return commands.RenderDelivery(context.Background(), s, d)
}

func TestSelfCarePostRenderAndDoneButton(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.mod("schedule", opt{"when", "every day at 09:00"}, opt{"channel", channel2})
	scs, _ := fx.store.SelfCareSchedules(ctx, guildA)
	sc := scs[0]
	d := scheduler.SelfCarePostDelivery(sc, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))

	out, err := scRender(t, fx.store, d)
	if err != nil {
		t.Fatal(err)
	}
	if out.ChannelID != channel2 || len(out.Message.Embeds) != 1 {
		t.Fatalf("post = %+v", out)
	}
	again, err := scRender(t, fx.store, d)
	if err != nil || again.Message.Embeds[0].Description != out.Message.Embeds[0].Description {
		t.Fatal("rendering the same delivery twice picked another prompt")
	}
	did := buttonWith(t, out.Message.Components, "sc-did:"+guildA+":")

	// Before the post is sent, a press (crafted: there is no message yet)
	// finds nothing.
	wantText(t, fx.run(component(fx.settings(guildA), member1, false, did)), "can't find that prompt")
	scSent(t, fx.store, d, "600000000000000001")
	// In a DM, a channel post's button is refused: it is no one's nudge.
	wantText(t, fx.run(component(data.Settings{}, member1, false, did)), "can't find that prompt")

	r := fx.run(component(fx.settings(guildA), member1, false, did))
	wantText(t, r, "Well done")
	edit, ok := fx.fake.Edited["600000000000000001"]
	if !ok || edit.Embeds == nil || !strings.Contains((*edit.Embeds)[0].Footer.Text, "1 member did this") {
		t.Fatalf("post not refreshed with the count: %+v", edit)
	}
	wantText(t, fx.run(component(fx.settings(guildA), member1, false, did)), "already marked")
	fx.run(component(fx.settings(guildA), member2, false, did))
	if got, _ := fx.store.SelfCareDoneCount(ctx, guildA, member1); got != 1 {
		t.Fatalf("member1 did %d, want 1", got)
	}
	// The same button pressed in another server is not honoured.
	wantText(t, fx.run(component(fx.settings(guildB), member1, false, did)), "don't recognise")

	// Paused or deleted: the post is obsolete, nothing is picked.
	fx.mod("pause", opt{"schedule", fmt.Sprint(sc.ID)})
	d2 := scheduler.SelfCarePostDelivery(sc, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	if _, err := scRender(t, fx.store, d2); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("paused: err=%v, want obsolete", err)
	}
	fx.mod("delete", opt{"schedule", fmt.Sprint(sc.ID)})
	if _, err := scRender(t, fx.store, d2); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("deleted: err=%v, want obsolete", err)
	}
}

func TestSelfCareAlertRender(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.set(guildA, data.SettingAlertsChannel, channel1)
	fx.mod("schedule", opt{"when", "every day at 09:00"}, opt{"channel", channel2})
	scs, _ := fx.store.SelfCareSchedules(ctx, guildA)
	alert := data.Delivery{GuildID: guildA, Kind: data.DeliverySelfCareAlert, Ref: fmt.Sprint(scs[0].ID), Key: "alert",
		DueAt: testNow, ExpiresAt: testNow.Add(time.Hour)}
	if _, err := scRender(t, fx.store, alert); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("alert for a working schedule: err=%v, want obsolete", err)
	}
	if _, err := fx.store.StopSelfCareSchedule(ctx, guildA, scs[0].ID, "the channel was deleted", nil); err != nil {
		t.Fatal(err)
	}
	out, err := scRender(t, fx.store, alert)
	if err != nil || out.ChannelID != channel1 || !out.ToModerators || !strings.Contains(out.Message.Content, "the channel was deleted") {
		t.Fatalf("alert = %+v %v", out, err)
	}
	wantText(t, fx.mod("list"), "stopped: the channel was deleted")
}

func TestSelfCareNudgeButtonsInDM(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.member("nudge on", opt{"times", "13:00, 18:00"})
	n, _ := fx.store.SelfCareNudgeSettings(ctx, guildA, member1)

	// Plan the day's nudges, as the scheduler would.
	p, err := scheduler.NudgePlan(n, testNow.Add(30*time.Minute)) // 12:30 UTC: 13:00 is within the hour
	if err != nil || len(p.Deliveries) != 1 {
		t.Fatalf("plan: %+v %v", p, err)
	}
	if ok, err := fx.store.RecordPlan(ctx, p); err != nil || !ok {
		t.Fatalf("record plan: %v %v", ok, err)
	}
	nudge := p.Deliveries[0]
	out, err := scRender(t, fx.store, nudge)
	if err != nil || out.UserID != member1 {
		t.Fatalf("nudge = %+v %v", out, err)
	}
	did := buttonWith(t, out.Message.Components, "sc-did:"+guildA+":")
	snooze := buttonWith(t, out.Message.Components, "sc-snooze:"+guildA)
	stop := buttonWith(t, out.Message.Components, "sc-stop:"+guildA)

	scSent(t, fx.store, nudge, "600000000000000001")
	// Buttons in a DM: no server in the interaction, only in the custom ID.
	dm := data.Settings{}
	// Another member's nudge is not theirs to mark.
	wantText(t, fx.run(component(dm, member2, false, did)), "can't find that prompt")
	wantText(t, fx.run(component(dm, member1, false, did)), "Well done")
	if got, _ := fx.store.SelfCareDoneCount(ctx, guildA, member1); got != 1 {
		t.Fatalf("done count %d, want 1", got)
	}
	wantText(t, fx.run(component(dm, member2, false, did)), "can't find")

	wantText(t, fx.run(component(dm, member1, false, snooze)), "Snoozed")
	ds, _ := fx.store.Deliveries(ctx, guildA, data.SelfCareNudgeSource(member1))
	for _, d := range ds {
		if d.Status == data.DeliveryPending {
			t.Fatalf("nudge %s still pending after snoozing", d.Key)
		}
	}
	if _, err := scRender(t, fx.store, nudge); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("snoozed nudge: err=%v, want obsolete", err)
	}

	// Stop is immediate: a nudge being sent right now is dropped too.
	tomorrow := nudge
	tomorrow.Key, tomorrow.Ref = data.SelfCareNudgeKey(guildA, member1, "2026-11-27", "13:00"), "2026-11-27"
	if _, err := scRender(t, fx.store, tomorrow); err != nil {
		t.Fatalf("tomorrow's nudge before stopping: %v", err)
	}
	wantText(t, fx.run(component(dm, member1, false, stop)), "Stopped")
	if _, err := scRender(t, fx.store, tomorrow); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("after stop: err=%v, want obsolete", err)
	}
	wantText(t, fx.run(component(dm, member1, false, stop)), "already off")
	wantText(t, fx.run(component(dm, member1, false, snooze)), "already off")

	// Switched off in the server, the DM's buttons do nothing but say so.
	if _, err := fx.store.SetSetting(ctx, guildA, mod1, data.FeatureSelfCare, "off"); err != nil {
		t.Fatal(err)
	}
	wantText(t, fx.run(component(dm, member2, false, did)), "switched off in that server")
	wantText(t, fx.run(component(dm, member1, false, snooze)), "switched off in that server")
	wantText(t, fx.run(component(dm, member1, false, stop)), "already off")
}

func TestSelfCareFeatureOffMakesDeliveriesObsolete(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.mod("schedule", opt{"when", "every day at 09:00"}, opt{"channel", channel2})
	scs, _ := fx.store.SelfCareSchedules(ctx, guildA)
	fx.set(guildA, data.FeatureSelfCare, "off")
	d := scheduler.SelfCarePostDelivery(scs[0], time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if _, err := scRender(t, fx.store, d); !errors.Is(err, data.ErrDeliveryObsolete) {
		t.Fatalf("err=%v, want obsolete", err)
	}
}

func TestSelfCareWorkshop(t *testing.T) {
	ctx := context.Background()
	fx := newSCFixture(t)
	fx.set(guildA, data.SettingTimeZone, "Europe/London")
	fx.set(guildA, data.SettingMeetingsChannel, channel2)

	wantText(t, fx.mod("workshop", opt{"title", "Sleep basics"}, opt{"date", "2026-11-01"}, opt{"time", "18:00"}), "already passed", "Sleep basics")
	wantText(t, fx.mod("workshop", opt{"title", "Sleep basics"}, opt{"date", "next friday"}, opt{"time", "18:00"}), "2026-12-24")
	wantText(t, fx.mod("workshop", opt{"title", "Sleep basics"}, opt{"date", "2026-12-10"}, opt{"time", "6"}), "morning or evening")

	r := fx.mod("workshop", opt{"title", "Sleep basics"}, opt{"date", "2026-12-10"}, opt{"time", "6pm"}, opt{"duration", 90},
		opt{"link", "https://meet.example.org/sleep"}, opt{"description", "A gentle talk about rest."})
	wantText(t, r, "Announced", "Sleep basics", "<#"+channel2+">", fmt.Sprintf("<t:%d:F>", time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC).Unix()))
	ms, err := fx.store.Meetings(ctx, guildA)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings = %+v %v", ms, err)
	}
	m := ms[0]
	// The reply offers the description form, for a longer description with line breaks.
	wantID := "mt-desc:" + strconv.FormatInt(m.ID, 10)
	if len(r.Components) != 1 || len(r.Components[0].(discordgo.ActionsRow).Components) != 1 ||
		r.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).CustomID != wantID {
		t.Errorf("workshop reply components = %+v, want the %s button", r.Components, wantID)
	}
	if m.Schedule != "once on 2026-12-10 at 18:00" || m.Duration != 90*time.Minute || m.Location != "https://meet.example.org/sleep" || m.Status != data.MeetingActive {
		t.Fatalf("workshop meeting = %+v", m)
	}
	wantText(t, fx.mod("workshop", opt{"title", "Sleep basics"}, opt{"date", "2026-12-11"}, opt{"time", "18:00"}), "already a meeting")

	fx.set(guildA, data.FeatureMeetings, "off")
	wantText(t, fx.mod("workshop", opt{"title", "Another"}, opt{"date", "2026-12-11"}, opt{"time", "18:00"}), "meetings are switched off")
}

func TestSelfCareOutsideAServer(t *testing.T) {
	fx := newSCFixture(t)
	wantText(t, fx.run(slash(data.Settings{}, member1, false, "selfcare", "nudge on", opt{"times", "09:00"})), "belong to a server")
}

func TestSelfCareTimezoneAutocomplete(t *testing.T) {
	fx := newSCFixture(t)
	ac := fx.run(autocomplete(fx.settings(guildA), member1, "selfcare", "nudge on", "timezone", opt{"times", "09:00"}, opt{"timezone", "tokyo"}))
	if len(ac.Choices) == 0 || ac.Choices[0].Value != "Asia/Tokyo" {
		t.Fatalf("choices = %+v", ac.Choices)
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"9am", "09:00"}, {"18:30", "18:30"}, {"6:30 pm", "18:30"}, {"noon", "12:00"}, {"7", ""}, {"", ""}, {"25:00", ""},
	} {
		got, err := commands.ParseClock(tc.in)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("ParseClock(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// scSent records delivery d as sent in message messageID, planning it first
// if the scheduler has not.
func scSent(t *testing.T, s *data.Store, d data.Delivery, messageID string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.EnqueueDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	stored, err := s.DeliveryByKey(ctx, d.GuildID, d.Key)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimDelivery(ctx, stored, stored.NextAttemptAt); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := s.CompleteDelivery(ctx, stored, messageID, stored.NextAttemptAt); err != nil {
		t.Fatal(err)
	}
}
