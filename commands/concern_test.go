package commands_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

const concernAlerts = "300000000000000077"

type concernFixture struct {
	s   *data.Store
	f   *fakeDiscord
	cmd *commands.Command
}

func newConcernFixture(t *testing.T, alerts bool) *concernFixture {
	t.Helper()
	s := newStore(t)
	if alerts {
		if _, err := s.SetSetting(context.Background(), guildA, mod1, data.SettingAlertsChannel, concernAlerts); err != nil {
			t.Fatal(err)
		}
	}
	f := newFakeDiscord()
	return &concernFixture{s: s, f: f, cmd: commands.Concern(s, f, slog.New(slog.DiscardHandler))}
}

func (fx *concernFixture) run(t *testing.T, req *commands.Request) *commands.Response {
	t.Helper()
	var h commands.Handler
	switch req.Interaction.Type {
	case discordgo.InteractionModalSubmit:
		k, _, _ := strings.Cut(req.Interaction.ModalSubmitData().CustomID, ":")
		h = fx.cmd.Components[k].Handle
	case discordgo.InteractionMessageComponent:
		k, _, _ := strings.Cut(req.Interaction.MessageComponentData().CustomID, ":")
		h = fx.cmd.Components[k].Handle
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = fx.cmd.Autocomplete
	default:
		h = fx.cmd.Handle
	}
	resp, err := h(context.Background(), req)
	if err != nil {
		t.Fatalf("handler: %v", err)
	}
	return resp
}

// raise opens the form for member and submits text, returning the reply.
func (fx *concernFixture) raise(t *testing.T, member string, anonymous bool, text string) *commands.Response {
	t.Helper()
	st := settingsOf(t, fx.s, guildA)
	sub := "named"
	if anonymous {
		sub = "anonymous"
	}
	form := fx.run(t, slash(st, member, false, "concern", sub))
	if form.Modal == nil {
		t.Fatalf("/concern %s: no form, got %q", sub, form.Content)
	}
	if n := utf8.RuneCountInString(form.Modal.Title); n > 45 {
		t.Errorf("form title has %d characters, Discord allows 45", n)
	}
	return fx.run(t, modal(st, member, false, form.Modal.CustomID, map[string]string{"text": text}))
}

func (fx *concernFixture) only(t *testing.T) data.Concern {
	t.Helper()
	cs, err := fx.s.Concerns(context.Background(), guildA, true, 0)
	if err != nil || len(cs) != 1 {
		t.Fatalf("concerns = %+v, %v; want one", cs, err)
	}
	return cs[0]
}

func TestAnonymousConcernReachesModeratorsWithoutTheMember(t *testing.T) {
	fx := newConcernFixture(t, true)
	resp := fx.raise(t, member1, true, "The voice chat on Friday made me uncomfortable.")
	c := fx.only(t)
	if !resp.Ephemeral || !strings.Contains(resp.Content, "anonymously") || !strings.Contains(resp.Content, c.Ref) {
		t.Fatalf("reply = %+v", resp)
	}
	if c.UserID != "" || c.ReplyChannelID != "dm-"+member1 || !c.Anonymous {
		t.Fatalf("stored concern = %+v: an anonymous concern keeps only the DM channel", c)
	}
	if len(fx.f.Sent) != 1 {
		t.Fatalf("sent %d messages, want the alert", len(fx.f.Sent))
	}
	alert := fx.f.Sent[0]
	if alert.ChannelID != concernAlerts || !strings.Contains(alert.Msg.Content, c.Ref) ||
		alert.Msg.Embeds[0].Description != "The voice chat on Friday made me uncomfortable." {
		t.Fatalf("alert = %+v", alert.Msg)
	}
	if all := alert.Msg.Content + alert.Msg.Embeds[0].Footer.Text; strings.Contains(all, member1) {
		t.Fatalf("the alert names the member: %q", all)
	}
	if got, _ := fx.s.Concern(context.Background(), guildA, c.Ref); got.AlertMessageID != alert.ID {
		t.Errorf("alert message %q not recorded (got %q)", alert.ID, got.AlertMessageID)
	}

	// A moderator replies: the member gets it by DM through the mapping,
	// the other moderators see a copy, and the audit log has it.
	st := settingsOf(t, fx.s, guildA)
	resp = fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", strings.ToLower(c.Ref)}, opt{"text", "Thank you for telling us. We'll look into it."}))
	if !strings.Contains(resp.Content, "Sent your reply") {
		t.Fatalf("reply = %q", resp.Content)
	}
	dm := fx.f.Sent[1]
	if dm.ChannelID != "dm-"+member1 || dm.Msg.Embeds[0].Description != "Thank you for telling us. We'll look into it." ||
		!strings.Contains(dm.Msg.Embeds[0].Footer.Text, "stays anonymous") {
		t.Fatalf("DM = %+v", dm)
	}
	if cp := fx.f.Sent[2]; cp.ChannelID != concernAlerts || !strings.Contains(cp.Msg.Content, "<@"+mod1+"> replied") {
		t.Errorf("copy to moderators = %+v", cp)
	}
	log, err := fx.s.ModeratorAudit(context.Background(), guildA, data.AuditConcerns, 0)
	if err != nil || len(log) != 1 || log[0].Action != "reply" || log[0].ModeratorID != mod1 {
		t.Fatalf("audit = %+v, %v", log, err)
	}

	// Closing tells the member and forgets the mapping.
	resp = fx.run(t, slash(st, mod1, true, "concern", "close", opt{"ref", c.Ref}))
	if !strings.Contains(resp.Content, "Closed") || !strings.Contains(resp.Content, "let them know") {
		t.Fatalf("close = %q", resp.Content)
	}
	if got := fx.only(t); got.ReplyChannelID != "" || got.Status != data.ConcernClosed {
		t.Fatalf("after close: %+v", got)
	}
	resp = fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", c.Ref}, opt{"text", "One more thing"}))
	if !strings.Contains(resp.Content, "closed") || !strings.Contains(resp.Content, "One more thing") {
		t.Fatalf("reply after close = %q", resp.Content)
	}
}

func TestNamedConcernNamesTheMemberAndRepliesByDM(t *testing.T) {
	fx := newConcernFixture(t, true)
	fx.raise(t, member1, false, "I'd like to talk about the rules.")
	c := fx.only(t)
	if c.UserID != member1 || c.ReplyChannelID != "" {
		t.Fatalf("named concern = %+v", c)
	}
	if !strings.Contains(fx.f.Sent[0].Msg.Content, "<@"+member1+">") {
		t.Errorf("alert = %q, want the member named", fx.f.Sent[0].Msg.Content)
	}
	st := settingsOf(t, fx.s, guildA)
	fx.f.ClosedDM[member1] = true
	resp := fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", c.Ref}, opt{"text", "Happy to talk."}))
	if !strings.Contains(resp.Content, "couldn't deliver") || !strings.Contains(resp.Content, "Happy to talk.") {
		t.Fatalf("reply with closed DMs = %q", resp.Content)
	}
	if got := fx.only(t); got.Replies != 0 {
		t.Errorf("a reply that didn't arrive was counted")
	}
	fx.f.ClosedDM[member1] = false
	fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", c.Ref}, opt{"text", "Happy to talk."}))
	if last := fx.f.Sent[len(fx.f.Sent)-2]; last.UserID != member1 {
		t.Errorf("reply went to %+v, want a DM to the member", last)
	}
}

// replyUnrecorded is a store whose RecordConcernReply fails, as it does
// on a full disk.
type replyUnrecorded struct{ *data.Store }

func (replyUnrecorded) RecordConcernReply(context.Context, string, string, string) (data.Concern, error) {
	return data.Concern{}, errors.New("database or disk is full")
}

func TestConcernReplyDeliveredButNotRecordedSaysSo(t *testing.T) {
	fx := newConcernFixture(t, true)
	fx.cmd = commands.Concern(replyUnrecorded{fx.s}, fx.f, slog.New(slog.DiscardHandler))
	fx.raise(t, member1, false, "I'd like to talk about the rules.")
	c := fx.only(t)
	st := settingsOf(t, fx.s, guildA)
	sentBefore := len(fx.f.Sent)
	resp := fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", c.Ref}, opt{"text", "Happy to talk."}))
	if !strings.Contains(resp.Content, "reached the member") || !strings.Contains(resp.Content, "no need to send it again") ||
		!strings.Contains(resp.Content, "Happy to talk.") || !resp.Ephemeral {
		t.Fatalf("reply delivered but not recorded = %q (ephemeral %v), want it said, with the text", resp.Content, resp.Ephemeral)
	}
	sent := fx.f.Sent[sentBefore:]
	if len(sent) != 2 || sent[0].UserID != member1 || sent[1].ChannelID != concernAlerts {
		t.Fatalf("sent %+v, want the DM to the member and then the copy for the moderators", sent)
	}
}

func TestConcernWithoutAlertsChannelGivesTheTextBack(t *testing.T) {
	fx := newConcernFixture(t, false)
	st := settingsOf(t, fx.s, guildA)
	resp := fx.run(t, slash(st, member1, false, "concern", "anonymous"))
	if resp.Modal != nil || !strings.Contains(resp.Content, "haven't chosen a private channel") {
		t.Fatalf("/concern without an alerts channel = %+v", resp)
	}
	// A form opened before the channel was cleared still loses nothing.
	resp = fx.run(t, modal(st, member1, false, "cn-raise:a", map[string]string{"text": "Please read this."}))
	if len(resp.Embeds) != 1 || resp.Embeds[0].Description != "Please read this." || !resp.Ephemeral {
		t.Fatalf("reply = %+v, want the text given back", resp)
	}
	if cs, _ := fx.s.Concerns(context.Background(), guildA, true, 0); len(cs) != 0 {
		t.Errorf("a concern was stored: %+v", cs)
	}
}

func TestConcernPostFailureAndRateLimitGiveTheTextBack(t *testing.T) {
	fx := newConcernFixture(t, true)
	fx.f.FailSend = errors.New("HTTP 403 Forbidden")
	resp := fx.raise(t, member1, true, "First try.")
	if len(resp.Embeds) != 1 || resp.Embeds[0].Description != "First try." || !strings.Contains(resp.Content, "couldn't reach") {
		t.Fatalf("reply when the alert fails = %+v", resp)
	}
	if cs, _ := fx.s.Concerns(context.Background(), guildA, true, 0); len(cs) != 0 {
		t.Fatalf("a concern the moderators never saw was kept: %+v", cs)
	}
	fx.f.FailSend = nil
	for i := range data.ConcernsPerDay {
		if resp := fx.raise(t, member1, i%2 == 0, "Concern"); len(resp.Embeds) != 0 {
			t.Fatalf("concern %d refused: %q (the failed one must not count)", i+1, resp.Content)
		}
	}
	resp = fx.raise(t, member1, true, "One too many.")
	if len(resp.Embeds) != 1 || resp.Embeds[0].Description != "One too many." || !strings.Contains(resp.Content, "up to 3 concerns a day") {
		t.Fatalf("over the limit = %+v", resp)
	}
}

func TestConcernCrisisLanguageOffersHelp(t *testing.T) {
	tests := []struct {
		name, text   string
		urgent       bool
		wantInReply  string
		wantEmbedded bool
	}{
		{"urgent", "Honestly I want to kill myself after what happened.", true, "emergency number", true},
		{"concern", "honestly whats the point anymore, everyone would be better off without me", true, "/crisis", false},
		{"none", "The bot posts too often in #general.", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newConcernFixture(t, true)
			resp := fx.raise(t, member1, true, tt.text)
			if tt.wantInReply != "" && !strings.Contains(resp.Content, tt.wantInReply) {
				t.Errorf("reply = %q, want %q", resp.Content, tt.wantInReply)
			}
			if got := len(resp.Embeds) > 0; got != tt.wantEmbedded {
				t.Errorf("reply has crisis embeds %v, want %v", got, tt.wantEmbedded)
			}
			if !strings.Contains(resp.Content, "anonymously") {
				t.Errorf("reply = %q, want the receipt too", resp.Content)
			}
			if len(fx.f.Sent) != 1 {
				t.Fatalf("sent %d messages, want the alert", len(fx.f.Sent))
			}
			alert := fx.f.Sent[0].Msg
			if got := strings.Contains(alert.Content, "Urgent"); got != tt.urgent {
				t.Errorf("alert marked urgent %v, want %v: %q", got, tt.urgent, alert.Content)
			}
			if strings.Contains(alert.Content, member1) {
				t.Errorf("the anonymous alert names the member: %q", alert.Content)
			}
		})
	}
}

func TestConcernListAndAutocompleteAreForModeratorsOfThisServer(t *testing.T) {
	fx := newConcernFixture(t, true)
	fx.raise(t, member1, true, "Anonymous one about the bot.")
	fx.raise(t, member2, false, "Named one.")
	st := settingsOf(t, fx.s, guildA)
	resp := fx.run(t, slash(st, mod1, true, "concern", "list"))
	if len(resp.Embeds) != 1 {
		t.Fatalf("list = %+v", resp)
	}
	d := resp.Embeds[0].Description
	if !strings.Contains(d, "anonymous") || !strings.Contains(d, "<@"+member2+">") || strings.Contains(d, member1) {
		t.Fatalf("list = %q", d)
	}
	ac := fx.run(t, modAutocomplete(st, mod1, "concern", "reply", "ref", opt{"ref", "bot"}))
	if len(ac.Choices) != 1 || !strings.Contains(ac.Choices[0].Name, "about the bot") {
		t.Fatalf("autocomplete = %+v", ac.Choices)
	}
	stB := settingsOf(t, fx.s, guildB)
	resp = fx.run(t, slash(stB, mod1, true, "concern", "close", opt{"ref", ac.Choices[0].Value}))
	if !strings.Contains(resp.Content, "no concern") {
		t.Fatalf("closing server A's concern from server B = %q", resp.Content)
	}
	resp = fx.run(t, slash(st, mod1, true, "concern", "close", opt{"ref", "nonsense"}))
	if !strings.Contains(resp.Content, "isn't a concern reference") {
		t.Fatalf("bad ref = %q", resp.Content)
	}
	for _, sub := range []string{"list", "reply", "close"} {
		if !slices.Contains(fx.cmd.ModeratorSubcommands, sub) {
			t.Errorf("/concern %s is not for moderators only", sub)
		}
	}
}

func TestConcernReplyWithAWrongRefKeepsTheText(t *testing.T) {
	fx := newConcernFixture(t, true)
	fx.raise(t, member1, true, "Something about the rules.")
	c := fx.only(t)
	const text = "Thanks, we're looking into it."
	for _, tc := range []struct {
		name, guild, ref, want string
	}{
		{"not a reference", guildA, "nonsense", "isn't a concern reference"},
		{"unknown reference", guildA, "C-ZZZZ", "no concern C-ZZZZ"},
		{"another server's concern", guildB, c.Ref, "no concern " + c.Ref},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := settingsOf(t, fx.s, tc.guild)
			resp := fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", tc.ref}, opt{"text", text}))
			if !resp.Ephemeral || !strings.Contains(resp.Content, tc.want) || !strings.Contains(resp.Content, "Your reply was:\n>>> "+text) {
				t.Fatalf("reply = %q, want %q and the moderator's text given back", resp.Content, tc.want)
			}
			if n := utf8.RuneCountInString(resp.Content); n > 2000 {
				t.Errorf("reply has %d characters, Discord allows 2000", n)
			}
		})
	}
	if len(fx.f.Sent) != 1 {
		t.Errorf("sent %d messages, want only the alert", len(fx.f.Sent))
	}
}

func TestAnonymousConcernDeliveryFailureLogsNoWayToTheMember(t *testing.T) {
	dm := "dm-" + member1
	for _, tc := range []struct {
		name  string
		err   error
		class string
	}{
		{"DMs closed", fmt.Errorf("send message to channel %s: %w", dm, &discordgo.RESTError{
			Response: &http.Response{StatusCode: http.StatusForbidden, Status: "403 Forbidden"},
			Message:  &discordgo.APIErrorMessage{Code: 50007, Message: "Cannot send messages to this user"},
		}), "discord 403 (50007)"},
		{"channel gone", fmt.Errorf("send message to channel %s: %w", dm, &discordgo.RESTError{
			Response: &http.Response{StatusCode: http.StatusNotFound, Status: "404 Not Found"},
		}), "discord 404"},
		{"network", fmt.Errorf("send message to channel %s: %w", dm, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}), "network"},
		{"timeout", fmt.Errorf("send message to channel %s: %w", dm, context.DeadlineExceeded), "timeout"},
		{"anything else", fmt.Errorf("send message to channel %s for user %s: broken", dm, member1), "other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newConcernFixture(t, true)
			var logs bytes.Buffer
			fx.cmd = commands.Concern(fx.s, fx.f, slog.New(slog.NewJSONHandler(&logs, nil)))
			fx.raise(t, member1, true, "Please look at the pinned post.")
			c := fx.only(t)
			st := settingsOf(t, fx.s, guildA)

			fx.f.FailSend = tc.err
			resp := fx.run(t, slash(st, mod1, true, "concern", "reply", opt{"ref", c.Ref}, opt{"text", "We hear you."}))
			if !strings.Contains(resp.Content, "couldn't deliver") || !strings.Contains(resp.Content, "We hear you.") {
				t.Fatalf("reply = %q", resp.Content)
			}
			resp = fx.run(t, slash(st, mod1, true, "concern", "close", opt{"ref", c.Ref}))
			if !strings.Contains(resp.Content, "couldn't tell them") {
				t.Fatalf("close = %q", resp.Content)
			}

			out := logs.String()
			var failures int
			for line := range strings.Lines(out) {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				if rec["concern"] == c.Ref && rec["guild"] == guildA && rec["err"] == tc.class {
					failures++
				}
			}
			if failures != 2 {
				t.Errorf("%d log lines give the concern and the error class %q, want 2 (reply and close):\n%s", failures, tc.class, out)
			}
			for _, leak := range []string{dm, member1, "connection refused", "Cannot send"} {
				if strings.Contains(out, leak) {
					t.Errorf("log holds %q next to an anonymous concern:\n%s", leak, out)
				}
			}
		})
	}
}

// checkModalLimits fails for a form Discord would refuse: a title or a
// box's label over 45 characters, a placeholder over 100.
func checkModalLimits(t *testing.T, where string, m *commands.Modal) {
	t.Helper()
	if n := utf8.RuneCountInString(m.Title); n > 45 {
		t.Errorf("%s: form title %q has %d characters, Discord allows 45", where, m.Title, n)
	}
	for _, row := range m.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			in, ok := c.(discordgo.TextInput)
			if !ok {
				continue
			}
			if n := utf8.RuneCountInString(in.Label); n < 1 || n > 45 {
				t.Errorf("%s: label %q has %d characters, Discord allows 1-45", where, in.Label, n)
			}
			if n := utf8.RuneCountInString(in.Placeholder); n > 100 {
				t.Errorf("%s: placeholder %q has %d characters, Discord allows 100", where, in.Placeholder, n)
			}
		}
	}
}

func TestConcernFormsFitDiscordInEveryLanguage(t *testing.T) {
	fx := newConcernFixture(t, true)
	st := settingsOf(t, fx.s, guildA)
	for _, l := range i18n.Languages() {
		for _, sub := range []string{"named", "anonymous"} {
			req := slash(st, member1, false, "concern", sub)
			req.Lang = l.Tag
			form := fx.run(t, req)
			if form.Modal == nil {
				t.Fatalf("%s /concern %s: no form, got %q", l.Tag, sub, form.Content)
			}
			checkModalLimits(t, l.Tag+" /concern "+sub, form.Modal)
		}
	}
}
