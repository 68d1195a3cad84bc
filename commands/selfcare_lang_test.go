package commands

import (
	"os"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

const shippedPromptsCatalogue = "../i18n/locales/en/selfcare_prompts.toml"

// shippedPromptsTOML is the English catalogue file of Kindred's own
// prompts, written from data/selfcare/prompts.json.
func shippedPromptsTOML() string {
	var b strings.Builder
	b.WriteString("# Kindred's own self-care prompts, one message per prompt ID of\n" +
		"# data/selfcare/prompts.json. Generated from it: after changing a prompt there, run\n" +
		"#   KINDRED_UPDATE_CATALOGUE=1 go test ./commands -run TestShippedPromptsAreInTheCatalogue\n" +
		"# and translate what changed in selfcare_prompts.toml of every language.\n" +
		"[selfcare_prompts]\n")
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	for _, p := range data.ShippedSelfCarePrompts() {
		key := strings.TrimPrefix(shippedPromptID(p.Ref), "selfcare_prompts.")
		b.WriteString(key + ` = "` + esc.Replace(p.Text) + "\"\n")
	}
	return b.String()
}

// TestShippedPromptsAreInTheCatalogue checks that every one of Kindred's
// own prompts is in the English catalogue exactly as in prompts.json (the
// catalogue's own test then asks for it in every language), and that a
// server's own prompt is never translated.
func TestShippedPromptsAreInTheCatalogue(t *testing.T) {
	want := shippedPromptsTOML()
	if os.Getenv("KINDRED_UPDATE_CATALOGUE") != "" {
		if err := os.WriteFile(shippedPromptsCatalogue, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(shippedPromptsCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not current with data/selfcare/prompts.json; run\n"+
			"  KINDRED_UPDATE_CATALOGUE=1 go test ./commands -run TestShippedPromptsAreInTheCatalogue\n"+
			"and translate what changed", shippedPromptsCatalogue)
	}
	cat := i18n.Embedded()
	shipped := map[string]bool{}
	for _, p := range data.ShippedSelfCarePrompts() {
		id := shippedPromptID(p.Ref)
		shipped[id] = true
		if en := promptText(i18n.For("en"), p.Ref, "fallback"); en != p.Text {
			t.Errorf("%s in English is %q, want %q", p.Ref, en, p.Text)
		}
		for _, l := range i18n.Languages() {
			text, ok := cat.Text(l.Tag, id)
			if !ok || strings.TrimSpace(text) == "" {
				t.Errorf("%s: %s has no text", l.Tag, id)
			}
		}
	}
	for _, id := range cat.IDs("en") {
		if strings.HasPrefix(id, "selfcare_prompts.") && !shipped[id] {
			t.Errorf("%s is in the catalogue but not in prompts.json", id)
		}
	}
	if got := promptText(i18n.For("fr"), "s:12", "Our own prompt."); got != "Our own prompt." {
		t.Errorf("a server's own prompt in French is %q, want it as written", got)
	}
}
