package commands

// The shipped and the server's own self-care prompts: adding, editing,
// switching off and on, listing and importing them (/mod-selfcare prompts).

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// promptArg and promptRef write a prompt ref into a custom ID argument,
// which cannot hold ':', and back.
func promptArg(ref string) string { return strings.Replace(ref, ":", ".", 1) }
func promptRef(arg string) string { return strings.Replace(arg, ".", ":", 1) }

func (s *selfCare) addPrompt(ctx context.Context, req *Request) (*Response, error) {
	p, err := s.store.AddSelfCarePrompt(ctx, req.GuildID, req.User.ID, req.String("category"), req.String("text"))
	if err != nil {
		return selfCareStoreProblem(req, err)
	}
	return req.PrivateT("selfcare.prompt_added", "Category", categoryLabel(req.P(), p.Category), "Text", p.Text), nil
}

// chosenPrompt loads the prompt picked with autocomplete.
func (s *selfCare) chosenPrompt(ctx context.Context, req *Request) (data.SelfCarePrompt, *Response, error) {
	p, err := s.store.SelfCarePrompt(ctx, req.GuildID, strings.TrimSpace(req.String("prompt")))
	if errors.Is(err, data.ErrNotFound) {
		return data.SelfCarePrompt{}, req.PrivateT("selfcare.pick_prompt"), nil
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
		return req.PrivateT("selfcare.edit_shipped"), nil
	}
	category := p.Category
	if c := req.String("category"); c != "" {
		category = c
	}
	return &Response{Modal: selfCareEditModal(req.P(), p.Ref, category, p.Text)}, nil
}

func selfCareEditModal(pr *i18n.Printer, ref, category, text string) *Modal {
	return &Modal{
		CustomID: CustomID(keySelfCareEdit, promptArg(ref), category),
		Title:    clipRunes(pr.T("selfcare.edit_title", "Category", categoryName(pr, category)), 45),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "text", Label: clipRunes(pr.T("selfcare.edit_label"), 45), Style: discordgo.TextInputParagraph,
				Value: text, Required: true, MinLength: data.MinSelfCarePrompt, MaxLength: data.MaxSelfCarePrompt},
		}}},
	}
}

func (s *selfCare) saveEdit(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 2 {
		return req.PrivateT("selfcare.form_gone"), nil
	}
	typed := req.ModalValue("text")
	p, err := s.store.EditSelfCarePrompt(ctx, req.GuildID, req.User.ID, promptRef(req.Args[0]), req.Args[1], typed)
	if err != nil {
		resp, err := req.Problem(err)
		if resp == nil {
			return nil, err
		}
		return req.PrivateT("selfcare.not_saved", "Problem", resp.Content, "Text", clipRunes(typed, 1500)), nil
	}
	return req.PrivateT("selfcare.saved", "Category", categoryLabel(req.P(), p.Category), "Text", p.Text), nil
}

func (s *selfCare) switchPrompt(ctx context.Context, req *Request, enabled bool) (*Response, error) {
	p, resp, err := s.chosenPrompt(ctx, req)
	if resp != nil || err != nil {
		return resp, err
	}
	p, changed, err := s.store.SetSelfCarePromptEnabled(ctx, req.GuildID, req.User.ID, p.Ref, enabled)
	if err != nil {
		return req.Problem(err)
	}
	switch {
	case !changed && enabled:
		return req.PrivateT("selfcare.already_in"), nil
	case !changed:
		return req.PrivateT("selfcare.already_out"), nil
	case enabled:
		return req.PrivateT("selfcare.back_in", "Text", promptText(req.P(), p.Ref, p.Text)), nil
	}
	msg := req.T("selfcare.taken_out", "Text", promptText(req.P(), p.Ref, p.Text))
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
		msg += " " + req.T("selfcare.none_left")
	}
	return Private("%s", msg), nil
}

// promptLine shows a prompt in the list, in pr's language.
func promptLine(pr *i18n.Printer, p data.SelfCarePrompt) string {
	var marks []string
	if !p.Shipped {
		marks = append(marks, pr.T("selfcare.mark_yours"))
	}
	if !p.Enabled {
		marks = append(marks, pr.T("selfcare.mark_disabled"))
	}
	text := promptText(pr, p.Ref, p.Text)
	line := "• " + text
	if !p.Enabled {
		line = "• ~~" + text + "~~"
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
				lines = append(lines, "**"+categoryLabel(req.P(), c)+"**")
				first = false
			}
			lines = append(lines, promptLine(req.P(), p))
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
		return req.PrivateT("selfcare.category_empty"), nil
	}
	n, _ := req.Int("page")
	if n < 1 {
		n = 1
	}
	if int(n) > len(pages) {
		return &Response{Content: req.N("selfcare.only_pages", len(pages)), Ephemeral: true}, nil
	}
	pr := req.P()
	footer := req.T("selfcare.page_of", "Page", pr.Number(int(n)), "Pages", pr.Number(len(pages)))
	if int(n) < len(pages) {
		footer += " · " + req.T("selfcare.page_more", "Command", plainCommand(pr, "mod-selfcare prompts list page"), "Next", pr.Number(int(n)+1))
	}
	e := &discordgo.MessageEmbed{Title: req.T("selfcare.title"), Description: pages[n-1], Color: selfCareColor,
		Footer: &discordgo.MessageEmbedFooter{Text: footer}}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}, nil
}

func selfCareImportModal(pr *i18n.Printer, value string) *Modal {
	return &Modal{
		CustomID: keySelfCareImport,
		Title:    clipRunes(pr.T("selfcare.import_title"), 45),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "prompts", Label: clipRunes(pr.T("selfcare.import_label"), 45), Style: discordgo.TextInputParagraph,
				Placeholder: clipRunes(pr.T("selfcare.import_placeholder"), 100),
				Value:       value, Required: true, MaxLength: 4000},
		}}},
	}
}

// parseImport reads "category: prompt" lines. Problems name their line,
// in pr's language.
func parseImport(pr *i18n.Printer, text string) ([]data.SelfCarePrompt, []string) {
	var out []data.SelfCarePrompt
	var problems []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cut := strings.IndexAny(line, ":|\t")
		if cut < 0 {
			problems = append(problems, pr.T("selfcare.import_no_colon", "Line", pr.Number(i+1), "Text", clipRunes(line, 40)))
			continue
		}
		cat := strings.ToLower(strings.TrimSpace(line[:cut]))
		text := strings.TrimSpace(line[cut+1:])
		cat, text, err := data.NormalizeSelfCarePrompt(cat, text)
		if err != nil {
			msg, ok := problemIn(pr, err)
			if !ok {
				msg = userMessage(err, data.ErrInvalid)
			}
			problems = append(problems, pr.T("selfcare.import_line", "Line", pr.Number(i+1), "Problem", msg))
			continue
		}
		out = append(out, data.SelfCarePrompt{Category: cat, Text: text})
	}
	if len(out)+len(problems) > maxSelfCareImport {
		problems = append(problems, pr.T("selfcare.import_too_many", "Count", pr.Number(len(out)+len(problems)), "Max", pr.Number(maxSelfCareImport)))
	}
	return out, problems
}

func (s *selfCare) saveImport(ctx context.Context, req *Request) (*Response, error) {
	typed := req.ModalValue("prompts")
	keep := []*discordgo.File{{Name: "prompts.txt", ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(typed)}}
	prompts, problems := parseImport(req.P(), typed)
	if len(prompts) == 0 && len(problems) == 0 {
		return req.PrivateT("selfcare.import_nothing"), nil
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], req.N("selfcare.more_problems", len(problems)-10))
		}
		msg := req.T("selfcare.import_fix") + "\n• " +
			strings.Join(problems, "\n• ") + "\n\n" + req.T("selfcare.import_categories", "List", strings.Join(data.SelfCareCategories(), ", "))
		return &Response{Content: clipRunes(msg, 2000), Files: keep, Ephemeral: true}, nil
	}
	added, skipped, err := s.store.ImportSelfCarePrompts(ctx, req.GuildID, req.User.ID, prompts)
	if err != nil {
		resp, err := req.Problem(err)
		if resp == nil {
			return nil, err
		}
		return &Response{Content: req.T("selfcare.import_failed", "Problem", resp.Content), Files: keep, Ephemeral: true}, nil
	}
	msg := req.N("selfcare.imported", len(added))
	if len(skipped) > 0 {
		msg += " " + req.N("selfcare.import_skipped", len(skipped))
	}

	return Private("%s", msg), nil
}
