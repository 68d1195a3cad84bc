package commands

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The sections of the celebration words (the catalogue's "celebrate" messages).
const (
	wordsMilestone = "milestone"
	wordsShared    = "shared"
	wordsKudos     = "kudos"
	wordsAward     = "award"
)

// celebrationVariants counts each section's variants, the same in every
// language (the catalogue's tests hold them to English's).
var celebrationVariants = sync.OnceValue(func() map[string]int {
	n := map[string]int{}
	for _, id := range i18n.Embedded().IDs(i18n.Base) {
		if rest, ok := strings.CutPrefix(id, "celebrate."); ok {
			section, _, _ := strings.Cut(rest, ".")
			n[section]++
		}
	}
	return n
})

// CelebrationWords returns the variants of a section of the rotation
// ("milestone", "shared", "kudos", "award") in lang, placeholders as
// written, for tests and review.
func CelebrationWords(lang, section string) []string {
	var out []string
	for i := 1; i <= celebrationVariants()[section]; i++ {
		s, _ := i18n.Embedded().Text(i18n.Pick(lang), celebrationID(section, i))
		out = append(out, s)
	}
	return out
}

func celebrationID(section string, i int) string {
	return fmt.Sprintf("celebrate.%s.v%02d", section, i)
}

// celebrationLine picks the words for a server's celebration number n:
// each server walks the section in its own shuffled order, so consecutive
// posts never read the same and servers don't all read alike.
func celebrationLine(p *i18n.Printer, guildID, section string, n int, kv ...any) string {
	id := celebrationVariant(guildID, section, n)
	if id == "" {
		return ""
	}
	return p.T(id, kv...)
}

// celebrationVariant is the ID of the words celebrationLine picks.
func celebrationVariant(guildID, section string, n int) string {
	count := celebrationVariants()[section]
	if count == 0 {
		return ""
	}
	h := fnv.New64a()
	h.Write([]byte(guildID + "/" + section))
	seed := h.Sum64()
	order := rand.New(rand.NewPCG(seed, seed>>1|1)).Perm(count)
	i := (n - 1) % count
	if i < 0 {
		i += count
	}
	return celebrationID(section, order[i]+1)
}

// userMention is how a member is named in a post: a mention, which pings
// nobody because posts allow no mentions.
func userMention(userID string) string { return "<@" + userID + ">" }

// milestoneTitle is milestoneTitleIn in English.
func milestoneTitle(m data.Milestone) string { return milestoneTitleIn(i18n.For(i18n.Base), m) }

// milestoneTitleIn names what a milestone celebrates, in words that suit
// a post, the member's own list and others' alike. It never says anything
// about moods or what a check-in said.
func milestoneTitleIn(p *i18n.Printer, m data.Milestone) string {
	switch m.Kind {
	case data.MilestoneFirstCheckin:
		return p.T("milestones.title_first_checkin")
	case data.MilestoneCheckinStreak:
		return p.N("milestones.streak", m.Threshold)
	case data.MilestoneMeetings:
		if m.Threshold == 1 {
			return p.T("milestones.title_first_meeting")
		}
		return p.N("milestones.meetings", m.Threshold)
	case data.MilestoneSelfCare:
		if m.Threshold == 1 {
			return p.T("milestones.title_first_selfcare")
		}
		return p.N("milestones.selfcare", m.Threshold)
	case data.MilestoneMembership:
		return p.T("milestones.title_in_community", "Time", monthsPhrase(p, m.Threshold))
	case data.MilestoneFirstStory:
		return p.T("milestones.title_first_story")
	}
	return m.Title
}

// monthsPhrase says a number of months as people do: "1 month", "6
// months", "1 year", "2 years".
func monthsPhrase(p *i18n.Printer, months int) string {
	if months%12 == 0 && months > 0 {
		return p.N("milestones.years", months/12)
	}
	return p.N("milestones.months", months)
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

// celebrationPost is a celebration's words, in p's language (the
// server's), and its encouragement button.
func celebrationPost(p *i18n.Printer, m data.Milestone) (string, []discordgo.MessageComponent) {
	var b strings.Builder
	member := userMention(m.UserID)
	switch m.Kind {
	case data.MilestoneKudos:
		giver := userMention(m.AwardedBy)
		if m.AwardedBy == "" {
			// "A member" opens a sentence, "a member" goes inside one.
			giver = p.T("milestones.a_member")
			words, _ := i18n.Embedded().Text(p.Lang(), celebrationVariant(m.GuildID, wordsKudos, m.Variant))
			if _, rest, _ := strings.Cut(words, " "); strings.HasPrefix(rest, "{{.Giver}}") {
				giver = p.T("milestones.a_member_cap")
			}
		}
		b.WriteString(celebrationLine(p, m.GuildID, wordsKudos, m.Variant, "Member", member, "Giver", giver))
		if m.Title != "" {
			b.WriteString("\n" + blockQuote(memberText(m.Title)))
		}
		if m.RefMessageID != "" {
			b.WriteString("\n" + p.T("milestones.for_message", "URL", messageURL(m.GuildID, m.RefChannelID, m.RefMessageID)))
		}
	case data.MilestoneShared:
		b.WriteString(celebrationLine(p, m.GuildID, wordsShared, m.Variant, "Member", member))
		b.WriteString("\n**" + memberText(m.Title) + "**")
		if m.Note != "" {
			b.WriteString("\n" + blockQuote(memberText(clipRunes(m.Note, data.MaxMilestoneNote))))
		}
	case data.MilestoneAward:
		b.WriteString(celebrationLine(p, m.GuildID, wordsAward, m.Variant, "Member", member))
		b.WriteString("\n**" + memberText(m.Title) + "**")
	default:
		b.WriteString(celebrationLine(p, m.GuildID, wordsMilestone, m.Variant, "Member", member))
		b.WriteString("\n**" + milestoneTitleIn(p, m) + "**")
	}
	if n := m.Encouragements; n > 0 {
		b.WriteString("\n" + p.N("milestones.encouraged", n))
	}
	button := discordgo.Button{
		Label: p.T("milestones.encourage_button"), Emoji: &discordgo.ComponentEmoji{Name: "💙"},
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
	content, components := celebrationPost(i18n.For(st.Language()), m)
	return &Outgoing{ChannelID: d.ChannelID, Forum: celebrationForumPostIn(i18n.For(st.Language()), m), Message: &discordgo.MessageSend{
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
		return req.PrivateT(msgOldMilestoneButton), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return req.PrivateT(msgOldMilestoneButton), nil
	}
	// The milestone ID comes from the button, so the store checks it is
	// this message's celebration and still visible before counting.
	added, m, err := store.Encourage(ctx, req.GuildID, id, req.Interaction.Message.ID, req.User.ID)
	if err != nil {
		return req.Problem(err)
	}
	switch {
	case m.UserID == req.User.ID:
		return req.PrivateT("milestones.encourage_own"), nil
	case !added:
		return req.PrivateT("milestones.encourage_again"), nil
	}
	content, components := celebrationPost(req.Public(), m)
	return &Response{Content: content, Components: components, Update: true}, nil
}

const msgOldMilestoneButton = "milestones.old_button"
