package discordtest

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

type guildState struct {
	g          Guild // resolved: all IDs set; Channels kept in sync with channelIDs
	channelIDs []string
	createdAt  time.Time
}

type channelState struct {
	ID, GuildID    string
	Type           discordgo.ChannelType
	Name, Topic    string
	ParentID       string
	Position       int
	NSFW           bool
	Overwrites     []Overwrite
	Recipient      string // DM channels
	OwnerID        string // threads
	AutoArchive    int    // threads
	LastMessageID  string
	MessageCount   int
	ThreadArchived bool
	ArchivedAt     time.Time // threads: when last archived
}

type messageRecord struct {
	id, channelID string
	obj           map[string]any
	files         []*File
	attachmentIDs []string
	deleted       bool
	interactionID string
	order         int
}

// AddGuild installs a guild the bot is a member of and returns it with
// all IDs generated and names resolved. If the bot is connected to the
// gateway, GUILD_CREATE is dispatched (as when the bot joins a server);
// otherwise the guild is included in the next READY/GUILD_CREATE burst.
//
// Defaults: "@everyone" role (with EveryonePermissions when added
// implicitly), the bot's managed role named after the bot with
// BotPermissions, the bot member, owner = first member, system channel =
// first text channel, locale "en-US". In overwrite IDs, "@bot" denotes the
// bot user.
func (s *Server) AddGuild(g Guild) *Guild {
	s.mu.Lock()
	gs := s.addGuildLocked(g)
	out := cloneGuild(gs.g)
	payload := s.guildCreatePayloadLocked(gs)
	connected := s.hasReadySessionLocked()
	s.mu.Unlock()
	if connected {
		s.Dispatch("GUILD_CREATE", payload)
	}
	return &out
}

func (s *Server) addGuildLocked(g Guild) *guildState {
	if g.ID == "" {
		g.ID = s.ids.next()
	}
	if g.Name == "" {
		g.Name = "Test Server"
	}
	if g.Locale == "" {
		g.Locale = "en-US"
	}
	if g.BotPermissions == 0 {
		g.BotPermissions = DefaultBotPermissions
	}
	now := time.Now().UTC()

	// Roles.
	var roles []Role
	hasEveryone := false
	for _, r := range g.Roles {
		if r.Name == "@everyone" || r.ID == g.ID {
			r.ID, r.Name, r.Position = g.ID, "@everyone", 0
			hasEveryone = true
			roles = append([]Role{r}, roles...)
			continue
		}
		if r.ID == "" {
			r.ID = s.ids.next()
		}
		roles = append(roles, r)
	}
	if !hasEveryone {
		roles = append([]Role{{ID: g.ID, Name: "@everyone", Permissions: EveryonePermissions}}, roles...)
	}
	botRole := Role{ID: s.ids.next(), Name: s.BotUsername, Permissions: g.BotPermissions, Managed: true, BotID: s.BotUserID}
	roles = append(roles, botRole)
	for i := range roles {
		if roles[i].Position == 0 && roles[i].ID != g.ID {
			roles[i].Position = i
		}
	}
	g.Roles = roles
	roleID := func(ref string) string {
		for _, r := range roles {
			if r.ID == ref || r.Name == ref {
				return r.ID
			}
		}
		return ref
	}

	// Members.
	var members []Member
	for _, m := range g.Members {
		if m.User.ID == "" {
			m.User.ID = s.ids.next()
		}
		if m.User.Username == "" {
			m.User.Username = "user" + m.User.ID[len(m.User.ID)-4:]
		}
		if m.JoinedAt.IsZero() {
			m.JoinedAt = now
		}
		rs := make([]string, 0, len(m.Roles))
		for _, r := range m.Roles {
			if id := roleID(r); id != g.ID {
				rs = append(rs, id)
			}
		}
		m.Roles = rs
		u := m.User
		s.users[u.ID] = &u
		members = append(members, m)
	}
	members = append(members, Member{User: *s.users[s.BotUserID], Roles: []string{botRole.ID}, JoinedAt: now})
	g.Members = members
	userID := func(ref string) string {
		if ref == "@bot" {
			return s.BotUserID
		}
		for _, m := range members {
			if m.User.ID == ref || m.User.Username == ref {
				return m.User.ID
			}
		}
		return ref
	}
	if g.OwnerID == "" && len(members) > 1 {
		g.OwnerID = members[0].User.ID
	}
	g.OwnerID = userID(g.OwnerID)

	// Channels.
	for i := range g.Channels {
		if g.Channels[i].ID == "" {
			g.Channels[i].ID = s.ids.next()
		}
	}
	chanID := func(ref string) string {
		for _, c := range g.Channels {
			if c.ID == ref || c.Name == ref {
				return c.ID
			}
		}
		return ref
	}
	gs := &guildState{createdAt: snowflakeTime(g.ID)}
	for i := range g.Channels {
		c := &g.Channels[i]
		if c.Position == 0 {
			c.Position = i
		}
		c.ParentID = chanID(c.ParentID)
		for j := range c.Overwrites {
			o := &c.Overwrites[j]
			if id := roleID(o.ID); id != o.ID || o.ID == g.ID {
				o.ID, o.Type = id, discordgo.PermissionOverwriteTypeRole
			} else if id := userID(o.ID); id != o.ID || o.ID == s.BotUserID {
				o.ID, o.Type = id, discordgo.PermissionOverwriteTypeMember
			}
		}
		cs := &channelState{ID: c.ID, GuildID: g.ID, Type: c.Type, Name: c.Name, Topic: c.Topic, ParentID: c.ParentID,
			Position: c.Position, NSFW: c.NSFW, Overwrites: c.Overwrites}
		s.channels[c.ID] = cs
		gs.channelIDs = append(gs.channelIDs, c.ID)
	}
	if g.SystemChannelID == "" {
		for _, c := range g.Channels {
			if c.Type == discordgo.ChannelTypeGuildText {
				g.SystemChannelID = c.ID
				break
			}
		}
	}
	g.SystemChannelID = chanID(g.SystemChannelID)
	gs.g = g
	if _, exists := s.guilds[g.ID]; !exists {
		s.guildOrder = append(s.guildOrder, g.ID)
	}
	s.guilds[g.ID] = gs
	s.notifyLocked()
	return gs
}

func cloneGuild(g Guild) Guild {
	out := g
	out.Channels = append([]Channel(nil), g.Channels...)
	out.Roles = append([]Role(nil), g.Roles...)
	out.Members = append([]Member(nil), g.Members...)
	return out
}

// Guild returns a snapshot of the guild with the given ID, or nil.
func (s *Server) Guild(guildID string) *Guild {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[guildID]
	if gs == nil {
		return nil
	}
	g := cloneGuild(gs.g)
	return &g
}

// RemoveGuild removes the guild (the bot was kicked or the guild was
// deleted) and dispatches GUILD_DELETE.
func (s *Server) RemoveGuild(guildID string) {
	s.mu.Lock()
	gs := s.guilds[guildID]
	if gs != nil {
		delete(s.guilds, guildID)
		for i, id := range s.guildOrder {
			if id == guildID {
				s.guildOrder = append(s.guildOrder[:i], s.guildOrder[i+1:]...)
				break
			}
		}
		for id, c := range s.channels {
			if c.GuildID == guildID {
				delete(s.channels, id)
			}
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	if gs != nil {
		s.Dispatch("GUILD_DELETE", map[string]any{"id": guildID})
	}
}

// AddMember adds a member to a guild (generating a user ID when empty),
// dispatches GUILD_MEMBER_ADD, and returns the member.
func (s *Server) AddMember(guildID string, m Member) Member {
	s.mu.Lock()
	gs := s.guilds[guildID]
	if gs == nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: AddMember: unknown guild %s", guildID)
		return m
	}
	if m.User.ID == "" {
		m.User.ID = s.ids.next()
	}
	if m.User.Username == "" {
		m.User.Username = "user" + m.User.ID[len(m.User.ID)-4:]
	}
	if m.JoinedAt.IsZero() {
		m.JoinedAt = time.Now().UTC()
	}
	for i, r := range m.Roles {
		for _, role := range gs.g.Roles {
			if role.Name == r {
				m.Roles[i] = role.ID
			}
		}
	}
	u := m.User
	s.users[u.ID] = &u
	gs.g.Members = append(gs.g.Members, m)
	payload := s.memberJSON(guildID, m)
	payload["guild_id"] = guildID
	s.notifyLocked()
	s.mu.Unlock()
	s.Dispatch("GUILD_MEMBER_ADD", payload)
	return m
}

// RemoveMember removes a member from a guild and dispatches
// GUILD_MEMBER_REMOVE.
func (s *Server) RemoveMember(guildID, userID string) {
	s.mu.Lock()
	var payload map[string]any
	if gs := s.guilds[guildID]; gs != nil {
		for i, m := range gs.g.Members {
			if m.User.ID == userID {
				gs.g.Members = append(gs.g.Members[:i], gs.g.Members[i+1:]...)
				payload = map[string]any{"guild_id": guildID, "user": s.userJSON(m.User)}
				break
			}
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	if payload != nil {
		s.Dispatch("GUILD_MEMBER_REMOVE", payload)
	}
}

// AddUser registers a user that is not (necessarily) in a shared guild,
// e.g. for DM interactions. An empty ID is generated.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == "" {
		u.ID = s.ids.next()
	}
	if u.Username == "" {
		u.Username = "user" + u.ID[len(u.ID)-4:]
	}
	cp := u
	s.users[u.ID] = &cp
	return u
}

// SetDMsClosed marks a user as not accepting DMs from the bot: creating
// the DM channel still works (as on Discord), but sending a message to it
// fails with 403 / code 50007 "Cannot send messages to this user".
func (s *Server) SetDMsClosed(userID string, closed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dmClosed[userID] = closed
}

func (s *Server) memberLocked(guildID, userID string) (Member, bool) {
	gs := s.guilds[guildID]
	if gs == nil {
		return Member{}, false
	}
	for _, m := range gs.g.Members {
		if m.User.ID == userID {
			return m, true
		}
	}
	return Member{}, false
}

// Permissions computes the effective permissions of userID in channelID
// (or guild-level permissions when channelID is ""), following Discord's
// algorithm (owner, administrator, @everyone, roles, overwrites).
func (s *Server) Permissions(guildID, userID, channelID string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, _ := s.memberLocked(guildID, userID)
	if m.User.ID == "" {
		m.User.ID = userID
	}
	return s.permissionsLocked(guildID, m, channelID)
}

func (s *Server) permissionsLocked(guildID string, m Member, channelID string) int64 {
	gs := s.guilds[guildID]
	if gs == nil {
		return 0
	}
	if gs.g.OwnerID == m.User.ID {
		return discordgo.PermissionAll | discordgo.PermissionAdministrator
	}
	var perms int64
	for _, r := range gs.g.Roles {
		if r.ID == guildID {
			perms |= r.Permissions
		}
		for _, mr := range m.Roles {
			if mr == r.ID {
				perms |= r.Permissions
			}
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return discordgo.PermissionAll | discordgo.PermissionAdministrator
	}
	c := s.channels[channelID]
	if c != nil && c.GuildID == guildID {
		ows := c.Overwrites
		if (c.Type == discordgo.ChannelTypeGuildPublicThread || c.Type == discordgo.ChannelTypeGuildPrivateThread) && s.channels[c.ParentID] != nil {
			ows = s.channels[c.ParentID].Overwrites
		}
		for _, o := range ows {
			if o.ID == guildID {
				perms = perms&^o.Deny | o.Allow
			}
		}
		var allow, deny int64
		for _, o := range ows {
			if o.Type != discordgo.PermissionOverwriteTypeRole || o.ID == guildID {
				continue
			}
			for _, mr := range m.Roles {
				if mr == o.ID {
					allow |= o.Allow
					deny |= o.Deny
				}
			}
		}
		perms = perms&^deny | allow
		for _, o := range ows {
			if o.Type == discordgo.PermissionOverwriteTypeMember && o.ID == m.User.ID {
				perms = perms&^o.Deny | o.Allow
			}
		}
		if perms&discordgo.PermissionViewChannel == 0 {
			return 0
		}
	}
	return perms
}

// ---- JSON builders (shapes follow Discord's API / the OpenAPI spec) ----

// archiveTimestamp is when a thread was last archived, or, as Discord
// has it for a thread never archived, when it was created.
func (c *channelState) archiveTimestamp() time.Time {
	if c.ArchivedAt.IsZero() {
		return snowflakeTime(c.ID)
	}
	return c.ArchivedAt
}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) userJSON(u User) map[string]any {
	m := map[string]any{
		"id": u.ID, "username": u.Username, "avatar": nil, "discriminator": "0",
		"public_flags": 0, "flags": 0, "global_name": nullable(u.GlobalName), "primary_guild": nil,
		"banner": nil, "accent_color": nil, "avatar_decoration_data": nil, "collectibles": nil,
	}
	if u.Bot {
		m["bot"] = true
		m["discriminator"] = "0000"
	}
	return m
}

func (s *Server) userByIDLocked(id string) User {
	if u := s.users[id]; u != nil {
		return *u
	}
	return User{ID: id, Username: "user" + id[max(0, len(id)-4):]}
}

func (s *Server) memberJSON(guildID string, m Member) map[string]any {
	roles := append([]string{}, m.Roles...)
	return map[string]any{
		"user": s.userJSON(m.User), "nick": nullable(m.Nick), "avatar": nil, "banner": nil,
		"roles": roles, "joined_at": ts(m.JoinedAt), "premium_since": nil, "deaf": false, "mute": false,
		"flags": 0, "pending": false, "communication_disabled_until": nil,
	}
}

func (s *Server) roleJSON(r Role) map[string]any {
	m := map[string]any{
		"id": r.ID, "name": r.Name, "permissions": strconv.FormatInt(r.Permissions, 10), "position": r.Position,
		"color": r.Color, "colors": map[string]any{"primary_color": r.Color, "secondary_color": nil, "tertiary_color": nil},
		"hoist": r.Hoist, "managed": r.Managed, "mentionable": r.Mentionable, "icon": nil, "unicode_emoji": nil, "flags": 0,
	}
	if r.BotID != "" {
		m["tags"] = map[string]any{"bot_id": r.BotID}
	}
	return m
}

func overwritesJSON(ows []Overwrite) []any {
	out := []any{}
	for _, o := range ows {
		out = append(out, map[string]any{"id": o.ID, "type": int(o.Type),
			"allow": strconv.FormatInt(o.Allow, 10), "deny": strconv.FormatInt(o.Deny, 10)})
	}
	return out
}

func (s *Server) channelJSONLocked(c *channelState) map[string]any {
	switch c.Type {
	case discordgo.ChannelTypeDM:
		return map[string]any{"id": c.ID, "type": 1, "flags": 0, "last_message_id": nullable(c.LastMessageID),
			"recipients": []any{s.userJSON(s.userByIDLocked(c.Recipient))}}
	case discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread, discordgo.ChannelTypeGuildNewsThread:
		created := snowflakeTime(c.ID)
		t := map[string]any{"id": c.ID, "type": int(c.Type), "flags": 0, "guild_id": c.GuildID, "name": c.Name,
			"parent_id": nullable(c.ParentID), "owner_id": c.OwnerID, "last_message_id": nullable(c.LastMessageID),
			"rate_limit_per_user": 0, "message_count": c.MessageCount, "member_count": 1, "total_message_sent": c.MessageCount,
			"thread_metadata": map[string]any{"archived": c.ThreadArchived, "archive_timestamp": ts(c.archiveTimestamp()),
				"auto_archive_duration": c.AutoArchive, "locked": false, "create_timestamp": ts(created)}}
		s.postJSONLocked(c, t)
		return t
	}
	m := map[string]any{"id": c.ID, "type": int(c.Type), "flags": 0, "guild_id": c.GuildID, "name": c.Name,
		"position": c.Position, "permission_overwrites": overwritesJSON(c.Overwrites), "nsfw": c.NSFW,
		"parent_id": nullable(c.ParentID)}
	switch c.Type {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews:
		m["topic"] = nullable(c.Topic)
		m["last_message_id"] = nullable(c.LastMessageID)
		m["rate_limit_per_user"] = 0
	case discordgo.ChannelTypeGuildVoice, discordgo.ChannelTypeGuildStageVoice:
		m["bitrate"] = 64000
		m["user_limit"] = 0
		m["rtc_region"] = nil
		m["last_message_id"] = nullable(c.LastMessageID)
		m["rate_limit_per_user"] = 0
	case discordgo.ChannelTypeGuildForum:
		s.forumJSONLocked(c, m)
	}
	return m
}

func (s *Server) guildChannelsLocked(gs *guildState) []*channelState {
	var out []*channelState
	for _, id := range gs.channelIDs {
		if c := s.channels[id]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) guildJSONLocked(gs *guildState, withCounts bool) map[string]any {
	g := gs.g
	roles := []any{}
	for _, r := range g.Roles {
		roles = append(roles, s.roleJSON(r))
	}
	m := map[string]any{
		"id": g.ID, "name": g.Name, "icon": nil, "description": nil, "home_header": nil, "splash": nil,
		"discovery_splash": nil, "features": []any{}, "banner": nil, "owner_id": g.OwnerID, "application_id": nil,
		"region": "deprecated", "afk_channel_id": nil, "afk_timeout": 300, "system_channel_id": nullable(g.SystemChannelID),
		"system_channel_flags": 0, "widget_enabled": false, "widget_channel_id": nil, "verification_level": 0,
		"roles": roles, "default_message_notifications": 0, "mfa_level": 0, "explicit_content_filter": 0,
		"max_presences": nil, "max_members": 500000, "max_stage_video_channel_users": 50, "max_video_channel_users": 25,
		"vanity_url_code": nil, "premium_tier": 0, "premium_subscription_count": 0, "preferred_locale": g.Locale,
		"rules_channel_id": nil, "safety_alerts_channel_id": nil, "public_updates_channel_id": nil,
		"premium_progress_bar_enabled": false, "nsfw": false, "nsfw_level": 0, "emojis": []any{}, "stickers": []any{},
		"incidents_data": nil,
	}
	if withCounts {
		m["approximate_member_count"] = len(g.Members)
		m["approximate_presence_count"] = len(g.Members)
	}
	return m
}

func (s *Server) guildCreatePayloadLocked(gs *guildState) map[string]any {
	m := s.guildJSONLocked(gs, false)
	chans := []any{}
	threads := []any{}
	for _, c := range s.guildChannelsLocked(gs) {
		chans = append(chans, s.channelJSONLocked(c))
	}
	for _, c := range s.channels {
		if c.GuildID == gs.g.ID && (c.Type == discordgo.ChannelTypeGuildPublicThread || c.Type == discordgo.ChannelTypeGuildPrivateThread) {
			threads = append(threads, s.channelJSONLocked(c))
		}
	}
	members := []any{}
	for _, mem := range gs.g.Members {
		members = append(members, s.memberJSON(gs.g.ID, mem))
	}
	m["channels"] = chans
	m["threads"] = threads
	m["members"] = members
	m["member_count"] = len(gs.g.Members)
	m["joined_at"] = ts(gs.createdAt)
	m["large"] = false
	m["unavailable"] = false
	m["presences"] = []any{}
	m["voice_states"] = []any{}
	m["stage_instances"] = []any{}
	m["guild_scheduled_events"] = []any{}
	m["soundboard_sounds"] = []any{}
	return m
}

// ---- messages ----

func (s *Server) messageLocked(id string) *messageRecord {
	m := s.messages[id]
	if m == nil || m.deleted {
		return nil
	}
	return m
}

func (s *Server) toMessage(m *messageRecord) *Message {
	b, _ := json.Marshal(m.obj)
	dm := &discordgo.Message{}
	_ = json.Unmarshal(b, dm)
	files := append([]*File(nil), m.files...)
	return &Message{Message: dm, Files: files}
}

func (s *Server) channelMessagesLocked(channelID string, includeEphemeral bool) []*messageRecord {
	var out []*messageRecord
	for _, m := range s.messages {
		if m.channelID != channelID || m.deleted {
			continue
		}
		if !includeEphemeral && isEphemeral(m.obj) {
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func isEphemeral(obj map[string]any) bool {
	f, _ := obj["flags"].(int)
	return f&int(discordgo.MessageFlagsEphemeral) != 0
}

// Messages returns the (non-ephemeral, non-deleted) messages in a channel,
// oldest first.
func (s *Server) Messages(channelID string) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Message
	for _, m := range s.channelMessagesLocked(channelID, false) {
		out = append(out, s.toMessage(m))
	}
	return out
}

// Message returns the stored message with the given ID (also ephemeral
// ones), or nil.
func (s *Server) Message(messageID string) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messageLocked(messageID); m != nil {
		return s.toMessage(m)
	}
	return nil
}

// WaitMessage waits until a message in channelID satisfies pred (nil =
// any message) and returns it; it fails the test after DefaultWaitTimeout.
func (s *Server) WaitMessage(t TB, channelID string, pred func(*Message) bool) *Message {
	t.Helper()
	var found *Message
	s.waitT(t, "a message in channel "+channelID, func() bool {
		for _, m := range s.channelMessagesLocked(channelID, false) {
			msg := s.toMessage(m)
			if pred == nil || pred(msg) {
				found = msg
				return true
			}
		}
		return false
	})
	return found
}

// DMChannelID returns the ID of the DM channel between the bot and userID
// ("" if the bot never opened one).
func (s *Server) DMChannelID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannels[userID]
}

// DMs returns the messages the bot sent to userID by DM, oldest first.
func (s *Server) DMs(userID string) []*Message {
	id := s.DMChannelID(userID)
	if id == "" {
		return nil
	}
	return s.Messages(id)
}

// WaitDM waits until the bot has DMed userID a message satisfying pred
// (nil = any) and returns it.
func (s *Server) WaitDM(t TB, userID string, pred func(*Message) bool) *Message {
	t.Helper()
	var found *Message
	s.waitT(t, "a DM to user "+userID, func() bool {
		cid := s.dmChannels[userID]
		if cid == "" {
			return false
		}
		for _, m := range s.channelMessagesLocked(cid, false) {
			msg := s.toMessage(m)
			if pred == nil || pred(msg) {
				found = msg
				return true
			}
		}
		return false
	})
	return found
}

// Reactions returns the emoji the bot reacted with on a message (in the
// order added).
func (s *Server) Reactions(messageID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messageLocked(messageID)
	if m == nil {
		return nil
	}
	var out []string
	rs, _ := m.obj["reactions"].([]any)
	for _, r := range rs {
		e := r.(map[string]any)["emoji"].(map[string]any)
		name, _ := e["name"].(string)
		if id, _ := e["id"].(string); id != "" {
			name += ":" + id
		}
		out = append(out, name)
	}
	return out
}

// Channel returns the discordgo view of a channel (guild channel, thread
// or DM), or nil.
func (s *Server) Channel(channelID string) *discordgo.Channel {
	s.mu.Lock()
	c := s.channels[channelID]
	var obj map[string]any
	if c != nil {
		obj = s.channelJSONLocked(c)
	}
	s.mu.Unlock()
	if obj == nil {
		return nil
	}
	b, _ := json.Marshal(obj)
	var ch discordgo.Channel
	_ = json.Unmarshal(b, &ch)
	return &ch
}
