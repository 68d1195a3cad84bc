package data_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// TestStoreProblemsKeepTheirEnglishAndSpeakOthers: the store's problems
// with settings, resources, concerns and countries still read as before
// in English, keep their kind, and are data.Problems a member reads in
// their own language (a setting named by its label in it).
func TestStoreProblemsKeepTheirEnglishAndSpeakOthers(t *testing.T) {
	normalize := func(key, value string) func() error {
		return func() error { _, err := data.NormalizeSetting(key, value); return err }
	}
	tests := []struct {
		name    string
		err     func() error
		kind    error
		english string
		lang    string
		want    string
	}{
		{"number range", normalize(data.SettingTalkTimeoutMinutes, "500"), data.ErrInvalid,
			`invalid: Minutes before telling a member nobody has taken their request needs a whole number from 2 to 120, not "500"`,
			"de", "„Minuten, bis ein Mitglied erfährt, dass noch niemand die Anfrage angenommen hat“ braucht eine ganze Zahl von 2 bis 120, nicht „500“"},
		{"role", normalize(data.SettingModeratorRole, "mods"), data.ErrInvalid,
			`invalid: Moderator role needs a role, not "mods"`, "it", "«Ruolo dei moderatori» richiede un ruolo, non «mods»"},
		{"unknown setting", normalize("colour", "red"), data.ErrInvalid,
			`invalid: there is no setting called "colour"`, "pl", "nie ma ustawienia o nazwie „colour”"},
		{"zone", normalize(data.SettingTimeZone, "Mars/Olympus"), data.ErrInvalid,
			`invalid: I don't know the time zone "Mars/Olympus"; try a name like Europe/London or America/New_York`,
			"nl", "de tijdzone ‘Mars/Olympus’ ken ik niet"},
		{"country", func() error { _, err := data.NormalizeCountry("Atlantis"); return err }, data.ErrInvalid,
			`invalid: I don't know the country "Atlantis"; try its two-letter code, such as GB, US or DE`,
			"pt-BR", "não conheço o país \"Atlantis\""},
		{"concern ref", func() error { _, err := data.NormalizeConcernRef("nope"); return err }, data.ErrInvalid,
			"invalid: \"nope\" isn't a concern reference; they look like C-7F3K, and `/mod-concerns list` shows the open ones",
			"es", "«nope» no es una referencia de inquietud"},
		{"resource", func() error {
			_, err := data.NormalizeResource(data.Resource{Category: "hotline", Description: "Help.", Phone: "call me", Tags: []string{strings.Repeat("x", 31)}})
			return err
		}, data.ErrInvalid,
			`invalid: a resource needs a name; the tag "` + strings.Repeat("x", 31) + `" is longer than 30 characters; "call me" doesn't look like a phone number; write it with digits, spaces and dashes, like 0800 123 4567 or +44 20 7946 0000`,
			"fr", "une ressource a besoin d'un nom"},
		{"resource too long", func() error {
			_, err := data.NormalizeResource(data.Resource{Name: "Line", Category: "hotline", Description: "Help.", Region: strings.Repeat("r", 41)})
			return err
		}, data.ErrInvalid,
			`invalid: the region can be at most 40 characters (this one has 41)`,
			"de", "das Feld „Region“ darf höchstens 40 Zeichen haben (gerade sind es 41)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if !errors.Is(err, tt.kind) {
				t.Fatalf("%v is not %v", err, tt.kind)
			}
			if err.Error() != tt.english {
				t.Errorf("English:\n got %s\nwant %s", err, tt.english)
			}
			var p *data.Problem
			if !errors.As(err, &p) {
				t.Fatalf("%v is not a data.Problem", err)
			}
			if got := i18n.For(tt.lang).T("problem."+p.ID, p.Args...); !strings.Contains(got, tt.want) {
				t.Errorf("in %s:\n got %s\nwant %s", tt.lang, got, tt.want)
			}
		})
	}
}
