package discordtest_test

import (
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

func TestForumPosts(t *testing.T) {
	fake := discordtest.New(t)
	guild := fake.AddGuild(discordtest.DefaultGuild())
	dg := openBot(t, fake, discordgo.IntentsGuilds)
	forum, tags := fake.AddForum(guild.ID, "stories", false, "Celebrations", "!Staff pick")
	strict, _ := fake.AddForum(guild.ID, "strict", true, "Only")

	// A forum holds no messages of its own.
	if _, err := dg.ChannelMessageSend(forum, "hello"); restCode(err) != 50008 {
		t.Errorf("message in a forum: %v, want 50008", err)
	}
	ch, err := dg.Channel(forum)
	if err != nil || ch.Type != discordgo.ChannelTypeGuildForum || len(ch.AvailableTags) != 2 || !ch.AvailableTags[1].Moderated {
		t.Fatalf("forum = %+v, %v", ch, err)
	}

	tests := []struct {
		name    string
		forum   string
		thread  discordgo.ThreadStart
		content string
		code    int
	}{
		{name: "tagged", forum: forum, thread: discordgo.ThreadStart{Name: "🎉 30 days", AppliedTags: tags[:1]}, content: "Well done"},
		{name: "untagged", forum: forum, thread: discordgo.ThreadStart{Name: "Untagged"}, content: "Hi"},
		{name: "moderated tag without Manage Threads", forum: forum, thread: discordgo.ThreadStart{Name: "x", AppliedTags: tags[1:]}, content: "Hi", code: 50013},
		{name: "empty message", forum: forum, thread: discordgo.ThreadStart{Name: "x"}, code: 50006},
		{name: "tag required", forum: strict, thread: discordgo.ThreadStart{Name: "x"}, content: "Hi", code: 40067},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th, err := dg.ForumThreadStartComplex(tc.forum, &tc.thread, &discordgo.MessageSend{Content: tc.content})
			if tc.code != 0 {
				if restCode(err) != tc.code {
					t.Fatalf("got %v, want code %d", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if th.Type != discordgo.ChannelTypeGuildPublicThread || th.ParentID != tc.forum || th.Name != tc.thread.Name {
				t.Fatalf("post = %+v", th)
			}
			if got := fake.AppliedTags(th.ID); !slices.Equal(got, tc.thread.AppliedTags) {
				t.Errorf("applied tags %v, want %v", got, tc.thread.AppliedTags)
			}
			// The first message has the thread's ID.
			m, err := dg.ChannelMessage(th.ID, th.ID)
			if err != nil || m.Content != tc.content {
				t.Fatalf("first message = %+v, %v", m, err)
			}
		})
	}
	active, err := dg.GuildThreadsActive(guild.ID)
	if err != nil || len(active.Threads) != 2 {
		t.Fatalf("active threads = %+v, %v; want the 2 posts", active, err)
	}
	if got := fake.Threads(forum); len(got) != 2 {
		t.Errorf("posts in the forum: %v", got)
	}

	// Closed posts leave the active list for the forum's archived one,
	// the latest closed first, a page at a time.
	posts := fake.Threads(forum)
	fake.ArchiveThread(posts[0])
	fake.ArchiveThread(posts[1])
	if active, err := dg.GuildThreadsActive(guild.ID); err != nil || len(active.Threads) != 0 {
		t.Fatalf("active threads = %+v, %v; want none", active, err)
	}
	page, err := dg.ThreadsArchived(forum, nil, 2)
	if err != nil || len(page.Threads) != 2 || page.Threads[0].ID != posts[1] || page.HasMore {
		t.Fatalf("archived = %+v, %v; want both posts, the latest closed first", page, err)
	}
	if page, err := dg.ThreadsArchived(forum, nil, 0); err != nil || len(page.Threads) != 2 {
		t.Fatalf("archived with the default limit = %+v, %v", page, err)
	}
	earlier := page.Threads[1].ThreadMetadata.ArchiveTimestamp.Add(-time.Minute)
	if page, err := dg.ThreadsArchived(forum, &earlier, 2); err != nil || len(page.Threads) != 0 {
		t.Fatalf("archived before %v = %+v, %v; want none", earlier, page, err)
	}
}
