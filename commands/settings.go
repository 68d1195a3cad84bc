package commands

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// settingsStore is what /settings needs of the store.
type settingsStore interface {
	SetSetting(ctx context.Context, guildID, userID, key, value string) (string, error)
	ResetSetting(ctx context.Context, guildID, userID, key string) (string, error)
	SettingsHistory(ctx context.Context, guildID string, limit int) ([]data.SettingChange, error)
	// Settings and GuidelinesAcknowledgements let a change of language
	// rewrite a posted copy of the default guidelines in the new one.
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	GuidelinesAcknowledgements(ctx context.Context, guildID, version string) (data.GuidelinesAcks, error)
}

// historyLimit is how many changes /settings history lists.
const historyLimit = 20

// Settings is /settings: moderators see, change, reset and audit the
// server's settings one at a time. /setup covers the same ground guided.
func Settings(store settingsStore, discord Discord) *Command {
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "settings",
			Description: "See and change how Kindred works in this server (moderators)",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "show",
					Description: "Show every setting and its current value",
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "set",
					Description: "Change one setting",
					Options: []*discordgo.ApplicationCommandOption{
						keyOption("The setting to change", settingChoices(false)),
						{
							Type:         discordgo.ApplicationCommandOptionString,
							Name:         "value",
							Description:  "A #channel, @role, time zone, on/off, number or country code",
							Required:     true,
							Autocomplete: true,
							MaxLength:    100,
						},
					},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "reset",
					Description: "Put one setting back to its default",
					Options:     []*discordgo.ApplicationCommandOption{keyOption("The setting to reset", settingChoices(true))},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "history",
					Description: "Recent changes to the settings: who, what and when",
				},
			},
		},
		Moderator: true,
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("settings.dm_only"), nil
		}
		switch req.Subcommand() {
		case "show":
			return settingsShow(req), nil
		case "set":
			return settingsSet(ctx, store, discord, req)
		case "reset":
			return settingsReset(ctx, store, discord, req)
		case "history":
			return settingsHistory(ctx, store, req)
		}
		return req.PrivateT("settings.unknown_part"), nil
	}
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		name, typed := req.Focused()
		if name == "key" {
			return &Response{Choices: keyChoices(localChoices(req.P(), settingChoices(req.Subcommand() == "reset")), typed)}, nil
		}
		if req.Subcommand() != "set" || name != "value" {
			return &Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
		}
		return &Response{Choices: valueChoices(req.String("key"), typed, req, discord)}, nil
	}
	return c
}

// settingChoices lists the keys /settings offers. The guidelines text has
// its own command with a form, so set leaves it out; the posted guidelines
// message is Kindred's own record and never offered.
func settingChoices(includeGuidelines bool) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, d := range data.SettingDefs() {
		if internalSetting(d.Key) || (d.Key == data.SettingGuidelines && !includeGuidelines) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: d.Label, Value: d.Key})
	}
	return out
}

// keyOption is the "key" option: a fixed list while the settings fit
// Discord's 25 choices, typed with suggestions once they don't.
func keyOption(description string, choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "key", Description: description, Required: true}
	if len(choices) <= 25 {
		o.Choices = choices
	} else {
		o.Autocomplete = true
		o.MaxLength = 100
	}
	return o
}

// keyChoices suggests the settings whose label or key contains typed.
func keyChoices(all []*discordgo.ApplicationCommandOptionChoice, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, c := range all {
		if typed == "" || strings.Contains(strings.ToLower(c.Name), typed) || strings.Contains(fmt.Sprint(c.Value), typed) {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(c.Name, 100), Value: c.Value})
		}
		if len(out) == 25 {
			break
		}
	}
	return out
}

// internalSetting reports whether a setting is Kindred's own bookkeeping
// rather than something moderators choose.
func internalSetting(key string) bool { return key == data.SettingGuidelinesMessage }

func settingsShow(req *Request) *Response {
	p := req.P()
	var b strings.Builder
	b.WriteString(req.T("settings.show_title") + "\n")
	for _, d := range data.SettingDefs() {
		if internalSetting(d.Key) {
			continue
		}
		v := req.Settings.Get(d.Key)
		shown := displayValue(p, d, v)
		if d.Kind == data.KindTimeZone {
			shown = zoneLabelIn(p, v, req.Now)
		}
		if d.Key == data.SettingGuidelines {
			shown += req.T("settings.see_guidelines")
		}
		if !req.Settings.IsSet(d.Key) && d.Kind != data.KindText {
			shown += req.T("settings.is_default")
		}
		b.WriteString(req.T("settings.line", "Setting", settingLabel(p, d), "Value", shown) + "\n")
	}
	footer := req.T("settings.show_footer")
	if content := b.String() + "\n" + footer; utf8.RuneCountInString(content) <= maxContent {
		return &Response{Content: content, Ephemeral: true}
	}
	// Longer languages pass Discord's limit for a message's text: the
	// list goes in an embed, which holds twice as much.
	title, list, _ := strings.Cut(b.String(), "\n")
	return &Response{Content: footer, Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: strings.Trim(title, "*"), Description: clipRunes(list, 4096), Color: 0x6FA8DC,
	}}}
}

func settingsSet(ctx context.Context, store settingsStore, discord Discord, req *Request) (*Response, error) {
	p := req.P()
	key, typed := req.String("key"), req.String("value")
	d, ok := data.LookupSetting(key)
	if !ok || internalSetting(key) {
		return req.PrivateT("settings.no_such", "Key", fmt.Sprintf("%q", clipRunes(key, 40))), nil
	}
	if key == data.SettingGuidelines {
		return req.PrivateT("settings.guidelines_form"), nil
	}

	normalize := data.NormalizeSetting
	if d.Kind == data.KindTimeZone {
		normalize = func(_, typed string) (string, error) { return resolveZone(typed) }
	}
	value, err := normalize(key, typed)
	if err != nil && (d.Kind == data.KindChannel || d.Kind == data.KindRole) {
		if id := resolveByName(discord, d, req.GuildID, typed); id != "" {
			value, err = id, nil
		}
	}
	if err != nil && d.Kind == data.KindLanguage {
		return req.PrivateT("settings.language_unknown", "Typed", fmt.Sprintf("%q", clipRunes(strings.TrimSpace(typed), 40)), "Languages", languageList()), nil
	}
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil && (d.Kind == data.KindChannel || d.Kind == data.KindRole) {
			resp.Content += "\n" + kindHint(p, d)
		}
		if resp != nil && d.Kind == data.KindTimeZone {
			if zs := matchZones(typed, 5); len(zs) > 0 {
				labels := make([]string, len(zs))
				for i, z := range zs {
					labels[i] = "`" + zoneLabelIn(p, z, req.Now) + "`"
				}
				resp.Content += "\n" + req.T("settings.did_you_mean", "Zones", strings.Join(labels, ", "))
			}
		}
		return resp, err
	}
	var warning string
	switch d.Kind {
	case data.KindChannel:
		problem, warn, err := channelProblemIn(p, discord, req.GuildID, value, key)
		if err != nil {
			return nil, err
		}
		if problem != "" {
			return req.PrivateT("settings.nothing_changed", "Problem", problem), nil
		}
		warning = warn
	case data.KindRole:
		if value == req.GuildID && key == data.SettingListenerRole {
			return req.PrivateT("settings.listener_everyone"), nil
		}
		if value == req.GuildID {
			return req.PrivateT("settings.moderator_everyone"), nil
		}
	}
	if req.Settings.IsSet(key) && req.Settings.Get(key) == value {
		return req.PrivateT("settings.already", "Setting", settingLabel(p, d), "Value", displayValue(p, d, value)), nil
	}
	old, err := store.SetSetting(ctx, req.GuildID, req.User.ID, key, value)
	if err != nil {
		return req.Problem(err)
	}
	shown := displayValue(p, d, value)
	if d.Kind == data.KindTimeZone {
		shown = zoneLabelIn(p, value, req.Now)
	}
	msg := req.T("settings.saved", "Setting", settingLabel(p, d), "Value", shown, "Old", displayValue(p, d, old))
	if d.Kind == data.KindLanguage {
		// Say it in the language public posts now use, so moderators see it.
		msg += "\n" + i18n.For(i18n.Pick(value)).T("settings.language_public") + refreshGuidelinesLanguage(ctx, store, discord, req)
	}
	if warning != "" {
		msg += "\n" + warning
	}
	return &Response{Content: msg, Ephemeral: true}, nil
}

func settingsReset(ctx context.Context, store settingsStore, discord Discord, req *Request) (*Response, error) {
	p := req.P()
	key := req.String("key")
	d, ok := data.LookupSetting(key)
	if !ok || internalSetting(key) {
		return req.PrivateT("settings.no_such", "Key", fmt.Sprintf("%q", clipRunes(key, 40))), nil
	}
	if !req.Settings.IsSet(key) {
		return req.PrivateT("settings.already_default", "Setting", settingLabel(p, d), "Value", displayValue(p, d, d.Default)), nil
	}
	old, err := store.ResetSetting(ctx, req.GuildID, req.User.ID, key)
	if err != nil {
		return req.Problem(err)
	}
	resp := req.PrivateT("settings.reset_done", "Setting", settingLabel(p, d), "Value", displayValue(p, d, d.Default), "Old", displayValue(p, d, old))
	if d.Kind == data.KindLanguage {
		resp.Content += refreshGuidelinesLanguage(ctx, store, discord, req)
	}
	return resp, nil
}

func settingsHistory(ctx context.Context, store settingsStore, req *Request) (*Response, error) {
	changes, err := store.SettingsHistory(ctx, req.GuildID, historyLimit)
	if err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		return req.PrivateT("settings.history_empty"), nil
	}
	const limit = 2000
	var b strings.Builder
	b.WriteString(req.T("settings.history_title") + "\n")
	for i, c := range changes {
		line := historyLine(req.P(), c) + "\n"
		if b.Len()+len(line) > limit-80 {
			b.WriteString(req.N("settings.history_more", len(changes)-i))
			break
		}
		b.WriteString(line)
	}
	// Mentions render as names; the bot sends with pings disabled.
	return &Response{Content: b.String(), Ephemeral: true}, nil
}

func historyLine(p *i18n.Printer, c data.SettingChange) string {
	d, ok := data.LookupSetting(c.Key)
	if !ok {
		d = data.SettingDef{Key: c.Key, Label: c.Key, Kind: data.KindText}
	}
	var what string
	switch c.Key {
	case data.SettingGuidelines:
		what = p.T("settings.history_guidelines")
		if c.NewValue == "" {
			what = p.T("settings.history_guidelines_reset")
		}
	case data.SettingGuidelinesMessage:
		what = p.T("settings.history_posted")
		if ch, _, ok := strings.Cut(c.NewValue, "/"); ok {
			what = p.T("settings.history_posted_in", "Channel", ch)
		}
	default:
		what = fmt.Sprintf("%s: %s → %s", settingLabel(p, d), displayValue(p, d, c.OldValue), displayValue(p, d, c.NewValue))
	}
	return fmt.Sprintf("<t:%d:R> <@%s> %s", c.At.Unix(), c.UserID, what)
}

// displayValue shows a stored value the way moderators think of it, in
// p's language.
func displayValue(p *i18n.Printer, d data.SettingDef, v string) string {
	switch d.Kind {
	case data.KindChannel:
		if v == "" {
			return p.T("common.not_set")
		}
		return "<#" + v + ">"
	case data.KindRole:
		if v == "" {
			return p.T("common.not_set")
		}
		return "<@&" + v + ">"
	case data.KindCountry:
		if c, ok := data.LookupCountry(v); ok && v != "" {
			return fmt.Sprintf("%s (%s)", c.Name, c.Code)
		}
	case data.KindLanguage:
		if l, ok := i18n.Lookup(v); ok {
			return l.Native
		}
		return p.T("settings.language_discord")
	case data.KindFeature:
		switch v {
		case "on":
			return p.T("common.on")
		case "off":
			return p.T("common.off")
		}
	case data.KindText:
		if d.Key == data.SettingGuidelines {
			if v == "" {
				return p.T("settings.guidelines_default")
			}
			return p.N("settings.guidelines_own", utf8.RuneCountInString(v))
		}
	}
	if v == "" {
		return p.T("common.not_set")
	}
	return v
}

// Channels Kindred posts in need it to see them, send there and show
// embeds (every feature's posts use them).
// The permission names are message IDs (Discord's own names for them, in
// each language).
var channelPermissions = []struct {
	bit  int64
	name string
}{
	{discordgo.PermissionViewChannel, "settings.perm_view_channel"},
	{discordgo.PermissionSendMessages, "settings.perm_send_messages"},
	{discordgo.PermissionEmbedLinks, "settings.perm_embed_links"},
}

// ChannelProblem is channelProblem for the dashboard: the same checks
// and sentences /settings set gives for a channel setting.
func ChannelProblem(discord Discord, guildID, channelID, key string) (problem, warning string, err error) {
	return channelProblem(discord, guildID, channelID, key)
}

// channelProblem is channelProblemIn in English, for callers not yet
// speaking the member's language.
func channelProblem(discord Discord, guildID, channelID, key string) (problem, warning string, err error) {
	return channelProblemIn(i18n.For(i18n.Base), discord, guildID, channelID, key)
}

// channelProblemIn checks that Kindred can use channelID of guildID for
// the setting key (or for posting the guidelines, when key is ""). It
// returns a kind sentence in p's language naming what is wrong, or ""
// when the channel will do, and a warning worth showing even so. Only
// errors talking to Discord are returned as err.
func channelProblemIn(p *i18n.Printer, discord Discord, guildID, channelID, key string) (problem, warning string, err error) {
	purpose := p.T("settings.purpose_guidelines")
	if d, ok := data.LookupSetting(key); ok {
		purpose = p.T("settings.purpose_setting", "Setting", lowerLabel(p, settingLabel(p, d)))
	}
	ch, err := discord.Channel(guildID, channelID)
	if err != nil || ch == nil {
		// Any failure here means a channel Kindred can't reach from this
		// server: deleted, in another server, or hidden from Kindred.
		return p.T("settings.channel_not_found", "Channel", channelID), "", nil
	}
	if !acceptsChannel(key, ch.Type) {
		id := "settings.channel_wrong_type"
		if forumSettings[key] {
			id = "settings.channel_wrong_type_forum"
		}
		return p.T(id, "Channel", channelID, "Type", channelTypeName(p, ch.Type), "Purpose", purpose), "", nil
	}
	perms, err := discord.BotPermissions(guildID, channelID)
	if err != nil {
		return "", "", fmt.Errorf("check permissions in channel %s: %w", channelID, err)
	}
	if perms&discordgo.PermissionAdministrator == 0 {
		var missing []string
		for _, perm := range channelPermissions {
			if perms&perm.bit == 0 {
				missing = append(missing, "**"+p.T(perm.name)+"**")
			}
		}
		if len(missing) > 0 {
			return p.N("settings.missing_permissions", len(missing), "Channel", channelID, "Permissions", p.List(missing)), "", nil
		}
	}
	if key == data.SettingAlertsChannel && !hidesFromEveryone(ch, guildID) {
		warning = p.T("settings.alerts_visible", "Channel", channelID)
	}
	if key == data.SettingListenerChannel && !hidesFromEveryone(ch, guildID) {
		warning = p.T("settings.listeners_visible", "Channel", channelID)
	}
	if key == data.SettingTalkChannel {
		warning = talkChannelWarning(p, perms, channelID)
	}
	return "", warning, nil
}

// talkChannelWarning names the permissions private support threads need
// that Kindred lacks in the talk channel, or returns "".
func talkChannelWarning(p *i18n.Printer, perms int64, channelID string) string {
	if perms&discordgo.PermissionAdministrator != 0 {
		return ""
	}
	var missing []string
	for _, perm := range []struct {
		bit  int64
		name string
	}{
		{discordgo.PermissionCreatePrivateThreads, "settings.perm_create_private_threads"},
		{discordgo.PermissionSendMessagesInThreads, "settings.perm_send_in_threads"},
		{discordgo.PermissionManageThreads, "settings.perm_manage_threads"},
	} {
		if perms&perm.bit == 0 {
			missing = append(missing, "**"+p.T(perm.name)+"**")
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return p.T("settings.talk_permissions", "Channel", channelID, "Permissions", p.List(missing), "Manage", p.T("settings.perm_manage_threads"))
}

// hidesFromEveryone reports whether the channel denies @everyone (the role
// whose ID is the server's) the View Channel permission.
func hidesFromEveryone(ch *discordgo.Channel, guildID string) bool {
	for _, o := range ch.PermissionOverwrites {
		if o.Type == discordgo.PermissionOverwriteTypeRole && o.ID == guildID && o.Deny&discordgo.PermissionViewChannel != 0 {
			return true
		}
	}
	return false
}

func channelTypeName(p *i18n.Printer, t discordgo.ChannelType) string {
	switch t {
	case discordgo.ChannelTypeGuildVoice:
		return p.T("settings.type_voice")
	case discordgo.ChannelTypeGuildStageVoice:
		return p.T("settings.type_stage")
	case discordgo.ChannelTypeGuildCategory:
		return p.T("settings.type_category")
	case discordgo.ChannelTypeGuildForum:
		return p.T("settings.type_forum")
	case discordgo.ChannelTypeGuildMedia:
		return p.T("settings.type_media")
	case discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread:
		return p.T("settings.type_thread")
	}
	return p.T("settings.type_other")
}

// valueChoices suggests values for key while a moderator types.
func valueChoices(key, typed string, req *Request, discord Discord) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	d, ok := data.LookupSetting(key)
	if !ok {
		return out
	}
	switch d.Kind {
	case data.KindTimeZone:
		zones := matchZones(typed, 25)
		if strings.TrimSpace(typed) == "" {
			zones = suggestedZones(req.Settings.Get(data.SettingTimeZone))
		}
		for _, z := range zones {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: zoneLabelIn(req.P(), z, req.Now), Value: z})
		}
	case data.KindChannel, data.KindRole:
		out = append(out, channelRoleChoices(discord, d, req.GuildID, typed)...)
	case data.KindCountry:
		out = append(out, countryChoicesIn(req.P(), typed, req.Settings.Get(data.SettingCountry))...)
	case data.KindLanguage:
		for _, l := range i18n.Languages() {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: l.Native + " (" + l.Name + ")", Value: l.Tag})
		}
	case data.KindFeature:
		for _, v := range []string{"on", "off"} {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: req.T("common." + v), Value: v})
		}
	case data.KindNumber:
		if n := strings.TrimSpace(typed); n != "" {
			if v, err := data.NormalizeSetting(key, n); err == nil {
				out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
			}
		}
	}
	return out
}

//go:embed timezones.txt
var timezonesTxt string

// timeZones are the IANA names offered when choosing a time zone, in order.
var timeZones = parseZones(timezonesTxt)

func parseZones(txt string) []string {
	var out []string
	for _, line := range strings.Split(txt, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// TimeZones returns the IANA time zone names Kindred offers, sorted.
func TimeZones() []string { return append([]string(nil), timeZones...) }

// commonZones are offered before anything is typed.
var commonZones = []string{
	"UTC", "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
	"America/Sao_Paulo", "America/Mexico_City", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
	"Asia/Manila", "Africa/Johannesburg", "Africa/Lagos", "Australia/Sydney", "Australia/Perth",
	"Pacific/Auckland",
}

func suggestedZones(current string) []string {
	out := []string{current}
	for _, z := range commonZones {
		if z != current && len(out) < 25 {
			out = append(out, z)
		}
	}
	return out
}

// matchZones returns up to limit zones matching what was typed: an exact
// name first, then cities starting with it, then names containing it.
// Case and spaces don't matter ("new york" finds America/New_York).
func matchZones(typed string, limit int) []string {
	q := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(typed), " ", "_"))
	if q == "" {
		return nil
	}
	type ranked struct {
		zone string
		rank int
	}
	var found []ranked
	for _, z := range timeZones {
		lz := strings.ToLower(z)
		city := lz[strings.LastIndex(lz, "/")+1:]
		switch {
		case lz == q:
			found = append(found, ranked{z, 0})
		case strings.HasPrefix(city, q):
			found = append(found, ranked{z, 1})
		case strings.HasPrefix(lz, q):
			found = append(found, ranked{z, 2})
		case strings.Contains(lz, q):
			found = append(found, ranked{z, 3})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].rank < found[j].rank })
	out := make([]string, 0, min(limit, len(found)))
	for _, f := range found[:min(limit, len(found))] {
		out = append(out, f.zone)
	}
	return out
}

// resolveZone accepts a zone name in any letter case, as Discord users
// type it; anything else is an ErrInvalid with a kind sentence.
func resolveZone(typed string) (string, error) {
	q := strings.ReplaceAll(strings.TrimSpace(typed), " ", "_")
	for _, z := range timeZones {
		if strings.EqualFold(z, q) {
			return z, nil
		}
	}
	return data.NormalizeSetting(data.SettingTimeZone, typed)
}

// zoneLabel names a zone with its current local time, so a wrong choice
// shows at a glance: "Europe/London (now 14:05)".
func zoneLabel(zone string, now time.Time) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return zone
	}
	return fmt.Sprintf("%s (now %s)", zone, now.In(loc).Format("15:04"))
}
