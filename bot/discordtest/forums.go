package discordtest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Forum channels (type 15), as Discord has them:
//
//	POST /channels/{forum}/threads   a forum post: a public thread with its first message,
//	                                 the message's ID being the thread's
//	GET  /guilds/{id}/threads/active the server's active threads
//	GET  /channels/{id}/threads/archived/public
//	                                 a channel's archived public threads, the
//	                                 latest archived first (before, limit)
//
// A forum holds no messages of its own: POST /channels/{forum}/messages
// is refused with 50008. Tags are set with SetForumTags; a post may carry
// up to 5 of its forum's tags in applied_tags (others are refused), and a
// moderated tag needs Manage Threads. A forum with the "require tag" flag
// refuses a post without one (40067).

// forumState is the fake's record of forums beyond channelState.
type forumState struct {
	tags    map[string][]discordgo.ForumTag // forum ID -> available tags
	flags   map[string]int                  // forum ID -> channel flags
	applied map[string][]string             // post (thread) ID -> applied tag IDs
}

func (f *forumState) init() {
	if f.tags == nil {
		f.tags = map[string][]discordgo.ForumTag{}
		f.flags = map[string]int{}
		f.applied = map[string][]string{}
	}
}

// forumRequireTag is the channel flag of a forum whose posts need a tag.
const forumRequireTag = 1 << 4

var (
	errNonTextChannel = &apiError{status: http.StatusBadRequest, code: 50008, message: "Cannot send messages in a non-text channel"}
	errTagRequired    = &apiError{status: http.StatusBadRequest, code: 40067, message: "A tag is required to create a forum post in this channel"}
)

// SetForumTags gives a forum channel its available tags, by name (a name
// starting with "!" makes a moderated tag, without the "!"), and returns
// their IDs in order. requireTag sets the forum's "require tag" flag.
func (s *Server) SetForumTags(forumID string, requireTag bool, names ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.setForumTagsLocked(forumID, requireTag, names)
	if c := s.channels[forumID]; c != nil {
		s.dispatchLocked("CHANNEL_UPDATE", s.channelJSONLocked(c))
	}
	return ids
}

// AppliedTags returns the tag IDs a forum post was created with.
func (s *Server) AppliedTags(postID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forums.init()
	return append([]string(nil), s.forums.applied[postID]...)
}

// forumJSONLocked adds a forum's fields to its channel JSON.
func (s *Server) forumJSONLocked(c *channelState, m map[string]any) {
	s.forums.init()
	tags := []any{}
	for _, t := range s.forums.tags[c.ID] {
		tags = append(tags, map[string]any{"id": t.ID, "name": t.Name, "moderated": t.Moderated, "emoji_id": nil, "emoji_name": nil})
	}
	m["available_tags"] = tags
	m["flags"] = s.forums.flags[c.ID]
	m["topic"] = nullable(c.Topic)
	m["last_message_id"] = nullable(c.LastMessageID)
	m["rate_limit_per_user"] = 0
	m["default_thread_rate_limit_per_user"] = 0
	m["default_sort_order"] = nil
	m["default_forum_layout"] = 0
}

// postJSONLocked adds a forum post's applied tags to its thread JSON.
func (s *Server) postJSONLocked(c *channelState, m map[string]any) {
	s.forums.init()
	if p := s.channels[c.ParentID]; p != nil && p.Type == discordgo.ChannelTypeGuildForum {
		m["applied_tags"] = append([]string{}, s.forums.applied[c.ID]...)
	}
}

// createForumPostLocked answers POST /channels/{forum}/threads.
func (s *Server) createForumPostLocked(body map[string]any, forum *channelState) (*response, *apiError) {
	s.forums.init()
	s.threads.init()
	perms := s.botPermsLocked(forum.GuildID, forum.ID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	if perms&discordgo.PermissionSendMessages == 0 {
		return nil, errMissingPerms
	}
	name, _ := body["name"].(string)
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n < 1 || n > 100 {
		return nil, invalidForm("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	msg, _ := body["message"].(map[string]any)
	if msg == nil || messageEmpty(msg, nil) {
		return nil, errEmptyMessage
	}
	if aerr := checkContent(msg); aerr != nil {
		return nil, aerr
	}
	var applied []string
	raw, _ := body["applied_tags"].([]any)
	if len(raw) > 5 {
		return nil, invalidForm("applied_tags", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
	}
	for _, v := range raw {
		id, _ := v.(string)
		tag, found := forumTag(s.forums.tags[forum.ID], id)
		if !found {
			return nil, invalidForm("applied_tags", "BASE_TYPE_CHOICES", "Value must be one of the forum's tags.")
		}
		if tag.Moderated && perms&discordgo.PermissionManageThreads == 0 {
			return nil, errMissingPerms
		}
		applied = append(applied, id)
	}
	if len(applied) == 0 && s.forums.flags[forum.ID]&forumRequireTag != 0 {
		return nil, errTagRequired
	}
	archive := toInt(body["auto_archive_duration"])
	if archive == 0 {
		archive = 4320
	}
	th := &channelState{ID: s.ids.next(), GuildID: forum.GuildID, Type: discordgo.ChannelTypeGuildPublicThread, Name: name,
		ParentID: forum.ID, OwnerID: s.BotUserID, AutoArchive: archive}
	s.channels[th.ID] = th
	s.threads.members[th.ID] = map[string]time.Time{s.BotUserID: time.Now()}
	s.forums.applied[th.ID] = applied
	// The first message has the thread's ID, as in Discord.
	rec := s.newMessageLocked(th.ID, 0, msg, nil, nil)
	delete(s.messages, rec.id)
	rec.id, rec.obj["id"] = th.ID, th.ID
	s.messages[th.ID] = rec
	th.LastMessageID = th.ID
	forum.LastMessageID = th.ID
	obj := s.threadJSONLocked(th)
	s.notifyLocked()
	ev := withGuild(obj, "")
	ev["newly_created"] = true
	s.dispatchLocked("THREAD_CREATE", ev)
	s.dispatchLocked("MESSAGE_CREATE", withGuild(rec.obj, th.GuildID))
	out := withGuild(obj, "")
	out["message"] = rec.obj
	resp := ok(out)
	resp.status = http.StatusCreated
	return resp, nil
}

func forumTag(tags []discordgo.ForumTag, id string) (discordgo.ForumTag, bool) {
	for _, t := range tags {
		if t.ID == id {
			return t, true
		}
	}
	return discordgo.ForumTag{}, false
}

// routeForums answers GET /guilds/{id}/threads/active and GET
// /channels/{id}/threads/archived/public; handled is false for other
// routes.
func (s *Server) routeForums(req *Request, seg []string) (resp *response, aerr *apiError, handled bool) {
	if len(seg) == 5 && seg[0] == "channels" && seg[2] == "threads" && seg[3] == "archived" && seg[4] == "public" && req.Method == "GET" {
		resp, aerr = s.archivedPublicThreads(req, seg[1])
		return resp, aerr, true
	}
	if len(seg) != 4 || seg[0] != "guilds" || seg[2] != "threads" || seg[3] != "active" || req.Method != "GET" {
		return nil, nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guilds[seg[1]] == nil {
		return nil, errUnknownGuild, true
	}
	threads, members := []any{}, []any{}
	var ids []string
	for id, c := range s.channels {
		if c.GuildID == seg[1] && isThread(c.Type) && !c.ThreadArchived && !s.threads.deletedThread[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		threads = append(threads, s.threadJSONLocked(s.channels[id]))
	}
	return ok(map[string]any{"threads": threads, "members": members, "has_more": false}), nil, true
}

// AddForum adds a forum channel named name to a guild, with tags as
// SetForumTags makes them, announces it with CHANNEL_CREATE and returns
// its ID and the tags' IDs.
func (s *Server) AddForum(guildID, name string, requireTag bool, tags ...string) (string, []string) {
	s.mu.Lock()
	gs := s.guilds[guildID]
	if gs == nil {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: AddForum: no guild %s", guildID)
		return "", nil
	}
	c := Channel{ID: s.ids.next(), Name: name, Type: discordgo.ChannelTypeGuildForum, Position: len(gs.channelIDs)}
	s.channels[c.ID] = &channelState{ID: c.ID, GuildID: guildID, Type: c.Type, Name: name, Position: c.Position}
	gs.channelIDs = append(gs.channelIDs, c.ID)
	gs.g.Channels = append(gs.g.Channels, c)
	ids := s.setForumTagsLocked(c.ID, requireTag, tags)
	s.notifyLocked()
	s.dispatchLocked("CHANNEL_CREATE", s.channelJSONLocked(s.channels[c.ID]))
	s.mu.Unlock()
	return c.ID, ids
}

func (s *Server) setForumTagsLocked(forumID string, requireTag bool, names []string) []string {
	s.forums.init()
	var ids []string
	var tags []discordgo.ForumTag
	for _, n := range names {
		t := discordgo.ForumTag{ID: s.ids.next(), Name: strings.TrimPrefix(n, "!"), Moderated: strings.HasPrefix(n, "!")}
		tags, ids = append(tags, t), append(ids, t.ID)
	}
	s.forums.tags[forumID] = tags
	s.forums.flags[forumID] = 0
	if requireTag {
		s.forums.flags[forumID] = forumRequireTag
	}
	return ids
}

// archivedPublicThreads lists a channel's archived public threads, the
// latest archived first, those archived before the "before" timestamp if
// given, at most "limit" (2-100, default 50) of them.
func (s *Server) archivedPublicThreads(req *Request, channelID string) (*response, *apiError) {
	limit := 50
	if v := req.Query.Get("limit"); v != "" {
		l, err := strconv.Atoi(v)
		if err != nil || l < 2 || l > 100 {
			return nil, &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body"}
		}
		limit = l
	}
	var before time.Time
	if v := req.Query.Get("before"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body"}
		}
		before = t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parent := s.channels[channelID]
	if parent == nil {
		return nil, errUnknownChannel
	}
	const need = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory
	if s.botPermsLocked(parent.GuildID, channelID)&need != need {
		return nil, errMissingAccess
	}
	var list []*channelState
	for id, c := range s.channels {
		if c.ParentID == channelID && c.Type == discordgo.ChannelTypeGuildPublicThread && c.ThreadArchived && !s.threads.deletedThread[id] &&
			(before.IsZero() || c.archiveTimestamp().Before(before)) {
			list = append(list, c)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := list[i].archiveTimestamp(), list[j].archiveTimestamp(); !a.Equal(b) {
			return a.After(b)
		}
		return list[i].ID > list[j].ID
	})
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	threads := []any{}
	for _, c := range list {
		threads = append(threads, s.threadJSONLocked(c))
	}
	return ok(map[string]any{"threads": threads, "members": []any{}, "has_more": more}), nil
}
