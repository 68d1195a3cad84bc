package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

// The dashboard's pages. Each handler first passes s.moderator; every
// change goes through the same data functions (and so the same
// validation) as the slash commands, and is written to the server's audit
// log marked "via dashboard". Bad input is answered on the form itself,
// with what was typed kept.

func (s *Server) dashboardRoutes(mux *http.ServeMux) {
	mod := func(h func(http.ResponseWriter, *http.Request, *mod)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if m, ok := s.moderator(w, r); ok {
				h(w, r, m)
			}
		}
	}
	mux.HandleFunc("GET /dashboard/{guild}/settings", mod(s.settingsPage))
	mux.HandleFunc("POST /dashboard/{guild}/settings", mod(s.settingsSave))
	s.resourceRoutes(mux, mod)
	s.meetingRoutes(mux, mod)
	s.selfCareRoutes(mux, mod)
	mux.HandleFunc("GET /dashboard/{guild}/guidelines", mod(s.guidelinesPage))
	mux.HandleFunc("POST /dashboard/{guild}/guidelines", mod(s.guidelinesSave))
	mux.HandleFunc("GET /dashboard/{guild}/audit", mod(s.auditPage))
}

// audit writes a moderator action to the server's audit log.
func (s *Server) audit(ctx context.Context, m *mod, feature, action, target, detail string) {
	d := "via dashboard"
	if detail != "" {
		d += ": " + detail
	}
	err := s.opt.Store.RecordModeratorAction(ctx, data.ModeratorAction{GuildID: m.guildID, ModeratorID: m.sess.UserID,
		Feature: feature, Action: action, Target: target, Detail: d})
	if err != nil {
		// The change itself is saved; a lost audit line is logged, not shown as a failure.
		s.log.Error("web: audit write failed", "guild", m.guildID, "feature", feature, "err", err)
	}
}

// formProblem answers a form with the kind sentence of a data error and
// the page re-rendered with what was typed, or a 500 for other errors.
func (s *Server) formProblem(w http.ResponseWriter, r *http.Request, name string, p *page, err error) {
	msg, ok := problemText(p.P, err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	p.Problem = msg
	s.render(w, r, http.StatusUnprocessableEntity, name, p)
}

// problemText is the kind sentence of an error a moderator can fix, in
// p's language: the website's own (formError, scheduleError), a store's
// data.Problem, or an older store error's English sentence. ok is false
// for any other error.
func problemText(p *i18n.Printer, err error) (string, bool) {
	var fe formError
	if errors.As(err, &fe) {
		return p.T(string(fe)), true
	}
	var se *scheduleError
	if errors.As(err, &se) {
		return p.T("web.dash.schedule_problem", "Reason", scheduler.ProblemIn(se.err, p)), true
	}
	return commands.ProblemIn(p, err)
}

// redirectNotice sends the browser back to a page with a confirmation.
func redirectNotice(w http.ResponseWriter, r *http.Request, path, notice string) {
	http.Redirect(w, r, path+"?done="+urlQueryEscape(notice), http.StatusSeeOther)
}

// notice reads a confirmation passed by redirectNotice; only short plain
// text is shown, escaped by the template.
func notice(r *http.Request) string {
	n := r.URL.Query().Get("done")
	if len(n) > 600 {
		return ""
	}
	return n
}

// ---- settings

type settingField struct {
	Key, Label, Value, Hint string
	Kind                    data.SettingKind
	Options                 []option // channels, roles or choices, for a menu
	Problem                 string
}

// option is one entry of a menu: a value and what it is called.
type option struct{ Value, Label string }

// choices is a menu of the server's channels or roles, with "not set"
// first, and the current value kept even if Discord no longer has it.
func (s *Server) choices(p *i18n.Printer, guildID string, roles bool, current string) []option {
	ids, names := s.opt.Discord.WebChoices(guildID, roles)
	out := []option{{"", p.T("web.dash.not_set")}}
	found := current == ""
	for i, id := range ids {
		out = append(out, option{id, names[i]})
		found = found || id == current
	}
	if !found {
		out = append(out, option{current, p.T("web.dash.unknown_choice", "ID", current)})
	}
	return out
}

type settingsData struct{ Fields []settingField }

func editableSettings() []data.SettingDef {
	var out []data.SettingDef
	for _, d := range data.SettingDefs() {
		if d.Key != data.SettingGuidelines && d.Key != data.SettingGuidelinesMessage {
			out = append(out, d)
		}
	}
	return out
}

func settingHint(p *i18n.Printer, d data.SettingDef) string {
	switch d.Kind {
	case data.KindChannel:
		return p.T("web.settings.hint_channel")
	case data.KindRole:
		return p.T("web.settings.hint_role")
	case data.KindTimeZone:
		return p.T("web.settings.hint_zone")
	case data.KindCountry:
		return p.T("web.settings.hint_country")
	case data.KindClock:
		return p.T("web.settings.hint_clock")
	case data.KindNumber:
		return p.T("web.settings.hint_number", "Min", p.Number(d.Min), "Max", p.Number(d.Max))
	}
	if d.Key == data.SettingInviteLink {
		return p.T("web.settings.hint_invite")
	}
	return ""
}

func (s *Server) settingsFields(p *i18n.Printer, st data.Settings, typed map[string]string, problems map[string]string) []settingField {
	guildID := st.GuildID
	var out []settingField
	for _, d := range editableSettings() {
		v := st.Get(d.Key)
		if t, ok := typed[d.Key]; ok {
			v = t
		}
		f := settingField{Key: d.Key, Label: commands.SettingLabel(p, d), Value: v, Kind: d.Kind, Hint: settingHint(p, d), Problem: problems[d.Key]}
		switch {
		case d.Kind == data.KindChannel || d.Kind == data.KindRole:
			f.Options = s.choices(p, guildID, d.Kind == data.KindRole, v)
			f.Hint = ""
		case d.Kind == data.KindLanguage:
			f.Options = []option{{"", p.T("web.settings.language_discord")}}
			for _, l := range i18n.Languages() {
				f.Options = append(f.Options, option{l.Tag, l.Native})
			}
			f.Hint = ""
		case d.Kind == data.KindFeature:
			f.Options = []option{{"on", p.T("web.settings.on")}, {"off", p.T("web.settings.off")}}
		case len(d.Choices) > 0:
			for _, c := range d.Choices {
				label := c
				if d.Key == data.SettingNoteRetentionDays {
					label = commands.RetentionLabel(p, c)
				}
				f.Options = append(f.Options, option{c, label})
			}
			f.Hint = ""
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, m *mod) {
	p := m.page(m.p.T("web.nav.settings"), "settings", &settingsData{Fields: s.settingsFields(m.p, m.settings, nil, nil)})
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "settings", p)
}

// settingsSave checks every changed value first and saves them together,
// so a form with one mistake changes nothing and keeps what was typed.
func (s *Server) settingsSave(w http.ResponseWriter, r *http.Request, m *mod) {
	if err := r.ParseForm(); err != nil {
		s.problemIn(w, r, http.StatusBadRequest, m.p, "web.error.form_broken")
		return
	}
	typed := map[string]string{}
	problems := map[string]string{}
	changes := map[string]string{}
	var resets, warnings []string
	for _, d := range editableSettings() {
		if _, sent := r.PostForm[d.Key]; !sent {
			continue
		}
		v := strings.TrimSpace(r.PostForm.Get(d.Key))
		typed[d.Key] = v
		if v == m.settings.Get(d.Key) {
			continue
		}
		if v == "" {
			if m.settings.IsSet(d.Key) {
				resets = append(resets, d.Key)
			}
			continue
		}
		norm, err := data.NormalizeSetting(d.Key, v)
		if err == nil && d.Kind == data.KindRole && norm == m.guildID {
			problems[d.Key] = m.p.T("web.settings.role_everyone")
			continue
		}
		if err != nil {
			msg, ok := problemText(m.p, err)
			if !ok {
				s.serverError(w, r, err)
				return
			}
			problems[d.Key] = msg
			continue
		}
		if d.Kind == data.KindChannel && s.opt.Sender != nil {
			problem, warn, err := commands.ChannelProblemIn(m.p, s.opt.Sender, m.guildID, norm, d.Key)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			if problem != "" {
				problems[d.Key] = s.plain(m.p, m.guildID, problem)
				continue
			}
			if warn != "" {
				warnings = append(warnings, s.plain(m.p, m.guildID, warn))
			}
		}
		if norm != m.settings.Get(d.Key) || !m.settings.IsSet(d.Key) {
			changes[d.Key] = norm
		}
	}
	if len(problems) > 0 {
		p := m.page(m.p.T("web.nav.settings"), "settings", &settingsData{Fields: s.settingsFields(m.p, m.settings, typed, problems)})
		p.Problem = m.p.T("web.settings.need_look")
		s.render(w, r, http.StatusUnprocessableEntity, "settings", p)
		return
	}
	ctx := r.Context()
	if len(changes) > 0 {
		if err := s.opt.Store.SetSettings(ctx, m.guildID, m.sess.UserID, changes); err != nil {
			p := m.page(m.p.T("web.nav.settings"), "settings", &settingsData{Fields: s.settingsFields(m.p, m.settings, typed, nil)})
			s.formProblem(w, r, "settings", p, err)
			return
		}
	}
	for _, k := range resets {
		if _, err := s.opt.Store.ResetSetting(ctx, m.guildID, m.sess.UserID, k); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	var keys []string
	for k := range changes {
		keys = append(keys, k)
	}
	keys = append(keys, resets...)
	if len(keys) == 0 {
		redirectNotice(w, r, r.URL.Path, m.p.T("web.dash.unchanged"))
		return
	}
	s.audit(ctx, m, data.AuditSettings, "change", strings.Join(keys, ", "), fmt.Sprintf("%d settings", len(keys)))
	redirectNotice(w, r, r.URL.Path, strings.Join(append([]string{m.p.T("web.dash.saved")}, warnings...), " "))
}

// ---- guidelines

type guidelinesData struct {
	Text    string
	Preview []string
	Default bool
}

func (s *Server) guidelinesPage(w http.ResponseWriter, r *http.Request, m *mod) {
	text := m.settings.Get(data.SettingGuidelines)
	d := &guidelinesData{Text: text, Default: text == ""}
	if text == "" {
		d.Text = commands.DefaultGuidelinesIn(m.settings.Language())
	}
	d.Preview = paragraphs(d.Text)
	p := m.page(m.p.T("web.nav.guidelines"), "guidelines", d)
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "guidelines", p)
}

func (s *Server) guidelinesSave(w http.ResponseWriter, r *http.Request, m *mod) {
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"))
	d := &guidelinesData{Text: text, Preview: paragraphs(text)}
	p := m.page(m.p.T("web.nav.guidelines"), "guidelines", d)
	switch r.PostFormValue("action") {
	case "preview":
		p.Notice = m.p.T("web.guidelines.preview_notice")
		s.render(w, r, http.StatusOK, "guidelines", p)
		return
	case "reset":
		if m.settings.IsSet(data.SettingGuidelines) {
			if _, err := s.opt.Store.ResetSetting(r.Context(), m.guildID, m.sess.UserID, data.SettingGuidelines); err != nil {
				s.serverError(w, r, err)
				return
			}
			s.audit(r.Context(), m, data.AuditSettings, "reset", data.SettingGuidelines, "back to Kindred's default guidelines")
		}
		redirectNotice(w, r, r.URL.Path, m.p.T("web.guidelines.reset_done")+s.refreshGuidelines(r.Context(), m, commands.DefaultGuidelinesIn(m.settings.Language())))
		return
	}
	if text == "" {
		p.Problem = m.p.T("web.guidelines.empty")
		s.render(w, r, http.StatusUnprocessableEntity, "guidelines", p)
		return
	}
	if text == commands.DefaultGuidelinesIn(m.settings.Language()) || text == m.settings.Get(data.SettingGuidelines) {
		redirectNotice(w, r, r.URL.Path, m.p.T("web.dash.unchanged"))
		return
	}
	if _, err := s.opt.Store.SetSetting(r.Context(), m.guildID, m.sess.UserID, data.SettingGuidelines, text); err != nil {
		s.formProblem(w, r, "guidelines", p, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "edit", data.SettingGuidelines, "changed the guidelines text")
	redirectNotice(w, r, r.URL.Path, m.p.T("web.dash.saved")+s.refreshGuidelines(r.Context(), m, text))
}

// refreshGuidelines updates the guidelines message posted in Discord, as
// /mod-guidelines edit does, and says how that went.
func (s *Server) refreshGuidelines(ctx context.Context, m *mod, text string) string {
	if s.opt.Sender == nil {
		return ""
	}
	channelID, posted, err := commands.RefreshPostedGuidelines(ctx, s.opt.Store, s.opt.Sender, s.log, m.guildID, m.settings, text)
	switch {
	case !posted:
		return " " + m.p.T("web.guidelines.not_posted")
	case err != nil:
		return " " + m.p.T("web.guidelines.update_failed", "Channel", s.channelName(m.p, m.guildID, channelID))
	}
	return " " + m.p.T("web.guidelines.updated", "Channel", s.channelName(m.p, m.guildID, channelID))
}

// channelMention and roleMention are Discord's <#ID> and <@&ID> in a
// command's sentence.
var (
	channelMention = regexp.MustCompile(`<#([0-9]+)>`)
	roleMention    = regexp.MustCompile(`<@&([0-9]+)>`)
)

// plain turns a slash command's sentence into the dashboard's: channel
// and role mentions become names, and Markdown's bold and code marks go.
func (s *Server) plain(p *i18n.Printer, guildID, msg string) string {
	msg = channelMention.ReplaceAllStringFunc(msg, func(m string) string {
		return s.channelName(p, guildID, m[2:len(m)-1])
	})
	msg = roleMention.ReplaceAllStringFunc(msg, func(m string) string {
		ids, names := s.opt.Discord.WebChoices(guildID, true)
		for i, id := range ids {
			if id == m[3:len(m)-1] {
				return names[i]
			}
		}
		return m[3 : len(m)-1]
	})
	return strings.NewReplacer("**", "", "`", "").Replace(msg)
}

// channelName is a channel's name as the dashboard's menus show it
// (#name), or its ID when the bot can't see it.
func (s *Server) channelName(p *i18n.Printer, guildID, channelID string) string {
	ids, names := s.opt.Discord.WebChoices(guildID, false)
	for i, id := range ids {
		if id == channelID {
			return names[i]
		}
	}
	return p.T("web.dash.channel_id", "ID", channelID)
}

// ---- audit log

type auditData struct {
	Me       string            // the signed-in moderator's user ID, shown as "you"
	Names    map[string]string // other moderators' names in the server, by user ID
	Feature  string
	Features []option
	Entries  []auditEntry
}

// auditEntry is an audit log entry as the page shows it: its target and
// detail in the moderator's language, as /audit shows them.
type auditEntry struct {
	data.ModeratorAction
	FeatureName, Target, Detail string
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, m *mod) {
	f := r.URL.Query().Get("feature")
	if !data.IsAuditFeature(f) {
		f = ""
	}
	list, err := s.opt.Store.ModeratorAudit(r.Context(), m.guildID, f, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, e := range list {
		if _, seen := names[e.ModeratorID]; !seen && e.ModeratorID != "" && e.ModeratorID != m.sess.UserID {
			names[e.ModeratorID] = s.opt.Discord.WebMemberName(r.Context(), m.guildID, e.ModeratorID)
		}
	}
	d := &auditData{Me: m.sess.UserID, Names: names, Feature: f}
	for _, x := range data.AuditFeatures() {
		d.Features = append(d.Features, option{x, commands.AuditFeatureName(m.p, x)})
	}
	for _, e := range list {
		target, detail := commands.ReadableAudit(m.p, e)
		d.Entries = append(d.Entries, auditEntry{ModeratorAction: e, FeatureName: commands.AuditFeatureName(m.p, e.Feature),
			Target: s.plain(m.p, m.guildID, target), Detail: s.plain(m.p, m.guildID, detail)})
	}
	s.render(w, r, http.StatusOK, "audit", m.page(m.p.T("web.nav.audit"), "audit", d))
}

func formInt(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}
