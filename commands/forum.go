package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// Stories and shares (celebrations, shared check-ins) may go to a forum
// channel, each as a post of its own: a thread named by ForumPost.Title,
// tagged with the forum's tags that match ForumPost.Tags. Kindred never
// creates tags; a forum without a matching tag gets untagged posts.

// ForumPost is how a share is posted when its channel is a forum.
type ForumPost struct {
	// Title names the post (at most 100 characters).
	Title string
	// Tags are tag names that fit the share, best first; the forum's tags
	// whose names match (ignoring case, emoji and a plural "s") are applied.
	Tags []string
}

// ForumPoster is a Discord that can open forum posts; the bot's sender is
// one. The post's first message has the thread's ID, which is returned.
type ForumPoster interface {
	SendForumPost(ctx context.Context, guildID, forumID string, post ForumPost, msg *discordgo.MessageSend) (threadID string, err error)
}

// The words of forum posts in English: titles, and the tag names each
// kind of share looks for. The catalogue's forms.forum_* messages are
// them in every language (celebrationForumPostIn, checkinForumPost).
const (
	msgForumTitleShared    = "🎉 %s"
	msgForumTitleAward     = "🏅 %s"
	msgForumTitleKudos     = "💙 Kudos"
	msgForumTitleMilestone = "🎉 %s"
	tagCelebration         = "celebration"
	tagStory               = "story"
	tagMilestone           = "milestone"
	tagKudos               = "kudos"
	tagAward               = "award"
	tagCheckin             = "check-in"
)

// forumSettings are the channel settings that accept a forum: where
// members' stories and shares go.
var forumSettings = map[string]bool{
	data.SettingCelebrationsChannel: true,
	data.SettingCheckinChannel:      true,
}

// settingChannelTypes are the channel kinds a channel setting accepts.
func settingChannelTypes(key string) []discordgo.ChannelType {
	types := []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}
	if forumSettings[key] {
		types = append(types, discordgo.ChannelTypeGuildForum)
	}
	return types
}

// acceptsChannel reports whether the setting key can use a channel of kind t.
func acceptsChannel(key string, t discordgo.ChannelType) bool {
	return postableChannel(t) || (t == discordgo.ChannelTypeGuildForum && forumSettings[key])
}

// MatchForumTags returns the IDs of the tags, among a forum's, whose names
// match the wanted names: at most 5 (Discord's limit), and no moderated
// tag unless Kindred may manage threads there.
func MatchForumTags(available []discordgo.ForumTag, want []string, mayModerate bool) []string {
	var out []string
	for _, w := range want {
		for _, t := range available {
			if len(out) == 5 {
				return out
			}
			if tagKey(t.Name) == tagKey(w) && (!t.Moderated || mayModerate) && !slices.Contains(out, t.ID) {
				out = append(out, t.ID)
			}
		}
	}
	return out
}

// tagKey is a tag name as compared: lower case, letters and digits only,
// without a plural ("🎉 Celebrations" and "celebration" match, and
// "Stories" and "story").
func tagKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if strings.HasSuffix(k, "ies") {
		return strings.TrimSuffix(k, "ies") + "y"
	}
	return strings.TrimSuffix(k, "s")
}

// celebrationForumPostIn is celebrationForumPost in the server's
// language p: the kudos title in it, and its tag names looked for too.
func celebrationForumPostIn(p *i18n.Printer, m data.Milestone) *ForumPost {
	post := celebrationForumPost(m)
	switch m.Kind {
	case data.MilestoneKudos:
		post.Title = p.T("forms.forum_title_kudos")
	case data.MilestoneShared, data.MilestoneAward:
		// The member's or moderators' own words: as written.
	default:
		post.Title = forumTitle(msgForumTitleMilestone, milestoneTitleIn(p, m))
	}
	post.Tags = localTags(p, post.Tags)
	return post
}

// localTags adds to English tag names their names in p's language.
func localTags(p *i18n.Printer, tags []string) []string {
	out := append([]string(nil), tags...)
	for _, t := range tags {
		if l := p.T("forms.forum_tag_" + strings.ReplaceAll(t, "-", "")); !slices.Contains(out, l) && !strings.HasPrefix(l, "[") {
			out = append(out, l)
		}
	}
	return out
}

// celebrationForumPost is a celebration's title and tags in a forum.
func celebrationForumPost(m data.Milestone) *ForumPost {
	switch m.Kind {
	case data.MilestoneShared:
		return &ForumPost{Title: forumTitle(msgForumTitleShared, m.Title), Tags: []string{tagStory, tagMilestone, tagCelebration}}
	case data.MilestoneFirstStory:
		return &ForumPost{Title: forumTitle(msgForumTitleMilestone, milestoneTitle(m)), Tags: []string{tagStory, tagMilestone, tagCelebration}}
	case data.MilestoneKudos:
		return &ForumPost{Title: msgForumTitleKudos, Tags: []string{tagKudos, tagCelebration}}
	case data.MilestoneAward:
		return &ForumPost{Title: forumTitle(msgForumTitleAward, m.Title), Tags: []string{tagAward, tagCelebration}}
	}
	return &ForumPost{Title: forumTitle(msgForumTitleMilestone, milestoneTitle(m)), Tags: []string{tagMilestone, tagCelebration}}
}

// forumTitle fills a title's format with one line of text, within
// Discord's 100 characters.
func forumTitle(format, text string) string {
	return clipRunes(fmt.Sprintf(format, strings.Join(strings.Fields(text), " ")), 100)
}

// checkinForumPost is a shared check-in's title and tags in a forum, in
// the server's language p. The tags looked for are the English one and
// the language's own.
func checkinForumPost(p *i18n.Printer, c data.Checkin) ForumPost {
	return ForumPost{Title: clipRunes(p.T("forms.forum_title_checkin", "Emoji", moods[c.Mood].emoji, "Mood", moodWord(p, c.Mood)), 100), Tags: localTags(p, []string{tagCheckin})}
}

// postShare posts a member's share in channelID: as a post of its own when
// the channel is a forum, else as a message. It returns the message's ID
// (in a forum, the post's).
func postShare(ctx context.Context, discord Discord, guildID, channelID string, post ForumPost, msg *discordgo.MessageSend) (string, error) {
	if ch, err := discord.Channel(guildID, channelID); err == nil && ch.Type == discordgo.ChannelTypeGuildForum {
		fp, ok := discord.(ForumPoster)
		if !ok {
			return "", errors.New("post in a forum: this Discord can't open forum posts")
		}
		return fp.SendForumPost(ctx, guildID, channelID, post, msg)
	}
	return discord.SendMessage(ctx, channelID, msg)
}
