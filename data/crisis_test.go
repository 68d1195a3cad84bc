package data_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindred-bot/kindred/data"
)

func TestCrisisDataParses(t *testing.T) {
	if err := data.CheckCrisisData(); err != nil {
		t.Fatalf("shipped crisis data: %v", err)
	}
	if got := len(data.CrisisCountries()); got < 28 {
		t.Fatalf("crisis data has %d countries, want at least the 28 of the reference table", got)
	}
}

// numberRE is written out here, apart from data.ValidPhoneNumber, so that
// the shipped data is checked against the format and not only against
// itself: digits, single spaces or dashes between groups, an optional
// leading +.
var numberRE = regexp.MustCompile(`^\+?\d+(?:[ -]\d+)*$`)

func checkNumber(t *testing.T, where, n string) {
	t.Helper()
	digits := len(regexp.MustCompile(`\d`).FindAllString(n, -1))
	if !numberRE.MatchString(n) || digits < 2 || digits > 15 {
		t.Errorf("%s: %q is not written as a phone number or short code", where, n)
	}
	if !data.ValidPhoneNumber(n) {
		t.Errorf("%s: ValidPhoneNumber(%q) = false", where, n)
	}
}

func TestEveryShippedNumberIsWellFormed(t *testing.T) {
	sets := []data.CrisisSet{data.CrisisFor("")}
	for _, c := range data.CrisisCountries() {
		sets = append(sets, data.CrisisFor(c.Code))
	}
	numbers := 0
	for _, set := range sets {
		for _, e := range set.Emergency {
			checkNumber(t, set.Country.Code+" emergency", e.Number)
			numbers++
		}
		for _, l := range append(set.Lines, set.International...) {
			where := l.Country.Code + " " + l.Service
			for _, p := range l.Phones {
				checkNumber(t, where+" phone", p.Number)
				numbers++
			}
			for _, x := range l.Texts {
				checkNumber(t, where+" text", x.Number)
				numbers++
			}
			for _, u := range []string{l.ChatURL, l.Website} {
				if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					t.Errorf("%s: %q is not a web address", where, u)
				}
			}
		}
	}
	if numbers < 100 {
		t.Fatalf("checked only %d numbers; the data seems to be missing", numbers)
	}
}

func TestEveryCountryHasItsEmergencyNumberAndLines(t *testing.T) {
	verified := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, c := range data.CrisisCountries() {
		set := data.CrisisFor(strings.ToLower(c.Code))
		if !set.Known || set.Country != c {
			t.Errorf("CrisisFor(%q): known=%v country=%+v, want %+v", c.Code, set.Known, set.Country, c)
		}
		if len(set.Emergency) == 0 || set.Emergency[0].Number == "" {
			t.Errorf("%s has no emergency number", c.Code)
		}
		if len(set.Lines) == 0 {
			t.Errorf("%s has no crisis lines", c.Code)
		}
		if len(set.International) < 2 {
			t.Errorf("%s: international directories not shown beside its lines", c.Code)
		}
		confirmed := false
		for _, l := range set.Lines {
			if l.Country != c || len(l.Emergency) == 0 || l.Emergency[0] != set.Emergency[0] {
				t.Errorf("%s %q: country %+v, emergency %v", c.Code, l.Service, l.Country, l.Emergency)
			}
			if !l.Verified.Equal(verified) {
				t.Errorf("%s %q: verified %v, want %v", c.Code, l.Service, l.Verified, verified)
			}
			if len(l.Sources) == 0 || l.Hours == "" {
				t.Errorf("%s %q: sources %v, hours %q", c.Code, l.Service, l.Sources, l.Hours)
			}
			switch l.Confidence {
			case data.ConfidenceTwoSources:
				confirmed = true
			case data.ConfidenceOneSource:
				if l.Caveat == "" {
					t.Errorf("%s %q is confirmed by one source but has no caveat", c.Code, l.Service)
				}
			default:
				t.Errorf("%s %q: confidence %q is not shipped", c.Code, l.Service, l.Confidence)
			}
		}
		if !confirmed {
			t.Errorf("%s has no line confirmed by two sources", c.Code)
		}
		if got, ok := data.LookupCountry(c.Name); !ok || got.Code != c.Code {
			t.Errorf("LookupCountry(%q) = %+v, %v", c.Name, got, ok)
		}
	}
}

func TestCrisisForSpotChecks(t *testing.T) {
	tests := []struct {
		code, emergency, firstPhone string
		absent                      []string // numbers NOTES.md says not to show
	}{
		{"US", "911", "988", []string{"1-800-273-8255"}},
		{"GB", "999", "116 123", []string{"08457 90 90 90"}},
		{"DE", "112", "0800 111 0 111", nil},
		{"PL", "112", "116 123", []string{"800 70 2222"}},
		{"AR", "911", "0800-999-0091", []string{"135"}},
		{"FI", "112", "09 2525 0111", []string{"09 2525 0116", "09 2525 0113"}},
		{"KR", "119", "109", []string{"1393"}},
	}
	for _, tt := range tests {
		set := data.CrisisFor(tt.code)
		if len(set.Emergency) == 0 || len(set.Lines) == 0 || len(set.Lines[0].Phones) == 0 {
			t.Fatalf("%s: no emergency number or no first phone in %+v", tt.code, set)
		}
		if got := set.Emergency[0].Number; got != tt.emergency {
			t.Errorf("%s emergency = %q, want %q", tt.code, got, tt.emergency)
		}
		if got := set.Lines[0].Phones[0].Number; got != tt.firstPhone {
			t.Errorf("%s first phone = %q, want %q", tt.code, got, tt.firstPhone)
		}
		for _, l := range set.Lines {
			for _, p := range l.Phones {
				for _, bad := range tt.absent {
					if p.Number == bad {
						t.Errorf("%s ships %q (%s), which NOTES.md says not to show", tt.code, bad, l.Service)
					}
				}
			}
		}
	}
}

func TestInternationalFallback(t *testing.T) {
	for _, code := range []string{"", "ZZ", "XX", "AQ", "not a country"} {
		set := data.CrisisFor(code)
		if set.Known || len(set.Lines) != 0 || len(set.Emergency) != 0 {
			t.Errorf("CrisisFor(%q) = known %v, %d lines, emergency %v; want only the fallback", code, set.Known, len(set.Lines), set.Emergency)
		}
		var sites []string
		for _, l := range set.International {
			sites = append(sites, l.Website)
			if l.Country.Code != data.InternationalCode {
				t.Errorf("international line %q has country %q", l.Service, l.Country.Code)
			}
		}
		if len(sites) == 0 || sites[0] != "https://findahelpline.com" {
			t.Errorf("CrisisFor(%q) international = %v, want findahelpline.com first", code, sites)
		}
	}
	if got := data.CrisisFor("AQ").Country.Name; got != "Antarctica" {
		t.Errorf("CrisisFor(AQ) country name = %q, want the ISO name", got)
	}
}

func TestCrisisForReturnsCopies(t *testing.T) {
	a := data.CrisisFor("GB")
	a.Lines[0].Phones[0].Number = "changed"
	a.Emergency[0].Number = "changed"
	a.International[0].Website = "changed"
	b := data.CrisisFor("GB")
	if b.Lines[0].Phones[0].Number == "changed" || b.Emergency[0].Number == "changed" || b.International[0].Website == "changed" {
		t.Fatal("a caller changed the shipped crisis data")
	}
}

func TestValidPhoneNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"988", true},
		{"116 123", true},
		{"1-800-668-6868", true},
		{"+65 6669 1771", true},
		{"15", true},
		{"0800 111 0 111", true},
		{"", false},
		{"1", false},
		{"call 988", false},
		{"988 ", false},
		{"1  2", false},
		{"12--3", false},
		{"+", false},
		{"1234567890123456", false},
		{"0800 LIFELINE", false},
		{"(09) 5222 999", false},
	}
	for _, tt := range tests {
		if got := data.ValidPhoneNumber(tt.in); got != tt.want {
			t.Errorf("ValidPhoneNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeCountry(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"gb", "GB", true},
		{"UK", "GB", true},
		{" de ", "DE", true},
		{"Germany", "DE", true},
		{"united states", "US", true},
		{"aq", "AQ", true}, // a real country with no shipped lines
		{"ZZ", "", false},
		{"XX", "", false},
		{"Narnia", "", false},
		{"G", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := data.NormalizeCountry(tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if !tt.ok && !errors.Is(err, data.ErrInvalid) {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want ErrInvalid", tt.in, got, err)
		}
	}
}

func TestCountriesListsEveryISOCode(t *testing.T) {
	all := data.Countries()
	if len(all) < 240 {
		t.Fatalf("Countries() has %d entries, want every ISO country", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Name > all[i].Name {
			t.Fatalf("Countries() not sorted by name at %q, %q", all[i-1].Name, all[i].Name)
		}
	}
}

func TestMemberCountry(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const guildA, guildB, member = "100000000000000001", "100000000000000002", "200000000000000001"

	got, err := s.MemberCountry(ctx, guildA, member)
	if err != nil || got != "" {
		t.Fatalf("unset country = %q, %v; want \"\"", got, err)
	}
	if err := s.SetMemberCountry(ctx, guildA, member, "de"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMemberCountry(ctx, guildA, member, "Narnia"); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("SetMemberCountry(Narnia) err = %v, want ErrInvalid", err)
	}
	if got, _ := s.MemberCountry(ctx, guildA, member); got != "DE" {
		t.Fatalf("country after a bad change = %q, want DE kept", got)
	}
	if got, _ := s.MemberCountry(ctx, guildB, member); got != "" {
		t.Fatalf("country in another server = %q, want \"\"", got)
	}
	if err := s.SetMemberCountry(ctx, guildA, member, "UK"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MemberCountry(ctx, guildA, member); got != "GB" {
		t.Fatalf("country = %q, want GB", got)
	}
	if err := s.SetMemberCountry(ctx, guildA, member, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MemberCountry(ctx, guildA, member); got != "" {
		t.Fatalf("country after forgetting = %q, want \"\"", got)
	}
}

func TestMemberCountryAnywhere(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const guildA, guildB, member, other = "100000000000000001", "100000000000000002", "200000000000000001", "200000000000000002"
	if got, err := s.MemberCountryAnywhere(ctx, member); err != nil || got != "" {
		t.Fatalf("no country saved = %q, %v; want \"\"", got, err)
	}
	if err := s.SetMemberCountry(ctx, guildA, member, "DE"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMemberCountry(ctx, guildB, other, "FR"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.MemberCountryAnywhere(ctx, member); err != nil || got != "DE" {
		t.Fatalf("country saved in one server = %q, %v; want DE", got, err)
	}
	if err := s.SetMemberCountry(ctx, guildB, member, "ES"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.MemberCountryAnywhere(ctx, member); err != nil || got != "ES" {
		t.Fatalf("latest country = %q, %v; want ES", got, err)
	}
}
