package data

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Self-care prompt categories.
const (
	SelfCareMovement    = "movement"
	SelfCareRest        = "rest"
	SelfCareConnection  = "connection"
	SelfCareMindfulness = "mindfulness"
	SelfCareNourishment = "nourishment"
	SelfCareCreativity  = "creativity"
	SelfCareReflection  = "reflection"
)

var selfCareCategories = []string{
	SelfCareMovement, SelfCareRest, SelfCareConnection, SelfCareMindfulness,
	SelfCareNourishment, SelfCareCreativity, SelfCareReflection,
}

// SelfCareCategories lists the prompt categories in display order.
func SelfCareCategories() []string { return slices.Clone(selfCareCategories) }

// IsSelfCareCategory reports whether c is one of the prompt categories.
func IsSelfCareCategory(c string) bool { return slices.Contains(selfCareCategories, c) }

// Limits of self-care prompts, schedules and nudges.
const (
	// MinSelfCarePrompt and MaxSelfCarePrompt bound a prompt's length in
	// characters.
	MinSelfCarePrompt = 10
	MaxSelfCarePrompt = 300
	// MaxOwnSelfCarePrompts is how many prompts of its own a server can add.
	MaxOwnSelfCarePrompts = 500
	// MaxSelfCareSchedules is how many prompt schedules a server can have.
	MaxSelfCareSchedules = 10
	// MaxSelfCareSchedule bounds the stored schedule text.
	MaxSelfCareSchedule = 200
	// MaxNudgeTimes is how many nudges a member can have a day.
	MaxNudgeTimes = 4
	// MaxNudgeDays bounds the stored day part of a nudge schedule.
	MaxNudgeDays = 100
	// DefaultQuietFrom and DefaultQuietTo are the quiet hours a member
	// has until they choose their own.
	DefaultQuietFrom = "22:00"
	DefaultQuietTo   = "08:00"
	// DefaultNudgeDays is every day, in the words of the schedule language.
	DefaultNudgeDays = "every day"
)

// Delivery kinds of self-care.
const (
	// DeliverySelfCarePost is a scheduled prompt posted in a channel,
	// with an "I did this" button. Ref is the schedule ID.
	DeliverySelfCarePost = "selfcare_post"
	// DeliverySelfCareNudge is a member's personal nudge, a DM. Ref is
	// the member's local date (YYYY-MM-DD); UserID is the member.
	DeliverySelfCareNudge = "selfcare_nudge"
	// DeliverySelfCareAlert tells moderators that a prompt schedule
	// stopped because its channel can't be reached. Ref is the schedule ID.
	DeliverySelfCareAlert = "selfcare_alert"
)

// SelfCareScheduleSource is the delivery source of a prompt schedule's posts.
func SelfCareScheduleSource(id int64) string { return "selfcare:" + strconv.FormatInt(id, 10) }

// ParseSelfCareScheduleSource returns the schedule ID of a source made by
// SelfCareScheduleSource.
func ParseSelfCareScheduleSource(source string) (int64, bool) {
	rest, ok := strings.CutPrefix(source, "selfcare:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// SelfCareNudgeSource is the delivery source of a member's nudges.
func SelfCareNudgeSource(userID string) string { return "selfcare-nudge:" + userID }

// SelfCareNudgeKey is the dedupe key of a member's nudge at one slot
// (local date and HH:MM) in a server: at most one nudge per member per
// slot, however often it is planned.
func SelfCareNudgeKey(guildID, userID, localDate, slot string) string {
	return "selfcare-nudge:" + guildID + ":" + userID + ":" + localDate + ":" + slot
}

// SelfCarePrompt is one prompt: one of Kindred's own, or one a server's
// moderators added.
type SelfCarePrompt struct {
	// Ref names the prompt: "k:<id>" for Kindred's, "s:<n>" for a server's.
	Ref      string
	Category string
	Text     string
	// Shipped is true for Kindred's own prompts, which can be disabled
	// but not edited.
	Shipped bool
	// Enabled prompts are in the rotation.
	Enabled   bool
	UpdatedBy string    // "" for Kindred's
	UpdatedAt time.Time // zero for Kindred's
}

//go:embed selfcare/prompts.json
var shippedPromptsJSON []byte

// shippedPrompts is Kindred's prompt library; shippedKeys maps each
// prompt's folded text to its ref.
var shippedPrompts, shippedKeys = mustParseLibrary(shippedPromptsJSON)

func mustParseLibrary(b []byte) ([]SelfCarePrompt, map[string]string) {
	ps, err := ParseSelfCareLibrary(b)
	if err != nil {
		panic("data: self-care prompt library: " + err.Error())
	}
	keys := make(map[string]string, len(ps))
	for _, p := range ps {
		keys[SelfCarePromptKey(p.Text)] = p.Ref
	}
	return ps, keys
}

var libraryIDRE = regexp.MustCompile(`^[a-z]+-[0-9]{2,3}$`)

// ParseSelfCareLibrary reads a prompt library: a JSON array of objects
// with an id (stable: rotations remember prompts by it), a category and
// a text. Texts are checked as moderators' prompts are.
func ParseSelfCareLibrary(b []byte) ([]SelfCarePrompt, error) {
	var raw []struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Text     string `json:"text"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("read prompt library: %w", err)
	}
	seen := map[string]bool{}
	out := make([]SelfCarePrompt, 0, len(raw))
	for i, r := range raw {
		if !libraryIDRE.MatchString(r.ID) || seen[r.ID] {
			return nil, fmt.Errorf("prompt %d: id %q is malformed or repeated", i+1, r.ID)
		}
		seen[r.ID] = true
		cat, text, err := NormalizeSelfCarePrompt(r.Category, r.Text)
		if err != nil {
			return nil, fmt.Errorf("prompt %s: %w", r.ID, err)
		}
		if text != r.Text {
			return nil, fmt.Errorf("prompt %s: text has stray spaces", r.ID)
		}
		out = append(out, SelfCarePrompt{Ref: "k:" + r.ID, Category: cat, Text: text, Shipped: true, Enabled: true})
	}
	return out, nil
}

// ShippedSelfCarePrompts returns Kindred's own prompt library.
func ShippedSelfCarePrompts() []SelfCarePrompt { return slices.Clone(shippedPrompts) }

// SelfCarePromptKey folds a prompt's text for duplicate checks: case,
// punctuation, quotes and spacing do not make a prompt different.
func SelfCarePromptKey(text string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case r == '\'' || r == '’' || r == '‘':
			// "don't" and "dont" are the same prompt
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// NormalizeSelfCarePrompt checks a prompt's category and text and returns
// them in stored form (spaces and line breaks collapsed). Errors wrap
// ErrInvalid and read as a kind sentence.
func NormalizeSelfCarePrompt(category, text string) (string, string, error) {
	category = strings.ToLower(strings.TrimSpace(category))
	text = strings.Join(strings.Fields(text), " ")
	n := utf8.RuneCountInString(text)
	switch {
	case !IsSelfCareCategory(category):
		return "", "", problem(ErrInvalid, "selfcare_not_category", "Category", category, "List", strings.Join(selfCareCategories, ", "))
	case n < MinSelfCarePrompt:
		return "", "", problem(ErrInvalid, "selfcare_prompt_too_short", "Min", MinSelfCarePrompt)
	case n > MaxSelfCarePrompt:
		return "", "", problem(ErrInvalid, "selfcare_prompt_too_long", "Max", MaxSelfCarePrompt, "Length", n)
	case SelfCarePromptKey(text) == "":
		return "", "", problem(ErrInvalid, "selfcare_prompt_no_words")
	}
	return category, text, nil
}
