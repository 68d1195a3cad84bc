package commands

import (
	"context"
	"strings"
)

// outsideServer answers /mydata in a DM or a group DM: Kindred keeps data
// per server, so it lists the servers that hold some and asks the member
// to run /mydata there, where export and delete work.
func (h *myData) outsideServer(ctx context.Context, req *Request) (*Response, error) {
	if req.User == nil {
		return Private(msgMyDataInServer), nil
	}
	guilds, err := h.store.MemberGuilds(ctx, req.User.ID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("Kindred keeps your data per server, so `/mydata export` and `/mydata delete` work in the server you mean.\n")
	if len(guilds) == 0 {
		b.WriteString("I don't hold anything about you in any server right now.")
	} else {
		b.WriteString("Servers where I keep something about you:\n")
		for i, g := range guilds {
			if i == 20 {
				b.WriteString("…and more.\n")
				break
			}
			name := g.Name
			if name == "" {
				name = "a server (ID " + g.ID + ")"
			}
			b.WriteString("• **" + escapeMarkdown(clipRunes(name, 100)) + "**\n")
		}
	}
	if p, err := h.store.MemberProfile(ctx, req.User.ID); err == nil && (p.TimeZone != "" || p.Country != "") {
		b.WriteString("\nYou also set a time zone or country with `/me`, the same everywhere: `/me show` shows it and `/me forget` erases it.")
	}
	return Private("%s", strings.TrimSpace(b.String())), nil
}
