package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/kindred-bot/kindred/data"
)

// page is what every template gets.
type page struct {
	Title   string
	User    string // the signed-in moderator's name, on dashboard pages
	GuildID string
	Guild   string // the server's name
	Icon    string
	Section string // the dashboard section shown, for the navigation
	Notice  string // a line confirming what was just done
	Problem string // what was wrong with the form, kindly
	Data    any
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"when": func(t time.Time, loc *time.Location) string {
		return t.In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"join":    strings.Join,
	"lines":   func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"checked": func(b bool) template.HTMLAttr { return map[bool]template.HTMLAttr{true: "checked", false: ""}[b] },
	"selected": func(a, b string) template.HTMLAttr {
		if a == b {
			return "selected"
		}
		return ""
	},
	"categories": data.ResourceCategories,
	"markdown":   inlineMarkdown,
}

var (
	boldRE = regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
	codeRE = regexp.MustCompile("`([^`\n]+)`")
)

// inlineMarkdown shows the little Markdown Discord users write in
// guidelines (**bold**, `code`) as HTML; everything else is escaped text.
func inlineMarkdown(s string) template.HTML {
	e := template.HTMLEscapeString(s)
	e = boldRE.ReplaceAllString(e, "<strong>$1</strong>")
	e = codeRE.ReplaceAllString(e, "<code>$1</code>")
	return template.HTML(e)
}

// parsePages parses each page template with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page; a template error is logged and answered with 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("web: no such page", "page", name)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.User != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// problem answers with a kind error page.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "problem", &page{Title: http.StatusText(status), Problem: msg})
}

// serverError logs err and answers with a 500 page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("web: request failed", "path", r.URL.Path, "err", err)
	s.problem(w, r, http.StatusInternalServerError, "Something went wrong on our side. Nothing you typed was lost if you go back; please try again in a moment.")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
