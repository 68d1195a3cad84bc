package commands

import (
	"regexp"
	"strings"
)

// Patterns memberText rewrites.
var (
	// maskedLinkRE is a Markdown masked link: [text](url), [text](<url>)
	// or [text](url "title").
	maskedLinkRE = regexp.MustCompile(`\[([^\[\]]*)\]\(\s*<?(https?://[^\s<>()]+)>?(?:\s+"[^"]*")?\s*\)`)
	// inviteRE is a Discord invite link, with or without its scheme.
	inviteRE = regexp.MustCompile(`(?i)(?:https?://)?(?:www\.)?(?:discord(?:app)?\.com/invite|discord\.gg|dsc\.gg)/[A-Za-z0-9-]+`)
	// bareURLRE is a web address Discord would turn into a link.
	bareURLRE = regexp.MustCompile(`<?https?://[^\s<>()]+>?`)
	// headingRE is a Markdown heading or subtext marker at a line's start.
	headingRE = regexp.MustCompile(`(?m)^[ \t]*(?:#{1,3}|-#)[ \t]+`)
)

// memberText renders what a member wrote for one of Kindred's public
// posts (a shared check-in note, a kudos reason, a shared milestone), so
// it reads as they typed it and nothing more: a masked link shows its real
// address, every address is shown without a preview, an invite link is
// shown as plain text (no invite card, not clickable), and headings and
// subtext are flattened to ordinary lines. Every public post of member
// text goes through it.
func memberText(s string) string {
	var invites []string
	// Invites first, so the later steps leave them alone.
	s = inviteRE.ReplaceAllStringFunc(s, func(m string) string {
		invites = append(invites, m)
		return "\x00" + string(rune('A'+len(invites)-1)) + "\x00"
	})
	s = maskedLinkRE.ReplaceAllString(s, "$1 ($2)")
	s = bareURLRE.ReplaceAllStringFunc(s, func(m string) string {
		return "<" + strings.TrimSuffix(strings.TrimPrefix(m, "<"), ">") + ">"
	})
	s = headingRE.ReplaceAllString(s, "")
	for i, inv := range invites {
		plain := strings.NewReplacer("`", "", "\x00", "").Replace(inv)
		s = strings.Replace(s, "\x00"+string(rune('A'+i))+"\x00", "`"+plain+"`", 1)
	}
	return s
}
