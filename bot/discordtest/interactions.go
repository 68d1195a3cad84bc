package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Arg is an argument of the interaction builders (SlashCommand,
// Autocomplete, ClickButton, ...): a command option (Opt, UserOpt, ...), a
// subcommand (Sub) or group (Group), or a setting (InChannel, WithLocale,
// OnMessage).
type Arg interface{ applyArg(*ibuild) }

type ibuild struct {
	s         *Server
	guildID   string
	channelID string
	locale    string
	messageID string
	cmdOpts   []*discordgo.ApplicationCommandOption // registered options at this level
	options   []any
	resolved  map[string]map[string]any
}

type optArg struct {
	name    string
	typ     discordgo.ApplicationCommandOptionType // 0 = infer
	value   any
	focused bool
	kids    []Arg
}

type settingArg func(*ibuild)

func (f settingArg) applyArg(b *ibuild) { f(b) }

// Opt is a command option value. The option type is taken from the
// registered command when known, else inferred from the Go type: string →
// STRING, int/int64 → INTEGER, bool → BOOLEAN, float64 → NUMBER.
func Opt(name string, value any) Arg { return &optArg{name: name, value: value} }

// UserOpt is a USER option; the user (and member, in guilds) is added to
// data.resolved.
func UserOpt(name, userID string) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionUser, value: userID}
}

// ChannelOpt is a CHANNEL option; the channel is added to data.resolved.
func ChannelOpt(name, channelID string) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionChannel, value: channelID}
}

// RoleOpt is a ROLE option; the role is added to data.resolved.
func RoleOpt(name, roleID string) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionRole, value: roleID}
}

// AttachmentOpt is an ATTACHMENT option: the file is stored on the fake's
// CDN, where the bot can download it through HTTPClient, and described in
// data.resolved.attachments.
func AttachmentOpt(name, filename, contentType string, data []byte) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionAttachment,
		value: &File{Name: filename, ContentType: contentType, Data: data}}
}

// MentionableOpt is a MENTIONABLE option (a user or role ID), resolved
// accordingly.
func MentionableOpt(name, id string) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionMentionable, value: id}
}

// Focused marks the option the user is typing in an Autocomplete
// interaction; value is the partial input (sent as a string, as Discord
// does).
func Focused(name string, partial string) Arg {
	return &optArg{name: name, value: partial, focused: true}
}

// Sub is a subcommand with its options.
func Sub(name string, args ...Arg) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionSubCommand, kids: args}
}

// Group is a subcommand group containing one Sub.
func Group(name string, subs ...Arg) Arg {
	return &optArg{name: name, typ: discordgo.ApplicationCommandOptionSubCommandGroup, kids: subs}
}

// InChannel sets the channel the interaction is invoked in (default: the
// guild's system channel, or for components the message's channel).
func InChannel(channelID string) Arg { return settingArg(func(b *ibuild) { b.channelID = channelID }) }

// WithLocale sets the invoking user's locale (default: User.Locale or
// "en-US").
func WithLocale(locale string) Arg { return settingArg(func(b *ibuild) { b.locale = locale }) }

// OnMessage attaches the message a modal was opened from (for SubmitModal
// of a modal shown in response to a component).
func OnMessage(messageID string) Arg { return settingArg(func(b *ibuild) { b.messageID = messageID }) }

func (o *optArg) applyArg(b *ibuild) {
	var reg *discordgo.ApplicationCommandOption
	for _, ro := range b.cmdOpts {
		if ro.Name == o.name {
			reg = ro
		}
	}
	typ := o.typ
	if typ == 0 && reg != nil {
		typ = reg.Type
	}
	m := map[string]any{"name": o.name}
	switch typ {
	case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
		child := &ibuild{s: b.s, guildID: b.guildID, resolved: b.resolved, options: []any{}}
		if reg != nil {
			child.cmdOpts = reg.Options
		}
		for _, k := range o.kids {
			k.applyArg(child)
		}
		m["type"] = int(typ)
		m["options"] = child.options
		b.options = append(b.options, m)
		return
	}
	if typ == 0 {
		switch o.value.(type) {
		case string:
			typ = discordgo.ApplicationCommandOptionString
		case int, int64, int32, uint, uint64:
			typ = discordgo.ApplicationCommandOptionInteger
		case bool:
			typ = discordgo.ApplicationCommandOptionBoolean
		case float64, float32:
			typ = discordgo.ApplicationCommandOptionNumber
		default:
			typ = discordgo.ApplicationCommandOptionString
		}
	}
	m["type"] = int(typ)
	m["value"] = o.value
	if f, ok := o.value.(*File); ok {
		id := b.s.ids.next()
		b.s.uploads[id] = f
		url := fmt.Sprintf("https://cdn.discordapp.com/attachments/%s/%s/%s", b.channelID, id, f.Name)
		a := map[string]any{"id": id, "filename": f.Name, "size": len(f.Data), "url": url,
			"proxy_url": strings.Replace(url, "cdn.discordapp.com", "media.discordapp.net", 1)}
		if f.ContentType != "" {
			a["content_type"] = f.ContentType
		}
		b.put("attachments", id, a)
		m["value"] = id
		b.options = append(b.options, m)
		return
	}
	if o.focused {
		m["focused"] = true
		m["value"] = fmt.Sprint(o.value)
	} else {
		b.resolve(typ, fmt.Sprint(o.value))
	}
	b.options = append(b.options, m)
}

func (b *ibuild) put(kind, id string, v any) {
	if b.resolved == nil {
		b.resolved = map[string]map[string]any{}
	}
	if b.resolved[kind] == nil {
		b.resolved[kind] = map[string]any{}
	}
	b.resolved[kind][id] = v
}

// resolve adds resolved data for a user/channel/role/mentionable ID
// (called with s.mu held).
func (b *ibuild) resolve(typ discordgo.ApplicationCommandOptionType, id string) {
	s := b.s
	switch typ {
	case discordgo.ApplicationCommandOptionUser:
		b.resolveUser(id)
	case discordgo.ApplicationCommandOptionChannel:
		if c := s.channels[id]; c != nil {
			cj := s.channelJSONLocked(c)
			partial := map[string]any{"id": c.ID, "name": cj["name"], "type": int(c.Type), "flags": 0,
				"permissions": strconv.FormatInt(s.botPermsLocked(c.GuildID, c.ID), 10)}
			if c.ParentID != "" {
				partial["parent_id"] = c.ParentID
			}
			b.put("channels", id, partial)
		}
	case discordgo.ApplicationCommandOptionRole:
		b.resolveRole(id)
	case discordgo.ApplicationCommandOptionMentionable:
		if !b.resolveRole(id) {
			b.resolveUser(id)
		}
	}
}

func (b *ibuild) resolveUser(id string) {
	s := b.s
	b.put("users", id, s.userJSON(s.userByIDLocked(id)))
	if m, found := s.memberLocked(b.guildID, id); found {
		mj := s.memberJSON(b.guildID, m)
		delete(mj, "user")
		delete(mj, "deaf")
		delete(mj, "mute")
		mj["permissions"] = strconv.FormatInt(s.permissionsLocked(b.guildID, m, b.channelID), 10)
		b.put("members", id, mj)
	}
}

func (b *ibuild) resolveRole(id string) bool {
	if gs := b.s.guilds[b.guildID]; gs != nil {
		for _, r := range gs.g.Roles {
			if r.ID == id {
				b.put("roles", id, b.s.roleJSON(r))
				return true
			}
		}
	}
	return false
}

// Interaction is an interaction the fake dispatched to the bot
// (INTERACTION_CREATE). Use Wait/Response to get the bot's callback, and
// Original/Followups for the messages it produced.
type Interaction struct {
	// ID is the interaction snowflake.
	ID string
	// Token is the interaction token (used in callback and webhook URLs).
	Token string
	// Type is the interaction type.
	Type discordgo.InteractionType
	// GuildID is "" for DM interactions.
	GuildID string
	// ChannelID is the channel the interaction was invoked in.
	ChannelID string
	// UserID is the invoking user.
	UserID string
	// DispatchedAt is when INTERACTION_CREATE was queued for the gateway.
	DispatchedAt time.Time

	s          *Server
	payload    []byte
	sourceMsg  string // component interactions: the message the component is on
	resp       *Response
	originalID string
	followups  []string
}

// Payload returns the INTERACTION_CREATE payload as discordgo decodes it.
func (in *Interaction) Payload() *discordgo.Interaction {
	var i discordgo.Interaction
	if err := json.Unmarshal(in.payload, &i); err != nil {
		panic(err)
	}
	return &i
}

// RawPayload returns the INTERACTION_CREATE "d" JSON.
func (in *Interaction) RawPayload() []byte { return append([]byte(nil), in.payload...) }

// Response is the bot's initial interaction response (the callback).
type Response struct {
	// Type is the callback type (4 message, 5 deferred, 6 deferred update,
	// 7 update, 8 autocomplete result, 9 modal).
	Type discordgo.InteractionResponseType
	// Data is the decoded callback data.
	Data ResponseData
	// Raw is the callback JSON body (payload_json for multipart).
	Raw []byte
	// Files are files uploaded with the callback.
	Files []*File
	// At is when the callback arrived.
	At time.Time
	// Latency is the time between dispatching INTERACTION_CREATE and the
	// callback (Discord requires < 3 s).
	Latency time.Duration
}

// ResponseData is the decoded "data" of an interaction callback.
type ResponseData struct {
	// TTS is the text-to-speech flag.
	TTS bool
	// Content is the message content.
	Content string
	// Embeds are the message embeds.
	Embeds []*discordgo.MessageEmbed
	// Components are the message (or modal) components, as
	// discordgo.MessageComponentFromJSON decodes them.
	Components []discordgo.MessageComponent
	// Flags are the message flags (e.g. discordgo.MessageFlagsEphemeral).
	Flags discordgo.MessageFlags
	// AllowedMentions is the allowed_mentions object, if sent.
	AllowedMentions *discordgo.MessageAllowedMentions
	// Attachments is the attachments array, if sent.
	Attachments []*discordgo.MessageAttachment
	// Choices are the autocomplete choices (type 8).
	Choices []*discordgo.ApplicationCommandOptionChoice
	// CustomID and Title are set for modals (type 9).
	CustomID, Title string
}

// Content returns the response message content.
func (r *Response) Content() string { return r.Data.Content }

// Ephemeral reports whether the response has the EPHEMERAL flag.
func (r *Response) Ephemeral() bool { return r.Data.Flags&discordgo.MessageFlagsEphemeral != 0 }

// Deferred reports whether the response is a deferral (type 5 or 6).
func (r *Response) Deferred() bool {
	return r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
		r.Type == discordgo.InteractionResponseDeferredMessageUpdate
}

// Response waits until the bot answered the interaction (or ctx ends) and
// returns the callback.
func (in *Interaction) Response(ctx context.Context) (*Response, error) {
	var r *Response
	err := in.s.waitFor(ctx, func() bool { r = in.resp; return r != nil })
	return r, err
}

// Wait waits up to DefaultWaitTimeout for the bot's callback and returns
// it; it fails the test on timeout.
func (in *Interaction) Wait(t TB) *Response {
	t.Helper()
	var r *Response
	in.s.waitT(t, "the response to interaction "+in.ID, func() bool { r = in.resp; return r != nil })
	return r
}

// Responded reports whether the bot has sent the callback.
func (in *Interaction) Responded() bool {
	in.s.mu.Lock()
	defer in.s.mu.Unlock()
	return in.resp != nil
}

// Original returns the current state of the @original response message
// (after any PATCH edits), or nil if there is none (yet) or it was deleted.
func (in *Interaction) Original() *Message {
	in.s.mu.Lock()
	defer in.s.mu.Unlock()
	if m := in.s.messageLocked(in.originalID); m != nil {
		return in.s.toMessage(m)
	}
	return nil
}

// WaitOriginal waits until the @original message exists and satisfies
// pred (nil = exists and is not a deferred "thinking" placeholder).
func (in *Interaction) WaitOriginal(t TB, pred func(*Message) bool) *Message {
	t.Helper()
	var out *Message
	in.s.waitT(t, "the @original message of interaction "+in.ID, func() bool {
		m := in.s.messageLocked(in.originalID)
		if m == nil {
			return false
		}
		msg := in.s.toMessage(m)
		if pred == nil {
			if msg.Flags&discordgo.MessageFlagsLoading != 0 {
				return false
			}
		} else if !pred(msg) {
			return false
		}
		out = msg
		return true
	})
	return out
}

// Followups returns the follow-up messages the bot sent (not deleted),
// oldest first.
func (in *Interaction) Followups() []*Message {
	in.s.mu.Lock()
	defer in.s.mu.Unlock()
	return in.followupsLocked()
}

func (in *Interaction) followupsLocked() []*Message {
	var out []*Message
	for _, id := range in.followups {
		if m := in.s.messageLocked(id); m != nil {
			out = append(out, in.s.toMessage(m))
		}
	}
	return out
}

// WaitFollowups waits until the bot sent at least n follow-ups and
// returns them.
func (in *Interaction) WaitFollowups(t TB, n int) []*Message {
	t.Helper()
	var out []*Message
	in.s.waitT(t, fmt.Sprintf("%d follow-up(s) to interaction %s", n, in.ID), func() bool {
		out = in.followupsLocked()
		return len(out) >= n
	})
	return out
}

// Content returns the content of the bot's answer: the @original message
// if there is one (reflecting edits), else the callback content. It waits
// for the callback like Wait.
func (in *Interaction) Content(t TB) string {
	t.Helper()
	r := in.Wait(t)
	if m := in.Original(); m != nil {
		return m.Content
	}
	return r.Content()
}

// Ephemeral reports whether the bot's callback was ephemeral; it waits for
// the callback like Wait.
func (in *Interaction) Ephemeral(t TB) bool {
	t.Helper()
	return in.Wait(t).Ephemeral()
}

// ---- builders ----

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
	s.dispatchLocked("INTERACTION_CREATE", json.RawMessage(raw))
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

// ---- REST: interaction callback and webhooks ----

func (s *Server) interactionCallback(req *Request, id, token string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	data, _ := body["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	// Converted before taking the lock: the fake serves many callbacks at
	// once.
	decoded := responseDataOf(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	if in == nil || in.Token != token {
		return nil, errUnknownInteraction
	}
	if in.resp != nil {
		return nil, errAlreadyAcked
	}
	typ := toInt(body["type"])
	allowed := map[discordgo.InteractionType][]int{
		discordgo.InteractionApplicationCommand:             {4, 5, 9},
		discordgo.InteractionApplicationCommandAutocomplete: {8},
		discordgo.InteractionMessageComponent:               {4, 5, 6, 7, 9},
		discordgo.InteractionModalSubmit:                    {4, 5, 6, 7},
	}[in.Type]
	valid := false
	for _, a := range allowed {
		valid = valid || a == typ
	}
	if !valid {
		return nil, invalidForm("type", "INTERACTION_RESPONSE_TYPE_INVALID",
			fmt.Sprintf("Interaction response type %d is not valid for interaction type %d", typ, in.Type))
	}
	if typ == 7 || typ == 6 {
		if in.sourceMsg == "" {
			return nil, invalidForm("type", "INTERACTION_RESPONSE_TYPE_INVALID", "This interaction has no message to update")
		}
	}
	if aerr := checkContent(data); aerr != nil {
		return nil, aerr
	}
	if typ == 4 && messageEmpty(data, req.Files) {
		return nil, errEmptyMessage
	}
	if typ == 8 {
		if ch, _ := data["choices"].([]any); len(ch) > 25 {
			return nil, invalidForm("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
	}
	if typ == 9 {
		if t, _ := data["title"].(string); t == "" || utf8.RuneCountInString(t) > 45 {
			return nil, invalidForm("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
		}
	}
	// The callback arrived when its request did (req.Time): the fake's own
	// decoding and waiting for its lock are not the bot's latency.
	now := req.Time
	in.resp = &Response{Type: discordgo.InteractionResponseType(typ), Data: decoded, Raw: req.Body,
		Files: req.Files, At: now, Latency: now.Sub(in.DispatchedAt)}
	msgType := 0
	if in.Type == discordgo.InteractionApplicationCommand {
		msgType = 20
		// Only the command's type is needed, not the whole payload decoded.
		var p struct {
			Data *struct {
				Type discordgo.ApplicationCommandType `json:"type"`
			} `json:"data"`
		}
		if err := json.Unmarshal(in.payload, &p); err == nil && p.Data != nil && p.Data.Type != discordgo.ChatApplicationCommand {
			msgType = 23
		}
	}
	switch typ {
	case 4:
		rec := s.newInteractionMessageLocked(in, msgType, data, req.Files)
		in.originalID = rec.id
	case 5:
		flags := toInt(data["flags"])&int(discordgo.MessageFlagsEphemeral) | int(discordgo.MessageFlagsLoading)
		rec := s.newInteractionMessageLocked(in, msgType, map[string]any{"flags": flags}, nil)
		in.originalID = rec.id
	case 6:
		in.originalID = in.sourceMsg
	case 7:
		in.originalID = in.sourceMsg
		if m := s.messageLocked(in.sourceMsg); m != nil {
			s.editMessageLocked(m, data, req.Files)
			s.dispatchLocked("MESSAGE_UPDATE", withGuild(m.obj, in.GuildID))
		}
	}
	s.notifyLocked()
	return noContent(), nil
}

func (s *Server) newInteractionMessageLocked(in *Interaction, msgType int, body map[string]any, files []*File) *messageRecord {
	rec := s.newMessageLocked(in.ChannelID, msgType, body, files, nil)
	rec.interactionID = in.ID
	rec.obj["application_id"] = s.AppID
	rec.obj["webhook_id"] = s.AppID
	if !isEphemeral(rec.obj) {
		s.dispatchLocked("MESSAGE_CREATE", withGuild(rec.obj, in.GuildID))
	}
	return rec
}

func (s *Server) webhookInteractionLocked(appID, token string) (*Interaction, *apiError) {
	if appID != s.AppID {
		return nil, errUnknownWebhook
	}
	in := s.byToken[token]
	if in == nil {
		return nil, errUnknownWebhook
	}
	return in, nil
}

func (s *Server) followup(req *Request, appID, token string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	in, aerr := s.webhookInteractionLocked(appID, token)
	if aerr != nil {
		return nil, aerr
	}
	if in.resp == nil {
		// Discord rejects follow-ups before the interaction was acknowledged.
		return nil, errUnknownWebhook
	}
	if aerr := checkContent(body); aerr != nil {
		return nil, aerr
	}
	if messageEmpty(body, req.Files) {
		return nil, errEmptyMessage
	}
	msgType := 0
	if in.Type == discordgo.InteractionApplicationCommand {
		msgType = 20
	}
	// A follow-up to a deferred response replaces the "thinking" message.
	if orig := s.messageLocked(in.originalID); orig != nil && toInt(orig.obj["flags"])&int(discordgo.MessageFlagsLoading) != 0 {
		s.editMessageLocked(orig, body, req.Files)
		s.notifyLocked()
		return s.webhookReply(req, orig.obj), nil
	}
	rec := s.newInteractionMessageLocked(in, msgType, body, req.Files)
	in.followups = append(in.followups, rec.id)
	s.notifyLocked()
	return s.webhookReply(req, rec.obj), nil
}

func (s *Server) webhookReply(req *Request, obj map[string]any) *response {
	if req.Query.Get("wait") == "true" || req.Query.Get("wait") == "1" {
		return ok(obj)
	}
	return noContent()
}

func (s *Server) webhookMessage(req *Request, appID, token, mid string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	in, aerr := s.webhookInteractionLocked(appID, token)
	if aerr != nil {
		return nil, aerr
	}
	id := mid
	if mid == "@original" {
		id = in.originalID
	} else if id != in.originalID {
		found := false
		for _, f := range in.followups {
			found = found || f == id
		}
		if !found {
			return nil, errUnknownMessage
		}
	}
	m := s.messageLocked(id)
	if m == nil {
		return nil, errUnknownMessage
	}
	switch req.Method {
	case http.MethodGet:
		return ok(m.obj), nil
	case http.MethodPatch:
		if aerr := checkContent(body); aerr != nil {
			return nil, aerr
		}
		s.editMessageLocked(m, body, req.Files)
		if !isEphemeral(m.obj) {
			s.dispatchLocked("MESSAGE_UPDATE", withGuild(m.obj, in.GuildID))
		}
		s.notifyLocked()
		return ok(m.obj), nil
	default:
		m.deleted = true
		if !isEphemeral(m.obj) {
			s.dispatchLocked("MESSAGE_DELETE", withGuild(map[string]any{"id": m.id, "channel_id": m.channelID}, in.GuildID))
		}
		s.notifyLocked()
		return noContent(), nil
	}
}

// Interactions returns all interactions dispatched so far.
func (s *Server) Interactions() []*Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Interaction, 0, len(s.interactions))
	for _, in := range s.interactions {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return snowflakeLess(out[i].ID, out[j].ID) })
	return out
}

var mentionRe = regexp.MustCompile(`<@!?(\d+)>`)
