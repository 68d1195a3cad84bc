package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
)

// Forum posts: a share whose channel is a forum (type 15) becomes a post
// of its own, POST /channels/{forum}/threads with its first message, whose
// ID is the thread's. Discord takes no nonce there, so exactly-once rests
// on the marker alone: before a delivery is sent again, findForumMarked
// looks through the server's active threads for Kindred's post in that
// forum carrying the delivery's marker.

// errCodeForumTagRequired is Discord's refusal of an untagged post in a
// forum that requires a tag.
const errCodeForumTagRequired = 40067

// msgForumTagRequired is the reason moderators read when a forum that
// requires tags has none that fits a share.
const msgForumTagRequired = "the forum needs a tag on every post, and none of its tags fits this one; add a tag such as Celebrations or Check-ins, or let posts go untagged"

// forumPostBody is a forum post's request body.
type forumPostBody struct {
	Name        string       `json:"name"`
	AppliedTags []string     `json:"applied_tags,omitempty"`
	Message     forumMessage `json:"message"`
}

// forumMessage is the first message of a forum post, in the fields
// Discord accepts there.
type forumMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
}

// isForum reports whether channelID of guildID is a forum channel.
func (d *sender) isForum(guildID, channelID string) bool {
	ch, err := d.Channel(guildID, channelID)
	return err == nil && ch.Type == discordgo.ChannelTypeGuildForum
}

// SendForumPost opens a post in a forum channel and returns its ID (the
// thread's, which is also its first message's). It implements
// commands.ForumPoster.
func (d *sender) SendForumPost(ctx context.Context, guildID, forumID string, post commands.ForumPost, msg *discordgo.MessageSend) (string, error) {
	return d.forumPost(ctx, guildID, forumID, post, msg, "")
}

// forumPost is SendForumPost, with the delivery's marker when nonce is set.
func (d *sender) forumPost(ctx context.Context, guildID, forumID string, post commands.ForumPost, msg *discordgo.MessageSend, nonce string) (string, error) {
	where := "open a post in forum " + forumID
	ch, err := d.Channel(guildID, forumID)
	if err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	if post.Title == "" {
		return "", fmt.Errorf("%s: a post needs a title", where)
	}
	perms, _ := d.BotPermissions(guildID, forumID)
	moderate := perms&(discordgo.PermissionManageThreads|discordgo.PermissionAdministrator) != 0
	if msg.AllowedMentions == nil {
		msg.AllowedMentions = allowedMentions(nil)
	}
	embeds := msg.Embeds
	if msg.Embed != nil {
		embeds = append(embeds, msg.Embed)
	}
	content := msg.Content
	if nonce != "" {
		content = markContent(content, nonce)
	}
	body := forumPostBody{
		Name:        post.Title,
		AppliedTags: commands.MatchForumTags(ch.AvailableTags, post.Tags, moderate),
		Message:     forumMessage{Content: content, Embeds: embeds, Components: leanComponents(msg.Components), AllowedMentions: msg.AllowedMentions},
	}
	endpoint := discordgo.EndpointChannelThreads(forumID)
	raw, err := d.s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	var th discordgo.Channel
	if err := discordgo.Unmarshal(raw, &th); err != nil || th.ID == "" {
		return "", fmt.Errorf("%s: unreadable answer: %w", where, err)
	}
	return th.ID, nil
}

// findForumMarked returns the ID of Kindred's post in forumID, opened
// after since, whose first message carries nonce's marker.
func (d *sender) findForumMarked(ctx context.Context, guildID, forumID, nonce string, since time.Time) (string, bool, error) {
	if d.s.State.User == nil {
		return "", false, errors.New("look for a forum post: not connected")
	}
	self := d.s.State.User.ID
	after := snowflakeAt(since.Add(-lookbackSlack))
	list, err := d.s.GuildThreadsActive(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return "", false, fmt.Errorf("list the server's active threads: %w", err)
	}
	if id, found, err := d.findMarkedPost(ctx, list.Threads, forumID, self, nonce, after); err != nil || found {
		return id, found, err
	}
	// A post closes after a while without messages (an hour at the
	// least), so one made before a long stop is among the archived ones,
	// the latest archived first; one archived before since was made
	// before it.
	var before time.Time
	for range maxLookPages {
		list, err := d.archivedPosts(ctx, forumID, before)
		if err != nil {
			return "", false, fmt.Errorf("list the forum's archived posts: %w", err)
		}
		if id, found, err := d.findMarkedPost(ctx, list.Threads, forumID, self, nonce, after); err != nil || found {
			return id, found, err
		}
		if !list.HasMore || len(list.Threads) == 0 {
			break
		}
		last := list.Threads[len(list.Threads)-1].ThreadMetadata
		if last == nil || last.ArchiveTimestamp.Before(since.Add(-lookbackSlack)) || (!before.IsZero() && !last.ArchiveTimestamp.Before(before)) {
			break // older than the attempt, or no further back than the page before
		}
		before = last.ArchiveTimestamp
	}
	return "", false, nil
}

// archivedPosts lists a page of a forum's archived public threads, the
// latest archived first, those archived before before unless it is zero.
// It asks through the route's one rate-limit bucket: discordgo's
// ThreadsArchived keys its bucket by the whole URL, "before" and all, and
// keeps every bucket for good (see interaction_calls.go), and it sends
// "before" in whole seconds.
func (d *sender) archivedPosts(ctx context.Context, forumID string, before time.Time) (*discordgo.ThreadsList, error) {
	route := discordgo.EndpointChannelPublicArchivedThreads(forumID)
	q := url.Values{"limit": {"100"}}
	if !before.IsZero() {
		q.Set("before", before.UTC().Format(time.RFC3339Nano))
	}
	body, err := d.s.RequestWithBucketID("GET", route+"?"+q.Encode(), nil, route, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var list discordgo.ThreadsList
	if err := discordgo.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("read the forum's archived posts: %w", err)
	}
	return &list, nil
}

// findMarkedPost looks among threads for a post of self's in forumID,
// made after the snowflake after, whose first message carries nonce's
// marker.
func (d *sender) findMarkedPost(ctx context.Context, threads []*discordgo.Channel, forumID, self, nonce, after string) (string, bool, error) {
	for _, th := range threads {
		if th.ParentID != forumID || th.OwnerID != self || snowflakeLess(th.ID, after) {
			continue
		}
		m, err := d.s.ChannelMessage(th.ID, th.ID, discordgo.WithContext(ctx))
		if err != nil {
			return "", false, fmt.Errorf("read a forum post's first message: %w", err)
		}
		if MarkerOf(m.Content) == nonce {
			return th.ID, true, nil
		}
	}
	return "", false, nil
}

// erasedPostTitle is the title a forum post keeps once its words are
// erased, where Kindred may not delete the thread: the same in every
// language, and none of the member's words.
const erasedPostTitle = "—"

// deleteForumPost removes a post Kindred opened in a forum (its ID is the
// thread's): the whole thread where Kindred may manage threads. Else, as
// the post's creator may, it reopens the post (Discord keeps a closed
// thread's messages as they are, and most posts close after a day or a
// week without messages) with its title cleared, since that is the
// member's words too (a milestone's "30 days sober"), deletes the first
// message and closes the post again. The title goes first, so that an
// erasure cut short after it can be repeated: a first message already
// gone counts as deleted.
func (d *sender) deleteForumPost(ctx context.Context, postID string) error {
	if _, err := d.s.ChannelDelete(postID, discordgo.WithContext(ctx)); err == nil {
		return nil
	}
	open, closed := false, true
	if _, err := d.s.ChannelEditComplex(postID, &discordgo.ChannelEdit{Name: erasedPostTitle, Archived: &open}, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("clear the title of forum post %s: %w", postID, err)
	}
	if err := d.s.ChannelMessageDelete(postID, postID, discordgo.WithContext(ctx)); err != nil && restCode(err) != discordgo.ErrCodeUnknownMessage {
		return fmt.Errorf("delete forum post %s: %w", postID, err)
	}
	if _, err := d.s.ChannelEditComplex(postID, &discordgo.ChannelEdit{Archived: &closed}, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("close forum post %s: %w", postID, err)
	}
	return nil
}
