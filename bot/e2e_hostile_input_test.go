package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// A subcommand path of a registered command, with its options.
type commandLeaf struct {
	path []string
	opts []*discordgo.ApplicationCommandOption
}

// commandLeaves lists every subcommand (or command without any) of the
// chat commands synced to the fake.
func commandLeaves(h *harness) []commandLeaf {
	var out []commandLeaf
	for _, c := range h.fake.Commands() {
		if c.Type != 0 && c.Type != discordgo.ChatApplicationCommand {
			continue
		}
		sub := false
		for _, o := range c.Options {
			switch o.Type {
			case discordgo.ApplicationCommandOptionSubCommand:
				sub = true
				out = append(out, commandLeaf{[]string{c.Name, o.Name}, o.Options})
			case discordgo.ApplicationCommandOptionSubCommandGroup:
				sub = true
				for _, s := range o.Options {
					out = append(out, commandLeaf{[]string{c.Name, o.Name, s.Name}, s.Options})
				}
			}
		}
		if !sub {
			out = append(out, commandLeaf{[]string{c.Name}, c.Options})
		}
	}
	return out
}

// args wraps options in the leaf's subcommand path.
func (l commandLeaf) args(opts []discordtest.Arg) []discordtest.Arg {
	switch len(l.path) {
	case 2:
		return []discordtest.Arg{discordtest.Sub(l.path[1], opts...)}
	case 3:
		return []discordtest.Arg{discordtest.Group(l.path[1], discordtest.Sub(l.path[2], opts...))}
	}
	return opts
}

// TestEveryCommandTakesHostileInput sends every subcommand, as the
// server's owner and as a member, in the server and in a DM, with every option filled three ways a
// modified client (or a fuzzer) can: far past Discord's lengths and
// ranges, empty or zero, of the wrong type, and full of markdown,
// mentions and control characters. Each gets an answer Discord accepts (the fake checks it
// against Discord's OpenAPI spec), none is the reply to a failure, and
// none had to be clipped to fit (which would mean quoting too much of
// what was typed).
func TestEveryCommandTakesHostileInput(t *testing.T) {
	logs := &logBuffer{}
	h := newHarnessLogging(t, logs)
	g := h.guild.ID
	nobody := "999999999999999999"
	rounds := []struct {
		name  string
		value func(o *discordgo.ApplicationCommandOption) discordtest.Arg
	}{
		{"too long", func(o *discordgo.ApplicationCommandOption) discordtest.Arg {
			switch o.Type {
			case discordgo.ApplicationCommandOptionString:
				return discordtest.Opt(o.Name, strings.Repeat("ä", 6000))
			case discordgo.ApplicationCommandOptionInteger:
				return discordtest.Opt(o.Name, 1<<53)
			case discordgo.ApplicationCommandOptionNumber:
				return discordtest.Opt(o.Name, 1e300)
			case discordgo.ApplicationCommandOptionBoolean:
				return discordtest.Opt(o.Name, true)
			case discordgo.ApplicationCommandOptionUser:
				return discordtest.UserOpt(o.Name, nobody)
			case discordgo.ApplicationCommandOptionChannel:
				return discordtest.ChannelOpt(o.Name, nobody)
			case discordgo.ApplicationCommandOptionRole:
				return discordtest.RoleOpt(o.Name, nobody)
			case discordgo.ApplicationCommandOptionMentionable:
				return discordtest.MentionableOpt(o.Name, nobody)
			case discordgo.ApplicationCommandOptionAttachment:
				return discordtest.AttachmentOpt(o.Name, "x.csv", "text/csv", []byte("\x00\xff,\"\n"+strings.Repeat("a,b\n", 3)))
			}
			return nil
		}},
		{"empty", func(o *discordgo.ApplicationCommandOption) discordtest.Arg {
			switch o.Type {
			case discordgo.ApplicationCommandOptionString:
				return discordtest.Opt(o.Name, "")
			case discordgo.ApplicationCommandOptionInteger:
				return discordtest.Opt(o.Name, -1)
			case discordgo.ApplicationCommandOptionNumber:
				return discordtest.Opt(o.Name, -0.5)
			case discordgo.ApplicationCommandOptionBoolean:
				return discordtest.Opt(o.Name, false)
			case discordgo.ApplicationCommandOptionUser:
				return discordtest.UserOpt(o.Name, h.member("carol").User.ID)
			case discordgo.ApplicationCommandOptionChannel:
				return discordtest.ChannelOpt(o.Name, h.guild.ChannelID("general"))
			case discordgo.ApplicationCommandOptionRole, discordgo.ApplicationCommandOptionMentionable:
				return discordtest.RoleOpt(o.Name, g) // @everyone
			}
			return nil
		}},
		{"wrong type", func(o *discordgo.ApplicationCommandOption) discordtest.Arg {
			switch o.Type {
			case discordgo.ApplicationCommandOptionString:
				return discordtest.Opt(o.Name, 42)
			case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber, discordgo.ApplicationCommandOptionBoolean:
				return discordtest.Opt(o.Name, "yes")
			case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionChannel, discordgo.ApplicationCommandOptionRole,
				discordgo.ApplicationCommandOptionMentionable:
				return discordtest.Opt(o.Name, 12345)
			}
			return nil
		}},
		{"markup", func(o *discordgo.ApplicationCommandOption) discordtest.Arg {
			switch o.Type {
			case discordgo.ApplicationCommandOptionString:
				return discordtest.Opt(o.Name, "@everyone <@&1> ```\u202e\u0000 *_~|| 💙 '\"; DROP TABLE x;--")
			case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
				return discordtest.Opt(o.Name, 0)
			}
			return nil
		}},
	}
	leaves := commandLeaves(h)
	forms := 0 // forms submitted with their fields filled
	suggested := 0
	// The owner and a member in the server, and the member in a DM.
	for _, where := range []struct{ who, guild string }{{"alice", g}, {"carol", g}, {"carol", ""}} {
		who, g := where.who, where.guild
		if g == "" {
			who += " in a DM"
		}
		m := h.member(where.who)
		for _, round := range rounds {
			for _, l := range leaves {
				var opts []discordtest.Arg
				for _, o := range l.opts {
					if a := round.value(o); a != nil {
						opts = append(opts, a)
					}
				}
				what := who + ", " + round.name + ": /" + strings.Join(l.path, " ")
				resp := h.fake.SlashCommand(g, m, l.path[0], l.args(opts)...).Wait(t)
				if resp.Type == discordgo.InteractionResponseModal {
					// The form it opens gets the same treatment.
					fields := hostileFields(resp.Data.Components, round.name)
					forms += min(len(fields), 1)
					resp = h.fake.SubmitModal(g, m, resp.Data.CustomID, fields).Wait(t)
					what += " (its form)"
				}
				wantKindAnswer(t, what, resp)
				// So does every suggestion list, whatever has been typed.
				for _, o := range l.opts {
					if !o.Autocomplete {
						continue
					}
					typed := map[string]string{"too long": strings.Repeat("ä", 6000), "empty": "", "wrong type": "42", "markup": "`*_~|| \u0000 <@&1>"}[round.name]
					ac := h.fake.Autocomplete(g, m, l.path[0], l.args([]discordtest.Arg{discordtest.Focused(o.Name, typed)})...).Wait(t)
					if ac.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
						t.Errorf("%s, suggestions for %s: answered with type %d", what, o.Name, ac.Type)
					}
					suggested++
				}
			}
		}
	}
	if forms == 0 || suggested == 0 {
		t.Errorf("%d forms filled in and %d suggestion lists asked for, want some of each", forms, suggested)
	}
	if strings.Contains(logs.String(), "reply longer than Discord allows; clipped") {
		t.Error("a reply was longer than Discord allows and had to be clipped")
	}
	noErrorLogged(t, logs)
}

// hostileFields fills every text input of a form as round does options:
// past its length, empty, or full of markup.
func hostileFields(rows []discordgo.MessageComponent, round string) map[string]string {
	value := map[string]string{
		"too long":   strings.Repeat("ä", 6000),
		"empty":      "",
		"wrong type": "42",
		"markup":     "@everyone <@&1> ```\u202e\u0000 *_~|| 💙",
	}[round]
	fields := map[string]string{}
	for _, row := range rows {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if in, ok := c.(*discordgo.TextInput); ok {
				fields[in.CustomID] = value
			}
		}
	}
	return fields
}

// wantKindAnswer fails unless resp is an answer a member can read: not a
// failure's, and not empty. A deferral is answered later, and passes.
func wantKindAnswer(t *testing.T, what string, resp *discordtest.Response) {
	t.Helper()
	if resp.Type == discordgo.InteractionResponseModal || resp.Deferred() {
		return
	}
	c := resp.Content()
	if strings.Contains(c, "went wrong") || (c == "" && len(resp.Data.Embeds) == 0 && len(resp.Data.Attachments) == 0) {
		t.Errorf("%s answered %.200q", what, c)
	}
}

// TestEveryButtonAndMenuTakesHostileInput presses every button and picks
// in every menu on what Kindred answers (every subcommand with nothing
// given, and a few check-ins), as a member and as the owner, and then on
// what those answer in turn: menus get values no menu offered (150
// characters, empty, unknown), and forms get 6,000 characters in each
// box. Each answer is one a member can read, not a failure's, and
// Discord accepts it.
func TestEveryButtonAndMenuTakesHostileInput(t *testing.T) {
	logs := &logBuffer{}
	h := newHarnessLogging(t, logs)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	type sent struct {
		who  discordtest.Member
		name string
		args []discordtest.Arg
	}
	var sends []sent
	for _, who := range []discordtest.Member{alice, carol} {
		for _, l := range commandLeaves(h) {
			sends = append(sends, sent{who, l.path[0], l.args(nil)})
		}
	}
	sends = append(sends,
		sent{carol, "checkin", []discordtest.Arg{discordtest.Sub("now", discordtest.Opt("mood", 1))}},
		sent{carol, "checkin", []discordtest.Arg{discordtest.Sub("now", discordtest.Opt("mood", 5), discordtest.Opt("feelings", "hopeful, tired"))}},
		sent{carol, "checkin", []discordtest.Arg{discordtest.Sub("history")}},
		sent{alice, "checkin", []discordtest.Arg{discordtest.Sub("now", discordtest.Opt("mood", 2))}},
	)
	var queue []*discordtest.Message
	for _, s := range sends {
		in := h.fake.SlashCommand(g, s.who, s.name, s.args...)
		if resp := in.Wait(t); resp.Type != discordgo.InteractionResponseModal {
			if m := in.Original(); m != nil && len(m.Components) > 0 {
				queue = append(queue, m)
			}
		}
	}
	const maxMessages = 60
	pressed := 0
	press := func(m *discordtest.Message, c discordgo.MessageComponent) {
		customID, kind, values := "", discordgo.ButtonComponent, []any(nil)
		switch k := c.(type) {
		case *discordgo.Button:
			customID = k.CustomID
		case *discordgo.SelectMenu:
			customID, kind = k.CustomID, k.Type()
			values = []any{"999999999999999999"}
			if k.Type() == discordgo.SelectMenuComponent {
				values = []any{strings.Repeat("x", 150), "", "unknown", "💙"}
			}
		}
		for _, who := range []discordtest.Member{carol, alice} {
			// An earlier press may have replaced the message's components.
			if customID == "" || !hasComponent(h.fake.Message(m.ID), customID) {
				return
			}
			in := h.fake.SelectMenu(g, who, m, customID, kind, values...)
			resp := in.Wait(t)
			pressed++
			if o := in.Original(); o != nil && o.ID != m.ID && len(o.Components) > 0 && len(queue) < maxMessages {
				queue = append(queue, o)
			}
			if resp.Type == discordgo.InteractionResponseModal {
				resp = h.fake.SubmitModal(g, who, resp.Data.CustomID, hostileFields(resp.Data.Components, "too long"), discordtest.OnMessage(m.ID)).Wait(t)
			}
			wantKindAnswer(t, customID, resp)
		}
	}
	for i := 0; i < len(queue); i++ {
		for _, row := range queue[i].Components {
			if r, ok := row.(*discordgo.ActionsRow); ok {
				for _, c := range r.Components {
					press(queue[i], c)
				}
			}
		}
	}
	if len(queue) < 10 || pressed < 50 {
		t.Errorf("only %d messages and %d presses", len(queue), pressed)
	}
	if strings.Contains(logs.String(), "reply longer than Discord allows; clipped") {
		t.Error("a reply was longer than Discord allows and had to be clipped")
	}
	noErrorLogged(t, logs)
}

// noErrorLogged fails for each error the bot logged: input, however
// hostile, is answered, never a failure of Kindred's own.
func noErrorLogged(t *testing.T, logs *logBuffer) {
	t.Helper()
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("logged: %.300s", line)
		}
	}
}

// hasComponent reports whether m still has a button or menu customID.
func hasComponent(m *discordtest.Message, customID string) bool {
	if m == nil {
		return false
	}
	for _, row := range m.Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			switch k := c.(type) {
			case *discordgo.Button:
				if k.CustomID == customID {
					return true
				}
			case *discordgo.SelectMenu:
				if k.CustomID == customID {
					return true
				}
			}
		}
	}
	return false
}
