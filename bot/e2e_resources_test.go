package bot_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
	"github.com/kindred-bot/kindred/data"
)

// resComponents lists a reply's buttons and select menus by custom ID.
func resComponents(cs []discordgo.MessageComponent) map[string]discordgo.MessageComponent {
	out := map[string]discordgo.MessageComponent{}
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch c := c.(type) {
			case *discordgo.ActionsRow:
				walk(c.Components)
			case discordgo.ActionsRow:
				walk(c.Components)
			case *discordgo.Button:
				out[c.CustomID] = c
			case *discordgo.SelectMenu:
				out[c.CustomID] = c
			case *discordgo.TextInput:
				out[c.CustomID] = c
			}
		}
	}
	walk(cs)
	return out
}

// resButton returns the custom ID of the button labelled label.
func resButton(t *testing.T, cs []discordgo.MessageComponent, label string) (string, bool) {
	t.Helper()
	for id, c := range resComponents(cs) {
		if b, ok := c.(*discordgo.Button); ok && b.Label == label {
			return id, b.Disabled
		}
	}
	t.Fatalf("no %q button in %+v", label, cs)
	return "", false
}

func TestResourcesEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol") // alice owns the server; carol is a member
	const (
		message = discordgo.InteractionResponseChannelMessageWithSource
		update  = discordgo.InteractionResponseUpdateMessage
		form    = discordgo.InteractionResponseModal
	)
	sub := func(name string, args ...discordtest.Arg) discordtest.Arg { return discordtest.Sub(name, args...) }

	// A member can't add; a moderator adds through the form.
	wantReply(t, "add by a member", h.fake.SlashCommand(g, carol, "resources", sub("add", discordtest.Opt("category", "hotline"))).Wait(t),
		message, "Only moderators")
	resp := h.fake.SlashCommand(g, alice, "resources", sub("add", discordtest.Opt("category", "hotline"))).Wait(t)
	if resp.Type != form || resp.Data.CustomID != "res-add:hotline" {
		t.Fatalf("add: response type %d custom ID %q, want the form", resp.Type, resp.Data.CustomID)
	}
	fields := map[string]string{
		"name":    "Samaritans",
		"desc":    "Someone to talk to, day or night.",
		"contact": "Phone: 116 123\nWebsite: https://www.samaritans.org",
		"hours":   "24/7",
		"where":   "Region: UK\nLanguages: English, Welsh\nTags: listening",
	}
	wantReply(t, "member submitting the add form", h.fake.SubmitModal(g, carol, "res-add:hotline", fields).Wait(t), message, "Only moderators")
	bad := map[string]string{}
	for k, v := range fields {
		bad[k] = v
	}
	bad["contact"] = "Phone: call us"
	wantReply(t, "add with a bad phone", h.fake.SubmitModal(g, alice, "res-add:hotline", bad).Wait(t), message,
		"Not saved yet", "doesn't look like a phone number")
	resp = h.fake.SubmitModal(g, alice, "res-add:hotline", fields).Wait(t)
	wantReply(t, "add", resp, message, "Added **Samaritans**")
	if !resp.Ephemeral() || !strings.Contains(embedsText(resp.Data.Embeds), "116 123") {
		t.Fatalf("add reply: ephemeral %v, embeds %s", resp.Ephemeral(), embedsText(resp.Data.Embeds))
	}
	ctx := context.Background()
	for i := range 22 {
		if _, err := h.store.AddResource(ctx, g, alice.User.ID, data.Resource{
			Name: fmt.Sprintf("Support group %02d", i), Category: data.CategorySupportGroup, Description: "A weekly peer group.", Region: "Leeds",
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Find with autocomplete, then the picked choice.
	ac := h.fake.Autocomplete(g, carol, "resources", sub("find", discordtest.Focused("query", "sama"))).Wait(t)
	if ac.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(ac.Data.Choices) != 1 || ac.Data.Choices[0].Name != "Samaritans · UK" {
		t.Fatalf("find autocomplete: %+v", ac.Data.Choices)
	}
	picked := ac.Data.Choices[0].Value.(string)
	resp = h.fake.SlashCommand(g, carol, "resources", sub("find", discordtest.Opt("query", picked))).Wait(t)
	if !resp.Ephemeral() || len(resp.Data.Embeds) != 1 || resp.Data.Embeds[0].Title != "Samaritans" {
		t.Fatalf("find the picked choice: %+v", resp.Data)
	}
	if ac := h.fake.Autocomplete(g, carol, "resources", sub("find", discordtest.Focused("query", "group"))).Wait(t); len(ac.Data.Choices) != 22 {
		t.Errorf("autocomplete for \"group\": %d choices, want 22", len(ac.Data.Choices))
	}
	wantReply(t, "find with no results", h.fake.SlashCommand(g, carol, "resources", sub("find", discordtest.Opt("query", "unicorns"))).Wait(t),
		message, "couldn't find anything", "/crisis", "/resources browse")

	// Browse, page by page, and open one from the list.
	in := h.fake.SlashCommand(g, carol, "resources", sub("browse"))
	resp = in.Wait(t)
	if !resp.Ephemeral() || len(resp.Data.Embeds) != 1 || !strings.HasPrefix(resp.Data.Embeds[0].Footer.Text, "Page 1 of 3 · 23 resources") {
		t.Fatalf("browse: %+v", resp.Data)
	}
	list := in.Original()
	next, disabled := resButton(t, resp.Data.Components, "Next")
	if disabled {
		t.Fatal("Next is disabled on page 1 of 3")
	}
	resp = h.fake.ClickButton(g, carol, list, next).Wait(t)
	if resp.Type != update || !strings.HasPrefix(resp.Data.Embeds[0].Footer.Text, "Page 2 of 3") {
		t.Fatalf("Next: type %d, %+v", resp.Type, resp.Data.Embeds)
	}
	next, _ = resButton(t, resp.Data.Components, "Next")
	resp = h.fake.ClickButton(g, carol, list, next).Wait(t)
	if !strings.HasPrefix(resp.Data.Embeds[0].Footer.Text, "Page 3 of 3") || len(resp.Data.Embeds[0].Fields) != 3 {
		t.Fatalf("last page: %+v", resp.Data.Embeds[0])
	}
	if _, disabled := resButton(t, resp.Data.Components, "Next"); !disabled {
		t.Error("Next is enabled on the last page")
	}
	menu, ok := resComponents(resp.Data.Components)["res-show"].(*discordgo.SelectMenu)
	if !ok || len(menu.Options) != 3 {
		t.Fatalf("show menu: %+v", resComponents(resp.Data.Components))
	}
	resp = h.fake.SelectMenu(g, carol, list, "res-show", discordgo.SelectMenuComponent, menu.Options[2].Value).Wait(t)
	if resp.Type != message || !resp.Ephemeral() || resp.Data.Embeds[0].Title != "Support group 21" {
		t.Fatalf("show from the list: type %d %+v", resp.Type, resp.Data.Embeds)
	}

	// Show, shared in the channel.
	resp = h.fake.SlashCommand(g, carol, "resources", sub("show", discordtest.Opt("resource", picked), discordtest.Opt("share", true))).Wait(t)
	if resp.Ephemeral() || resp.Data.Embeds[0].Title != "Samaritans" {
		t.Fatalf("shared show: ephemeral %v, %+v", resp.Ephemeral(), resp.Data.Embeds)
	}

	// Edit: the form comes filled in; the change is saved.
	wantReply(t, "edit by a member", h.fake.SlashCommand(g, carol, "resources", sub("edit", discordtest.Opt("resource", picked))).Wait(t),
		message, "Only moderators")
	resp = h.fake.SlashCommand(g, alice, "resources", sub("edit", discordtest.Opt("resource", picked))).Wait(t)
	if resp.Type != form {
		t.Fatalf("edit: response type %d, want the form", resp.Type)
	}
	inputs := resComponents(resp.Data.Components)
	prefilled := map[string]string{}
	for id, c := range inputs {
		if in, ok := c.(*discordgo.TextInput); ok {
			prefilled[id] = in.Value
		}
	}
	if prefilled["name"] != "Samaritans" || !strings.Contains(prefilled["contact"], "Phone: 116 123") {
		t.Fatalf("edit form: %q", prefilled)
	}
	prefilled["hours"] = "Every day, all day"
	wantReply(t, "edit", h.fake.SubmitModal(g, alice, resp.Data.CustomID, prefilled).Wait(t), message, "Saved your changes to **Samaritans**")

	// Export: a CSV file with every resource.
	resp = h.fake.SlashCommand(g, alice, "resources", sub("export")).Wait(t)
	if !resp.Ephemeral() || len(resp.Files) != 1 {
		t.Fatalf("export: ephemeral %v, %d files", resp.Ephemeral(), len(resp.Files))
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(resp.Files[0].Data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(records) != 24 || records[0][0] != "name" || records[1][0] != "Samaritans" || records[1][7] != "Every day, all day" {
		t.Fatalf("exported CSV (%v): %q", err, records[:min(2, len(records))])
	}
	wantReply(t, "export by a member", h.fake.SlashCommand(g, carol, "resources", sub("export")).Wait(t), message, "Only moderators")

	// Remove: refused for a member's click, done for the moderator's.
	in = h.fake.SlashCommand(g, alice, "resources", sub("remove", discordtest.Opt("resource", picked)))
	resp = in.Wait(t)
	wantReply(t, "remove", resp, message, "Remove **Samaritans**")
	removeID, _ := resButton(t, resp.Data.Components, "Remove it")
	wantReply(t, "member clicking remove", h.fake.ClickButton(g, carol, in.Original(), removeID).Wait(t), message, "Only moderators")
	resp = h.fake.ClickButton(g, alice, in.Original(), removeID).Wait(t)
	wantReply(t, "remove confirmed", resp, update, "Removed **Samaritans**")
	if len(resComponents(resp.Data.Components)) != 0 {
		t.Error("the remove buttons stay after removing")
	}
	wantReply(t, "find after remove", h.fake.SlashCommand(g, carol, "resources", sub("find", discordtest.Opt("query", "samaritans"))).Wait(t),
		message, "couldn't find anything")

	// Switched off, the directory answers kindly, and /crisis still works.
	if _, err := h.store.SetSetting(ctx, g, alice.User.ID, data.FeatureResources, "off"); err != nil {
		t.Fatal(err)
	}
	wantReply(t, "find while switched off", h.fake.SlashCommand(g, carol, "resources", sub("find", discordtest.Opt("query", "group"))).Wait(t),
		message, "switched off")
}

func TestCrisisEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	carol := h.member("carol")
	ctx := context.Background()
	for _, f := range []string{data.FeatureCheckins, data.FeatureResources, data.FeatureMilestones, data.FeatureMeetings, data.FeatureSelfCare} {
		if _, err := h.store.SetSetting(ctx, g, carol.User.ID, f, "off"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		args  []discordtest.Arg
		title string
		want  []string
	}{
		{"no country known", nil, "You are not alone", []string{"local emergency number", "https://findahelpline.com"}},
		{"a country", []discordtest.Arg{discordtest.Opt("country", "DE")}, "Crisis lines: Germany",
			[]string{"call **112**", "0800 111 0 111", "https://findahelpline.com"}},
		{"a country by name, remembered", []discordtest.Arg{discordtest.Opt("country", "united kingdom"), discordtest.Opt("remember", true)},
			"Crisis lines: United Kingdom", []string{"call **999**", "116 123"}},
		{"the remembered country", nil, "Crisis lines: United Kingdom", []string{"call **999**"}},
		{"an unknown country", []discordtest.Arg{discordtest.Opt("country", "Atlantis")}, "You are not alone",
			[]string{"local emergency number", "https://www.befrienders.org"}},
	}
	for _, tt := range tests {
		resp := h.fake.SlashCommand(g, carol, "crisis", tt.args...).Wait(t)
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !resp.Ephemeral() || len(resp.Data.Embeds) < 2 {
			t.Fatalf("%s: type %d ephemeral %v, %d embeds", tt.name, resp.Type, resp.Ephemeral(), len(resp.Data.Embeds))
		}
		if got := resp.Data.Embeds[0].Title; got != tt.title {
			t.Errorf("%s: title %q, want %q", tt.name, got, tt.title)
		}
		text := embedsText(resp.Data.Embeds)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: reply lacks %q:\n%s", tt.name, w, text)
			}
		}
		if resp.Latency > 0 && resp.Latency.Seconds() > 3 {
			t.Errorf("%s: answered after %v", tt.name, resp.Latency)
		}
	}
	ac := h.fake.Autocomplete(g, carol, "crisis", discordtest.Focused("country", "new")).Wait(t)
	if len(ac.Data.Choices) != 1 || ac.Data.Choices[0].Value != "NZ" {
		t.Errorf("country autocomplete: %+v", ac.Data.Choices)
	}
}
