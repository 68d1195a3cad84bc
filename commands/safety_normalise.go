package commands

// The normaliser: how any text, in any language, becomes the words the
// phrase lists are matched against.

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tokens that the normaliser puts between words.
const (
	hardBreak = "." // end of a sentence: . ! ? ; or a blank line
	softBreak = "," // a pause: , or :
	setAside  = "_" // a word that belonged to an idiom
)

// Placeholders a phrase may hold: any number, and the end of a clause.
const (
	anyNumber = "<n>"
	manyCount = "<many>" // a number of ten or more
	clauseEnd = "$"
	gap       = "~" // up to three words of the same sentence
)

// apostrophes are dropped inside words: don't, don’t and dont are one word.
var apostrophes = map[rune]bool{'\'': true, '’': true, '‘': true, 'ʼ': true, '`': true, '´': true, '′': true, 'ʹ': true}

// foldLetters are letters that lose no accent in NFKD but are typed
// without it all the same.
var foldLetters = map[rune]string{'ł': "l", 'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ı': "i", 'ſ': "s"}

// leet maps digits and symbols written for letters ("su1c1de", "k!ll",
// "$elf h@rm") to the letters, inside a word that has letters.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i', '|': 'l'}

// unitSuffixes follow a number without making it leetspeak: "5am", "3rd",
// "30mg" stay as they are.
var unitSuffixes = map[string]bool{
	"st": true, "nd": true, "rd": true, "th": true, "am": true, "pm": true, "mg": true, "ml": true, "g": true,
	"kg": true, "km": true, "kms": true, "h": true, "hr": true, "hrs": true, "min": true, "mins": true, "x": true,
	"k": true, "m": true, "s": true, "d": true, "lb": true, "lbs": true, "yo": true, "yr": true, "yrs": true,
	"er": true, "e": true, "eme": true, "ème": true, "o": true, "a": true, "ste": true, "te": true, "de": true, "ten": true,
}

// wordEmoji are the pictographs kept as words of their own, because in
// chat they stand for words ("🪢", "💊💊💊", "I'm dead 💀"). Other emoji
// are dropped, so "I want to 😞 die" reads as "I want to die".
var wordEmoji = map[rune]bool{'🪢': true, '⚰': true, '🪦': true, '🔫': true, '🔪': true, '💊': true, '🩸': true, '☠': true, '💀': true, '😂': true, '🤣': true}

// baseTokens turns text into lowercase words and break tokens, with the
// normalisation every language shares: accents dropped, elongated letters
// squeezed ("sooo" = "so", "kill" = "kil"), leetspeak read, letters spelt
// out with separators joined ("s-u-i-c-i-d-e"), apostrophes dropped,
// emoji kept as words.
func baseTokens(text string) []string {
	if !isASCII(text) { // ASCII needs no Unicode normalisation
		text = norm.NFKD.String(strings.ToLower(norm.NFKC.String(text)))
	} else {
		text = strings.ToLower(text)
	}
	runes := joinSpelled([]rune(text))
	var (
		out     []string
		word    []rune
		hasLet  bool
		hasLeet bool
	)
	flush := func() {
		if len(word) == 0 {
			return
		}
		w := word
		if hasLeet && hasLet && !isNumberWithUnit(w) {
			for i, r := range w {
				if l, ok := leet[r]; ok {
					w[i] = l
				}
			}
		} else if hasLeet {
			// a number, or a number with its unit: symbols go, digits stay
			k := 0
			for _, r := range w {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					w[k] = r
					k++
				}
			}
			w = w[:k]
		}
		w = squeeze(w)
		if len(w) > 0 {
			out = append(out, string(w))
		}
		word, hasLet, hasLeet = word[:0], false, false
	}
	brk := func(tok string) {
		flush()
		switch {
		case len(out) == 0:
		case out[len(out)-1] == hardBreak:
		case out[len(out)-1] == softBreak:
			if tok == hardBreak {
				out[len(out)-1] = hardBreak
			}
		default:
			out = append(out, tok)
		}
	}
	letterAt := func(i int) bool {
		return i >= 0 && i < len(runes) && (unicode.IsLetter(runes[i]) || unicode.IsDigit(runes[i]))
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if f, ok := foldLetters[r]; ok {
			word = append(word, []rune(f)...)
			hasLet = true
			continue
		}
		switch {
		case unicode.IsLetter(r):
			word = append(word, r)
			hasLet = true
		case unicode.IsDigit(r):
			word = append(word, r)
			if _, ok := leet[r]; ok {
				hasLeet = true
			}
		case (r == '@' || r == '$') && (letterAt(i-1) || letterAt(i+1)),
			(r == '!' || r == '|') && letterAt(i-1) && letterAt(i+1) && len(word) > 0:
			word = append(word, r)
			hasLeet = true
		case r == '*' && len(word) > 0 && letterAt(i+1):
			word = append(word, r)
		case apostrophes[r] && len(word) > 0 && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			// Kept for now: English joins "don't" into "dont", French
			// splits "j'ai" into "j ai" (see phraseSet.words).
			word = append(word, '\'')
		case apostrophes[r] || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || (r >= 0x1F3FB && r <= 0x1F3FF):
			// inside a word: don't, accents, zero-width joiners, skin tones
		case wordEmoji[r]:
			flush()
			tok := string(r)
			if len(out) == 0 || out[len(out)-1] != tok {
				out = append(out, tok)
			}
		case r == '.':
			n := 1
			for i+n < len(runes) && runes[i+n] == '.' {
				n++
			}
			i += n - 1
			if n == 1 {
				brk(hardBreak)
			} else {
				flush() // an ellipsis is a pause for breath, not an end
			}
		case r == '\n':
			// A line break alone may wrap a sentence; a blank line ends one.
			j := i + 1
			for j < len(runes) && (runes[j] == ' ' || runes[j] == '\t' || runes[j] == '\r') {
				j++
			}
			if j < len(runes) && runes[j] == '\n' {
				i = j
				brk(hardBreak)
			} else {
				flush()
			}
		case r == '!' || r == '?' || r == ';' || r == '¿' || r == '¡':
			brk(hardBreak)
		case r == ',' || r == ':':
			brk(softBreak)
		default:
			flush()
		}
	}
	flush()
	for len(out) > 0 && (out[len(out)-1] == hardBreak || out[len(out)-1] == softBreak) {
		out = out[:len(out)-1]
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// squeeze collapses every run of one letter to a single letter, so that
// "sooo", "sleeeep" and "killl" read as "so", "slep" and "kil". Phrases
// pass through it too, so "kill" and "kil" are one word.
func squeeze(w []rune) []rune {
	k := 0
	for i, r := range w {
		if i > 0 && r == w[k-1] && unicode.IsLetter(r) {
			continue
		}
		w[k] = r
		k++
	}
	return w[:k]
}

// isNumberWithUnit reports whether w is digits then a unit, like "5am".
func isNumberWithUnit(w []rune) bool {
	i := 0
	for i < len(w) && unicode.IsDigit(w[i]) {
		i++
	}
	return i > 0 && unitSuffixes[string(w[i:])]
}

// joinSpelled joins letters spelt out with a separator, "s-u-i-c-i-d-e",
// "k.m.s" or "s u i c i d e", into one word: three or more single letters
// with the same separator (four with spaces, so "i a m" stays apart).
func joinSpelled(runes []rune) []rune {
	isL := func(i int) bool { return i >= 0 && i < len(runes) && unicode.IsLetter(runes[i]) }
	single := func(i int) bool {
		return isL(i) && !isL(i-1) && !(i+1 < len(runes) && unicode.Is(unicode.Mn, runes[i+1]) && isL(i+2)) && !isL(i+1)
	}
	var out []rune
	for i := 0; i < len(runes); i++ {
		if !single(i) || i+2 >= len(runes) {
			out = append(out, runes[i])
			continue
		}
		sep := runes[i+1]
		if !strings.ContainsRune("-._* ", sep) {
			out = append(out, runes[i])
			continue
		}
		j, n := i, 1
		for j+2 < len(runes) && runes[j+1] == sep && single(j+2) {
			j += 2
			n++
		}
		min := 3
		if sep == ' ' {
			min = 4
		}
		if n < min {
			out = append(out, runes[i])
			continue
		}
		for k := i; k <= j; k += 2 {
			out = append(out, runes[k])
		}
		i = j
	}
	return out
}

// rewrite is one entry of a list's [rewrite] section.
