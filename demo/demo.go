// Package demo runs Kindred, unchanged, against the in-process fake Discord
// (bot/discordtest) with a sample server, and serves a local page that looks
// enough like Discord to try it: `kindred demo`. Nothing leaves localhost.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// Start is when the demo's clock starts on a fresh database.
var Start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// Clock is the demo's clock, moved forward by the page's time travel.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the demo time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Demo is a running demo: the fake Discord, Kindred and its scheduler.
type Demo struct {
	Fake   *discordtest.Server
	Guild  *discordtest.Guild
	Clock  *Clock
	Store  *data.Store
	Bot    *bot.Bot
	Runner *scheduler.Runner

	tickMu sync.Mutex
	cancel context.CancelFunc
	done   chan error
}

// Options configure Run.
type Options struct {
	// DBPath is the demo database (kindred-demo.db by default).
	DBPath string
	// Fresh removes the database first.
	Fresh bool
	// Log receives Kindred's logs.
	Log *slog.Logger
}

// SampleGuild is the demo server: its channels, roles and members.
func SampleGuild() discordtest.Guild {
	var mod int64 = discordgo.PermissionManageMessages | discordgo.PermissionKickMembers | discordgo.PermissionModerateMembers | discordgo.PermissionManageThreads
	return discordtest.Guild{
		Name: "Kindred Demo",
		Roles: []discordtest.Role{
			{Name: "@everyone", Permissions: discordtest.EveryonePermissions},
			{Name: "Moderator", Permissions: discordtest.EveryonePermissions | mod, Hoist: true, Color: 0x3498db},
			{Name: "Listener", Permissions: discordtest.EveryonePermissions, Color: 0x2ecc71},
		},
		Channels: []discordtest.Channel{
			{Name: "welcome", Topic: "Start here"},
			{Name: "check-ins", Topic: "How are you today?"},
			{Name: "celebrations", Topic: "Milestones, big and small"},
			{Name: "meetings", Topic: "Weekly meetings"},
			{Name: "self-care", Topic: "Gentle prompts"},
			{Name: "mod-alerts", Overwrites: []discordtest.Overwrite{
				{ID: "@everyone", Deny: discordgo.PermissionViewChannel},
				{ID: "Moderator", Allow: discordgo.PermissionViewChannel},
				{ID: "@bot", Allow: discordgo.PermissionViewChannel},
			}},
		},
		Members: []discordtest.Member{
			{User: discordtest.User{Username: "sam", GlobalName: "Sam"}},
			{User: discordtest.User{Username: "river", GlobalName: "River"}, Roles: []string{"Listener"}},
			{User: discordtest.User{Username: "morgan", GlobalName: "Morgan"}, Roles: []string{"Moderator"}},
		},
		OwnerID:         "morgan",
		SystemChannelID: "welcome",
	}
}

// Run starts the fake Discord, Kindred on the demo database, and the
// scheduler; Close stops them.
func Run(ctx context.Context, o Options) (*Demo, error) {
	if o.DBPath == "" {
		o.DBPath = "kindred-demo.db"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Fresh {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(o.DBPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("demo: removing old database: %w", err)
			}
		}
	}
	_, statErr := os.Stat(o.DBPath)
	seed := errors.Is(statErr, os.ErrNotExist)
	fake, err := discordtest.NewServer(o.Log)
	if err != nil {
		return nil, err
	}
	d := &Demo{Fake: fake, Clock: &Clock{now: Start}}
	d.Guild = fake.AddGuild(SampleGuild())
	store, err := data.Open(ctx, o.DBPath)
	if err != nil {
		fake.Close()
		return nil, err
	}
	store.Now = d.Clock.Now
	d.Store = store
	b, err := bot.New(bot.Config{Token: fake.Token, HTTPClient: fake.HTTPClient(), Store: store, Log: o.Log, Now: d.Clock.Now})
	if err != nil {
		d.Close()
		return nil, err
	}
	d.Bot = b
	d.Runner = &scheduler.Runner{Store: store, Notifier: b, Now: d.Clock.Now, Log: o.Log.With("component", "scheduler")}
	runCtx, cancel := context.WithCancel(ctx)
	d.cancel, d.done = cancel, make(chan error, 1)
	go func() { d.done <- b.Run(runCtx) }()
	select {
	case <-b.Ready():
	case err := <-d.done:
		d.done <- err
		d.Close()
		return nil, fmt.Errorf("demo: kindred stopped before it was ready: %w", err)
	case <-time.After(30 * time.Second):
		d.Close()
		return nil, errors.New("demo: kindred did not connect to the fake Discord")
	}
	if seed {
		if err := d.seed(ctx); err != nil {
			d.Close()
			return nil, err
		}
	}
	go d.tickEvery(runCtx, 2*time.Second)
	return d, nil
}

// tickEvery runs the scheduler on a real-time interval, so work the
// visitor's actions make due is sent without waiting for time travel.
func (d *Demo) tickEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = d.Tick(ctx)
		}
	}
}

// Tick runs one scheduler tick at the demo time.
func (d *Demo) Tick(ctx context.Context) error {
	d.tickMu.Lock()
	defer d.tickMu.Unlock()
	return d.Runner.Tick(ctx)
}

// Travel moves the demo clock forward by step, ticking the scheduler every
// quarter hour on the way so each reminder arrives at its own time.
func (d *Demo) Travel(ctx context.Context, by time.Duration) error {
	const step = 15 * time.Minute
	var errs []error
	for by > 0 {
		s := min(step, by)
		d.Clock.Advance(s)
		by -= s
		errs = append(errs, d.Tick(ctx))
	}
	return errors.Join(errs...)
}

// seed sets Kindred up on the demo server, as a moderator would.
func (d *Demo) seed(ctx context.Context) error {
	g := d.Guild.ID
	owner := d.Guild.Member("morgan").User.ID
	var errs []error
	for k, v := range map[string]string{
		data.SettingTimeZone:            "Europe/London",
		data.SettingCountry:             "GB",
		data.SettingModeratorRole:       d.roleID("Moderator"),
		data.SettingListenerRole:        d.roleID("Listener"),
		data.SettingCheckinChannel:      d.Guild.ChannelID("check-ins"),
		data.SettingCelebrationsChannel: d.Guild.ChannelID("celebrations"),
		data.SettingMeetingsChannel:     d.Guild.ChannelID("meetings"),
		data.SettingPromptsChannel:      d.Guild.ChannelID("self-care"),
		data.SettingAlertsChannel:       d.Guild.ChannelID("mod-alerts"),
	} {
		_, err := d.Store.SetSetting(ctx, g, owner, k, v)
		errs = append(errs, err)
	}
	// Sam checked in on the six days before the demo starts (the clock is
	// wound back for it), so a streak and milestones are there to see.
	if err := d.pastCheckins(ctx, 6); err != nil {
		errs = append(errs, fmt.Errorf("check-ins: %w", err))
	}
	for _, r := range []data.Resource{
		{Name: "Samaritans", Category: data.CategoryHotline, Description: "Listening, day or night", Phone: "116 123", Website: "https://www.samaritans.org"},
		{Name: "Hearing Voices Network", Category: "support-group", Description: "Peer support groups for people who hear voices", Website: "https://www.hearing-voices.org"},
		{Name: "Mind", Category: data.CategoryReading, Description: "Information and advice on mental health", Website: "https://www.mind.org.uk"},
	} {
		_, err := d.Store.AddResource(ctx, g, owner, r)
		errs = append(errs, err)
	}
	for _, m := range [][2]string{{"Friday peer group", "every Friday at 18:00"}, {"Monday check-in circle", "every Monday at 19:00"}} {
		errs = append(errs, d.createMeeting(ctx, m[0], m[1]))
	}
	errs = append(errs, d.selfCareSchedule(ctx))
	errs = append(errs, d.memberHabits(ctx))
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("demo: seeding the sample server: %w", err)
	}
	return nil
}

// createMeeting creates a weekly meeting as the moderator would: the
// /mod-meetings create command through the fake, then its Save button.
func (d *Demo) createMeeting(ctx context.Context, title, schedule string) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	mod := d.Guild.Member("morgan")
	in := d.Fake.SlashCommand(d.Guild.ID, mod, "mod-meetings", discordtest.Sub("create",
		discordtest.Opt("title", title), discordtest.Opt("schedule", schedule), discordtest.Opt("duration", 60),
		discordtest.ChannelOpt("post_in", d.Guild.ChannelID("meetings"))))
	resp, err := in.Response(ctx)
	if err != nil {
		return fmt.Errorf("meeting %q: %w", title, err)
	}
	var confirm string
	for _, row := range resp.Data.Components {
		if r, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(*discordgo.Button); ok && strings.HasPrefix(b.CustomID, "mtg-ok:") {
					confirm = b.CustomID
				}
			}
		}
	}
	if confirm == "" {
		return fmt.Errorf("meeting %q: no Save button in the preview", title)
	}
	_, err = d.Fake.ClickButton(d.Guild.ID, mod, in.Original(), confirm).Response(ctx)
	return err
}

// Close stops Kindred, the store and the fake Discord.
func (d *Demo) Close() {
	if d.cancel != nil {
		d.cancel()
		select {
		case <-d.done:
		case <-time.After(10 * time.Second):
		}
		d.cancel = nil
	}
	if d.Store != nil {
		_ = d.Store.Close()
	}
	d.Fake.Close()
}

func (d *Demo) roleID(name string) string {
	for _, r := range d.Guild.Roles {
		if r.Name == name {
			return r.ID
		}
	}
	return ""
}

// selfCareSchedule posts a daily self-care prompt in #self-care, set up
// through /mod-selfcare schedule as a moderator would.
func (d *Demo) selfCareSchedule(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err := d.Fake.SlashCommand(d.Guild.ID, d.Guild.Member("morgan"), "mod-selfcare", discordtest.Sub("schedule",
		discordtest.Opt("when", "every day at 10:00"), discordtest.ChannelOpt("channel", d.Guild.ChannelID("self-care")))).Response(ctx)
	if err != nil {
		return fmt.Errorf("self-care schedule: %w", err)
	}
	return nil
}

// pastCheckins has Sam check in with /checkin now, as a member would, once
// a day on each of the days days before the demo starts. The scheduler is
// not ticking yet; the clock ends where it began.
func (d *Demo) pastCheckins(ctx context.Context, days int) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	sam := d.Guild.Member("sam")
	start := d.Clock.Now()
	defer func() { d.Clock.Advance(start.Sub(d.Clock.Now())) }()
	d.Clock.Advance(-time.Duration(days) * 24 * time.Hour)
	moods := []int{3, 2, 4, 3, 4, 5, 4}
	for i := range days {
		in := d.Fake.SlashCommand(d.Guild.ID, sam, "checkin", discordtest.Sub("now", discordtest.Opt("mood", moods[i%len(moods)])),
			discordtest.InChannel(d.Guild.ChannelID("check-ins")))
		if _, err := in.Response(ctx); err != nil {
			return fmt.Errorf("day %d: %w", i+1, err)
		}
		d.Clock.Advance(24 * time.Hour)
	}
	return nil
}

// memberHabits turns on, as Sam would, the daily check-in reminder by DM
// (20:00) and self-care nudges by DM (12:00), so time travel brings both.
func (d *Demo) memberHabits(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	sam := d.Guild.Member("sam")
	for _, in := range []*discordtest.Interaction{
		d.Fake.SlashCommand(d.Guild.ID, sam, "checkin", discordtest.Group("remind", discordtest.Sub("on", discordtest.Opt("time", "20:00"))),
			discordtest.InChannel(d.Guild.ChannelID("check-ins"))),
		d.Fake.SlashCommand(d.Guild.ID, sam, "selfcare", discordtest.Group("nudge", discordtest.Sub("on", discordtest.Opt("times", "12:00"))),
			discordtest.InChannel(d.Guild.ChannelID("self-care"))),
	} {
		if _, err := in.Response(ctx); err != nil {
			return fmt.Errorf("sam's reminders: %w", err)
		}
	}
	return nil
}
