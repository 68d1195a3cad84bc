package bot_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot"
	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// addForum adds a forum to the harness's server and waits until Kindred
// sees it with its tags.
func addForum(t *testing.T, h *harness, name string, requireTag bool, tags ...string) (string, []string) {
	t.Helper()
	id, tagIDs := h.fake.AddForum(h.guild.ID, name, requireTag, tags...)
	eventually(t, "Kindred sees the forum", func() bool {
		ch, err := h.bot.Sender().Channel(h.guild.ID, id)
		return err == nil && ch.Type == discordgo.ChannelTypeGuildForum && len(ch.AvailableTags) == len(tags)
	})
	return id, tagIDs
}

// settingsSet runs /settings set as alice and returns the reply.
func settingsSet(t *testing.T, h *harness, key, value string) string {
	t.Helper()
	return h.fake.SlashCommand(h.guild.ID, h.member("alice"), "settings",
		discordtest.Sub("set", discordtest.Opt("key", key), discordtest.Opt("value", value))).Wait(t).Content()
}

func TestCelebrationsInAForum(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, bob, carol := h.member("alice"), h.member("bob"), h.member("carol")
	forum, tags := addForum(t, h, "stories", false, "🎉 Celebrations", "!Staff pick", "Kudos", "Off-topic")
	celebrationsTag, staffTag, kudosTag := tags[0], tags[1], tags[2]

	// Forums are accepted where stories and shares go, and only there.
	if got := settingsSet(t, h, data.SettingCelebrationsChannel, "<#"+forum+">"); !strings.Contains(got, "Saved.") {
		t.Fatalf("celebrations channel = forum: %q", got)
	}
	if got := settingsSet(t, h, data.SettingMeetingsChannel, "<#"+forum+">"); !strings.Contains(got, "needs a text or announcement channel") {
		t.Fatalf("meetings channel = forum: %q", got)
	}
	r := meetingRunner(t, h)

	// A shared milestone becomes a post of its own, tagged, the note's
	// line breaks kept; the first create hits a 500 after Discord stored
	// it, and the retry finds the post instead of posting again.
	resp := h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share",
		discordtest.Opt("what", "30 days sober"), discordtest.Opt("public", true))).Wait(t)
	note := "One day at a time.\nThank you all."
	h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"what": "30 days sober", "text": note}).Wait(t)
	h.fake.Inject("POST", "/channels/*/threads", discordtest.Fault{Status: http.StatusInternalServerError, AfterEffect: true})
	tickAt(t, h, r, harnessStart.Add(time.Minute))
	tickAt(t, h, r, harnessStart.Add(time.Minute+30*time.Second)) // the retry is due
	posts := h.fake.Threads(forum)
	if len(posts) != 1 {
		t.Fatalf("%d forum posts after a 500 and a retry, want 1", len(posts))
	}
	if len(h.fake.RequestsTo("GET", "/guilds/{guild_id}/threads/active")) == 0 {
		t.Fatal("the retry did not look for the post")
	}
	story := posts[0]
	if ch := h.fake.Channel(story); ch.Name != "🎉 30 days sober" || ch.ParentID != forum {
		t.Fatalf("post = %q in %s", ch.Name, ch.ParentID)
	}
	if got := h.fake.AppliedTags(story); !slices.Equal(got, []string{celebrationsTag}) {
		t.Fatalf("applied tags %v, want only the celebrations tag %s (not the moderated %s)", got, celebrationsTag, staffTag)
	}
	first := h.fake.Message(story)
	if first == nil || !strings.Contains(first.Content, "> One day at a time.\n> Thank you all.") || bot.MarkerOf(first.Content) == "" {
		t.Fatalf("first message = %+v", first)
	}
	ds, err := h.store.Deliveries(context.Background(), g, "milestones")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Status != data.DeliverySent || ds[0].MessageID != story {
		t.Fatalf("deliveries %+v, want one sent as post %s", ds, story)
	}

	// Encouragement works on the post.
	cheer := buttonWithPrefix(t, first.Components, "ms-cheer:")
	resp = h.fake.ClickButton(g, bob, first, cheer).Wait(t)
	if resp.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(resp.Content(), "1 member sent encouragement") {
		t.Fatalf("encouragement: %d %q", resp.Type, resp.Content())
	}

	// Kudos: tagged as kudos and as a celebration.
	resp = h.fake.SlashCommand(g, carol, "kudos", discordtest.UserOpt("member", alice.User.ID), discordtest.Opt("reason", "always kind")).Wait(t)
	wantReply(t, "/kudos", resp, discordgo.InteractionResponseChannelMessageWithSource, "Thank you for lifting")
	tickAt(t, h, r, harnessStart.Add(3*time.Minute))
	posts = h.fake.Threads(forum)
	if len(posts) != 2 {
		t.Fatalf("%d forum posts, want 2", len(posts))
	}
	kudos := posts[1]
	if got := h.fake.AppliedTags(kudos); !slices.Equal(got, []string{kudosTag, celebrationsTag}) {
		t.Fatalf("kudos tags %v, want %v", got, []string{kudosTag, celebrationsTag})
	}
	if len(h.fake.Messages(forum)) != 0 {
		t.Fatal("messages in the forum itself")
	}

	// Erasing her data removes carol's story from the forum (its first
	// message, as Kindred may not manage threads here), though the post
	// has closed since, as most do after a while without messages.
	h.fake.ArchiveThread(story)
	eventually(t, "Kindred sees the post closed", func() bool {
		ch, err := h.bot.Sender().Channel(g, story)
		return err != nil || (ch.ThreadMetadata != nil && ch.ThreadMetadata.Archived)
	})
	in := h.fake.SlashCommand(g, carol, "mydata", discordtest.Sub("delete"))
	resp = in.Wait(t)
	resp = h.fake.ClickButton(g, carol, in.Original(), pvButton(t, resp.Data.Components, "mydata-erase")).Wait(t)
	wantReply(t, "erase", resp, discordgo.InteractionResponseUpdateMessage, "erased everything", "deleted 1 post")
	if m := h.fake.Message(story); m != nil {
		t.Fatalf("carol's story is still there: %q", m.Content)
	}
	// Its title was her words too: renamed, and the post closed again.
	if ch := h.fake.Channel(story); ch.Name != "—" {
		t.Fatalf("the erased post is still titled %q", ch.Name)
	}
	if archived, _, _ := h.fake.ThreadState(story); !archived {
		t.Fatal("the erased post is still open")
	}
}

// TestForumPostFoundAfterItClosed: a forum post Discord made but
// answered with a 500 is looked for before it is posted again, and found
// even once the post has closed (archived) in the meantime, as one made
// before a long stop has.
func TestForumPostFoundAfterItClosed(t *testing.T) {
	h := newHarness(t)
	g, carol := h.guild.ID, h.member("carol")
	forum, _ := addForum(t, h, "stories", false, "Celebrations")
	if got := settingsSet(t, h, data.SettingCelebrationsChannel, "<#"+forum+">"); !strings.Contains(got, "Saved.") {
		t.Fatalf("celebrations channel = forum: %q", got)
	}
	r := meetingRunner(t, h)
	resp := h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share",
		discordtest.Opt("what", "A year of recovery"), discordtest.Opt("public", true))).Wait(t)
	h.fake.SubmitModal(g, carol, resp.Data.CustomID, map[string]string{"what": "A year of recovery", "text": "Thank you."}).Wait(t)
	h.fake.Inject("POST", "/channels/*/threads", discordtest.Fault{Status: http.StatusInternalServerError, AfterEffect: true})
	tickAt(t, h, r, harnessStart.Add(time.Minute))
	posts := h.fake.Threads(forum)
	if len(posts) != 1 {
		t.Fatalf("%d forum posts after the 500, want the 1 Discord made", len(posts))
	}
	h.fake.ArchiveThread(posts[0])
	eventually(t, "Kindred sees the post closed", func() bool {
		ch, err := h.bot.Sender().Channel(g, posts[0])
		return err != nil || (ch.ThreadMetadata != nil && ch.ThreadMetadata.Archived)
	})

	tickAt(t, h, r, harnessStart.Add(time.Minute+30*time.Second)) // the retry is due
	if got := h.fake.Threads(forum); len(got) != 1 {
		t.Fatalf("%d forum posts after the retry, want 1", len(got))
	}
	if len(h.fake.RequestsTo("GET", "/channels/{channel_id}/threads/archived/public")) == 0 {
		t.Fatal("the retry did not look among the closed posts")
	}
	ds, err := h.store.Deliveries(context.Background(), g, "milestones")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Status != data.DeliverySent || ds[0].MessageID != posts[0] {
		t.Fatalf("deliveries %+v, want one sent as post %s", ds, posts[0])
	}
}

func TestCheckinShareInAForum(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	forum, tags := addForum(t, h, "check-ins", true, "Check-ins", "Other")
	if got := settingsSet(t, h, data.SettingCheckinChannel, "<#"+forum+">"); !strings.Contains(got, "Saved.") {
		t.Fatalf("check-in channel = forum: %q", got)
	}
	in := h.fake.SlashCommand(g, carol, "checkin", discordtest.Sub("now", discordtest.Opt("mood", 4)))
	resp := in.Wait(t)
	preview := h.fake.ClickButton(g, carol, in.Original(), buttonWithPrefix(t, resp.Data.Components, "ci-share:")).Wait(t)
	done := h.fake.ClickButton(g, carol, in.Original(), buttonWithPrefix(t, preview.Data.Components, "ci-sharego:")).Wait(t)
	if !strings.Contains(done.Content(), "Shared in <#"+forum+">") {
		t.Fatalf("share: %q", done.Content())
	}
	posts := h.fake.Threads(forum)
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	if ch := h.fake.Channel(posts[0]); !strings.Contains(ch.Name, "Check-in:") {
		t.Fatalf("post name %q", ch.Name)
	}
	if got := h.fake.AppliedTags(posts[0]); !slices.Equal(got, tags[:1]) {
		t.Fatalf("tags %v, want %v", got, tags[:1])
	}
	if m := h.fake.Message(posts[0]); m == nil || !strings.Contains(m.Content, "checked in") {
		t.Fatalf("first message %+v", m)
	}
}

func TestForumThatRequiresAnUnmatchedTag(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	forum, _ := addForum(t, h, "news", true, "Announcements")
	if got := settingsSet(t, h, data.SettingCelebrationsChannel, "<#"+forum+">"); !strings.Contains(got, "Saved.") {
		t.Fatalf("celebrations channel = forum: %q", got)
	}
	r := meetingRunner(t, h)
	resp := h.fake.SlashCommand(g, carol, "milestone", discordtest.Sub("share",
		discordtest.Opt("what", "A good week"), discordtest.Opt("note", "Really."), discordtest.Opt("public", true))).Wait(t)
	wantReply(t, "share", resp, discordgo.InteractionResponseChannelMessageWithSource, "I'll post")
	tickAt(t, h, r, harnessStart.Add(time.Minute))
	if got := h.fake.Threads(forum); len(got) != 0 {
		t.Fatalf("posts %v in a forum whose tags don't fit", got)
	}
	ds, err := h.store.Deliveries(context.Background(), g, "milestones")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Status != data.DeliveryFailed || !strings.Contains(ds[0].LastError, "needs a tag") {
		t.Fatalf("deliveries %+v, want one failed for want of a tag", ds)
	}
}

// TestForumPostErasedOnAnotherShard: a member's forum post in a server
// on a shard other than the process's first is recognised as a forum
// post when their data is erased, and goes with it.
func TestForumPostErasedOnAnotherShard(t *testing.T) {
	h, full := shardedHarness(t, 4, nil)
	var g *discordtest.Guild
	for _, s := range full {
		if bot.ShardOf(s.ID, 4) != 0 {
			g = s
			break
		}
	}
	alice, carol := g.Member("alice"), g.Member("carol")
	forum, _ := h.fake.AddForum(g.ID, "stories", false, "Celebrations")
	eventually(t, "Kindred sees the forum", func() bool {
		ch, err := h.bot.Sender().Channel(g.ID, forum)
		return err == nil && ch.Type == discordgo.ChannelTypeGuildForum
	})
	resp := h.fake.SlashCommand(g.ID, alice, "settings", discordtest.Sub("set",
		discordtest.Opt("key", data.SettingCelebrationsChannel), discordtest.Opt("value", "<#"+forum+">"))).Wait(t)
	if !strings.Contains(resp.Content(), "Saved.") {
		t.Fatalf("celebrations channel = forum: %q", resp.Content())
	}
	resp = h.fake.SlashCommand(g.ID, carol, "milestone", discordtest.Sub("share",
		discordtest.Opt("what", "A year of recovery"), discordtest.Opt("public", true))).Wait(t)
	h.fake.SubmitModal(g.ID, carol, resp.Data.CustomID, map[string]string{"what": "A year of recovery", "text": "Thank you."}).Wait(t)
	tickAt(t, h, meetingRunner(t, h), harnessStart.Add(time.Minute))
	posts := h.fake.Threads(forum)
	if len(posts) != 1 {
		t.Fatalf("%d forum posts, want 1", len(posts))
	}

	in := h.fake.SlashCommand(g.ID, carol, "mydata", discordtest.Sub("delete"))
	resp = in.Wait(t)
	resp = h.fake.ClickButton(g.ID, carol, in.Original(), pvButton(t, resp.Data.Components, "mydata-erase")).Wait(t)
	wantReply(t, "erase", resp, discordgo.InteractionResponseUpdateMessage, "erased everything", "deleted 1 post")
	if m := h.fake.Message(posts[0]); m != nil {
		t.Fatalf("carol's post is still there: %q", m.Content)
	}
}
