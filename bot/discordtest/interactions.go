package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

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
	hasData    bool // payload has data, of type dataType
	dataType   int
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

	// data is the callback's decoded "data", made into Data when a test
	// first asks for the response: not while serving the callback, whose
	// cost would otherwise fall on the bot under test (a benchmark runs
	// both on the same cores).
	data   map[string]any
	decode sync.Once
}

// decoded returns r with Data filled in.
func (r *Response) decoded() *Response {
	r.decode.Do(func() {
		if r.data != nil {
			r.Data = responseDataOf(r.data)
		}
	})
	return r
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

// Answered waits until the bot answered the interaction (or ctx ends),
// without decoding the callback as Response does: a benchmark waits for
// a whole burst's answers before it looks at any of them.
func (in *Interaction) Answered(ctx context.Context) error {
	return in.s.waitFor(ctx, func() bool { return in.resp != nil })
}

// Response waits until the bot answered the interaction (or ctx ends) and
// returns the callback.
func (in *Interaction) Response(ctx context.Context) (*Response, error) {
	var r *Response
	err := in.s.waitFor(ctx, func() bool { r = in.resp; return r != nil })
	if err != nil {
		return nil, err
	}
	return r.decoded(), nil
}

// Wait waits up to DefaultWaitTimeout for the bot's callback and returns
// it; it fails the test on timeout.
func (in *Interaction) Wait(t TB) *Response {
	t.Helper()
	var r *Response
	in.s.waitT(t, "the response to interaction "+in.ID, func() bool { r = in.resp; return r != nil })
	return r.decoded()
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
