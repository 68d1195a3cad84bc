package web

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// TestProblemTextSpeaksTheModeratorsLanguage: a store's data.Problem is
// written from its catalogue message in the page's language, an older
// store error keeps its sentence, the website's own form errors are
// translated, and other errors are not a moderator's to fix.
func TestProblemTextSpeaksTheModeratorsLanguage(t *testing.T) {
	es := i18n.For("es")
	prob := &data.Problem{Kind: data.ErrInvalid, ID: "checkin_note_too_long", Args: []any{"Max", 500, "Length", 612}}
	_, badSchedule := scheduler.Parse("todos los martes")
	if badSchedule == nil || !strings.Contains(scheduler.ProblemIn(badSchedule, es), "martes") {
		t.Fatalf("the schedule's problem in Spanish: %v", scheduler.ProblemIn(badSchedule, es))
	}
	_, several := data.NormalizeResource(data.Resource{Category: "nope", Description: "Help."})
	tests := []struct {
		name string
		err  error
		want string
		ok   bool
	}{
		{"data.Problem", fmt.Errorf("save: %w", prob), capitalized(es.T("problem.checkin_note_too_long", prob.Args...)), true},
		{"older sentence", fmt.Errorf("%w: that name is taken", data.ErrConflict), "That name is taken", true},
		{"form error", formError("web.meetings.minutes_invalid"), "La duración necesita un número entero de minutos, como 60.", true},
		{"schedule", scheduleProblem(badSchedule), "Ese horario no funcionó: " + scheduler.ProblemIn(badSchedule, es), true},
		{"several", several, "Un recurso necesita un nombre; no conozco la categoría «nope»; elige una de estas: hotline, local-service, support-group, reading, app, online-community, other", true},
		{"internal", errors.New("disk full"), "", false},
	}
	for _, tt := range tests {
		got, ok := problemText(es, tt.err)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("%s: problemText = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	if !errors.Is(formError("web.meetings.minutes_invalid"), data.ErrInvalid) {
		t.Error("a form error is not ErrInvalid")
	}
}

func capitalized(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// TestBrowserLanguage reads Accept-Language by preference and keeps the
// first language Kindred speaks.
func TestBrowserLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"es-ES,es;q=0.9":            "es",
		"ja,de;q=0.5,fr;q=0.8":      "fr",
		"pt-PT":                     "pt-BR",
		"en-GB,en;q=0.9":            "en",
		"ja-JP":                     "",
		"":                          "",
		"*":                         "",
		"nl;q=0.1, pl;q=0.2, x;q=1": "pl",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", header)
		if got := browserLang(r); got != want {
			t.Errorf("browserLang(%q) = %q, want %q", header, got, want)
		}
	}
}
