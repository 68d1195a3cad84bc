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
	MemberLanguage(ctx context.Context, userID string) (data.MemberLanguage, error)
}

// Component routing keys of /mydata.
const (
	keyMyDataErase = "mydata-erase"
	keyMyDataKeep  = "mydata-keep"
)

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
		return req.PrivateT("mydata.unknown_part"), nil
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
	b.WriteString(req.T("mydata.export_intro") + "\n\n")
	total := 0
	for _, s := range e.Sections {
		if len(s.Records) == 0 {
			continue
		}
		total += len(s.Records)
		fmt.Fprintf(&b, "• %s: **%s**\n", sectionAbout(req.P(), s), req.P().Number(len(s.Records)))
	}
	if total == 0 {
		b.WriteString(req.T("mydata.export_nothing") + "\n")
	}
	b.WriteString("\n" + req.T("mydata.export_anonymous"))
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
	return &Response{
		Ephemeral: true,
		Content:   req.T("mydata.confirm"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("mydata.button_erase"), Style: discordgo.DangerButton, CustomID: keyMyDataErase},
			discordgo.Button{Label: req.T("mydata.button_keep"), Style: discordgo.SecondaryButton, CustomID: keyMyDataKeep},
		}}},
	}, nil
}

func (h *myData) keep(ctx context.Context, req *Request) (*Response, error) {
	return myDataDone(req.T("mydata.kept")), nil
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

// erase deletes the member's data in one transaction, then the posts
// Kindred shared for them, and says what could not be deleted.
func (h *myData) erase(ctx context.Context, req *Request) (*Response, error) {
	if req.GuildID == "" {
		return myDataDone(req.T("mydata.in_server")), nil
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
		byLabel[tableLabel(req.P(), table)] += n
	}
	var parts []string
	for label, n := range byLabel {
		parts = append(parts, req.T("mydata.erased_count", "What", label, "Count", req.P().Number(n)))
	}
	sort.Strings(parts)
	if own == 0 && len(d.Posts) == 0 {
		b.WriteString(req.T("mydata.erased_nothing"))
	} else {
		b.WriteString(req.T("mydata.erased", "Counts", req.P().List(parts)))
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
		b.WriteString(req.N("mydata.also_posts", deleted))
	}
	if deleted := threads - failedThreads; deleted > 0 {
		b.WriteString(req.N("mydata.threads", deleted))
	}
	if unnamed > 0 {
		b.WriteString(req.N("mydata.unnamed", unnamed))
	}
	if len(failed) > 0 {
		b.WriteString(req.N("mydata.failed", len(failed)))
		for i, p := range failed {
			if i == 10 {
				b.WriteString(req.N("mydata.failed_more", len(failed)-10))
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
