package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
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
// with a row of tabs on top. Its tab's name is message setup.tab_<id>.
type setupSection struct {
	id string
}

var setupSections = []setupSection{{"members"}, {"moderators"}, {"listeners"}, {"general"}}

// tab is the section's tab name in p's language.
func (sec setupSection) tab(p *i18n.Printer) string { return p.T("setup.tab_" + sec.id) }

// setupChannels are the channels /setup offers, by section; what each is
// for is message setup.about_<key>.
var setupChannels = []struct {
	section, key string
}{
	{"members", data.SettingCheckinChannel},
	{"members", data.SettingCelebrationsChannel},
	{"members", data.SettingMeetingsChannel},
	{"members", data.SettingPromptsChannel},
	{"moderators", data.SettingAlertsChannel},
	{"listeners", data.SettingTalkChannel},
	{"listeners", data.SettingListenerChannel},
}

// setupFeatures are the feature switches; the line for each is message
// setup.about_<key>.
var setupFeatures = []struct {
	key string
}{
	{data.FeatureCheckins},
	{data.FeatureMeetings},
	{data.FeatureSelfCare},
	{data.FeatureMilestones},
	{data.FeatureResources},
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
				return req.PrivateT("setup.dm_only"), nil
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
	p := req.P()

	var b strings.Builder
	b.WriteString(req.T("setup.header", "Tab", setupSections[page].tab(p), "Page", p.Number(page+1), "Pages", p.Number(len(setupSections))) + "\n")
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
		tabs = append(tabs, discordgo.Button{Label: sec.tab(p), Style: style, Disabled: i == page, CustomID: CustomID("setup-tab", sec.id)})
	}
	tabs = append(tabs, discordgo.Button{Label: req.T("setup.done"), Style: discordgo.SuccessButton, CustomID: "setup-done"})
	rows := []discordgo.MessageComponent{discordgo.ActionsRow{Components: tabs}}

	for _, c := range setupChannels {
		if c.section != section {
			continue
		}
		d, _ := data.LookupSetting(c.key)
		label, about := settingLabel(p, d), req.T("setup.about_"+c.key)
		id := st.Get(c.key)
		var defaults []discordgo.SelectMenuDefaultValue
		switch {
		case id == "":
			b.WriteString(req.T("setup.channel_unset", "Setting", label, "About", about) + "\n")
		case s.reachable(req.GuildID, id):
			b.WriteString(req.T("setup.channel_set", "Setting", label, "Channel", id, "About", about) + "\n")
			defaults = []discordgo.SelectMenuDefaultValue{{ID: id, Type: discordgo.SelectMenuDefaultValueChannel}}
		default:
			b.WriteString(req.T("setup.channel_gone", "Setting", label, "Channel", id, "About", about) + "\n")
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.ChannelSelectMenu,
			CustomID:      CustomID("setup-ch", c.key),
			Placeholder:   clipRunes(label+": "+about, 150),
			ChannelTypes:  settingChannelTypes(c.key),
			DefaultValues: defaults,
			MinValues:     new(0), // clearing the choice unsets the channel
			MaxValues:     1,
		}}})
	}

	switch section {
	case "members":
		b.WriteString("\n" + req.T("setup.members_hint") + "\n")
	case "moderators":
		role := st.Get(data.SettingModeratorRole)
		var defaults []discordgo.SelectMenuDefaultValue
		if role == "" {
			b.WriteString(req.T("setup.moderator_role_unset") + "\n")
		} else {
			b.WriteString(req.T("setup.moderator_role_set", "Role", role) + "\n")
			defaults = []discordgo.SelectMenuDefaultValue{{ID: role, Type: discordgo.SelectMenuDefaultValueRole}}
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.RoleSelectMenu,
			CustomID:      "setup-role",
			Placeholder:   req.T("setup.moderator_role_placeholder"),
			DefaultValues: defaults,
			MinValues:     new(0),
			MaxValues:     1,
		}}})
	case "listeners":
		role := st.Get(data.SettingListenerRole)
		var defaults []discordgo.SelectMenuDefaultValue
		if role == "" {
			b.WriteString(req.T("setup.listener_role_unset") + "\n")
		} else {
			b.WriteString(req.T("setup.listener_role_set", "Role", role) + "\n")
			defaults = []discordgo.SelectMenuDefaultValue{{ID: role, Type: discordgo.SelectMenuDefaultValueRole}}
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType:      discordgo.RoleSelectMenu,
			CustomID:      "setup-listener",
			Placeholder:   req.T("setup.listener_role_placeholder"),
			DefaultValues: defaults,
			MinValues:     new(0),
			MaxValues:     1,
		}}})
	case "general":
		b.WriteString(req.T("setup.time_zone_line", "Zone", zoneLabelIn(p, st.Get(data.SettingTimeZone), req.Now)) + "\n")
		b.WriteString(setupCareText(p, st))
		var on []string
		opts := make([]discordgo.SelectMenuOption, 0, len(setupFeatures))
		for _, f := range setupFeatures {
			d, _ := data.LookupSetting(f.key)
			if st.Enabled(f.key) {
				on = append(on, settingLabel(p, d))
			}
			opts = append(opts, discordgo.SelectMenuOption{Label: settingLabel(p, d), Value: f.key, Description: req.T("setup.about_" + f.key), Default: st.Enabled(f.key)})
		}
		if len(on) == 0 {
			on = []string{req.T("setup.none")}
		}
		b.WriteString(req.T("setup.features_on", "Features", strings.Join(on, ", ")) + "\n")
		rows = append(rows,
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
				MenuType:    discordgo.StringSelectMenu,
				CustomID:    "setup-features",
				Placeholder: req.T("setup.features_placeholder"),
				MinValues:   new(0),
				MaxValues:   len(opts),
				Options:     opts,
			}}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: req.T("setup.change_zone"), Style: discordgo.SecondaryButton, CustomID: "setup-tz"},
				discordgo.Button{Label: req.T("setup.change_country"), Style: discordgo.SecondaryButton, CustomID: "setup-country"},
			}},
		)
	}
	if section == "general" && len(extra) == 0 {
		// Five rows at most: a time zone pick list takes these two's place.
		rows = append(rows[:2], append([]discordgo.MessageComponent{setupPromptRow(p, st), setupRetentionRow(p, st)}, rows[2:]...)...)
	}
	b.WriteString("\n" + req.T("setup.footer"))
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
		return s.view(ctx, req, "", req.T("setup.unknown_menu"), nil)
	}
	d, _ := data.LookupSetting(key)
	values := req.Values()
	if len(values) == 0 {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, key); err != nil {
			return nil, err
		}
		return s.view(ctx, req, section, req.T("setup.saved_unset", "Setting", settingLabel(req.P(), d)), nil)
	}
	id, err := data.NormalizeSetting(key, values[0])
	if err != nil {
		return s.problem(ctx, req, section, err)
	}
	problem, warning, err := channelProblemIn(req.P(), s.discord, req.GuildID, id, key)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return s.view(ctx, req, section, req.T("setup.not_saved", "Problem", problem), nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, key, id); err != nil {
		return s.problem(ctx, req, section, err)
	}
	notice := req.T("setup.saved_channel", "Setting", settingLabel(req.P(), d), "Channel", id)
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
		return s.view(ctx, req, "moderators", req.T("setup.moderator_role_cleared"), nil)
	}
	id := values[0]
	if id == req.GuildID {
		return s.view(ctx, req, "moderators", req.T("setup.not_saved", "Problem", req.T("settings.moderator_everyone")), nil)
	}
	if r := req.Interaction.MessageComponentData().Resolved.Roles[id]; r != nil && r.Managed {
		return s.view(ctx, req, "moderators", req.T("setup.moderator_role_managed", "Role", id), nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingModeratorRole, id); err != nil {
		return s.problem(ctx, req, "moderators", err)
	}
	return s.view(ctx, req, "moderators", req.T("setup.moderator_role_saved", "Role", id), nil)
}

// listenerRole saves (or clears) the role whose members take requests
// to talk; the change is audited like every setting.
func (s *setup) listenerRole(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingListenerRole); err != nil {
			return nil, err
		}
		return s.view(ctx, req, "listeners", req.T("setup.listener_role_cleared"), nil)
	}
	id := values[0]
	if id == req.GuildID {
		return s.view(ctx, req, "listeners", req.T("setup.not_saved", "Problem", req.T("settings.listener_everyone")), nil)
	}
	if r := req.Interaction.MessageComponentData().Resolved.Roles[id]; r != nil && r.Managed {
		return s.view(ctx, req, "listeners", req.T("setup.listener_role_managed", "Role", id), nil)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingListenerRole, id); err != nil {
		return s.problem(ctx, req, "listeners", err)
	}
	return s.view(ctx, req, "listeners", req.T("setup.listener_role_saved", "Role", id), nil)
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
			changed = append(changed, req.T("setup.feature_changed", "Setting", settingLabel(req.P(), d), "Value", req.T("common."+v)))
		}
	}
	if err := s.store.SetSettings(ctx, req.GuildID, req.User.ID, values); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	notice := req.T("setup.saved_nothing")
	if len(changed) > 0 {
		notice = req.T("setup.saved_list", "Changes", req.P().List(changed))
	}
	return s.view(ctx, req, "general", notice, nil)
}

func (s *setup) timeZoneForm(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Modal: timeZoneModal(req.P(), req.Settings.Get(data.SettingTimeZone))}, nil
}

func timeZoneModal(p *i18n.Printer, current string) *Modal {
	return &Modal{
		CustomID: "setup-tzform",
		Title:    p.T("setup.zone_form_title"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{
				CustomID:    "zone",
				Label:       p.T("setup.zone_form_label"),
				Style:       discordgo.TextInputShort,
				Placeholder: p.T("setup.zone_form_placeholder"),
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
		return s.view(ctx, req, "general", req.T("setup.zone_unknown", "Typed", fmt.Sprintf("%q", typed), "Button", req.T("setup.change_zone")), nil)
	}
	opts := make([]discordgo.SelectMenuOption, len(candidates))
	for i, z := range candidates {
		opts[i] = discordgo.SelectMenuOption{Label: zoneLabelIn(req.P(), z, req.Now), Value: z}
	}
	pick := discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType:    discordgo.StringSelectMenu,
		CustomID:    "setup-tzpick",
		Placeholder: clipRunes(req.T("setup.zone_matching", "Typed", fmt.Sprintf("%q", typed)), 150),
		Options:     opts,
	}}}
	return s.view(ctx, req, "general", req.T("setup.zone_pick", "Typed", fmt.Sprintf("%q", typed)), []discordgo.MessageComponent{pick})
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
	return s.view(ctx, req, "general", req.T("setup.zone_saved", "Zone", zoneLabelIn(req.P(), zone, req.Now)), nil)
}

// problem shows a store's kind refusal on the page it came from.
func (s *setup) problem(ctx context.Context, req *Request, section string, err error) (*Response, error) {
	reply, err := req.Problem(err)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, req, section, req.T("setup.not_saved", "Problem", reply.Content), nil)
}

func (s *setup) done(ctx context.Context, req *Request) (*Response, error) {
	st, err := s.store.Settings(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	p := req.P()
	var b strings.Builder
	b.WriteString(req.T("setup.done_title") + "\n")
	for _, d := range data.SettingDefs() {
		if internalSetting(d.Key) || d.Kind == data.KindText || d.Kind == data.KindNumber {
			continue
		}
		v := displayValue(p, d, st.Get(d.Key))
		if d.Kind == data.KindTimeZone {
			v = zoneLabelIn(p, st.Get(d.Key), req.Now)
		}
		b.WriteString(req.T("settings.line", "Setting", settingLabel(p, d), "Value", v) + "\n")
	}
	b.WriteString("\n" + req.T("setup.done_footer"))
	return &Response{Content: b.String(), Components: []discordgo.MessageComponent{}, Ephemeral: true, Update: true}, nil
}
