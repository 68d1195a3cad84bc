package discordtest

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// User is a Discord user known to the fake (a guild member, a DM partner or
// the bot itself).
type User struct {
	// ID is the user's snowflake; AddGuild generates one when empty.
	ID string
	// Username is the unique username (e.g. "alice").
	Username string
	// GlobalName is the display name; empty means none (null).
	GlobalName string
	// Bot marks bot accounts.
	Bot bool
	// Locale is the client locale used in interactions invoked by this user
	// (default "en-US").
	Locale string
}

// Member is a guild member.
type Member struct {
	// User is the member's user. For AddGuild templates an empty User.ID
	// is generated.
	User User
	// Nick is the guild nickname ("" = none).
	Nick string
	// Roles lists role IDs. In a Guild passed to AddGuild, role names are
	// accepted too and resolved to IDs (the @everyone role is implicit).
	Roles []string
	// JoinedAt defaults to the time AddGuild was called.
	JoinedAt time.Time
}

// Role is a guild role.
type Role struct {
	// ID is the role snowflake; generated when empty. The @everyone role
	// always has the guild's ID.
	ID string
	// Name is the role name; "@everyone" denotes the default role.
	Name string
	// Permissions is the permission bit set (discordgo.Permission*).
	Permissions int64
	// Position orders roles; generated from the slice order when zero.
	Position int
	// Color is the RGB colour.
	Color int
	// Hoist, Mentionable and Managed mirror Discord's role flags.
	Hoist, Mentionable, Managed bool
	// BotID marks the role as the managed role of that bot (tags.bot_id).
	BotID string
}

// Overwrite is a channel permission overwrite.
type Overwrite struct {
	// ID is a role or user ID. In a Guild passed to AddGuild, a role name,
	// "@everyone", a member's username, or "@bot" (the bot user) are
	// accepted too.
	ID string
	// Type is discordgo.PermissionOverwriteTypeRole or ...Member. When ID
	// is given by name, the type is inferred.
	Type discordgo.PermissionOverwriteType
	// Allow and Deny are permission bit sets.
	Allow, Deny int64
}

// Channel is a guild channel (text, voice, category, thread, ...).
type Channel struct {
	// ID is generated when empty.
	ID string
	// Name is the channel name (e.g. "general").
	Name string
	// Type defaults to discordgo.ChannelTypeGuildText.
	Type discordgo.ChannelType
	// ParentID is the category (or, for threads, the parent channel). A
	// channel name is accepted in AddGuild templates.
	ParentID string
	// Topic is the channel topic.
	Topic string
	// Position orders channels; generated from the slice order when zero.
	Position int
	// NSFW marks age-restricted channels.
	NSFW bool
	// Overwrites are the channel's permission overwrites.
	Overwrites []Overwrite
}

// Guild describes a guild (server) the bot is in. Use DefaultGuild for a
// ready-made template and AddGuild to install it.
type Guild struct {
	// ID is generated when empty.
	ID string
	// Name is the guild name.
	Name string
	// OwnerID is the owner's user ID (or, in templates, username). Defaults
	// to the first non-bot member.
	OwnerID string
	// SystemChannelID is the system channel (ID or, in templates, name).
	// Defaults to the first text channel.
	SystemChannelID string
	// Locale is the guild's preferred locale (default "en-US").
	Locale string
	// Channels are the guild's channels.
	Channels []Channel
	// Roles are the guild's roles. An "@everyone" role is added when absent.
	Roles []Role
	// Members are the guild's human members. The bot member is added
	// automatically with a managed role carrying BotPermissions.
	Members []Member
	// BotPermissions are the permissions of the bot's managed role.
	// Zero means DefaultBotPermissions.
	BotPermissions int64
}

// DefaultBotPermissions are the permissions granted to the bot's managed
// role when Guild.BotPermissions is zero: what a typical community bot is
// invited with.
const DefaultBotPermissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions |
	discordgo.PermissionUseExternalEmojis |
	discordgo.PermissionUseApplicationCommands

// EveryonePermissions are the default @everyone permissions of
// DefaultGuild (roughly Discord's defaults for a new server).
const EveryonePermissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions |
	discordgo.PermissionUseExternalEmojis |
	discordgo.PermissionUseApplicationCommands |
	discordgo.PermissionCreateInstantInvite |
	discordgo.PermissionChangeNickname |
	discordgo.PermissionVoiceConnect |
	discordgo.PermissionVoiceSpeak

// DefaultGuild returns a template guild "Test Server" with:
//
//   - roles "@everyone" (EveryonePermissions) and "Moderator" (adds
//     ManageMessages, KickMembers, ModerateMembers, ManageThreads);
//   - text channels "general" (system channel), "mod-log" (hidden from
//     @everyone, visible to Moderator and the bot), "announcements"
//     (@everyone may not send), a category "Voice" with voice channel
//     "Lounge";
//   - members "alice" (owner), "bob" (Moderator) and "carol".
//
// IDs are empty and are generated by AddGuild; look entities up by name on
// the returned *Guild (Channel, Role, Member).
func DefaultGuild() Guild {
	return Guild{
		Name: "Test Server",
		Roles: []Role{
			{Name: "@everyone", Permissions: EveryonePermissions},
			{Name: "Moderator", Permissions: EveryonePermissions | discordgo.PermissionManageMessages |
				discordgo.PermissionKickMembers | discordgo.PermissionModerateMembers | discordgo.PermissionManageThreads,
				Hoist: true, Color: 0x3498db, Mentionable: true},
		},
		Channels: []Channel{
			{Name: "general", Topic: "General chat"},
			{Name: "mod-log", Overwrites: []Overwrite{
				{ID: "@everyone", Deny: discordgo.PermissionViewChannel},
				{ID: "Moderator", Allow: discordgo.PermissionViewChannel},
				{ID: "@bot", Allow: discordgo.PermissionViewChannel},
			}},
			{Name: "announcements", Overwrites: []Overwrite{
				{ID: "@everyone", Deny: discordgo.PermissionSendMessages},
			}},
			{Name: "Voice", Type: discordgo.ChannelTypeGuildCategory},
			{Name: "Lounge", Type: discordgo.ChannelTypeGuildVoice, ParentID: "Voice"},
		},
		Members: []Member{
			{User: User{Username: "alice", GlobalName: "Alice"}},
			{User: User{Username: "bob", GlobalName: "Bob"}, Roles: []string{"Moderator"}},
			{User: User{Username: "carol"}},
		},
		OwnerID:         "alice",
		SystemChannelID: "general",
	}
}

// Channel returns the guild channel with the given name or ID, or nil.
func (g *Guild) Channel(nameOrID string) *Channel {
	for i := range g.Channels {
		if g.Channels[i].ID == nameOrID || g.Channels[i].Name == nameOrID {
			return &g.Channels[i]
		}
	}
	return nil
}

// Role returns the role with the given name or ID, or nil.
func (g *Guild) Role(nameOrID string) *Role {
	for i := range g.Roles {
		if g.Roles[i].ID == nameOrID || g.Roles[i].Name == nameOrID {
			return &g.Roles[i]
		}
	}
	return nil
}

// Member returns the member with the given username or user ID, or the
// zero Member (check Member.User.ID).
func (g *Guild) Member(usernameOrID string) Member {
	for _, m := range g.Members {
		if m.User.ID == usernameOrID || m.User.Username == usernameOrID {
			return m
		}
	}
	return Member{}
}

// ChannelID returns the ID of the named channel; it panics when there is
// no such channel (a test bug).
func (g *Guild) ChannelID(name string) string {
	c := g.Channel(name)
	if c == nil {
		panic("discordtest: guild " + g.Name + " has no channel " + name)
	}
	return c.ID
}

// RoleID returns the ID of the named role; it panics when there is no such
// role (a test bug).
func (g *Guild) RoleID(name string) string {
	r := g.Role(name)
	if r == nil {
		panic("discordtest: guild " + g.Name + " has no role " + name)
	}
	return r.ID
}

// File is a file uploaded by the bot (an attachment of a message or of an
// interaction response).
type File struct {
	// Field is the multipart field name, e.g. "files[0]".
	Field string
	// Name is the file name as uploaded.
	Name string
	// ContentType is the part's Content-Type.
	ContentType string
	// Data are the raw bytes.
	Data []byte
}

// Message is a message stored by the fake: the discordgo view of the
// message JSON the fake returns, plus the uploaded file bytes.
type Message struct {
	*discordgo.Message
	// Files are the files uploaded with the message (in attachment order).
	Files []*File
}

// File returns the uploaded file with the given name, or nil.
func (m *Message) File(name string) *File {
	for _, f := range m.Files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Ephemeral reports whether the message has the EPHEMERAL flag.
func (m *Message) Ephemeral() bool {
	return m.Flags&discordgo.MessageFlagsEphemeral != 0
}
