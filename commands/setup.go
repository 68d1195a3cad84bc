package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// setupStore is what /setup needs of the store.
type setupStore interface {
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	SetSetting(ctx context.Context, guildID, userID, key, value string) (string, error)
	ResetSetting(ctx context.Context, guildID, userID, key string) (string, error)
	SetSettings(ctx context.Context, guildID, userID string, values map[string]string) error
}

// A set-up section is one page of the /setup message. Discord allows five
// rows of components in a message, so the settings are split into pages
// with a row of tabs on top.
type setupSection struct {
	id, tab string
}

var setupSections = []setupSection{
	{"members", "Channels for members"},
	{"moderators", "Moderators"},
	{"listeners", "Listeners"},
	{"general", "Time zone & features"},
}

// setupChannels are the channels /setup offers, by section, with what each is for.
var setupChannels = []struct {
	section, key, about string
}{
	{"members", data.SettingCheckinChannel, "where members may choose to share their check-ins"},
	{"members", data.SettingCelebrationsChannel, "milestones and good news"},
	{"members", data.SettingMeetingsChannel, "meeting announcements and reminders"},
	{"members", data.SettingPromptsChannel, "gentle self-care prompts"},
	{"moderators", data.SettingAlertsChannel, "private, for safety follow-ups and concerns"},
	{"listeners", data.SettingTalkChannel, "private support threads open here; members need to see it"},
	{"listeners", data.SettingListenerChannel, "listeners only: notices of requests (else the alerts channel)"},
}

// setupFeatures are the feature switches, with a line for each.
var setupFeatures = []struct {
	key, about string
}{
	{data.FeatureCheckins, "Members check in on how they're doing"},
	{data.FeatureMeetings, "Meeting schedules, reminders and RSVPs"},
	{data.FeatureSelfCare, "Gentle self-care prompts on a schedule"},
	{data.FeatureMilestones, "Members mark milestones; others celebrate"},
	{data.FeatureResources, "A directory of helpful resources"},
}

type setup struct {
	store   setupStore
	discord Discord
}

// Setup is /setup: a guided set-up in one ephemeral message. Moderators
// choose channels, the moderator role, the time zone and which features are
// on; every choice is saved (and audited) as soon as it is made.
func Setup(store setupStore, discord Discord) *Command {
	s := &setup{store: store, discord: discord}
	return &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "setup",
			Description: "Choose Kindred's channels, moderator role, time zone and features (moderators)",
		},
		Moderator: true,
		Handle: func(ctx context.Context, req *Request) (*Response, error) {
			if req.GuildID == "" {
				return Private("Set-up belongs to a server; please use this command there."), nil
			}
			resp, err := s.view(ctx, req, "members", "", nil)
			if resp != nil {
				resp.Update = false
			}
			return resp, err
		},
		Components: map[string]Component{
			"setup-tab":         {Handle: s.tab, Moderator: true},
			"setup-ch":          {Handle: s.channel, Moderator: true},
			"setup-role":        {Handle: s.role, Moderator: true},
			"setup-listener":    {Handle: s.listenerRole, Moderator: true},
			"setup-features":    {Handle: s.features, Moderator: true},
			"setup-tz":          {Handle: s.timeZoneForm, Moderator: true},
			"setup-tzform":      {Handle: s.timeZoneTyped, Moderator: true},
			"setup-tzpick":      {Handle: s.timeZonePicked, Moderator: true},
			"setup-done":        {Handle: s.done, Moderator: true},
			"setup-prompt":      {Handle: s.prompt, Moderator: true},
			"setup-retention":   {Handle: s.retention, Moderator: true},
			"setup-country":     {Handle: s.countryForm, Moderator: true},
			"setup-countryform": {Handle: s.countryTyped, Moderator: true},
		},
	}
}

// view renders one section with an optional notice (what was just saved,
// or why not) and extra component rows. It updates the message it came
// from; the slash command turns that into a fresh ephemeral reply.
func (s *setup) view(ctx context.Context, req *Request, section, notice string, extra []discordgo.MessageComponent) (*Response, error) {
	st, err := s.store.Settings(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	page := 0
	for i, sec := range setupSections {
		if sec.id == section {
			page = i
		}
	}
	section = setupSections[page].id

	var b strings.Builder
	fmt.Fprintf(&b, "**Set up Kindred** · %s (%d of %d)\n", setupSections[page].tab, page+1, len(setupSections))
	if notice != "" {
		b.WriteString(notice + "\n")
	}
	b.WriteString("\n")

	tabs := make([]discordgo.MessageComponent, 0, len(setupSections)+1)
	for i, sec := range setupSections {
		style := discordgo.SecondaryButton
		if i == page {
			style = discordgo.PrimaryButton
		}
		tabs = append(tabs, discordgo.Button{Label: sec.tab, Style: style, Disabled: i == page, CustomID: CustomID("setup-tab", sec.id)})
	}
	tabs = append(tabs, discordgo.Button{Label: "Done", Style: discordgo.SuccessButton, CustomID: "setup-done"})
	rows := []discordgo.MessageComponent{discordgo.ActionsRow{Components: tabs}}

	for _, c := range setupChannels {
		if c.section != section {
			continue
		}
		d, _ := data.LookupSetting(c.key)
		id := st.Get(c.key)
		var defaults []discordgo.SelectMenuDefaultValue
		switch {
		case id == "":
			fmt.Fprintf(&b, "%s: not set (%s)\n", d.Label, c.about)
		case s.reachable(req.GuildID, id):
			fmt.Fprintf(&b, "%s: <#%s> (%s)\n", d.Label, id, c.about)
			defaults = []discordgo.SelectMenuDefaultValue{{ID: id, Type: discordgo.SelectMenuDefaultValueChannel}}
		default:
			fmt.Fprintf(&b, "%s: ⚠️ I can't find <#%s> any more; please choose another (%s)\n", d.Label, id, c.about)
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.ChannelSelectMenu,
			CustomID:      CustomID("setup-ch", c.key),
			Placeholder:   d.Label + ": " + c.about,
			ChannelTypes:  settingChannelTypes(c.key),
			DefaultValues: defaults,
			MinValues:     new(0), // clearing the choice unsets the channel
			MaxValues:     1,
		}}})
	}

	switch section {
	case "members":
		b.WriteString("\nChoose a channel for each feature you use; clearing a menu unsets it.\n")
	case "moderators":
		role := st.Get(data.SettingModeratorRole)
		var defaults []discordgo.SelectMenuDefaultValue
		if role == "" {
			b.WriteString("Moderator role: not set (members with Manage Server can always use moderator commands)\n")
		} else {
			fmt.Fprintf(&b, "Moderator role: <@&%s> (as well as members with Manage Server)\n", role)
			defaults = []discordgo.SelectMenuDefaultValue{{ID: role, Type: discordgo.SelectMenuDefaultValueRole}}
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.RoleSelectMenu,
			CustomID:      "setup-role",
			Placeholder:   "Moderator role: who may use moderator commands",
			DefaultValues: defaults,
			MinValues:     new(0),
			MaxValues:     1,
		}}})
	case "listeners":
		role := st.Get(data.SettingListenerRole)
		var defaults []discordgo.SelectMenuDefaultValue
		if role == "" {
			b.WriteString("Listener role: not set (Talk to someone is off until a listener role and talk channel are chosen)\n")
		} else {
			fmt.Fprintf(&b, "Listener role: <@&%s> (who may take requests to talk)\n", role)
			defaults = []discordgo.SelectMenuDefaultValue{{ID: role, Type: discordgo.SelectMenuDefaultValueRole}}
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.RoleSelectMenu,
			CustomID:      "setup-listener",
			Placeholder:   "Listener role: who may take requests to talk",
			DefaultValues: defaults,
			MinValues:     new(0),
			MaxValues:     1,
		}}})
	case "general":
		fmt.Fprintf(&b, "Time zone: %s (schedules and reminders follow it)\n", zoneLabel(st.Get(data.SettingTimeZone), req.Now))
		b.WriteString(setupCareText(st))
		var on []string
		opts := make([]discordgo.SelectMenuOption, 0, len(setupFeatures))
		for _, f := range setupFeatures {
			d, _ := data.LookupSetting(f.key)
			if st.Enabled(f.key) {
				on = append(on, d.Label)
			}
			opts = append(opts, discordgo.SelectMenuOption{Label: d.Label, Value: f.key, Description: f.about, Default: st.Enabled(f.key)})
		}
		if len(on) == 0 {
			on = []string{"none"}
		}
		fmt.Fprintf(&b, "Features on: %s\n", strings.Join(on, ", "))
		rows = append(rows,
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
				MenuType:    discordgo.StringSelectMenu,
				CustomID:    "setup-features",
				Placeholder: "Features switched on (none chosen: all off)",
				MinValues:   new(0),
				MaxValues:   len(opts),
				Options:     opts,
			}}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Change time zone…", Style: discordgo.SecondaryButton, CustomID: "setup-tz"},
				discordgo.Button{Label: "Change country…", Style: discordgo.SecondaryButton, CustomID: "setup-country"},
			}},
		)
	}
	if section == "general" && len(extra) == 0 {
		// Five rows at most: a time zone pick list takes these two's place.
		rows = append(rows[:2], append([]discordgo.MessageComponent{setupPromptRow(st), setupRetentionRow(st)}, rows[2:]...)...)
	}
	b.WriteString("\nEach choice is saved as soon as you make it and listed in `/settings history`.")
	return &Response{Content: b.String(), Components: append(rows, extra...), Ephemeral: true, Update: true}, nil
}

// reachable reports whether a configured channel still exists in the server.
func (s *setup) reachable(guildID, channelID string) bool {
	ch, err := s.discord.Channel(guildID, channelID)
	return err == nil && ch != nil
}

func (s *setup) tab(ctx context.Context, req *Request) (*Response, error) {
	section := ""
	if len(req.Args) > 0 {
		section = req.Args[0]
	}
	return s.view(ctx, req, section, "", nil)
}

func (s *setup) channel(ctx context.Context, req *Request) (*Response, error) {
	var key, section string
	for _, c := range setupChannels {
		if len(req.Args) > 0 && c.key == req.Args[0] {
			key, section = c.key, c.section
		}
	}
	if key == "" {
		return s.view(ctx, req, "", "**Not saved.** I don't recognise that menu any more; please use the one below.", nil)
	}
	d, _ := data.LookupSetting(key)
	values := req.Values()
	if len(values) == 0 {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, key); err != nil {
			return nil, err
		}
		return s.view(ctx, req, section, fmt.Sprintf("**Saved.** %s is no longer set.", d.Label), nil)
	}
	id, err := data.NormalizeSetting(key, values[0])
	if err != nil {
		return s.problem(ctx, req, section, err)
	}
	problem, warning, err := channelProblem(s.discord, req.GuildID, id, key)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return s.view(ctx, req, section, "**Not saved.** "+problem, nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, key, id); err != nil {
		return s.problem(ctx, req, section, err)
	}
	notice := fmt.Sprintf("**Saved.** %s is now <#%s>.", d.Label, id)
	if warning != "" {
		notice += "\n" + warning
	}
	return s.view(ctx, req, section, notice, nil)
}

func (s *setup) role(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingModeratorRole); err != nil {
			return nil, err
		}
		return s.view(ctx, req, "moderators", "**Saved.** No moderator role is set; members with Manage Server can still use moderator commands.", nil)
	}
	id := values[0]
	if id == req.GuildID {
		return s.view(ctx, req, "moderators", "**Not saved.** The moderator role can't be @everyone: that would let every member use moderator commands. Please choose a role only moderators have.", nil)
	}
	if r := req.Interaction.MessageComponentData().Resolved.Roles[id]; r != nil && r.Managed {
		return s.view(ctx, req, "moderators", fmt.Sprintf("**Not saved.** <@&%s> belongs to an app or integration, so it can't be given to people. Please choose a role your moderators have.", id), nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingModeratorRole, id); err != nil {
		return s.problem(ctx, req, "moderators", err)
	}
	return s.view(ctx, req, "moderators", fmt.Sprintf("**Saved.** Members with <@&%s> can now use moderator commands.", id), nil)
}

// listenerRole saves (or clears) the role whose members take requests
// to talk; the change is audited like every setting.
func (s *setup) listenerRole(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingListenerRole); err != nil {
			return nil, err
		}
		return s.view(ctx, req, "listeners", "**Saved.** No listener role is set, so Talk to someone is off.", nil)
	}
	id := values[0]
	if id == req.GuildID {
		return s.view(ctx, req, "listeners", "**Not saved.** The listener role can't be @everyone: listeners are volunteers who agreed to it. Please choose a role for them.", nil)
	}
	if r := req.Interaction.MessageComponentData().Resolved.Roles[id]; r != nil && r.Managed {
		return s.view(ctx, req, "listeners", fmt.Sprintf("**Not saved.** <@&%s> belongs to an app or integration, so it can't be given to people.", id), nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingListenerRole, id); err != nil {
		return s.problem(ctx, req, "listeners", err)
	}
	return s.view(ctx, req, "listeners", fmt.Sprintf("**Saved.** Members with <@&%s> can now take requests to talk.", id), nil)
}

func (s *setup) features(ctx context.Context, req *Request) (*Response, error) {
	chosen := map[string]bool{}
	for _, v := range req.Values() {
		chosen[v] = true
	}
	values := map[string]string{}
	var changed []string
	for _, f := range setupFeatures {
		v := "off"
		if chosen[f.key] {
			v = "on"
		}
		values[f.key] = v
		if req.Settings.Get(f.key) != v {
			d, _ := data.LookupSetting(f.key)
			changed = append(changed, fmt.Sprintf("%s %s", d.Label, v))
		}
	}
	if err := s.store.SetSettings(ctx, req.GuildID, req.User.ID, values); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	notice := "**Saved.** Nothing changed."
	if len(changed) > 0 {
		notice = "**Saved.** " + joinAnd(changed) + "."
	}
	return s.view(ctx, req, "general", notice, nil)
}

func (s *setup) timeZoneForm(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Modal: timeZoneModal(req.Settings.Get(data.SettingTimeZone))}, nil
}

func timeZoneModal(current string) *Modal {
	return &Modal{
		CustomID: "setup-tzform",
		Title:    "Server time zone",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID:    "zone",
				Label:       "Time zone or city",
				Style:       discordgo.TextInputShort,
				Placeholder: "Like Europe/London, America/New_York or just London",
				Value:       current,
				Required:    true,
				MaxLength:   50,
			},
		}}},
	}
}

// timeZoneTyped saves a typed time zone, or offers the zones it could
// mean, each with its current time, so nothing typed is lost.
func (s *setup) timeZoneTyped(ctx context.Context, req *Request) (*Response, error) {
	typed := strings.TrimSpace(req.ModalValue("zone"))
	zone, err := resolveZone(typed)
	if err == nil {
		return s.saveTimeZone(ctx, req, zone)
	}
	candidates := matchZones(typed, 25)
	if len(candidates) == 0 {
		return s.view(ctx, req, "general", fmt.Sprintf("**Not saved.** I don't know the time zone %q. Press **Change time zone…** and try a name like Europe/London or America/New_York, or a big city near you.", typed), nil)
	}
	opts := make([]discordgo.SelectMenuOption, len(candidates))
	for i, z := range candidates {
		opts[i] = discordgo.SelectMenuOption{Label: zoneLabel(z, req.Now), Value: z}
	}
	pick := discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType:    discordgo.StringSelectMenu,
		CustomID:    "setup-tzpick",
		Placeholder: fmt.Sprintf("Time zones matching %q", typed),
		Options:     opts,
	}}}
	return s.view(ctx, req, "general", fmt.Sprintf("**Not saved yet.** %q isn't a time zone name I know. Did you mean one of these? Pick it below.", typed), []discordgo.MessageComponent{pick})
}

func (s *setup) timeZonePicked(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		return s.view(ctx, req, "general", "", nil)
	}
	zone, err := resolveZone(values[0])
	if err != nil {
		return s.problem(ctx, req, "general", err)
	}
	return s.saveTimeZone(ctx, req, zone)
}

func (s *setup) saveTimeZone(ctx context.Context, req *Request, zone string) (*Response, error) {
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingTimeZone, zone); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	return s.view(ctx, req, "general", fmt.Sprintf("**Saved.** The server's time zone is now %s.", zoneLabel(zone, req.Now)), nil)
}

// problem shows a store's kind refusal on the page it came from.
func (s *setup) problem(ctx context.Context, req *Request, section string, err error) (*Response, error) {
	reply, err := ProblemReply(err)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, req, section, "**Not saved.** "+reply.Content, nil)
}

func (s *setup) done(ctx context.Context, req *Request) (*Response, error) {
	st, err := s.store.Settings(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("**Kindred is set up.** Here's where things stand:\n")
	for _, d := range data.SettingDefs() {
		if internalSetting(d.Key) || d.Kind == data.KindText || d.Kind == data.KindNumber {
			continue
		}
		v := displayValue(d, st.Get(d.Key))
		if d.Kind == data.KindTimeZone {
			v = zoneLabel(st.Get(d.Key), req.Now)
		}
		fmt.Fprintf(&b, "%s: %s\n", d.Label, v)
	}
	b.WriteString("\nRun `/setup` again any time. `/mod-guidelines edit` sets your community guidelines, and `/settings show` lists everything.")
	return &Response{Content: b.String(), Components: []discordgo.MessageComponent{}, Ephemeral: true, Update: true}, nil
}
