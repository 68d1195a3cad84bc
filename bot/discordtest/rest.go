package discordtest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// route dispatches a REST request to its handler.
func (s *Server) route(req *Request) *response {
	if resp, ok := s.routeBearer(req); ok {
		return resp
	}
	seg := strings.Split(strings.Trim(req.Path, "/"), "/")
	n := len(seg)
	m := req.Method
	is := func(method string, pattern ...string) bool {
		if m != method || n != len(pattern) {
			return false
		}
		for i, p := range pattern {
			if p != "*" && p != seg[i] {
				return false
			}
		}
		return true
	}
	var resp *response
	var aerr *apiError
	switch {
	case is("GET", "gateway"):
		resp = ok(map[string]any{"url": s.GatewayURL()})
	case is("GET", "gateway", "bot"):
		resp = ok(map[string]any{"url": s.GatewayURL(), "shards": max(s.cfg.shards, 1), "session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": max(s.cfg.maxConcurrency, 1)}})
	case is("GET", "oauth2", "applications", "@me"):
		resp = ok(s.applicationJSON())
	case is("GET", "users", "@me"):
		resp = ok(s.botUserPII())
	case is("GET", "users", "@me", "guilds"):
		resp, aerr = s.currentUserGuilds(req)
	case is("GET", "users", "*"):
		resp, aerr = s.getUser(seg[1])
	case is("POST", "users", "@me", "channels"):
		resp, aerr = s.createDM(req)
	case is("PUT", "applications", "*", "commands"):
		resp, aerr = s.bulkOverwrite(req, seg[1], "")
	case is("PUT", "applications", "*", "guilds", "*", "commands"):
		resp, aerr = s.bulkOverwrite(req, seg[1], seg[3])
	case is("GET", "applications", "*", "commands"):
		resp, aerr = s.getCommands(seg[1], "")
	case is("GET", "applications", "*", "guilds", "*", "commands"):
		resp, aerr = s.getCommands(seg[1], seg[3])
	case is("POST", "interactions", "*", "*", "callback"):
		resp, aerr = s.interactionCallback(req, seg[1], seg[2])
	case is("POST", "webhooks", "*", "*"):
		resp, aerr = s.followup(req, seg[1], seg[2])
	case n == 5 && seg[0] == "webhooks" && seg[3] == "messages" && (m == "GET" || m == "PATCH" || m == "DELETE"):
		resp, aerr = s.webhookMessage(req, seg[1], seg[2], seg[4])
	case is("GET", "channels", "*"):
		resp, aerr = s.getChannel(seg[1])
	case is("POST", "channels", "*", "messages"):
		resp, aerr = s.createChannelMessage(req, seg[1])
	case is("GET", "channels", "*", "messages"):
		resp, aerr = s.listMessages(req, seg[1])
	case is("GET", "channels", "*", "messages", "*"):
		resp, aerr = s.getChannelMessage(seg[1], seg[3])
	case is("PATCH", "channels", "*", "messages", "*"):
		resp, aerr = s.editChannelMessage(req, seg[1], seg[3])
	case is("DELETE", "channels", "*", "messages", "*"):
		resp, aerr = s.deleteChannelMessage(seg[1], seg[3])
	case is("PUT", "channels", "*", "messages", "*", "reactions", "*", "@me"):
		resp, aerr = s.addReaction(seg[1], seg[3], seg[5])
	case is("POST", "channels", "*", "messages", "*", "threads"):
		resp, aerr = s.startThread(req, seg[1], seg[3])
	case is("GET", "guilds", "*"):
		resp, aerr = s.getGuild(seg[1])
	case is("GET", "guilds", "*", "channels"):
		resp, aerr = s.getGuildChannels(seg[1])
	case is("GET", "guilds", "*", "roles"):
		resp, aerr = s.getGuildRoles(seg[1])
	case is("GET", "guilds", "*", "members", "*"):
		resp, aerr = s.getGuildMember(seg[1], seg[3])
	case n >= 3 && n <= 4 && seg[0] == "guilds" && seg[2] == "scheduled-events":
		resp, aerr = s.routeEvents(req, seg)
	default:
		var handled bool
		if resp, aerr, handled = s.routeThreads(req, seg); !handled {
			if resp, aerr, handled = s.routeForums(req, seg); !handled {
				return s.unknownRoute(req)
			}
		}
	}
	if aerr != nil {
		if aerr.code == 50035 {
			s.violate("%s %s rejected by Discord: %s %v", req.Method, req.Path, aerr.message, aerr.errors)
		}
		return &response{status: aerr.status, body: aerr.body()}
	}
	return resp
}

func (s *Server) applicationJSON() map[string]any {
	s.mu.Lock()
	bot := s.userJSON(*s.users[s.BotUserID])
	s.mu.Unlock()
	owner := map[string]any{"id": "80351110224678912", "username": "owner", "avatar": nil, "discriminator": "0",
		"public_flags": 0, "flags": 0, "global_name": nil, "primary_guild": nil}
	return map[string]any{
		"id": s.AppID, "name": s.BotUsername, "icon": nil, "description": "", "type": nil,
		"bot": bot, "bot_public": true, "bot_require_code_grant": false, "verify_key": strings.Repeat("0", 64),
		"flags": 0, "flags_new": "0", "redirect_uris": []any{}, "interactions_endpoint_url": nil,
		"role_connections_verification_url": nil, "owner": owner, "approximate_guild_count": len(s.guildIDs()),
		"approximate_user_install_count": 0, "approximate_user_authorization_count": 0,
		"explicit_content_filter": 0, "team": nil, "eligible_oauth2_scopes": []any{"bot", "applications.commands"},
	}
}

func (s *Server) guildIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.guildOrder...)
}

func (s *Server) botUserPII() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userJSON(*s.users[s.BotUserID])
	u["mfa_enabled"] = false
	u["locale"] = "en-US"
	u["verified"] = true
	u["email"] = nil
	return u
}

func (s *Server) getUser(id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[id]
	if u == nil {
		return nil, errUnknownUser
	}
	return ok(s.userJSON(*u)), nil
}

func (s *Server) createDM(req *Request) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	rid, _ := body["recipient_id"].(string)
	if !isSnowflake(rid) {
		return nil, invalidForm("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, known := s.users[rid]; !known {
		u := s.userByIDLocked(rid)
		s.users[rid] = &u
	}
	id := s.dmChannels[rid]
	if id == "" {
		id = s.ids.next()
		s.dmChannels[rid] = id
		s.channels[id] = &channelState{ID: id, Type: discordgo.ChannelTypeDM, Recipient: rid}
	}
	s.notifyLocked()
	return ok(s.channelJSONLocked(s.channels[id])), nil
}

// ---- channels and messages ----

func (s *Server) getChannel(id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[id]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.GuildID != "" && s.botPermsLocked(c.GuildID, id)&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	return ok(s.channelJSONLocked(c)), nil
}

func (s *Server) botPermsLocked(guildID, channelID string) int64 {
	m, _ := s.memberLocked(guildID, s.BotUserID)
	return s.permissionsLocked(guildID, m, channelID)
}

// checkSendLocked verifies the bot may post to channel c.
func (s *Server) checkSendLocked(c *channelState, body map[string]any, files []*File) *apiError {
	if c.Type == discordgo.ChannelTypeGuildForum {
		return errNonTextChannel
	}
	if c.Type == discordgo.ChannelTypeDM {
		if s.dmClosed[c.Recipient] {
			return errCannotDM
		}
		return nil
	}
	perms := s.botPermsLocked(c.GuildID, c.ID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return errMissingAccess
	}
	need := int64(discordgo.PermissionSendMessages)
	if c.Type == discordgo.ChannelTypeGuildPublicThread || c.Type == discordgo.ChannelTypeGuildPrivateThread {
		need = discordgo.PermissionSendMessagesInThreads
	}
	if len(files) > 0 {
		need |= discordgo.PermissionAttachFiles
	}
	if perms&need != need {
		return errMissingPerms
	}
	return nil
}

func messageEmpty(body map[string]any, files []*File) bool {
	if len(files) > 0 {
		return false
	}
	if c, _ := body["content"].(string); c != "" {
		return false
	}
	for _, k := range []string{"embeds", "components", "sticker_ids", "attachments"} {
		if l, _ := body[k].([]any); len(l) > 0 {
			return false
		}
	}
	return body["poll"] == nil
}

func checkContent(body map[string]any) *apiError {
	if c, _ := body["content"].(string); utf8.RuneCountInString(c) > 2000 {
		return invalidForm("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
	}
	if e, _ := body["embeds"].([]any); len(e) > 10 {
		return invalidForm("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	return nil
}

func (s *Server) createChannelMessage(req *Request, channelID string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil, errUnknownChannel
	}
	if aerr := s.checkSendLocked(c, body, req.Files); aerr != nil {
		return nil, aerr
	}
	if rec := s.nonceHitLocked(channelID, body); rec != nil {
		return ok(rec.obj), nil
	}
	if messageEmpty(body, req.Files) {
		return nil, errEmptyMessage
	}
	if aerr := checkContent(body); aerr != nil {
		return nil, aerr
	}
	typ := 0
	if body["message_reference"] != nil {
		typ = 19
	}
	rec := s.newMessageLocked(channelID, typ, body, req.Files, nil)
	s.rememberNonceLocked(channelID, body, rec)
	s.notifyLocked()
	s.dispatchLocked("MESSAGE_CREATE", withGuild(rec.obj, c.GuildID))
	return ok(rec.obj), nil
}

func withGuild(obj map[string]any, guildID string) map[string]any {
	out := make(map[string]any, len(obj)+1)
	for k, v := range obj {
		out[k] = v
	}
	if guildID != "" {
		out["guild_id"] = guildID
	}
	return out
}

// newMessageLocked stores a new message authored by the bot (author nil)
// or by author.
func (s *Server) newMessageLocked(channelID string, typ int, body map[string]any, files []*File, author *User) *messageRecord {
	return s.newNormalizedMessageLocked(channelID, typ, body, normalizeMessage(body), files, author)
}

// normalizedMessage is a message body's embeds and components as the
// fake stores them: worked out from the body alone, so a handler can do
// it before taking the lock.
type normalizedMessage struct{ embeds, components []any }

func normalizeMessage(body map[string]any) normalizedMessage {
	return normalizedMessage{embeds: normalizeEmbeds(body["embeds"]), components: normalizeComponents(body["components"])}
}

// newNormalizedMessageLocked is newMessageLocked with body's embeds and
// components normalized already (n).
func (s *Server) newNormalizedMessageLocked(channelID string, typ int, body map[string]any, n normalizedMessage, files []*File, author *User) *messageRecord {
	id := s.ids.next()
	au := s.userByIDLocked(s.BotUserID)
	if author != nil {
		au = *author
	}
	content, _ := body["content"].(string)
	tts, _ := body["tts"].(bool)
	obj := map[string]any{
		"id": id, "channel_id": channelID, "type": typ, "content": content, "author": s.userJSON(au),
		"mentions": []any{}, "mention_roles": []any{}, "attachments": []any{}, "embeds": n.embeds,
		"components": n.components, "timestamp": ts(time.Now()),
		"edited_timestamp": nil, "flags": toInt(body["flags"]), "pinned": false, "mention_everyone": false, "tts": tts,
	}
	if ref, _ := body["message_reference"].(map[string]any); ref != nil {
		r := map[string]any{"type": 0, "channel_id": channelID}
		if mid, _ := ref["message_id"].(string); mid != "" {
			r["message_id"] = mid
		}
		obj["message_reference"] = r
	}
	rec := &messageRecord{id: id, channelID: channelID, obj: obj, order: len(s.messages)}
	s.attachFilesLocked(rec, body, files)
	s.messages[id] = rec
	if c := s.channels[channelID]; c != nil {
		c.LastMessageID = id
		c.MessageCount++
	}
	return rec
}

// attachFilesLocked applies the "attachments" array and uploaded files of
// a create/edit body to rec.
func (s *Server) attachFilesLocked(rec *messageRecord, body map[string]any, files []*File) {
	var keepIDs map[string]bool
	descs := map[string]string{}
	if list, has := body["attachments"].([]any); has {
		keepIDs = map[string]bool{}
		for _, a := range list {
			am, _ := a.(map[string]any)
			id := fmt.Sprint(am["id"])
			keepIDs[id] = true
			if d, _ := am["description"].(string); d != "" {
				descs[id] = d
			}
		}
	}
	var atts []any
	var newFiles []*File
	var newIDs []string
	old, _ := rec.obj["attachments"].([]any)
	for i, a := range old {
		id := a.(map[string]any)["id"].(string)
		if keepIDs == nil || keepIDs[id] {
			atts = append(atts, a)
			newFiles = append(newFiles, rec.files[i])
			newIDs = append(newIDs, id)
		}
	}
	for i, f := range files {
		id := s.ids.next()
		url := fmt.Sprintf("https://cdn.discordapp.com/attachments/%s/%s/%s", rec.channelID, id, f.Name)
		a := map[string]any{"id": id, "filename": f.Name, "size": len(f.Data), "url": url,
			"proxy_url": strings.Replace(url, "cdn.discordapp.com", "media.discordapp.net", 1)}
		if f.ContentType != "" && f.ContentType != "application/octet-stream" {
			a["content_type"] = f.ContentType
		}
		if d := descs[strconv.Itoa(i)]; d != "" {
			a["description"] = d
		}
		atts = append(atts, a)
		newFiles = append(newFiles, f)
		newIDs = append(newIDs, id)
	}
	if atts == nil {
		atts = []any{}
	}
	rec.obj["attachments"] = atts
	rec.files = newFiles
	rec.attachmentIDs = newIDs
}

// editMessageLocked applies a PATCH body to a stored message.
func (s *Server) editMessageLocked(rec *messageRecord, body map[string]any, files []*File) {
	if v, has := body["content"]; has {
		c, _ := v.(string)
		rec.obj["content"] = c
	}
	if v, has := body["embeds"]; has {
		rec.obj["embeds"] = normalizeEmbeds(v)
	}
	if v, has := body["components"]; has {
		rec.obj["components"] = normalizeComponents(v)
	}
	if v, has := body["flags"]; has && v != nil {
		// Only SUPPRESS_EMBEDS may change; keep EPHEMERAL.
		rec.obj["flags"] = toInt(rec.obj["flags"])&int(discordgo.MessageFlagsEphemeral) | toInt(v)&int(discordgo.MessageFlagsSuppressEmbeds)
	}
	if _, has := body["attachments"]; has || len(files) > 0 {
		s.attachFilesLocked(rec, body, files)
	}
	rec.obj["flags"] = toInt(rec.obj["flags"]) &^ int(discordgo.MessageFlagsLoading)
	rec.obj["edited_timestamp"] = ts(time.Now())
}

func normalizeEmbeds(v any) []any {
	list, _ := v.([]any)
	out := []any{}
	for _, e := range list {
		em, ok := e.(map[string]any)
		if !ok {
			continue
		}
		c := stripNulls(em).(map[string]any)
		if _, has := c["type"]; !has {
			c["type"] = "rich"
		}
		if fields, _ := c["fields"].([]any); fields != nil {
			for _, f := range fields {
				if fm, ok := f.(map[string]any); ok {
					if _, has := fm["inline"]; !has {
						fm["inline"] = false
					}
				}
			}
		}
		for _, k := range []string{"image", "thumbnail", "video"} {
			if im, ok := c[k].(map[string]any); ok {
				if u, _ := im["url"].(string); u != "" {
					if _, has := im["proxy_url"]; !has {
						im["proxy_url"] = u
					}
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// normalizeComponents turns request components into response
// components (numeric ids assigned, defaults filled).
func normalizeComponents(v any) []any {
	list, _ := v.([]any)
	out := []any{}
	n := 0
	var walk func(c map[string]any)
	walk = func(c map[string]any) {
		n++
		if _, has := c["id"]; !has {
			c["id"] = n
		}
		switch toInt(c["type"]) {
		case 3, 5, 6, 7, 8:
			if _, has := c["min_values"]; !has {
				c["min_values"] = 1
			}
			if _, has := c["max_values"]; !has {
				c["max_values"] = 1
			}
		case 4:
			if _, has := c["min_length"]; !has {
				c["min_length"] = 0
			}
			if _, has := c["max_length"]; !has {
				c["max_length"] = 4000
			}
		}
		if kids, ok := c["components"].([]any); ok {
			for _, k := range kids {
				if km, ok := k.(map[string]any); ok {
					walk(km)
				}
			}
		}
		if acc, ok := c["accessory"].(map[string]any); ok {
			walk(acc)
		}
	}
	for _, c := range list {
		cm, ok := c.(map[string]any)
		if !ok {
			continue
		}
		cm = stripNulls(cm).(map[string]any)
		walk(cm)
		out = append(out, cm)
	}
	return out
}

func stripNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if e != nil {
				out[k] = stripNulls(e)
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if e != nil {
				out = append(out, stripNulls(e))
			}
		}
		return out
	}
	return v
}

func (s *Server) listMessages(req *Request, channelID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.GuildID != "" && s.botPermsLocked(c.GuildID, channelID)&(discordgo.PermissionViewChannel|discordgo.PermissionReadMessageHistory) !=
		discordgo.PermissionViewChannel|discordgo.PermissionReadMessageHistory {
		return nil, errMissingAccess
	}
	limit := 50
	if l, err := strconv.Atoi(req.Query.Get("limit")); err == nil && l >= 1 && l <= 100 {
		limit = l
	}
	msgs := s.channelMessagesLocked(channelID, false)
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].order > msgs[j].order }) // newest first
	before, after := req.Query.Get("before"), req.Query.Get("after")
	out := []any{}
	for _, m := range msgs {
		if before != "" && !snowflakeLess(m.id, before) {
			continue
		}
		if after != "" && !snowflakeLess(after, m.id) {
			continue
		}
		out = append(out, m.obj)
	}
	if len(out) > limit {
		if after != "" {
			out = out[len(out)-limit:]
		} else {
			out = out[:limit]
		}
	}
	return ok(out), nil
}

func snowflakeLess(a, b string) bool {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return x < y
}

func (s *Server) channelMessageLocked(channelID, messageID string) (*messageRecord, *apiError) {
	c := s.channels[channelID]
	if c == nil {
		return nil, errUnknownChannel
	}
	if c.GuildID != "" && s.botPermsLocked(c.GuildID, channelID)&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess
	}
	m := s.messageLocked(messageID)
	if m == nil || m.channelID != channelID || isEphemeral(m.obj) {
		return nil, errUnknownMessage
	}
	return m, nil
}

func (s *Server) getChannelMessage(channelID, messageID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, aerr := s.channelMessageLocked(channelID, messageID)
	if aerr != nil {
		return nil, aerr
	}
	return ok(m.obj), nil
}

func (s *Server) editChannelMessage(req *Request, channelID, messageID string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	m, aerr := s.channelMessageLocked(channelID, messageID)
	if aerr == nil {
		if au, _ := m.obj["author"].(map[string]any); au["id"] != s.BotUserID {
			aerr = errNotAuthor
		} else {
			aerr = checkContent(body)
		}
	}
	if aerr != nil {
		s.mu.Unlock()
		return nil, aerr
	}
	defer s.mu.Unlock()
	s.editMessageLocked(m, body, req.Files)
	s.notifyLocked()
	s.dispatchLocked("MESSAGE_UPDATE", withGuild(m.obj, s.channels[channelID].GuildID))
	return ok(m.obj), nil
}

func (s *Server) deleteChannelMessage(channelID, messageID string) (*response, *apiError) {
	s.mu.Lock()
	m, aerr := s.channelMessageLocked(channelID, messageID)
	if aerr == nil {
		au, _ := m.obj["author"].(map[string]any)
		if au["id"] != s.BotUserID && s.botPermsLocked(s.channels[channelID].GuildID, channelID)&discordgo.PermissionManageMessages == 0 {
			aerr = errMissingPerms
		} else if s.channels[channelID].ThreadArchived {
			aerr = errThreadArchived // as Discord: a closed thread's messages stay until it is reopened
		}
	}
	if aerr != nil {
		s.mu.Unlock()
		return nil, aerr
	}
	defer s.mu.Unlock()
	m.deleted = true
	s.notifyLocked()
	s.dispatchLocked("MESSAGE_DELETE", withGuild(map[string]any{"id": messageID, "channel_id": channelID}, s.channels[channelID].GuildID))
	return noContent(), nil
}

func (s *Server) addReaction(channelID, messageID, emoji string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, aerr := s.channelMessageLocked(channelID, messageID)
	if aerr != nil {
		return nil, aerr
	}
	if c := s.channels[channelID]; c.GuildID != "" && s.botPermsLocked(c.GuildID, channelID)&discordgo.PermissionReadMessageHistory == 0 {
		return nil, errMissingPerms
	}
	name, id := emoji, any(nil)
	if i := strings.LastIndex(emoji, ":"); i >= 0 {
		name, id = emoji[:i], emoji[i+1:]
	}
	if name == "" {
		return nil, errNotFound(10014, "Unknown Emoji")
	}
	rs, _ := m.obj["reactions"].([]any)
	for _, r := range rs {
		rm := r.(map[string]any)
		e := rm["emoji"].(map[string]any)
		if e["name"] == name {
			if rm["me"] == true {
				return noContent(), nil
			}
			rm["me"] = true
			rm["count"] = toInt(rm["count"]) + 1
			rm["count_details"] = map[string]any{"burst": 0, "normal": toInt(rm["count"])}
			return noContent(), nil
		}
	}
	rs = append(rs, map[string]any{"emoji": map[string]any{"id": id, "name": name}, "count": 1,
		"count_details": map[string]any{"burst": 0, "normal": 1}, "burst_colors": []any{}, "me_burst": false, "me": true})
	m.obj["reactions"] = rs
	s.notifyLocked()
	return noContent(), nil
}

func (s *Server) startThread(req *Request, channelID, messageID string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, aerr := s.channelMessageLocked(channelID, messageID)
	if aerr != nil {
		return nil, aerr
	}
	parent := s.channels[channelID]
	if parent.GuildID == "" {
		return nil, &apiError{status: http.StatusBadRequest, code: 50024, message: "Cannot execute action on this channel type"}
	}
	if s.botPermsLocked(parent.GuildID, channelID)&discordgo.PermissionCreatePublicThreads == 0 {
		return nil, errMissingPerms
	}
	if s.channels[messageID] != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: 160004, message: "A thread has already been created for this message"}
	}
	name, _ := body["name"].(string)
	archive := toInt(body["auto_archive_duration"])
	if archive == 0 {
		archive = 4320
	}
	th := &channelState{ID: messageID, GuildID: parent.GuildID, Type: discordgo.ChannelTypeGuildPublicThread, Name: name,
		ParentID: channelID, OwnerID: s.BotUserID, AutoArchive: archive}
	s.channels[th.ID] = th
	obj := s.channelJSONLocked(th)
	m.obj["thread"] = obj
	s.notifyLocked()
	ev := withGuild(obj, "")
	ev["newly_created"] = true
	s.dispatchLocked("THREAD_CREATE", ev)
	resp := ok(obj)
	resp.status = http.StatusCreated
	return resp, nil
}

// ---- guilds ----

func (s *Server) getGuild(id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[id]
	if gs == nil {
		return nil, errUnknownGuild
	}
	return ok(s.guildJSONLocked(gs, true)), nil
}

func (s *Server) getGuildChannels(id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[id]
	if gs == nil {
		return nil, errUnknownGuild
	}
	out := []any{}
	for _, c := range s.guildChannelsLocked(gs) {
		out = append(out, s.channelJSONLocked(c))
	}
	return ok(out), nil
}

func (s *Server) getGuildRoles(id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[id]
	if gs == nil {
		return nil, errUnknownGuild
	}
	out := []any{}
	for _, r := range gs.g.Roles {
		out = append(out, s.roleJSON(r))
	}
	return ok(out), nil
}

func (s *Server) getGuildMember(guildID, userID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guilds[guildID] == nil {
		return nil, errUnknownGuild
	}
	m, found := s.memberLocked(guildID, userID)
	if !found {
		return nil, errUnknownMember
	}
	return ok(s.memberJSON(guildID, m)), nil
}

// ---- small helpers ----

func toInt(v any) int { return int(toInt64(v)) }

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	case jsonNumber:
		n, _ := x.Int64()
		return n
	}
	return 0
}
