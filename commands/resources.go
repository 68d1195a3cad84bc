package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// resourcesStore is what /resources needs of the store.
type resourcesStore interface {
	Resource(ctx context.Context, guildID string, id int64) (data.Resource, error)
	ResourceByName(ctx context.Context, guildID, name string) (data.Resource, error)
	AddResource(ctx context.Context, guildID, userID string, r data.Resource) (data.Resource, error)
	UpdateResource(ctx context.Context, guildID, userID string, id int64, r data.Resource) (data.Resource, error)
	RemoveResource(ctx context.Context, guildID string, id int64) (data.Resource, error)
	MarkResourceChecked(ctx context.Context, guildID string, id int64) (data.Resource, error)
	SearchResources(ctx context.Context, guildID, query string, limit int) ([]data.Resource, error)
	SuggestResources(ctx context.Context, guildID, typed string, limit int) ([]data.Resource, error)
	BrowseResources(ctx context.Context, guildID string, f data.ResourceFilter, offset, limit int) ([]data.Resource, int, error)
	StaleResources(ctx context.Context, guildID string, checkedBefore time.Time) ([]data.Resource, error)
	ResourceRegions(ctx context.Context, guildID, prefix string, limit int) ([]string, error)
	AllResources(ctx context.Context, guildID string) ([]data.Resource, error)
	ImportResources(ctx context.Context, guildID, userID string, rows []data.ImportRow) (data.ImportSummary, error)
	Auditor // moderators' changes go to /audit
}

// Fetcher downloads a file, such as an attachment a moderator uploaded.
type Fetcher func(ctx context.Context, url string) ([]byte, error)

type resources struct {
	store resourcesStore
	fetch Fetcher
	log   *slog.Logger
}

// resourceColor is the directory's embed colour, a soft green.
const resourceColor = 0x57A773

// resourcePageSize is how many resources one page of a list shows.
const resourcePageSize = 10

// Resources is /resources: a searchable directory of help that each
// server keeps. Members find, browse and show resources; moderators add,
// edit, remove, check, import and export them. fetch downloads import
// files; nil means plain HTTPS with a time and size limit.
func Resources(store resourcesStore, fetch Fetcher, log *slog.Logger) *Command {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if fetch == nil {
		fetch = HTTPFetcher(nil)
	}
	h := &resources{store: store, fetch: fetch, log: log}
	c := &Command{
		Definition:           resourcesDefinition(),
		Feature:              data.FeatureResources,
		ModeratorSubcommands: []string{"add", "edit", "remove", "checked", "import", "export", "stale"},
		Components: map[string]Component{
			"res-page": {Handle: resInServer(h.page)},
			"res-show": {Handle: resInServer(h.showPicked)},
			"res-add":  {Handle: resInServer(h.saveAdd), Moderator: true},
			"res-edit": {Handle: resInServer(h.saveEdit), Moderator: true},
			"res-fix":  {Handle: resInServer(h.fix), Moderator: true},
			"res-rm":   {Handle: resInServer(h.remove), Moderator: true},
			"res-keep": {Handle: resInServer(h.keep), Moderator: true},
			"res-chk":  {Handle: resInServer(h.checkPicked), Moderator: true},
		},
	}
	c.Handle = resInServer(func(ctx context.Context, req *Request) (*Response, error) {
		switch req.Subcommand() {
		case "find":
			return h.find(ctx, req)
		case "browse":
			return h.browse(ctx, req)
		case "show":
			return h.show(ctx, req)
		case "add":
			return h.addForm(req)
		case "edit":
			return h.editForm(ctx, req)
		case "remove":
			return h.removeConfirm(ctx, req)
		case "checked":
			return h.markChecked(ctx, req)
		case "import":
			return h.importFile(ctx, req)
		case "export":
			return h.export(ctx, req)
		case "stale":
			return h.stale(ctx, req)
		}
		return req.PrivateT("resources.unknown_part"), nil
	})
	c.Autocomplete = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return &Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
		}
		return h.autocomplete(ctx, req)
	}
	return c
}

func resInServer(h Handler) Handler {
	return func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" || req.User == nil {
			return req.PrivateT("resources.in_server"), nil
		}
		return h(ctx, req)
	}
}

func resourceCategoryChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, c := range data.ResourceCategories() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: c.Label, Value: c.Key})
	}
	return out
}

func resourceOption(description string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "resource", Description: description,
		Required: true, Autocomplete: true, MaxLength: 100,
	}
}

func resourcesDefinition() *discordgo.ApplicationCommand {
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	category := func(required bool, desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "category", Description: desc,
			Required: required, Choices: resourceCategoryChoices(),
		}
	}
	return &discordgo.ApplicationCommand{
		Name:        "resources",
		Description: "This community's directory of help: services, hotlines, groups, reading and apps",
		Options: []*discordgo.ApplicationCommandOption{
			sub("find", "Search the directory",
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "A word or two, such as anxiety or helpline",
					Required: true, Autocomplete: true, MaxLength: 100,
				}),
			sub("browse", "Look through the directory, page by page",
				category(false, "Only this kind of resource"),
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionString, Name: "region", Description: "Only resources for this place",
					Autocomplete: true, MaxLength: data.MaxResourceRegion,
				}),
			sub("show", "Everything about one resource",
				resourceOption("The resource to show"),
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionBoolean, Name: "share",
					Description: "Post it in this channel for everyone (otherwise only you see it)",
				}),
			sub("add", "Add a resource to the directory (moderators)", category(true, "What kind of resource it is")),
			sub("edit", "Change a resource (moderators)", resourceOption("The resource to change"), category(false, "A new category, if it changes")),
			sub("remove", "Remove a resource from the directory (moderators)", resourceOption("The resource to remove")),
			sub("checked", "Mark a resource as checked today (moderators)", resourceOption("The resource you checked")),
			sub("import", "Add or update resources from a CSV or JSON file (moderators)",
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionAttachment, Name: "file",
					Description: "A .csv or .json file, such as one from /mod-resources export", Required: true,
				}),
			sub("export", "Download the directory as a CSV or JSON file (moderators)",
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionString, Name: "format", Description: "CSV (for spreadsheets, the default) or JSON",
					Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "CSV", Value: "csv"}, {Name: "JSON", Value: "json"}},
				}),
			sub("stale", "Resources nobody has checked for a while (moderators)"),
		},
	}
}

// resourceValue is an autocomplete choice's value for a resource: "#" and
// its ID, so that a picked choice is told apart from typed words.
func resourceValue(id int64) string { return "#" + strconv.FormatInt(id, 10) }

func parseResourceValue(v string) (int64, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(v), "#")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// resolveResource finds the resource an option names: a picked choice, or
// a name typed in full.
func (h *resources) resolveResource(ctx context.Context, req *Request, option string) (data.Resource, error) {
	v := req.String(option)
	if id, ok := parseResourceValue(v); ok {
		return h.store.Resource(ctx, req.GuildID, id)
	}
	if strings.TrimSpace(v) == "" {
		return data.Resource{}, fmt.Errorf("%w: %s", data.ErrInvalid, req.T("resources.choose_from_list"))
	}
	r, err := h.store.ResourceByName(ctx, req.GuildID, v)
	if errors.Is(err, data.ErrNotFound) {
		return data.Resource{}, fmt.Errorf("%w: %s", data.ErrNotFound, req.T("resources.not_found_name", "Name", clipRunes(v, 100)))
	}
	return r, err
}

func (h *resources) autocomplete(ctx context.Context, req *Request) (*Response, error) {
	name, typed := req.Focused()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if name == "region" {
		regions, err := h.store.ResourceRegions(ctx, req.GuildID, typed, 25)
		if err != nil {
			return nil, err
		}
		for _, r := range regions {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: r, Value: r})
		}
		return &Response{Choices: choices}, nil
	}
	list, err := h.store.SuggestResources(ctx, req.GuildID, typed, 25)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		label := r.Name
		if r.Region != "" {
			label += " · " + r.Region
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: clipRunes(label, 100), Value: resourceValue(r.ID)})
	}
	return &Response{Choices: choices}, nil
}

// ResourceEmbed renders one resource in p's language: what it is for, how
// to reach it, hours, region, languages and when a moderator last checked
// it. What moderators wrote stays as they wrote it.
func ResourceEmbed(p *i18n.Printer, r data.Resource) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title:       clipRunes(r.Name, 256),
		Description: clipRunes(r.Description, 4096),
		Color:       resourceColor,
	}
	if r.Website != "" {
		e.URL = r.Website
	}
	var reach []string
	if r.Phone != "" {
		reach = append(reach, p.T("resources.reach_phone", "Value", r.Phone))
	}
	if r.Text != "" {
		reach = append(reach, p.T("resources.reach_text", "Value", r.Text))
	}
	if r.Website != "" {
		reach = append(reach, p.T("resources.reach_website", "Value", r.Website))
	}
	if r.Address != "" {
		reach = append(reach, p.T("resources.reach_address", "Value", r.Address))
	}
	add := func(name, value string, inline bool) {
		if value != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: clipRunes(value, 1024), Inline: inline})
		}
	}
	add(p.T("resources.field_reach"), strings.Join(reach, "\n"), false)
	add(p.T("resources.field_hours"), r.Hours, true)
	add(p.T("resources.field_region"), r.Region, true)
	add(p.T("resources.field_languages"), r.Languages, true)
	add(p.T("resources.field_category"), resCategoryLabel(p, r.Category), true)
	add(p.T("resources.field_tags"), strings.Join(r.Tags, ", "), true)
	add(p.T("resources.field_last_checked"), fmt.Sprintf("<t:%d:D> (<t:%d:R>)", r.LastChecked.Unix(), r.LastChecked.Unix()), true)
	e.Footer = &discordgo.MessageEmbedFooter{Text: p.T("resources.footer")}
	return e
}

func (h *resources) find(ctx context.Context, req *Request) (*Response, error) {
	query := req.String("query")
	if id, ok := parseResourceValue(query); ok {
		return h.showResource(ctx, req, id, false)
	}
	list, err := h.store.SearchResources(ctx, req.GuildID, query, resourcePageSize)
	if err != nil {
		return req.Problem(err)
	}
	switch len(list) {
	case 0:
		return req.PrivateT("resources.no_results", "Query", clipRunes(strings.TrimSpace(query), 100)), nil
	case 1:
		return &Response{Embeds: []*discordgo.MessageEmbed{ResourceEmbed(req.P(), list[0])}, Ephemeral: true}, nil
	}
	e := resourceListEmbed(req.P(), req.T("resources.find_title", "Query", clipRunes(strings.TrimSpace(query), 100)), list)
	if len(list) == resourcePageSize {
		e.Footer = &discordgo.MessageEmbedFooter{Text: req.N("resources.find_best", resourcePageSize)}
	}
	return &Response{
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: []discordgo.MessageComponent{resourceShowSelect(req.P(), list)},
		Ephemeral:  true,
	}, nil
}

// resourceListEmbed is a compact list: name, category, region and the
// start of each description.
func resourceListEmbed(p *i18n.Printer, title string, list []data.Resource) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: clipRunes(title, 256), Color: resourceColor}
	for _, r := range list {
		about := resCategoryLabel(p, r.Category)
		if r.Region != "" {
			about += " · " + r.Region
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  clipRunes(r.Name, 256),
			Value: clipRunes(about+"\n"+resFirstLine(r.Description), 300),
		})
	}
	return e
}

func resFirstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return clipRunes(line, 200)
}

// resourceShowSelect lets a member open one resource of a list in full.
func resourceShowSelect(p *i18n.Printer, list []data.Resource) discordgo.MessageComponent {
	var opts []discordgo.SelectMenuOption
	for _, r := range list[:min(len(list), 25)] {
		o := discordgo.SelectMenuOption{Label: clipRunes(r.Name, 100), Value: resourceValue(r.ID)}
		if r.Region != "" {
			o.Description = clipRunes(r.Region, 100)
		}
		opts = append(opts, o)
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: "res-show", Placeholder: p.T("resources.show_placeholder"), Options: opts,
	}}}
}

func (h *resources) show(ctx context.Context, req *Request) (*Response, error) {
	r, err := h.resolveResource(ctx, req, "resource")
	if err != nil {
		return req.Problem(err)
	}
	share, _ := req.Bool("share")
	return &Response{Embeds: []*discordgo.MessageEmbed{ResourceEmbed(resPrinter(req, share), r)}, Ephemeral: !share}, nil
}

func (h *resources) showResource(ctx context.Context, req *Request, id int64, share bool) (*Response, error) {
	r, err := h.store.Resource(ctx, req.GuildID, id)
	if err != nil {
		return req.Problem(err)
	}
	return &Response{Embeds: []*discordgo.MessageEmbed{ResourceEmbed(resPrinter(req, share), r)}, Ephemeral: !share}, nil
}

// showPicked answers the "Show one in full" menu with a new private reply,
// leaving the list where it was.
func (h *resources) showPicked(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		return req.PrivateT("resources.choose_from_menu"), nil
	}
	id, ok := parseResourceValue(values[0])
	if !ok {
		return req.PrivateT("resources.unclear_pick"), nil
	}
	return h.showResource(ctx, req, id, false)
}

func (h *resources) browse(ctx context.Context, req *Request) (*Response, error) {
	return h.renderPage(ctx, req, data.ResourceFilter{Category: req.String("category"), Region: req.String("region")}, 0, false)
}

// page answers Previous and Next: res-page:<page>:<category>:<region>.
func (h *resources) page(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 3 {
		return req.PrivateT("resources.old_page_button"), nil
	}
	page, err := strconv.Atoi(req.Args[0])
	if err != nil || page < 0 {
		page = 0
	}
	return h.renderPage(ctx, req, data.ResourceFilter{Category: req.Args[1], Region: resUnescapeArg(req.Args[2])}, page, true)
}

func (h *resources) renderPage(ctx context.Context, req *Request, f data.ResourceFilter, page int, update bool) (*Response, error) {
	list, total, err := h.store.BrowseResources(ctx, req.GuildID, f, page*resourcePageSize, resourcePageSize)
	if err != nil {
		return req.Problem(err)
	}
	pages := max(1, (total+resourcePageSize-1)/resourcePageSize)
	if total > 0 && len(list) == 0 && page > 0 {
		// The directory shrank since the page was shown: go to the last page.
		return h.renderPage(ctx, req, f, pages-1, update)
	}
	if total == 0 {
		resp := req.PrivateT("resources.empty_directory")
		if f.Category != "" || f.Region != "" {
			resp = req.PrivateT("resources.nothing_matches")
		}
		if update {
			resp.Update, resp.Embeds, resp.Components = true, []*discordgo.MessageEmbed{}, []discordgo.MessageComponent{}
		}
		return resp, nil
	}
	title := req.T("resources.browse_title")
	c, isCategory := data.LookupResourceCategory(f.Category)
	switch {
	case isCategory && f.Region != "":
		title = req.T("resources.browse_title_both", "Category", resCategoryLabel(req.P(), c.Key), "Region", f.Region)
	case isCategory:
		title = req.T("resources.browse_title_category", "Category", resCategoryLabel(req.P(), c.Key))
	case f.Region != "":
		title = req.T("resources.browse_title_region", "Region", f.Region)
	}
	e := resourceListEmbed(req.P(), title, list)
	e.Footer = &discordgo.MessageEmbedFooter{Text: req.N("resources.page_footer", total,
		"Page", req.P().Number(page+1), "Pages", req.P().Number(pages))}
	components := []discordgo.MessageComponent{resourceShowSelect(req.P(), list)}
	prev := CustomID("res-page", strconv.Itoa(page-1), f.Category, resEscapeArg(f.Region))
	next := CustomID("res-page", strconv.Itoa(page+1), f.Category, resEscapeArg(f.Region))
	if pages > 1 && len(next) <= 100 {
		components = append(components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("resources.previous"), Style: discordgo.SecondaryButton, CustomID: prev, Disabled: page == 0},
			discordgo.Button{Label: req.T("resources.next"), Style: discordgo.SecondaryButton, CustomID: next, Disabled: page+1 >= pages},
		}})
	}
	return &Response{Embeds: []*discordgo.MessageEmbed{e}, Components: components, Ephemeral: true, Update: update}, nil
}

// resEscapeArg keeps ':' (the custom ID separator) out of a custom ID part.
func resEscapeArg(s string) string {
	return strings.NewReplacer("%", "%25", ":", "%3A").Replace(s)
}

func resUnescapeArg(s string) string {
	return strings.NewReplacer("%3A", ":", "%25", "%").Replace(s)
}

func (h *resources) addForm(req *Request) (*Response, error) {
	c, ok := data.LookupResourceCategory(req.String("category"))
	if !ok {
		return req.PrivateT("resources.choose_category"), nil
	}
	return &Response{Modal: resourceModal(req.P(), CustomID("res-add", c.Key), resAddTitle(req.P(), c.Key), resFormOf(req.P(), data.Resource{}))}, nil
}

func (h *resources) editForm(ctx context.Context, req *Request) (*Response, error) {
	r, err := h.resolveResource(ctx, req, "resource")
	if err != nil {
		return req.Problem(err)
	}
	category := r.Category
	if c, ok := data.LookupResourceCategory(req.String("category")); ok {
		category = c.Key
	}
	id := strconv.FormatInt(r.ID, 10)
	return &Response{Modal: resourceModal(req.P(), CustomID("res-edit", id, category), resEditTitle(req.P(), r.Name), resFormOf(req.P(), r))}, nil
}

// resAddTitle and resEditTitle are the form's titles (at most 45 characters).
func resAddTitle(p *i18n.Printer, category string) string {
	return clipRunes(p.T("resources.add_title", "Category", resCategoryLabel(p, category)), 45)
}

func resEditTitle(p *i18n.Printer, name string) string {
	return clipRunes(p.T("resources.edit_title", "Name", name), 45)
}

// saveAdd answers the add form: res-add:<category>.
func (h *resources) saveAdd(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 1 {
		return req.PrivateT("resources.old_add_form"), nil
	}
	form := resFormFromModal(req)
	r, err := form.resource(req.P(), req.Args[0])
	if err == nil {
		r, err = h.store.AddResource(ctx, req.GuildID, req.User.ID, r)
	}
	if err != nil {
		return h.notSaved(req, err, form, CustomID("res-fix", "add", req.Args[0]))
	}
	RecordAction(ctx, h.store, req, data.AuditResources, "add", r.Name, "")
	return &Response{
		Content:   req.T("resources.added", "Name", r.Name),
		Embeds:    []*discordgo.MessageEmbed{ResourceEmbed(req.P(), r)},
		Ephemeral: true,
	}, nil
}

// saveEdit answers the edit form: res-edit:<id>:<category>.
func (h *resources) saveEdit(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 2 {
		return req.PrivateT("resources.old_edit_form"), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return req.PrivateT("resources.old_edit_form"), nil
	}
	form := resFormFromModal(req)
	r, err := form.resource(req.P(), req.Args[1])
	if err == nil {
		r, err = h.store.UpdateResource(ctx, req.GuildID, req.User.ID, id, r)
	}
	if errors.Is(err, data.ErrNotFound) {
		return req.Problem(err)
	}
	if err != nil {
		return h.notSaved(req, err, form, CustomID("res-fix", "edit", req.Args[0], req.Args[1]))
	}
	RecordAction(ctx, h.store, req, data.AuditResources, "edit", r.Name, "")
	return &Response{
		Content:   req.T("resources.saved_changes", "Name", r.Name),
		Embeds:    []*discordgo.MessageEmbed{ResourceEmbed(req.P(), r)},
		Ephemeral: true,
	}, nil
}

// notSaved explains a refusal and keeps what was typed: it is shown back,
// and "Fix and try again" reopens the form with it filled in.
func (h *resources) notSaved(req *Request, err error, form resourceForm, fixID string) (*Response, error) {
	resp, err := req.Problem(err)
	if err != nil {
		return nil, err
	}
	typed := &discordgo.MessageEmbed{Title: req.T("resources.typed_title"), Color: resourceColor}
	for _, in := range resourceInputs {
		v := form[in.id]
		if strings.TrimSpace(v) == "" {
			v = resEmptyField
		}
		typed.Fields = append(typed.Fields, &discordgo.MessageEmbedField{Name: req.T(in.label), Value: clipRunes(v, 1024)})
	}
	return &Response{
		Content: clipRunes(req.T("resources.not_saved", "Problem", resp.Content), 2000),
		Embeds:  []*discordgo.MessageEmbed{typed},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("resources.fix_button"), Style: discordgo.PrimaryButton, CustomID: fixID},
		}}},
		Ephemeral: true,
	}, nil
}

// resEmptyField stands for an input left empty; Discord refuses empty
// embed fields.
const resEmptyField = "\u200b"

// fix reopens the form with what was typed, read back from the refusal's
// embed (its fields are the inputs, in order, labelled in whichever
// language): res-fix:add:<category> or res-fix:edit:<id>:<category>.
func (h *resources) fix(ctx context.Context, req *Request) (*Response, error) {
	form := resourceForm{}
	if m := req.Interaction.Message; m != nil && len(m.Embeds) > 0 {
		for i, f := range m.Embeds[0].Fields {
			if i < len(resourceInputs) {
				form[resourceInputs[i].id] = strings.ReplaceAll(f.Value, resEmptyField, "")
			}
		}
	}
	switch {
	case len(req.Args) == 2 && req.Args[0] == "add":
		c, ok := data.LookupResourceCategory(req.Args[1])
		if !ok {
			break
		}
		return &Response{Modal: resourceModal(req.P(), CustomID("res-add", c.Key), resAddTitle(req.P(), c.Key), form)}, nil
	case len(req.Args) == 3 && req.Args[0] == "edit":
		id, err := strconv.ParseInt(req.Args[1], 10, 64)
		if err != nil {
			break
		}
		r, err := h.store.Resource(ctx, req.GuildID, id)
		if err != nil {
			return req.Problem(err)
		}
		return &Response{Modal: resourceModal(req.P(), CustomID("res-edit", req.Args[1], req.Args[2]), resEditTitle(req.P(), r.Name), form)}, nil
	}
	return req.PrivateT("resources.old_button"), nil
}

func (h *resources) removeConfirm(ctx context.Context, req *Request) (*Response, error) {
	r, err := h.resolveResource(ctx, req, "resource")
	if err != nil {
		return req.Problem(err)
	}
	return &Response{
		Content: req.T("resources.remove_confirm", "Name", r.Name),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T("resources.remove_button"), Style: discordgo.DangerButton, CustomID: CustomID("res-rm", strconv.FormatInt(r.ID, 10))},
			discordgo.Button{Label: req.T("resources.keep_button"), Style: discordgo.SecondaryButton, CustomID: "res-keep"},
		}}},
		Ephemeral: true,
	}, nil
}

// remove answers "Remove it": res-rm:<id>.
func (h *resources) remove(ctx context.Context, req *Request) (*Response, error) {
	if len(req.Args) != 1 {
		return req.PrivateT("resources.old_remove_button"), nil
	}
	id, err := strconv.ParseInt(req.Args[0], 10, 64)
	if err != nil {
		return req.PrivateT("resources.old_remove_button"), nil
	}
	r, err := h.store.RemoveResource(ctx, req.GuildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return &Response{Update: true, Content: req.T("resources.already_removed"), Components: []discordgo.MessageComponent{}}, nil
	}
	if err != nil {
		return nil, err
	}
	RecordAction(ctx, h.store, req, data.AuditResources, "remove", r.Name, "")
	return &Response{Update: true, Content: req.T("resources.removed", "Name", r.Name), Components: []discordgo.MessageComponent{}}, nil
}

func (h *resources) keep(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Update: true, Content: req.T("resources.kept"), Components: []discordgo.MessageComponent{}}, nil
}

func (h *resources) markChecked(ctx context.Context, req *Request) (*Response, error) {
	r, err := h.resolveResource(ctx, req, "resource")
	if err == nil {
		r, err = h.store.MarkResourceChecked(ctx, req.GuildID, r.ID)
	}
	if err != nil {
		return req.Problem(err)
	}
	RecordAction(ctx, h.store, req, data.AuditResources, "checked", r.Name, "")
	return &Response{
		Content:   req.T("resources.marked_checked", "Name", r.Name),
		Embeds:    []*discordgo.MessageEmbed{ResourceEmbed(req.P(), r)},
		Ephemeral: true,
	}, nil
}

// resStaleMonths is the server's setting for when a resource needs checking.
func resStaleMonths(st data.Settings) int {
	n, err := strconv.Atoi(st.Get(data.SettingResourceStaleMonths))
	if err != nil || n < 1 {
		return 6
	}
	return n
}

func (h *resources) stale(ctx context.Context, req *Request) (*Response, error) {
	return h.renderStale(ctx, req, "", false)
}

func (h *resources) renderStale(ctx context.Context, req *Request, note string, update bool) (*Response, error) {
	months := resStaleMonths(req.Settings)
	list, err := h.store.StaleResources(ctx, req.GuildID, req.Now.AddDate(0, -months, 0))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return &Response{
			Content:    strings.TrimSpace(note + " " + req.N("resources.all_checked", months)),
			Embeds:     []*discordgo.MessageEmbed{},
			Components: []discordgo.MessageComponent{},
			Ephemeral:  true, Update: update,
		}, nil
	}
	var b strings.Builder
	shown := 0
	for _, r := range list {
		line := req.T("resources.stale_line", "Name", r.Name, "When", fmt.Sprintf("<t:%d:R>", r.LastChecked.Unix())) + "\n"
		if b.Len()+len(line) > 3800 {
			break
		}
		b.WriteString(line)
		shown++
	}
	if shown < len(list) {
		b.WriteString(req.N("resources.stale_more", len(list)-shown))
	}
	e := &discordgo.MessageEmbed{
		Title:       req.N("resources.stale_title", months, "Total", req.P().Number(len(list))),
		Description: b.String(),
		Color:       resourceColor,
		Footer:      &discordgo.MessageEmbedFooter{Text: req.T("resources.stale_footer")},
	}
	var opts []discordgo.SelectMenuOption
	for _, r := range list[:min(len(list), 25)] {
		opts = append(opts, discordgo.SelectMenuOption{Label: clipRunes(r.Name, 100), Value: strconv.FormatInt(r.ID, 10)})
	}
	one := 1
	return &Response{
		Content: note,
		Embeds:  []*discordgo.MessageEmbed{e},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
			MenuType: discordgo.StringSelectMenu, CustomID: "res-chk", Placeholder: req.T("resources.stale_placeholder"),
			MinValues: &one, MaxValues: len(opts), Options: opts,
		}}}},
		Ephemeral: true,
		Update:    update,
	}, nil
}

// checkPicked marks the resources chosen in the stale list as checked.
func (h *resources) checkPicked(ctx context.Context, req *Request) (*Response, error) {
	var done []string
	for _, v := range req.Values() {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		r, err := h.store.MarkResourceChecked(ctx, req.GuildID, id)
		if errors.Is(err, data.ErrNotFound) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		RecordAction(ctx, h.store, req, data.AuditResources, "checked", r.Name, "")
		done = append(done, r.Name)
	}
	note := ""
	if len(done) > 0 {
		note = req.T("resources.marked_checked_list", "Names", clipRunes(resJoinAnd(req.P(), done), 1500))
	}
	return h.renderStale(ctx, req, note, true)
}
