package commands

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kindred-bot/kindred/i18n"
)

// stopWordSets are the stop words of every language Kindred speaks, read
// once from the catalogue ("dms.stop_words" and "dms.stop_all_words",
// comma-separated), in the form normalStop gives them.
var stopWordSets = sync.OnceValues(func() (stop, all map[string]bool) {
	stop, all = map[string]bool{}, map[string]bool{}
	for _, l := range i18n.Languages() {
		words, allWords := stopWordsOf(l.Tag)
		for _, w := range words {
			stop[normalStop(w)] = true
		}
		for _, w := range allWords {
			stop[normalStop(w)] = true
			all[normalStop(w)] = true
		}
	}
	return stop, all
})

// stopWordsOf lists a language's stop words and its words for "stop all",
// each in the order the catalogue gives them: the first is the one its
// DMs name.
func stopWordsOf(lang string) (words, all []string) {
	p := i18n.For(lang)
	return splitWords(p.T("dms.stop_words")), splitWords(p.T("dms.stop_all_words"))
}

func splitWords(list string) []string {
	var out []string
	for _, w := range strings.Split(list, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// normalStop is a DM as the stop words are compared: trimmed of spaces
// and punctuation around it, single-spaced, lowercase and without
// accents ("¡Párar!" is "parar").
func normalStop(text string) string {
	text = strings.Join(strings.Fields(strings.ToLower(text)), " ")
	text = strings.TrimFunc(text, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
	var b strings.Builder
	for _, r := range norm.NFD.String(text) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// isStopAll reports whether a stop word asks to end DMs from every
// server at once ("stop all", "parar todo").
func isStopAll(text string) bool {
	_, all := stopWordSets()
	return all[normalStop(text)]
}
