package discordtest_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// openBot opens a real discordgo session against the fake and closes it at
// cleanup. Handlers are added before Open.
func openBot(t *testing.T, fake *discordtest.Server, intents discordgo.Intent, handlers ...any) *discordgo.Session {
	t.Helper()
	return openBotWith(t, fake, intents, nil, handlers...)
}

func openBotWith(t *testing.T, fake *discordtest.Server, intents discordgo.Intent, configure func(*discordgo.Session), handlers ...any) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + fake.Token)
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = fake.HTTPClient()
	dg.Identify.Intents = intents
	dg.LogLevel = discordgo.LogError
	if configure != nil {
		configure(dg)
	}
	for _, h := range handlers {
		dg.AddHandler(h)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		// discordgo's heartbeat goroutine can race Close (it may write on
		// the closed socket and then reconnect forever to the stopped
		// fake); disable reconnecting first, under the session lock.
		dg.Lock()
		dg.ShouldReconnectOnError = false
		dg.Unlock()
		_ = dg.Close()
	})
	return dg
}

// recv waits for a value on ch.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(discordtest.DefaultWaitTimeout):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

func TestReadyGuildCreateAndState(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())

	// Copy READY fields in the handler: discordgo's State later mutates
	// the guild structs READY pointed to.
	type readyInfo struct {
		user, app, session string
		bot, unavailable   bool
		guilds             []string
	}
	ready := make(chan readyInfo, 1)
	guildCreate := make(chan *discordgo.GuildCreate, 1)
	// SyncEvents: run handlers in the event loop, so READY is observed
	// before GUILD_CREATE updates the same guild structs in State.
	dg := openBotWith(t, fake, discordgo.IntentsAllWithoutPrivileged|discordgo.IntentsGuildPresences|discordgo.IntentsGuildMembers,
		func(s *discordgo.Session) { s.SyncEvents = true },
		func(_ *discordgo.Session, r *discordgo.Ready) {
			ri := readyInfo{user: r.User.ID, bot: r.User.Bot, app: r.Application.ID, session: r.SessionID}
			for _, g := range r.Guilds {
				ri.guilds = append(ri.guilds, g.ID)
				ri.unavailable = g.Unavailable
			}
			ready <- ri
		},
		func(_ *discordgo.Session, gc *discordgo.GuildCreate) { guildCreate <- gc })

	r := recv(t, ready, "READY")
	if r.user != fake.BotUserID || !r.bot || r.app != fake.AppID || r.session == "" {
		t.Fatalf("unexpected READY: %+v", r)
	}
	if len(r.guilds) != 1 || r.guilds[0] != g.ID || !r.unavailable {
		t.Fatalf("READY guilds = %+v", r)
	}
	gc := recv(t, guildCreate, "GUILD_CREATE")
	if gc.ID != g.ID || gc.Name != "Test Server" || len(gc.Channels) != 5 || len(gc.Members) != 4 {
		t.Fatalf("GUILD_CREATE: id=%s name=%s channels=%d members=%d", gc.ID, gc.Name, len(gc.Channels), len(gc.Members))
	}

	// discordgo's State can compute permissions from what the fake sent.
	sg, err := dg.State.Guild(g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sg.SystemChannelID != g.ChannelID("general") || sg.OwnerID != g.Member("alice").User.ID {
		t.Errorf("system channel %s owner %s", sg.SystemChannelID, sg.OwnerID)
	}
	perms, err := dg.State.UserChannelPermissions(fake.BotUserID, g.ChannelID("mod-log"))
	if err != nil {
		t.Fatal(err)
	}
	if perms&discordgo.PermissionViewChannel == 0 || perms&discordgo.PermissionSendMessages == 0 {
		t.Errorf("bot perms in mod-log = %b, want view+send", perms)
	}
	if want := fake.Permissions(g.ID, fake.BotUserID, g.ChannelID("mod-log")); perms != want {
		t.Errorf("state perms %d != fake perms %d", perms, want)
	}
	carol, _ := dg.State.UserChannelPermissions(g.Member("carol").User.ID, g.ChannelID("mod-log"))
	if carol&discordgo.PermissionViewChannel != 0 {
		t.Errorf("carol can view mod-log: %b", carol)
	}
	bob, _ := dg.State.UserChannelPermissions(g.Member("bob").User.ID, g.ChannelID("mod-log"))
	if bob&discordgo.PermissionViewChannel == 0 {
		t.Errorf("moderator bob cannot view mod-log: %b", bob)
	}

	// REST reads of guild data are served (and spec-validated) too.
	if _, err := dg.Guild(g.ID); err != nil {
		t.Errorf("Guild: %v", err)
	}
	if chans, err := dg.GuildChannels(g.ID); err != nil || len(chans) != 5 {
		t.Errorf("GuildChannels: %d %v", len(chans), err)
	}
	if roles, err := dg.GuildRoles(g.ID); err != nil || len(roles) != 3 {
		t.Errorf("GuildRoles: %d %v", len(roles), err)
	}
	if m, err := dg.GuildMember(g.ID, g.Member("bob").User.ID); err != nil || m.User.Username != "bob" {
		t.Errorf("GuildMember: %+v %v", m, err)
	}
	if _, err := dg.GuildMember(g.ID, "1"); !isRESTCode(err, 10007) {
		t.Errorf("GuildMember(unknown) err = %v, want code 10007", err)
	}
	if c, err := dg.Channel(g.ChannelID("general")); err != nil || c.Name != "general" {
		t.Errorf("Channel: %+v %v", c, err)
	}
	if u, err := dg.User("@me"); err != nil || u.ID != fake.BotUserID {
		t.Errorf("User(@me): %+v %v", u, err)
	}
	if app, err := dg.Application("@me"); err != nil || app.ID != fake.AppID {
		t.Errorf("Application(@me): %+v %v", app, err)
	}
	if gb, err := dg.GatewayBot(); err != nil || gb.Shards != 1 {
		t.Errorf("GatewayBot: %+v %v", gb, err)
	}
	if fake.Identifies() != 1 {
		t.Errorf("Identifies = %d", fake.Identifies())
	}
	if !fake.SpecEnabled() {
		t.Log("spec validation disabled (spec not found)")
	}
}

func TestGuildCreateWithoutPresencesIntentHasOnlyBotMember(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	fake.AddGuild(discordtest.DefaultGuild())
	gcs := make(chan *discordgo.GuildCreate, 1)
	openBot(t, fake, discordgo.IntentsAllWithoutPrivileged, func(_ *discordgo.Session, gc *discordgo.GuildCreate) { gcs <- gc })
	gc := recv(t, gcs, "GUILD_CREATE")
	if len(gc.Members) != 1 || gc.Members[0].User.ID != fake.BotUserID {
		t.Fatalf("members = %d, want only the bot", len(gc.Members))
	}
}

func TestLateGuildJoinLeaveAndMembers(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	events := make(chan any, 16)
	dg := openBot(t, fake, discordgo.IntentsAllWithoutPrivileged|discordgo.IntentsGuildMembers,
		func(_ *discordgo.Session, e *discordgo.GuildCreate) { events <- e },
		func(_ *discordgo.Session, e *discordgo.GuildDelete) { events <- e },
		func(_ *discordgo.Session, e *discordgo.GuildMemberAdd) { events <- e },
		func(_ *discordgo.Session, e *discordgo.GuildMemberRemove) { events <- e })

	g := fake.AddGuild(discordtest.Guild{Name: "Later", Channels: []discordtest.Channel{{Name: "lobby"}}})
	if gc, ok := recv(t, events, "GUILD_CREATE").(*discordgo.GuildCreate); !ok || gc.ID != g.ID || gc.Name != "Later" {
		t.Fatalf("want GUILD_CREATE for the new guild, got %#v", gc)
	}
	if _, err := dg.State.Guild(g.ID); err != nil {
		t.Fatalf("state lacks new guild: %v", err)
	}
	dave := fake.AddMember(g.ID, discordtest.Member{User: discordtest.User{Username: "dave"}})
	if ma, ok := recv(t, events, "GUILD_MEMBER_ADD").(*discordgo.GuildMemberAdd); !ok || ma.User.ID != dave.User.ID || ma.GuildID != g.ID {
		t.Fatalf("GUILD_MEMBER_ADD = %#v", ma)
	}
	fake.RemoveMember(g.ID, dave.User.ID)
	if mr, ok := recv(t, events, "GUILD_MEMBER_REMOVE").(*discordgo.GuildMemberRemove); !ok || mr.User.ID != dave.User.ID {
		t.Fatalf("GUILD_MEMBER_REMOVE = %#v", mr)
	}
	fake.RemoveGuild(g.ID)
	if gd, ok := recv(t, events, "GUILD_DELETE").(*discordgo.GuildDelete); !ok || gd.ID != g.ID {
		t.Fatalf("GUILD_DELETE = %#v", gd)
	}
}

var testCommands = []*discordgo.ApplicationCommand{
	{
		Name:        "mood",
		Description: "Track your mood",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "log", Description: "Log a mood",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionInteger, Name: "score", Description: "1-5", Required: true},
					{Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: "A note", Autocomplete: true},
				}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "history", Description: "Show history"},
			{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "admin", Description: "Admin tools",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "reset", Description: "Reset a user",
						Options: []*discordgo.ApplicationCommandOption{
							{Type: discordgo.ApplicationCommandOptionUser, Name: "user", Description: "Who", Required: true},
							{Type: discordgo.ApplicationCommandOptionChannel, Name: "log", Description: "Where"},
							{Type: discordgo.ApplicationCommandOptionRole, Name: "role", Description: "Role"},
							{Type: discordgo.ApplicationCommandOptionBoolean, Name: "hard", Description: "Hard reset"},
							{Type: discordgo.ApplicationCommandOptionNumber, Name: "factor", Description: "Factor"},
						}},
				}},
		},
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionSendMessages)),
	},
	{Name: "Report message", Type: discordgo.MessageApplicationCommand},
	{Name: "Profile", Type: discordgo.UserApplicationCommand},
}

func ptr[T any](v T) *T { return &v }

func isRESTCode(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == code
}

func TestCommandsSlashCommandAndResponses(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())

	interactions := make(chan *discordgo.InteractionCreate, 4)
	dg := openBot(t, fake, discordgo.IntentsAllWithoutPrivileged, func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
		interactions <- i
	})

	created, err := bulkOverwrite(dg, fake.AppID, "", testCommands)
	if err != nil {
		t.Fatalf("bulk overwrite: %v", err)
	}
	if len(created) != 3 || created[0].ID == "" || created[0].ApplicationID != fake.AppID || created[0].Version == "" {
		t.Fatalf("created = %+v", created)
	}
	// Overwriting again keeps IDs of same-named commands.
	again, err := bulkOverwrite(dg, fake.AppID, "", testCommands)
	if err != nil || again[0].ID != created[0].ID {
		t.Fatalf("second overwrite: %v ids %s vs %s", err, again[0].ID, created[0].ID)
	}
	if gcmds, err := bulkOverwrite(dg, fake.AppID, g.ID, testCommands[:1]); err != nil || gcmds[0].GuildID != g.ID {
		t.Fatalf("guild overwrite: %v %+v", err, gcmds)
	}
	if list, err := dg.ApplicationCommands(fake.AppID, ""); err != nil || len(list) != 3 {
		t.Fatalf("ApplicationCommands: %d %v", len(list), err)
	}
	if list, err := dg.ApplicationCommands(fake.AppID, g.ID); err != nil || len(list) != 1 {
		t.Fatalf("guild ApplicationCommands: %d %v", len(list), err)
	}
	if len(fake.Commands()) != 3 || len(fake.GuildCommands(g.ID)) != 1 {
		t.Fatalf("fake.Commands")
	}

	bob := g.Member("bob")
	carol := g.Member("carol")
	in := fake.SlashCommand(g.ID, bob, "mood",
		discordtest.Group("admin", discordtest.Sub("reset",
			discordtest.UserOpt("user", carol.User.ID),
			discordtest.ChannelOpt("log", g.ChannelID("mod-log")),
			discordtest.RoleOpt("role", g.RoleID("Moderator")),
			discordtest.Opt("hard", true),
			discordtest.Opt("factor", 1.5))))

	ic := recv(t, interactions, "INTERACTION_CREATE")
	data := ic.ApplicationCommandData()
	if ic.ID != in.ID || data.Name != "mood" || data.ID != fake.GuildCommands(g.ID)[0].ID {
		t.Fatalf("interaction id=%s name=%s cmd=%s", ic.ID, data.Name, data.ID)
	}
	if ic.Member == nil || ic.Member.User.ID != bob.User.ID || ic.GuildID != g.ID || ic.ChannelID != g.ChannelID("general") {
		t.Fatalf("member/guild/channel wrong: %+v", ic.Interaction)
	}
	if ic.Member.Permissions&discordgo.PermissionManageMessages == 0 || ic.AppPermissions&discordgo.PermissionSendMessages == 0 {
		t.Errorf("permissions: member %b app %b", ic.Member.Permissions, ic.AppPermissions)
	}
	grp := data.Options[0]
	sub := grp.Options[0]
	if grp.Type != discordgo.ApplicationCommandOptionSubCommandGroup || sub.Name != "reset" || len(sub.Options) != 5 {
		t.Fatalf("options: %+v / %+v", grp, sub)
	}
	if u := sub.Options[0].UserValue(nil); u.ID != carol.User.ID {
		t.Errorf("user option = %s", u.ID)
	}
	if data.Resolved == nil || data.Resolved.Users[carol.User.ID] == nil || data.Resolved.Members[carol.User.ID] == nil ||
		data.Resolved.Channels[g.ChannelID("mod-log")] == nil || data.Resolved.Roles[g.RoleID("Moderator")] == nil {
		t.Errorf("resolved = %+v", data.Resolved)
	}
	if !sub.Options[3].BoolValue() || sub.Options[4].FloatValue() != 1.5 {
		t.Errorf("bool/number options: %v %v", sub.Options[3].Value, sub.Options[4].Value)
	}

	// Deferred response, then edit @original, then follow-ups.
	if err := dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	}); err != nil {
		t.Fatalf("defer: %v", err)
	}
	resp := in.Wait(t)
	if !resp.Deferred() || !resp.Ephemeral() || resp.Latency <= 0 {
		t.Errorf("resp = %+v", resp)
	}
	// A second callback is rejected like Discord does.
	err = dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "again"}})
	if !isRESTCode(err, 40060) {
		t.Errorf("second callback err = %v, want 40060", err)
	}
	content := "Reset done"
	if _, err := dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content}); err != nil {
		t.Fatalf("edit original: %v", err)
	}
	orig := in.WaitOriginal(t, nil)
	if orig.Content != "Reset done" || !orig.Ephemeral() {
		t.Errorf("original = %q eph=%v", orig.Content, orig.Ephemeral())
	}
	if got, err := dg.InteractionResponse(ic.Interaction); err != nil || got.Content != "Reset done" {
		t.Errorf("GET @original: %v %v", got, err)
	}
	f1, err := dg.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "follow 1",
		Embeds: []*discordgo.MessageEmbed{{Title: "Stats", Description: "x", Color: 0xff0000,
			Fields: []*discordgo.MessageEmbedField{{Name: "a", Value: "b"}}}}})
	if err != nil || f1.ID == "" {
		t.Fatalf("followup: %v", err)
	}
	if _, err := dg.FollowupMessageEdit(ic.Interaction, f1.ID, &discordgo.WebhookEdit{Content: ptr("follow 1 edited")}); err != nil {
		t.Fatalf("followup edit: %v", err)
	}
	f2, err := dg.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "bye", Flags: discordgo.MessageFlagsEphemeral})
	if err != nil {
		t.Fatal(err)
	}
	if err := dg.FollowupMessageDelete(ic.Interaction, f2.ID); err != nil {
		t.Fatalf("followup delete: %v", err)
	}
	fs := in.Followups()
	if len(fs) != 1 || fs[0].Content != "follow 1 edited" || len(fs[0].Embeds) != 1 || fs[0].Embeds[0].Title != "Stats" {
		t.Fatalf("followups = %+v", fs)
	}
	// The non-ephemeral follow-up is visible in the channel.
	if msgs := fake.Messages(g.ChannelID("general")); len(msgs) != 1 || msgs[0].ID != f1.ID {
		t.Errorf("channel messages = %d", len(msgs))
	}
}

func TestComponentsModalAutocompleteAndContextMenus(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	alice := g.Member("alice")

	var mu sync.Mutex
	var lastErr error
	setErr := func(err error) {
		if err != nil {
			mu.Lock()
			lastErr = err
			mu.Unlock()
		}
	}
	respond := func(s *discordgo.Session, i *discordgo.InteractionCreate, r *discordgo.InteractionResponse) {
		setErr(s.InteractionRespond(i.Interaction, r))
	}
	openBot(t, fake, discordgo.IntentsAllWithoutPrivileged, func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		switch i.Type {
		case discordgo.InteractionApplicationCommand:
			d := i.ApplicationCommandData()
			switch d.Name {
			case "panel":
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: "Pick one", Components: []discordgo.MessageComponent{
						discordgo.ActionsRow{Components: []discordgo.MessageComponent{
							discordgo.Button{Label: "Yes", Style: discordgo.SuccessButton, CustomID: "yes"},
							discordgo.Button{Label: "Feedback", Style: discordgo.SecondaryButton, CustomID: "feedback"},
						}},
						discordgo.ActionsRow{Components: []discordgo.MessageComponent{
							discordgo.SelectMenu{CustomID: "color", Placeholder: "Color", Options: []discordgo.SelectMenuOption{
								{Label: "Red", Value: "red"}, {Label: "Blue", Value: "blue"}}},
						}},
					}}})
			case "Report message":
				m := d.Resolved.Messages[d.TargetID]
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: "reported: " + m.Content, Flags: discordgo.MessageFlagsEphemeral}})
			case "Profile":
				if d.Resolved == nil || d.Resolved.Users[d.TargetID] == nil {
					return // the DM payload check below sends no target
				}
				u := d.Resolved.Users[d.TargetID]
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: "profile of " + u.Username}})
			}
		case discordgo.InteractionApplicationCommandAutocomplete:
			var focused string
			for _, o := range i.ApplicationCommandData().Options[0].Options {
				if o.Focused {
					focused = o.StringValue()
				}
			}
			respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: focused + "-1", Value: focused + "1"}, {Name: focused + "-2", Value: focused + "2"}}}})
		case discordgo.InteractionMessageComponent:
			d := i.MessageComponentData()
			switch d.CustomID {
			case "yes":
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
					Data: &discordgo.InteractionResponseData{Content: "You said yes", Components: []discordgo.MessageComponent{}}})
			case "color":
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
				_, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: ptr("color: " + strings.Join(d.Values, ","))})
				setErr(err)
			case "feedback":
				respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal,
					Data: &discordgo.InteractionResponseData{CustomID: "fb", Title: "Feedback", Components: []discordgo.MessageComponent{
						discordgo.ActionsRow{Components: []discordgo.MessageComponent{
							discordgo.TextInput{CustomID: "text", Label: "Your feedback", Style: discordgo.TextInputParagraph, Required: true},
						}},
					}}})
			}
		case discordgo.InteractionModalSubmit:
			d := i.ModalSubmitData()
			text := d.Components[0].(*discordgo.ActionsRow).Components[0].(*discordgo.TextInput).Value
			respond(s, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "thanks: " + text, Flags: discordgo.MessageFlagsEphemeral}})
		}
	})

	panel := fake.SlashCommand(g.ID, alice, "panel")
	if r := panel.Wait(t); r.Type != discordgo.InteractionResponseChannelMessageWithSource || len(r.Data.Components) != 2 {
		t.Fatalf("panel response = %+v", r)
	}
	msg := panel.Original()
	if msg == nil || msg.Content != "Pick one" || len(msg.Components) != 2 {
		t.Fatalf("panel message = %+v", msg)
	}

	// Modal from a button, then submit it.
	fb := fake.ClickButton(g.ID, alice, msg, "feedback")
	mr := fb.Wait(t)
	if mr.Type != discordgo.InteractionResponseModal || mr.Data.CustomID != "fb" || mr.Data.Title != "Feedback" || len(mr.Data.Components) != 1 {
		t.Fatalf("modal = %+v", mr)
	}
	sub := fake.SubmitModal(g.ID, alice, "fb", map[string]string{"text": "great bot"}, discordtest.OnMessage(msg.ID))
	if c := sub.Content(t); c != "thanks: great bot" || !sub.Ephemeral(t) {
		t.Fatalf("modal submit answer = %q", c)
	}

	// Select menu: deferred update then edit of the component's message.
	sel := fake.SelectMenu(g.ID, alice, msg.ID, "color", discordgo.SelectMenuComponent, "blue")
	if r := sel.Wait(t); r.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("select response type %d", r.Type)
	}
	if m := sel.WaitOriginal(t, func(m *discordtest.Message) bool { return m.Content == "color: blue" }); m.ID != msg.ID {
		t.Fatalf("edited message id %s want %s", m.ID, msg.ID)
	}

	// Button: update message (type 7).
	yes := fake.ClickButton(g.ID, alice, msg.ID, "yes")
	if r := yes.Wait(t); r.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("button response %d", r.Type)
	}
	if m := fake.Message(msg.ID); m.Content != "You said yes" || len(m.Components) != 0 {
		t.Fatalf("updated message = %q, %d components", m.Content, len(m.Components))
	}

	// Autocomplete.
	ac := fake.Autocomplete(g.ID, alice, "mood", discordtest.Sub("log", discordtest.Opt("score", 3), discordtest.Focused("note", "hap")))
	if r := ac.Wait(t); r.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Data.Choices) != 2 || r.Data.Choices[0].Name != "hap-1" {
		t.Fatalf("autocomplete = %+v", r.Data.Choices)
	}

	// Context menus.
	target := fake.UserMessage(g.ChannelID("general"), g.Member("carol").User, "spam spam")
	rep := fake.MessageCommand(g.ID, alice, "Report message", target.ID)
	if c := rep.Content(t); c != "reported: spam spam" {
		t.Fatalf("message command answer = %q", c)
	}
	prof := fake.UserCommand(g.ID, alice, "Profile", g.Member("bob").User.ID)
	if c := prof.Content(t); c != "profile of bob" {
		t.Fatalf("user command answer = %q", c)
	}

	// DM interaction: user instead of member.
	dmUser := fake.AddUser(discordtest.User{Username: "dmuser"})
	dm := fake.SlashCommand("", discordtest.Member{User: dmUser}, "Profile")
	_ = dm // no handler case: just make sure the payload decodes
	if p := dm.Payload(); p.User == nil || p.User.ID != dmUser.ID || p.Member != nil || p.GuildID != "" {
		t.Fatalf("DM payload = %+v", p)
	}

	mu.Lock()
	defer mu.Unlock()
	if lastErr != nil {
		t.Fatalf("bot error: %v", lastErr)
	}
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestChannelMessagesFilesReactionsThreadsAndDMs(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	g := fake.AddGuild(discordtest.DefaultGuild())
	created := make(chan *discordgo.MessageCreate, 8)
	dg := openBot(t, fake, discordgo.IntentsAllWithoutPrivileged, func(_ *discordgo.Session, m *discordgo.MessageCreate) { created <- m })
	general := g.ChannelID("general")

	pngData := testPNG(t)
	m, err := dg.ChannelMessageSendComplex(general, &discordgo.MessageSend{
		Content: "chart",
		Files:   []*discordgo.File{{Name: "chart.png", ContentType: "image/png", Reader: bytes.NewReader(pngData)}},
		Embeds:  []*discordgo.MessageEmbed{{Title: "Weekly", Image: &discordgo.MessageEmbedImage{URL: "attachment://chart.png"}}},
	})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "chart.png" || m.Attachments[0].Size != len(pngData) {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	if mc := recv(t, created, "MESSAGE_CREATE"); mc.ID != m.ID || mc.GuildID != g.ID {
		t.Errorf("MESSAGE_CREATE = %+v", mc.Message)
	}
	stored := fake.WaitMessage(t, general, func(m *discordtest.Message) bool { return m.Content == "chart" })
	f := stored.File("chart.png")
	if f == nil || !bytes.Equal(f.Data, pngData) || f.ContentType != "image/png" {
		t.Fatalf("stored file = %+v", f)
	}
	if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// The attachment URL can be downloaded through the fake's client.
	resp, err := dg.Client.Get(m.Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("CDN status %d", resp.StatusCode)
	}

	if _, err := dg.ChannelMessageEdit(general, m.ID, "chart v2"); err != nil {
		t.Fatalf("edit: %v", err)
	}
	if err := dg.MessageReactionAdd(general, m.ID, "👍"); err != nil {
		t.Fatalf("react: %v", err)
	}
	if r := fake.Reactions(m.ID); len(r) != 1 || r[0] != "👍" {
		t.Errorf("reactions = %v", r)
	}
	th, err := dg.MessageThreadStart(general, m.ID, "discussion", 60)
	if err != nil || th.ID != m.ID || th.ParentID != general {
		t.Fatalf("thread: %+v %v", th, err)
	}
	if _, err := dg.ChannelMessageSend(th.ID, "in thread"); err != nil {
		t.Fatalf("send in thread: %v", err)
	}
	msgs, err := dg.ChannelMessages(general, 10, "", "", "")
	if err != nil || len(msgs) != 1 || msgs[0].Content != "chart v2" {
		t.Fatalf("ChannelMessages: %v %+v", err, msgs)
	}
	if _, err := dg.ChannelMessage(general, m.ID); err != nil {
		t.Fatal(err)
	}
	if err := dg.ChannelMessageDelete(th.ID, fake.Messages(th.ID)[0].ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if n := len(fake.Messages(th.ID)); n != 0 {
		t.Errorf("thread messages after delete = %d", n)
	}

	// Empty message and missing permissions are rejected like Discord.
	if _, err := dg.ChannelMessageSendComplex(general, &discordgo.MessageSend{}); !isRESTCode(err, 50006) {
		t.Errorf("empty message err = %v", err)
	}
	// @everyone may not send in announcements and the bot has no overwrite.
	if _, err := dg.ChannelMessageSend(g.ChannelID("announcements"), "hi"); !isRESTCode(err, 50013) {
		t.Errorf("announcements err = %v, want 50013", err)
	}

	// DMs, including a user with closed DMs.
	alice, carol := g.Member("alice").User, g.Member("carol").User
	ch, err := dg.UserChannelCreate(alice.ID)
	if err != nil || ch.Type != discordgo.ChannelTypeDM || ch.Recipients[0].ID != alice.ID {
		t.Fatalf("UserChannelCreate: %+v %v", ch, err)
	}
	if _, err := dg.ChannelMessageSend(ch.ID, "hello alice"); err != nil {
		t.Fatal(err)
	}
	if dm := fake.WaitDM(t, alice.ID, nil); dm.Content != "hello alice" {
		t.Errorf("DM = %q", dm.Content)
	}
	fake.SetDMsClosed(carol.ID, true)
	ch2, err := dg.UserChannelCreate(carol.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageSend(ch2.ID, "hello carol"); !isRESTCode(err, 50007) {
		t.Errorf("closed DMs err = %v, want 50007", err)
	}
	if n := len(fake.DMs(carol.ID)); n != 0 {
		t.Errorf("carol got %d DMs", n)
	}
}
