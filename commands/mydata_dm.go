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
		return req.PrivateT("mydata.in_server"), nil
	}
	guilds, err := h.store.MemberGuilds(ctx, req.User.ID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(req.T("mydata.outside") + "\n")
	if len(guilds) == 0 {
		b.WriteString(req.T("mydata.outside_none"))
	} else {
		b.WriteString(req.T("mydata.outside_servers") + "\n")
		for i, g := range guilds {
			if i == 20 {
				b.WriteString(req.T("mydata.outside_more") + "\n")
				break
			}
			name := g.Name
			if name == "" {
				name = req.T("mydata.outside_unnamed", "ID", g.ID)
			}
			b.WriteString("• **" + escapeMarkdown(clipRunes(name, 100)) + "**\n")
		}
	}
	lang, lerr := h.store.MemberLanguage(ctx, req.User.ID)
	if p, err := h.store.MemberProfile(ctx, req.User.ID); err == nil && (p.TimeZone != "" || p.Country != "" || (lerr == nil && lang.Chosen != "")) {
		b.WriteString("\n" + req.T("mydata.outside_me"))
	}
	return Private("%s", strings.TrimSpace(b.String())), nil
}
