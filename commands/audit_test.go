package commands_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

func TestAuditShowsAndExportsModeratorActions(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.SetSetting(ctx, guildA, mod1, data.SettingTimeZone, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	st := settingsOf(t, s, guildA)
	req := slash(st, mod1, true, "meeting", "edit")
	req.Now = testNow.Add(60e9)
	commands.RecordAction(ctx, s, req, data.AuditMeetings, "edit", "=HYPERLINK(\"x\")", "schedule: every Tuesday at 19:00")
	commands.RecordAction(ctx, s, slash(settingsOf(t, s, guildB), mod1, true, "meeting", "edit"), data.AuditMeetings, "edit", "Server B's meeting", "")
	cmd := commands.Audit(s)
	if !cmd.Moderator {
		t.Fatal("/audit must be for moderators")
	}

	resp, err := cmd.Handle(ctx, slash(st, mod1, true, "audit", "show"))
	if err != nil || len(resp.Embeds) != 1 {
		t.Fatalf("show = %+v, %v", resp, err)
	}
	d := resp.Embeds[0].Description
	if !strings.Contains(d, "<@"+mod1+">") || !strings.Contains(d, "**meetings** edit") || !strings.Contains(d, "**settings** change · Server time zone — UTC → Europe/London") {
		t.Fatalf("show = %q", d)
	}
	if strings.Index(d, "meetings") > strings.Index(d, "settings") {
		t.Errorf("show is not newest first: %q", d)
	}
	if strings.Contains(d, "Server B") || utf8.RuneCountInString(d) > 4096 {
		t.Errorf("show = %q", d)
	}
	resp, err = cmd.Handle(ctx, slash(st, mod1, true, "audit", "show", opt{"feature", "concerns"}))
	if err != nil || !strings.Contains(resp.Content, "No moderator actions in concerns") {
		t.Fatalf("show concerns = %+v, %v", resp, err)
	}

	resp, err = cmd.Handle(ctx, slash(st, mod1, true, "audit", "export"))
	if err != nil || len(resp.Files) != 1 || !strings.HasSuffix(resp.Files[0].Name, ".csv") || !resp.Ephemeral {
		t.Fatalf("export = %+v, %v", resp, err)
	}
	rows, err := csv.NewReader(resp.Files[0].Reader).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "at_utc" || rows[1][4] != "'=HYPERLINK(\"x\")" || rows[2][3] != "change" {
		t.Fatalf("csv = %q", rows)
	}

	resp, err = cmd.Handle(ctx, slash(st, mod1, true, "audit", "export", opt{"format", "json"}, opt{"feature", "settings"}))
	if err != nil || len(resp.Files) != 1 {
		t.Fatalf("json export = %+v, %v", resp, err)
	}
	var recs []map[string]string
	if err := json.NewDecoder(resp.Files[0].Reader).Decode(&recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0]["target"] != "timezone" || recs[0]["moderator_id"] != mod1 {
		t.Fatalf("json = %+v", recs)
	}
}

func TestAuditShowsErasedModerators(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	st := settingsOf(t, s, guildA)
	commands.RecordAction(ctx, s, slash(st, mod1, true, "meeting", "edit"), data.AuditMeetings, "delete", "Tuesday group", "")
	if _, err := s.DeleteMemberData(ctx, guildA, mod1); err != nil {
		t.Fatal(err)
	}
	resp, err := commands.Audit(s).Handle(ctx, slash(st, mod2(), true, "audit", "show"))
	if err != nil {
		t.Fatal(err)
	}
	if d := resp.Embeds[0].Description; !strings.Contains(d, "a member who erased their data") || strings.Contains(d, mod1) {
		t.Fatalf("show = %q", d)
	}
}

func mod2() string { return "200000000000000008" }

// failingAuditor refuses every audit write.
type failingAuditor struct{}

func (failingAuditor) RecordModeratorAction(context.Context, data.ModeratorAction) error {
	return errors.New("disk full")
}

func TestRecordActionFailureIsLoggedNotReturned(t *testing.T) {
	s := newStore(t)
	var logs bytes.Buffer
	req := slash(settingsOf(t, s, guildA), mod1, true, "meeting", "pause")
	req.Log = slog.New(slog.NewTextHandler(&logs, nil))
	commands.RecordAction(context.Background(), failingAuditor{}, req, data.AuditMeetings, "pause", "Tuesday group", "")
	if !strings.Contains(logs.String(), "disk full") || !strings.Contains(logs.String(), "pause") {
		t.Fatalf("log = %q, want the failed audit write", logs.String())
	}
}
