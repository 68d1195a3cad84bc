package commands

import (
	"strconv"
	"strings"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// resPrinter is the language a resource embed is written in: the
// server's when it is shared in the channel, else the member's.
func resPrinter(req *Request, share bool) *i18n.Printer {
	if share {
		return req.Public()
	}
	return req.P()
}

// resCategoryLabel is a category's name in p's language: the name of its
// choice in the command's category option, so a member reads the same
// word they picked. An unknown key is shown as the data layer names it.
func resCategoryLabel(p *i18n.Printer, key string) string {
	c, ok := data.LookupResourceCategory(key)
	if !ok {
		return data.Resource{Category: key}.CategoryLabel()
	}
	id := i18n.CommandKey([]string{"resources", "browse", "category", "choice_" + c.Key}, "name")
	if s := p.T(id); !strings.HasPrefix(s, "[") {
		return s
	}
	return c.Label
}

// resJoinAnd joins names as a sentence does in p's language: "A, B and C".
func resJoinAnd(p *i18n.Printer, items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return p.T("resources.and", "Rest", strings.Join(items[:len(items)-1], ", "), "Last", items[len(items)-1])
}

// resDecimal writes f with one decimal, with the decimal comma of every
// language Kindred speaks but English.
func resDecimal(p *i18n.Printer, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if p.Lang() != i18n.Base {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
