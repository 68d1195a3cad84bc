package discordtest

import (
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
)

// intentGuildScheduledEvents brings GUILD_SCHEDULED_EVENT_* dispatches.
const intentGuildScheduledEvents = 1 << 16

// Scheduled-event entity types and statuses, as Discord numbers them.
const (
	eventTypeStage    = 1
	eventTypeVoice    = 2
	eventTypeExternal = 3
	eventScheduled    = 1
)

// ScheduledEvent is a guild scheduled event held by the fake, as a test
// reads it.
type ScheduledEvent struct {
	ID, GuildID, ChannelID string
	Name, Description      string
	Start, End             time.Time
	EntityType             int
	// Location is an external event's location.
	Location string
	// RecurrenceRule is the rule as sent, or nil.
	RecurrenceRule map[string]any
	// Users are who marked "Interested".
	Users []string
}

// eventState is the fake's scheduled events, by ID.
type eventState struct {
	byID map[string]*ScheduledEvent
}

func (s *Server) eventsLocked() *eventState {
	if s.events == nil {
		s.events = &eventState{byID: map[string]*ScheduledEvent{}}
	}
	return s.events
}

// routeEvents serves /guilds/{id}/scheduled-events[/{event}].
func (s *Server) routeEvents(req *Request, seg []string) (*response, *apiError) {
	guildID := seg[1]
	switch {
	case len(seg) == 3 && req.Method == http.MethodGet:
		return s.listEvents(req, guildID)
	case len(seg) == 3 && req.Method == http.MethodPost:
		return s.createEvent(req, guildID)
	case len(seg) == 4 && req.Method == http.MethodGet:
		return s.getEvent(req, guildID, seg[3])
	case len(seg) == 4 && req.Method == http.MethodPatch:
		return s.modifyEvent(req, guildID, seg[3])
	case len(seg) == 4 && req.Method == http.MethodDelete:
		return s.deleteEvent(guildID, seg[3])
	}
	return s.unknownRoute(req), nil
}

var errUnknownEvent = errNotFound(10070, "Unknown Guild Scheduled Event")

// checkEventLocked applies Discord's rules for an event's fields, as a
// create (full) or a modify (only the fields given).
func (s *Server) checkEventLocked(guildID string, body map[string]any, e *ScheduledEvent, create bool) *apiError {
	has := func(k string) bool { _, ok := body[k]; return ok }
	if v, ok := body["name"].(string); ok {
		if n := len([]rune(v)); n < 1 || n > 100 {
			return invalidForm("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		e.Name = v
	} else if create {
		return invalidForm("name", "BASE_TYPE_REQUIRED", "This field is required")
	}
	if has("description") {
		v, _ := body["description"].(string)
		if len([]rune(v)) > 1000 {
			return invalidForm("description", "BASE_TYPE_MAX_LENGTH", "Must be 1000 or fewer in length.")
		}
		e.Description = v
	}
	if has("privacy_level") && toInt(body["privacy_level"]) != 2 {
		return invalidForm("privacy_level", "BASE_TYPE_CHOICES", "Value must be one of {2}.")
	}
	parseTime := func(k string, into *time.Time) *apiError {
		v, _ := body[k].(string)
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return invalidForm(k, "DATE_TIME_TYPE_PARSE", "Could not parse "+v+". Should be ISO8601.")
		}
		*into = t.UTC()
		return nil
	}
	if has("scheduled_start_time") {
		if aerr := parseTime("scheduled_start_time", &e.Start); aerr != nil {
			return aerr
		}
	}
	if has("scheduled_end_time") && body["scheduled_end_time"] != nil {
		if aerr := parseTime("scheduled_end_time", &e.End); aerr != nil {
			return aerr
		}
	}
	if has("entity_type") {
		e.EntityType = toInt(body["entity_type"])
	}
	if has("channel_id") {
		e.ChannelID, _ = body["channel_id"].(string)
	}
	if md, ok := body["entity_metadata"].(map[string]any); ok {
		e.Location, _ = md["location"].(string)
	}
	if rr, ok := body["recurrence_rule"].(map[string]any); ok {
		e.RecurrenceRule = rr
	} else if has("recurrence_rule") {
		e.RecurrenceRule = nil
	}
	switch e.EntityType {
	case eventTypeExternal:
		if e.ChannelID != "" {
			return invalidForm("channel_id", "GUILD_SCHEDULED_EVENT_CHANNEL_ID_NOT_ALLOWED", "An external event has no channel.")
		}
		if n := len([]rune(e.Location)); n < 1 || n > 100 {
			return invalidForm("entity_metadata.location", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if e.End.IsZero() {
			return invalidForm("scheduled_end_time", "GUILD_SCHEDULED_EVENT_END_TIME_REQUIRED", "An external event needs an end time.")
		}
	case eventTypeStage, eventTypeVoice:
		c := s.channels[e.ChannelID]
		want := discordgo.ChannelTypeGuildVoice
		if e.EntityType == eventTypeStage {
			want = discordgo.ChannelTypeGuildStageVoice
		}
		if c == nil || c.GuildID != guildID || c.Type != want {
			return invalidForm("channel_id", "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL", "The channel must be a voice or stage channel of the server matching the entity type.")
		}
		e.Location = ""
	default:
		return invalidForm("entity_type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
	}
	if aerr := checkRecurrence(e); aerr != nil {
		return aerr
	}
	if !e.End.IsZero() && !e.End.After(e.Start) {
		return invalidForm("scheduled_end_time", "GUILD_SCHEDULED_EVENT_END_BEFORE_START", "The end must be after the start.")
	}
	perms := s.botPermsLocked(guildID, e.ChannelID)
	if e.ChannelID == "" {
		perms = s.botPermsLocked(guildID, "")
	}
	if perms&discordgo.PermissionManageEvents == 0 {
		return errMissingPerms
	}
	return nil
}

func (s *Server) createEvent(req *Request, guildID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guilds[guildID] == nil {
		return nil, errUnknownGuild
	}
	body, _ := req.JSON.(map[string]any)
	e := &ScheduledEvent{ID: s.ids.next(), GuildID: guildID}
	if aerr := s.checkEventLocked(guildID, body, e, true); aerr != nil {
		return nil, aerr
	}
	s.eventsLocked().byID[e.ID] = e
	obj := s.eventJSONLocked(e, true)
	s.dispatchLocked("GUILD_SCHEDULED_EVENT_CREATE", obj)
	return ok(obj), nil
}

func (s *Server) eventLocked(guildID, id string) (*ScheduledEvent, *apiError) {
	e := s.eventsLocked().byID[id]
	if e == nil || e.GuildID != guildID {
		return nil, errUnknownEvent
	}
	return e, nil
}

func (s *Server) modifyEvent(req *Request, guildID, id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.eventLocked(guildID, id)
	if aerr != nil {
		return nil, aerr
	}
	body, _ := req.JSON.(map[string]any)
	next := *e
	if aerr := s.checkEventLocked(guildID, body, &next, false); aerr != nil {
		return nil, aerr
	}
	*e = next
	obj := s.eventJSONLocked(e, true)
	s.dispatchLocked("GUILD_SCHEDULED_EVENT_UPDATE", obj)
	return ok(obj), nil
}

func (s *Server) deleteEvent(guildID, id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.deleteEventLocked(guildID, id); aerr != nil {
		return nil, aerr
	}
	return noContent(), nil
}

func (s *Server) deleteEventLocked(guildID, id string) *apiError {
	e, aerr := s.eventLocked(guildID, id)
	if aerr != nil {
		return aerr
	}
	obj := s.eventJSONLocked(e, false)
	delete(s.events.byID, id)
	s.dispatchLocked("GUILD_SCHEDULED_EVENT_DELETE", obj)
	return nil
}

func (s *Server) getEvent(req *Request, guildID, id string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.eventLocked(guildID, id)
	if aerr != nil {
		return nil, aerr
	}
	return ok(s.eventJSONLocked(e, req.Query.Get("with_user_count") == "true")), nil
}

func (s *Server) listEvents(req *Request, guildID string) (*response, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guilds[guildID] == nil {
		return nil, errUnknownGuild
	}
	out := []any{}
	for _, e := range s.sortedEventsLocked(guildID) {
		out = append(out, s.eventJSONLocked(e, req.Query.Get("with_user_count") == "true"))
	}
	return ok(out), nil
}

func (s *Server) sortedEventsLocked(guildID string) []*ScheduledEvent {
	var es []*ScheduledEvent
	for _, e := range s.eventsLocked().byID {
		if e.GuildID == guildID {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool {
		if !es[i].Start.Equal(es[j].Start) {
			return es[i].Start.Before(es[j].Start)
		}
		return snowflakeLess(es[i].ID, es[j].ID)
	})
	return es
}

// eventJSONLocked renders an event as Discord's GuildScheduledEvent.
func (s *Server) eventJSONLocked(e *ScheduledEvent, withCount bool) map[string]any {
	obj := map[string]any{
		"id": e.ID, "guild_id": e.GuildID, "name": e.Name, "description": nullable(e.Description),
		"channel_id": nullable(e.ChannelID), "creator_id": s.BotUserID, "creator": s.userJSON(*s.users[s.BotUserID]),
		"image": nil, "scheduled_start_time": ts(e.Start), "scheduled_end_time": nil, "status": eventScheduled,
		"entity_type": e.EntityType, "entity_id": nil, "recurrence_rule": nil, "privacy_level": 2,
		"guild_scheduled_event_exceptions": []any{}, "entity_metadata": nil,
	}
	if !e.End.IsZero() {
		obj["scheduled_end_time"] = ts(e.End)
	}
	if e.EntityType == eventTypeExternal {
		obj["entity_metadata"] = map[string]any{"location": e.Location}
	} else {
		obj["entity_id"] = e.ChannelID
	}
	if e.RecurrenceRule != nil {
		rr := map[string]any{"end": nil, "count": nil, "by_weekday": nil, "by_n_weekday": nil, "by_month": nil, "by_month_day": nil, "by_year_day": nil}
		for k, v := range e.RecurrenceRule {
			rr[k] = v
		}
		if rr["interval"] == nil {
			rr["interval"] = 1
		}
		obj["recurrence_rule"] = rr
	}
	if withCount {
		obj["user_count"] = len(e.Users)
	}
	return obj
}

// ScheduledEvents returns a server's scheduled events, by start time.
func (s *Server) ScheduledEvents(guildID string) []ScheduledEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ScheduledEvent
	for _, e := range s.sortedEventsLocked(guildID) {
		c := *e
		c.Users = slices.Clone(e.Users)
		out = append(out, c)
	}
	return out
}

// DeleteScheduledEventAsModerator deletes an event as a moderator would
// in Discord's client: the bot learns of it only from the gateway.
func (s *Server) DeleteScheduledEventAsModerator(guildID, eventID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr := s.deleteEventLocked(guildID, eventID); aerr != nil {
		s.violate("DeleteScheduledEventAsModerator: no event %s in guild %s", eventID, guildID)
	}
}

// MarkInterested marks (or, with interested false, unmarks) a member as
// "Interested" in an event, dispatching GUILD_SCHEDULED_EVENT_USER_ADD
// or _REMOVE.
func (s *Server) MarkInterested(guildID, eventID, userID string, interested bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.eventLocked(guildID, eventID)
	if aerr != nil {
		s.violate("MarkInterested: no event %s in guild %s", eventID, guildID)
		return
	}
	i := slices.Index(e.Users, userID)
	switch {
	case interested && i < 0:
		e.Users = append(e.Users, userID)
	case !interested && i >= 0:
		e.Users = slices.Delete(e.Users, i, i+1)
	default:
		return
	}
	t := "GUILD_SCHEDULED_EVENT_USER_ADD"
	if !interested {
		t = "GUILD_SCHEDULED_EVENT_USER_REMOVE"
	}
	s.dispatchLocked(t, map[string]any{"guild_scheduled_event_id": eventID, "user_id": userID, "guild_id": guildID})
}

// SetBotPermissions changes the permissions of the bot's managed role in
// a server and tells the bot (GUILD_ROLE_UPDATE), as when a moderator
// grants Kindred a permission after inviting it.
func (s *Server) SetBotPermissions(guildID string, perms int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := s.guilds[guildID]
	if gs == nil {
		s.violate("SetBotPermissions: no guild %s", guildID)
		return
	}
	for i, r := range gs.g.Roles {
		if r.BotID == s.BotUserID {
			gs.g.Roles[i].Permissions = perms
			s.dispatchLocked("GUILD_ROLE_UPDATE", map[string]any{"guild_id": guildID, "role": s.roleJSON(gs.g.Roles[i])})
			return
		}
	}
	s.violate("SetBotPermissions: the bot has no managed role in guild %s", guildID)
}

// checkRecurrence applies the system limitations Discord documents for
// recurrence rules, for the rules a bot may send: a DAILY rule (3) with no
// weekdays or one of the allowed weekday sets; a WEEKLY rule (2) with
// exactly one weekday and an interval of 1 or 2; a MONTHLY rule (1) with
// one by_n_weekday; a YEARLY rule (0) with one by_month and one
// by_month_day. The rule starts when the event does; by_year_day and
// count can't be set by bots.
func checkRecurrence(e *ScheduledEvent) *apiError {
	rr := e.RecurrenceRule
	if rr == nil {
		return nil
	}
	bad := func(msg string) *apiError {
		return invalidForm("recurrence_rule", "GUILD_SCHEDULED_EVENT_INVALID_RECURRENCE_RULE", msg)
	}
	start, _ := rr["start"].(string)
	if t, err := time.Parse(time.RFC3339, start); err != nil || !t.Equal(e.Start) {
		return bad("The recurrence must start when the event does.")
	}
	if rr["by_year_day"] != nil || rr["count"] != nil {
		return bad("by_year_day and count can't be set.")
	}
	list := func(k string) []any { v, _ := rr[k].([]any); return v }
	interval := 1
	if rr["interval"] != nil {
		interval = toInt(rr["interval"])
	}
	freq := toInt(rr["frequency"])
	switch {
	case rr["by_weekday"] != nil && rr["by_n_weekday"] != nil:
		return bad("by_weekday and by_n_weekday are mutually exclusive.")
	case (rr["by_month"] == nil) != (rr["by_month_day"] == nil):
		return bad("by_month and by_month_day go together.")
	case interval != 1 && !(freq == 2 && interval == 2):
		return bad("Only a weekly rule may have an interval, of 2.")
	}
	switch freq {
	case 3:
		if wd := list("by_weekday"); rr["by_weekday"] != nil && !allowedDailySet(wd) {
			return bad("A daily rule's weekdays must be one of the allowed sets.")
		}
		if rr["by_n_weekday"] != nil || rr["by_month"] != nil {
			return bad("A daily rule takes only by_weekday.")
		}
	case 2:
		if wd := list("by_weekday"); len(wd) != 1 || toInt(wd[0]) < 0 || toInt(wd[0]) > 6 {
			return bad("A weekly rule needs exactly one weekday.")
		} else if want := (int(e.Start.Weekday()) + 6) % 7; toInt(wd[0]) != want {
			return bad("The weekday must be the event's start day.")
		}
		if rr["by_n_weekday"] != nil || rr["by_month"] != nil {
			return bad("A weekly rule takes only by_weekday.")
		}
	case 1:
		if len(list("by_n_weekday")) != 1 || rr["by_weekday"] != nil || rr["by_month"] != nil {
			return bad("A monthly rule needs exactly one by_n_weekday.")
		}
	case 0:
		if len(list("by_month")) != 1 || len(list("by_month_day")) != 1 {
			return bad("A yearly rule needs one by_month and one by_month_day.")
		}
	default:
		return bad("Unknown frequency.")
	}
	return nil
}

// allowedDailySet reports whether weekdays (Monday 0) are one of the
// sets Discord allows on a daily rule.
func allowedDailySet(wd []any) bool {
	var got []int
	for _, v := range wd {
		got = append(got, toInt(v))
	}
	slices.Sort(got)
	for _, set := range [][]int{{0, 1, 2, 3, 4}, {1, 2, 3, 4, 5}, {0, 1, 2, 3, 6}, {4, 5}, {5, 6}, {0, 6}} {
		if slices.Equal(got, set) {
			return true
		}
	}
	return false
}
