package data

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kindred-bot/kindred/i18n"
)

var (
	resourcePhoneRunRE  = regexp.MustCompile(`\+?[0-9][0-9 ().-]*[0-9]`)
	resourcePhoneSepRE  = regexp.MustCompile(`\s*(?:[,;/]|\bor\b)\s*`)
	resourcePhoneCharRE = regexp.MustCompile(`^\+?[0-9 ().-]+$`)
)

// NormalizeResource checks a resource a moderator entered and returns it
// in stored form. Its error wraps ErrInvalid and names every problem: a
// Problems, each a Problem in the catalogue.
func NormalizeResource(r Resource) (Resource, error) {
	var problems Problems
	bad := func(id string, args ...any) { problems = append(problems, problem(ErrInvalid, id, args...)) }
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	tooLong := func(field, s string, max int) {
		if n := utf8.RuneCountInString(s); n > max {
			bad("resource_too_long", "Field", i18n.Msg("problem.resource_field_"+field), "Max", max, "Length", n)
		}
	}

	r.Name = oneLine(r.Name)
	if r.Name == "" {
		bad("resource_needs_name")
	}
	tooLong("name", r.Name, MaxResourceName)
	if c, ok := LookupResourceCategory(r.Category); ok {
		r.Category = c.Key
	} else {
		bad("resource_unknown_category", "Category", r.Category, "Categories", resourceCategoryKeys())
	}
	r.Description = strings.TrimSpace(r.Description)
	if r.Description == "" {
		bad("resource_needs_description")
	}
	tooLong("description", r.Description, MaxResourceDescription)

	var tags []string
	for _, t := range r.Tags {
		tags = append(tags, ParseTags(t)...)
	}
	r.Tags = ParseTags(strings.Join(tags, ","))
	if len(r.Tags) > MaxResourceTags {
		bad("resource_too_many_tags", "Max", MaxResourceTags, "Tags", len(r.Tags))
	}
	for _, t := range r.Tags {
		if utf8.RuneCountInString(t) > MaxResourceTag {
			bad("resource_tag_too_long", "Tag", t, "Max", MaxResourceTag)
		}
	}

	r.Region = oneLine(r.Region)
	tooLong("region", r.Region, MaxResourceRegion)
	r.Languages = oneLine(r.Languages)
	tooLong("languages", r.Languages, MaxResourceLanguages)
	r.Hours = oneLine(r.Hours)
	tooLong("hours", r.Hours, MaxResourceHours)
	r.Address = strings.TrimSpace(r.Address)
	tooLong("address", r.Address, MaxResourceAddress)

	r.Phone = oneLine(r.Phone)
	if r.Phone != "" {
		tooLong("phone", r.Phone, MaxResourcePhone)
		for _, p := range resourcePhoneSepRE.Split(r.Phone, -1) {
			if !resourcePhone(p) {
				bad("resource_bad_phone", "Phone", p)
				break
			}
		}
	}
	r.Text = oneLine(r.Text)
	if r.Text != "" {
		tooLong("text", r.Text, MaxResourceText)
		ok := false
		for _, run := range resourcePhoneRunRE.FindAllString(r.Text, -1) {
			if resourcePhone(run) {
				ok = true
			}
		}
		if !ok {
			bad("resource_text_needs_number")
		}
	}

	r.Website = strings.TrimSpace(r.Website)
	if r.Website != "" {
		w, err := normalizeWebsite(r.Website)
		if err != nil {
			bad("resource_bad_website", "Website", clipForMessage(r.Website, 60))
		} else {
			r.Website = w
			tooLong("website", r.Website, MaxResourceWebsite)
		}
	}

	if strings.ContainsFunc(r.Name+r.Region+r.Languages+r.Hours+r.Phone+r.Text, unicode.IsControl) {
		bad("resource_control_chars")
	}
	if len(problems) > 0 {
		return r, problems
	}
	return r, nil
}

func resourceCategoryKeys() string {
	var keys []string
	for _, c := range resourceCategories {
		keys = append(keys, c.Key)
	}
	return strings.Join(keys, ", ")
}

// resourcePhone is more forgiving than ValidPhoneNumber, for numbers
// moderators type: brackets and dots are allowed too.
func resourcePhone(p string) bool {
	if !resourcePhoneCharRE.MatchString(p) {
		return false
	}
	n := 0
	for _, c := range p {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n >= 2 && n <= 15 && strings.LastIndex(p, "+") <= 0
}

func normalizeWebsite(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || strings.ContainsAny(s, " \t\n") ||
		!strings.Contains(u.Hostname(), ".") || strings.HasPrefix(u.Hostname(), ".") || strings.HasSuffix(u.Hostname(), ".") {
		return "", errors.New("not a web address")
	}
	return u.String(), nil
}

func clipForMessage(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
