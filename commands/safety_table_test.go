package commands_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/commands"
)

// labelledLine is one line of a language's labelled table in
// testdata/safety: what a member might write, and what it is.
type labelledLine struct {
	want commands.RiskLevel
	text string
	line int
}

func readTable(t *testing.T, lang string) []labelledLine {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "safety", lang+".tsv"))
	if err != nil {
		t.Fatalf("open the %s table: %v", lang, err)
	}
	defer f.Close()
	var out []labelledLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s.tsv:%d: no tab", lang, n)
		}
		levels := map[string]commands.RiskLevel{"urgent": commands.RiskUrgent, "concern": commands.RiskConcern, "none": commands.NoRisk}
		want, ok := levels[label]
		if !ok {
			t.Fatalf("%s.tsv:%d: unknown label %q", lang, n, label)
		}
		out = append(out, labelledLine{want: want, text: text, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the %s table: %v", lang, err)
	}
	return out
}

// Minimum size of each table, and the recall each must reach.
var tableGoals = map[string]struct {
	lines  int
	recall float64
}{
	"en": {400, 0.90}, "es": {50, 0.80}, "fr": {50, 0.80}, "de": {50, 0.80},
	"pt": {50, 0.80}, "it": {50, 0.80}, "nl": {50, 0.80}, "pl": {50, 0.80},
}

// TestSafetyTables measures the matcher on the labelled tables: for each
// language and level, how many risk lines it catches (at either level) and
// how many it puts at the right level, and how many benign lines it flags.
// It fails below the recall goal or on any false positive. Each line is
// matched with the language's own locale and with none, because a DM
// carries no locale.
func TestSafetyTables(t *testing.T) {
	for _, lang := range commands.SafetyLanguages {
		t.Run(lang, func(t *testing.T) {
			lines := readTable(t, lang)
			goal := tableGoals[lang]
			if len(lines) < goal.lines {
				t.Errorf("the %s table has %d lines, want at least %d", lang, len(lines), goal.lines)
			}
			type tally struct{ n, caught, exact int }
			counts := map[commands.RiskLevel]*tally{commands.RiskUrgent: {}, commands.RiskConcern: {}, commands.NoRisk: {}}
			for _, l := range lines {
				for _, locale := range []string{lang, ""} {
					got := commands.AssessRisk(l.text, locale)
					c := counts[l.want]
					c.n++
					if (got.Level != commands.NoRisk) == (l.want != commands.NoRisk) {
						c.caught++
					} else if l.want == commands.NoRisk {
						t.Errorf("%s.tsv:%d: flagged %q as %s (phrase %q, list %s, locale %q)", lang, l.line, l.text, got.Level, got.Phrase, got.Lang, locale)
					} else if testing.Verbose() {
						t.Logf("%s.tsv:%d: missed %s %q (locale %q; normalised %q)", lang, l.line, l.want, l.text, locale, commands.NormalizeSafetyTextIn(lang, l.text))
					}
					if got.Level == l.want {
						c.exact++
					}
				}
			}
			for _, level := range []commands.RiskLevel{commands.RiskUrgent, commands.RiskConcern} {
				c := counts[level]
				if c.n == 0 {
					t.Errorf("the %s table has no %s lines", lang, level)
					continue
				}
				recall := float64(c.caught) / float64(c.n)
				fmt.Printf("safety %s %-7s recall %5.1f%% (%d/%d), right level %5.1f%%\n", lang, level, 100*recall, c.caught, c.n, 100*float64(c.exact)/float64(c.n))
				if recall < goal.recall {
					t.Errorf("%s %s recall %.1f%%, want at least %.0f%%", lang, level, 100*recall, 100*goal.recall)
				}
			}
			none := counts[commands.NoRisk]
			fmt.Printf("safety %s benign  false positives %5.1f%% (%d/%d)\n", lang, 100*float64(none.n-none.caught)/float64(max(none.n, 1)), none.n-none.caught, none.n)
		})
	}
}

// BenchmarkAssessRisk matches a 4,000-character note, with no crisis
// language so that every list reads all of it (the slowest case). The goal
// is under 1 ms.
func BenchmarkAssessRisk(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 4000 {
		sb.WriteString("Today was long, I'm sooo tired but the walk helped and my friend called, we laughed a lot. ")
	}
	note := sb.String()[:4000]
	b.ReportAllocs()
	for b.Loop() {
		if r := commands.AssessRisk(note, "en-US"); r.Level != commands.NoRisk {
			b.Fatalf("matched %q", r.Phrase)
		}
	}
}
