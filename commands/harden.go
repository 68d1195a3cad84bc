package commands

import (
	"context"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// harden wraps every command's handlers with the checks that must hold
// whatever the router did: moderator-only parts check the role again (a
// crafted payload can name subcommands the router doesn't see), a button
// or menu must be on the message it claims to be pressed on (its custom ID
// carries record IDs), and typed text comes back on failure (KeepTyped).
func harden(list []*Command) {
	for _, c := range list {
		if c.Handle != nil {
			c.Handle = KeepTyped(requireModerator(c, c.Handle))
		}
		for key, comp := range c.Components {
			h := comp.Handle
			if c.Moderator || comp.Moderator {
				h = moderatorOnly(h)
			}
			comp.Handle = KeepTyped(onItsMessage(h))
			c.Components[key] = comp
		}
	}
}

// requireModerator refuses a member the moderator parts of c, and
// answers them sent from a DM (where there is no server to moderate)
// with where they work.
func requireModerator(c *Command, h Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if !c.Moderator && !slices.Contains(c.ModeratorSubcommands, req.Subcommand()) {
			return h(ctx, req)
		}
		if req.GuildID == "" {
			// Sent from a DM, which Discord doesn't offer these in, by a
			// stale or modified client: there is no server to moderate.
			return req.PrivateT("common.moderators_in_server", "Command", req.P().Command(c.Definition.Name)), nil
		}
		if !req.IsModerator {
			return req.PrivateT("common.moderators_only"), nil
		}
		return h(ctx, req)
	}
}

// moderatorOnly refuses a member a moderator's button or form.
func moderatorOnly(h Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if !req.IsModerator {
			return req.PrivateT("common.moderators_only"), nil
		}
		return h(ctx, req)
	}
}

// onItsMessage refuses a button or select menu whose custom ID is not on
// the message it was pressed on: a modified client can send any custom ID,
// and the record IDs in it must not reach a handler from a message that
// never offered them. Forms (modal submissions) carry no message
// components and pass through.
func onItsMessage(h Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		i := req.Interaction
		if i == nil || i.Type != discordgo.InteractionMessageComponent || i.Message == nil {
			return h(ctx, req)
		}
		if !hasCustomID(i.Message.Components, i.MessageComponentData().CustomID) {
			return req.PrivateT("common.not_on_message"), nil
		}
		return h(ctx, req)
	}
}

// hasCustomID reports whether components hold one with customID.
func hasCustomID(cs []discordgo.MessageComponent, customID string) bool {
	for _, c := range cs {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			if hasCustomID(c.Components, customID) {
				return true
			}
		case discordgo.ActionsRow:
			if hasCustomID(c.Components, customID) {
				return true
			}
		case *discordgo.Button:
			if c.CustomID == customID {
				return true
			}
		case *discordgo.SelectMenu:
			if c.CustomID == customID {
				return true
			}
		}
	}
	return false
}
