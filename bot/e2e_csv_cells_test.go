package bot_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

// Cells a spreadsheet would run as a formula are neutralised in the CSV
// export (=, +, -, @, and a leading apostrophe so the escape can be told
// apart), and the export imports back exactly.
func TestResourcesCSVCellsAreNeutralisedAndRoundTripEndToEnd(t *testing.T) {
	h := newHarness(t)
	g, alice := h.guild.ID, h.member("alice")
	values := map[string]string{ // column -> value
		"description": "=HYPERLINK(\"https://evil.example\",\"click\")",
		"phone":       "+44 20 7946 0958",
		"hours":       "-evenings only",
		"address":     "@home, 1 High Street",
		"text":        "'Text' HOME to 85258",
		"tags":        "'=not a formula",
	}
	cols := []string{"name", "category", "description", "phone", "text", "website", "address", "hours", "region", "languages", "tags", "last_checked"}
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	w.Write(cols)
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = values[c]
	}
	row[0], row[1] = "Formula Line", "hotline"
	// The import reads Kindred's own escape: write the file as an export would.
	for i, c := range cols {
		if v := values[c]; v != "" {
			row[i] = "'" + v
		}
	}
	w.Write(row)
	w.Flush()

	resp := h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("import",
		discordtest.AttachmentOpt("file", "list.csv", "text/csv", in.Bytes()))).Wait(t)
	wantReply(t, "import", resp, discordgo.InteractionResponseChannelMessageWithSource, "Imported 1 resource")
	check := func(when string) {
		t.Helper()
		list, err := h.store.AllResources(t.Context(), g)
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: %d resources, %v", when, len(list), err)
		}
		r := list[0]
		got := map[string]string{"description": r.Description, "phone": r.Phone, "hours": r.Hours, "address": r.Address, "text": r.Text, "tags": strings.Join(r.Tags, ",")}
		for c, want := range values {
			if got[c] != want {
				t.Errorf("%s: %s = %q, want %q", when, c, got[c], want)
			}
		}
	}
	check("after import")

	resp = h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("export", discordtest.Opt("format", "csv"))).Wait(t)
	if len(resp.Files) != 1 {
		t.Fatalf("export: %d files: %q", len(resp.Files), resp.Content())
	}
	exported := resp.Files[0].Data
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(exported, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("export: %d records, %v", len(recs), err)
	}
	for i, cell := range recs[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("exported %s cell %q starts with a formula character", recs[0][i], cell)
		}
		if v := values[recs[0][i]]; v != "" && cell != "'"+v {
			t.Errorf("exported %s cell %q, want %q", recs[0][i], cell, "'"+v)
		}
	}

	// Importing the export back changes nothing.
	resp = h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("import",
		discordtest.AttachmentOpt("file", "export.csv", "text/csv", exported))).Wait(t)
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("re-import: type %d", resp.Type)
	}
	check("after re-importing the export")
}
