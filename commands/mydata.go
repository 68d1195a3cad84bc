package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// myDataStore is what /mydata needs of the store.
type myDataStore interface {
	MemberExport(ctx context.Context, guildID, userID string) (data.MemberExport, error)
	DeleteMemberData(ctx context.Context, guildID, userID string) (data.Deleted, error)
	ForgetConcernReplyChannel(ctx context.Context, guildID, channelID string) (int, error)
	MemberGuilds(ctx context.Context, userID string) ([]data.GuildRef, error)
	MemberProfile(ctx context.Context, userID string) (data.Profile, error)
}

// Component routing keys of /mydata.
const (
	keyMyDataErase = "mydata-erase"
	keyMyDataKeep  = "mydata-keep"
)

const msgMyDataInServer = "Kindred keeps your data per server; please use `/mydata` in the server you mean."

// myData answers /mydata.
type myData struct {
	store   myDataStore
	discord Discord
	log     *slog.Logger
}

// MyData is /mydata: a member sees and takes every record Kindred holds
// about them in a server (export), or erases all of it (delete).
func MyData(store myDataStore, discord Discord, log *slog.Logger) *Command {
	h := &myData{store: store, discord: discord, log: log}
	c := &Command{
		Anywhere: true,
		Definition: &discordgo.ApplicationCommand{
			Name:        "mydata",
			Description: "See, download or erase what Kindred keeps about you in this server",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "export",
					Description: "Get a file of everything Kindred keeps about you here"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete",
					Description: "Erase everything Kindred keeps about you here (asks first)"},
			},
		},
		Components: map[string]Component{
			keyMyDataErase: {Handle: h.erase},
			keyMyDataKeep:  {Handle: h.keep},
		},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return h.outsideServer(ctx, req)
		}
		switch req.Subcommand() {
		case "export":
			return h.export(ctx, req)
		case "delete":
			return h.confirm(ctx, req)
		}
		return Private("I don't know that part of `/mydata`. Try `/mydata export` or `/mydata delete`."), nil
	}
	return c
}

// export sends the member a JSON file of their records, with a summary.
func (h *myData) export(ctx context.Context, req *Request) (*Response, error) {
	e, err := h.store.MemberExport(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, fmt.Errorf("encode a member's export: %w", err)
	}
	var b strings.Builder
	b.WriteString("Here is everything Kindred keeps about you in this server, as a file only you can see.\n\n")
	total := 0
	for _, s := range e.Sections {
		if len(s.Records) == 0 {
			continue
		}
		total += len(s.Records)
		fmt.Fprintf(&b, "• %s: **%d**\n", s.About, len(s.Records))
	}
	if total == 0 {
		b.WriteString("Kindred keeps nothing about you here.\n")
	}
	b.WriteString("\nAnonymous concerns aren't listed: Kindred keeps nothing that ties them to you. `/mydata delete` erases all of this.")
	return &Response{
		Ephemeral: true,
		Content:   clipRunes(b.String(), 2000),
		Files: []*discordgo.File{{
			Name: "kindred-my-data-" + req.Now.UTC().Format("2006-01-02") + ".json", ContentType: "application/json", Reader: &buf,
		}},
	}, nil
}

// confirm asks before erasing.
func (h *myData) confirm(ctx context.Context, req *Request) (*Response, error) {
	msg := "This erases **everything Kindred keeps about you in this server**: your check-ins and notes (and posts of them Kindred shared), " +
		"meeting answers and attendance, milestones and kudos, self-care nudges and what you marked done, reminders, guideline agreements, " +
		"your country, concerns you raised with your name, your requests to talk (and their private threads), and more. `/mydata export` shows it all first.\n\n" +
		"What you did as a moderator stays, without your name. Totals such as \"12 going\" stay as numbers. " +
		"Messages already sent to the moderators stay in their channel. **This can't be undone.**"
	return &Response{
		Ephemeral: true,
		Content:   msg,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Erase my data", Style: discordgo.DangerButton, CustomID: keyMyDataErase},
			discordgo.Button{Label: "Keep it", Style: discordgo.SecondaryButton, CustomID: keyMyDataKeep},
		}}},
	}, nil
}

func (h *myData) keep(ctx context.Context, req *Request) (*Response, error) {
	return myDataDone("Kept. Nothing was erased."), nil
}

// deleteThread deletes a member's support thread, where Discord lets Kindred.
func (h *myData) deleteThread(ctx context.Context, threadID string) error {
	td, ok := h.discord.(interface {
		DeleteThread(ctx context.Context, threadID string) error
	})
	if !ok {
		return fmt.Errorf("delete thread %s: not supported", threadID)
	}
	return td.DeleteThread(ctx, threadID)
}

// myDataDone replaces the question with its outcome.
func myDataDone(msg string) *Response {
	return &Response{Content: msg, Ephemeral: true, Update: true, Embeds: []*discordgo.MessageEmbed{}, Components: []discordgo.MessageComponent{}}
}

// erasedLabels name the tables of data.Deleted for the member.
var erasedLabels = map[string]string{
	"checkins": "check-ins", "checkin_followups": "follow-up requests", "checkin_reminders": "check-in reminders",
	"meeting_rsvps": "meeting answers", "meeting_attendance": "attendance records",
	"guidelines_acknowledgements": "guideline agreements", "member_country": "country choices",
	"selfcare_done": "self-care prompts done", "selfcare_posts": "nudges sent to you", "selfcare_nudges": "nudge settings",
	"selfcare_rotation": "nudge rotations", "selfcare_rotation_used": "nudge rotation entries",
	"deliveries": "planned or sent messages", "dm_failures": "DM failure records",
	"concerns": "named concerns", "concern_rate": "concern limit counters", "members_left": "leave records",
	"talk_requests": "requests to talk", "talk_handovers": "hand-overs of your requests", "talk_listeners": "listener duty records",
	"milestones": "milestones", "milestone_encouragements": "encouragements", "milestone_members": "milestone preferences",
}

// erase deletes the member's data in one transaction, then the posts
// Kindred shared for them, and says what could not be deleted.
func (h *myData) erase(ctx context.Context, req *Request) (*Response, error) {
	if req.GuildID == "" {
		return myDataDone(msgMyDataInServer), nil
	}
	d, err := h.store.DeleteMemberData(ctx, req.GuildID, req.User.ID)
	if err != nil {
		return nil, err
	}
	// Anonymous concerns hold no member ID, only the DM channel Kindred
	// replies through; forget that too.
	if dm, err := h.discord.OpenDM(ctx, req.User.ID); err == nil {
		if _, err := h.store.ForgetConcernReplyChannel(ctx, req.GuildID, dm); err != nil {
			h.log.Error("forget reply channel of erased member", "guild", req.GuildID, "err", err)
		}
	} else {
		h.log.Warn("open DM channel to forget anonymous concern replies", "guild", req.GuildID)
	}
	var failed []data.Post
	for _, p := range d.Posts {
		if p.Kind == data.PostTalkThread {
			if err := h.deleteThread(ctx, p.ChannelID); err != nil {
				h.log.Warn("delete a support thread of an erased member", "guild", req.GuildID, "thread", p.ChannelID, "err", err)
				failed = append(failed, p)
			}
			continue
		}
		if err := h.discord.DeleteMessage(ctx, p.ChannelID, p.MessageID); err != nil {
			// IDs only: the post's text is never logged.
			h.log.Warn("delete a post of an erased member", "guild", req.GuildID, "channel", p.ChannelID, "message", p.MessageID, "kind", p.Kind, "err", err)
			failed = append(failed, p)
		}
	}
	var b strings.Builder
	own, unnamed := 0, 0
	byLabel := map[string]int{}
	for table, n := range d.Rows {
		if strings.HasSuffix(table, "(name removed)") {
			unnamed += n
			continue
		}
		own += n
		label := erasedLabels[table]
		if label == "" {
			label = "other records"
		}
		byLabel[label] += n
	}
	var parts []string
	for label, n := range byLabel {
		parts = append(parts, fmt.Sprintf("%d %s", n, label))
	}
	sort.Strings(parts)
	if own == 0 && len(d.Posts) == 0 {
		b.WriteString("Done. Kindred had nothing about you in this server.")
	} else {
		fmt.Fprintf(&b, "Done. I've erased everything Kindred kept about you in this server (%s).", joinAnd(parts))
	}
	threads, failedThreads := 0, 0
	for _, p := range d.Posts {
		if p.Kind == data.PostTalkThread {
			threads++
		}
	}
	for _, p := range failed {
		if p.Kind == data.PostTalkThread {
			failedThreads++
		}
	}
	if deleted := len(d.Posts) - threads - (len(failed) - failedThreads); deleted > 0 {
		fmt.Fprintf(&b, " I also deleted %s I had posted for you.", countWord(deleted, "post", "posts"))
	}
	if deleted := threads - failedThreads; deleted > 0 {
		fmt.Fprintf(&b, " I deleted your %s.", countWord(deleted, "support thread", "support threads"))
	}
	if unnamed > 0 {
		fmt.Fprintf(&b, " Your name is removed from %s you made as a moderator, which stay for the community.", countWord(unnamed, "record", "records"))
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, "\n\nI couldn't delete %s; please delete them yourself or ask a moderator:", countWord(len(failed), "post", "posts"))
		for i, p := range failed {
			if i == 10 {
				fmt.Fprintf(&b, "\n…and %d more", len(failed)-10)
				break
			}
			if p.MessageID == "" {
				fmt.Fprintf(&b, "\n• https://discord.com/channels/%s/%s (%s)", req.GuildID, p.ChannelID, p.Kind)
				continue
			}
			fmt.Fprintf(&b, "\n• https://discord.com/channels/%s/%s/%s (%s)", req.GuildID, p.ChannelID, p.MessageID, p.Kind)
		}
	}
	return myDataDone(clipRunes(b.String(), 2000)), nil
}
