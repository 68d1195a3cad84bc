package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
)

func (s *Server) resourceRoutes(mux *http.ServeMux, mod func(func(http.ResponseWriter, *http.Request, *mod)) http.HandlerFunc) {
	mux.HandleFunc("GET /dashboard/{guild}/resources", mod(s.resourcesPage))
	mux.HandleFunc("GET /dashboard/{guild}/resources/new", mod(s.resourceForm))
	mux.HandleFunc("POST /dashboard/{guild}/resources/new", mod(s.resourceSave))
	mux.HandleFunc("GET /dashboard/{guild}/resources/{id}/edit", mod(s.resourceForm))
	mux.HandleFunc("POST /dashboard/{guild}/resources/{id}/edit", mod(s.resourceSave))
	mux.HandleFunc("POST /dashboard/{guild}/resources/{id}/remove", mod(s.resourceRemove))
	mux.HandleFunc("POST /dashboard/{guild}/resources/{id}/checked", mod(s.resourceChecked))
	mux.HandleFunc("GET /dashboard/{guild}/resources/export", mod(s.resourcesExport))
	mux.HandleFunc("GET /dashboard/{guild}/resources/import", mod(s.resourcesImportForm))
	mux.HandleFunc("POST /dashboard/{guild}/resources/import", mod(s.resourcesImport))
}

type resourcesData struct {
	Query, Category string
	List            []data.Resource
	Total           int
}

func (s *Server) resourcesPage(w http.ResponseWriter, r *http.Request, m *mod) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	cat := r.URL.Query().Get("category")
	if _, ok := data.LookupResourceCategory(cat); !ok {
		cat = ""
	}
	list, total, err := s.findResources(r.Context(), m.guildID, q, cat)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := m.page(m.p.T("web.nav.resources"), "resources", &resourcesData{Query: q, Category: cat, List: list, Total: total})
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "resources", p)
}

type resourceFormData struct {
	ID       int64
	Resource data.Resource
	Tags     string
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) resourceForm(w http.ResponseWriter, r *http.Request, m *mod) {
	d := &resourceFormData{Resource: data.Resource{Category: "other"}}
	title := m.p.T("web.resources.add")
	if r.PathValue("id") != "" {
		id, ok := pathID(r)
		res, err := s.opt.Store.Resource(r.Context(), m.guildID, id)
		if !ok || errors.Is(err, data.ErrNotFound) {
			s.problemIn(w, r, http.StatusNotFound, m.p, "web.resources.not_found_removed")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.ID, d.Resource, d.Tags, title = id, res, strings.Join(res.Tags, ", "), m.p.T("web.resources.edit_title", "Name", res.Name)
	}
	s.render(w, r, http.StatusOK, "resource_form", m.page(title, "resources", d))
}

func resourceFromForm(r *http.Request) data.Resource {
	f := func(k string) string { return r.PostFormValue(k) }
	return data.Resource{Name: f("name"), Category: f("category"), Description: f("description"), Tags: data.ParseTags(f("tags")),
		Region: f("region"), Languages: f("languages"), Phone: f("phone"), Text: f("text"), Website: f("website"),
		Address: f("address"), Hours: f("hours")}
}

func (s *Server) resourceSave(w http.ResponseWriter, r *http.Request, m *mod) {
	res := resourceFromForm(r)
	d := &resourceFormData{Resource: res, Tags: r.PostFormValue("tags")}
	ctx := r.Context()
	var err error
	var saved data.Resource
	action := "add"
	if r.PathValue("id") != "" {
		id, ok := pathID(r)
		if !ok {
			s.problemIn(w, r, http.StatusNotFound, m.p, "web.resources.not_found")
			return
		}
		d.ID, action = id, "edit"
		saved, err = s.opt.Store.UpdateResource(ctx, m.guildID, m.sess.UserID, id, res)
	} else {
		saved, err = s.opt.Store.AddResource(ctx, m.guildID, m.sess.UserID, res)
	}
	if err != nil {
		title := m.p.T("web.resources.add")
		if d.ID != 0 {
			title = m.p.T("web.resources.edit")
		}
		s.formProblem(w, r, "resource_form", m.page(title, "resources", d), err)
		return
	}
	s.audit(ctx, m, data.AuditResources, action, saved.Name, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/resources", m.p.T("web.dash.saved_named", "Name", saved.Name))
}

func (s *Server) resourceRemove(w http.ResponseWriter, r *http.Request, m *mod) {
	id, _ := pathID(r)
	res, err := s.opt.Store.RemoveResource(r.Context(), m.guildID, id)
	if errors.Is(err, data.ErrNotFound) {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/resources", m.p.T("web.resources.already_gone"))
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r.Context(), m, data.AuditResources, "remove", res.Name, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/resources", m.p.T("web.resources.removed", "Name", res.Name))
}

func (s *Server) resourceChecked(w http.ResponseWriter, r *http.Request, m *mod) {
	id, _ := pathID(r)
	res, err := s.opt.Store.MarkResourceChecked(r.Context(), m.guildID, id)
	if errors.Is(err, data.ErrNotFound) {
		s.problemIn(w, r, http.StatusNotFound, m.p, "web.resources.not_found")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r.Context(), m, data.AuditResources, "checked", res.Name, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/resources", m.p.T("web.resources.checked", "Name", res.Name))
}

func (s *Server) resourcesExport(w http.ResponseWriter, r *http.Request, m *mod) {
	list, err := s.opt.Store.AllResources(r.Context(), m.guildID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	b, err := commands.EncodeResourcesCSV(list)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="resources.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// importChange is one row of an import preview.
type importChange struct {
	Row    int
	Name   string
	Change string // "add" or "update"
}

type importData struct {
	CSV      string
	Changes  []importChange
	Problems []string
	Adds     int
	Updates  int
}

func (s *Server) resourcesImportForm(w http.ResponseWriter, r *http.Request, m *mod) {
	s.render(w, r, http.StatusOK, "resource_import", m.page(m.p.T("web.import.title"), "resources", &importData{}))
}

// maxImportBytes bounds an uploaded or pasted import file.
const maxImportBytes = 4 << 20

// resourcesImport previews an import (what will be added or updated, or
// what needs fixing), and on confirmation imports it: all or nothing,
// through the same checks as /mod-resources import.
func (s *Server) resourcesImport(w http.ResponseWriter, r *http.Request, m *mod) {
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+1<<16)
	if err := r.ParseMultipartForm(maxImportBytes); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		p := m.page(m.p.T("web.import.title"), "resources", &importData{})
		p.Problem = m.p.T("web.import.too_big")
		s.render(w, r, http.StatusUnprocessableEntity, "resource_import", p)
		return
	}
	text := r.PostFormValue("csv")
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, maxImportBytes))
		f.Close()
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if len(b) > 0 {
			text = string(b)
		}
	}
	d := &importData{CSV: text}
	p := m.page(m.p.T("web.import.title"), "resources", d)
	if strings.TrimSpace(text) == "" {
		p.Problem = m.p.T("web.import.empty")
		s.render(w, r, http.StatusUnprocessableEntity, "resource_import", p)
		return
	}
	ctx := r.Context()
	rows, problems, err := commands.DecodeResourcesCSVIn(m.p, []byte(text), s.opt.Now())
	if err == nil && len(problems) == 0 {
		problems = data.CheckImportRows(rows)
	}
	if err != nil {
		s.formProblem(w, r, "resource_import", p, err)
		return
	}
	for _, pr := range problems {
		msg, _ := problemText(m.p, pr.Err)
		if msg == "" {
			msg = pr.Err.Error()
		}
		d.Problems = append(d.Problems, m.p.T("web.import.row_problem", "Row", m.p.Number(pr.Row), "Problem", msg))
	}
	if len(d.Problems) > 0 {
		p.Problem = m.p.T("web.import.rows_need_fixing")
		s.render(w, r, http.StatusUnprocessableEntity, "resource_import", p)
		return
	}
	if r.PostFormValue("action") == "import" {
		sum, err := s.opt.Store.ImportResources(ctx, m.guildID, m.sess.UserID, rows)
		if err != nil {
			s.formProblem(w, r, "resource_import", p, err)
			return
		}
		s.audit(ctx, m, data.AuditResources, "import", strconv.Itoa(len(rows))+" rows",
			strconv.Itoa(sum.Added)+" added, "+strconv.Itoa(sum.Updated)+" updated")
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/resources",
			m.p.T("web.import.done", "Added", m.p.Number(sum.Added), "Updated", m.p.Number(sum.Updated)))
		return
	}
	for _, row := range rows {
		c := importChange{Row: row.Row, Name: row.Resource.Name, Change: "add"}
		if _, err := s.opt.Store.ResourceByName(ctx, m.guildID, row.Resource.Name); err == nil {
			c.Change = "update"
			d.Updates++
		} else if errors.Is(err, data.ErrNotFound) {
			d.Adds++
		} else {
			s.serverError(w, r, err)
			return
		}
		d.Changes = append(d.Changes, c)
	}
	p.Notice = m.p.T("web.import.preview_notice")
	s.render(w, r, http.StatusOK, "resource_import", p)
}
