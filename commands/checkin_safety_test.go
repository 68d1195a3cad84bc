package commands_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
)

func TestCheckinSafetyNetTriggers(t *testing.T) {
	tests := []struct {
		name   string
		mood   int
		note   string
		safety bool
	}{
		{"struggling", 1, "", true},
		{"struggling with a note", 1, "long day", true},
		{"low", 2, "", false},
		{"okay with crisis language", 3, "I don't want to be here anymore", true},
		{"great with crisis language", 5, "honestly I want to kms", true},
		{"low with an idiom", 2, "this homework is killing me, I was killing myself laughing", false},
		{"okay denying it", 3, "I'm not suicidal, just tired", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newCiFixture(t, ciConfigured)
			c, resp := f.checkin(member1, tt.mood)
			if tt.note != "" {
				resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": tt.note})
			}
			text := ciText(resp)
			_, hasReach := ciButtons(resp)["Ask a moderator to reach out"]
			got := hasReach && len(resp.Embeds) > 0 && strings.Contains(text, "You are not alone") && strings.Contains(text, "saved")
			if got != tt.safety {
				t.Fatalf("safety net shown = %v, want %v:\n%s", got, tt.safety, text)
			}
			if !resp.Ephemeral {
				t.Fatal("reply is not private")
			}
			if tt.note != "" && strings.Contains(text, tt.note) {
				t.Fatal("the reply repeats the note")
			}
			if n := len(f.sent()); n != 0 {
				t.Fatalf("%d messages sent before the member chose anything", n)
			}
		})
	}
}

func TestCheckinSafetyNetCrisisLinesFollowTheMember(t *testing.T) {
	tests := []struct {
		name, member, server string
		want                 string
	}{
		{"member's country", "Germany", "GB", "Crisis lines: Germany"},
		{"server default", "", "GB", "Crisis lines: United Kingdom"},
		{"neither: international", "", "", "Anywhere in the world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := map[string]string{}
			if tt.server != "" {
				settings[data.SettingCountry] = tt.server
			}
			f := newCiFixture(t, settings)
			if tt.member != "" {
				if resp := f.slash(member1, "country", opt{"country", tt.member}); !strings.Contains(resp.Content, "Saved") {
					t.Fatalf("/checkin country: %s", resp.Content)
				}
			}
			_, resp := f.checkin(member1, 1)
			if len(resp.Embeds) == 0 || !strings.Contains(ciText(resp), tt.want) {
				t.Fatalf("crisis lines lack %q:\n%s", tt.want, ciText(resp))
			}
			if tt.server == "" && tt.member == "" && resp.Embeds[0].Title != "You are not alone" {
				t.Fatalf("first embed %q", resp.Embeds[0].Title)
			}
		})
	}
}

func TestCheckinAskAModeratorOnlyWhenChosen(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, resp := f.checkin(member1, 1, opt{"note", true})
	if resp.Modal != nil {
		t.Fatal("a struggling check-in opened the note form before the safety net")
	}
	if !strings.Contains(resp.Content, "Add a note") {
		t.Fatalf("reply doesn't point to the note button:\n%s", resp.Content)
	}
	const note = "everything feels too heavy since the news"
	if form := f.press(member1, ciButton(t, resp, "Add a note")); form.Modal == nil {
		t.Fatal("Add a note didn't open the form")
	}
	resp = f.submit(member1, fmt.Sprintf("ci-notesave:%d", c.ID), map[string]string{"note": note})
	if len(f.sent()) != 0 {
		t.Fatal("something was sent before the member asked")
	}

	resp = f.press(member1, ciButton(t, resp, "Ask a moderator to reach out"))
	sent := f.sent()
	if len(sent) != 1 || sent[0].ChannelID != ciAlerts {
		t.Fatalf("sent %+v, want one notice in the alerts channel", sent)
	}
	notice := sent[0].Msg
	if !strings.Contains(notice.Content, "<@"+member1+">") || !strings.Contains(notice.Content, "<@&"+ciModRole+">") ||
		!strings.Contains(notice.Content, "struggling") {
		t.Fatalf("notice content:\n%s", notice.Content)
	}
	if strings.Contains(notice.Content, "heavy") || len(notice.Embeds) != 0 {
		t.Fatal("the notice carries the note")
	}
	m := notice.AllowedMentions
	if m == nil || len(m.Parse) != 0 || len(m.Users) != 0 || len(m.Roles) != 1 || m.Roles[0] != ciModRole {
		t.Fatalf("notice mentions %+v, want the moderator role only", m)
	}
	if !resp.Update || !strings.Contains(resp.Content, "I've asked the moderators") || len(resp.Embeds) == 0 {
		t.Fatalf("reply after asking (update=%v):\n%s", resp.Update, resp.Content)
	}
	if _, ok := ciButtons(resp)["Ask a moderator to reach out"]; ok {
		t.Fatal("the ask button is still offered")
	}
	fu, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID)
	if err != nil || fu.AlertMessageID != sent[0].ID || fu.NoteShared {
		t.Fatalf("follow-up %+v, %v", fu, err)
	}

	// Pressing again (an old copy of the message) sends nothing more.
	f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if n := len(f.sent()); n != 1 {
		t.Fatalf("asking twice sent %d messages", n)
	}

	// The note goes only on the second, explicit choice.
	resp = f.press(member1, ciButton(t, resp, "Share my note with the moderators too"))
	sent = f.sent()
	if len(sent) != 2 || sent[1].ChannelID != ciAlerts {
		t.Fatalf("sent %+v", sent)
	}
	shared := sent[1].Msg
	if len(shared.Embeds) != 1 || shared.Embeds[0].Description != note || shared.Reference == nil || shared.Reference.MessageID != sent[0].ID {
		t.Fatalf("shared note message %+v", shared)
	}
	if m := shared.AllowedMentions; m == nil || len(m.Parse) != 0 || len(m.Roles) != 0 {
		t.Fatalf("shared note pings %+v", m)
	}
	if !strings.Contains(resp.Content, "You shared your note with them.") {
		t.Fatalf("reply after sharing the note:\n%s", resp.Content)
	}
	if _, ok := ciButtons(resp)["Share my note with the moderators too"]; ok {
		t.Fatal("the share-note button is still offered")
	}
	f.press(member1, fmt.Sprintf("ci-reachnote:%d", c.ID))
	if n := len(f.sent()); n != 2 {
		t.Fatalf("sharing the note twice sent %d messages", n)
	}

	// Moderators see who asked, never the note.
	resp = f.run(f.cmd.Handle, slash(f.st(), mod1, true, "checkin", "followups"))
	if text := ciText(resp); !strings.Contains(text, "<@"+member1+">") || !strings.Contains(text, "shared their note") || strings.Contains(text, "heavy") {
		t.Fatalf("/mod-checkins followups:\n%s", text)
	}
}

func TestCheckinAskAModeratorWithoutAlertsChannel(t *testing.T) {
	f := newCiFixture(t, map[string]string{data.SettingCountry: "GB"})
	c, resp := f.checkin(member1, 1)
	if _, ok := ciButtons(resp)["Ask a moderator to reach out"]; ok {
		t.Fatal("offered to ask a moderator with no alerts channel")
	}
	if !strings.Contains(resp.Content, "message one of this server's moderators directly") || len(resp.Embeds) == 0 {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	// An old button, pressed after the channel was unset.
	resp = f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "hasn't set up a channel") || !strings.Contains(ciText(resp), "United Kingdom") {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	if len(f.sent()) != 0 {
		t.Fatal("something was sent")
	}
	if _, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a follow-up was recorded: %v", err)
	}
}

func TestCheckinAskAModeratorWhenDiscordFails(t *testing.T) {
	f := newCiFixture(t, ciConfigured)
	c, _ := f.checkin(member1, 1)
	f.fd.FailSend = errors.New("HTTP 500")
	resp := f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "couldn't reach the moderators") || len(resp.Embeds) == 0 {
		t.Fatalf("reply:\n%s", ciText(resp))
	}
	if _, err := f.s.CheckinFollowupFor(context.Background(), guildA, member1, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a follow-up was recorded though nothing was sent: %v", err)
	}
	f.fd.FailSend = nil
	resp = f.press(member1, fmt.Sprintf("ci-reach:%d", c.ID))
	if !strings.Contains(resp.Content, "I've asked the moderators") || len(f.sent()) != 1 {
		t.Fatalf("retry:\n%s", resp.Content)
	}
}
