package web

import (
	"net/http"
	"strings"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/scheduler"
)

// The self-care page: the server's prompt schedules (channel posts) and
// its prompt library, through the same store calls as /selfcare.

func (s *Server) selfCareRoutes(mux *http.ServeMux, mod func(func(http.ResponseWriter, *http.Request, *mod)) http.HandlerFunc) {
	mux.HandleFunc("GET /dashboard/{guild}/selfcare", mod(s.selfCarePage))
	mux.HandleFunc("POST /dashboard/{guild}/selfcare/schedules", mod(s.selfCareScheduleAdd))
	mux.HandleFunc("POST /dashboard/{guild}/selfcare/schedules/{id}/{change}", mod(s.selfCareScheduleChange))
	mux.HandleFunc("POST /dashboard/{guild}/selfcare/prompts", mod(s.selfCarePromptAdd))
	mux.HandleFunc("POST /dashboard/{guild}/selfcare/prompts/{ref}/{change}", mod(s.selfCarePromptChange))
	mux.HandleFunc("POST /dashboard/{guild}/selfcare/prompts/{ref}/edit", mod(s.selfCarePromptEdit))
}

type selfCareSchedule struct {
	data.SelfCareSchedule
	When    string
	Channel string // the channel's name, or its ID when Kindred can't see it
}

type selfCareData struct {
	Schedules  []selfCareSchedule
	Prompts    []data.SelfCarePrompt
	Categories []string
	Channels   []option // the server's text channels, for the schedule form's menu
	// What was typed in the forms, kept when something needs fixing.
	Schedule, Channel, Category, Text string
	// The prompt being edited (its ref) and what was typed for it.
	EditRef, EditCategory, EditText string
}

func (s *Server) selfCareData(r *http.Request, m *mod) (*selfCareData, error) {
	scs, err := s.opt.Store.SelfCareSchedules(r.Context(), m.guildID)
	if err != nil {
		return nil, err
	}
	ps, err := s.opt.Store.SelfCarePrompts(r.Context(), m.guildID)
	if err != nil {
		return nil, err
	}
	d := &selfCareData{Prompts: ps, Categories: data.SelfCareCategories(), Channel: m.settings.Get(data.SettingPromptsChannel)}
	for _, sc := range scs {
		w := sc.Schedule
		if p, err := scheduler.Parse(sc.Schedule); err == nil {
			w = p.DescribeIn(m.p)
		}
		d.Schedules = append(d.Schedules, selfCareSchedule{SelfCareSchedule: sc, When: w, Channel: s.channelName(m.p, m.guildID, sc.ChannelID)})
	}
	return d, nil
}

func (s *Server) selfCarePage(w http.ResponseWriter, r *http.Request, m *mod) {
	d, err := s.selfCareData(r, m)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Channels = s.choices(m.p, m.guildID, false, d.Channel)
	p := m.page(m.p.T("web.nav.selfcare"), "selfcare", d)
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "selfcare", p)
}

// selfCareProblem re-renders the page with a kind sentence and the typed values.
func (s *Server) selfCareProblem(w http.ResponseWriter, r *http.Request, m *mod, keep func(*selfCareData), err error) {
	d, derr := s.selfCareData(r, m)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	keep(d)
	d.Channels = s.choices(m.p, m.guildID, false, strings.Trim(strings.TrimSpace(d.Channel), "<#>"))
	s.formProblem(w, r, "selfcare", m.page(m.p.T("web.nav.selfcare"), "selfcare", d), err)
}

func (s *Server) selfCareScheduleAdd(w http.ResponseWriter, r *http.Request, m *mod) {
	typed, channel := r.PostFormValue("schedule"), strings.Trim(strings.TrimSpace(r.PostFormValue("channel")), "<#>")
	keep := func(d *selfCareData) { d.Schedule, d.Channel = typed, r.PostFormValue("channel") }
	sched, err := scheduler.Parse(typed)
	if err != nil {
		s.selfCareProblem(w, r, m, keep, scheduleProblem(err))
		return
	}
	sc, err := s.opt.Store.CreateSelfCareSchedule(r.Context(), data.SelfCareSchedule{GuildID: m.guildID, Status: data.SelfCareActive,
		Schedule: sched.String(), ChannelID: channel, CreatedBy: m.sess.UserID})
	if err != nil {
		s.selfCareProblem(w, r, m, keep, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "selfcare schedule", sc.Schedule, "in <#"+sc.ChannelID+">")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", m.p.T("web.selfcare.scheduled", "When", sched.DescribeIn(m.p)))
}

func (s *Server) selfCareScheduleChange(w http.ResponseWriter, r *http.Request, m *mod) {
	id, ok := pathID(r)
	if !ok {
		s.problemIn(w, r, http.StatusNotFound, m.p, "web.selfcare.no_schedule")
		return
	}
	ctx := r.Context()
	var err error
	var sc data.SelfCareSchedule
	change := r.PathValue("change")
	switch change {
	case "pause":
		sc, err = s.opt.Store.PauseSelfCareSchedule(ctx, m.guildID, id)
	case "resume":
		sc, err = s.opt.Store.ResumeSelfCareSchedule(ctx, m.guildID, id)
	case "delete":
		sc, err = s.opt.Store.DeleteSelfCareSchedule(ctx, m.guildID, id)
	default:
		http.NotFound(w, r)
		return
	}
	if msg, ok := problemText(m.p, err); ok {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", msg)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(ctx, m, data.AuditSettings, "selfcare schedule "+change, sc.Schedule, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", m.p.T("web.selfcare.schedule_"+change))
}

func (s *Server) selfCarePromptAdd(w http.ResponseWriter, r *http.Request, m *mod) {
	cat, text := r.PostFormValue("category"), r.PostFormValue("text")
	p, err := s.opt.Store.AddSelfCarePrompt(r.Context(), m.guildID, m.sess.UserID, cat, text)
	if err != nil {
		s.selfCareProblem(w, r, m, func(d *selfCareData) { d.Category, d.Text = cat, text }, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "selfcare prompt add", p.Ref, p.Category)
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", m.p.T("web.selfcare.prompt_added"))
}

func (s *Server) selfCarePromptChange(w http.ResponseWriter, r *http.Request, m *mod) {
	ref, change := r.PathValue("ref"), r.PathValue("change")
	if change != "enable" && change != "disable" {
		http.NotFound(w, r)
		return
	}
	p, _, err := s.opt.Store.SetSelfCarePromptEnabled(r.Context(), m.guildID, m.sess.UserID, ref, change == "enable")
	if msg, ok := problemText(m.p, err); ok {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", msg)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "selfcare prompt "+change, p.Ref, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", m.p.T("web.selfcare.prompt_"+change+"d"))
}

// selfCarePromptEdit changes the text and category of one of the
// server's own prompts, as /mod-selfcare prompts edit does.
func (s *Server) selfCarePromptEdit(w http.ResponseWriter, r *http.Request, m *mod) {
	ref, cat, text := r.PathValue("ref"), r.PostFormValue("category"), r.PostFormValue("text")
	p, err := s.opt.Store.EditSelfCarePrompt(r.Context(), m.guildID, m.sess.UserID, ref, cat, text)
	if err != nil {
		s.selfCareProblem(w, r, m, func(d *selfCareData) { d.EditRef, d.EditCategory, d.EditText = ref, cat, text }, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "selfcare prompt edit", p.Ref, p.Category)
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/selfcare", m.p.T("web.selfcare.prompt_saved"))
}
