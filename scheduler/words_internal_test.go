package scheduler

import "testing"

// Two languages never give one word different meanings (Spanish "mar" is
// Tuesday, and so it is in French and Italian).
func TestVocabulariesDoNotClash(t *testing.T) {
	for _, c := range clashes {
		t.Error(c)
	}
	if len(vocabs) != 7 {
		t.Errorf("%d vocabularies, want one for each of the 7 languages besides English", len(vocabs))
	}
}

// Words that mean different things in different languages are told
// apart by their neighbours.
func TestTranslateSharedWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mar 19:00", "tuesday 19:00"},
		{"do 19:00", "thursday 19:00"},                                  // de, nl Donnerstag/donderdag
		{"od poniedziałku do piątku o 8:30", "monday - friday at 8:30"}, // pl "do" is "to"
		{"alle 19:00", "at 19:00"},                                      // it "alle" before a time
		{"alle zwei wochen am dienstag um 19 uhr", "every other week tuesday at 19:00"},
		{"am 15. jedes monats", "on 15th every month"}, // de "am" before a word
		{"segunda, quarta e sexta", "monday , wednesday and friday"},
		{"na segunda e quarta quinta-feira do mês", "second and fourth thursday month"},
		{"a quarta domenica del mese", "fourth sunday of the month"},
		{"om de week op dinsdag om 19:00", "other week tuesday at 19:00"},
		{"jeden zweiten dienstag", "every other tuesday"},
		{"am zweiten dienstag im monat", "second tuesday month"},
	}
	for _, tt := range tests {
		if got, _, _ := translate(tt.in); got != tt.want {
			t.Errorf("translate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTranslateNoon(t *testing.T) {
	for in, want := range map[string]string{
		"todos los días a mediodía": "every days at noon",
		"täglich um Mitternacht":    "daily at midnight",
		"ogni giorno a mezzogiorno": "every day at noon",
	} {
		if got, _, _ := translate(in); got != want {
			t.Errorf("translate(%q) = %q, want %q", in, got, want)
		}
	}
}
