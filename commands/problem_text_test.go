package commands

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// TestProblemIn: a resource's several problems are said together in
// the reader's language; a store error without a message keeps its
// English sentence, and any other error is not a problem to show.
func TestProblemIn(t *testing.T) {
	_, several := data.NormalizeResource(data.Resource{Category: "nope", Description: "Help."})
	tests := []struct {
		name string
		err  error
		lang string
		want string
		ok   bool
	}{
		{"several in Spanish", fmt.Errorf("add resource: %w", several), "es",
			"Un recurso necesita un nombre; no conozco la categoría «nope»; elige una de estas: hotline, local-service, support-group, reading, app, online-community, other", true},
		{"several in English", several, "en",
			"A resource needs a name; the category \"nope\" isn't one I know; choose one of: hotline, local-service, support-group, reading, app, online-community, other", true},
		{"plain kind sentence", fmt.Errorf("%w: something English", data.ErrConflict), "de", "Something English", true},
		{"not a problem", errors.New("disk full"), "de", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ProblemIn(i18n.For(tt.lang), tt.err)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v\nwant %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
