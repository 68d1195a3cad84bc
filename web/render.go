package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// when is a date and time (already in its zone) in p's language, with
// the zone's abbreviation: "Tue 2 Dec 2026, 18:00 CET".
func when(p *i18n.Printer, t time.Time) string {
	return p.Date(t, "web.date_time")
}

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
	// P writes the page's texts in its language (see lang.go); render
	// picks one from the request when it is nil.
	P *i18n.Printer
	// Lang is the page's language picked with ?lang=, kept in the hub's
	// own links and forms; "" when none was picked.
	Lang string
	// Langs is the language switcher.
	Langs []langLink
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	// when is a date and time in the reader's language, in loc.
	"when": func(p *i18n.Printer, t time.Time, loc *time.Location) string {
		return when(p, t.In(loc))
	},
	// date is a day (UTC) in the reader's language, or "never".
	"date": func(p *i18n.Printer, t time.Time) string {
		if t.IsZero() {
			return p.T("web.never")
		}
		return p.Date(t.UTC(), i18n.Day)
	},
	// utc is a date and time in UTC, as the audit log shows them.
	"utc": func(p *i18n.Printer, t time.Time) string {
		return p.Date(t.UTC(), "web.date_time_utc")
	},
	"country":    commands.CountryName,
	"crisisNote": commands.CrisisNote,
	"category":   commands.ResourceCategoryLabel,
	"careCat":    commands.SelfCareCategoryName,
	"prompt":     commands.SelfCarePromptText,
	"join":       strings.Join,
	"lines":      func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"checked":    func(b bool) template.HTMLAttr { return map[bool]template.HTMLAttr{true: "checked", false: ""}[b] },
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
	if p.P == nil {
		p.P = requestPrinter(r)
	}
	if p.Langs == nil {
		p.Langs = langLinks(r, p.P.Lang())
	}
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("web: no such page", "page", name)
		http.Error(w, p.P.T("web.error.title_500"), http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, p.P.T("web.error.title_500"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.P.Lang())
	w.Header().Add("Vary", "Accept-Language")
	if p.User != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// problem answers with a kind error page: message id of the catalogue,
// in the language of the request (see requestPrinter).
func (s *Server) problem(w http.ResponseWriter, r *http.Request, status int, id string, kv ...any) {
	s.problemIn(w, r, status, requestPrinter(r), id, kv...)
}

// problemIn is problem in p's language.
func (s *Server) problemIn(w http.ResponseWriter, r *http.Request, status int, p *i18n.Printer, id string, kv ...any) {
	s.render(w, r, status, "problem", &page{Title: statusTitle(p, status), Problem: p.T(id, kv...), P: p})
}

// statusTitle is an error page's heading.
func statusTitle(p *i18n.Printer, status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable:
		return p.T("web.error.title_" + strconv.Itoa(status))
	}
	return p.T("web.error.title")
}

// serverError logs err and answers with a 500 page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("web: request failed", "path", r.URL.Path, "err", err)
	s.problem(w, r, http.StatusInternalServerError, "web.error.server")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
