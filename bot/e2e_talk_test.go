package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// talkGuild is the default test server with listeners: a Listener role
// (dave and erin), a #talk channel where private threads open, and a
// #listeners channel only listeners (and Kindred) can see.
func talkGuild() discordtest.Guild {
	g := discordtest.DefaultGuild()
	g.Roles = append(g.Roles, discordtest.Role{Name: "Listener", Permissions: discordtest.EveryonePermissions})
	g.Channels = append(g.Channels,
		discordtest.Channel{Name: "talk"},
		discordtest.Channel{Name: "listeners", Overwrites: []discordtest.Overwrite{
			{ID: "@everyone", Deny: discordgo.PermissionViewChannel},
			{ID: "Listener", Allow: discordgo.PermissionViewChannel},
			{ID: "@bot", Allow: discordgo.PermissionViewChannel},
		}},
	)
	g.Members = append(g.Members,
		discordtest.Member{User: discordtest.User{Username: "dave"}, Roles: []string{"Listener"}},
		discordtest.Member{User: discordtest.User{Username: "erin"}, Roles: []string{"Listener"}},
	)
	g.BotPermissions = discordtest.DefaultBotPermissions | discordgo.PermissionCreatePrivateThreads | discordgo.PermissionManageThreads
	return g
}

// newTalkHarness runs the bot against talkGuild with Talk to someone set
// up as a moderator would, and returns it with a scheduler runner on the
// harness clock.
func newTalkHarness(t *testing.T) (*harness, *scheduler.Runner) {
	t.Helper()
	return newTalkHarnessIn(t, "")
}

// talkOpen has member ask to talk (need, optional first words, shown to
// listeners or not) through /talk start and returns the thread's ID.
func talkOpen(t *testing.T, h *harness, member discordtest.Member, need, text string, share bool) string {
	t.Helper()
	g := h.guild.ID
	in := h.fake.SlashCommand(g, member, "talk", discordtest.Sub("start"))
	resp := in.Wait(t)
	if !resp.Ephemeral() || !strings.Contains(resp.Content(), "Nothing is shared") {
		t.Fatalf("/talk start = %q", resp.Content())
	}
	modal := h.fake.ClickButton(g, member, in.Original(), "talk-need:"+need).Wait(t)
	if modal.Type != discordgo.InteractionResponseModal || modal.Data.CustomID != "talk-first:"+need {
		t.Fatalf("need button answered %v %q, want the first-message form", modal.Type, modal.Data.CustomID)
	}
	sub := h.fake.SubmitModal(g, member, modal.Data.CustomID, map[string]string{"text": text})
	confirm := sub.Wait(t)
	if !strings.Contains(confirm.Content(), "Nothing is shared until you press a button") {
		t.Fatalf("confirm view = %q", confirm.Content())
	}
	prefix := "talk-send:"
	id := pvButton(t, confirm.Data.Components, prefix)
	if share {
		id = strings.TrimSuffix(id, ":0") + ":1"
	}
	done := h.fake.ClickButton(g, member, sub.Original(), id).Wait(t)
	if !strings.Contains(done.Content(), "I've opened your private thread") {
		t.Fatalf("confirm answered %q", done.Content())
	}
	start := strings.Index(done.Content(), "<#") + 2
	return done.Content()[start : start+strings.Index(done.Content()[start:], ">")]
}

// talkNotice returns the newest message in #listeners.
func talkNotice(t *testing.T, h *harness) *discordtest.Message {
	t.Helper()
	ms := h.fake.Messages(h.guild.ChannelID("listeners"))
	if len(ms) == 0 {
		t.Fatal("no notice in #listeners")
	}
	return ms[len(ms)-1]
}

// threadPost returns the first message in a thread whose content has s.
func threadPost(t *testing.T, h *harness, thread, s string) *discordtest.Message {
	t.Helper()
	return h.fake.WaitMessage(t, thread, func(m *discordtest.Message) bool { return strings.Contains(m.Content, s) })
}

func hasMember(list []string, id string) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

func TestTalkMemberAsksListenerTakesHandsOverMemberClosesAndRates(t *testing.T) {
	h, _ := newTalkHarness(t)
	g := h.guild.ID
	carol, dave, erin, alice := h.member("carol"), h.member("dave"), h.member("erin"), h.member("alice")
	const words = "I had a really rough day and can't settle"

	thread := talkOpen(t, h, carol, data.TalkNeedListen, words, false)
	if got := h.fake.Threads(h.guild.ChannelID("talk")); len(got) != 1 || got[0] != thread {
		t.Fatalf("threads in #talk = %v, want [%s]", got, thread)
	}
	if ch := h.fake.Channel(thread); ch.Type != discordgo.ChannelTypeGuildPrivateThread {
		t.Fatalf("thread type = %v, want a private thread", ch.Type)
	}
	if m := h.fake.ThreadMembers(thread); !hasMember(m, carol.User.ID) || hasMember(m, dave.User.ID) {
		t.Fatalf("thread members = %v, want carol and no listener yet", m)
	}
	welcome := threadPost(t, h, thread, "your private space")
	if len(welcome.Embeds) != 1 || welcome.Embeds[0].Description != words {
		t.Errorf("welcome embeds = %+v, want the member's first words for whoever joins", welcome.Embeds)
	}

	// The notice pings the listener role, without the member's words or name.
	notice := talkNotice(t, h)
	role := h.guild.RoleID("Listener")
	if !strings.Contains(notice.Content, "<@&"+role+">") || strings.Contains(notice.Content, carol.User.ID) || len(notice.Embeds) != 0 {
		t.Errorf("notice = %q (embeds %d), want a role ping without the member", notice.Content, len(notice.Embeds))
	}
	pings := h.fake.RequestsTo("POST", "/channels/"+h.guild.ChannelID("listeners")+"/messages")
	if am, _ := pings[len(pings)-1].JSON.(map[string]any)["allowed_mentions"].(map[string]any); fmt.Sprint(am["roles"]) != "["+role+"]" {
		t.Errorf("notice allowed_mentions = %v, want the listener role", am)
	}
	take := pvButton(t, notice.Components, "talk-take:")

	// A member without the role can't take it; a listener can, once.
	if r := h.fake.ClickButton(g, carol, notice, take).Wait(t); !strings.Contains(r.Content(), "Only this server's listeners") {
		t.Errorf("carol taking = %q", r.Content())
	}
	if r := h.fake.ClickButton(g, dave, notice, take).Wait(t); !strings.Contains(r.Content(), "Thank you for taking it") {
		t.Fatalf("dave taking = %q", r.Content())
	}
	if m := h.fake.ThreadMembers(thread); !hasMember(m, dave.User.ID) || hasMember(m, erin.User.ID) {
		t.Errorf("thread members after taking = %v", m)
	}
	if n := h.fake.Message(notice.ID); !strings.Contains(n.Content, "taken by <@"+dave.User.ID+">") || len(n.Components) != 0 {
		t.Errorf("notice after taking = %q with %d rows, want who took it and no button", n.Content, len(n.Components))
	}
	threadPost(t, h, thread, "has joined to listen")

	// Only the listener who has it can hand over; the note goes to listeners only.
	hand := pvButton(t, welcome.Components, "talk-hand:")
	if r := h.fake.ClickButton(g, carol, welcome, hand).Wait(t); !strings.Contains(r.Content(), "Only the listener who has") {
		t.Errorf("carol handing over = %q", r.Content())
	}
	in := h.fake.ClickButton(g, dave, welcome, hand)
	in.Wait(t)
	pick := h.fake.SelectMenu(g, dave, in.Original(), "talk-handto:"+strings.TrimPrefix(hand, "talk-hand:"), discordgo.UserSelectMenuComponent, carol.User.ID).Wait(t)
	if !strings.Contains(pick.Content(), "doesn't have the listener role") {
		t.Errorf("handing over to carol = %q", pick.Content())
	}
	form := h.fake.SelectMenu(g, dave, in.Original(), "talk-handto:"+strings.TrimPrefix(hand, "talk-hand:"), discordgo.UserSelectMenuComponent, erin.User.ID).Wait(t)
	if form.Type != discordgo.InteractionResponseModal {
		t.Fatalf("choosing erin answered %v, want the note form", form.Type)
	}
	const note = "She finds it easier to talk about her dog first"
	if r := h.fake.SubmitModal(g, dave, form.Data.CustomID, map[string]string{"note": note}).Wait(t); !strings.Contains(r.Content(), "Handed over to") {
		t.Fatalf("hand-over = %q", r.Content())
	}
	if m := h.fake.ThreadMembers(thread); !hasMember(m, erin.User.ID) || hasMember(m, dave.User.ID) || !hasMember(m, carol.User.ID) {
		t.Errorf("thread members after hand-over = %v, want carol and erin", m)
	}
	threadPost(t, h, thread, "has handed over to <@"+erin.User.ID+">")
	for _, m := range h.fake.Messages(thread) {
		if strings.Contains(m.Content, note) || (len(m.Embeds) > 0 && strings.Contains(m.Embeds[0].Description, note)) {
			t.Error("the hand-over note is in the member's thread")
		}
	}
	if n := talkNotice(t, h); len(n.Embeds) != 1 || n.Embeds[0].Description != note {
		t.Errorf("listeners' channel has no hand-over note: %q", n.Content)
	}

	// The member closes; the thread is archived and locked; they rate it.
	if r := h.fake.ClickButton(g, carol, welcome, pvButton(t, welcome.Components, "talk-close:")).Wait(t); !strings.Contains(r.Content(), "Closed") {
		t.Fatalf("closing = %q", r.Content())
	}
	if archived, locked, _ := h.fake.ThreadState(thread); !archived || !locked {
		t.Errorf("thread archived=%v locked=%v, want both", archived, locked)
	}
	closing := threadPost(t, h, thread, "rate how it went")
	rate5 := strings.TrimSuffix(pvButton(t, closing.Components, "talk-rate:"), ":1") + ":5"
	if r := h.fake.ClickButton(g, erin, closing, rate5).Wait(t); !strings.Contains(r.Content(), "Only the member") {
		t.Errorf("listener rating = %q", r.Content())
	}
	if r := h.fake.ClickButton(g, carol, closing, rate5).Wait(t); !strings.Contains(r.Content(), "counted anonymously") {
		t.Errorf("rating = %q", r.Content())
	}

	// Moderators see counts, never contents; members can't see them.
	if r := h.fake.SlashCommand(g, carol, "mod-talk", discordtest.Sub("stats")).Wait(t); !strings.Contains(r.Content(), "Only moderators") {
		t.Errorf("carol's /mod-talk stats = %q", r.Content())
	}
	stats := h.fake.SlashCommand(g, alice, "mod-talk", discordtest.Sub("stats")).Wait(t).Content()
	for _, want := range []string{"Requests: **1**", "taken by a listener: **1**", "closed: **1**", "5★ 1", "Median time"} {
		if !strings.Contains(stats, want) {
			t.Errorf("/mod-talk stats lacks %q:\n%s", want, stats)
		}
	}
	for _, leak := range []string{words, note, carol.User.ID, dave.User.ID, erin.User.ID} {
		if strings.Contains(stats, leak) {
			t.Errorf("/mod-talk stats shows %q", leak)
		}
	}

	// Setting up listeners is in the moderators' audit log.
	ar := h.fake.SlashCommand(g, alice, "audit", discordtest.Sub("show", discordtest.Opt("feature", "settings"))).Wait(t)
	if len(ar.Data.Embeds) != 1 {
		t.Fatalf("/audit show = %q with %d embeds", ar.Content(), len(ar.Data.Embeds))
	}
	audit := ar.Data.Embeds[0].Description
	for _, key := range []string{data.SettingListenerRole, data.SettingTalkChannel, data.SettingListenerChannel} {
		d, _ := data.LookupSetting(key)
		if !strings.Contains(audit, d.Label) {
			t.Errorf("/audit show lacks the change to %s:\n%s", d.Label, audit)
		}
	}

	// The member's export holds their request, not the listeners' note.
	export := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("export")).Wait(t)
	if len(export.Files) != 1 {
		t.Fatalf("export has %d files", len(export.Files))
	}
	body := string(export.Files[0].Data)
	if !strings.Contains(body, words) || !strings.Contains(body, `"support_requests"`) || strings.Contains(body, note) {
		t.Errorf("export: has words %v, note %v", strings.Contains(body, words), strings.Contains(body, note))
	}
}

func TestTalkNobodyTakesItMemberIsToldAndListenersPingedAgain(t *testing.T) {
	h, runner := newTalkHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	carol, dave := h.member("carol"), h.member("dave")
	role := h.guild.RoleID("Listener")

	thread := talkOpen(t, h, carol, data.TalkNeedStruggling, "", false)
	notices := len(h.fake.Messages(h.guild.ChannelID("listeners")))
	if in := h.fake.Interactions(); len(in) == 0 || len(in[len(in)-1].Wait(t).Data.Embeds) == 0 {
		t.Error("a member who is struggling right now was not shown crisis lines while they wait")
	}

	// A second /talk returns to the open thread, and opens no other.
	again := h.fake.SlashCommand(g, carol, "talk", discordtest.Sub("start")).Wait(t)
	if !strings.Contains(again.Content(), "already have a private conversation open: <#"+thread+">") {
		t.Errorf("second /talk = %q", again.Content())
	}
	if n := len(h.fake.Threads(h.guild.ChannelID("talk"))); n != 1 {
		t.Errorf("%d threads after a second /talk, want 1", n)
	}

	// Before the timeout nothing happens; at it the member is told
	// honestly, with crisis lines, and the listeners are pinged once more.
	h.clock.Advance(9 * time.Minute)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fake.Messages(thread)); n != 1 {
		t.Fatalf("%d messages in the thread before the timeout, want the welcome only", n)
	}
	h.clock.Advance(time.Minute)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	told := threadPost(t, h, thread, "none of the listeners has been able to take this yet")
	if len(told.Embeds) == 0 || strings.Contains(told.Content, "someone is coming") {
		t.Errorf("told %q with %d embeds, want crisis lines and no promise", told.Content, len(told.Embeds))
	}
	ms := h.fake.Messages(h.guild.ChannelID("listeners"))
	if len(ms) != notices+1 || !strings.Contains(ms[len(ms)-1].Content, "<@&"+role+"> 💬 **Still waiting:**") {
		t.Fatalf("listeners' channel after the timeout: %d messages, last %q", len(ms), ms[len(ms)-1].Content)
	}
	// Once only, also across ticks.
	h.clock.Advance(time.Hour)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fake.Messages(thread)); n != 2 {
		t.Errorf("%d messages in the thread after more ticks, want the welcome and one notice", n)
	}

	// Pressing again and again never pings the role more than once in 10 minutes.
	welcome := threadPost(t, h, thread, "your private space")
	if r := h.fake.ClickButton(g, carol, welcome, pvButton(t, welcome.Components, "talk-ok:")).Wait(t); !strings.Contains(r.Content(), "Closed") {
		t.Fatalf("I'm OK now = %q", r.Content())
	}
	closeThread := func(thread string) {
		t.Helper()
		w := threadPost(t, h, thread, "your private space")
		h.fake.ClickButton(g, carol, w, pvButton(t, w.Components, "talk-close:")).Wait(t)
	}
	second := talkOpen(t, h, carol, data.TalkNeedListen, "", false)
	if second == thread {
		t.Fatal("a request after closing reused the closed thread")
	}
	if n := talkNotice(t, h); !strings.Contains(n.Content, "<@&"+role+">") {
		t.Errorf("a request an hour after the last ping did not ping: %q", n.Content)
	}
	closeThread(second)
	third := talkOpen(t, h, carol, data.TalkNeedListen, "", false)
	if n := talkNotice(t, h); strings.Contains(n.Content, "<@&") {
		t.Errorf("a request within 10 minutes of the last ping pinged again: %q", n.Content)
	}
	closeThread(third)

	// With a listener on duty, the next request pings them, not the role.
	if r := h.fake.SlashCommand(g, carol, "talk", discordtest.Sub("duty", discordtest.Opt("on", true))).Wait(t); !strings.Contains(r.Content(), "Only members with this server's listener role") {
		t.Errorf("carol going on duty = %q", r.Content())
	}
	h.fake.SlashCommand(g, dave, "talk", discordtest.Sub("duty", discordtest.Opt("on", true))).Wait(t)
	h.clock.Advance(11 * time.Minute)
	talkOpen(t, h, carol, data.TalkNeedPractical, "", false)
	if n := talkNotice(t, h); !strings.HasPrefix(n.Content, "<@"+dave.User.ID+"> ") {
		t.Errorf("notice with dave on duty = %q, want dave pinged", n.Content)
	}
}

func TestTalkRetentionDeletesOldThreadsUnlessKept(t *testing.T) {
	h, runner := newTalkHarness(t)
	ctx := context.Background()
	g := h.guild.ID
	carol, alice := h.member("carol"), h.member("alice")

	closeIt := func(member discordtest.Member, thread string) *discordtest.Message {
		t.Helper()
		w := threadPost(t, h, thread, "your private space")
		h.fake.ClickButton(g, member, w, pvButton(t, w.Components, "talk-close:")).Wait(t)
		return threadPost(t, h, thread, "rate how it went")
	}
	old := talkOpen(t, h, carol, data.TalkNeedListen, "words to forget", true)
	oldNotice := talkNotice(t, h).ID
	closeIt(carol, old)
	kept := talkOpen(t, h, alice, data.TalkNeedListen, "", false)
	keptNotice := talkNotice(t, h).ID
	c := closeIt(alice, kept)
	if r := h.fake.ClickButton(g, alice, c, pvButton(t, c.Components, "talk-keep:")).Wait(t); !strings.Contains(r.Content(), "I'll keep this thread") {
		t.Fatalf("keep = %q", r.Content())
	}

	h.clock.Advance(13 * 24 * time.Hour)
	if err := runner.Sweep(ctx, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, deleted := h.fake.ThreadState(old); deleted {
		t.Fatal("a thread was deleted before the 14-day retention")
	}
	h.clock.Advance(2 * 24 * time.Hour)
	if err := runner.Sweep(ctx, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, deleted := h.fake.ThreadState(old); !deleted {
		t.Error("the old thread was not deleted after retention")
	}
	if _, _, deleted := h.fake.ThreadState(kept); deleted {
		t.Error("the thread the member asked to keep was deleted")
	}
	if h.fake.Message(oldNotice) != nil || h.fake.Message(keptNotice) == nil {
		t.Error("retention should delete the old request's notice to listeners, and only its")
	}
	if rows := pvRowsContaining(t, h, "words to forget"); len(rows) != 0 {
		t.Errorf("the member's words are still stored: %v", rows)
	}
	// The anonymous counts stay for moderators.
	stats := h.fake.SlashCommand(g, alice, "mod-talk", discordtest.Sub("stats")).Wait(t).Content()
	if !strings.Contains(stats, "Requests: **2**") {
		t.Errorf("stats after retention = %q, want both requests counted", stats)
	}
}

func TestTalkMemberWithoutRoleCannotSeeOrTakeOthersRequests(t *testing.T) {
	h, _ := newTalkHarness(t)
	g := h.guild.ID
	carol, alice, dave := h.member("carol"), h.member("alice"), h.member("dave")

	thread := talkOpen(t, h, alice, data.TalkNeedPractical, "private words", true)
	if m := h.fake.ThreadMembers(thread); hasMember(m, carol.User.ID) {
		t.Errorf("carol is in alice's thread: %v", m)
	}
	// The listeners' channel is hidden from members; the shared words are only there.
	if p := h.fake.Permissions(g, carol.User.ID, h.guild.ChannelID("listeners")); p&discordgo.PermissionViewChannel != 0 {
		t.Error("carol can see the listeners' channel")
	}
	notice := talkNotice(t, h)
	if len(notice.Embeds) != 1 || notice.Embeds[0].Description != "private words" {
		t.Errorf("notice embeds = %+v, want the words alice chose to share", notice.Embeds)
	}
	if r := h.fake.ClickButton(g, carol, notice, pvButton(t, notice.Components, "talk-take:")).Wait(t); !strings.Contains(r.Content(), "Only this server's listeners") {
		t.Errorf("carol taking = %q", r.Content())
	}
	welcome := threadPost(t, h, thread, "your private space")
	for _, prefix := range []string{"talk-close:", "talk-more:", "talk-ok:"} {
		r := h.fake.ClickButton(g, carol, welcome, pvButton(t, welcome.Components, prefix)).Wait(t)
		if !strings.Contains(r.Content(), "belongs to another member") && !strings.Contains(r.Content(), "Only the member who asked") {
			t.Errorf("carol pressing %s in alice's thread = %q", prefix, r.Content())
		}
	}
	if archived, _, _ := h.fake.ThreadState(thread); archived {
		t.Error("carol's press closed alice's thread")
	}
	// A listener can bring in another one.
	if r := h.fake.ClickButton(g, dave, welcome, pvButton(t, welcome.Components, "talk-more:")).Wait(t); !strings.Contains(r.Content(), "asked the listeners for one more") {
		t.Errorf("bring in another = %q", r.Content())
	}
	join := talkNotice(t, h)
	if r := h.fake.ClickButton(g, dave, join, pvButton(t, join.Components, "talk-join:")).Wait(t); !strings.Contains(r.Content(), "You're in") {
		t.Errorf("join = %q", r.Content())
	}
}

func TestTalkFallsBackWhenPrivateThreadsAreUnavailable(t *testing.T) {
	h, _ := newTalkHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	h.fake.SetPrivateThreadsUnavailable(g, true)
	const words = "please keep these words"

	in := h.fake.SlashCommand(g, carol, "talk", discordtest.Sub("start"))
	in.Wait(t)
	modal := h.fake.ClickButton(g, carol, in.Original(), "talk-need:listen").Wait(t)
	sub := h.fake.SubmitModal(g, carol, modal.Data.CustomID, map[string]string{"text": words})
	confirm := sub.Wait(t)
	r := h.fake.ClickButton(g, carol, sub.Original(), pvButton(t, confirm.Data.Components, "talk-send:")).Wait(t)
	if !strings.Contains(r.Content(), "boost level or my permissions") {
		t.Errorf("fallback = %q", r.Content())
	}
	if len(r.Data.Embeds) < 2 || r.Data.Embeds[0].Description != words {
		t.Errorf("fallback embeds = %d, want the member's words handed back and crisis lines", len(r.Data.Embeds))
	}
	if n := len(h.fake.Threads(h.guild.ChannelID("talk"))); n != 0 {
		t.Errorf("%d threads opened", n)
	}
	if n := len(h.fake.Messages(h.guild.ChannelID("listeners"))); n != 0 {
		t.Errorf("listeners were told about a request that has no thread")
	}
	// Nothing is left pending: a new request still works once allowed.
	h.fake.SetPrivateThreadsUnavailable(g, false)
	talkOpen(t, h, carol, data.TalkNeedListen, "", false)
}

func TestTalkMyDataDeleteDeletesTheThread(t *testing.T) {
	h, _ := newTalkHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	thread := talkOpen(t, h, carol, data.TalkNeedListen, "erase me", true)
	notice := talkNotice(t, h).ID
	in := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("delete"))
	resp := in.Wait(t)
	done := h.fake.ClickButton(g, carol, in.Original(), pvButton(t, resp.Data.Components, "mydata-erase")).Wait(t)
	if !strings.Contains(done.Content(), "requests to talk") {
		t.Errorf("erase = %q", done.Content())
	}
	if _, _, deleted := h.fake.ThreadState(thread); !deleted {
		t.Error("the support thread was not deleted with the member's data")
	}
	if h.fake.Message(notice) != nil {
		t.Error("the notice holding the member's shared words was not deleted")
	}
	if rows := pvRowsContaining(t, h, carol.User.ID); rows["talk_requests"] != 0 {
		t.Errorf("talk rows left: %v", rows)
	}
}

func TestTalkButtonOnSafetyNetHelpAndGuidelines(t *testing.T) {
	h, _ := newTalkHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	help := h.fake.SlashCommand(g, carol, "help").Wait(t)
	pvButton(t, help.Data.Components, "talk-open")
	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 1)))
	resp := in.Wait(t)
	pvButton(t, resp.Data.Components, "talk-open")
	for _, c := range resp.Data.Components {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if b, ok := x.(*discordgo.Button); ok && b.Label == "Ask a moderator to reach out" {
					t.Error("the safety net still offers the moderator alert where listeners are set up")
				}
			}
		}
	}
	start := h.fake.ClickButton(g, carol, in.Original(), "talk-open").Wait(t)
	pvButton(t, start.Data.Components, "talk-need:")
	post := h.fake.SlashCommand(g, h.member("alice"), "mod-guidelines", discordtest.Sub("post", discordtest.ChannelOpt("channel", h.guild.ChannelID("general"))))
	post.Wait(t)
	gl := h.fake.WaitMessage(t, h.guild.ChannelID("general"), func(m *discordtest.Message) bool { return len(m.Embeds) > 0 && len(m.Components) > 0 })
	pvButton(t, gl.Components, "talk-open")
	r := h.fake.ClickButton(g, carol, gl, "talk-open").Wait(t)
	if !r.Ephemeral() || r.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("pressing Talk to someone on the guidelines post answered type %v ephemeral %v, want a private reply", r.Type, r.Ephemeral())
	}
}

func TestTalkThreadDeletedInDiscordStartsAfresh(t *testing.T) {
	h, runner := newTalkHarness(t)
	ctx := context.Background()
	carol := h.member("carol")
	thread := talkOpen(t, h, carol, data.TalkNeedListen, "", false)
	notice := talkNotice(t, h)
	h.fake.DeleteThread(thread)

	// The timeout finds the thread gone and gives up rather than retrying.
	h.clock.Advance(10 * time.Minute)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	before := len(h.fake.RequestsTo("POST", "/channels/"+thread+"/messages"))
	h.clock.Advance(5 * time.Minute)
	if err := runner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if after := len(h.fake.RequestsTo("POST", "/channels/"+thread+"/messages")); after != before {
		t.Errorf("Kindred kept posting to a deleted thread: %d then %d requests", before, after)
	}

	// A listener taking it learns the thread is gone; the notice says closed.
	r := h.fake.ClickButton(h.guild.ID, h.member("dave"), notice, pvButton(t, notice.Components, "talk-take:")).Wait(t)
	if !strings.Contains(r.Content(), "thread was deleted in Discord") {
		t.Errorf("taking a request whose thread is gone = %q", r.Content())
	}
	if n := h.fake.Message(notice.ID); !strings.Contains(n.Content, "is closed") {
		t.Errorf("notice after the thread was found gone = %q", n.Content)
	}

	// The member is not sent back to a thread that is gone.
	next := talkOpen(t, h, carol, data.TalkNeedListen, "", false)
	if next == thread {
		t.Fatal("a new request returned to the deleted thread")
	}
}
