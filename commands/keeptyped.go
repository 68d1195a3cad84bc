package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/i18n"
)

// A failed handler replies with message common.not_saved and its
// reference, then common.hand_back and the member's words, so nothing
// they typed is lost.

// keepTypedInline is the most text handed back in embeds; more comes as a
// file, which keeps every character.
const keepTypedInline = 3500

// KeepTyped wraps a handler so that whatever goes wrong on Kindred's side
// (a full disk, an I/O error, a busy database, a panic) the member gets
// back what they typed. Every command and component handler passes
// through it (All applies it), so no form can forget: on a modal
// submission or a slash command, an error or panic is logged under a
// reference and answered with the reference and the member's words (the
// form's text inputs, the command's text options), in the reply or, when
// long, as an attached text file. Buttons and autocomplete pass through.
func KeepTyped(h Handler) Handler {
	return func(ctx context.Context, req *Request) (resp *Response, err error) {
		if req == nil || req.Interaction == nil || (req.Interaction.Type != discordgo.InteractionModalSubmit &&
			req.Interaction.Type != discordgo.InteractionApplicationCommand) {
			return h(ctx, req)
		}
		defer func() {
			if p := recover(); p != nil {
				resp, err = handBack(req, fmt.Errorf("panic: %v\n%s", p, debug.Stack())), nil
			}
		}()
		resp, err = h(ctx, req)
		if err != nil {
			return handBack(req, err), nil
		}
		return resp, nil
	}
}

// handBack logs err under a fresh reference and returns the reply with
// the form's fields.
func handBack(req *Request, err error) *Response {
	ref := newReference()
	log := req.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Error("interaction failed; typed text handed back", "ref", ref, "err", err)
	return typedReply(req.P(), req.T("common.not_saved", "Ref", ref), typedFields(req))
}

// typedReply is a private reply carrying fields a member typed: in embeds
// when short, else as one text file.
func typedReply(p *i18n.Printer, content string, fields []typedField) *Response {
	resp := &Response{Ephemeral: true, Content: content}
	total := 0
	for _, f := range fields {
		total += utf8.RuneCountInString(f.value)
	}
	if total == 0 {
		return resp
	}
	if total <= keepTypedInline && len(fields) <= 5 {
		resp.Content += " " + p.T("common.hand_back")
		for _, f := range fields {
			resp.Embeds = append(resp.Embeds, &discordgo.MessageEmbed{Title: f.name, Description: f.value})
		}
		return resp
	}
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%s:\n%s\n\n", f.name, f.value)
	}
	resp.Content += " " + p.T("common.hand_back_file")
	resp.Files = []*discordgo.File{{Name: "what-you-wrote.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(b.String())}}
	return resp
}

// typedField is one text input of a submitted form.
type typedField struct{ name, value string }

// typedFields returns the non-empty text a member typed: a form's text
// inputs, or a command's string options.
func typedFields(req *Request) []typedField {
	var out []typedField
	if req.Interaction.Type == discordgo.InteractionApplicationCommand {
		if req.Interaction.ApplicationCommandData().CommandType != discordgo.ChatApplicationCommand &&
			req.Interaction.ApplicationCommandData().CommandType != 0 {
			return nil
		}
		for _, o := range req.options() {
			if s, ok := o.Value.(string); ok && o.Type == discordgo.ApplicationCommandOptionString && strings.TrimSpace(s) != "" {
				out = append(out, typedField{name: o.Name, value: s})
			}
		}
		return out
	}
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch c := c.(type) {
			case *discordgo.ActionsRow:
				walk(c.Components)
			case *discordgo.TextInput:
				if strings.TrimSpace(c.Value) != "" {
					out = append(out, typedField{name: c.CustomID, value: c.Value})
				}
			}
		}
	}
	walk(req.Interaction.ModalSubmitData().Components)
	return out
}

func newReference() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}
