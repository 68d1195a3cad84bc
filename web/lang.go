package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/kindred-bot/kindred/i18n"
)

// Which language a page is in:
//
//   - the public hub: a language picked on the page (?lang=xx), else the
//     visitor's browser language (Accept-Language) if Kindred speaks it,
//     else the server's language, else English;
//   - the dashboard: a language picked on the page, else the moderator's
//     Discord language (kept in a cookie at login), else the browser's,
//     else the server's;
//   - other pages (the start page, errors): picked, else the cookie, else
//     the browser's, else English.

// langCookie keeps the dashboard's language: the moderator's Discord
// language from their login, or one they picked on a page.
const langCookie = "kindred_lang"

// queryLang is a language picked with ?lang=xx, if Kindred speaks it.
func queryLang(r *http.Request) string {
	if l, ok := i18n.Lookup(r.URL.Query().Get("lang")); ok {
		return l.Tag
	}
	return ""
}

// cookieLang is the language kept in the cookie, if any.
func cookieLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Lookup(c.Value); ok {
			return l.Tag
		}
	}
	return ""
}

// browserLang is the first language of the browser's Accept-Language
// (by preference) that Kindred speaks, or "". Entries it cannot read are
// skipped, not the whole header.
func browserLang(r *http.Request) string {
	type pref struct {
		tag string
		q   float64
	}
	var prefs []pref
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if tag = strings.TrimSpace(tag); tag != "" && tag != "*" && q > 0 {
			prefs = append(prefs, pref{tag, q})
		}
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	for _, p := range prefs {
		if m := i18n.Match(p.tag); m != "" {
			return m
		}
	}
	return ""
}

// hubPrinter is the public hub's printer for this visitor.
func hubPrinter(r *http.Request, serverLang string) *i18n.Printer {
	return i18n.For(i18n.Pick(queryLang(r), browserLang(r), serverLang))
}

// dashboardPrinter is the dashboard's printer for this moderator. A
// language picked with ?lang= is kept in the cookie for the next pages.
func (s *Server) dashboardPrinter(w http.ResponseWriter, r *http.Request, serverLang string) *i18n.Printer {
	if q := queryLang(r); q != "" {
		s.setLangCookie(w, q)
		return i18n.For(q)
	}
	return i18n.For(i18n.Pick(cookieLang(r), browserLang(r), serverLang))
}

// requestPrinter is the printer of a page that belongs to no server.
func requestPrinter(r *http.Request) *i18n.Printer {
	return i18n.For(i18n.Pick(queryLang(r), cookieLang(r), browserLang(r)))
}

func (s *Server) setLangCookie(w http.ResponseWriter, tag string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: tag, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// langLink is one entry of the language switcher.
type langLink struct {
	Tag, Name, URL string
	Current        bool
}

// langLinks is the switcher for a page shown by GET: the same address
// with ?lang= set to each language.
func langLinks(r *http.Request, current string) []langLink {
	if r.Method != http.MethodGet {
		return nil
	}
	var out []langLink
	for _, l := range i18n.Languages() {
		q := r.URL.Query()
		q.Set("lang", l.Tag)
		q.Del("done")
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		out = append(out, langLink{Tag: l.Tag, Name: l.Native, URL: u.String(), Current: strings.EqualFold(l.Tag, current)})
	}
	return out
}
