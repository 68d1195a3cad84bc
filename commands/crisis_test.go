package commands_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

// checkEmbedLimits fails the test when embeds break Discord's limits.
func checkEmbedLimits(t *testing.T, where string, embeds []*discordgo.MessageEmbed) {
	t.Helper()
	if len(embeds) > 10 {
		t.Errorf("%s: %d embeds, Discord allows 10", where, len(embeds))
	}
	total := 0
	count := func(s string, max int, what string) {
		n := utf8.RuneCountInString(s)
		if n > max {
			t.Errorf("%s: %s has %d characters, Discord allows %d", where, what, n, max)
		}
		total += n
	}
	for _, e := range embeds {
		count(e.Title, 256, "title")
		count(e.Description, 4096, "description")
		if len(e.Fields) > 25 {
			t.Errorf("%s: %d fields, Discord allows 25", where, len(e.Fields))
		}
		for _, f := range e.Fields {
			count(f.Name, 256, "field name")
			count(f.Value, 1024, "field value")
			if f.Name == "" || f.Value == "" {
				t.Errorf("%s: empty field %+v", where, f)
			}
		}
		if e.Footer != nil {
			count(e.Footer.Text, 2048, "footer")
		}
	}
	if total > 6000 {
		t.Errorf("%s: embeds have %d characters in all, Discord allows 6000", where, total)
	}
}

func embedText(embeds []*discordgo.MessageEmbed) string {
	var b strings.Builder
	for _, e := range embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String()
}

func TestCrisisEmbedsForEveryCountry(t *testing.T) {
	for _, c := range data.CrisisCountries() {
		set := data.CrisisFor(c.Code)
		embeds := commands.CrisisEmbeds(c.Code)
		checkEmbedLimits(t, c.Code, embeds)
		if len(embeds) < 2 {
			t.Fatalf("%s: %d embeds, want the country's and the international directories", c.Code, len(embeds))
		}
		header := "You are not alone. If you are in danger right now, call **" + set.Emergency[0].Number + "**."
		if !strings.HasPrefix(embeds[0].Description, header) {
			t.Errorf("%s: description starts %q, want the emergency number first: %q", c.Code, embeds[0].Description, header)
		}
		text := embedText(embeds)
		for _, l := range set.Lines {
			if !strings.Contains(text, l.Service) {
				t.Errorf("%s: %q not shown", c.Code, l.Service)
			}
			for _, p := range l.Phones {
				if !strings.Contains(text, p.Number) {
					t.Errorf("%s: phone %q of %q not shown", c.Code, p.Number, l.Service)
				}
			}
			for _, x := range l.Texts {
				if !strings.Contains(text, x.Number) {
					t.Errorf("%s: text number %q of %q not shown", c.Code, x.Number, l.Service)
				}
			}
			if l.Caveat != "" && !strings.Contains(text, l.Caveat) {
				t.Errorf("%s: caveat of %q not shown", c.Code, l.Service)
			}
			if !strings.Contains(text, l.Hours) {
				t.Errorf("%s: hours of %q not shown", c.Code, l.Service)
			}
		}
		for _, want := range []string{"25 November 2026", "https://findahelpline.com", "https://www.befrienders.org"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q not shown", c.Code, want)
			}
		}
	}
}

func TestCrisisEmbedsWithoutACountry(t *testing.T) {
	for _, code := range []string{"", "XX", "AQ"} {
		embeds := commands.CrisisEmbeds(code)
		checkEmbedLimits(t, code, embeds)
		text := embedText(embeds)
		for _, want := range []string{"local emergency number", "https://findahelpline.com", "not alone"} {
			if !strings.Contains(text, want) {
				t.Errorf("CrisisEmbeds(%q) does not say %q:\n%s", code, want, text)
			}
		}
	}
	if text := embedText(commands.CrisisEmbeds("AQ")); !strings.Contains(text, "Antarctica") {
		t.Errorf("CrisisEmbeds(AQ) does not name the country:\n%s", text)
	}
}

func crisisCommand(t *testing.T, store commands.CrisisStore) *commands.Command {
	t.Helper()
	c := commands.Crisis(store, nil)
	if c.Feature != "" || c.Moderator {
		t.Fatalf("/crisis has Feature %q, Moderator %v; it must always be available", c.Feature, c.Moderator)
	}
	return c
}

func TestCrisisChoosesTheCountry(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := crisisCommand(t, s)
	if err := s.SetMemberCountry(ctx, guildA, member2, "DE"); err != nil {
		t.Fatal(err)
	}
	// guildB has every feature off and a default country.
	for _, f := range []string{data.FeatureCheckins, data.FeatureResources, data.FeatureMilestones, data.FeatureMeetings, data.FeatureSelfCare} {
		if _, err := s.SetSetting(ctx, guildB, mod1, f, "off"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetSetting(ctx, guildB, mod1, data.SettingCountry, "FR"); err != nil {
		t.Fatal(err)
	}
	stA, stB := settingsOf(t, s, guildA), settingsOf(t, s, guildB)

	tests := []struct {
		name      string
		st        data.Settings
		user      string
		opts      []opt
		title     string // "" = international only
		inContent string
	}{
		{"country option", stA, member1, []opt{{"country", "gb"}}, "Crisis lines: United Kingdom", ""},
		{"country by name", stA, member1, []opt{{"country", "Germany"}}, "Crisis lines: Germany", ""},
		{"saved country", stA, member2, nil, "Crisis lines: Germany", ""},
		{"option beats saved", stA, member2, []opt{{"country", "US"}}, "Crisis lines: United States", ""},
		{"server default, features off", stB, member1, nil, "Crisis lines: France", ""},
		{"saved in another server only", stB, member2, nil, "Crisis lines: France", ""},
		{"nothing known", stA, member1, nil, "", "/crisis country`"},
		{"unknown country", stA, member1, []opt{{"country", "Atlantis"}}, "", "don't know the country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Handle(ctx, slash(tt.st, tt.user, false, "crisis", "", tt.opts...))
			if err != nil {
				t.Fatal(err)
			}
			if !resp.Ephemeral {
				t.Error("/crisis reply is public, want ephemeral")
			}
			checkEmbedLimits(t, tt.name, resp.Embeds)
			if len(resp.Embeds) == 0 {
				t.Fatal("no embeds")
			}
			if tt.title != "" && resp.Embeds[0].Title != tt.title {
				t.Errorf("title = %q, want %q", resp.Embeds[0].Title, tt.title)
			}
			if tt.title == "" && !strings.Contains(resp.Embeds[0].Description, "local emergency number") {
				t.Errorf("international reply does not mention the local emergency number: %q", resp.Embeds[0].Description)
			}
			if !strings.Contains(resp.Content, tt.inContent) {
				t.Errorf("content = %q, want it to contain %q", resp.Content, tt.inContent)
			}
		})
	}
}

func TestCrisisRemembersTheCountry(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := crisisCommand(t, s)
	st := settingsOf(t, s, guildA)
	resp, err := c.Handle(ctx, slash(st, member1, false, "crisis", "", opt{"country", "NZ"}, opt{"remember", true}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(resp.Content, "remember New Zealand") {
		t.Errorf("content = %q, want it to confirm", resp.Content)
	}
	if got, _ := s.MemberCountry(ctx, guildA, member1); got != "NZ" {
		t.Fatalf("saved country = %q, want NZ", got)
	}
	resp, err = c.Handle(ctx, slash(st, member1, false, "crisis", ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Embeds[0].Title; got != "Crisis lines: New Zealand" {
		t.Fatalf("next /crisis title = %q, want New Zealand", got)
	}
}

// brokenCrisisStore fails every call, as a locked or broken database would.
type brokenCrisisStore struct{}

func (brokenCrisisStore) MemberCountry(context.Context, string, string) (string, error) {
	return "", errors.New("disk I/O error")
}

func (brokenCrisisStore) SetMemberCountry(context.Context, string, string, string) error {
	return errors.New("disk I/O error")
}

func TestCrisisAnswersWhenTheStoreFails(t *testing.T) {
	s := newStore(t)
	if _, err := s.SetSetting(context.Background(), guildA, mod1, data.SettingCountry, "IE"); err != nil {
		t.Fatal(err)
	}
	c := crisisCommand(t, brokenCrisisStore{})
	st := settingsOf(t, s, guildA)
	for _, opts := range [][]opt{nil, {{"country", "IE"}, {"remember", true}}} {
		resp, err := c.Handle(context.Background(), slash(st, member1, false, "crisis", "", opts...))
		if err != nil {
			t.Fatalf("/crisis with a broken store: %v", err)
		}
		if got := resp.Embeds[0].Title; got != "Crisis lines: Ireland" {
			t.Errorf("title = %q, want Ireland from the server default", got)
		}
	}
}

func TestCrisisAutocomplete(t *testing.T) {
	s := newStore(t)
	c := crisisCommand(t, s)
	st := settingsOf(t, s, guildA)
	tests := []struct {
		typed, first string
		min          int
	}{
		{"", "", 20},
		{"ger", "DE", 1},
		{"GB", "GB", 1},
		{"king", "GB", 1}, // "United Kingdom"
		{"zzzz", "", 0},
	}
	for _, tt := range tests {
		resp, err := c.Autocomplete(context.Background(), autocomplete(st, member1, "crisis", "", "country", opt{"country", tt.typed}))
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Choices) > 25 || len(resp.Choices) < tt.min {
			t.Errorf("%q: %d choices, want %d..25", tt.typed, len(resp.Choices), tt.min)
		}
		if tt.first != "" && (len(resp.Choices) == 0 || resp.Choices[0].Value != tt.first) {
			t.Errorf("%q: choices %v, want %s first", tt.typed, resp.Choices, tt.first)
		}
		for _, ch := range resp.Choices {
			if n := utf8.RuneCountInString(ch.Name); n == 0 || n > 100 {
				t.Errorf("choice name %q has %d characters", ch.Name, n)
			}
		}
	}
}
