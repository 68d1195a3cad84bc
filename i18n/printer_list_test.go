package i18n

import "testing"

func TestList(t *testing.T) {
	tests := []struct {
		lang  string
		items []string
		want  string
	}{
		{"en", nil, ""},
		{"en", []string{"calm"}, "calm"},
		{"en", []string{"calm", "tired"}, "calm and tired"},
		{"en", []string{"anxious", "tired", "hopeful"}, "anxious, tired and hopeful"},
		{"es", []string{"a", "b", "c"}, "a, b y c"},
		{"pl", []string{"a", "b"}, "a i b"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).List(tt.items); got != tt.want {
			t.Errorf("%s List(%q) = %q, want %q", tt.lang, tt.items, got, tt.want)
		}
	}
}
