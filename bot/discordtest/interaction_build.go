package discordtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Building the interactions a test sends: slash and context-menu
// commands, autocomplete, buttons, select menus and modal submits.

func newToken() string {
	b := make([]byte, 120)
	_, _ = rand.Read(b)
	return "aW50ZXJhY3Rpb246" + base64.RawURLEncoding.EncodeToString(b)
}

// dmPermissions are the app_permissions Discord reports in DMs.
const dmPermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions | discordgo.PermissionUseExternalEmojis | discordgo.PermissionUseApplicationCommands

// build creates and dispatches an interaction. fill is called with s.mu
// held to add "data" (and may set b fields).
func (s *Server) build(typ discordgo.InteractionType, guildID string, member Member, args []Arg,
	prep func(b *ibuild), fill func(b *ibuild, p map[string]any)) *Interaction {
	s.tb.Helper()
	if member.User.ID == "" {
		s.tb.Fatalf("discordtest: interaction needs a member/user with an ID (use Guild.Member(name))")
	}
	// The bot must have a gateway session to receive the interaction.
	s.waitT(s.tb, "a gateway session (open the discordgo session first)", func() bool { return len(s.sessions) > 0 })

	s.mu.Lock()
	b := &ibuild{s: s, guildID: guildID, resolved: map[string]map[string]any{}}
	if prep != nil {
		prep(b)
	}
	for _, a := range args {
		if sa, ok := a.(settingArg); ok {
			sa(b)
		}
	}
	var gs *guildState
	if guildID != "" {
		gs = s.guilds[guildID]
		if gs == nil {
			s.mu.Unlock()
			s.tb.Fatalf("discordtest: unknown guild %s", guildID)
			return nil
		}
		if b.channelID == "" {
			b.channelID = gs.g.SystemChannelID
		}
		if stored, found := s.memberLocked(guildID, member.User.ID); found {
			if member.Roles == nil {
				member.Roles = stored.Roles
			}
			if member.JoinedAt.IsZero() {
				member.JoinedAt = stored.JoinedAt
			}
			if member.User.Username == "" {
				member.User = stored.User
			}
		}
		if member.JoinedAt.IsZero() {
			member.JoinedAt = time.Now().UTC()
		}
	} else if b.channelID == "" {
		// DM: the interaction happens in the bot's DM channel with the user.
		id := s.dmChannels[member.User.ID]
		if id == "" {
			id = s.ids.next()
			s.dmChannels[member.User.ID] = id
			s.channels[id] = &channelState{ID: id, Type: discordgo.ChannelTypeDM, Recipient: member.User.ID}
		}
		b.channelID = id
	}
	if _, known := s.users[member.User.ID]; !known {
		u := member.User
		if u.Username == "" {
			u.Username = "user" + u.ID[max(0, len(u.ID)-4):]
		}
		s.users[u.ID] = &u
		member.User = u
	}
	locale := b.locale
	if locale == "" {
		locale = member.User.Locale
	}
	if locale == "" {
		locale = "en-US"
	}
	in := &Interaction{ID: s.ids.next(), Token: newToken(), Type: typ, GuildID: guildID, ChannelID: b.channelID,
		UserID: member.User.ID, s: s}
	p := map[string]any{
		"id": in.ID, "application_id": s.AppID, "type": int(typ), "token": in.Token, "version": 1,
		"channel_id": b.channelID, "locale": locale, "entitlements": []any{}, "attachment_size_limit": 10 << 20,
	}
	if c := s.channels[b.channelID]; c != nil {
		cj := s.channelJSONLocked(c)
		if c.GuildID != "" {
			cj["permissions"] = strconv.FormatInt(s.permissionsLocked(guildID, member, c.ID), 10)
		}
		p["channel"] = cj
	}
	if gs != nil {
		mj := s.memberJSON(guildID, member)
		mj["permissions"] = strconv.FormatInt(s.permissionsLocked(guildID, member, b.channelID), 10)
		mj["unusual_dm_activity_until"] = nil
		p["member"] = mj
		p["guild_id"] = guildID
		p["guild"] = map[string]any{"id": guildID, "locale": gs.g.Locale, "features": []any{}}
		p["guild_locale"] = gs.g.Locale
		p["app_permissions"] = strconv.FormatInt(s.botPermsLocked(guildID, b.channelID), 10)
		p["context"] = 0
		p["authorizing_integration_owners"] = map[string]any{"0": guildID}
	} else {
		p["user"] = s.userJSON(member.User)
		p["app_permissions"] = strconv.FormatInt(dmPermissions, 10)
		p["context"] = 1
		p["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}
	fill(b, p)
	if d, ok := p["data"].(map[string]any); ok {
		in.hasData, in.dataType = true, toInt(d["type"])
	}
	if b.messageID != "" {
		if m := s.messageLocked(b.messageID); m != nil {
			p["message"] = m.obj
			in.sourceMsg = m.id
		}
	}
	raw, err := json.Marshal(p)
	if err != nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: marshal interaction: %v", err)
	}
	in.payload = raw
	in.DispatchedAt = time.Now()
	s.interactions[in.ID] = in
	s.byToken[in.Token] = in
	s.dispatchInteractionLocked(raw, guildID)
	s.mu.Unlock()
	return in
}

func (s *Server) findCommandLocked(guildID, name string, typ int) map[string]any {
	for _, c := range s.guildCmds[guildID] {
		if c["name"] == name && toInt(c["type"]) == typ {
			return c
		}
	}
	for _, c := range s.globalCmds {
		if c["name"] == name && toInt(c["type"]) == typ {
			return c
		}
	}
	return nil
}

// commandOptionsLocked returns a registered command's options, decoded
// once per registered version (every registration gives a new version).
func (s *Server) commandOptionsLocked(c map[string]any) []*discordgo.ApplicationCommandOption {
	version, _ := c["version"].(string)
	if opts, ok := s.cmdOptions[version]; ok && version != "" {
		return opts
	}
	var cmd discordgo.ApplicationCommand
	remarshal(c, &cmd)
	if version != "" {
		if s.cmdOptions == nil {
			s.cmdOptions = map[string][]*discordgo.ApplicationCommandOption{}
		}
		s.cmdOptions[version] = cmd.Options
	}
	return cmd.Options
}

func (s *Server) commandData(b *ibuild, guildID, name string, typ int, args []Arg) map[string]any {
	d := map[string]any{"name": name, "type": typ}
	if c := s.findCommandLocked(guildID, name, typ); c != nil {
		d["id"] = c["id"]
		if g, _ := c["guild_id"].(string); g != "" {
			d["guild_id"] = g
		}
		b.cmdOpts = s.commandOptionsLocked(c)
	} else {
		d["id"] = s.ids.next()
	}
	b.options = []any{}
	for _, a := range args {
		if _, isSetting := a.(settingArg); !isSetting {
			a.applyArg(b)
		}
	}
	if len(b.options) > 0 {
		d["options"] = b.options
	}
	return d
}

func (b *ibuild) hasResolved() bool { return len(b.resolved) > 0 }

func (b *ibuild) resolvedJSON() map[string]any {
	out := map[string]any{}
	for k, v := range b.resolved {
		out[k] = v
	}
	return out
}

// SlashCommand dispatches a CHAT_INPUT application command interaction
// invoked by member in guildID (guildID "" = in the bot's DM with
// member.User). Options are given with Opt, UserOpt, ChannelOpt, RoleOpt,
// MentionableOpt, Sub and Group; settings with InChannel and WithLocale.
// The command ID is the registered one when the bot registered name.
func (s *Server) SlashCommand(guildID string, member Member, name string, args ...Arg) *Interaction {
	s.tb.Helper()
	return s.build(discordgo.InteractionApplicationCommand, guildID, member, args, nil, func(b *ibuild, p map[string]any) {
		d := s.commandData(b, guildID, name, 1, args)
		if b.hasResolved() {
			d["resolved"] = b.resolvedJSON()
		}
		p["data"] = d
	})
}

// Autocomplete dispatches an APPLICATION_COMMAND_AUTOCOMPLETE interaction;
// mark the option being typed with Focused.
func (s *Server) Autocomplete(guildID string, member Member, name string, args ...Arg) *Interaction {
	s.tb.Helper()
	return s.build(discordgo.InteractionApplicationCommandAutocomplete, guildID, member, args, nil, func(b *ibuild, p map[string]any) {
		p["data"] = s.commandData(b, guildID, name, 1, args)
	})
}

// UserCommand dispatches a USER context-menu command on targetUserID.
func (s *Server) UserCommand(guildID string, member Member, name, targetUserID string, args ...Arg) *Interaction {
	s.tb.Helper()
	return s.build(discordgo.InteractionApplicationCommand, guildID, member, args, nil, func(b *ibuild, p map[string]any) {
		d := s.commandData(b, guildID, name, 2, nil)
		d["target_id"] = targetUserID
		b.resolveUser(targetUserID)
		d["resolved"] = b.resolvedJSON()
		p["data"] = d
	})
}

// MessageCommand dispatches a MESSAGE context-menu command on a stored
// message (see Messages / UserMessage).
func (s *Server) MessageCommand(guildID string, member Member, name, targetMessageID string, args ...Arg) *Interaction {
	s.tb.Helper()
	return s.build(discordgo.InteractionApplicationCommand, guildID, member, args, func(b *ibuild) {
		if m := s.messageLocked(targetMessageID); m != nil {
			b.channelID = m.channelID
		}
	}, func(b *ibuild, p map[string]any) {
		d := s.commandData(b, guildID, name, 3, nil)
		d["target_id"] = targetMessageID
		if m := s.messageLocked(targetMessageID); m != nil {
			b.put("messages", targetMessageID, m.obj)
		} else {
			s.tb.Errorf("discordtest: MessageCommand: unknown message %s", targetMessageID)
		}
		d["resolved"] = b.resolvedJSON()
		p["data"] = d
	})
}

// messageRef accepts *discordgo.Message, *Message or a message ID.
func messageRef(message any) string {
	switch m := message.(type) {
	case string:
		return m
	case *discordgo.Message:
		return m.ID
	case *Message:
		return m.ID
	case discordgo.Message:
		return m.ID
	}
	panic(fmt.Sprintf("discordtest: unsupported message reference %T", message))
}

// ClickButton dispatches a MESSAGE_COMPONENT interaction for the button
// customID on message (a *discordgo.Message, *Message or message ID of a
// message stored by the fake, e.g. a response or follow-up of the bot).
func (s *Server) ClickButton(guildID string, member Member, message any, customID string, args ...Arg) *Interaction {
	s.tb.Helper()
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	return s.SelectMenu(guildID, member, message, customID, discordgo.ButtonComponent, vals...)
}

// SelectMenu dispatches a MESSAGE_COMPONENT interaction for a select menu
// (componentType discordgo.SelectMenuComponent, UserSelectMenuComponent,
// RoleSelectMenuComponent, MentionableSelectMenuComponent or
// ChannelSelectMenuComponent) with the chosen values. values may also
// contain Arg settings such as InChannel. For ButtonComponent it is the
// same as ClickButton.
func (s *Server) SelectMenu(guildID string, member Member, message any, customID string, componentType discordgo.ComponentType, values ...any) *Interaction {
	s.tb.Helper()
	mid := messageRef(message)
	var args []Arg
	var vals []string
	for _, v := range values {
		if a, ok := v.(Arg); ok {
			args = append(args, a)
		} else {
			vals = append(vals, fmt.Sprint(v))
		}
	}
	return s.build(discordgo.InteractionMessageComponent, guildID, member, args, func(b *ibuild) {
		b.messageID = mid
		m := s.messageLocked(mid)
		if m == nil {
			s.tb.Errorf("discordtest: component interaction on unknown message %s", mid)
			return
		}
		b.channelID = m.channelID
		if !hasComponent(m.obj["components"], customID) {
			s.violatef("component interaction: message %s has no component with custom_id %q", mid, customID)
		}
	}, func(b *ibuild, p map[string]any) {
		d := map[string]any{"custom_id": customID, "component_type": int(componentType)}
		if componentType != discordgo.ButtonComponent {
			if vals == nil {
				vals = []string{}
			}
			d["values"] = vals
			for _, v := range vals {
				switch componentType {
				case discordgo.UserSelectMenuComponent:
					b.resolve(discordgo.ApplicationCommandOptionUser, v)
				case discordgo.RoleSelectMenuComponent:
					b.resolve(discordgo.ApplicationCommandOptionRole, v)
				case discordgo.MentionableSelectMenuComponent:
					b.resolve(discordgo.ApplicationCommandOptionMentionable, v)
				case discordgo.ChannelSelectMenuComponent:
					b.resolve(discordgo.ApplicationCommandOptionChannel, v)
				}
			}
			if b.hasResolved() {
				d["resolved"] = b.resolvedJSON()
			}
		}
		p["data"] = d
	})
}

func hasComponent(v any, customID string) bool {
	list, _ := v.([]any)
	for _, c := range list {
		cm, _ := c.(map[string]any)
		if cm["custom_id"] == customID {
			return true
		}
		if hasComponent(cm["components"], customID) {
			return true
		}
		if acc, ok := cm["accessory"].(map[string]any); ok && acc["custom_id"] == customID {
			return true
		}
	}
	return false
}

// SubmitModal dispatches a MODAL_SUBMIT interaction for the modal customID
// with text input values keyed by their custom_id (one action row per
// field, sorted by key, as Discord sends legacy text-input modals).
func (s *Server) SubmitModal(guildID string, member Member, customID string, fields map[string]string, args ...Arg) *Interaction {
	s.tb.Helper()
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.build(discordgo.InteractionModalSubmit, guildID, member, args, nil, func(b *ibuild, p map[string]any) {
		rows := []any{}
		for i, k := range keys {
			rows = append(rows, map[string]any{"type": 1, "id": 2*i + 1, "components": []any{
				map[string]any{"type": 4, "id": 2*i + 2, "custom_id": k, "value": fields[k]}}})
		}
		p["data"] = map[string]any{"custom_id": customID, "components": rows}
	})
}

// UserMessage stores a message posted by user author in channelID and
// dispatches MESSAGE_CREATE (content is blanked for sessions without the
// MESSAGE_CONTENT intent unless the bot is mentioned, as on Discord).
// Mentions of the form <@id> are parsed into "mentions".
func (s *Server) UserMessage(channelID string, author User, content string) *Message {
	s.mu.Lock()
	c := s.channels[channelID]
	if c == nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: UserMessage: unknown channel %s", channelID)
		return nil
	}
	if u := s.users[author.ID]; u != nil && author.Username == "" {
		author = *u
	}
	rec := s.newMessageLocked(channelID, 0, map[string]any{"content": content}, nil, &author)
	mentions := []any{}
	for _, id := range mentionRe.FindAllStringSubmatch(content, -1) {
		mentions = append(mentions, s.userJSON(s.userByIDLocked(id[1])))
	}
	rec.obj["mentions"] = mentions
	ev := withGuild(rec.obj, c.GuildID)
	if c.GuildID != "" {
		if m, found := s.memberLocked(c.GuildID, author.ID); found {
			mj := s.memberJSON(c.GuildID, m)
			delete(mj, "user")
			ev["member"] = mj
		}
	}
	s.dispatchLocked("MESSAGE_CREATE", ev)
	msg := s.toMessage(rec)
	s.mu.Unlock()
	return msg
}
