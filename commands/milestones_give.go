package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// Milestone is /milestone: a member shares something of their own to
// celebrate (posted only if they choose), and moderators give awards.
func Milestone(store milestoneStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "milestone",
			Description: "Celebrate a milestone of your own, or give a member an award",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "share",
					Description: "Celebrate something of your own (kept private unless you choose to post it)",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "what", Description: "What you're celebrating, such as: went back to work", Required: true, MaxLength: data.MaxMilestoneTitle},
						{Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: "A few words more (leave out to write them in a form, with line breaks)", MaxLength: data.MaxMilestoneNote},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "public", Description: "Post it in the celebrations channel? (No unless you choose)"},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: "award",
					Description: "Give a member an award, celebrated in the celebrations channel (moderators)",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Who the award is for", Required: true},
						{Type: discordgo.ApplicationCommandOptionString, Name: "title", Description: "The award, such as: Six months of hosting Tuesday group", Required: true, MaxLength: data.MaxMilestoneTitle},
					},
				},
			},
		},
		Feature:              data.FeatureMilestones,
		ModeratorSubcommands: []string{"award"},
		Components: map[string]Component{keyMilestoneNote: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			return shareMilestoneForm(ctx, store, req)
		}}},
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" || req.User == nil {
			return req.PrivateT("milestones.in_server_share"), nil
		}
		celebrate(ctx, store, log, req, req.GuildID, req.User.ID, milestoneVisit)
		switch req.Subcommand() {
		case "share":
			public, _ := req.Bool("public")
			if strings.TrimSpace(req.String("note")) == "" {
				return &Response{Modal: milestoneNoteForm(req.P(), req.String("what"), public)}, nil
			}
			return shareMilestone(ctx, store, req, req.String("what"), req.String("note"), public)
		case "award":
			return awardMilestone(ctx, store, req)
		}
		return req.PrivateT("milestones.unknown_part"), nil
	}
	return c
}

// milestoneKeepTyped adds what a member typed to a refusal, so nothing is lost.
func milestoneKeepTyped(req *Request, resp *Response, typed ...string) *Response {
	var parts []string
	for _, t := range typed {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, blockQuote(clipRunes(t, 1000)))
		}
	}
	if len(parts) > 0 {
		resp.Content = clipRunes(resp.Content+"\n"+req.T("milestones.kept_typed")+"\n"+strings.Join(parts, "\n"), 2000)
	}
	return resp
}

// milestoneNoteForm is the form /milestone share opens without a note:
// what is celebrated, pre-filled, and a paragraph box for the note.
func milestoneNoteForm(p *i18n.Printer, what string, public bool) *Modal {
	flag := "0"
	if public {
		flag = "1"
	}
	note := paragraphInput(p.T("forms.milestone_note_label"), p.T("forms.milestone_note_hint"), "", false, data.MaxMilestoneNote)
	return &Modal{
		CustomID: CustomID(keyMilestoneNote, flag),
		Title:    p.T("forms.milestone_form_title"),
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
				CustomID: milestoneWhatID, Label: p.T("forms.milestone_what_label"), Style: discordgo.TextInputShort,
				Value: clipRunes(what, data.MaxMilestoneTitle), Required: true, MaxLength: data.MaxMilestoneTitle,
			}}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{note}},
		},
	}
}

// shareMilestoneForm is the submission of milestoneNoteForm.
func shareMilestoneForm(ctx context.Context, store milestoneStore, req *Request) (*Response, error) {
	what, note := req.ModalValue(milestoneWhatID), req.ModalValue(longTextInputID)
	if strings.TrimSpace(what) == "" {
		return milestoneKeepTyped(req, req.PrivateT("forms.long_text_empty"), note), nil
	}
	if resp := longTextProblemIn(req.P(), note, data.MaxMilestoneNote, true); resp != nil {
		return milestoneKeepTyped(req, resp, what), nil
	}
	public := len(req.Args) > 0 && req.Args[0] == "1"
	return shareMilestone(ctx, store, req, what, note, public)
}

func shareMilestone(ctx context.Context, store milestoneStore, req *Request, what, note string, public bool) (*Response, error) {
	channel := req.Settings.Get(data.SettingCelebrationsChannel)
	m, err := store.ShareMilestone(ctx, req.GuildID, req.User.ID, what, note, public, channel)
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			resp = milestoneKeepTyped(req, resp, what, note)
		}
		return resp, err
	}
	if public {
		celebrate(ctx, store, nil, req, req.GuildID, req.User.ID, milestoneStoryShared)
	}
	switch {
	case m.Announced():
		return req.PrivateT("milestones.shared_posting", "Title", m.Title, "Channel", "<#"+channel+">"), nil
	case public:
		return req.PrivateT("milestones.shared_nochannel", "Title", m.Title), nil
	}
	return req.PrivateT("milestones.shared_private", "Title", m.Title), nil
}

func awardMilestone(ctx context.Context, store milestoneStore, req *Request) (*Response, error) {
	member, title := req.ID("member"), req.String("title")
	if u := resolvedUserOption(req, member); u != nil && u.Bot {
		return milestoneKeepTyped(req, req.PrivateT("milestones.award_no_bots"), title), nil
	}
	if member == req.User.ID {
		return milestoneKeepTyped(req, req.PrivateT("milestones.award_not_self"), title), nil
	}
	if leftServer(req, member) {
		return milestoneKeepTyped(req, req.PrivateT("milestones.award_gone"), title), nil
	}
	channel := req.Settings.Get(data.SettingCelebrationsChannel)
	m, err := store.AwardMilestone(ctx, req.GuildID, req.User.ID, member, title, channel)
	if err != nil {
		resp, err := req.Problem(err)
		if resp != nil {
			resp = milestoneKeepTyped(req, resp, title)
		}
		return resp, err
	}
	RecordAction(ctx, store, req, data.AuditMilestones, "award", "<@"+member+">", m.Title)
	return req.PrivateT("milestones.awarded", "Title", m.Title, "Member", userMention(member), "Where", givenWhere(req, m, channel)), nil
}

// givenWhere says what became of kudos or an award.
func givenWhere(req *Request, m data.Milestone, channel string) string {
	switch {
	case m.Announced():
		return req.T("milestones.given_channel", "Channel", "<#"+channel+">")
	case !m.Public:
		return req.T("milestones.given_private", "Member", userMention(m.UserID))
	}
	return req.T("milestones.given_nochannel", "Member", userMention(m.UserID))
}

// kudosRefusal is the kind reply when kudos can't be given, or nil.
func kudosRefusal(req *Request, to *discordgo.User) *Response {
	switch {
	case !req.Settings.Enabled(data.FeatureMilestoneKudos):
		return req.PrivateT("milestones.kudos_off")
	case to == nil:
		return req.PrivateT("milestones.kudos_who")
	case to.ID == req.User.ID:
		return req.PrivateT("milestones.kudos_not_self")
	case to.Bot:
		return req.PrivateT("milestones.kudos_no_bots")
	}
	return nil
}

// kudosLimitReply says kindly that today's kudos are used up.
func kudosLimitReply(req *Request) *Response {
	return &Response{Content: req.N("milestones.kudos_limit", data.KudosPerDay), Ephemeral: true}
}

// giveKudos records kudos and answers the giver.
func giveKudos(ctx context.Context, store milestoneStore, req *Request, k data.Kudos) (*Response, error) {
	channel := req.Settings.Get(data.SettingCelebrationsChannel)
	m, err := store.GiveKudos(ctx, k, req.Settings.Location(), channel)
	switch {
	case errors.Is(err, data.ErrKudosLimit):
		return milestoneKeepTyped(req, kudosLimitReply(req), k.Reason), nil
	case err != nil:
		resp, err := req.Problem(err)
		if resp != nil {
			resp = milestoneKeepTyped(req, resp, k.Reason)
		}
		return resp, err
	}
	return req.PrivateT("milestones.kudos_thanks", "Member", userMention(k.To), "Where", givenWhere(req, m, channel)), nil
}

// Kudos is /kudos: a member celebrates another, a few times a day at most.
func Kudos(store milestoneStore, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "kudos",
			Description: fmt.Sprintf("Celebrate another member, in the celebrations channel (%d a day)", data.KudosPerDay),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Who you're celebrating", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "What for, such as: always making newcomers welcome", Required: true, MaxLength: data.MaxMilestoneTitle},
			},
		},
		Feature: data.FeatureMilestones,
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" || req.User == nil {
			return req.PrivateT("milestones.kudos_in_server"), nil
		}
		celebrate(ctx, store, log, req, req.GuildID, req.User.ID, milestoneVisit)
		id, reason := req.ID("member"), req.String("reason")
		to := resolvedUserOption(req, id)
		if to == nil && id != "" {
			to = &discordgo.User{ID: id}
		}
		if resp := kudosRefusal(req, to); resp != nil {
			return milestoneKeepTyped(req, resp, reason), nil
		}
		if leftServer(req, id) {
			return milestoneKeepTyped(req, req.PrivateT("milestones.kudos_gone"), reason), nil
		}
		return giveKudos(ctx, store, req, data.Kudos{GuildID: req.GuildID, From: req.User.ID, To: id, Reason: reason})
	}
	return c
}

// keyCelebrateForm routes the "Celebrate this" form:
// ms-celebrate:<author ID>:<channel ID>:<message ID>.
const keyCelebrateForm = "ms-celebrate"

var celebrateIDRE = regexp.MustCompile(`^[0-9]{15,21}$`)

// CelebrateThis is the "Celebrate this" message command: kudos to a
// message's author, for that message, with a reason if the member likes.
func CelebrateThis(store milestoneStore, members MemberChecker, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name: "Celebrate this",
			Type: discordgo.MessageApplicationCommand,
		},
		Feature: data.FeatureMilestones,
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" || req.User == nil {
			return req.PrivateT("milestones.kudos_in_server_menu"), nil
		}
		// Only reads before the form: a form must be the first reply, so
		// this must never be slow enough to be deferred. The visit is
		// counted when the form is sent.
		d := req.Interaction.ApplicationCommandData()
		var msg *discordgo.Message
		if d.Resolved != nil {
			msg = d.Resolved.Messages[d.TargetID]
		}
		if msg == nil || msg.Author == nil {
			return req.PrivateT("milestones.kudos_unknown_author"), nil
		}
		if resp := kudosRefusal(req, msg.Author); resp != nil {
			return resp, nil
		}
		n, err := store.KudosGivenToday(ctx, req.GuildID, req.User.ID, req.Settings.Location())
		if err != nil {
			return nil, err
		}
		if n >= data.KudosPerDay {
			return kudosLimitReply(req), nil
		}
		channelID := msg.ChannelID
		if channelID == "" {
			channelID = req.ChannelID
		}
		return &Response{Modal: &Modal{
			CustomID: CustomID(keyCelebrateForm, msg.Author.ID, channelID, msg.ID),
			Title:    req.T("milestones.menu_form_title"),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{
					CustomID: "reason", Label: req.T("milestones.menu_form_label"), Style: discordgo.TextInputShort,
					Placeholder: req.T("milestones.menu_form_hint"), MaxLength: data.MaxMilestoneTitle,
				},
			}}},
		}}, nil
	}
	c.Components = map[string]Component{
		keyCelebrateForm: {Handle: func(ctx context.Context, req *Request) (*Response, error) {
			if req.GuildID == "" || req.User == nil || len(req.Args) != 3 {
				return req.PrivateT(msgOldMilestoneButton), nil
			}
			for _, a := range req.Args {
				if !celebrateIDRE.MatchString(a) {
					return req.PrivateT(msgOldMilestoneButton), nil
				}
			}
			reason := req.ModalValue("reason")
			celebrate(ctx, store, log, req, req.GuildID, req.User.ID, milestoneVisit)
			if resp := kudosRefusal(req, &discordgo.User{ID: req.Args[0]}); resp != nil {
				return milestoneKeepTyped(req, resp, reason), nil
			}
			// The author may have left while the form was open (or the
			// custom ID was crafted): kudos only reach members.
			if members != nil {
				in, err := members.IsMember(ctx, req.GuildID, req.Args[0])
				if err != nil {
					return nil, fmt.Errorf("check the author of a celebrated message is a member: %w", err)
				}
				if !in {
					return milestoneKeepTyped(req, req.PrivateT("milestones.kudos_author_gone"), reason), nil
				}
			}
			return giveKudos(ctx, store, req, data.Kudos{
				GuildID: req.GuildID, From: req.User.ID, To: req.Args[0], Reason: reason,
				ChannelID: req.Args[1], MessageID: req.Args[2],
			})
		}},
	}
	return c
}
