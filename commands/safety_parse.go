package commands

// Reading the phrase lists (commands/safetynet/*.txt; syntax in its
// README).

import (
	"fmt"
	"sort"
	"strings"
)

// sections of a phrase list, and whether each holds phrases (one a line,
// with braces) or words (any number a line).
var listSections = map[string]bool{
	"[urgent]": true, "[concern]": true, "[idioms]": true, "[minimisers]": true, "[intensifiers]": true,
	"[rewrite]": false, "[drop]": false, "[negators]": false, "[bridges]": false, "[clause-verbs]": false,
	"[not-negating]": true, "[contrasts]": false, "[options]": false,
	"[jokes]": true, "[laughter]": false,
}

func parsePhrases(text string) (*phraseSet, error) {
	ps := &phraseSet{
		levels: map[string][]levelPhrase{}, idioms: map[string][][]string{}, ownIdioms: map[string][][]string{}, rewrites: map[string][]rewrite{},
		drop: map[string]bool{}, negators: map[string]bool{}, bridges: map[string]bool{}, clauseVerb: map[string]bool{},
		notNeg: map[[2]string]bool{}, contrasts: map[string]bool{}, jokes: map[string]bool{}, laughter: map[string]bool{},
	}
	// Word lists and rewrites first, so phrases are normalised with them.
	for pass := 0; pass < 2; pass++ {
		if err := ps.parsePass(text, pass == 1); err != nil {
			return nil, err
		}
		ps.buildActions()
	}
	if len(ps.levels) == 0 {
		return nil, fmt.Errorf("no [urgent] or [concern] phrases")
	}
	for w := range ps.levels {
		ps.starred = append(ps.starred, w)
	}
	ps.ownNeg, ps.ownBridges, ps.ownNotNeg = copySet(ps.negators), copySet(ps.bridges), map[[2]string]bool{}
	for pair := range ps.notNeg {
		ps.ownNotNeg[pair] = true
	}
	// function counts, for each word of a text before the list's
	// rewrites, how many of the list's small words it stands for.
	small := map[string]bool{}
	for _, set := range []map[string]bool{ps.negators, ps.bridges, ps.contrasts, ps.drop, ps.clauseVerb} {
		for w := range set {
			small[w] = true
		}
	}
	ps.function = map[string]int{}
	for w := range small {
		ps.function[w] = 1
	}
	for w, rws := range ps.rewrites {
		n := 0
		for _, t := range rws[0].to {
			if small[t] {
				n++
			}
		}
		if len(rws[0].from) == 1 {
			ps.function[w] = n
		}
	}
	sort.Strings(ps.starred)
	return ps, nil
}

// parsePass reads the word sections of a list, or its phrase sections.
func (ps *phraseSet) parsePass(text string, phrases bool) error {
	section := ""
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if _, ok := listSections[line]; !ok {
				return fmt.Errorf("line %d: unknown section %s", n+1, line)
			}
			section = line
			continue
		}
		if section == "" {
			return fmt.Errorf("line %d: a phrase before any [section]", n+1)
		}
		if listSections[section] != phrases {
			continue
		}
		if section == "[rewrite]" {
			from, to, ok := strings.Cut(line, "=")
			if !ok {
				return fmt.Errorf("line %d: a rewrite needs from = to", n+1)
			}
			f, t := baseTokens(from), baseTokens(to)
			if len(f) == 0 || len(f) > 3 {
				return fmt.Errorf("line %d: rewrite %q needs one to three words", n+1, from)
			}
			ps.rewrites[f[0]] = append(ps.rewrites[f[0]], rewrite{from: f, to: t})
			continue
		}
		if !listSections[section] {
			if section == "[options]" {
				for _, o := range strings.Fields(line) {
					if o != "elision" {
						return fmt.Errorf("line %d: unknown option %q", n+1, o)
					}
					ps.elision = true
				}
				continue
			}
			set := map[string]map[string]bool{"[drop]": ps.drop, "[laughter]": ps.laughter, "[negators]": ps.negators, "[bridges]": ps.bridges,
				"[clause-verbs]": ps.clauseVerb, "[contrasts]": ps.contrasts}[section]
			for _, w := range baseTokens(line) {
				if w == hardBreak || w == softBreak {
					return fmt.Errorf("line %d: punctuation in a word list", n+1)
				}
				set[w] = true
			}
			continue
		}
		alts, err := expandBraces(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
		for _, alt := range alts {
			words, err := ps.phraseWords(alt)
			if err != nil {
				return fmt.Errorf("line %d: %w", n+1, err)
			}
			switch section {
			case "[urgent]":
				ps.levels[words[0]] = append(ps.levels[words[0]], levelPhrase{RiskUrgent, words})
			case "[concern]":
				ps.levels[words[0]] = append(ps.levels[words[0]], levelPhrase{RiskConcern, words})
			case "[idioms]":
				ps.idioms[words[0]] = append(ps.idioms[words[0]], words)
				ps.ownIdioms[words[0]] = append(ps.ownIdioms[words[0]], baseTokensOf(alt))
			case "[minimisers]":
				ps.minimisers = append(ps.minimisers, words)
			case "[intensifiers]":
				ps.intens = append(ps.intens, words)
			case "[jokes]":
				ps.jokes[strings.Join(words, " ")] = true
			case "[not-negating]":
				if len(words) != 2 {
					return fmt.Errorf("line %d: %q: a not-negating pair is two words", n+1, alt)
				}
				ps.notNeg[[2]string{words[0], words[1]}] = true
			}
		}
	}
	return nil
}

func copySet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// baseTokensOf is a phrase's shared tokens, with its placeholders.
func baseTokensOf(alt string) []string {
	alt = strings.ReplaceAll(alt, manyCount, " qxmanyq ")
	alt = strings.ReplaceAll(alt, gap, " qxgapq ")
	alt = strings.ReplaceAll(alt, anyNumber, " qxnumq ")
	alt = strings.ReplaceAll(alt, " "+clauseEnd, " qxendq ")
	return baseTokens(alt)
}

// phraseWords normalises one phrase of a list the way texts are.
func (ps *phraseSet) phraseWords(alt string) ([]string, error) {
	words := ps.words(baseTokensOf(alt))
	if len(words) == 0 {
		return nil, fmt.Errorf("%q has no words", alt)
	}
	for i, w := range words {
		switch w {
		case hardBreak, softBreak:
			return nil, fmt.Errorf("%q has punctuation", alt)
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
	return words, nil
}

// expandBraces expands "{a|b} c {d|e}" into every combination.
func expandBraces(s string) ([]string, error) {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if strings.ContainsAny(s, "|}") {
			return nil, fmt.Errorf("%q has a stray | or }", s)
		}
		return []string{s}, nil
	}
	end := strings.IndexByte(s[open:], '}')
	if end < 0 {
		return nil, fmt.Errorf("%q has an unclosed {", s)
	}
	end += open
	if strings.ContainsAny(s[:open], "|}") || strings.IndexByte(s[open+1:end], '{') >= 0 {
		return nil, fmt.Errorf("%q has misplaced braces", s)
	}
	rest, err := expandBraces(s[end+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(s[open+1:end], "|") {
		for _, r := range rest {
			out = append(out, s[:open]+alt+r)
		}
	}
	return out, nil
}
