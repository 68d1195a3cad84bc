package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

func (s *Server) meetingRoutes(mux *http.ServeMux, mod func(func(http.ResponseWriter, *http.Request, *mod)) http.HandlerFunc) {
	mux.HandleFunc("GET /dashboard/{guild}/meetings", mod(s.meetingsPage))
	mux.HandleFunc("GET /dashboard/{guild}/meetings/new", mod(s.meetingForm))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/new", mod(s.meetingSave))
	mux.HandleFunc("GET /dashboard/{guild}/meetings/{id}/edit", mod(s.meetingForm))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/{id}/edit", mod(s.meetingSave))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/{id}/pause", mod(s.meetingPause))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/{id}/resume", mod(s.meetingPause))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/{id}/cancel", mod(s.meetingCancel))
	mux.HandleFunc("POST /dashboard/{guild}/meetings/{id}/delete", mod(s.meetingDelete))
}

type meetingRow struct {
	Meeting data.Meeting
	When    string
	Next    []occurrence
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request, m *mod) {
	ms, err := s.opt.Store.Meetings(r.Context(), m.guildID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var rows []meetingRow
	for _, mt := range ms {
		row := meetingRow{Meeting: mt, When: mt.Schedule}
		if sched, err := scheduler.Parse(mt.Schedule); err == nil {
			row.When = sched.DescribeIn(m.p)
		}
		if row.Next, err = s.upcomingDates(r.Context(), m.p, mt, m.settings, s.opt.Now(), 6); err != nil {
			s.serverError(w, r, err)
			return
		}
		rows = append(rows, row)
	}
	p := m.page(m.p.T("web.nav.meetings"), "meetings", rows)
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "meetings", p)
}

// meetingForm is what a moderator types for a meeting, kept as typed.
type meetingForm struct {
	ID                                        int64
	Title, Schedule, Zone, Minutes, Location  string
	Channel, Description, Reminders, ZoneHint string
	Preview                                   []occurrence
	Channels                                  []option
}

func formOf(m data.Meeting) meetingForm {
	return meetingForm{ID: m.ID, Title: m.Title, Schedule: m.Schedule, Zone: m.Zone, Minutes: strconv.Itoa(int(m.Duration / time.Minute)),
		Location: m.Location, Channel: m.ChannelID, Description: m.Description, Reminders: data.FormatReminders(m.Reminders)}
}

func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, m *mod) {
	f := meetingForm{Minutes: "60", Reminders: data.DefaultReminders, Channel: m.settings.Get(data.SettingMeetingsChannel)}
	title := m.p.T("web.meetings.new")
	if r.PathValue("id") != "" {
		mt, ok := s.loadMeeting(w, r, m)
		if !ok {
			return
		}
		f, title = formOf(mt), m.p.T("web.meetings.edit_title", "Title", mt.Title)
	}
	f.ZoneHint = m.settings.Get(data.SettingTimeZone)
	f.Channels = s.choices(m.p, m.guildID, false, f.Channel)
	s.render(w, r, http.StatusOK, "meeting_form", m.page(title, "meetings", &f))
}

func (s *Server) loadMeeting(w http.ResponseWriter, r *http.Request, m *mod) (data.Meeting, bool) {
	id, ok := pathID(r)
	mt, err := s.opt.Store.Meeting(r.Context(), m.guildID, id)
	if !ok || errors.Is(err, data.ErrNotFound) {
		s.problemIn(w, r, http.StatusNotFound, m.p, "web.meetings.not_found")
		return data.Meeting{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return data.Meeting{}, false
	}
	return mt, true
}

// meetingFromForm checks the schedule and numbers with the same parser as
// /mod-meetings create; the rest is checked by the store.
func meetingFromForm(f meetingForm, mt data.Meeting) (data.Meeting, scheduler.Schedule, error) {
	sched, err := scheduler.Parse(f.Schedule)
	if err != nil {
		return mt, sched, scheduleProblem(err)
	}
	mins, err := strconv.Atoi(strings.TrimSpace(f.Minutes))
	if err != nil {
		return mt, sched, formError("web.meetings.minutes_invalid")
	}
	rs, err := data.ParseReminders(f.Reminders)
	if err != nil {
		return mt, sched, err
	}
	mt.Title, mt.Schedule, mt.Zone, mt.Duration = f.Title, sched.String(), strings.TrimSpace(f.Zone), time.Duration(mins)*time.Minute
	mt.Location, mt.ChannelID = strings.Trim(strings.TrimSpace(f.Location), "<#>"), strings.Trim(strings.TrimSpace(f.Channel), "<#>")
	mt.Description, mt.Reminders = f.Description, rs
	return mt, sched, nil
}

// meetingSave previews the next dates (action=preview) or saves.
func (s *Server) meetingSave(w http.ResponseWriter, r *http.Request, m *mod) {
	f := meetingForm{Title: r.PostFormValue("title"), Schedule: r.PostFormValue("schedule"), Zone: r.PostFormValue("zone"),
		Minutes: r.PostFormValue("minutes"), Location: r.PostFormValue("location"), Channel: r.PostFormValue("channel"),
		Description: r.PostFormValue("description"), Reminders: r.PostFormValue("reminders"), ZoneHint: m.settings.Get(data.SettingTimeZone)}
	ctx := r.Context()
	mt := data.Meeting{GuildID: m.guildID, CreatedBy: m.sess.UserID, Status: data.MeetingActive}
	title := m.p.T("web.meetings.new")
	if r.PathValue("id") != "" {
		old, ok := s.loadMeeting(w, r, m)
		if !ok {
			return
		}
		mt, f.ID, title = old, old.ID, m.p.T("web.meetings.edit_title", "Title", old.Title)
	}
	f.Channels = s.choices(m.p, m.guildID, false, f.Channel)
	p := m.page(title, "meetings", &f)
	mt, sched, err := meetingFromForm(f, mt)
	if err != nil {
		s.formProblem(w, r, "meeting_form", p, err)
		return
	}
	if r.PostFormValue("action") == "preview" {
		loc := meetingZone(mt, m.settings)
		for _, t := range sched.NextN(s.opt.Now(), loc, 5) {
			f.Preview = append(f.Preview, occurrence{Meeting: mt, Start: t, Zone: loc})
		}
		p.Notice = m.p.T("web.meetings.preview_notice")
		if len(f.Preview) == 0 {
			p.Notice = m.p.T("web.meetings.preview_none")
		}
		s.render(w, r, http.StatusOK, "meeting_form", p)
		return
	}
	action := "create"
	if f.ID != 0 {
		action = "edit"
		mt, err = s.opt.Store.UpdateMeeting(ctx, mt)
	} else {
		var draft data.Meeting
		if draft, err = s.opt.Store.CreateMeetingDraft(ctx, mt); err == nil {
			mt, err = s.opt.Store.ConfirmMeetingDraft(ctx, m.guildID, draft.ID)
		}
	}
	if err != nil {
		s.formProblem(w, r, "meeting_form", p, err)
		return
	}
	s.audit(ctx, m, data.AuditMeetings, action, mt.Title, mt.Schedule)
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T("web.dash.saved_named", "Name", mt.Title))
}

func (s *Server) meetingPause(w http.ResponseWriter, r *http.Request, m *mod) {
	mt, ok := s.loadMeeting(w, r, m)
	if !ok {
		return
	}
	var err error
	action, done := "pause", "web.meetings.paused"
	if strings.HasSuffix(r.URL.Path, "/resume") {
		action, done = "resume", "web.meetings.resumed"
		_, err = s.opt.Store.ResumeMeeting(r.Context(), m.guildID, mt.ID)
	} else {
		_, err = s.opt.Store.PauseMeeting(r.Context(), m.guildID, mt.ID)
	}
	if err != nil {
		if msg, ok := problemText(m.p, err); ok {
			redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", msg)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.audit(r.Context(), m, data.AuditMeetings, action, mt.Title, "")
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T(done, "Title", mt.Title))
}

// meetingCancel cancels one date (start, in Unix seconds) of a meeting.
func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request, m *mod) {
	mt, ok := s.loadMeeting(w, r, m)
	if !ok {
		return
	}
	unix, err := strconv.ParseInt(r.PostFormValue("start"), 10, 64)
	if err != nil {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T("web.meetings.choose_date"))
		return
	}
	start := time.Unix(unix, 0).UTC()
	dates, err := s.upcomingDates(r.Context(), m.p, mt, m.settings, s.opt.Now(), 30)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	valid := false
	for _, d := range dates {
		valid = valid || d.Start.Equal(start)
	}
	if !valid {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T("web.meetings.not_a_date"))
		return
	}
	if _, err := s.opt.Store.CancelOccurrence(r.Context(), m.guildID, mt.ID, start, commands.DateCancelledNotice(mt, start, s.opt.Now())); err != nil {
		if msg, ok := problemText(m.p, err); ok {
			redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", msg)
			return
		}
		s.serverError(w, r, err)
		return
	}
	local := start.In(meetingZone(mt, m.settings))
	s.audit(r.Context(), m, data.AuditMeetings, "cancel", mt.Title, local.Format("Mon 2 Jan 15:04"))
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T("web.meetings.date_cancelled", "Title", mt.Title, "When", m.p.Date(local, i18n.Short)))
}

func (s *Server) meetingDelete(w http.ResponseWriter, r *http.Request, m *mod) {
	mt, ok := s.loadMeeting(w, r, m)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", m.p.T("web.meetings.tick_confirm"))
		return
	}
	notice := commands.SeriesEndedNotice(mt, s.opt.Now())
	if _, err := s.opt.Store.DeleteMeeting(r.Context(), m.guildID, mt.ID, notice); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r.Context(), m, data.AuditMeetings, "end", mt.Title, "ended the whole series")
	done := m.p.T("web.meetings.series_cancelled", "Title", mt.Title)
	if notice != nil {
		done += " " + m.p.T("web.meetings.members_told")
	}
	redirectNotice(w, r, "/dashboard/"+m.guildID+"/meetings", done)
}

// formError is a form's problem with a message of the website's own,
// said in the moderator's language by formProblem.
type formError string

func (e formError) Error() string {
	return data.ErrInvalid.Error() + ": " + i18n.For(i18n.Base).T(string(e))
}
func (e formError) Unwrap() error { return data.ErrInvalid }

// scheduleProblem is a schedule that did not parse, as a form's problem,
// written in the moderator's language by problemText.
func scheduleProblem(err error) error { return &scheduleError{err: err} }

type scheduleError struct{ err error }

func (e *scheduleError) Error() string {
	return data.ErrInvalid.Error() + ": " + strings.TrimPrefix(e.err.Error(), "scheduler: ")
}
func (e *scheduleError) Unwrap() error { return data.ErrInvalid }
