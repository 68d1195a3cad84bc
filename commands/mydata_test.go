package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// failingDeletes is a fakeDiscord whose deletes fail, as when Kindred
// lost access to a channel.
type failingDeletes struct{ *fakeDiscord }

func (failingDeletes) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	return errors.New("HTTP 403 Forbidden: Missing Access")
}

// seedMyData gives member1 a shared check-in with a note, a country, a
// named and an anonymous concern, in guildA; member2 a check-in.
func seedMyData(t *testing.T, s *data.Store) (sharedPost string) {
	t.Helper()
	ctx := context.Background()
	c, err := s.AddCheckin(ctx, data.Checkin{GuildID: guildA, UserID: member1, Mood: 2, Note: "slept badly"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkCheckinShared(ctx, guildA, member1, c.ID, channel1, "700000000000000001", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMemberCountry(ctx, guildA, member1, "GB"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RaiseConcern(ctx, data.NewConcern{GuildID: guildA, UserID: member1, Text: "named concern"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RaiseConcern(ctx, data.NewConcern{GuildID: guildA, UserID: member1, Anonymous: true, ReplyChannelID: "dm-" + member1, Text: "anonymous concern"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCheckin(ctx, data.Checkin{GuildID: guildA, UserID: member2, Mood: 4, Note: "member2's note"}, time.UTC); err != nil {
		t.Fatal(err)
	}
	return "700000000000000001"
}

func TestMyDataExportIsAFileOfTheMembersRecords(t *testing.T) {
	s := newStore(t)
	seedMyData(t, s)
	cmd := commands.MyData(s, newFakeDiscord(), slog.New(slog.DiscardHandler))
	resp, err := cmd.Handle(context.Background(), slash(settingsOf(t, s, guildA), member1, false, "mydata", "export"))
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Ephemeral || len(resp.Files) != 1 || !strings.HasSuffix(resp.Files[0].Name, ".json") {
		t.Fatalf("export reply = %+v", resp)
	}
	if len(resp.Content) > 2000 || !strings.Contains(resp.Content, "Your check-ins") || !strings.Contains(resp.Content, "Anonymous concerns aren't listed") {
		t.Errorf("summary = %q", resp.Content)
	}
	b, err := io.ReadAll(resp.Files[0].Reader)
	if err != nil {
		t.Fatal(err)
	}
	var e data.MemberExport
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if e.MemberID != member1 || e.Count("checkins") != 1 || e.Count("concerns") != 1 || e.Count("country") != 1 {
		t.Fatalf("export = %+v", e)
	}
	for _, leak := range []string{"slept badly"} {
		if !strings.Contains(string(b), leak) {
			t.Errorf("export lacks %q", leak)
		}
	}
	for _, leak := range []string{"member2's note", "anonymous concern", member2} {
		if strings.Contains(string(b), leak) {
			t.Errorf("export holds %q, which isn't the member's", leak)
		}
	}
}

func TestMyDataDeleteAsksThenErasesEverything(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	post := seedMyData(t, s)
	f := newFakeDiscord()
	cmd := commands.MyData(s, f, slog.New(slog.DiscardHandler))
	st := settingsOf(t, s, guildA)
	resp, err := cmd.Handle(ctx, slash(st, member1, false, "mydata", "delete"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(resp.Content, "can't be undone") || len(resp.Components) != 1 {
		t.Fatalf("confirmation = %+v", resp)
	}
	if e, _ := s.MemberExport(ctx, guildA, member1); e.Count("checkins") != 1 {
		t.Fatal("asking erased something")
	}
	resp, err = cmd.Components["mydata-keep"].Handle(ctx, component(st, member1, false, "mydata-keep"))
	if err != nil || !strings.Contains(resp.Content, "Nothing was erased") || !resp.Update {
		t.Fatalf("keep = %+v, %v", resp, err)
	}

	resp, err = cmd.Components["mydata-erase"].Handle(ctx, component(st, member1, false, "mydata-erase"))
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Update || !strings.Contains(resp.Content, "erased everything") || !strings.Contains(resp.Content, "1 post") {
		t.Fatalf("erase = %q", resp.Content)
	}
	if len(f.Deleted) != 1 || f.Deleted[0] != post {
		t.Errorf("deleted messages = %v, want the shared post %s", f.Deleted, post)
	}
	e, err := s.MemberExport(ctx, guildA, member1)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range e.Sections {
		if len(sec.Records) != 0 {
			t.Errorf("after erasing, %s still has %d records", sec.Kind, len(sec.Records))
		}
	}
	cs, err := s.Concerns(ctx, guildA, true, 0)
	if err != nil || len(cs) != 1 || !cs[0].Anonymous || cs[0].ReplyChannelID != "" {
		t.Fatalf("concerns after erasing = %+v, %v: the anonymous one stays, unreachable", cs, err)
	}
	if e2, _ := s.MemberExport(ctx, guildA, member2); e2.Count("checkins") != 1 {
		t.Error("another member's check-in was erased")
	}
}

func TestMyDataDeleteSaysWhichPostsItCouldNotDelete(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	post := seedMyData(t, s)
	cmd := commands.MyData(s, failingDeletes{newFakeDiscord()}, slog.New(slog.DiscardHandler))
	resp, err := cmd.Components["mydata-erase"].Handle(ctx, component(settingsOf(t, s, guildA), member1, false, "mydata-erase"))
	if err != nil {
		t.Fatal(err)
	}
	link := "https://discord.com/channels/" + guildA + "/" + channel1 + "/" + post
	if !strings.Contains(resp.Content, "couldn't delete 1 post") || !strings.Contains(resp.Content, link) {
		t.Fatalf("erase with failing deletes = %q", resp.Content)
	}
	if e, _ := s.MemberExport(ctx, guildA, member1); e.Count("checkins") != 0 {
		t.Error("records were kept because a post couldn't be deleted")
	}
}

func TestMyDataWithNothingStored(t *testing.T) {
	s := newStore(t)
	cmd := commands.MyData(s, newFakeDiscord(), slog.New(slog.DiscardHandler))
	st := settingsOf(t, s, guildA)
	resp, err := cmd.Handle(context.Background(), slash(st, member2, false, "mydata", "export"))
	if err != nil || !strings.Contains(resp.Content, "keeps nothing about you") {
		t.Fatalf("export of nothing = %+v, %v", resp, err)
	}
	resp, err = cmd.Components["mydata-erase"].Handle(context.Background(), component(st, member2, false, "mydata-erase"))
	if err != nil || !strings.Contains(resp.Content, "had nothing about you") {
		t.Fatalf("erase of nothing = %+v, %v", resp, err)
	}
}
