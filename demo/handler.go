package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
)

//go:embed page.html
var page []byte

// People are who the visitor can be: a member, a second member, a moderator.
var People = []string{"sam", "river", "morgan"}

// Handler serves the demo page at / and its JSON calls under /api/.
func (d *Demo) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("GET /api/state", d.state)
	mux.HandleFunc("GET /api/commands", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, bot.WireDefinitions(d.Store))
	})
	mux.HandleFunc("POST /api/command", d.act(d.command))
	mux.HandleFunc("POST /api/click", d.act(d.click))
	mux.HandleFunc("POST /api/modal", d.act(d.modal))
	mux.HandleFunc("POST /api/autocomplete", d.act(d.autocomplete))
	mux.HandleFunc("POST /api/travel", d.travel)
	return mux
}

// request is what the page posts.
type request struct {
	As       string            `json:"as"`
	Channel  string            `json:"channel"`
	Text     string            `json:"text"`
	Message  string            `json:"message"`
	CustomID string            `json:"custom_id"`
	Type     int               `json:"type"`
	Values   []string          `json:"values"`
	Fields   map[string]string `json:"fields"`
	By       string            `json:"by"`
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (d *Demo) member(name string) (discordtest.Member, error) {
	for _, p := range People {
		if p == name {
			return d.Guild.Member(name), nil
		}
	}
	return discordtest.Member{}, fmt.Errorf("unknown person %q", name)
}

type channelView struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Private  bool      `json:"private"`
	Messages []msgView `json:"messages"`
}

// msgView is a message as the page reads it: discordgo does not marshal a
// message's components, so they are given again.
type msgView struct {
	*discordgo.Message
	Components []discordgo.MessageComponent `json:"components"`
}

func view(m *discordtest.Message) msgView {
	return msgView{Message: m.Message, Components: m.Components}
}

func (d *Demo) state(w http.ResponseWriter, r *http.Request) {
	m, err := d.member(r.URL.Query().Get("as"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var chans []channelView
	for _, c := range d.Guild.Channels {
		if c.Type != discordgo.ChannelTypeGuildText {
			continue
		}
		private := d.Fake.Permissions(d.Guild.ID, m.User.ID, c.ID)&discordgo.PermissionViewChannel == 0
		if private {
			continue
		}
		cv := channelView{ID: c.ID, Name: c.Name, Private: len(c.Overwrites) > 0, Messages: []msgView{}}
		for _, msg := range d.Fake.Messages(c.ID) {
			cv.Messages = append(cv.Messages, view(msg))
		}
		chans = append(chans, cv)
	}
	dms := []msgView{}
	for _, msg := range d.Fake.DMs(m.User.ID) {
		dms = append(dms, view(msg))
	}
	writeJSON(w, map[string]any{
		"now": d.Clock.Now().Format("Mon 2 Jan 2006, 15:04 MST"), "nowUnix": d.Clock.Now().Unix(), "you": m.User,
		"channels": chans, "dms": dms, "dmChannel": d.Fake.DMChannelID(m.User.ID), "pick": d.pickLists(),
	})
}

// pickOption is one choice of a user, role or channel select menu.
type pickOption struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Type  int    `json:"type"` // a channel's type, for menus that take only some
}

// pickLists are what Discord offers in user, role and channel select
// menus: the server's members, its roles (but @everyone and the bot's own)
// and its channels.
func (d *Demo) pickLists() map[string][]pickOption {
	out := map[string][]pickOption{"users": {}, "roles": {}, "channels": {}}
	for _, mem := range d.Guild.Members {
		name := mem.User.GlobalName
		if name == "" {
			name = mem.User.Username
		}
		out["users"] = append(out["users"], pickOption{Label: name, Value: mem.User.ID})
	}
	for _, r := range d.Guild.Roles {
		if r.ID != d.Guild.ID && !r.Managed {
			out["roles"] = append(out["roles"], pickOption{Label: "@" + r.Name, Value: r.ID})
		}
	}
	for _, c := range d.Guild.Channels {
		if c.Type == discordgo.ChannelTypeGuildCategory {
			continue
		}
		out["channels"] = append(out["channels"], pickOption{Label: "#" + c.Name, Value: c.ID, Type: int(c.Type)})
	}
	return out
}

// act runs one interaction for the page and answers with Kindred's reply.
func (d *Demo) act(send func(m discordtest.Member, q request) *discordtest.Interaction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var q request
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&q); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		m, err := d.member(q.As)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var in *discordtest.Interaction
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("%v", p)
				}
			}()
			in = send(m, q)
		}()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
		defer cancel()
		resp, err := in.Response(ctx)
		if err != nil {
			http.Error(w, "Kindred did not answer", http.StatusGatewayTimeout)
			return
		}
		out := map[string]any{"type": resp.Type, "content": resp.Data.Content, "embeds": resp.Data.Embeds,
			"components": resp.Data.Components, "ephemeral": resp.Ephemeral(), "custom_id": resp.Data.CustomID,
			"title": resp.Data.Title, "choices": resp.Data.Choices}
		if resp.Type == discordgo.InteractionResponseUpdateMessage {
			if o := in.Original(); o != nil {
				out["content"], out["embeds"], out["components"] = o.Content, o.Embeds, o.Components
				out["ephemeral"] = o.Flags&discordgo.MessageFlagsEphemeral != 0
			}
		}
		if resp.Deferred() {
			for ctx.Err() == nil {
				if o := in.Original(); o != nil && o.Flags&discordgo.MessageFlagsLoading == 0 {
					out["content"], out["embeds"], out["components"] = o.Content, o.Embeds, o.Components
					out["ephemeral"] = o.Flags&discordgo.MessageFlagsEphemeral != 0
					break
				}
				select {
				case <-ctx.Done():
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
		// The page keys private replies by message ID, so an edit of one
		// (a button's update, or an edit of the original response) replaces it.
		if o := in.Original(); o != nil {
			out["id"] = o.ID
		}
		out["channel"] = in.ChannelID
		writeJSON(w, out)
	}
}

// command parses "/name sub option:value ..." and sends the slash command.
func (d *Demo) command(m discordtest.Member, q request) *discordtest.Interaction {
	name, args := parseCommand(q.Text, false)
	if name == "" {
		panic("type a command, starting with /")
	}
	guild, where := d.where(m, q)
	return d.Fake.SlashCommand(guild, m, name, append(args, where...)...)
}

// where is where a command typed in the visitor's view runs: the channel
// shown, or, in the DM view (no channel), the member's DMs with Kindred,
// as Discord sends a command used in a DM (no server).
func (d *Demo) where(m discordtest.Member, q request) (string, []discordtest.Arg) {
	if q.Channel != "" {
		return d.Guild.ID, []discordtest.Arg{discordtest.InChannel(q.Channel)}
	}
	if dm := d.Fake.DMChannelID(m.User.ID); dm != "" {
		return "", []discordtest.Arg{discordtest.InChannel(dm)}
	}
	return "", nil
}

// parseCommand turns "/checkin now mood:2 feelings:low energy" into the
// command name and its arguments: words before the first option are
// subcommand (group) names; an option's value runs to the next "key:".
//
// With focused, the last option is the one being typed (an autocomplete).
func parseCommand(text string, focused bool) (string, []discordtest.Arg) {
	words := strings.Fields(strings.TrimPrefix(strings.TrimSpace(text), "/"))
	if len(words) == 0 {
		return "", nil
	}
	name, words := words[0], words[1:]
	var subs []string
	for len(words) > 0 && !strings.Contains(words[0], ":") {
		subs, words = append(subs, words[0]), words[1:]
	}
	var opts []discordtest.Arg
	var key string
	var val []string
	flush := func() {
		if key != "" {
			opts = append(opts, discordtest.Opt(key, typed(strings.Join(val, " "))))
		}
	}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, ":"); ok && k != "" && !strings.Contains(k, "/") {
			flush()
			key, val = k, []string{v}
			continue
		}
		val = append(val, w)
	}
	if focused && key != "" {
		opts = append(opts, discordtest.Focused(key, strings.Join(val, " ")))
	} else {
		flush()
	}
	args := opts
	for i := len(subs) - 1; i >= 0; i-- {
		if i == len(subs)-1 {
			args = []discordtest.Arg{discordtest.Sub(subs[i], args...)}
		} else {
			args = []discordtest.Arg{discordtest.Group(subs[i], args...)}
		}
	}
	return name, args
}

func typed(v string) any {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
		return b
	}
	return v
}

// autocomplete asks Kindred for the choices of the option being typed.
func (d *Demo) autocomplete(m discordtest.Member, q request) *discordtest.Interaction {
	name, args := parseCommand(q.Text, true)
	if name == "" {
		panic("type a command, starting with /")
	}
	guild, where := d.where(m, q)
	return d.Fake.Autocomplete(guild, m, name, append(args, where...)...)
}

// click presses a button or picks from a select menu on a message. The
// interaction happens where the message is: in the server, or (for a
// message in the member's DMs with Kindred) in that DM channel, with no
// guild, as Discord sends it.
func (d *Demo) click(m discordtest.Member, q request) *discordtest.Interaction {
	guildID := d.Guild.ID
	if msg := d.Fake.Message(q.Message); msg != nil && msg.ChannelID != "" && msg.ChannelID == d.Fake.DMChannelID(m.User.ID) {
		guildID = ""
	}
	if q.Type == int(discordgo.SelectMenuComponent) || len(q.Values) > 0 {
		vals := make([]any, len(q.Values))
		for i, v := range q.Values {
			vals[i] = v
		}
		return d.Fake.SelectMenu(guildID, m, q.Message, q.CustomID, discordgo.ComponentType(q.Type), vals...)
	}
	return d.Fake.ClickButton(guildID, m, q.Message, q.CustomID)
}

// modal submits a form; one opened in the DMs is submitted there.
func (d *Demo) modal(m discordtest.Member, q request) *discordtest.Interaction {
	if q.Channel == "" {
		if dm := d.Fake.DMChannelID(m.User.ID); dm != "" {
			return d.Fake.SubmitModal("", m, q.CustomID, q.Fields, discordtest.InChannel(dm))
		}
	}
	return d.Fake.SubmitModal(d.Guild.ID, m, q.CustomID, q.Fields, discordtest.InChannel(q.Channel))
}

func (d *Demo) travel(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("to") == "meeting" {
		next, err := d.nextMeeting(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		r.URL.RawQuery = "by=" + next.Sub(d.Clock.Now()).String()
	}
	by, err := time.ParseDuration(r.URL.Query().Get("by"))
	if err != nil || by <= 0 || by > 8*24*time.Hour {
		http.Error(w, "by: a duration such as 1h or 24h", http.StatusBadRequest)
		return
	}
	if err := d.Travel(r.Context(), by); err != nil {
		http.Error(w, "the scheduler failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, map[string]string{"now": d.Clock.Now().Format("Mon 2 Jan 2006, 15:04 MST")})
}

// nextMeeting is when the next planned meeting on the demo server starts.
func (d *Demo) nextMeeting(ctx context.Context) (time.Time, error) {
	now := d.Clock.Now()
	ms, err := d.Store.Meetings(ctx, d.Guild.ID)
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, m := range ms {
		occ, err := d.Store.Occurrences(ctx, d.Guild.ID, m.ID, now.Add(time.Second), now.Add(15*24*time.Hour))
		if err != nil {
			return time.Time{}, err
		}
		if len(occ) > 0 && (next.IsZero() || occ[0].StartsAt.Before(next)) {
			next = occ[0].StartsAt
		}
	}
	if next.IsZero() {
		return time.Time{}, fmt.Errorf("no meeting is planned in the next two weeks")
	}
	return next, nil
}
