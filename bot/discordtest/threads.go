package discordtest

import (
	"net/http"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Threads without a starter message (public and private), thread members,
// archiving and locking through PATCH /channels/{id}, and deleting
// channels and threads:
//
//	POST   /channels/{id}/threads                 create a thread (type 11 or 12)
//	PUT    /channels/{id}/thread-members/{user}   add a member to a thread
//	DELETE /channels/{id}/thread-members/{user}   remove a member from a thread
//	GET    /channels/{id}/thread-members/{user}   a thread member
//	PATCH  /channels/{id}                         edit a thread (name, archived, locked)
//	DELETE /channels/{id}                         delete a channel or thread
//
// Permissions follow Discord: private threads need Create Private
// Threads on the parent; adding members needs Send Messages in Threads
// (and, in a private thread, being in it or Manage Threads); removing
// another member, locking and deleting a thread need Manage Threads
// (removing and archiving are allowed to a private thread's creator).
// SetPrivateThreadsUnavailable makes a server refuse private threads
// with code 20035, as a server whose boost level doesn't allow them.

// threadState is the fake's record of threads beyond channelState.
type threadState struct {
	members       map[string]map[string]time.Time // thread ID -> user ID -> joined
	locked        map[string]bool
	invitable     map[string]bool
	noPrivate     map[string]bool // guild ID -> private threads refused
	deletedThread map[string]bool
}

func (t *threadState) init() {
	if t.members == nil {
		t.members = map[string]map[string]time.Time{}
		t.locked = map[string]bool{}
		t.invitable = map[string]bool{}
		t.noPrivate = map[string]bool{}
		t.deletedThread = map[string]bool{}
	}
}

var (
	errWrongChannelType = &apiError{status: http.StatusBadRequest, code: 50024, message: "Cannot execute action on this channel type"}
	errThreadArchived   = &apiError{status: http.StatusBadRequest, code: 50083, message: "Thread is archived"}
	errPremiumTooLow    = &apiError{status: http.StatusBadRequest, code: 20035, message: "This server needs a higher boost level to create private threads"}
)

// SetPrivateThreadsUnavailable makes creating private threads in a guild
// fail with code 20035 (or allows it again).
func (s *Server) SetPrivateThreadsUnavailable(guildID string, unavailable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	s.threads.noPrivate[guildID] = unavailable
}

// ThreadMembers returns the user IDs in a thread (the bot included), sorted.
func (s *Server) ThreadMembers(threadID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	var out []string
	for id := range s.threads.members[threadID] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// ThreadState reports whether a thread is archived and locked, and
// whether it was deleted.
func (s *Server) ThreadState(threadID string) (archived, locked, deleted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	if c := s.channels[threadID]; c != nil {
		archived = c.ThreadArchived
	}
	return archived, s.threads.locked[threadID], s.threads.deletedThread[threadID]
}

// Threads returns the IDs of a channel's threads that still exist.
func (s *Server) Threads(parentID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, c := range s.channels {
		if c.ParentID == parentID && isThread(c.Type) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func isThread(t discordgo.ChannelType) bool {
	return t == discordgo.ChannelTypeGuildPublicThread || t == discordgo.ChannelTypeGuildPrivateThread ||
		t == discordgo.ChannelTypeGuildNewsThread
}

// routeThreads answers the routes above; handled is false for others.
func (s *Server) routeThreads(req *Request, seg []string) (resp *response, aerr *apiError, handled bool) {
	n, m := len(seg), req.Method
	if n < 2 || seg[0] != "channels" {
		return nil, nil, false
	}
	switch {
	case n == 3 && seg[2] == "threads" && m == "POST":
		resp, aerr = s.createThread(req, seg[1])
	case n == 4 && seg[2] == "thread-members" && (m == "PUT" || m == "DELETE" || m == "GET"):
		resp, aerr = s.threadMember(m, seg[1], seg[3])
	case n == 2 && m == "PATCH":
		resp, aerr = s.editChannel(req, seg[1])
	case n == 2 && m == "DELETE":
		resp, aerr = s.deleteChannel(seg[1])
	default:
		return nil, nil, false
	}
	return resp, aerr, true
}

// threadJSONLocked is a thread's JSON with the fake's thread state.
func (s *Server) threadJSONLocked(c *channelState) map[string]any {
	obj := s.channelJSONLocked(c)
	if md, ok := obj["thread_metadata"].(map[string]any); ok {
		md["locked"] = s.threads.locked[c.ID]
		if c.Type == discordgo.ChannelTypeGuildPrivateThread {
			md["invitable"] = s.threads.invitable[c.ID]
		}
	}
	if isThread(c.Type) {
		obj["member_count"] = min(len(s.threads.members[c.ID]), 50)
	}
	return obj
}

func (s *Server) createThread(req *Request, parentID string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	parent := s.channels[parentID]
	if parent == nil {
		return nil, errUnknownChannel
	}
	if parent.Type == discordgo.ChannelTypeGuildForum {
		return s.createForumPostLocked(body, parent)
	}
	if parent.GuildID == "" || (parent.Type != discordgo.ChannelTypeGuildText && parent.Type != discordgo.ChannelTypeGuildNews) {
		return nil, errWrongChannelType
	}
	typ := discordgo.ChannelType(toInt(body["type"]))
	if body["type"] == nil {
		typ = discordgo.ChannelTypeGuildPrivateThread // Discord's default for threads without a message
	}
	perms := s.botPermsLocked(parent.GuildID, parentID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	need := int64(discordgo.PermissionCreatePublicThreads)
	if typ == discordgo.ChannelTypeGuildPrivateThread {
		need = discordgo.PermissionCreatePrivateThreads
		if s.threads.noPrivate[parent.GuildID] {
			return nil, errPremiumTooLow
		}
	} else if typ != discordgo.ChannelTypeGuildPublicThread {
		return nil, invalidForm("type", "BASE_TYPE_CHOICES", "Value must be one of {11, 12}.")
	}
	if perms&need == 0 {
		return nil, errMissingPerms
	}
	name, _ := body["name"].(string)
	archive := toInt(body["auto_archive_duration"])
	if archive == 0 {
		archive = 4320
	}
	th := &channelState{ID: s.ids.next(), GuildID: parent.GuildID, Type: typ, Name: name,
		ParentID: parentID, OwnerID: s.BotUserID, AutoArchive: archive}
	s.channels[th.ID] = th
	s.threads.members[th.ID] = map[string]time.Time{s.BotUserID: time.Now()}
	inv, _ := body["invitable"].(bool)
	s.threads.invitable[th.ID] = inv
	obj := s.threadJSONLocked(th)
	s.notifyLocked()
	ev := withGuild(obj, "")
	ev["newly_created"] = true
	s.dispatchLocked("THREAD_CREATE", ev)
	resp := ok(obj)
	resp.status = http.StatusCreated
	return resp, nil
}

func (s *Server) threadMember(method, threadID, userID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	th := s.channels[threadID]
	if th == nil {
		return nil, errUnknownChannel
	}
	if !isThread(th.Type) {
		return nil, errWrongChannelType
	}
	perms := s.botPermsLocked(th.GuildID, threadID)
	inThread := func(id string) bool { _, ok := s.threads.members[threadID][id]; return ok }
	if perms&discordgo.PermissionViewChannel == 0 ||
		(th.Type == discordgo.ChannelTypeGuildPrivateThread && !inThread(s.BotUserID) && perms&discordgo.PermissionManageThreads == 0) {
		return nil, errMissingAccess
	}
	switch method {
	case "GET":
		joined, found := s.threads.members[threadID][userID]
		if !found {
			return nil, errUnknownMember
		}
		return ok(map[string]any{"id": threadID, "user_id": userID, "join_timestamp": ts(joined), "flags": 0}), nil
	case "PUT":
		if th.ThreadArchived {
			return nil, errThreadArchived
		}
		if perms&discordgo.PermissionSendMessagesInThreads == 0 {
			return nil, errMissingPerms
		}
		if _, found := s.memberLocked(th.GuildID, userID); !found {
			return nil, errUnknownMember
		}
		if !inThread(userID) {
			s.threads.members[threadID][userID] = time.Now()
		}
	case "DELETE":
		if th.ThreadArchived {
			return nil, errThreadArchived
		}
		ownPrivate := th.Type == discordgo.ChannelTypeGuildPrivateThread && th.OwnerID == s.BotUserID
		if userID != s.BotUserID && !ownPrivate && perms&discordgo.PermissionManageThreads == 0 {
			return nil, errMissingPerms
		}
		delete(s.threads.members[threadID], userID)
	}
	s.notifyLocked()
	return noContent(), nil
}

func (s *Server) editChannel(req *Request, channelID string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	c := s.channels[channelID]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.GuildID == "" {
		return nil, errWrongChannelType
	}
	perms := s.botPermsLocked(c.GuildID, channelID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	if !isThread(c.Type) {
		if perms&discordgo.PermissionManageChannels == 0 {
			return nil, errMissingPerms
		}
		if name, ok := body["name"].(string); ok && name != "" {
			c.Name = name
		}
		if topic, ok := body["topic"].(string); ok {
			c.Topic = topic
		}
		obj := s.channelJSONLocked(c)
		s.notifyLocked()
		s.dispatchLocked("CHANNEL_UPDATE", obj)
		return ok(obj), nil
	}
	manage := perms&discordgo.PermissionManageThreads != 0
	owner := c.OwnerID == s.BotUserID
	if locked, has := body["locked"].(bool); has {
		if !manage {
			return nil, errMissingPerms
		}
		s.threads.locked[channelID] = locked
	}
	if archived, has := body["archived"].(bool); has {
		if !manage && !owner {
			return nil, errMissingPerms
		}
		if archived && !c.ThreadArchived {
			c.ArchivedAt = time.Now()
		}
		c.ThreadArchived = archived
	} else if c.ThreadArchived {
		return nil, errThreadArchived
	}
	if name, ok := body["name"].(string); ok && name != "" {
		if !manage && !owner {
			return nil, errMissingPerms
		}
		c.Name = name
	}
	obj := s.threadJSONLocked(c)
	s.notifyLocked()
	s.dispatchLocked("THREAD_UPDATE", obj)
	return ok(obj), nil
}

func (s *Server) deleteChannel(channelID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	c := s.channels[channelID]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.GuildID == "" {
		return nil, errWrongChannelType
	}
	perms := s.botPermsLocked(c.GuildID, channelID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	need := int64(discordgo.PermissionManageChannels)
	if isThread(c.Type) {
		need = discordgo.PermissionManageThreads
	}
	if perms&need == 0 {
		return nil, errMissingPerms
	}
	var obj map[string]any
	if isThread(c.Type) {
		obj = s.threadJSONLocked(c)
	} else {
		obj = s.channelJSONLocked(c)
	}
	delete(s.channels, channelID)
	for _, m := range s.messages {
		if m.channelID == channelID {
			m.deleted = true
		}
	}
	if isThread(c.Type) {
		s.threads.deletedThread[channelID] = true
		delete(s.threads.members, channelID)
		s.dispatchLocked("THREAD_DELETE", map[string]any{"id": c.ID, "guild_id": c.GuildID, "parent_id": c.ParentID, "type": int(c.Type)})
	} else {
		if gs := s.guilds[c.GuildID]; gs != nil {
			for i, id := range gs.channelIDs {
				if id == channelID {
					gs.channelIDs = append(gs.channelIDs[:i], gs.channelIDs[i+1:]...)
					break
				}
			}
		}
		s.dispatchLocked("CHANNEL_DELETE", obj)
	}
	s.notifyLocked()
	return ok(obj), nil
}

// ArchiveThread closes a thread as Discord does after its time without
// messages (or a moderator would), and dispatches THREAD_UPDATE.
func (s *Server) ArchiveThread(threadID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[threadID]
	if c == nil || !isThread(c.Type) || c.ThreadArchived {
		return
	}
	c.ThreadArchived, c.ArchivedAt = true, time.Now()
	s.notifyLocked()
	s.dispatchLocked("THREAD_UPDATE", s.channelJSONLocked(c))
}

// DeleteThread deletes a thread as a moderator would in Discord's client,
// and dispatches THREAD_DELETE.
func (s *Server) DeleteThread(threadID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads.init()
	c := s.channels[threadID]
	if c == nil || !isThread(c.Type) {
		return
	}
	delete(s.channels, threadID)
	delete(s.threads.members, threadID)
	s.threads.deletedThread[threadID] = true
	s.notifyLocked()
	s.dispatchLocked("THREAD_DELETE", map[string]any{"id": c.ID, "guild_id": c.GuildID, "parent_id": c.ParentID, "type": int(c.Type)})
}
