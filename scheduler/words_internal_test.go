package scheduler

import "testing"

// Two languages never give one word different meanings.
func TestVocabulariesDoNotClash(t *testing.T) {
	for _, c := range clashes {
		t.Error(c)
	}
	if len(vocabs) != 7 {
		t.Errorf("%d vocabularies, want one for each of the 7 languages besides English", len(vocabs))
	}
}

func TestTranslate(t *testing.T) {
	for _, in := range []string{"todos los martes a las 19:00", "tous les mardis à 19h", "jeden 2. und 4. Donnerstag im Monat um 18 Uhr", "na segunda e quarta quinta-feira do mês às 18h"} {
		out, _, _ := translate(in)
		t.Logf("%q -> %q", in, out)
	}
}
