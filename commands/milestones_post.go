package commands

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

//go:embed celebrations.txt
var celebrationsText string

// celebrationWords are the variants of each section of celebrations.txt.
var celebrationWords = parseCelebrationWords(celebrationsText)

// The sections of celebrations.txt.
const (
	wordsMilestone = "milestone"
	wordsShared    = "shared"
	wordsKudos     = "kudos"
	wordsAward     = "award"
)

// parseCelebrationWords reads the embedded rotation. It is shipped data,
// checked by the tests, so a malformed file is a programming error.
func parseCelebrationWords(text string) map[string][]string {
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
		case section == "":
			panic("commands: celebrations.txt has words before its first [section]")
		default:
			out[section] = append(out[section], line)
		}
	}
	return out
}

// CelebrationWords returns the variants of a section of the rotation
// ("milestone", "shared", "kudos", "award"), for tests and review.
func CelebrationWords(section string) []string {
	return append([]string(nil), celebrationWords[section]...)
}

// celebrationLine picks the words for a server's celebration number n:
// each server walks the section in its own shuffled order, so consecutive
// posts never read the same and servers don't all read alike.
func celebrationLine(guildID, section string, n int) string {
	words := celebrationWords[section]
	h := fnv.New64a()
	h.Write([]byte(guildID + "/" + section))
	seed := h.Sum64()
	order := rand.New(rand.NewPCG(seed, seed>>1|1)).Perm(len(words))
	i := (n - 1) % len(words)
	if i < 0 {
		i += len(words)
	}
	return words[order[i]]
}

// userMention is how a member is named in a post: a mention, which pings
// nobody because posts allow no mentions.
func userMention(userID string) string { return "<@" + userID + ">" }

// milestoneTitle names what a milestone celebrates, in words that suit a
// post, the member's own list and others' alike. It never says anything
// about moods or what a check-in said.
func milestoneTitle(m data.Milestone) string {
	switch m.Kind {
	case data.MilestoneFirstCheckin:
		return "First check-in"
	case data.MilestoneCheckinStreak:
		return fmt.Sprintf("%d-day check-in streak", m.Threshold)
	case data.MilestoneMeetings:
		if m.Threshold == 1 {
			return "First meeting attended"
		}
		return fmt.Sprintf("%d meetings attended", m.Threshold)
	case data.MilestoneSelfCare:
		if m.Threshold == 1 {
			return "First self-care prompt done"
		}
		return fmt.Sprintf("%d self-care prompts done", m.Threshold)
	case data.MilestoneMembership:
		return monthsPhrase(m.Threshold) + " in the community"
	case data.MilestoneFirstStory:
		return "First story shared"
	}
	return m.Title
}

// monthsPhrase says a number of months as people do: "1 month", "6
// months", "1 year", "2 years".
func monthsPhrase(months int) string {
	switch {
	case months%12 == 0 && months == 12:
		return "1 year"
	case months%12 == 0:
		return fmt.Sprintf("%d years", months/12)
	case months == 1:
		return "1 month"
	}
	return fmt.Sprintf("%d months", months)
}

// messageURL links to a message in a server.
func messageURL(guildID, channelID, messageID string) string {
	return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", guildID, channelID, messageID)
}

// blockQuote renders text as a Markdown block quote.
func blockQuote(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// keyCheer routes the "Send encouragement" button: ms-cheer:<milestone ID>.
const keyCheer = "ms-cheer"

// celebrationPost is a celebration's words and its encouragement button.
func celebrationPost(m data.Milestone) (string, []discordgo.MessageComponent) {
	var b strings.Builder
	switch m.Kind {
	case data.MilestoneKudos:
		line := celebrationLine(m.GuildID, wordsKudos, m.Variant)
		giver := "A member"
		if m.AwardedBy != "" {
			giver = userMention(m.AwardedBy)
		}
		line = strings.ReplaceAll(line, "{giver}", giver)
		b.WriteString(strings.ReplaceAll(line, "{member}", userMention(m.UserID)))
		if m.Title != "" {
			b.WriteString("\n" + blockQuote(memberText(m.Title)))
		}
		if m.RefMessageID != "" {
			fmt.Fprintf(&b, "\nFor [this message](%s).", messageURL(m.GuildID, m.RefChannelID, m.RefMessageID))
		}
	case data.MilestoneShared:
		b.WriteString(strings.ReplaceAll(celebrationLine(m.GuildID, wordsShared, m.Variant), "{member}", userMention(m.UserID)))
		b.WriteString("\n**" + memberText(m.Title) + "**")
		if m.Note != "" {
			b.WriteString("\n" + blockQuote(memberText(clipRunes(m.Note, data.MaxMilestoneNote))))
		}
	case data.MilestoneAward:
		b.WriteString(strings.ReplaceAll(celebrationLine(m.GuildID, wordsAward, m.Variant), "{member}", userMention(m.UserID)))
		b.WriteString("\n**" + memberText(m.Title) + "**")
	default:
		b.WriteString(strings.ReplaceAll(celebrationLine(m.GuildID, wordsMilestone, m.Variant), "{member}", userMention(m.UserID)))
		b.WriteString("\n**" + milestoneTitle(m) + "**")
	}
	switch n := m.Encouragements; {
	case n == 1:
		b.WriteString("\n-# 💙 1 member sent encouragement")
	case n > 1:
		fmt.Fprintf(&b, "\n-# 💙 %d members sent encouragement", n)
	}
	button := discordgo.Button{
		Label: "Send encouragement", Emoji: &discordgo.ComponentEmoji{Name: "💙"},
		Style: discordgo.SecondaryButton, CustomID: CustomID(keyCheer, strconv.FormatInt(m.ID, 10)),
	}
	return clipRunes(b.String(), 2000), []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{button}}}
}

// milestoneRenderStore is what rendering a celebration needs of the store.
type milestoneRenderStore interface {
	Settings(ctx context.Context, guildID string) (data.Settings, error)
	Milestone(ctx context.Context, guildID string, id int64) (data.Milestone, error)
	MilestoneMember(ctx context.Context, guildID, userID string) (data.MilestoneMember, error)
}

// milestoneKindFeature is the switch for a kind of milestone, "" for
// those that have none beyond the Milestones feature.
func milestoneKindFeature(k data.MilestoneKind) string {
	switch k {
	case data.MilestoneFirstCheckin, data.MilestoneCheckinStreak:
		return data.FeatureMilestoneCheckins
	case data.MilestoneMeetings:
		return data.FeatureMilestoneMeetings
	case data.MilestoneSelfCare:
		return data.FeatureMilestoneSelfCare
	case data.MilestoneMembership:
		return data.FeatureMilestoneMembership
	case data.MilestoneKudos:
		return data.FeatureMilestoneKudos
	}
	return ""
}

// renderMilestone renders a planned celebration post as things are now:
// it is obsolete if milestones (or its kind) were switched off, the
// celebrations channel was unset, the milestone was deleted, or the member
// chose privacy since (except for one they shared themselves).
func renderMilestone(ctx context.Context, store milestoneRenderStore, d data.Delivery) (*Outgoing, error) {
	st, err := store.Settings(ctx, d.GuildID)
	if err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(d.Ref, 10, 64)
	if err != nil {
		return nil, &data.DeliveryError{Kind: data.ErrDeliveryPermanent, Reason: "bad milestone reference " + strconv.Quote(d.Ref)}
	}
	m, err := store.Milestone(ctx, d.GuildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil, obsolete("the milestone was deleted")
	}
	if err != nil {
		return nil, err
	}
	switch f := milestoneKindFeature(m.Kind); {
	case !st.Enabled(data.FeatureMilestones):
		return nil, obsolete("milestones are switched off in this server")
	case f != "" && !st.Enabled(f):
		return nil, obsolete("this kind of milestone is switched off in this server")
	case st.Get(data.SettingCelebrationsChannel) == "":
		return nil, obsolete("there is no celebrations channel any more")
	}
	if m.Kind != data.MilestoneShared {
		mm, err := store.MilestoneMember(ctx, d.GuildID, m.UserID)
		if err != nil {
			return nil, err
		}
		if mm.Private {
			return nil, obsolete("the member keeps their celebrations private")
		}
	}
	content, components := celebrationPost(m)
	return &Outgoing{ChannelID: d.ChannelID, Forum: celebrationForumPost(m), Message: &discordgo.MessageSend{
		Content: content, Components: components,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	}}, nil
}

// encourageStore is what the encouragement button needs of the store.
type encourageStore interface {
	Encourage(ctx context.Context, guildID string, milestoneID int64, messageID, userID string) (bool, data.Milestone, error)
}

// encourage answers "Send encouragement": counted once per member, shown
// on the post at once.
func encourage(ctx context.Context, store encourageStore, req *Request) (*Response, error) {
	if req.GuildID == "" || req.User == nil || len(req.Args) != 1 || req.Interaction.Message == nil {
		return Private(msgOldMilestoneButton), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return Private(msgOldMilestoneButton), nil
	}
	// The milestone ID comes from the button, so the store checks it is
	// this message's celebration and still visible before counting.
	added, m, err := store.Encourage(ctx, req.GuildID, id, req.Interaction.Message.ID, req.User.ID)
	if err != nil {
		return ProblemReply(err)
	}
	switch {
	case m.UserID == req.User.ID:
		return Private("This celebration is yours: enjoy it, you earned it. 💙"), nil
	case !added:
		return Private("You've already sent encouragement for this one. Thank you for cheering them on. 💙"), nil
	}
	content, components := celebrationPost(m)
	return &Response{Content: content, Components: components, Update: true}, nil
}

const msgOldMilestoneButton = "I don't recognise that button any more; it may be from an older version of Kindred."
