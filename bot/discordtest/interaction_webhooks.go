package discordtest

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// The interaction callback and the interaction webhooks (the original
// response and follow-ups), as the fake serves them.

func (s *Server) interactionCallback(req *Request, id, token string) (*response, *apiError) {
	body, _ := req.JSON.(map[string]any)
	data, _ := body["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	// A new message's components and embeds are worked out before taking
	// the lock: the fake serves many callbacks at once.
	var normalized normalizedMessage
	if toInt(body["type"]) == 4 {
		normalized = normalizeMessage(data)
	}
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
	in.resp = &Response{Type: discordgo.InteractionResponseType(typ), data: data, Raw: req.Body,
		Files: req.Files, At: now, Latency: now.Sub(in.DispatchedAt)}
	msgType := 0
	if in.Type == discordgo.InteractionApplicationCommand {
		msgType = 20
		if in.hasData && in.dataType != int(discordgo.ChatApplicationCommand) {
			msgType = 23
		}
	}
	switch typ {
	case 4:
		rec := s.newInteractionMessageLocked(in, msgType, data, normalized, req.Files)
		in.originalID = rec.id
	case 5:
		flags := toInt(data["flags"])&int(discordgo.MessageFlagsEphemeral) | int(discordgo.MessageFlagsLoading)
		body := map[string]any{"flags": flags}
		rec := s.newInteractionMessageLocked(in, msgType, body, normalizeMessage(body), nil)
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

func (s *Server) newInteractionMessageLocked(in *Interaction, msgType int, body map[string]any, n normalizedMessage, files []*File) *messageRecord {
	rec := s.newNormalizedMessageLocked(in.ChannelID, msgType, body, n, files, nil)
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
	rec := s.newInteractionMessageLocked(in, msgType, body, normalizeMessage(body), req.Files)
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
