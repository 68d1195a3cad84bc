package commands_test

import (
	"context"
	"strings"
	"testing"
)

// TestResourcesImportProblemsInMembersLanguage: a refused import is told
// in the moderator's language, with that language's plural forms and
// decimal comma; column names stay as the file format has them.
func TestResourcesImportProblemsInMembersLanguage(t *testing.T) {
	header := "name,category,description,website\n"
	bad := func(n int) string {
		var b strings.Builder
		b.WriteString(header)
		for range n {
			b.WriteString("Zły,hotline,Opis.,not a website\n")
		}
		return b.String()
	}
	tests := []struct {
		name, lang, file, body string
		inReply                []string
	}{
		{"Polish few", "pl", "r.csv", bad(3), []string{"Nic nie zostało zaimportowane: 3 wiersze wymagają poprawki.", "**Wiersz 2 (Zły):** "}},
		{"Polish many", "pl", "r.csv", bad(5), []string{"5 wierszy wymaga poprawki", "Co poprawić"}},
		{"German unknown column", "de", "r.csv", "name,category,description,colour\nMind,hotline,x,blue\n",
			[]string{"Die erste Zeile sollte die Spalten benennen, und die Spalte „colour“ kenne ich nicht. Die Spalten sind: name, category", "Nichts wurde importiert."}},
		{"Spanish broken quotes", "es", "r.csv", header + "\"Mind,hotline\n", []string{"No pude leer el archivo como CSV (línea 2: sobran o faltan comillas", "No se importó nada."}},
		{"French JSON field", "fr", "r.json", `[{"name":"Mind","category":"hotline","description":"x","colour":"blue"}]`,
			[]string{"Rien n'a été importé : 1 entrée est à corriger.", `**Entrée 1:** Elle a un champ que je ne connais pas, "colour"`}},
		{"Dutch future date", "nl", "r.csv", "name,category,description,last_checked\nMind,hotline,x,2030-01-01\n",
			[]string{"**Rij 2:** De datum in last_checked 2030-01-01 ligt in de toekomst"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newResFixture(t)
			url := "https://cdn.discordapp.com/attachments/1/2/" + tt.file
			f.fetcher.files[url] = []byte(tt.body)
			req := importRequest(f.st(guildA), tt.file, url, len(tt.body))
			req.Lang = tt.lang
			resp := f.run(req)
			text := resp.Content + "\n" + embedText(resp.Embeds)
			for _, want := range tt.inReply {
				if !strings.Contains(text, want) {
					t.Errorf("reply lacks %q:\n%s", want, text)
				}
			}
		})
	}
	f := newResFixture(t)
	req := importRequest(f.st(guildA), "big.csv", "https://cdn.discordapp.com/x/big.csv", 3<<20)
	req.Lang = "de"
	if resp := f.run(req); !strings.Contains(resp.Content, "Diese Datei ist 3,0 MB groß") {
		t.Errorf("too big, in German: %q", resp.Content)
	}
}

// TestResourcesFormLabelsInMembersLanguage: the form's lines may be
// labelled in the moderator's language or in English, and the form is
// filled in with that language's labels.
func TestResourcesFormLabelsInMembersLanguage(t *testing.T) {
	tests := []struct {
		lang, contact, where string
	}{
		{"pl", "Telefon: 116 123\nStrona: https://example.org", "Region: Polska\nJęzyki: polski\nTagi: rozmowa"},
		{"fr", "Téléphone : 116 123\nsite: https://example.org", "Région: France\nLangues: français\nÉtiquettes: écoute"},
		{"pt-BR", "Phone: 116 123\nSite: https://example.org", "Região: Brasil\nIdiomas: português\nEtiquetas: escuta"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			f := newResFixture(t)
			req := modal(f.st(guildA), mod1, true, "res-add:hotline", withForm(map[string]string{"contact": tt.contact, "where": tt.where}))
			req.Lang = tt.lang
			resp := f.run(req)
			all, _ := f.store.AllResources(context.Background(), guildA)
			if len(all) != 1 {
				t.Fatalf("reply %q, %d resources saved", resp.Content, len(all))
			}
			r := all[0]
			if r.Phone != "116 123" || r.Website != "https://example.org" || r.Region == "" || r.Languages == "" || len(r.Tags) != 1 {
				t.Errorf("saved %+v", r)
			}
		})
	}
	// The edit form, filled in Polish, saves back unchanged.
	f := newResFixture(t)
	r := f.add(guildA, "Telefon Zaufania", "Polska")
	edit := slash(f.st(guildA), mod1, true, "resources", "edit", opt{"resource", r.Name})
	edit.Lang = "pl"
	m := f.run(edit).Modal
	values := modalValues(m)
	if !strings.HasPrefix(values["contact"], "Telefon: 0800 123 456\nSMS: \nStrona: \nAdres: ") || !strings.HasPrefix(values["where"], "Region: Polska\nJęzyki: ") {
		t.Fatalf("Polish edit form: %q", values)
	}
	save := modal(f.st(guildA), mod1, true, m.CustomID, values)
	save.Lang = "pl"
	if resp := f.run(save); resp.Content != "Zapisano twoje zmiany w **Telefon Zaufania**." {
		t.Errorf("save in Polish: %q", resp.Content)
	}
}
