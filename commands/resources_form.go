package commands

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The add and edit form. A resource has more fields than a form has
// inputs (5), so related fields share an input, one "Label: value" a line.
const (
	resInName    = "name"
	resInDesc    = "desc"
	resInContact = "contact"
	resInHours   = "hours"
	resInWhere   = "where"
)

// resourceInputs are the form's inputs in order, with their labels'
// message IDs.
var resourceInputs = []struct{ id, label string }{
	{resInName, "resources.input_name"},
	{resInDesc, "resources.input_desc"},
	{resInContact, "resources.input_contact"},
	{resInHours, "resources.input_hours"},
	{resInWhere, "resources.input_where"},
}

// resourceForm holds what was typed into the form, input by input.
type resourceForm map[string]string

// resFormOf fills the form with r, its labelled lines in p's language.
func resFormOf(p *i18n.Printer, r data.Resource) resourceForm {
	line := func(label, v string) string { return p.T(label) + ": " + v }
	return resourceForm{
		resInName: r.Name,
		resInDesc: r.Description,
		resInContact: strings.Join([]string{line("resources.label_phone", r.Phone), line("resources.label_text", r.Text),
			line("resources.label_website", r.Website), line("resources.label_address", r.Address)}, "\n"),
		resInHours: r.Hours,
		resInWhere: strings.Join([]string{line("resources.label_region", r.Region), line("resources.label_languages", r.Languages),
			line("resources.label_tags", strings.Join(r.Tags, ", "))}, "\n"),
	}
}

func resFormFromModal(req *Request) resourceForm {
	f := resourceForm{}
	for _, in := range resourceInputs {
		f[in.id] = req.ModalValue(in.id)
	}
	return f
}

func resourceModal(p *i18n.Printer, customID, title string, f resourceForm) *Modal {
	input := func(id, label, placeholder string, style discordgo.TextInputStyle, required bool, maxLen int) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: id, Label: label, Style: style, Placeholder: placeholder,
			Value: clipRunes(f[id], maxLen), Required: required, MaxLength: maxLen,
		}}}
	}
	return &Modal{
		CustomID: customID,
		Title:    title,
		Components: []discordgo.MessageComponent{
			input(resInName, p.T("resources.input_name"), p.T("resources.hint_name"), discordgo.TextInputShort, true, data.MaxResourceName),
			input(resInDesc, p.T("resources.input_desc"), p.T("resources.hint_desc"), discordgo.TextInputParagraph, true, data.MaxResourceDescription),
			input(resInContact, p.T("resources.input_contact"), "", discordgo.TextInputParagraph, false, 1000),
			input(resInHours, p.T("resources.input_hours"), p.T("resources.hint_hours"), discordgo.TextInputShort, false, data.MaxResourceHours),
			input(resInWhere, p.T("resources.input_where"), "", discordgo.TextInputParagraph, false, 600),
		},
	}
}

var (
	resLabelLineRE = regexp.MustCompile(`^\s*([\p{L} ]{1,20}):\s*(.*)$`)

	// The labels a form's lines may start with, in English; each
	// language's own (resources.label_*) are read too.
	resContactLabels = map[string]string{
		"phone": "phone", "telephone": "phone", "tel": "phone", "call": "phone", "phone number": "phone",
		"text": "text", "sms": "text", "text line": "text",
		"website": "website", "web": "website", "site": "website", "url": "website", "link": "website", "chat": "website",
		"address": "address", "location": "address",
	}
	resWhereLabels = map[string]string{
		"region": "region", "area": "region",
		"languages": "languages", "language": "languages",
		"tags": "tags", "tag": "tags", "keywords": "tags",
	}
)

// resLabels adds to the English labels those of p's language, such as
// "telefon" for phone in German.
func resLabels(p *i18n.Printer, english map[string]string, ids map[string]string) map[string]string {
	out := make(map[string]string, len(english)+len(ids))
	for k, v := range english {
		out[k] = v
	}
	for key, id := range ids {
		out[strings.ToLower(strings.Join(strings.Fields(p.T(id)), " "))] = key
	}
	return out
}

// resParseLabeled reads "Label: value" lines. A line without a label
// continues the one before (an address over several lines). A bare web
// address is taken as the website. Problems are told in p's language.
func resParseLabeled(p *i18n.Printer, input, text string, labels map[string]string, known string) (map[string]string, error) {
	out := map[string]string{}
	current := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if m := resLabelLineRE.FindStringSubmatch(line); m != nil {
			label := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
			if key, ok := labels[label]; ok {
				current = key
				if v := strings.TrimSpace(m[2]); v != "" {
					out[key] = resJoinLabeled(key, out[key], v)
				}
				continue
			}
			if label == "http" || label == "https" {
				if _, ok := labels["website"]; ok {
					current = "website"
					out["website"] = resJoinLabeled("website", out["website"], line)
					continue
				}
			}
			if current != "address" {
				return nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.form_unknown_label", "Input", input, "Known", known, "Label", m[1]+":"))
			}
		}
		if current == "" {
			return nil, fmt.Errorf("%w: %s", data.ErrInvalid, p.T("resources.form_no_label", "Input", input, "Known", known))
		}
		out[current] = resJoinLabeled(current, out[current], line)
	}
	return out, nil
}

func resJoinLabeled(key, old, v string) string {
	switch {
	case old == "":
		return v
	case key == "address":
		return old + "\n" + v
	case key == "tags" || key == "phone":
		return old + ", " + v
	}
	return old + " " + v
}

// resource turns the form into a resource, or says kindly (in p's
// language) what is wrong.
func (f resourceForm) resource(p *i18n.Printer, category string) (data.Resource, error) {
	contact, err := resParseLabeled(p, p.T("resources.field_reach"), f[resInContact],
		resLabels(p, resContactLabels, map[string]string{"phone": "resources.label_phone", "text": "resources.label_text",
			"website": "resources.label_website", "address": "resources.label_address"}),
		p.T("resources.known_contact"))
	if err != nil {
		return data.Resource{}, err
	}
	where, err := resParseLabeled(p, p.T("resources.input_where"), f[resInWhere],
		resLabels(p, resWhereLabels, map[string]string{"region": "resources.label_region", "languages": "resources.label_languages",
			"tags": "resources.label_tags"}),
		p.T("resources.known_where"))
	if err != nil {
		return data.Resource{}, err
	}
	r := data.Resource{
		Name: f[resInName], Category: category, Description: f[resInDesc],
		Phone: contact["phone"], Text: contact["text"], Website: contact["website"], Address: contact["address"],
		Hours: f[resInHours], Region: where["region"], Languages: where["languages"],
	}
	if where["tags"] != "" {
		r.Tags = []string{where["tags"]}
	}
	return data.NormalizeResource(r)
}
