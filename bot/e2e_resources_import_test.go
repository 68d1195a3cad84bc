package bot_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/bot/discordtest"
)

func TestResourcesImportExportEndToEnd(t *testing.T) {
	h := newHarness(t)
	g := h.guild.ID
	alice, carol := h.member("alice"), h.member("carol")
	const message = discordgo.InteractionResponseChannelMessageWithSource
	importFile := func(m discordtest.Member, name, contentType, body string) *discordtest.Response {
		return h.fake.SlashCommand(g, m, "mod-resources", discordtest.Sub("import",
			discordtest.AttachmentOpt("file", name, contentType, []byte(body)))).Wait(t)
	}
	export := func(format string) []byte {
		resp := h.fake.SlashCommand(g, alice, "mod-resources", discordtest.Sub("export", discordtest.Opt("format", format))).Wait(t)
		if len(resp.Files) != 1 {
			t.Fatalf("export %s: %d files: %q", format, len(resp.Files), resp.Content())
		}
		return resp.Files[0].Data
	}

	const header = "name,category,description,phone,text,website,address,hours,region,languages,tags,last_checked\n"
	good := header +
		"Peer Support Line,hotline,Someone to talk to,0800 123 4567,,https://peer.example.org,,Every day 18:00-23:00,UK,English,peer,\n" +
		"Tuesday Circle,support-group,A weekly peer group,,,https://circle.example.org,12 High Street,Tuesdays 19:00,London,English,group,\n"
	bad := good + "Broken Line,hotline,Oops,call me maybe,,,,,,,,\n"

	// A member may not import.
	wantReply(t, "member import", importFile(carol, "list.csv", "text/csv", good), message, "Only moderators")

	// One bad row: nothing is imported, and the row is named.
	resp := importFile(alice, "list.csv", "text/csv", bad)
	wantReply(t, "import with a bad row", resp, message, "Nothing was imported", "1 row needs fixing")
	if len(resp.Data.Embeds) != 1 || !strings.Contains(resp.Data.Embeds[0].Description, "Row 4") || !strings.Contains(resp.Data.Embeds[0].Description, "Broken Line") {
		t.Errorf("the bad row is not named: %+v", resp.Data.Embeds)
	}
	wantReply(t, "find after a refused import", h.fake.SlashCommand(g, carol, "resources", discordtest.Sub("find", discordtest.Opt("query", "peer"))).Wait(t),
		message, "couldn't find anything")

	// The good file imports.
	resp = importFile(alice, "list.csv", "text/csv", good)
	wantReply(t, "import", resp, message, "Imported 2 resources", "2 new")
	resp = h.fake.SlashCommand(g, carol, "resources", discordtest.Sub("find", discordtest.Opt("query", "peer"))).Wait(t)
	if len(resp.Data.Embeds) != 1 || len(resp.Data.Embeds[0].Fields) != 2 || resp.Data.Embeds[0].Fields[0].Name != "Peer Support Line" {
		t.Errorf("find after import: %q %+v", resp.Content(), resp.Data.Embeds)
	}

	// Export and re-import round-trip exactly, in CSV and in JSON.
	for _, format := range []string{"csv", "json"} {
		first := export(format)
		importFile(alice, "export."+format, "", string(first))
		if again := export(format); !bytes.Equal(first, again) {
			t.Errorf("%s export after re-importing it differs:\n%s\n---\n%s", format, first, again)
		}
		if !strings.Contains(string(first), "Tuesday Circle") {
			t.Errorf("%s export lacks a resource:\n%s", format, first)
		}
	}
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("Discord API violations: %v", v)
	}
}
