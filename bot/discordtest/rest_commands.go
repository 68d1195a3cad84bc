package discordtest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// The application-command endpoints: global and guild commands, one by
// one and in bulk.

var commandNameRe = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func (s *Server) bulkOverwrite(req *Request, appID, guildID string) (*response, *apiError) {
	if appID != s.AppID {
		return nil, errNotFound(10002, "Unknown Application")
	}
	if guildID != "" {
		s.mu.Lock()
		_, known := s.guilds[guildID]
		s.mu.Unlock()
		if !known {
			return nil, &apiError{status: http.StatusForbidden, code: 50001, message: "Missing Access"}
		}
	}
	list, isList := req.JSON.([]any)
	if !isList && req.JSON != nil {
		return nil, invalidForm("_root", "ARRAY_TYPE_CONVERT", "Must be an array.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.globalCmds
	if guildID != "" {
		old = s.guildCmds[guildID]
	}
	seen := map[string]bool{}
	var out []map[string]any
	for i, item := range list {
		c, _ := item.(map[string]any)
		name, _ := c["name"].(string)
		typ := toInt(c["type"])
		if typ == 0 {
			typ = 1
		}
		desc, _ := c["description"].(string)
		field := strconv.Itoa(i)
		if typ == 1 {
			if !commandNameRe.MatchString(name) || strings.ToLower(name) != name {
				return nil, invalidForm(field+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
			}
			if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
				return nil, invalidForm(field+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			}
			if aerr := checkOptions(field+".options", c["options"]); aerr != nil {
				return nil, aerr
			}
		}
		key := strconv.Itoa(typ) + "/" + name
		if seen[key] {
			return nil, invalidForm(field+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		id := ""
		for _, o := range old {
			if o["name"] == name && toInt(o["type"]) == typ {
				id, _ = o["id"].(string)
			}
		}
		if id == "" {
			id = s.ids.next()
		}
		cmd := map[string]any{
			"id": id, "application_id": s.AppID, "version": s.ids.next(), "type": typ, "name": name,
			"description": desc, "default_member_permissions": nil, "nsfw": false,
			"integration_types": []any{0}, "contexts": nil, "dm_permission": true,
		}
		if guildID != "" {
			cmd["guild_id"] = guildID
		}
		if p := c["default_member_permissions"]; p != nil {
			cmd["default_member_permissions"] = fmt.Sprint(toInt64(p))
		}
		for _, k := range []string{"nsfw", "dm_permission", "contexts", "integration_types", "name_localizations", "description_localizations"} {
			if v, has := c[k]; has && v != nil {
				cmd[k] = v
			}
		}
		if opts, has := c["options"].([]any); has && len(opts) > 0 {
			cmd["options"] = normalizeOptions(opts)
		}
		out = append(out, cmd)
	}
	if guildID != "" {
		s.guildCmds[guildID] = out
	} else {
		s.globalCmds = out
	}
	s.notifyLocked()
	return ok(anySlice(out)), nil
}

func checkOptions(field string, v any) *apiError {
	opts, _ := v.([]any)
	if len(opts) > 25 {
		return invalidForm(field, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	required := true
	for i, o := range opts {
		om, _ := o.(map[string]any)
		f := field + "." + strconv.Itoa(i)
		name, _ := om["name"].(string)
		if !commandNameRe.MatchString(name) || strings.ToLower(name) != name {
			return invalidForm(f+".name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		desc, _ := om["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			return invalidForm(f+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		req, _ := om["required"].(bool)
		if req && !required {
			return invalidForm(f+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		if !req {
			required = false
		}
		if t := toInt(om["type"]); t == 1 || t == 2 {
			if aerr := checkOptions(f+".options", om["options"]); aerr != nil {
				return aerr
			}
		}
	}
	return nil
}

func normalizeOptions(opts []any) []any {
	out := make([]any, 0, len(opts))
	for _, o := range opts {
		om, _ := o.(map[string]any)
		c := map[string]any{}
		for k, v := range om {
			if v != nil {
				c[k] = v
			}
		}
		if sub, has := om["options"].([]any); has {
			if len(sub) > 0 {
				c["options"] = normalizeOptions(sub)
			} else {
				delete(c, "options")
			}
		}
		out = append(out, c)
	}
	return out
}

func (s *Server) getCommands(appID, guildID string) (*response, *apiError) {
	if appID != s.AppID {
		return nil, errNotFound(10002, "Unknown Application")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if guildID != "" {
		return ok(anySlice(s.guildCmds[guildID])), nil
	}
	return ok(anySlice(s.globalCmds)), nil
}

func anySlice(in []map[string]any) []any {
	out := make([]any, 0, len(in))
	for _, m := range in {
		out = append(out, m)
	}
	return out
}

// Commands returns the global application commands registered by the bot.
func (s *Server) Commands() []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return toCommands(s.globalCmds)
}

// GuildCommands returns the guild application commands registered by the
// bot for guildID.
func (s *Server) GuildCommands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return toCommands(s.guildCmds[guildID])
}

func toCommands(in []map[string]any) []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, c := range in {
		var cmd discordgo.ApplicationCommand
		remarshal(c, &cmd)
		out = append(out, &cmd)
	}
	return out
}
