package commands

// The shipped and the server's own self-care prompts: adding, editing,
// switching off and on, listing and importing them (/mod-selfcare prompts).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// promptArg and promptRef write a prompt ref into a custom ID argument,
// which cannot hold ':', and back.
func promptArg(ref string) string { return strings.Replace(ref, ":", ".", 1) }
func promptRef(arg string) string { return strings.Replace(arg, ".", ":", 1) }

func categoryLabel(c string) string {
	if l, ok := selfCareCategoryLabels[c]; ok {
		return l
	}
	return c
}

func (s *selfCare) addPrompt(ctx context.Context, req *Request) (*Response, error) {
	p, err := s.store.AddSelfCarePrompt(ctx, req.GuildID, req.User.ID, req.String("category"), req.String("text"))
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	return Private("Added to the rotation (%s):\n> %s", categoryLabel(p.Category), p.Text), nil
}

// chosenPrompt loads the prompt picked with autocomplete.
func (s *selfCare) chosenPrompt(ctx context.Context, req *Request) (data.SelfCarePrompt, *Response, error) {
	p, err := s.store.SelfCarePrompt(ctx, req.GuildID, strings.TrimSpace(req.String("prompt")))
	if errors.Is(err, data.ErrNotFound) {
		return data.SelfCarePrompt{}, Private("Please choose a prompt from the list that appears as you type. `/mod-selfcare prompts list` shows them all."), nil
	}
	if err != nil {
		return data.SelfCarePrompt{}, nil, err
	}
	return p, nil, nil
}

func (s *selfCare) editPrompt(ctx context.Context, req *Request) (*Response, error) {
	p, resp, err := s.chosenPrompt(ctx, req)
	if resp != nil || err != nil {
		return resp, err
	}
	if p.Shipped {
		return Private("That's one of Kindred's own prompts, which can't be edited. You can take it out of the rotation with `/mod-selfcare prompts disable` and add your own version with `/mod-selfcare prompts add`."), nil
	}
	category := p.Category
	if c := req.String("category"); c != "" {
		category = c
	}
	return &Response{Modal: selfCareEditModal(p.Ref, category, p.Text)}, nil
}

func selfCareEditModal(ref, category, text string) *Modal {
	return &Modal{
		CustomID: CustomID(keySelfCareEdit, promptArg(ref), category),
		Title:    "Edit prompt (" + category + ")",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "text", Label: "Prompt (up to 300 characters)", Style: discordgo.TextInputParagraph,
				Value: text, Required: true, MinLength: data.MinSelfCarePrompt, MaxLength: data.MaxSelfCarePrompt},
		}}},
	}
}

func (s *selfCare) saveEdit(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 2 {
		return Private("I don't recognise that form any more; please run `/mod-selfcare prompts edit` again."), nil
	}
	typed := req.ModalValue("text")
	p, err := s.store.EditSelfCarePrompt(ctx, req.GuildID, req.User.ID, promptRef(req.Args[0]), req.Args[1], typed)
	if err != nil {
		resp, err := ProblemReply(err)
		if resp == nil {
			return nil, err
		}
		return Private("Not saved. %s\n\nWhat you wrote:\n>>> %s", resp.Content, clipRunes(typed, 1500)), nil
	}
	return Private("Saved (%s):\n> %s", categoryLabel(p.Category), p.Text), nil
}

func (s *selfCare) switchPrompt(ctx context.Context, req *Request, enabled bool) (*Response, error) {
	p, resp, err := s.chosenPrompt(ctx, req)
	if resp != nil || err != nil {
		return resp, err
	}
	p, changed, err := s.store.SetSelfCarePromptEnabled(ctx, req.GuildID, req.User.ID, p.Ref, enabled)
	if err != nil {
		return ProblemReply(err)
	}
	switch {
	case !changed && enabled:
		return Private("That prompt is already in the rotation."), nil
	case !changed:
		return Private("That prompt is already out of the rotation."), nil
	case enabled:
		return Private("Back in the rotation:\n> %s", p.Text), nil
	}
	msg := fmt.Sprintf("Taken out of the rotation:\n> %s\n\n`/mod-selfcare prompts enable` puts it back.", p.Text)
	prompts, err := s.store.SelfCarePrompts(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	left := 0
	for _, q := range prompts {
		if q.Enabled {
			left++
		}
	}
	if left == 0 {
		msg += " Heads-up: no prompts are left in the rotation, so scheduled posts and nudges will be skipped until you enable or add one."
	}
	return Private("%s", msg), nil
}

// promptLine shows a prompt in the list.
func promptLine(p data.SelfCarePrompt) string {
	var marks []string
	if !p.Shipped {
		marks = append(marks, "yours")
	}
	if !p.Enabled {
		marks = append(marks, "disabled")
	}
	line := "• " + p.Text
	if !p.Enabled {
		line = "• ~~" + p.Text + "~~"
	}
	if len(marks) > 0 {
		line += " *(" + strings.Join(marks, ", ") + ")*"
	}
	return line
}

func (s *selfCare) listPrompts(ctx context.Context, req *Request) (*Response, error) {
	prompts, err := s.store.SelfCarePrompts(ctx, req.GuildID)
	if err != nil {
		return nil, err
	}
	category := req.String("category")
	// Group by category, in the categories' order.
	var lines []string
	for _, c := range data.SelfCareCategories() {
		if category != "" && c != category {
			continue
		}
		first := true
		for _, p := range prompts {
			if p.Category != c {
				continue
			}
			if first {
				lines = append(lines, "**"+categoryLabel(c)+"**")
				first = false
			}
			lines = append(lines, promptLine(p))
		}
	}
	// Pages that fit in an embed.
	var pages []string
	var cur strings.Builder
	for _, l := range lines {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(l)+1 > 3900 {
			pages = append(pages, cur.String())
			cur.Reset()
		}
		cur.WriteString(l + "\n")
	}
	if cur.Len() > 0 {
		pages = append(pages, cur.String())
	}
	if len(pages) == 0 {
		return Private("There are no prompts in that category yet. `/mod-selfcare prompts add` adds one."), nil
	}
	n, _ := req.Int("page")
	if n < 1 {
		n = 1
	}
	if int(n) > len(pages) {
		return Private("There are only %d pages.", len(pages)), nil
	}
	footer := fmt.Sprintf("Page %d of %d", n, len(pages))
	if int(n) < len(pages) {
		footer += fmt.Sprintf(" · /mod-selfcare prompts list page:%d for more", n+1)
	}
	e := &discordgo.MessageEmbed{Title: "Self-care prompts", Description: pages[n-1], Color: selfCareColor,
		Footer: &discordgo.MessageEmbedFooter{Text: footer}}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}, nil
}

func selfCareImportModal(value string) *Modal {
	return &Modal{
		CustomID: keySelfCareImport,
		Title:    "Import prompts",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "prompts", Label: "One per line, as category: prompt", Style: discordgo.TextInputParagraph,
				Placeholder: "movement: Stretch your arms up high.\nrest: Close your eyes for a minute.",
				Value:       value, Required: true, MaxLength: 4000},
		}}},
	}
}

// parseImport reads "category: prompt" lines. Problems name their line.
func parseImport(text string) ([]data.SelfCarePrompt, []string) {
	var out []data.SelfCarePrompt
	var problems []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cut := strings.IndexAny(line, ":|\t")
		if cut < 0 {
			problems = append(problems, fmt.Sprintf("line %d: start with a category and a colon, like \"rest: %s\"", i+1, clipRunes(line, 40)))
			continue
		}
		cat := strings.ToLower(strings.TrimSpace(line[:cut]))
		text := strings.TrimSpace(line[cut+1:])
		cat, text, err := data.NormalizeSelfCarePrompt(cat, text)
		if err != nil {
			resp, _ := ProblemReply(err)
			problems = append(problems, fmt.Sprintf("line %d: %s", i+1, resp.Content))
			continue
		}
		out = append(out, data.SelfCarePrompt{Category: cat, Text: text})
	}
	if len(out)+len(problems) > maxSelfCareImport {
		problems = append(problems, fmt.Sprintf("there are %d prompts; please import up to %d at a time", len(out)+len(problems), maxSelfCareImport))
	}
	return out, problems
}

func (s *selfCare) saveImport(ctx context.Context, req *Request) (*Response, error) {
	typed := req.ModalValue("prompts")
	keep := []*discordgo.File{{Name: "prompts.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(typed)}}
	prompts, problems := parseImport(typed)
	if len(prompts) == 0 && len(problems) == 0 {
		return Private("There was nothing to import. Write one prompt per line, like \"rest: Close your eyes for a minute.\""), nil
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
		}
		msg := "Nothing was imported yet; please fix these and try `/mod-selfcare prompts import` again (your text is attached):\n• " +
			strings.Join(problems, "\n• ") + "\n\nCategories: " + strings.Join(data.SelfCareCategories(), ", ") + "."
		return &Response{Content: clipRunes(msg, 2000), Files: keep, Ephemeral: true}, nil
	}
	added, skipped, err := s.store.ImportSelfCarePrompts(ctx, req.GuildID, req.User.ID, prompts)
	if err != nil {
		resp, err := ProblemReply(err)
		if resp == nil {
			return nil, err
		}
		return &Response{Content: "Nothing was imported. " + resp.Content + " Your text is attached.", Files: keep, Ephemeral: true}, nil
	}
	msg := fmt.Sprintf("Imported %d prompts into the rotation.", len(added))
	if len(added) == 1 {
		msg = "Imported 1 prompt into the rotation."
	}
	if len(skipped) > 0 {
		msg += fmt.Sprintf(" %d were already there (in this server or in Kindred's library), so I left them out.", len(skipped))
	}
	return Private("%s", msg), nil
}
