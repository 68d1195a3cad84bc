package commands_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// fakeFetcher serves files by URL, as Discord's CDN would.
type fakeFetcher struct {
	files map[string][]byte
	fail  error
}

func (f *fakeFetcher) fetch(ctx context.Context, url string) ([]byte, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	b, ok := f.files[url]
	if !ok {
		return nil, fmt.Errorf("GET %s: 404", url)
	}
	return b, nil
}

type resFixture struct {
	t       *testing.T
	store   *data.Store
	cmd     *commands.Command
	fetcher *fakeFetcher
}

func newResFixture(t *testing.T) *resFixture {
	t.Helper()
	s := newStore(t)
	f := &fakeFetcher{files: map[string][]byte{}}
	return &resFixture{t: t, store: s, cmd: commands.Resources(s, f.fetch, nil), fetcher: f}
}

func (f *resFixture) st(guildID string) data.Settings { return settingsOf(f.t, f.store, guildID) }

// run sends a request to the handler the bot would route it to, and
// checks the reply against Discord's limits.
func (f *resFixture) run(req *commands.Request) *commands.Response {
	f.t.Helper()
	h := f.cmd.Handle
	switch req.Interaction.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = f.cmd.Autocomplete
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		var id string
		if req.Interaction.Type == discordgo.InteractionModalSubmit {
			id = req.Interaction.ModalSubmitData().CustomID
		} else {
			id = req.Interaction.MessageComponentData().CustomID
		}
		key, _, _ := strings.Cut(id, ":")
		comp, ok := f.cmd.Components[key]
		if !ok {
			f.t.Fatalf("no component routed by %q", key)
		}
		if comp.Moderator && !req.IsModerator {
			f.t.Fatalf("component %q needs a moderator", key)
		}
		h = comp.Handle
	}
	resp, err := h(context.Background(), req)
	if err != nil {
		f.t.Fatalf("handler error: %v", err)
	}
	if resp == nil {
		f.t.Fatal("handler returned no response")
	}
	checkResponseLimits(f.t, resp)
	return resp
}

func (f *resFixture) add(guildID, name, region string) data.Resource {
	f.t.Helper()
	r, err := f.store.AddResource(context.Background(), guildID, mod1, data.Resource{
		Name: name, Category: data.CategoryHotline, Description: "Help for " + name + ".", Region: region, Phone: "0800 123 456",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// checkResponseLimits fails the test when a reply breaks Discord's limits.
func checkResponseLimits(t *testing.T, r *commands.Response) {
	t.Helper()
	if n := utf8.RuneCountInString(r.Content); n > 2000 {
		t.Errorf("content has %d characters", n)
	}
	checkEmbedLimits(t, "reply", r.Embeds)
	if len(r.Choices) > 25 {
		t.Errorf("%d choices", len(r.Choices))
	}
	for _, c := range r.Choices {
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
			t.Errorf("choice name %q has %d characters", c.Name, n)
		}
		if s, ok := c.Value.(string); ok && utf8.RuneCountInString(s) > 100 {
			t.Errorf("choice value %q is too long", s)
		}
	}
	if len(r.Components) > 5 {
		t.Errorf("%d action rows", len(r.Components))
	}
	for _, id := range customIDs(r.Components) {
		if utf8.RuneCountInString(id) > 100 || id == "" {
			t.Errorf("custom ID %q", id)
		}
	}
	if m := r.Modal; m != nil {
		if utf8.RuneCountInString(m.Title) > 45 || len(m.Components) > 5 {
			t.Errorf("modal %q has %d rows", m.Title, len(m.Components))
		}
		for _, in := range modalInputs(m) {
			if n := utf8.RuneCountInString(in.Label); n > 45 || n == 0 {
				t.Errorf("text input label %q has %d characters", in.Label, n)
			}
			if in.MaxLength > 0 && utf8.RuneCountInString(in.Value) > in.MaxLength {
				t.Errorf("input %s value longer than its max %d", in.CustomID, in.MaxLength)
			}
		}
	}
}

func customIDs(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		switch c := c.(type) {
		case discordgo.ActionsRow:
			out = append(out, customIDs(c.Components)...)
		case *discordgo.ActionsRow:
			out = append(out, customIDs(c.Components)...)
		case discordgo.Button:
			out = append(out, c.CustomID)
		case discordgo.SelectMenu:
			out = append(out, c.CustomID)
			if len(c.Options) > 25 || len(c.Placeholder) > 150 {
				panic("select menu over Discord's limits")
			}
		}
	}
	return out
}

func buttons(cs []discordgo.MessageComponent) []discordgo.Button {
	var out []discordgo.Button
	for _, c := range cs {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if b, ok := x.(discordgo.Button); ok {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

func selectMenu(cs []discordgo.MessageComponent) *discordgo.SelectMenu {
	for _, c := range cs {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if m, ok := x.(discordgo.SelectMenu); ok {
					return &m
				}
			}
		}
	}
	return nil
}

func modalInputs(m *commands.Modal) []discordgo.TextInput {
	var out []discordgo.TextInput
	for _, c := range m.Components {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, x := range row.Components {
				if in, ok := x.(discordgo.TextInput); ok {
					out = append(out, in)
				}
			}
		}
	}
	return out
}

func modalValues(m *commands.Modal) map[string]string {
	out := map[string]string{}
	for _, in := range modalInputs(m) {
		out[in.CustomID] = in.Value
	}
	return out
}

func TestResourcesDefinition(t *testing.T) {
	f := newResFixture(t)
	if f.cmd.Feature != data.FeatureResources || f.cmd.Moderator {
		t.Fatalf("Feature %q, Moderator %v", f.cmd.Feature, f.cmd.Moderator)
	}
	nameRE := regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	var check func(where string, opts []*discordgo.ApplicationCommandOption)
	check = func(where string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", where, len(opts))
		}
		for _, o := range opts {
			if !nameRE.MatchString(o.Name) {
				t.Errorf("%s: option name %q", where, o.Name)
			}
			if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
				t.Errorf("%s %s: description has %d characters", where, o.Name, n)
			}
			for _, c := range o.Choices {
				if utf8.RuneCountInString(c.Name) > 100 {
					t.Errorf("%s %s: choice %q", where, o.Name, c.Name)
				}
			}
			check(where+" "+o.Name, o.Options)
		}
	}
	d := f.cmd.Definition
	if !nameRE.MatchString(d.Name) || utf8.RuneCountInString(d.Description) > 100 {
		t.Errorf("command %q: %q", d.Name, d.Description)
	}
	check("/resources", d.Options)
	want := []string{"add", "edit", "remove", "checked", "import", "export", "stale"}
	if !slices.Equal(f.cmd.ModeratorSubcommands, want) {
		t.Errorf("ModeratorSubcommands = %v, want %v", f.cmd.ModeratorSubcommands, want)
	}
	for key, c := range f.cmd.Components {
		member := key == "res-page" || key == "res-show"
		if c.Moderator == member {
			t.Errorf("component %s: Moderator = %v", key, c.Moderator)
		}
	}
}

var goodForm = map[string]string{
	"name":    "Samaritans",
	"desc":    "Someone to talk to, day or night.",
	"contact": "Phone: 116 123\nText:\nWebsite: samaritans.org\nAddress: 1 High Street\nLondon",
	"hours":   "24/7",
	"where":   "Region: UK\nLanguages: English, Welsh\nTags: listening, night",
}

func withForm(changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range goodForm {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func TestResourcesAddEditRemove(t *testing.T) {
	f := newResFixture(t)
	ctx := context.Background()
	st := f.st(guildA)

	resp := f.run(slash(st, mod1, true, "resources", "add", opt{"category", "hotline"}))
	if resp.Modal == nil || resp.Modal.CustomID != "res-add:hotline" {
		t.Fatalf("add: want the form, got %+v", resp)
	}
	if got := len(modalInputs(resp.Modal)); got != 5 {
		t.Fatalf("form has %d inputs, want 5", got)
	}
	resp = f.run(modal(st, mod1, true, "res-add:hotline", goodForm))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "Added **Samaritans**") {
		t.Fatalf("add reply = %q", resp.Content)
	}
	all, _ := f.store.AllResources(ctx, guildA)
	if len(all) != 1 {
		t.Fatalf("directory has %d resources, want 1", len(all))
	}
	r := all[0]
	want := data.Resource{
		ID: r.ID, GuildID: guildA, Name: "Samaritans", Category: data.CategoryHotline, Description: "Someone to talk to, day or night.",
		Tags: []string{"listening", "night"}, Region: "UK", Languages: "English, Welsh", Phone: "116 123",
		Website: "https://samaritans.org", Address: "1 High Street\nLondon", Hours: "24/7",
		LastChecked: testNow, CreatedBy: mod1, CreatedAt: testNow, UpdatedBy: mod1, UpdatedAt: testNow,
	}
	if fmt.Sprintf("%+v", r) != fmt.Sprintf("%+v", want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", r, want)
	}
	text := embedText(resp.Embeds)
	for _, s := range []string{"Samaritans", "116 123", "https://samaritans.org", "24/7", "UK", "English, Welsh", fmt.Sprintf("<t:%d:R>", testNow.Unix())} {
		if !strings.Contains(text, s) {
			t.Errorf("resource embed lacks %q:\n%s", s, text)
		}
	}

	id := fmt.Sprint(r.ID)
	resp = f.run(slash(st, mod1, true, "resources", "edit", opt{"resource", "#" + id}, opt{"category", "support-group"}))
	if resp.Modal == nil || resp.Modal.CustomID != "res-edit:"+id+":support-group" {
		t.Fatalf("edit: want the form, got %+v", resp)
	}
	prefilled := modalValues(resp.Modal)
	if prefilled["name"] != "Samaritans" || !strings.Contains(prefilled["contact"], "Phone: 116 123") ||
		!strings.Contains(prefilled["where"], "Tags: listening, night") {
		t.Fatalf("edit form not filled in: %q", prefilled)
	}
	// Saving the form as it was filled in changes nothing but the category.
	resp = f.run(modal(st, mod1, true, resp.Modal.CustomID, prefilled))
	if !strings.Contains(resp.Content, "Saved") {
		t.Fatalf("edit reply = %q", resp.Content)
	}
	got, _ := f.store.Resource(ctx, guildA, r.ID)
	want.Category = data.CategorySupportGroup
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("after edit\n%+v\nwant\n%+v", got, want)
	}

	resp = f.run(slash(st, mod1, true, "resources", "remove", opt{"resource", "Samaritans"}))
	b := buttons(resp.Components)
	if len(b) != 2 || b[0].CustomID != "res-rm:"+id || b[1].CustomID != "res-keep" {
		t.Fatalf("remove: buttons %+v", b)
	}
	resp = f.run(component(st, mod1, true, "res-keep"))
	if !resp.Update || resp.Components == nil || len(resp.Components) != 0 {
		t.Fatalf("keep: %+v", resp)
	}
	if _, err := f.store.Resource(ctx, guildA, r.ID); err != nil {
		t.Fatalf("kept resource is gone: %v", err)
	}
	resp = f.run(component(st, mod1, true, "res-rm:"+id))
	if !resp.Update || !strings.Contains(resp.Content, "Removed **Samaritans**") || len(resp.Components) != 0 {
		t.Fatalf("remove: %+v", resp)
	}
	if _, err := f.store.Resource(ctx, guildA, r.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("removed resource still there: %v", err)
	}
	resp = f.run(component(st, mod1, true, "res-rm:"+id))
	if !strings.Contains(resp.Content, "already removed") {
		t.Fatalf("second remove: %q", resp.Content)
	}
}

func TestResourcesFormRefusalsKeepWhatWasTyped(t *testing.T) {
	tests := []struct {
		name    string
		form    map[string]string
		inReply string
	}{
		{"bad website", withForm(map[string]string{"contact": "Website: not a website"}), "isn't a web address"},
		{"words for a phone", withForm(map[string]string{"contact": "Phone: ring us"}), "doesn't look like a phone number"},
		{"unknown label", withForm(map[string]string{"contact": "Email: jo@example.org"}), `I don't know "Email:"`},
		{"no label", withForm(map[string]string{"where": "somewhere nice"}), "start each line with Region:"},
		{"duplicate name", withForm(map[string]string{"name": "EXISTING"}), "already a resource called"},
		{"long name", withForm(map[string]string{"name": strings.Repeat("n", 101)}), "at most 100 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newResFixture(t)
			f.add(guildA, "Existing", "")
			st := f.st(guildA)
			resp := f.run(modal(st, mod1, true, "res-add:app", tt.form))
			if !resp.Ephemeral || !strings.HasPrefix(resp.Content, "Not saved yet.") || !strings.Contains(resp.Content, tt.inReply) {
				t.Fatalf("reply = %q, want a refusal saying %q", resp.Content, tt.inReply)
			}
			all, _ := f.store.AllResources(context.Background(), guildA)
			if len(all) != 1 {
				t.Fatalf("after a refusal the directory has %d resources, want 1", len(all))
			}
			b := buttons(resp.Components)
			if len(b) != 1 || b[0].CustomID != "res-fix:add:app" {
				t.Fatalf("buttons = %+v, want Fix and try again", b)
			}
			fix := component(st, mod1, true, b[0].CustomID)
			fix.Interaction.Message.Embeds = resp.Embeds
			again := f.run(fix)
			if again.Modal == nil || again.Modal.CustomID != "res-add:app" {
				t.Fatalf("fix: want the form again, got %+v", again)
			}
			got := modalValues(again.Modal)
			for k, v := range tt.form {
				if want := strings.TrimSpace(v); strings.TrimSpace(got[k]) != want && utf8.RuneCountInString(want) <= 100 {
					t.Errorf("refilled %s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

func TestResourcesEditRefusalKeepsTyped(t *testing.T) {
	f := newResFixture(t)
	r := f.add(guildA, "Mind", "England")
	st := f.st(guildA)
	id := fmt.Sprint(r.ID)
	resp := f.run(modal(st, mod1, true, "res-edit:"+id+":hotline", withForm(map[string]string{"name": "Mind", "contact": "Website: ::::"})))
	b := buttons(resp.Components)
	if len(b) != 1 || b[0].CustomID != "res-fix:edit:"+id+":hotline" {
		t.Fatalf("reply %q buttons %+v", resp.Content, b)
	}
	got, _ := f.store.Resource(context.Background(), guildA, r.ID)
	if got.Description != r.Description || got.Website != "" {
		t.Fatalf("a refused edit changed the resource: %+v", got)
	}
	fix := component(st, mod1, true, b[0].CustomID)
	fix.Interaction.Message.Embeds = resp.Embeds
	if again := f.run(fix); again.Modal == nil || modalValues(again.Modal)["contact"] != "Website: ::::" {
		t.Fatalf("fix: %+v", again)
	}
}

func TestResourcesStayInTheirServerForModerators(t *testing.T) {
	f := newResFixture(t)
	r := f.add(guildA, "Samaritans", "")
	stB := f.st(guildB)
	id := fmt.Sprint(r.ID)
	for _, req := range []*commands.Request{
		slash(stB, mod1, true, "resources", "edit", opt{"resource", "#" + id}),
		slash(stB, mod1, true, "resources", "remove", opt{"resource", "#" + id}),
		slash(stB, mod1, true, "resources", "checked", opt{"resource", "Samaritans"}),
		slash(stB, member1, false, "resources", "show", opt{"resource", "#" + id}),
	} {
		resp := f.run(req)
		if resp.Modal != nil || len(resp.Embeds) != 0 || !strings.Contains(resp.Content, "couldn't find") {
			t.Errorf("%s from another server: %+v", req.Subcommand(), resp)
		}
	}
	f.run(component(stB, mod1, true, "res-rm:"+id))
	f.run(modal(stB, mod1, true, "res-edit:"+id+":hotline", goodForm))
	got, err := f.store.Resource(context.Background(), guildA, r.ID)
	if err != nil || got.Name != "Samaritans" || got.Description != r.Description {
		t.Fatalf("another server's moderator changed the resource: %+v, %v", got, err)
	}
}

func TestResourcesFind(t *testing.T) {
	f := newResFixture(t)
	st := f.st(guildA)
	for i := range 30 {
		f.add(guildA, fmt.Sprintf("Anxiety line %02d", i), "Leeds")
	}
	only := f.add(guildA, "Hearing Voices Network", "")

	resp := f.run(autocomplete(st, member1, "resources", "find", "query", opt{"query", "anx"}))
	if len(resp.Choices) != 25 {
		t.Fatalf("autocomplete: %d choices, want 25", len(resp.Choices))
	}
	if c := resp.Choices[0]; c.Name != "Anxiety line 00 · Leeds" || !strings.HasPrefix(c.Value.(string), "#") {
		t.Errorf("first choice = %+v", c)
	}
	resp = f.run(slash(st, member1, false, "resources", "find", opt{"query", resp.Choices[3].Value}))
	if len(resp.Embeds) != 1 || resp.Embeds[0].Title != "Anxiety line 03" || !resp.Ephemeral {
		t.Fatalf("picked choice: %+v", resp)
	}

	resp = f.run(slash(st, member1, false, "resources", "find", opt{"query", "anxiety"}))
	if len(resp.Embeds) != 1 || len(resp.Embeds[0].Fields) != 10 || selectMenu(resp.Components) == nil {
		t.Fatalf("find with many results: %+v", resp)
	}
	pick := component(st, member1, false, "res-show", selectMenu(resp.Components).Options[1].Value)
	if got := f.run(pick); got.Update || len(got.Embeds) != 1 || got.Embeds[0].Title != "Anxiety line 01" {
		t.Fatalf("show from the list: %+v", got)
	}

	resp = f.run(slash(st, member1, false, "resources", "find", opt{"query", "voices"}))
	if len(resp.Embeds) != 1 || resp.Embeds[0].Title != only.Name {
		t.Fatalf("find with one result: %+v", resp)
	}
	resp = f.run(slash(st, member1, false, "resources", "find", opt{"query", "unicorns"}))
	for _, s := range []string{"couldn't find anything", "/crisis", "/resources browse"} {
		if !strings.Contains(resp.Content, s) {
			t.Errorf("no results reply %q lacks %q", resp.Content, s)
		}
	}
	resp = f.run(slash(st, member1, false, "resources", "find", opt{"query", `"*"`}))
	if !resp.Ephemeral || !strings.Contains(resp.Content, "word or two") {
		t.Errorf("empty search reply = %q", resp.Content)
	}
}

func TestResourcesBrowsePages(t *testing.T) {
	f := newResFixture(t)
	st := f.st(guildA)
	resp := f.run(slash(st, member1, false, "resources", "browse"))
	if !strings.Contains(resp.Content, "no resources yet") || !strings.Contains(resp.Content, "/crisis") {
		t.Fatalf("empty directory: %q", resp.Content)
	}
	for i := range 23 {
		region := "Leeds"
		if i%2 == 0 {
			region = "Area: North" // a colon, to cross the custom ID separator
		}
		f.add(guildA, fmt.Sprintf("Resource %02d", i), region)
	}
	resp = f.run(slash(st, member1, false, "resources", "browse"))
	if got := resp.Embeds[0].Footer.Text; !strings.HasPrefix(got, "Page 1 of 3") {
		t.Fatalf("footer = %q", got)
	}
	b := buttons(resp.Components)
	if len(b) != 2 || !b[0].Disabled || b[1].Disabled {
		t.Fatalf("page 1 buttons = %+v", b)
	}
	var seen []string
	for page := 0; page < 3; page++ {
		for _, fl := range resp.Embeds[0].Fields {
			seen = append(seen, fl.Name)
		}
		if page < 2 {
			resp = f.run(component(st, member1, false, buttons(resp.Components)[1].CustomID))
			if !resp.Update {
				t.Fatal("Next does not update the message")
			}
		}
	}
	if len(seen) != 23 || seen[0] != "Resource 00" || seen[22] != "Resource 22" {
		t.Fatalf("pages showed %d resources: %v", len(seen), seen)
	}
	if b := buttons(resp.Components); !b[1].Disabled || b[0].Disabled {
		t.Fatalf("last page buttons = %+v", b)
	}
	resp = f.run(component(st, member1, false, buttons(resp.Components)[0].CustomID))
	if got := resp.Embeds[0].Footer.Text; !strings.HasPrefix(got, "Page 2 of 3") {
		t.Fatalf("Previous: footer = %q", got)
	}

	resp = f.run(slash(st, member1, false, "resources", "browse", opt{"region", "area: north"}))
	if !strings.HasPrefix(resp.Embeds[0].Footer.Text, "Page 1 of 2 · 12 resources") {
		t.Fatalf("region filter: footer %q", resp.Embeds[0].Footer.Text)
	}
	resp = f.run(component(st, member1, false, buttons(resp.Components)[1].CustomID))
	if !strings.HasPrefix(resp.Embeds[0].Footer.Text, "Page 2 of 2 · 12 resources") {
		t.Fatalf("region filter, page 2: footer %q", resp.Embeds[0].Footer.Text)
	}
	resp = f.run(slash(st, member1, false, "resources", "browse", opt{"category", "app"}))
	if !strings.Contains(resp.Content, "Nothing in the directory matches") {
		t.Fatalf("empty category: %q", resp.Content)
	}
	resp = f.run(autocomplete(st, member1, "resources", "browse", "region", opt{"region", "ar"}))
	if len(resp.Choices) != 1 || resp.Choices[0].Value != "Area: North" {
		t.Fatalf("region autocomplete = %+v", resp.Choices)
	}
}

func TestResourcesShow(t *testing.T) {
	f := newResFixture(t)
	st := f.st(guildA)
	r := f.add(guildA, "Samaritans", "UK")
	tests := []struct {
		opts   []opt
		title  string
		public bool
	}{
		{[]opt{{"resource", fmt.Sprintf("#%d", r.ID)}}, "Samaritans", false},
		{[]opt{{"resource", "samaritans"}}, "Samaritans", false},
		{[]opt{{"resource", "Samaritans"}, {"share", true}}, "Samaritans", true},
		{[]opt{{"resource", "Nobody"}}, "", false},
		{[]opt{{"resource", "#999"}}, "", false},
	}
	for _, tt := range tests {
		resp := f.run(slash(st, member1, false, "resources", "show", tt.opts...))
		if tt.title == "" {
			if len(resp.Embeds) != 0 || !resp.Ephemeral || !strings.Contains(resp.Content, "couldn't find") {
				t.Errorf("show %v: %+v", tt.opts, resp)
			}
			continue
		}
		if len(resp.Embeds) != 1 || resp.Embeds[0].Title != tt.title || resp.Ephemeral == tt.public {
			t.Errorf("show %v: %+v", tt.opts, resp)
		}
	}
}

func TestResourcesCheckedAndStale(t *testing.T) {
	f := newResFixture(t)
	ctx := context.Background()
	f.store.Now = func() time.Time { return testNow.AddDate(-1, 0, 0) }
	old := f.add(guildA, "Old one", "")
	f.add(guildA, "Older two", "")
	f.store.Now = func() time.Time { return testNow }
	f.add(guildA, "Fresh", "")
	if _, err := f.store.SetSetting(ctx, guildA, mod1, data.SettingResourceStaleMonths, "3"); err != nil {
		t.Fatal(err)
	}
	st := f.st(guildA)

	resp := f.run(slash(st, mod1, true, "resources", "stale"))
	if len(resp.Embeds) != 1 || !strings.Contains(resp.Embeds[0].Title, "3 months: 2") {
		t.Fatalf("stale: %+v", resp)
	}
	menu := selectMenu(resp.Components)
	if menu == nil || len(menu.Options) != 2 || menu.CustomID != "res-chk" {
		t.Fatalf("stale menu = %+v", menu)
	}
	resp = f.run(slash(st, mod1, true, "resources", "checked", opt{"resource", fmt.Sprintf("#%d", old.ID)}))
	if !strings.Contains(resp.Content, "Marked **Old one** as checked today") {
		t.Fatalf("checked: %q", resp.Content)
	}
	got, _ := f.store.Resource(ctx, guildA, old.ID)
	if !got.LastChecked.Equal(testNow) {
		t.Fatalf("last checked = %v, want %v", got.LastChecked, testNow)
	}
	resp = f.run(slash(st, mod1, true, "resources", "stale"))
	menu = selectMenu(resp.Components)
	if menu == nil || len(menu.Options) != 1 {
		t.Fatalf("stale after checking one: %+v", resp)
	}
	resp = f.run(component(st, mod1, true, "res-chk", menu.Options[0].Value))
	if !resp.Update || !strings.Contains(resp.Content, "Marked as checked: Older two") || !strings.Contains(resp.Content, "Every resource has been checked in the last 3 months") {
		t.Fatalf("after marking from the list: %+v", resp)
	}
}

// importRequest builds /mod-resources import with an attached file.
func importRequest(st data.Settings, name, url string, size int) *commands.Request {
	req := slash(st, mod1, true, "resources", "import", opt{"file", "700000000000000001"})
	d := req.Interaction.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Attachments: map[string]*discordgo.MessageAttachment{
		"700000000000000001": {ID: "700000000000000001", Filename: name, URL: url, Size: size},
	}}
	req.Interaction.Data = d
	return req
}

func exportFile(t *testing.T, f *resFixture, guildID, format string) []byte {
	t.Helper()
	resp := f.run(slash(f.st(guildID), mod1, true, "resources", "export", opt{"format", format}))
	if len(resp.Files) != 1 || !resp.Ephemeral {
		t.Fatalf("export: %+v", resp)
	}
	if want := "resources-2026-11-26." + format; resp.Files[0].Name != want {
		t.Errorf("export file name = %q, want %q", resp.Files[0].Name, want)
	}
	b, err := io.ReadAll(resp.Files[0].Reader)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *resFixture) importBytes(guildID, name string, b []byte) *commands.Response {
	f.t.Helper()
	url := "https://cdn.discordapp.com/attachments/1/2/" + name
	f.fetcher.files[url] = b
	return f.run(importRequest(f.st(guildID), name, url, len(b)))
}

func TestResourcesExportImportRoundTrip(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		t.Run(format, func(t *testing.T) {
			f := newResFixture(t)
			ctx := context.Background()
			f.store.Now = func() time.Time { return testNow.AddDate(0, -4, -3) }
			for _, r := range []data.Resource{
				{Name: "Samaritans", Category: data.CategoryHotline, Description: "Talk to someone, day or night.\nFree to call.", Phone: "116 123",
					Website: "https://www.samaritans.org", Tags: []string{"listening", "night"}, Region: "UK", Languages: "English, Welsh", Hours: "24/7"},
				{Name: "=SUM(A1)", Category: data.CategoryOther, Description: `Quotes "like this", commas, and; semicolons.`, Address: "1 High St\nLeeds"},
				{Name: "Café Conversations", Category: data.CategorySupportGroup, Description: "Peer group.", Text: "Text CAFE to 85258", Region: "Île-de-France"},
			} {
				if _, err := f.store.AddResource(ctx, guildA, mod1, r); err != nil {
					t.Fatal(err)
				}
			}
			f.store.Now = func() time.Time { return testNow }
			first := exportFile(t, f, guildA, format)
			if format == "csv" && !bytes.Contains(first, []byte(`'=SUM(A1)`)) {
				t.Errorf("a formula-like cell is not made safe for spreadsheets:\n%s", first)
			}
			resp := f.importBytes(guildB, "resources."+format, first)
			if !strings.Contains(resp.Content, "Imported 3 resources") || !strings.Contains(resp.Content, "3 new, 0 updated") {
				t.Fatalf("import: %q", resp.Content)
			}
			second := exportFile(t, f, guildB, format)
			if !bytes.Equal(first, second) {
				t.Fatalf("export, import, export differs:\n%s\n---\n%s", first, second)
			}
			// Importing the same file again updates rather than duplicates.
			resp = f.importBytes(guildB, "resources."+format, first)
			if !strings.Contains(resp.Content, "0 new, 3 updated") {
				t.Fatalf("re-import: %q", resp.Content)
			}
			if third := exportFile(t, f, guildB, format); !bytes.Equal(first, third) {
				t.Fatalf("re-import changed the directory:\n%s", third)
			}
		})
	}
}

func TestResourcesImportRefusesBadFiles(t *testing.T) {
	header := "name,category,description,phone,website,last_checked\n"
	tests := []struct {
		name, file, body string
		inReply          []string
	}{
		{"one bad row", "r.csv", header +
			"Mind,local service,Mental health charity.,0300 123 3393,https://www.mind.org.uk,2026-10-01\n" +
			"Broken,hotline,Has a bad website.,,not a website,\n" +
			"Shout,hotline,Text support.,,,\n",
			[]string{"Nothing was imported: 1 row needs fixing", "**Row 3 (Broken):**", "isn't a web address"}},
		{"several bad rows", "r.csv", header +
			"Mind,pizza,Mental health charity.,,,\n" +
			",hotline,No name.,,,\n" +
			"Mind,hotline,Duplicate name.,,,\n" +
			"Dated,hotline,Bad date.,,,25/11/2026\n",
			[]string{"4 rows need fixing", "Row 2 (Mind):** The category \"pizza\"", "Row 3:** A resource needs a name", "Row 4 (Mind):** \"Mind\" has the same name as row 2", "Row 5:** The last_checked date"}},
		{"unknown column", "r.csv", "name,category,description,colour\nMind,hotline,x,blue\n", []string{`I don't know the column "colour"`, "Nothing was imported"}},
		{"missing column", "r.csv", "name,category\nMind,hotline\n", []string{`needs a "description" column`}},
		{"broken quotes", "r.csv", header + "\"Mind,hotline\n", []string{"couldn't read the file as CSV"}},
		{"empty", "r.csv", "", []string{"The file is empty. Nothing was imported."}},
		{"header only", "r.csv", header, []string{"no resources in it"}},
		{"semicolons", "r.csv", "name;category;description;phone\nMind;local service;Charity.;ring us\n", []string{"Row 2 (Mind):** \"ring us\" doesn't look like a phone number"}},
		{"json unknown field", "r.json", `[{"name":"Mind","category":"hotline","description":"x","colour":"blue"}]`, []string{"1 entry needs fixing", `Entry 1:** It has a field I don't know, "colour"`}},
		{"json not a list", "r.json", `"hello"`, []string{"couldn't read the file as JSON"}},
		{"wrong type", "r.txt", "hello", []string{"can import a .csv or .json file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newResFixture(t)
			resp := f.importBytes(guildA, tt.file, []byte(tt.body))
			if !resp.Ephemeral {
				t.Error("import reply is public")
			}
			text := resp.Content + "\n" + embedText(resp.Embeds)
			for _, want := range tt.inReply {
				if !strings.Contains(text, want) {
					t.Errorf("reply lacks %q:\n%s", want, text)
				}
			}
			if all, _ := f.store.AllResources(context.Background(), guildA); len(all) != 0 {
				t.Errorf("a refused import saved %d resources", len(all))
			}
		})
	}
}

func TestResourcesImportManyProblemsAttachesThemAll(t *testing.T) {
	f := newResFixture(t)
	var b strings.Builder
	b.WriteString("name,category,description,website\n")
	for i := range 200 {
		fmt.Fprintf(&b, "Resource %d,hotline,Something.,not a website %d\n", i, i)
	}
	resp := f.importBytes(guildA, "big.csv", []byte(b.String()))
	if !strings.Contains(resp.Content, "200 rows need fixing") || len(resp.Files) != 1 {
		t.Fatalf("reply %q with %d files", resp.Content, len(resp.Files))
	}
	all, _ := io.ReadAll(resp.Files[0].Reader)
	if got := strings.Count(string(all), "\n"); got != 200 {
		t.Fatalf("attached list has %d lines, want 200", got)
	}
}

func TestResourcesImportDownloadProblems(t *testing.T) {
	f := newResFixture(t)
	st := f.st(guildA)
	resp := f.run(importRequest(st, "big.csv", "https://cdn.discordapp.com/x/big.csv", 3<<20))
	if !strings.Contains(resp.Content, "the most I can import at once is 2 MB") {
		t.Errorf("too big: %q", resp.Content)
	}
	f.fetcher.fail = errors.New("connection reset")
	resp = f.run(importRequest(st, "r.csv", "https://cdn.discordapp.com/x/r.csv", 10))
	if !strings.Contains(resp.Content, "couldn't download the file") || !strings.Contains(resp.Content, "Nothing was imported") {
		t.Errorf("download failure: %q", resp.Content)
	}
	resp = f.run(slash(st, mod1, true, "resources", "export"))
	if !strings.Contains(resp.Content, "no resources to export") {
		t.Errorf("empty export: %q", resp.Content)
	}
}
