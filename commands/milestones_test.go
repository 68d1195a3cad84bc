package commands_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// msFixture drives the milestones commands, and the check-ins that reach
// milestones, on a real store with a clock the test moves.
type msFixture struct {
	t   *testing.T
	s   *data.Store
	now time.Time

	milestones, milestone, kudos, celebrate, checkin *commands.Command
}

func newMsFixture(t *testing.T) *msFixture {
	t.Helper()
	f := &msFixture{t: t, s: newStore(t), now: testNow}
	f.s.Now = func() time.Time { return f.now }
	f.milestones = commands.Milestones(f.s, nil)
	f.milestone = commands.Milestone(f.s, nil)
	f.kudos = commands.Kudos(f.s, nil)
	f.celebrate = commands.CelebrateThis(f.s, nil, nil)
	f.checkin = commands.Checkin(f.s, newFakeDiscord(), nil)
	f.set(data.SettingCelebrationsChannel, channel2)
	return f
}

func (f *msFixture) set(key, value string) {
	f.t.Helper()
	if _, err := f.s.SetSetting(context.Background(), guildA, mod1, key, value); err != nil {
		f.t.Fatal(err)
	}
}

// req builds a slash command request at the fixture's time.
func (f *msFixture) req(userID, name, sub string, opts ...opt) *commands.Request {
	r := slash(settingsOf(f.t, f.s, guildA), userID, userID == mod1, name, sub, opts...)
	r.Now = f.now
	return r
}

// shareByForm shares a milestone the normal way: /milestone share without
// a note opens the form, submitted with note (which may be "").
func (f *msFixture) shareByForm(userID, what, note string, public bool) *commands.Response {
	f.t.Helper()
	resp := f.run(f.milestone.Handle, f.req(userID, "milestone", "share", opt{"what", what}, opt{"public", public}))
	if resp.Modal == nil {
		f.t.Fatalf("/milestone share without a note: %q, want the form", resp.Content)
	}
	sub := modal(settingsOf(f.t, f.s, guildA), userID, false, resp.Modal.CustomID, map[string]string{"what": what, "text": note})
	sub.Now = f.now
	return f.run(f.milestone.Components["ms-note"].Handle, sub)
}

func (f *msFixture) run(h commands.Handler, req *commands.Request) *commands.Response {
	f.t.Helper()
	resp, err := h(context.Background(), req)
	if err != nil {
		f.t.Fatalf("handler: %v", err)
	}
	if resp == nil {
		f.t.Fatal("handler returned no response")
	}
	return resp
}

// checkIn checks userID in as /checkin now does.
func (f *msFixture) checkIn(userID string) {
	f.t.Helper()
	f.run(f.checkin.Handle, f.req(userID, "checkin", "now", opt{"mood", 4}))
}

// posts returns the celebration posts planned so far, rendered as the
// scheduler would send them now.
func (f *msFixture) posts() []string {
	f.t.Helper()
	ds, err := f.s.Deliveries(context.Background(), guildA, "milestones")
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, f.render(d))
	}
	return out
}

func (f *msFixture) render(d data.Delivery) string {
	f.t.Helper()
	out, err := commands.RenderDelivery(context.Background(), f.s, d)
	if err != nil {
		f.t.Fatalf("render delivery %d: %v", d.ID, err)
	}
	if out.ChannelID != channel2 {
		f.t.Errorf("celebration goes to %s, want the celebrations channel %s", out.ChannelID, channel2)
	}
	if am := out.Message.AllowedMentions; am == nil || len(am.Parse) != 0 || len(am.Users) != 0 || len(am.Roles) != 0 {
		f.t.Errorf("celebration may ping someone: %+v", am)
	}
	if n := utf8.RuneCountInString(out.Message.Content); n > 2000 {
		f.t.Errorf("celebration has %d characters", n)
	}
	return out.Message.Content
}

var placeholderRE = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)

func TestCelebrationWords(t *testing.T) {
	for _, l := range i18n.Languages() {
		for _, section := range []string{"milestone", "shared", "kudos", "award"} {
			checkCelebrationWords(t, l.Tag, section)
		}
	}
}

func checkCelebrationWords(t *testing.T, lang, section string) {
	t.Helper()
	{
		words := commands.CelebrationWords(lang, section)
		if len(words) < 20 {
			t.Errorf("[%s] has %d variants, want at least 20", section, len(words))
		}
		seen := map[string]bool{}
		for _, w := range words {
			if seen[w] {
				t.Errorf("[%s] repeats %q", section, w)
			}
			seen[w] = true
			if !strings.Contains(w, "{{.Member}}") {
				t.Errorf("%s [%s] %q doesn't name the member", lang, section, w)
			}
			if section == "kudos" && !strings.Contains(w, "{{.Giver}}") {
				t.Errorf("%s [kudos] %q doesn't name who gives the kudos", lang, w)
			}
			for _, p := range placeholderRE.FindAllString(w, -1) {
				if p != "{{.Member}}" && (p != "{{.Giver}}" || section != "kudos") {
					t.Errorf("[%s] %q has an unknown placeholder %s", section, w, p)
				}
			}
			if n := utf8.RuneCountInString(w); n > 80 {
				t.Errorf("[%s] %q is %d characters; keep them short", section, w, n)
			}
			if m := regexp.MustCompile(`(?i)\b(mood|feel\w*|check-in|struggl\w*|sad|anxious)\b`).FindString(w); m != "" && lang == "en" {
				t.Errorf("[%s] %q says %q: posts never speak of moods or check-ins' content", section, w, m)
			}
		}
	}
}

func TestCheckinStreakCelebratesEachThresholdOnce(t *testing.T) {
	f := newMsFixture(t)
	f.checkIn(member1)
	posts := f.posts()
	if len(posts) != 1 || !strings.Contains(posts[0], "<@"+member1+">") || !strings.Contains(posts[0], "**First check-in**") {
		t.Fatalf("after the first check-in: %q", posts)
	}
	f.checkIn(member1) // twice the same day: nothing new
	for day := 2; day <= 6; day++ {
		f.now = testNow.AddDate(0, 0, day-1)
		f.checkIn(member1)
	}
	if got := len(f.posts()); got != 1 {
		t.Fatalf("after 6 days: %d celebrations, want still 1", got)
	}
	f.now = testNow.AddDate(0, 0, 6)
	f.checkIn(member1)
	f.checkIn(member1)
	posts = f.posts()
	if len(posts) != 2 || !strings.Contains(posts[1], "**7-day check-in streak**") {
		t.Fatalf("after 7 days: %q", posts)
	}
	if posts[0] == posts[1] || strings.SplitN(posts[0], "\n", 2)[0] == strings.SplitN(posts[1], "\n", 2)[0] {
		t.Errorf("two celebrations in a row read the same:\n%s\n%s", posts[0], posts[1])
	}
	for _, p := range posts {
		for _, word := range []string{"good", "🙂", "mood"} {
			if strings.Contains(p, word) {
				t.Errorf("celebration reveals the check-in (%q):\n%s", word, p)
			}
		}
	}
}

func TestSwitchingOnOverHistoryPostsNothingOld(t *testing.T) {
	f := newMsFixture(t)
	f.set(data.FeatureMilestones, "off")
	for day := range 10 {
		f.now = testNow.AddDate(0, 0, day)
		f.checkIn(member1)
	}
	f.set(data.FeatureMilestones, "on")
	f.now = testNow.AddDate(0, 0, 10)
	f.checkIn(member1)
	if posts := f.posts(); len(posts) != 0 {
		t.Fatalf("switching on posted old milestones: %q", posts)
	}
	// They are recorded, and the member is told privately, once.
	resp := f.run(f.milestones.Handle, f.req(member1, "milestones", ""))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "New since you last looked") ||
		!strings.Contains(resp.Content, "First check-in") || !strings.Contains(resp.Content, "7-day check-in streak") {
		t.Fatalf("/milestones after switching on:\n%s", resp.Content)
	}
	resp = f.run(f.milestones.Handle, f.req(member1, "milestones", ""))
	if strings.Contains(resp.Content, "New since") || !strings.Contains(resp.Embeds[0].Description, "7-day check-in streak") {
		t.Fatalf("/milestones again:\n%s\n%s", resp.Content, resp.Embeds[0].Description)
	}
	// A kind switched off records nothing of its own.
	f.set(data.FeatureMilestoneCheckins, "off")
	for day := 11; day < 30; day++ {
		f.now = testNow.AddDate(0, 0, day)
		f.checkIn(member1)
	}
	ms, err := f.s.MemberMilestones(context.Background(), guildA, member1, false)
	if err != nil || len(ms) != 2 {
		t.Fatalf("with check-in milestones off: %d milestones, %v; want still 2", len(ms), err)
	}
}

func TestPrivacyKeepsMilestonesPrivate(t *testing.T) {
	f := newMsFixture(t)
	resp := f.run(f.milestones.Handle, f.req(member1, "milestones", "", opt{"privacy", "private"}))
	if !strings.Contains(resp.Content, "private now") {
		t.Fatalf("privacy: %q", resp.Content)
	}
	resp = f.run(f.milestones.Handle, f.req(member1, "milestones", "", opt{"privacy", "private"}))
	if !strings.Contains(resp.Content, "already private") {
		t.Fatalf("privacy again: %q", resp.Content)
	}
	f.checkIn(member1)
	if posts := f.posts(); len(posts) != 0 {
		t.Fatalf("a private member's milestone was posted: %q", posts)
	}
	// Others see nothing; the member sees it, marked new and private.
	resp = f.run(f.milestones.Handle, f.req(member2, "milestones", "", opt{"member", member1}))
	if !strings.Contains(resp.Content, "no milestones to show") || len(resp.Embeds) != 0 {
		t.Fatalf("another member's view of a private member: %q", resp.Content)
	}
	resp = f.run(f.milestones.Handle, f.req(member1, "milestones", ""))
	if !strings.Contains(resp.Content, "New since") || !strings.Contains(resp.Embeds[0].Description, "🔒") {
		t.Fatalf("own view:\n%s\n%s", resp.Content, resp.Embeds[0].Description)
	}
	// Kudos for a private member are passed on quietly.
	resp = f.run(f.kudos.Handle, f.req(member2, "kudos", "", opt{"member", member1}, opt{"reason", "being kind"}))
	if !strings.Contains(resp.Content, "keeps their celebrations private") || len(f.posts()) != 0 {
		t.Fatalf("kudos to a private member: %q, %d posts", resp.Content, len(f.posts()))
	}
	// Public again: new milestones are celebrated.
	resp = f.run(f.milestones.Handle, f.req(member1, "milestones", "", opt{"privacy", "public"}))
	if !strings.Contains(resp.Content, "<#"+channel2+">") {
		t.Fatalf("public: %q", resp.Content)
	}
	resp = f.shareByForm(member1, "Slept well", "", true)
	if !strings.Contains(resp.Content, "I'll post") || len(f.posts()) != 1 {
		t.Fatalf("sharing publicly: %q, %d posts", resp.Content, len(f.posts()))
	}
	resp = f.run(f.milestones.Handle, f.req(member2, "milestones", "", opt{"member", member1}))
	if len(resp.Embeds) != 1 || !strings.Contains(resp.Embeds[0].Description, "Slept well") || strings.Contains(resp.Embeds[0].Description, "First check-in") {
		t.Fatalf("others see only what is public: %+v", resp.Embeds)
	}
}

func TestPlannedCelebrationIsDroppedWhenThingsChange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *msFixture)
	}{
		{"member chose privacy", func(f *msFixture) {
			f.run(f.milestones.Handle, f.req(member1, "milestones", "", opt{"privacy", "private"}))
		}},
		{"milestones switched off", func(f *msFixture) { f.set(data.FeatureMilestones, "off") }},
		{"check-in milestones switched off", func(f *msFixture) { f.set(data.FeatureMilestoneCheckins, "off") }},
		{"no celebrations channel", func(f *msFixture) {
			if _, err := f.s.ResetSetting(context.Background(), guildA, mod1, data.SettingCelebrationsChannel); err != nil {
				f.t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newMsFixture(t)
			f.checkIn(member1)
			tc.change(f)
			ds, err := f.s.Deliveries(context.Background(), guildA, "milestones")
			if err != nil || len(ds) != 1 {
				t.Fatal(ds, err)
			}
			if _, err := commands.RenderDelivery(context.Background(), f.s, ds[0]); !errors.Is(err, data.ErrDeliveryObsolete) {
				t.Fatalf("render: %v, want obsolete", err)
			}
		})
	}
}

func TestCelebrationWordsRotatePerServer(t *testing.T) {
	f := newMsFixture(t)
	ctx := context.Background()
	var firstLines []string
	for i := range 30 {
		user := "2000000000000001" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if _, err := f.s.RecordMilestones(ctx, guildA, user, []data.ReachedMilestone{{Kind: data.MilestoneMeetings, Threshold: 1, Announce: true}}, channel2); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range f.posts() {
		firstLines = append(firstLines, strings.SplitN(p, "\n", 2)[0])
	}
	distinct := map[string]bool{}
	for i, l := range firstLines {
		distinct[l] = true
		if i > 0 && l == firstLines[i-1] {
			t.Errorf("posts %d and %d read the same: %q", i, i+1, l)
		}
	}
	if len(distinct) < 20 {
		t.Errorf("30 posts used %d different words, want every variant before any repeats", len(distinct))
	}
}

func TestMembershipAnniversaries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		joined   time.Time
		wantPost string
		wantAll  int
	}{
		{"joined today", testNow.Add(-time.Hour), "", 0},
		{"one month today", testNow.AddDate(0, -1, 0).Add(-time.Hour), "**1 month in the community**", 1},
		{"a year ago today", testNow.AddDate(-1, 0, 0).Add(-2 * time.Hour), "**1 year in the community**", 3},
		{"a year and three days ago", testNow.AddDate(-1, 0, -3), "", 3},
		{"two years ago today", testNow.AddDate(-2, 0, 0), "**2 years in the community**", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newMsFixture(t)
			req := f.req(member1, "milestones", "")
			req.Interaction.Member.JoinedAt = tc.joined
			f.run(f.milestones.Handle, req)
			posts := f.posts()
			switch {
			case tc.wantPost == "" && len(posts) != 0:
				t.Errorf("posts = %q, want none", posts)
			case tc.wantPost != "" && (len(posts) != 1 || !strings.Contains(posts[0], tc.wantPost)):
				t.Errorf("posts = %q, want one with %q", posts, tc.wantPost)
			}
			ms, err := f.s.MemberMilestones(context.Background(), guildA, member1, false)
			if err != nil || len(ms) != tc.wantAll {
				t.Errorf("%d milestones, %v; want %d", len(ms), err, tc.wantAll)
			}
			// Seen again the next day: nothing new.
			f.now = f.now.Add(26 * time.Hour)
			req = f.req(member1, "milestones", "")
			req.Interaction.Member.JoinedAt = tc.joined
			f.run(f.milestones.Handle, req)
			if got := len(f.posts()); got != len(posts) {
				t.Errorf("the next day: %d posts, want %d", got, len(posts))
			}
		})
	}
}

func TestMembershipAnniversaryAtMonthEnd(t *testing.T) {
	f := newMsFixture(t)
	f.now = time.Date(2027, 2, 28, 12, 0, 0, 0, time.UTC)
	req := f.req(member1, "milestones", "")
	req.Interaction.Member.JoinedAt = time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC)
	f.run(f.milestones.Handle, req)
	if posts := f.posts(); len(posts) != 1 || !strings.Contains(posts[0], "**1 month in the community**") {
		t.Fatalf("joined 31 January, seen 28 February: posts %q, want the first month", posts)
	}
	ms, err := f.s.MemberMilestones(context.Background(), guildA, member1, false)
	if err != nil || len(ms) != 1 || ms[0].AchievedAt.After(f.now) {
		t.Fatalf("milestones %+v (%v): want one, achieved no later than now", ms, err)
	}
}

func TestShareMilestone(t *testing.T) {
	f := newMsFixture(t)
	resp := f.run(f.milestone.Handle, f.req(member1, "milestone", "share", opt{"what", "Called my therapist"}, opt{"note", "Scary but done."}))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "just for you") || len(f.posts()) != 0 {
		t.Fatalf("private share: %q, %d posts", resp.Content, len(f.posts()))
	}
	resp = f.run(f.milestone.Handle, f.req(member1, "milestone", "share", opt{"what", "30 days sober"}, opt{"note", "One day at a time."}, opt{"public", true}))
	posts := f.posts()
	if !strings.Contains(resp.Content, "<#"+channel2+">") || len(posts) != 1 ||
		!strings.Contains(posts[0], "**30 days sober**") || !strings.Contains(posts[0], "> One day at a time.") {
		t.Fatalf("public share: %q, posts %q", resp.Content, posts)
	}
	// The first public share is the member's first story: recorded once,
	// without a second post.
	f.shareByForm(member1, "Went back to work", "First week done.\nTired, and proud.", true)
	ms, err := f.s.MemberMilestones(context.Background(), guildA, member1, false)
	if err != nil {
		t.Fatal(err)
	}
	stories := 0
	for _, m := range ms {
		if m.Kind == data.MilestoneFirstStory {
			stories++
		}
	}
	if stories != 1 || len(f.posts()) != 2 {
		t.Fatalf("first story recorded %d times, %d posts; want 1 and 2", stories, len(f.posts()))
	}
	// A refusal keeps what was typed.
	long := strings.Repeat("x", data.MaxMilestoneTitle+1)
	resp = f.run(f.milestone.Handle, f.req(member1, "milestone", "share", opt{"what", long}, opt{"note", "my note"}))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "at most 100 characters") || !strings.Contains(resp.Content, "> my note") {
		t.Fatalf("too long: %q", resp.Content)
	}
	// Without a channel, a public share is kept and the member told why.
	if _, err := f.s.ResetSetting(context.Background(), guildA, mod1, data.SettingCelebrationsChannel); err != nil {
		t.Fatal(err)
	}
	resp = f.shareByForm(member1, "Cooked dinner", "", true)
	if !strings.Contains(resp.Content, "no celebrations channel") {
		t.Fatalf("no channel: %q", resp.Content)
	}
}

// withBot marks a user option's user as a bot, as Discord resolves it.
func withBot(req *commands.Request, id string) *commands.Request {
	d := req.Interaction.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Users: map[string]*discordgo.User{id: {ID: id, Bot: true}}}
	req.Interaction.Data = d
	return req
}

// withLeft resolves a user option's user as Discord does for someone who
// is not a member of the server: a user, but no member.
func withLeft(req *commands.Request, id string) *commands.Request {
	d := req.Interaction.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Users: map[string]*discordgo.User{id: {ID: id}}}
	req.Interaction.Data = d
	return req
}

func TestAward(t *testing.T) {
	f := newMsFixture(t)
	if f.milestone.ModeratorSubcommands[0] != "award" {
		t.Fatalf("moderator subcommands: %v", f.milestone.ModeratorSubcommands)
	}
	const botID = "200000000000000077"
	for _, tc := range []struct {
		name string
		req  *commands.Request
		want string
	}{
		{"to themselves", f.req(mod1, "milestone", "award", opt{"member", mod1}, opt{"title", "Me"}), "someone else"},
		{"to a bot", withBot(f.req(mod1, "milestone", "award", opt{"member", botID}, opt{"title", "Beep"}), botID), "not bots"},
		{"no title", f.req(mod1, "milestone", "award", opt{"member", member1}, opt{"title", "  "}), "Please say the award's title"},
	} {
		if resp := f.run(f.milestone.Handle, tc.req); !resp.Ephemeral || !strings.Contains(resp.Content, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, resp.Content, tc.want)
		}
	}
	resp := f.run(f.milestone.Handle, f.req(mod1, "milestone", "award", opt{"member", member1}, opt{"title", "Six months of hosting"}))
	posts := f.posts()
	if !strings.Contains(resp.Content, "Awarded **Six months of hosting**") || len(posts) != 1 || !strings.Contains(posts[0], "**Six months of hosting**") {
		t.Fatalf("award: %q, posts %q", resp.Content, posts)
	}
}

func TestKudosRulesAndLimit(t *testing.T) {
	f := newMsFixture(t)
	const botID = "200000000000000077"
	for _, tc := range []struct {
		name string
		req  *commands.Request
		want string
	}{
		{"to themselves", f.req(member1, "kudos", "", opt{"member", member1}, opt{"reason", "me"}), "someone else"},
		{"to a bot", withBot(f.req(member1, "kudos", "", opt{"member", botID}, opt{"reason", "beep"}), botID), "bots get by"},
		{"to someone who left", withLeft(f.req(member1, "kudos", "", opt{"member", member2}, opt{"reason", "bye"}), member2), "in this server any more"},
	} {
		if resp := f.run(f.kudos.Handle, tc.req); !resp.Ephemeral || !strings.Contains(resp.Content, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, resp.Content, tc.want)
		}
	}
	for i := range data.KudosPerDay {
		resp := f.run(f.kudos.Handle, f.req(member1, "kudos", "", opt{"member", member2}, opt{"reason", "showing up"}))
		if !strings.Contains(resp.Content, "Thank you for lifting") {
			t.Fatalf("kudos %d: %q", i+1, resp.Content)
		}
	}
	resp := f.run(f.kudos.Handle, f.req(member1, "kudos", "", opt{"member", member2}, opt{"reason", "one more thing"}))
	if !strings.Contains(resp.Content, "you can give more tomorrow") || !strings.Contains(resp.Content, "> one more thing") {
		t.Fatalf("over the limit: %q", resp.Content)
	}
	posts := f.posts()
	if len(posts) != data.KudosPerDay || !strings.Contains(posts[0], "<@"+member1+">") || !strings.Contains(posts[0], "> showing up") {
		t.Fatalf("kudos posts: %q", posts)
	}
	// "Celebrate this" is limited too, before the form opens.
	resp = f.run(f.celebrate.Handle, f.messageCommand(member1, member2, false))
	if !strings.Contains(resp.Content, "you can give more tomorrow") || resp.Modal != nil {
		t.Fatalf("Celebrate this over the limit: %+v", resp)
	}
	// Tomorrow, in the server's time zone.
	f.now = f.now.Add(13 * time.Hour)
	resp = f.run(f.kudos.Handle, f.req(member1, "kudos", "", opt{"member", member2}, opt{"reason", "a new day"}))
	if !strings.Contains(resp.Content, "Thank you for lifting") {
		t.Fatalf("the next day: %q", resp.Content)
	}
	f.set(data.FeatureMilestoneKudos, "off")
	resp = f.run(f.kudos.Handle, f.req(member2, "kudos", "", opt{"member", member1}, opt{"reason", "x"}))
	if !strings.Contains(resp.Content, "switched off") {
		t.Fatalf("kudos switched off: %q", resp.Content)
	}
}

// messageCommand builds "Celebrate this" on a message by author.
func (f *msFixture) messageCommand(userID, author string, authorIsBot bool) *commands.Request {
	const msgID = "700000000000000001"
	i := &discordgo.Interaction{
		ID: "500000000000000004", Type: discordgo.InteractionApplicationCommand, GuildID: guildA, ChannelID: channel1,
		Member: &discordgo.Member{User: &discordgo.User{ID: userID}},
		Data: discordgo.ApplicationCommandInteractionData{
			Name: "Celebrate this", CommandType: discordgo.MessageApplicationCommand, TargetID: msgID,
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{
				msgID: {ID: msgID, ChannelID: channel1, Author: &discordgo.User{ID: author, Bot: authorIsBot}},
			}},
		},
	}
	return &commands.Request{Interaction: i, GuildID: guildA, ChannelID: channel1, User: i.Member.User, Settings: settingsOf(f.t, f.s, guildA), Now: f.now}
}

func TestCelebrateThis(t *testing.T) {
	f := newMsFixture(t)
	if d := f.celebrate.Definition; d.Type != discordgo.MessageApplicationCommand || d.Description != "" || d.Name != "Celebrate this" {
		t.Fatalf("definition: %+v", d)
	}
	for _, tc := range []struct {
		name   string
		req    *commands.Request
		reject string
	}{
		{"own message", f.messageCommand(member1, member1, false), "someone else"},
		{"a bot's message", f.messageCommand(member1, "200000000000000077", true), "bots get by"},
	} {
		if resp := f.run(f.celebrate.Handle, tc.req); resp.Modal != nil || !strings.Contains(resp.Content, tc.reject) {
			t.Errorf("%s: %+v", tc.name, resp)
		}
	}
	resp := f.run(f.celebrate.Handle, f.messageCommand(member1, member2, false))
	if resp.Modal == nil || utf8.RuneCountInString(resp.Modal.Title) > 45 || len(resp.Modal.CustomID) > 100 {
		t.Fatalf("Celebrate this: %+v", resp)
	}
	label := resp.Modal.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.TextInput).Label
	if utf8.RuneCountInString(label) > 45 {
		t.Errorf("label %q is too long", label)
	}
	form := modal(settingsOf(t, f.s, guildA), member1, false, resp.Modal.CustomID, map[string]string{"reason": ""})
	resp = f.run(f.celebrate.Components["ms-celebrate"].Handle, form)
	if !strings.Contains(resp.Content, "Thank you for lifting <@"+member2+">") {
		t.Fatalf("submit: %q", resp.Content)
	}
	posts := f.posts()
	if len(posts) != 1 || !strings.Contains(posts[0], "https://discord.com/channels/"+guildA+"/"+channel1+"/700000000000000001") {
		t.Fatalf("post: %q", posts)
	}
	// A form edited to point elsewhere is refused.
	bad := modal(settingsOf(t, f.s, guildA), member1, false, "ms-celebrate:x:y:z", map[string]string{"reason": ""})
	if resp := f.run(f.celebrate.Components["ms-celebrate"].Handle, bad); !strings.Contains(resp.Content, "don't recognise") {
		t.Errorf("bad form: %q", resp.Content)
	}
}

func TestEncouragementButton(t *testing.T) {
	f := newMsFixture(t)
	f.checkIn(member1)
	ds, err := f.s.Deliveries(context.Background(), guildA, "milestones")
	if err != nil || len(ds) != 1 {
		t.Fatal(ds, err)
	}
	out, err := commands.RenderDelivery(context.Background(), f.s, ds[0])
	if err != nil {
		t.Fatal(err)
	}
	button := out.Message.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
	if !strings.Contains(button.Label, "encouragement") || button.Emoji == nil || button.Emoji.Name != "💙" {
		t.Fatalf("button: %+v", button)
	}
	// The button only counts on the celebration post itself: before it
	// is sent (a crafted press on another message) it finds nothing.
	if resp := f.run(f.milestones.Components["ms-cheer"].Handle, component(settingsOf(t, f.s, guildA), member2, false, button.CustomID)); resp.Update || !strings.Contains(resp.Content, "can't find") {
		t.Fatalf("press before the post exists: %+v", resp)
	}
	if ok, err := f.s.ClaimDelivery(context.Background(), ds[0], testNow); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := f.s.CompleteDelivery(context.Background(), ds[0], "600000000000000001", testNow); err != nil {
		t.Fatal(err)
	}
	press := func(userID string) *commands.Response {
		return f.run(f.milestones.Components["ms-cheer"].Handle, component(settingsOf(t, f.s, guildA), userID, false, button.CustomID))
	}
	resp := press(member2)
	if !resp.Update || resp.Ephemeral || !strings.Contains(resp.Content, "1 member sent encouragement") || len(resp.Components) != 1 {
		t.Fatalf("first press: %+v", resp)
	}
	if resp := press(member2); resp.Update || !strings.Contains(resp.Content, "already sent") {
		t.Fatalf("second press: %+v", resp)
	}
	if resp := press(member1); resp.Update || !strings.Contains(resp.Content, "yours") {
		t.Fatalf("own press: %+v", resp)
	}
	if resp := press(mod1); !strings.Contains(resp.Content, "2 members sent encouragement") {
		t.Fatalf("another press: %q", resp.Content)
	}
	// Another server's button finds nothing.
	other := component(settingsOf(t, f.s, guildB), member2, false, button.CustomID)
	if resp := f.run(f.milestones.Components["ms-cheer"].Handle, other); resp.Update || !strings.Contains(resp.Content, "can't find") {
		t.Fatalf("from another server: %+v", resp)
	}
}

func TestMilestonesDefinitionsRespectDiscordLimits(t *testing.T) {
	nameRE := regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)
	s := newStore(t)
	for _, c := range []*commands.Command{commands.Milestones(s, nil), commands.Milestone(s, nil), commands.Kudos(s, nil)} {
		var check func(path string, opts []*discordgo.ApplicationCommandOption)
		check = func(path string, opts []*discordgo.ApplicationCommandOption) {
			for _, o := range opts {
				if !nameRE.MatchString(o.Name) {
					t.Errorf("%s %s: bad option name", path, o.Name)
				}
				if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
					t.Errorf("%s %s: description has %d characters", path, o.Name, n)
				}
				for _, ch := range o.Choices {
					if n := utf8.RuneCountInString(ch.Name); n > 100 {
						t.Errorf("%s %s: choice %q too long", path, o.Name, ch.Name)
					}
				}
				check(path+" "+o.Name, o.Options)
			}
		}
		d := c.Definition
		if !nameRE.MatchString(d.Name) {
			t.Errorf("/%s: bad name", d.Name)
		}
		if n := utf8.RuneCountInString(d.Description); n < 1 || n > 100 {
			t.Errorf("/%s: description has %d characters", d.Name, n)
		}
		if c.Feature != data.FeatureMilestones {
			t.Errorf("/%s is not switched by the Milestones feature", d.Name)
		}
		check("/"+d.Name, d.Options)
	}
}
