package discordtest

import (
	"sort"
	"strconv"
)

// currentUserGuilds is GET /users/@me/guilds: the servers the bot is in,
// ordered by ID, paged by after (or before) and limit (1-200, default 200),
// as Discord pages them.
func (s *Server) currentUserGuilds(req *Request) (*response, *apiError) {
	limit := 200
	if v := req.Query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return nil, invalidForm("limit", "NUMBER_TYPE_MAX", "limit must be 1 to 200")
		}
		limit = n
	}
	after, before := req.Query.Get("after"), req.Query.Get("before")
	s.mu.Lock()
	ids := append([]string(nil), s.guildOrder...)
	names := map[string]string{}
	for _, id := range ids {
		if gs := s.guilds[id]; gs != nil {
			names[id] = gs.g.Name
		}
	}
	s.mu.Unlock()
	sort.Slice(ids, func(i, j int) bool { return snowflakeLess(ids[i], ids[j]) })
	out := []map[string]any{}
	for _, id := range ids {
		if after != "" && !snowflakeLess(after, id) || before != "" && !snowflakeLess(id, before) {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, map[string]any{
			"id": id, "name": names[id], "icon": nil, "banner": nil, "owner": false,
			"permissions": "0", "features": []string{},
		})
	}
	return ok(out), nil
}
