package commands

// Self-care's texts in the reader's language: category labels, Kindred's
// own prompts (translated in the catalogue's selfcare_prompts messages,
// one per prompt ID of data/selfcare/prompts.json), lists and nudge times.

import (
	"strings"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// categoryLabel names a category for people, with an emoji, in p's
// language.
func categoryLabel(p *i18n.Printer, c string) string {
	for _, known := range data.SelfCareCategories() {
		if c == known {
			return p.T("selfcare.cat_" + c)
		}
	}
	return c
}

// categoryName is a category as the command's choices name it in p's
// language ("movement" in English).
func categoryName(p *i18n.Printer, c string) string {
	if s, ok := i18n.Embedded().Text(p.Lang(), i18n.CommandKey([]string{"mod-selfcare", "prompts", "add", "category", "choice_" + c}, "name")); ok {
		return s
	}
	return c
}

// shippedPromptID is the catalogue ID of one of Kindred's own prompts,
// from its ref ("k:movement-01"), or "" for a server's own prompt.
func shippedPromptID(ref string) string {
	id, ok := strings.CutPrefix(ref, "k:")
	if !ok || id == "" {
		return ""
	}
	return "selfcare_prompts." + strings.ReplaceAll(id, "-", "_")
}

// promptText is a prompt's text in p's language: Kindred's own prompts
// are translated; a server's own stay as its moderators wrote them.
func promptText(p *i18n.Printer, ref, text string) string {
	id := shippedPromptID(ref)
	if id == "" {
		return text
	}
	if s, ok := i18n.Embedded().Text(p.Lang(), id); ok {
		return s
	}
	return text
}

// plainCommand is a command path as members of p's language see it, for
// text without Markdown (embed footers): "/selfcare nudge on".
func plainCommand(p *i18n.Printer, path string) string {
	return "/" + i18n.Embedded().CommandPath(p.Lang(), path)
}

var englishWeekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// nudgeDays puts the days of a member's nudges (as the scheduler writes
// them: "every day", "weekdays", "every Monday and Friday") into words.
func nudgeDays(p *i18n.Printer, days string) string {
	switch days {
	case "every day", "":
		return p.T("selfcare.days_every_day")
	case "weekdays":
		return p.T("selfcare.days_weekdays")
	case "weekends":
		return p.T("selfcare.days_weekends")
	}
	list, ok := strings.CutPrefix(days, "every ")
	if !ok {
		return days
	}
	names := strings.Split(p.T("date.weekdays"), "|")
	var out []string
	for _, w := range strings.Split(strings.ReplaceAll(list, " and ", ", "), ", ") {
		i := -1
		for j, e := range englishWeekdays {
			if strings.EqualFold(e, strings.TrimSpace(w)) {
				i = j
			}
		}
		if i < 0 || len(names) != 7 {
			return days
		}
		out = append(out, names[i])
	}
	return p.T("selfcare.days_some", "Days", p.List(out))
}

// nudgeWhen puts a member's nudge times and days into words.
func nudgeWhen(p *i18n.Printer, n data.SelfCareNudges) string {
	return p.T("selfcare.when", "Times", p.List(n.Times), "Days", nudgeDays(p, n.Days), "Zone", n.Zone)
}

// optionName is an option of the invoked command as members of the
// member's language see it ("horas" for times in Spanish).
func optionName(req *Request, name string) string {
	path := strings.TrimSpace(req.Interaction.ApplicationCommandData().Name + " " + req.Subcommand() + " " + name)
	words := strings.Fields(i18n.Embedded().CommandPath(req.Lang, path))
	if len(words) == 0 {
		return name
	}
	return words[len(words)-1]
}
