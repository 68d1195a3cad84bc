// Package commands defines Kindred's slash commands, one file per feature.
//
// A Command holds its definition and its handlers together, so they cannot
// drift apart. Handlers are pure functions of a context and a Request: they
// return the Response to send and never touch a session, which package bot
// owns. Each feature declares the small store and Discord interfaces it
// needs, so it can be tested without a session.
package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// Handler answers one interaction.
type Handler func(ctx context.Context, req *Request) (*Response, error)

// Command is one top-level application command with everything that
// answers it: the command itself, its autocomplete, and the components
// and modals its messages carry.
type Command struct {
	// Definition is what is synced to Discord.
	Definition *discordgo.ApplicationCommand
	// Moderator commands are hidden from members by Discord and checked
	// again by the bot on every call, including their components.
	Moderator bool
	// ModeratorSubcommands lists subcommands ("add", "prompts add") that
	// need a moderator in a command members may otherwise use. All moves
	// them to the area's moderators' command (see modAreas), and the
	// member command still refuses them to members.
	ModeratorSubcommands []string
	// Anywhere commands also work in DMs with Kindred, in group DMs and
	// for members who installed Kindred to their own account; their
	// handlers must cope with no server (GuildID "").
	Anywhere bool
	// Feature, if set, is the setting that switches the command off.
	Feature string
	// Handle answers the command.
	Handle Handler
	// Autocomplete answers autocomplete requests with Response.Choices.
	Autocomplete Handler
	// Components answer buttons, selects and modal submissions whose
	// custom ID starts with the key followed by ':' (or equals it).
	Components map[string]Component
}

// Component answers a button, select menu or modal submission.
type Component struct {
	Handle    Handler
	Moderator bool
}

// Request is an interaction as handlers see it.
type Request struct {
	Interaction *discordgo.Interaction
	GuildID     string
	ChannelID   string
	User        *discordgo.User
	// Roles are the member's role IDs (none in a DM).
	Roles []string
	// IsModerator is true for members with Manage Server or the moderator role.
	IsModerator bool
	// Settings are the server's settings (defaults in a DM).
	Settings data.Settings
	// Now is when the interaction arrived.
	Now time.Time
	// Args are the custom ID's parts after its routing key.
	Args []string
	// Log is the interaction's logger, for what a handler notes but does
	// not answer with; nil in tests that don't look.
	Log *slog.Logger
	// Lang is the language to answer the member in: their /me language,
	// else their Discord language, else the server's ("" is English).
	Lang string
	// ServerLang is the language of what everyone in the server sees
	// (Settings.Language), for posts a member's action makes.
	ServerLang string
}

// T writes message id of the catalogue in the member's language; kv are
// its placeholders' names and values (see i18n.Printer.T).
func (r *Request) T(id string, kv ...any) string { return i18n.For(r.Lang).T(id, kv...) }

// N is T for a message with plural forms, chosen by count.
func (r *Request) N(id string, count int, kv ...any) string {
	return i18n.For(r.Lang).N(id, count, kv...)
}

// P returns the printer for the member's language.
func (r *Request) P() *i18n.Printer { return i18n.For(r.Lang) }

// Public returns the printer for the server's language, for posts
// everyone sees.
func (r *Request) Public() *i18n.Printer { return i18n.For(r.ServerLang) }

// PrivateT is Private with message id in the member's language.
func (r *Request) PrivateT(id string, kv ...any) *Response {
	return &Response{Content: r.T(id, kv...), Ephemeral: true}
}

// Subcommand returns the invoked subcommand path, such as "history" or
// "prompts add", or "" for a command without subcommands.
func (r *Request) Subcommand() string {
	if r.Interaction.Type != discordgo.InteractionApplicationCommand &&
		r.Interaction.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return ""
	}
	var path []string
	opts := r.Interaction.ApplicationCommandData().Options
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand ||
		opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		path = append(path, opts[0].Name)
		opts = opts[0].Options
	}
	return strings.Join(path, " ")
}

// options returns the leaf options, below any subcommand.
func (r *Request) options() []*discordgo.ApplicationCommandInteractionDataOption {
	opts := r.Interaction.ApplicationCommandData().Options
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand ||
		opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		opts = opts[0].Options
	}
	return opts
}

func (r *Request) option(name string) *discordgo.ApplicationCommandInteractionDataOption {
	if r.Interaction.Type != discordgo.InteractionApplicationCommand &&
		r.Interaction.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return nil
	}
	for _, o := range r.options() {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// String returns a string option, or "" when it was not given.
func (r *Request) String(name string) string {
	if o := r.option(name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}

// Int returns an integer option and whether it was given.
func (r *Request) Int(name string) (int64, bool) {
	if o := r.option(name); o != nil {
		if f, ok := o.Value.(float64); ok {
			return int64(f), true
		}
	}
	return 0, false
}

// Bool returns a boolean option and whether it was given.
func (r *Request) Bool(name string) (bool, bool) {
	if o := r.option(name); o != nil {
		if b, ok := o.Value.(bool); ok {
			return b, true
		}
	}
	return false, false
}

// ID returns a user, channel, role or mentionable option's ID, or "".
func (r *Request) ID(name string) string { return r.String(name) }

// Focused returns the option being typed in an autocomplete request.
func (r *Request) Focused() (name, value string) {
	for _, o := range r.options() {
		if o.Focused {
			s, _ := o.Value.(string)
			return o.Name, s
		}
	}
	return "", ""
}

// Values returns the values chosen in a select menu.
func (r *Request) Values() []string {
	if r.Interaction.Type != discordgo.InteractionMessageComponent {
		return nil
	}
	return r.Interaction.MessageComponentData().Values
}

// ModalValue returns the text a member typed into a modal's text input.
func (r *Request) ModalValue(customID string) string {
	if r.Interaction.Type != discordgo.InteractionModalSubmit {
		return ""
	}
	var find func([]discordgo.MessageComponent) (string, bool)
	find = func(cs []discordgo.MessageComponent) (string, bool) {
		for _, c := range cs {
			switch c := c.(type) {
			case *discordgo.ActionsRow:
				if v, ok := find(c.Components); ok {
					return v, true
				}
			case *discordgo.TextInput:
				if c.CustomID == customID {
					return c.Value, true
				}
			}
		}
		return "", false
	}
	v, _ := find(r.Interaction.ModalSubmitData().Components)
	return v
}

// Response is what a handler asks the bot to send.
type Response struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File
	// Ephemeral replies are seen only by the member who asked.
	Ephemeral bool
	// Mentions says who may be pinged. nil pings nobody.
	Mentions *discordgo.MessageAllowedMentions
	// Update edits the message a component is on instead of replying.
	Update bool
	// Modal, when set, opens a form instead of replying.
	Modal *Modal
	// Choices answer an autocomplete request.
	Choices []*discordgo.ApplicationCommandOptionChoice
}

// Modal is a pop-up form.
type Modal struct {
	CustomID   string
	Title      string
	Components []discordgo.MessageComponent
}

// Private returns an ephemeral reply.
func Private(format string, args ...any) *Response {
	return &Response{Content: fmt.Sprintf(format, args...), Ephemeral: true}
}

// ProblemReply turns a store error into a kind reply when it is the
// member's to fix (invalid input, not found or not theirs, conflict), and passes any
// other error on, to be logged and answered with "something went wrong".
func ProblemReply(err error) (*Response, error) {
	for _, kind := range []error{data.ErrInvalid, data.ErrNotYours, data.ErrNotFound, data.ErrConflict} {
		if errors.Is(err, kind) {
			return Private("%s", userMessage(err, kind)), nil
		}
	}
	return nil, err
}

// Problem is ProblemReply in the member's language: a store error that
// carries its own message (a data.Problem) is said in it.
func (r *Request) Problem(err error) (*Response, error) {
	return problemIn(r.P(), err)
}

// problemIn is Request.Problem in p's language, for a reply or a line
// written in another printer's language (an import's list of problems).
func problemIn(p *i18n.Printer, err error) (*Response, error) {
	var pr *data.Problem
	if errors.As(err, &pr) {
		return Private("%s", capitalize(p.T("problem."+pr.ID, pr.Args...))), nil
	}
	return ProblemReply(err)
}

// userMessage extracts the sentence after the sentinel ("invalid: ...").
func userMessage(err error, kind error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, kind.Error()+": "); ok {
		msg = after
	}
	if msg == "" {
		return "I couldn't do that."
	}
	return capitalize(msg)
}

// CustomID joins a routing key and arguments into a component custom ID.
func CustomID(key string, args ...string) string {
	return strings.Join(append([]string{key}, args...), ":")
}
