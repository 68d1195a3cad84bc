package data

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// The crisis lines Kindred ships are data, not code: a JSON file built
// from a cross-checked reference table (see crisislines/README.md), and the
// tz database's public-domain list of country codes.
var (
	//go:embed crisislines/crisis_lines.json
	crisisJSON []byte
	//go:embed crisislines/iso3166.tab
	iso3166Tab []byte
)

// Confidence levels of a crisis line, as the reference table gives them.
const (
	// ConfidenceTwoSources means two independent sources give the same number.
	ConfidenceTwoSources = "two-sources"
	// ConfidenceOneSource means only one source was found. Such lines carry
	// a caveat and are always shown with the international directories.
	ConfidenceOneSource = "one-source"
)

// InternationalCode is the code of the international fallback ("no
// country"), a user-assigned ISO code.
const InternationalCode = "ZZ"

// Country is a country by its ISO 3166-1 alpha-2 code.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// CrisisNumber is a number to call, with an optional short note such as
// "free" or "police".
type CrisisNumber struct {
	Number string `json:"number"`
	Note   string `json:"note,omitempty"`
}

// CrisisText is a number to text or message.
type CrisisText struct {
	Number  string `json:"number"`
	Keyword string `json:"keyword,omitempty"` // the word to send first, if the service asks for one
	App     string `json:"app,omitempty"`     // "" for SMS, else the app, such as "WhatsApp"
	Note    string `json:"note,omitempty"`
}

// CrisisLine is one crisis service. Numbers are written as dialled inside
// the country: many, such as 988 or 116 123, work only there.
type CrisisLine struct {
	Country    Country        `json:"-"`
	Emergency  []CrisisNumber `json:"-"` // the country's emergency numbers
	Service    string         `json:"service"`
	Phones     []CrisisNumber `json:"phones,omitempty"`
	Texts      []CrisisText   `json:"texts,omitempty"`
	ChatURL    string         `json:"chat,omitempty"`
	Website    string         `json:"website,omitempty"`
	Email      string         `json:"email,omitempty"`
	Hours      string         `json:"hours"`
	Languages  string         `json:"languages,omitempty"`
	Confidence string         `json:"confidence"`
	// Caveat is shown beside a line that is not confirmed by two sources.
	Caveat string `json:"caveat,omitempty"`
	// Verified is the day the line was last checked against its sources.
	Verified time.Time `json:"-"`
	Sources  []string  `json:"sources"`
}

// CrisisSet is what Kindred shows someone looking for help in a country.
type CrisisSet struct {
	// Country is the country asked for; its Name is empty when the code
	// is not a country Kindred knows.
	Country Country
	// Known is true when Kindred ships lines for the country.
	Known bool
	// Emergency lists the country's emergency numbers; the first is the
	// one to call in danger. It is empty when the country is not known.
	Emergency []CrisisNumber
	// Lines are the country's crisis lines, best first.
	Lines []CrisisLine
	// International are the international directories, always shown.
	International []CrisisLine
}

type crisisCountry struct {
	Country
	Emergency        []CrisisNumber `json:"emergency"`
	EmergencySources []string       `json:"emergency_sources"`
	Lines            []CrisisLine   `json:"lines"`
}

type crisisData struct {
	byCode        map[string]crisisCountry
	crisis        []Country // countries with lines, by name
	countries     []Country // every ISO country, by name
	countryByCode map[string]Country
	international []CrisisLine
}

// loadCrisis parses the embedded data once. It cannot fail at run time
// once the data tests pass: they call CheckCrisisData.
var loadCrisis = sync.OnceValues(func() (*crisisData, error) {
	return parseCrisis(crisisJSON, iso3166Tab)
})

// CheckCrisisData reports any problem in the shipped crisis data. Tests
// call it, so a bad edit to the data fails the build rather than a member.
func CheckCrisisData() error {
	_, err := loadCrisis()
	return err
}

func crisis() *crisisData {
	d, err := loadCrisis()
	if err != nil {
		// Unreachable when tests pass; show only emergency advice.
		return &crisisData{byCode: map[string]crisisCountry{}, countryByCode: map[string]Country{}}
	}
	return d
}

// CrisisFor returns the crisis lines for a country code (any case). An
// unknown or empty code gives a set with only the international
// directories.
func CrisisFor(code string) CrisisSet {
	d := crisis()
	code = strings.ToUpper(strings.TrimSpace(code))
	set := CrisisSet{Country: d.countryByCode[code], International: cloneLines(d.international)}
	if set.Country.Code == "" {
		set.Country.Code = code
	}
	c, ok := d.byCode[code]
	if !ok {
		return set
	}
	set.Known = true
	set.Country = c.Country
	set.Emergency = append([]CrisisNumber(nil), c.Emergency...)
	set.Lines = cloneLines(c.Lines)
	return set
}

func cloneLines(ls []CrisisLine) []CrisisLine {
	out := make([]CrisisLine, len(ls))
	for i, l := range ls {
		l.Phones = append([]CrisisNumber(nil), l.Phones...)
		l.Texts = append([]CrisisText(nil), l.Texts...)
		l.Emergency = append([]CrisisNumber(nil), l.Emergency...)
		l.Sources = append([]string(nil), l.Sources...)
		out[i] = l
	}
	return out
}

// CrisisCountries lists the countries Kindred ships crisis lines for, by
// name.
func CrisisCountries() []Country { return append([]Country(nil), crisis().crisis...) }

// Countries lists every ISO 3166-1 country, by name.
func Countries() []Country { return append([]Country(nil), crisis().countries...) }

// LookupCountry finds a country by its two-letter code or its English
// name, in any case. "UK" is taken to mean GB.
func LookupCountry(s string) (Country, bool) {
	d := crisis()
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "UK", "BRITAIN", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND":
		s = "GB"
	case "USA", "AMERICA":
		s = "US"
	}
	if c, ok := d.countryByCode[strings.ToUpper(s)]; ok {
		return c, true
	}
	for _, c := range d.countries {
		if strings.EqualFold(c.Name, s) {
			return c, true
		}
	}
	return Country{}, false
}

// NormalizeCountry checks a country a member typed (a code or a name) and
// returns its code. Errors wrap ErrInvalid and read as a kind sentence.
func NormalizeCountry(s string) (string, error) {
	if len(strings.TrimSpace(s)) == 2 {
		code, err := NormalizeSetting(SettingCountry, s)
		if err != nil {
			return "", problem(ErrInvalid, "crisis_bad_code", "Code", s)
		}
		s = code
	}
	c, ok := LookupCountry(s)
	if !ok {
		return "", problem(ErrInvalid, "crisis_unknown_country", "Country", s)
	}
	return c.Code, nil
}

var (
	phoneRE  = regexp.MustCompile(`^\+?[0-9]+(?:[ -][0-9]+)*$`)
	digitsRE = regexp.MustCompile(`[0-9]`)
)

// ValidPhoneNumber reports whether s is written like a phone number:
// digits, single spaces or dashes between groups, an optional leading +,
// and 2 to 15 digits (short codes such as 15, 988 or 116 123 included).
func ValidPhoneNumber(s string) bool {
	n := len(digitsRE.FindAllString(s, -1))
	return phoneRE.MatchString(s) && n >= 2 && n <= 15
}

func parseCrisis(raw, tab []byte) (*crisisData, error) {
	d := &crisisData{byCode: map[string]crisisCountry{}, countryByCode: map[string]Country{}}
	sc := bufio.NewScanner(bytes.NewReader(tab))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, name, ok := strings.Cut(line, "\t")
		if !ok || !countryRE.MatchString(code) || name == "" {
			return nil, fmt.Errorf("parse country list: bad line %q", line)
		}
		d.countryByCode[code] = Country{Code: code, Name: name}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("parse country list: %w", err)
	}

	var file struct {
		About         string          `json:"about"`
		International []CrisisLine    `json:"international"`
		Countries     []crisisCountry `json:"countries"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("parse crisis lines: %w", err)
	}
	intl := Country{Code: InternationalCode, Name: "International"}
	for i := range file.International {
		l := &file.International[i]
		if err := checkLine(l, intl, nil); err != nil {
			return nil, err
		}
		if l.Website == "" {
			return nil, fmt.Errorf("crisis lines: international %q needs a website", l.Service)
		}
	}
	if !hasConfirmed(file.International) {
		return nil, errors.New("crisis lines: no international directory is confirmed by two sources")
	}
	d.international = file.International

	for _, c := range file.Countries {
		if _, ok := d.countryByCode[c.Code]; !ok {
			return nil, fmt.Errorf("crisis lines: %q is not an ISO country code", c.Code)
		}
		if _, dup := d.byCode[c.Code]; dup {
			return nil, fmt.Errorf("crisis lines: country %s appears twice", c.Code)
		}
		if c.Name == "" {
			return nil, fmt.Errorf("crisis lines: country %s has no name", c.Code)
		}
		if len(c.Emergency) == 0 || len(c.EmergencySources) == 0 {
			return nil, fmt.Errorf("crisis lines: country %s needs an emergency number and its source", c.Code)
		}
		for _, e := range c.Emergency {
			if !ValidPhoneNumber(e.Number) {
				return nil, fmt.Errorf("crisis lines: country %s emergency number %q is not a phone number", c.Code, e.Number)
			}
		}
		if len(c.Lines) == 0 {
			return nil, fmt.Errorf("crisis lines: country %s has no lines", c.Code)
		}
		if !hasConfirmed(c.Lines) {
			return nil, fmt.Errorf("crisis lines: country %s has no line confirmed by two sources", c.Code)
		}
		for i := range c.Lines {
			if err := checkLine(&c.Lines[i], c.Country, c.Emergency); err != nil {
				return nil, err
			}
		}
		d.byCode[c.Code] = c
		d.crisis = append(d.crisis, c.Country)
		// The shipped name is friendlier than the tz list's ("Britain (UK)").
		d.countryByCode[c.Code] = c.Country
	}
	for _, c := range d.countryByCode {
		d.countries = append(d.countries, c)
	}
	byName := func(cs []Country) {
		sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	}
	byName(d.crisis)
	byName(d.countries)
	return d, nil
}

func hasConfirmed(ls []CrisisLine) bool {
	for _, l := range ls {
		if l.Confidence == ConfidenceTwoSources {
			return true
		}
	}
	return false
}

// checkLine validates one line and fills in what the JSON leaves implicit.
func checkLine(l *CrisisLine, c Country, emergency []CrisisNumber) error {
	where := fmt.Sprintf("crisis lines: %s %q", c.Code, l.Service)
	if l.Service == "" {
		return fmt.Errorf("crisis lines: %s has a line with no service name", c.Code)
	}
	l.Country, l.Emergency = c, emergency
	for _, p := range l.Phones {
		if !ValidPhoneNumber(p.Number) {
			return fmt.Errorf("%s: phone %q is not a phone number", where, p.Number)
		}
	}
	for _, t := range l.Texts {
		if !ValidPhoneNumber(t.Number) {
			return fmt.Errorf("%s: text number %q is not a phone number", where, t.Number)
		}
	}
	for _, u := range []string{l.ChatURL, l.Website} {
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return fmt.Errorf("%s: %q is not a web address", where, u)
		}
	}
	if len(l.Phones) == 0 && len(l.Texts) == 0 && l.ChatURL == "" && l.Website == "" {
		return fmt.Errorf("%s: no way to reach it", where)
	}
	if l.Hours == "" {
		return fmt.Errorf("%s: no hours", where)
	}
	switch l.Confidence {
	case ConfidenceTwoSources:
	case ConfidenceOneSource:
		if l.Caveat == "" {
			return fmt.Errorf("%s: a line confirmed by one source needs a caveat", where)
		}
	default:
		return fmt.Errorf("%s: confidence %q is not shipped (only %s and %s are)", where, l.Confidence, ConfidenceTwoSources, ConfidenceOneSource)
	}
	if len(l.Sources) == 0 {
		return fmt.Errorf("%s: no sources", where)
	}
	if l.Verified.IsZero() {
		return fmt.Errorf("%s: no verified date", where)
	}
	return nil
}

// UnmarshalJSON reads a line, with its verified date as YYYY-MM-DD.
func (l *CrisisLine) UnmarshalJSON(b []byte) error {
	type plain CrisisLine
	var v struct {
		plain
		Verified string `json:"verified"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*l = CrisisLine(v.plain)
	if v.Verified != "" {
		t, err := time.Parse(time.DateOnly, v.Verified)
		if err != nil {
			return fmt.Errorf("crisis line %q: verified date %q: %w", l.Service, v.Verified, err)
		}
		l.Verified = t
	}
	return nil
}

// SetMemberCountry saves the country whose crisis lines a member wants to
// see in a server; "" forgets it. The country may be a code or a name.
func (s *Store) SetMemberCountry(ctx context.Context, guildID, userID, country string) error {
	code := ""
	if strings.TrimSpace(country) != "" {
		var err error
		if code, err = NormalizeCountry(country); err != nil {
			return err
		}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if code == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM member_country WHERE guild_id = ? AND user_id = ?`, guildID, userID)
			return err
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO member_country (guild_id, user_id, country, updated_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT (guild_id, user_id) DO UPDATE SET country = excluded.country, updated_at = excluded.updated_at`,
			guildID, userID, code, s.now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("save country of member %s in guild %s: %w", userID, guildID, err)
	}
	return nil
}

// MemberCountry returns a member's saved country code: the one saved for
// this server, else the one they set with /me (in any server or a DM), or
// "" when they have saved neither.
func (s *Store) MemberCountry(ctx context.Context, guildID, userID string) (string, error) {
	var code string
	err := s.read.QueryRowContext(ctx,
		`SELECT country FROM member_country WHERE guild_id = ?1 AND user_id = ?2
		 UNION ALL SELECT country FROM member_profile WHERE user_id = ?2 AND country != ''
		 LIMIT 1`, guildID, userID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load country of member %s in guild %s: %w", userID, guildID, err)
	}
	return code, nil
}

// MemberCountryAnywhere returns the country a member saved most recently
// in any server, or "" when they saved none. A DM to Kindred belongs to
// no server, so this is the best guess at whose crisis lines to show.
func (s *Store) MemberCountryAnywhere(ctx context.Context, userID string) (string, error) {
	var code string
	err := s.read.QueryRowContext(ctx,
		`SELECT country FROM member_country WHERE user_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1`, userID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load the latest country of member %s: %w", userID, err)
	}
	return code, nil
}
