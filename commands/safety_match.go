package commands

import (
	"embed"
	"path"
	"slices"
	"strings"
	"unicode"
)

// Kindred listens for crisis language wherever a member writes to it
// privately (check-in notes, DMs, /concern), so that it can offer help at
// once: a private, warm reply with crisis lines, never a message to anyone
// else. The phrases are curated lists, one per language, embedded from
// safetynet/ and documented in safetynet/README.md. They are matched on
// whole words of normalised text, so "killing it at work" or "5 kms" do not
// match while "I don't want to be here anymore" does.
//
// A match has a level. Urgent is intent, a plan, means, a timeline or an
// act ("tonight", pills, a rope, "I just cut myself"); concern is a passive
// wish to die, hopelessness, feeling a burden, wanting to disappear, or
// minimising after a disclosure ("I thought about it but I wouldn't").
//
// The matcher errs towards offering help. It sets aside everyday idioms
// listed with the phrases, and a phrase plainly negated just before it
// ("I'm not suicidal", "I would never hurt myself") unless a contrast
// follows ("I'm not suicidal but...") or the negation only intensifies
// ("I've never wanted to die more than today"). A negation counts only in
// the phrase's own clause, after its subject. It is a prompt to offer help,
// not an assessment of anyone's risk.

// RiskLevel is how strongly a text speaks of danger.
type RiskLevel int

// Risk levels, in increasing order.
const (
	// NoRisk means no crisis language was found.
	NoRisk RiskLevel = iota
	// RiskConcern is a passive wish to die, hopelessness, feeling a
	// burden, wanting out, or minimising after a disclosure.
	RiskConcern
	// RiskUrgent is intent, a plan, means, a timeline or an act.
	RiskUrgent
)

// String names the level, for tests and logs (never with the text).
func (l RiskLevel) String() string {
	switch l {
	case RiskUrgent:
		return "urgent"
	case RiskConcern:
		return "concern"
	}
	return "none"
}

// Risk is what the matcher found in a text.
type Risk struct {
	Level RiskLevel
	// Lang is the language of the list that matched ("en", "es", ...),
	// the language to answer in; "" when nothing matched.
	Lang string
	// Phrase is the normalised phrase that matched. Like the text itself
	// it must never be logged.
	Phrase string
}

// SafetyLanguages are the languages Kindred has phrase lists and replies
// for, English first.
var SafetyLanguages = []string{"en", "es", "fr", "de", "pt", "it", "nl", "pl"}

//go:embed safetynet/*.txt
var safetyFiles embed.FS

// safetyLists are parsed once from the embedded lists; they are read-only.
var safetyLists = mustLoadSafetyLists()

func mustLoadSafetyLists() map[string]*phraseSet {
	out := map[string]*phraseSet{}
	for _, lang := range SafetyLanguages {
		name := path.Join("safetynet", lang+".txt")
		b, err := safetyFiles.ReadFile(name)
		if err != nil {
			panic("commands: " + err.Error())
		}
		ps, err := parsePhrases(string(b))
		if err != nil {
			panic("commands: " + name + ": " + err.Error())
		}
		out[lang] = ps
	}
	// Every list also knows every other list's negations, so that the
	// Dutch list, which knows "suïcidaal" (read "suicidal"), hears the
	// English "I'm not suicidal" as negated.
	for _, lang := range SafetyLanguages {
		ps := out[lang]
		for _, other := range SafetyLanguages {
			o := out[other]
			for w := range o.ownNeg {
				ps.negators[w] = true
			}
			for w := range o.ownBridges {
				ps.bridges[w] = true
			}
			for pair := range o.ownNotNeg {
				ps.notNeg[pair] = true
			}
		}
	}
	// Every list also sets aside every other list's idioms, because every
	// list is tried on every text: "prévention du suicide" is an idiom for
	// the English list too, which knows the word "suicide".
	for _, lang := range SafetyLanguages {
		ps := out[lang]
		for _, other := range SafetyLanguages {
			if other == lang {
				continue
			}
			for _, idioms := range out[other].ownIdioms {
				for _, idiom := range idioms {
					words := ps.words(idiom)
					for i, w := range words {
						switch w {
						case "qxmanyq":
							words[i] = manyCount
						case "qxgapq":
							words[i] = gap
						case "qxnumq":
							words[i] = anyNumber
						case "qxendq":
							words[i] = clauseEnd
						}
					}
					if len(words) > 0 {
						ps.idioms[words[0]] = append(ps.idioms[words[0]], words)
					}
				}
			}
		}
	}
	// Every list holds every other list's idioms, mostly in the same
	// words: they share one copy of each phrase, sized to fit.
	shared := phraseTable{words: map[string]string{}, phrases: map[string][]string{}}
	for _, ps := range out {
		for first, lps := range ps.levels {
			for i := range lps {
				lps[i].words = shared.phrase(lps[i].words)
			}
			ps.levels[first] = slices.Clip(lps)
		}
		for _, ids := range ps.idioms {
			for i := range ids {
				ids[i] = shared.phrase(ids[i])
			}
		}
		ps.buildIndex()
		// Only the index is read from here on.
		ps.idioms, ps.ownIdioms = nil, nil
	}
	shareIdiomIndexes(out)
	return out
}

// shareIdiomIndexes makes the lists share the parts of their idiom
// indexes that are the same: since every list holds every other list's
// idioms, most of each index is the same as the others', and eight copies
// were more than half the lists' memory. The indexes are only read once
// loaded, so sharing them is safe.
func shareIdiomIndexes(lists map[string]*phraseSet) {
	phrasesSeen := map[string][][]string{}
	secondsSeen := map[string]map[string][][]string{}
	var sig strings.Builder
	phrasesSig := func(ps [][]string) string {
		sig.Reset()
		for _, p := range ps {
			sig.WriteString(strings.Join(p, "\x00"))
			sig.WriteByte('\x01')
		}
		return sig.String()
	}
	for _, lang := range SafetyLanguages {
		ps := lists[lang]
		for first, bySecond := range ps.idioms2 {
			seconds := make([]string, 0, len(bySecond))
			for second, phrases := range bySecond {
				k := phrasesSig(phrases)
				if shared, ok := phrasesSeen[k]; ok {
					bySecond[second] = shared
				} else {
					phrasesSeen[k] = phrases
				}
				seconds = append(seconds, second)
			}
			slices.Sort(seconds)
			var whole strings.Builder
			whole.WriteString(first)
			for _, second := range seconds {
				whole.WriteString("\x02" + second + "\x03" + phrasesSig(bySecond[second]))
			}
			if shared, ok := secondsSeen[whole.String()]; ok {
				ps.idioms2[first] = shared
			} else {
				secondsSeen[whole.String()] = bySecond
			}
		}
	}
}

// phraseTable shares words and phrases between the lists while they load.
type phraseTable struct {
	words   map[string]string
	phrases map[string][]string
}

// phrase returns the shared copy of p: the same words, in a slice of its
// own length, whose strings are shared with every other phrase. Phrases
// are never written once loaded.
func (t *phraseTable) phrase(p []string) []string {
	key := strings.Join(p, "\x00")
	if q, ok := t.phrases[key]; ok {
		return q
	}
	q := make([]string, len(p))
	for i, w := range p {
		s, ok := t.words[w]
		if !ok {
			s = strings.Clone(w)
			t.words[s] = s
		}
		q[i] = s
	}
	t.phrases[key] = q
	return q
}

// key2 is a phrase's index key: its first two words.
func key2(p []string) [2]string {
	if len(p) == 1 {
		return [2]string{p[0], ""}
	}
	return [2]string{p[0], p[1]}
}

func (ps *phraseSet) buildIndex() {
	ps.levels2, ps.idioms2 = map[string]map[string][]levelPhrase{}, map[string]map[string][][]string{}
	for _, lps := range ps.levels {
		for _, lp := range lps {
			k := key2(lp.words)
			if ps.levels2[k[0]] == nil {
				ps.levels2[k[0]] = map[string][]levelPhrase{}
			}
			ps.levels2[k[0]][k[1]] = append(ps.levels2[k[0]][k[1]], lp)
		}
	}
	for _, ids := range ps.idioms {
		for _, id := range ids {
			k := key2(id)
			if ps.idioms2[k[0]] == nil {
				ps.idioms2[k[0]] = map[string][][]string{}
			}
			ps.idioms2[k[0]][k[1]] = append(ps.idioms2[k[0]][k[1]], id)
		}
	}
}

// seconds are the index keys' second words that word i+1 may stand for.
func seconds(words []string, i int) [6]string {
	k := [6]string{"", "\x00", "\x00", "\x00", gap, "\x00"}
	if i+1 >= len(words) {
		k[1] = clauseEnd
		return k
	}
	next := words[i+1]
	k[1] = next
	if next == hardBreak || next == softBreak {
		k[2] = clauseEnd
	}
	if isNumber(next) {
		k[3] = anyNumber
		k[5] = manyCount
	}
	return k
}

// SafetyLanguage is the phrase-list language for a Discord locale such as
// "es-ES" or "pt-BR", or "" when Kindred has no list for it.
func SafetyLanguage(locale string) string {
	l := strings.ToLower(locale)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if _, ok := safetyLists[l]; ok {
		return l
	}
	return ""
}

// AssessRisk looks for crisis language in text. The list for the member's
// locale is tried first, then every other list, because people often write
// in a language other than their client's; the highest level wins, and on
// a tie the earlier list.
func AssessRisk(text, locale string) Risk {
	base := baseTokens(text)
	if len(base) == 0 {
		return Risk{} // nothing written: most check-ins
	}
	apostrophe := hasApostrophe(base)
	first := SafetyLanguage(locale)
	best := Risk{}
	try := func(lang string) bool {
		ps := safetyLists[lang]
		level, phrase := ps.find(ps.wordsOf(base, apostrophe))
		if level > best.Level {
			best = Risk{Level: level, Lang: lang, Phrase: phrase}
		}
		return best.Level == RiskUrgent
	}
	if first != "" && try(first) {
		return best
	}
	if lang := textLanguage(base); lang != "" {
		// The text is plainly in one language: its list decides, so that
		// another list can't overrule its negations ("I'm not suicidal"
		// is not the Dutch "suïcidaal").
		if lang != first {
			try(lang)
		}
		return best
	}
	for _, lang := range SafetyLanguages {
		if lang != first && try(lang) {
			return best
		}
	}
	return best
}

// smallWords is how many of the list's small words a text token stands
// for. One-letter words ("a", "y", "i") are too common across languages
// to tell them apart.
func (ps *phraseSet) smallWords(w string) int {
	if len(w) < 2 {
		return 0
	}
	if strings.IndexByte(w, '\'') < 0 {
		return ps.function[w]
	}
	if ps.elision {
		n := 0
		for _, part := range strings.Split(w, "'") {
			n += ps.smallWords(part)
		}
		return n
	}
	return ps.function[string(squeeze([]rune(strings.ReplaceAll(w, "'", ""))))]
}

// textLanguage is the language a text is plainly written in, judged by
// the small words each list knows (negators, bridges, contrasts, dropped
// words) in the text as that list reads it ("im" is "i am" in English):
// the one list with at least two of them and two more than any other. It
// is "" for short or mixed texts, which every list then reads.
func textLanguage(base []string) string {
	best, bestN, second := "", 0, 0
	for _, lang := range SafetyLanguages {
		ps := safetyLists[lang]
		n := 0
		for _, w := range base {
			n += ps.smallWords(w)
		}
		switch {
		case n > bestN:
			best, bestN, second = lang, n, bestN
		case n > second:
			second = n
		}
	}
	if bestN < 2 || bestN-second < 2 {
		return ""
	}
	return best
}

// CrisisLanguage reports whether text contains crisis language of either
// level, in any language, and the normalised phrase that matched.
func CrisisLanguage(text string) (phrase string, found bool) {
	r := AssessRisk(text, "")
	return r.Phrase, r.Level != NoRisk
}

type rewrite struct{ from, to []string }

// phraseSet is one language's parsed list, indexed by first word.
type phraseSet struct {
	levels map[string][]levelPhrase
	idioms map[string][][]string // "<n>" indexes idioms that start with a number
	// levels2 and idioms2 index the same phrases by their first two words
	// (one-word phrases by [word, ""]), so a common first word such as
	// "i" costs one lookup, not a pass over every phrase it starts.
	levels2    map[string]map[string][]levelPhrase
	idioms2    map[string]map[string][][]string
	ownIdioms  map[string][][]string // the list's own idioms, before others' are added, as base tokens
	minimisers [][]string
	rewrites   map[string][]rewrite
	actions    map[string]wordAction // drop and rewrites, in one lookup
	drop       map[string]bool
	negators   map[string]bool
	bridges    map[string]bool
	clauseVerb map[string]bool
	notNeg     map[[2]string]bool // "can not", "no want": the negator does not negate
	contrasts  map[string]bool
	intens     [][]string
	starred    []string // first words, for words with a * in them
	// ownNeg, ownBridges and ownNotNeg are the list's own negation words,
	// before other lists' are added.
	ownNeg, ownBridges map[string]bool
	ownNotNeg          map[[2]string]bool
	// function are the list's small words, for telling which language a
	// text is in.
	function map[string]int
	// jokes are phrases often said as hyperbole ("kill me", "I want to
	// die"): with a laughter word in the same sentence they are let be.
	jokes    map[string]bool
	laughter map[string]bool
	// elision splits words at an apostrophe ("j'ai" = "j ai", as in
	// French and Italian) instead of joining them ("don't" = "dont").
	elision bool
}

type levelPhrase struct {
	level RiskLevel
	words []string
}

// words applies the list's own rewrites and dropped words to shared tokens.
func (ps *phraseSet) words(base []string) []string {
	return ps.wordsOf(base, hasApostrophe(base))
}

func hasApostrophe(base []string) bool {
	for _, w := range base {
		if strings.IndexByte(w, '\'') >= 0 {
			return true
		}
	}
	return false
}

// wordsOf is words, told whether any token holds an apostrophe.
func (ps *phraseSet) wordsOf(base []string, apostrophe bool) []string {
	if apostrophe {
		split := make([]string, 0, len(base)+8)
		for _, w := range base {
			switch {
			case strings.IndexByte(w, '\'') < 0:
				split = append(split, w)
			case ps.elision:
				split = append(split, strings.Split(w, "'")...)
			default:
				split = append(split, string(squeeze([]rune(strings.ReplaceAll(w, "'", "")))))
			}
		}
		base = split
	}
	out := make([]string, 0, len(base)+8)
	for i := 0; i < len(base); i++ {
		w := base[i]
		act, ok := ps.actions[w]
		if !ok {
			out = append(out, w)
			continue
		}
		if act.drop {
			continue
		}
		done := false
		for _, rw := range act.rewrites {
			if i+len(rw.from) <= len(base) && equalWords(base[i:i+len(rw.from)], rw.from) {
				out = append(out, rw.to...)
				i += len(rw.from) - 1
				done = true
				break
			}
		}
		if !done {
			out = append(out, w)
		}
	}
	return out
}

// wordAction is what a list does with a word: drop it, or try rewrites
// that start with it.
type wordAction struct {
	drop     bool
	rewrites []rewrite
}

// buildActions merges drops and rewrites into one lookup per word.
func (ps *phraseSet) buildActions() {
	ps.actions = map[string]wordAction{}
	for w := range ps.drop {
		ps.actions[w] = wordAction{drop: true}
	}
	for w, rws := range ps.rewrites {
		if a, ok := ps.actions[w]; ok && a.drop {
			continue
		}
		ps.actions[w] = wordAction{rewrites: rws}
	}
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// wordMatches reports whether a text word stands for a phrase word: the
// same, any number for <n>, or the same with letters starred out ("s*icide").
func wordMatches(w, p string) bool {
	if w == p {
		return true
	}
	if p == anyNumber {
		return isNumber(w)
	}
	if p == manyCount {
		return isNumber(w) && len(strings.TrimLeft(w, "0")) >= 2
	}
	if len(w) != len(p) || strings.IndexByte(w, '*') < 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] != p[i] && w[i] != '*' {
			return false
		}
	}
	return true
}

// matchAt reports whether phrase matches words at i, none of them set aside.
func matchAt(words []string, i int, phrase []string) bool {
	_, ok := matchEnd(words, i, phrase)
	return ok
}

// matchEnd is matchAt, with where the match ends.
func matchEnd(words []string, i int, phrase []string) (int, bool) {
	for k, p := range phrase {
		switch p {
		case clauseEnd:
			if i+k == len(words) || words[i+k] == hardBreak || words[i+k] == softBreak {
				continue
			}
			return 0, false
		case gap:
			// Up to three words or pauses, not across the end of a sentence.
			for skip := 0; skip <= 3; skip++ {
				if skip > 0 && (i+k+skip-1 >= len(words) || words[i+k+skip-1] == hardBreak || words[i+k+skip-1] == setAside) {
					break
				}
				if end, ok := matchEnd(words, i+k+skip, phrase[k+1:]); ok {
					return end, true
				}
			}
			return 0, false
		}
		if i+k >= len(words) || !wordMatches(words[i+k], p) {
			return 0, false
		}
	}
	return i + len(phrase), true
}

// candidates are the phrases that may start at word w.
func (ps *phraseSet) candidates(w string) []levelPhrase {
	var out []levelPhrase
	for _, first := range ps.starred {
		if wordMatches(w, first) {
			out = append(out, ps.levels[first]...)
		}
	}
	return out
}

func (ps *phraseSet) find(words []string) (RiskLevel, string) {
	// Set idioms aside first, so their words can't be part of a phrase.
	aside := false
	for i, w := range words {
		firsts := [2]map[string][][]string{ps.idioms2[w], nil}
		if isNumber(w) {
			firsts[1] = ps.idioms2[anyNumber]
		}
		if firsts[0] == nil && firsts[1] == nil {
			continue
		}
		sec := seconds(words, i)
		for _, f := range firsts {
			if f == nil {
				continue
			}
			for _, s2 := range sec {
				for _, p := range f[s2] {
					end, ok := matchEnd(words, i, p)
					if !ok {
						continue
					}
					if !aside {
						words = append([]string(nil), words...)
						aside = true
					}
					for k := i; k < end && k < len(words); k++ {
						words[k] = setAside
					}
				}
			}
		}
	}
	best, phrase := NoRisk, ""
	for i, w := range words {
		var cands [6][]levelPhrase
		if strings.IndexByte(w, '*') >= 0 {
			cands[0] = ps.candidates(w)
		} else {
			by := ps.levels2[w]
			if by == nil {
				continue
			}
			for j, s2 := range seconds(words, i) {
				cands[j] = by[s2]
			}
		}
		for _, c := range cands {
			for _, p := range c {
				if p.level <= best {
					continue
				}
				end, ok := matchEnd(words, i, p.words)
				if !ok {
					continue
				}
				if ps.negated(words, i) && !ps.contrasted(words, end) && !ps.intensified(words, end) {
					continue
				}
				if ps.joking(words, i, p.words) {
					continue
				}
				best, phrase = p.level, strings.Join(p.words, " ")
			}
		}
		if best == RiskUrgent {
			break
		}
	}
	if best == RiskUrgent && ps.minimised(words) {
		best = RiskConcern
	}
	return best, phrase
}

// joking reports whether the phrase at i is one often said as hyperbole,
// with a laughter word ("lol", "😂") in its sentence.
func (ps *phraseSet) joking(words []string, i int, phrase []string) bool {
	if len(ps.laughter) == 0 || !ps.jokes[strings.Join(phrase, " ")] {
		return false
	}
	for k := i - 1; k >= 0 && words[k] != hardBreak; k-- {
		if ps.laughter[words[k]] {
			return true
		}
	}
	for k := i + len(phrase); k < len(words) && words[k] != hardBreak; k++ {
		if ps.laughter[words[k]] {
			return true
		}
	}
	return false
}

// minimised reports whether the text takes back an urgent phrase ("I
// thought about it but I wouldn't"): a concern, not an emergency.
func (ps *phraseSet) minimised(words []string) bool {
	for i := range words {
		for _, m := range ps.minimisers {
			if matchAt(words, i, m) {
				return true
			}
		}
	}
	return false
}

// negated reports whether the phrase starting at i is plainly negated: a
// negator a few bridging words before it, in the same clause and after
// its subject.
func (ps *phraseSet) negated(words []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		w := words[k]
		if ps.negators[w] {
			return ps.negates(words, k)
		}
		if ps.clauseVerb[w] && k+1 < len(words) && ps.bridges[words[k+1]] {
			continue
		}
		if !ps.bridges[w] {
			return false
		}
	}
	return false
}

// negates reports whether the negator at k really negates what follows:
// not in "can not" (a reason to reach out), nor "no" as an interjection.
func (ps *phraseSet) negates(words []string, k int) bool {
	if k > 0 && ps.notNeg[[2]string{words[k-1], words[k]}] {
		return false
	}
	if k+1 < len(words) && ps.notNeg[[2]string{words[k], words[k+1]}] {
		return false
	}
	return true
}

// intensified reports whether a comparison such as "more than" or "like
// this" follows soon after end, in the same clause.
func (ps *phraseSet) intensified(words []string, end int) bool {
	for k := end; k < len(words) && k < end+6; k++ {
		if words[k] == hardBreak || words[k] == softBreak {
			return false
		}
		for _, in := range ps.intens {
			if matchAt(words, k, in) {
				return true
			}
		}
	}
	return false
}

// contrasted reports whether a "but" or the like follows soon after end,
// in the same sentence.
func (ps *phraseSet) contrasted(words []string, end int) bool {
	for k := end; k < len(words) && k < end+6; k++ {
		if words[k] == hardBreak {
			return false
		}
		if ps.contrasts[words[k]] {
			return true
		}
	}
	return false
}
