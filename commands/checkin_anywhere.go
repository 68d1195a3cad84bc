package commands

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// keyCheckinWhere routes the "which server?" buttons of /checkin outside
// a server: "ci-where:<guild>:now:<mood>:<feelings>" (feelings as a
// bit mask of feelingWords, in hex) or "ci-where:<guild>:history:<days>".
const keyCheckinWhere = "ci-where"

// keyCheckinReach is the safety net's "Ask a moderator to reach out"
// button in a server, "ci-reach:<checkin>"; keyCheckinDMReach is the same
// button in a DM, which carries the server: "ci-dmreach:<guild>:<checkin>".
const (
	keyCheckinReach   = "ci-reach"
	keyCheckinDMReach = "ci-dmreach"
)

// The safety net's offer of Talk to someone, beside its button, is
// checkin.talk_offer; checkin.talk_offer_dm stands in for it in a DM,
// where the button (which starts a private thread in the server) isn't
// shown.

// maxWhereChoices is how many servers the question offers as buttons.
const maxWhereChoices = 5

// outside answers /checkin now and /checkin history in a DM with Kindred,
// or where a member installed Kindred to their own account: the check-in
// is filed in the member's server, asked for with buttons when they are
// in several. The rest of /checkin works in the server.
func (h *checkins) outside(ctx context.Context, req *Request) (*Response, error) {
	var args []string
	var notice string
	switch req.Subcommand() {
	case "now":
		m, _ := req.Int("mood")
		if m < 1 || m > 5 {
			return req.PrivateT("checkin.choose_mood"), nil
		}
		known, unknown := parseFeelingsIn(req.P(), req.String("feelings"))
		notice = unknownFeelingsNotice(req.P(), unknown)
		if wantNote, _ := req.Bool("note"); wantNote {
			notice = joinNotice(notice, req.T("checkin.dm_notes_in_server"))
		}
		args = []string{"now", strconv.FormatInt(m, 10), feelingsMask(known)}
	case "history":
		d, _ := req.Int("days")
		args = []string{"history", strconv.FormatInt(d, 10)}
	default:
		return req.PrivateT("checkin.dm_what_works"), nil
	}
	servers, err := h.servers(ctx, req.User.ID)
	if err != nil {
		return nil, err
	}
	switch len(servers) {
	case 0:
		return req.PrivateT("checkin.dm_no_server"), nil
	case 1:
		resp, err := h.inServerOf(ctx, req, servers[0].ID, args)
		if resp != nil && notice != "" {
			resp.Content = joinNotice(resp.Content, notice)
		}
		return resp, err
	}
	var row []discordgo.MessageComponent
	for i, g := range servers {
		if i == maxWhereChoices {
			break
		}
		row = append(row, discordgo.Button{Label: clipRunes(serverName(g), 80), Style: discordgo.SecondaryButton,
			CustomID: CustomID(keyCheckinWhere, append([]string{g.ID}, args...)...)})
	}
	question := req.T("checkin.where_now")
	if args[0] == "history" {
		question = req.T("checkin.where_history")
	}
	if len(servers) > maxWhereChoices {
		question += " " + req.T("checkin.where_more")
	}
	return &Response{Content: joinNotice(question, notice), Ephemeral: true,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}}, nil
}

// whereChosen answers a press on the "which server?" question.
func (h *checkins) whereChosen(ctx context.Context, req *Request) (*Response, error) {
	if req.User == nil || len(req.Args) < 2 {
		return req.PrivateT("checkin.stale"), nil
	}
	guildID := req.Args[0]
	if req.GuildID != "" && req.GuildID != guildID {
		return req.PrivateT("checkin.stale"), nil
	}
	if ok, err := h.canFileIn(ctx, req.User.ID, guildID); err != nil {
		return nil, err
	} else if !ok {
		return req.PrivateT("checkin.where_gone"), nil
	}
	resp, err := h.inServerOf(ctx, req, guildID, req.Args[1:])
	if err != nil || resp == nil || resp.Modal != nil {
		return resp, err
	}
	resp.Update = true
	if resp.Components == nil {
		resp.Components = []discordgo.MessageComponent{}
	}
	return resp, nil
}

// dmReach answers "Ask a moderator to reach out" pressed in a DM: as if
// pressed in the server the check-in is filed in.
func (h *checkins) dmReach(ctx context.Context, req *Request) (*Response, error) {
	if req.User == nil || len(req.Args) != 2 || (req.GuildID != "" && req.GuildID != req.Args[0]) {
		return req.PrivateT("checkin.stale"), nil
	}
	guildID := req.Args[0]
	if ok, err := h.canFileIn(ctx, req.User.ID, guildID); err != nil {
		return nil, err
	} else if !ok {
		return req.PrivateT("checkin.reach_gone"), nil
	}
	st, err := h.store.Settings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	inGuild := *req
	inGuild.GuildID, inGuild.Settings, inGuild.Args, inGuild.ServerLang = guildID, st, req.Args[1:], st.Language()
	resp, err := h.gentlePing(h.reachOut)(ctx, &inGuild)
	if err != nil {
		return nil, err
	}
	return h.forDM(ctx, req, guildID, resp, req.T("checkin.dm_reach_where")), nil
}

// canFileIn reports whether a member may file a check-in in guildID
// from a DM (a custom ID can name any server).
func (h *checkins) canFileIn(ctx context.Context, userID, guildID string) (bool, error) {
	servers, err := h.servers(ctx, userID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(servers, func(g data.GuildRef) bool { return g.ID == guildID }), nil
}

// servers are the servers a member can file a check-in in from a DM:
// servers Kindred is in, holding something of the member's, with
// check-ins on, that the member is still in (when that can be asked).
func (h *checkins) servers(ctx context.Context, userID string) ([]data.GuildRef, error) {
	all, err := h.store.MemberGuilds(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []data.GuildRef
	for _, g := range all {
		st, err := h.store.Settings(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		if !st.Enabled(data.FeatureCheckins) {
			continue
		}
		if h.members != nil {
			in, err := h.members.IsMember(ctx, g.ID, userID)
			if err != nil {
				return nil, fmt.Errorf("is member of %s: %w", g.ID, err)
			}
			if !in {
				continue
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// inServerOf runs a check-in ("now", mood, feelings) or history
// ("history", days) in guildID as if asked there, and shapes the answer
// for a DM: it names the server, and the buttons that work only in the
// server give way to a line saying where to find them.
func (h *checkins) inServerOf(ctx context.Context, req *Request, guildID string, args []string) (*Response, error) {
	st, err := h.store.Settings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	inGuild := *req
	inGuild.GuildID, inGuild.Settings, inGuild.ServerLang = guildID, st, st.Language()
	var resp *Response
	switch {
	case len(args) == 3 && args[0] == "now":
		m, err := strconv.Atoi(args[1])
		if err != nil || m < 1 || m > 5 {
			return req.PrivateT("checkin.stale"), nil
		}
		resp, err = h.record(ctx, &inGuild, m, maskFeelings(args[2]), "", false)
		if err != nil {
			return nil, err
		}
	case len(args) == 2 && args[0] == "history":
		days, _ := strconv.Atoi(args[1])
		if resp, err = h.historyDays(ctx, &inGuild, days); err != nil {
			return nil, err
		}
	default:
		return req.PrivateT("checkin.stale"), nil
	}
	return h.forDM(ctx, req, guildID, resp, req.T("checkin.dm_history_where")), nil
}

// forDM shapes a check-in answer given outside the server it is about.
// The safety net's "Ask a moderator to reach out" stays, carrying the
// server (ci-dmreach); the other buttons work in the server only, and
// the offer of Talk to someone names `/talk start` there.
func (h *checkins) forDM(ctx context.Context, req *Request, guildID string, resp *Response, where string) *Response {
	if resp == nil {
		return nil
	}
	var kept []discordgo.MessageComponent
	hadButtons := false
	for _, row := range resp.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			hadButtons = true
			continue
		}
		for _, c := range r.Components {
			b, ok := c.(discordgo.Button)
			if id, isReach := strings.CutPrefix(b.CustomID, keyCheckinReach+":"); ok && isReach {
				b.CustomID = CustomID(keyCheckinDMReach, guildID, id)
				kept = append(kept, b)
				continue
			}
			hadButtons = true
		}
	}
	// The Talk to someone button starts a thread in the server, so in a
	// DM its offer points there instead.
	resp.Content = strings.Replace(resp.Content, req.T("checkin.talk_offer"), req.T("checkin.talk_offer_dm"), 1)
	resp.Components = nil
	if len(kept) > 0 {
		resp.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: kept}}
	}
	resp.Content = nameServerIn(ctx, h.store, guildID, req.Lang, &discordgo.MessageSend{Content: resp.Content}).Content
	if hadButtons {
		resp.Content += "\n-# " + where
	}
	return resp
}

// feelingsMask writes known feelings as a bit mask of feelingWords, in
// hex, so they fit in a button's custom ID.
func feelingsMask(known []string) string {
	var mask uint64
	for _, f := range known {
		if i := slices.Index(feelingWords, f); i >= 0 {
			mask |= 1 << i
		}
	}
	return strconv.FormatUint(mask, 16)
}

// maskFeelings reads feelingsMask back; a mask it can't read is no feelings.
func maskFeelings(s string) []string {
	mask, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return nil
	}
	var out []string
	for i, f := range feelingWords {
		if mask&(1<<i) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// joinNotice adds a sentence to a reply on a line of its own.
func joinNotice(text, notice string) string {
	if notice == "" {
		return text
	}
	if text == "" {
		return notice
	}
	return text + "\n" + notice
}
