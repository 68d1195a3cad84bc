package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
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
	msg, ok := commands.ProblemText(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	p.Problem = msg
	s.render(w, r, http.StatusUnprocessableEntity, name, p)
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
	Choices                 []string
	Options                 []option // channels or roles, for a menu
	Problem                 string
}

// option is one entry of a menu: a value and what it is called.
type option struct{ Value, Label string }

// choices is a menu of the server's channels or roles, with "not set"
// first, and the current value kept even if Discord no longer has it.
func (s *Server) choices(guildID string, roles bool, current string) []option {
	ids, names := s.opt.Discord.WebChoices(guildID, roles)
	out := []option{{"", "(not set)"}}
	found := current == ""
	for i, id := range ids {
		out = append(out, option{id, names[i]})
		found = found || id == current
	}
	if !found {
		out = append(out, option{current, "unknown (" + current + ")"})
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

func settingHint(d data.SettingDef) string {
	switch d.Kind {
	case data.KindChannel:
		return "A channel ID (right-click the channel in Discord, Copy Channel ID). Empty to unset."
	case data.KindRole:
		return "A role ID (Server Settings, Roles, right-click, Copy Role ID). Empty to unset."
	case data.KindTimeZone:
		return "A name like Europe/London or America/New_York."
	case data.KindCountry:
		return "A two-letter code such as GB, US or DE."
	case data.KindClock:
		return "A time like 09:30 (server time). Empty to unset."
	case data.KindLanguage:
		return "en, es, fr, de, pt-BR, it, nl or pl. Empty follows the server's Discord language."
	case data.KindNumber:
		return fmt.Sprintf("A whole number from %d to %d.", d.Min, d.Max)
	}
	if d.Key == data.SettingInviteLink {
		return "A Discord invite such as https://discord.gg/abc123, shown on the public page. Empty to hide."
	}
	return ""
}

func (s *Server) settingsFields(st data.Settings, typed map[string]string, problems map[string]string) []settingField {
	guildID := st.GuildID
	var out []settingField
	for _, d := range editableSettings() {
		v := st.Get(d.Key)
		if t, ok := typed[d.Key]; ok {
			v = t
		}
		f := settingField{Key: d.Key, Label: d.Label, Value: v, Kind: d.Kind, Hint: settingHint(d), Problem: problems[d.Key]}
		switch {
		case d.Kind == data.KindChannel || d.Kind == data.KindRole:
			f.Options = s.choices(guildID, d.Kind == data.KindRole, v)
			f.Hint = ""
		case d.Kind == data.KindFeature:
			f.Choices = []string{"on", "off"}
		case len(d.Choices) > 0:
			f.Choices = d.Choices
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, m *mod) {
	p := m.page("Settings", "settings", &settingsData{Fields: s.settingsFields(m.settings, nil, nil)})
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "settings", p)
}

// settingsSave checks every changed value first and saves them together,
// so a form with one mistake changes nothing and keeps what was typed.
func (s *Server) settingsSave(w http.ResponseWriter, r *http.Request, m *mod) {
	if err := r.ParseForm(); err != nil {
		s.problem(w, r, http.StatusBadRequest, "That form didn't arrive whole; please try again.")
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
			err = fmt.Errorf("%w: the moderator role can't be @everyone: that would let every member moderate", data.ErrInvalid)
		}
		if err != nil {
			msg, ok := commands.ProblemText(err)
			if !ok {
				s.serverError(w, r, err)
				return
			}
			problems[d.Key] = msg
			continue
		}
		if d.Kind == data.KindChannel && s.opt.Sender != nil {
			problem, warn, err := commands.ChannelProblem(s.opt.Sender, m.guildID, norm, d.Key)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			if problem != "" {
				problems[d.Key] = s.plain(m.guildID, problem)
				continue
			}
			if warn != "" {
				warnings = append(warnings, s.plain(m.guildID, warn))
			}
		}
		if norm != m.settings.Get(d.Key) || !m.settings.IsSet(d.Key) {
			changes[d.Key] = norm
		}
	}
	if len(problems) > 0 {
		p := m.page("Settings", "settings", &settingsData{Fields: s.settingsFields(m.settings, typed, problems)})
		p.Problem = "Some settings need another look; nothing was saved yet."
		s.render(w, r, http.StatusUnprocessableEntity, "settings", p)
		return
	}
	ctx := r.Context()
	if len(changes) > 0 {
		if err := s.opt.Store.SetSettings(ctx, m.guildID, m.sess.UserID, changes); err != nil {
			p := m.page("Settings", "settings", &settingsData{Fields: s.settingsFields(m.settings, typed, nil)})
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
		redirectNotice(w, r, r.URL.Path, "Nothing had changed.")
		return
	}
	s.audit(ctx, m, data.AuditSettings, "change", strings.Join(keys, ", "), fmt.Sprintf("%d settings", len(keys)))
	redirectNotice(w, r, r.URL.Path, strings.Join(append([]string{"Saved."}, warnings...), " "))
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
	p := m.page("Guidelines", "guidelines", d)
	p.Notice = notice(r)
	s.render(w, r, http.StatusOK, "guidelines", p)
}

func (s *Server) guidelinesSave(w http.ResponseWriter, r *http.Request, m *mod) {
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"))
	d := &guidelinesData{Text: text, Preview: paragraphs(text)}
	p := m.page("Guidelines", "guidelines", d)
	switch r.PostFormValue("action") {
	case "preview":
		p.Notice = "This is a preview; nothing is saved until you press Save."
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
		redirectNotice(w, r, r.URL.Path, "The guidelines are Kindred's default text again."+s.refreshGuidelines(r.Context(), m, commands.DefaultGuidelinesIn(m.settings.Language())))
		return
	}
	if text == "" {
		p.Problem = "The guidelines can't be empty. To go back to Kindred's default text, press Use the default."
		s.render(w, r, http.StatusUnprocessableEntity, "guidelines", p)
		return
	}
	if text == commands.DefaultGuidelinesIn(m.settings.Language()) || text == m.settings.Get(data.SettingGuidelines) {
		redirectNotice(w, r, r.URL.Path, "Nothing had changed.")
		return
	}
	if _, err := s.opt.Store.SetSetting(r.Context(), m.guildID, m.sess.UserID, data.SettingGuidelines, text); err != nil {
		s.formProblem(w, r, "guidelines", p, err)
		return
	}
	s.audit(r.Context(), m, data.AuditSettings, "edit", data.SettingGuidelines, "changed the guidelines text")
	redirectNotice(w, r, r.URL.Path, "Saved."+s.refreshGuidelines(r.Context(), m, text))
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
		return " Use /mod-guidelines post in Discord to post them with a button members press to agree."
	case err != nil:
		return " I couldn't update the copy posted in " + s.channelName(m.guildID, channelID) + "; it may have been deleted. /mod-guidelines post posts a fresh one."
	}
	return " I've updated the copy posted in " + s.channelName(m.guildID, channelID) + "; members who agreed before can agree to the new text there."
}

// channelMention is Discord's <#ID> in a command's sentence.
var channelMention = regexp.MustCompile(`<#([0-9]+)>`)

// plain turns a slash command's sentence into the dashboard's: channel
// mentions become names, and Markdown's bold and code marks go.
func (s *Server) plain(guildID, msg string) string {
	msg = channelMention.ReplaceAllStringFunc(msg, func(m string) string {
		return s.channelName(guildID, m[2:len(m)-1])
	})
	return strings.NewReplacer("**", "", "`", "").Replace(msg)
}

// channelName is a channel's name as the dashboard's menus show it
// (#name), or its ID when the bot can't see it.
func (s *Server) channelName(guildID, channelID string) string {
	ids, names := s.opt.Discord.WebChoices(guildID, false)
	for i, id := range ids {
		if id == channelID {
			return names[i]
		}
	}
	return "channel " + channelID
}

// ---- audit log

type auditData struct {
	Me       string            // the signed-in moderator's user ID, shown as "you"
	Names    map[string]string // other moderators' names in the server, by user ID
	Feature  string
	Features []string
	Entries  []data.ModeratorAction
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
	s.render(w, r, http.StatusOK, "audit", m.page("Audit log", "audit", &auditData{Me: m.sess.UserID, Names: names, Feature: f, Features: data.AuditFeatures(), Entries: list}))
}

func formInt(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}
