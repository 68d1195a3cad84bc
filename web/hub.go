package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
	"github.com/kindred-bot/kindred/scheduler"
)

var snowflakeRE = regexp.MustCompile(`^[0-9]{15,21}$`)

// errNoHub means the server has no public page: Kindred is not there, or
// its moderators have not switched the hub on. Both answer 404 alike, so
// the site does not reveal which servers use Kindred.
var errNoHub = errors.New("no public page")

// hubGuild returns the server's name, icon and settings when its hub is on.
func (s *Server) hubGuild(ctx context.Context, guildID string) (name, icon string, st data.Settings, err error) {
	if !snowflakeRE.MatchString(guildID) {
		return "", "", st, errNoHub
	}
	name, icon, ok := s.opt.Discord.WebGuild(guildID)
	if !ok {
		return "", "", st, errNoHub
	}
	st, err = s.opt.Store.Settings(ctx, guildID)
	if err != nil {
		return "", "", st, err
	}
	if !st.Enabled(data.FeatureWebHub) {
		return "", "", st, errNoHub
	}
	return name, icon, st, nil
}

// occurrence is one upcoming date of a meeting, for the hub and feeds.
type occurrence struct {
	Meeting data.Meeting
	Start   time.Time
	End     time.Time
	Zone    *time.Location
	When    string // the schedule in words
	Where   string // a link, or a Discord channel address
	// Cancelled is set for a cancelled date (calendar feeds list them so
	// calendars that have the date drop it).
	Cancelled bool
}

// meetingZone is a meeting's zone, or else the server's.
func meetingZone(m data.Meeting, st data.Settings) *time.Location {
	if m.Zone != "" {
		if loc, err := time.LoadLocation(m.Zone); err == nil {
			return loc
		}
	}
	return st.Location()
}

// meetingWhere is where a meeting happens, as an address a calendar can
// open: its link, or the Discord channel.
func meetingWhere(m data.Meeting) string {
	switch {
	case m.Location == "":
		return ""
	case data.IsLink(m.Location):
		return m.Location
	default:
		return "https://discord.com/channels/" + m.GuildID + "/" + m.Location
	}
}

// upcomingDates returns up to n dates of an active meeting from now on,
// leaving out cancelled ones.
func (s *Server) upcomingDates(ctx context.Context, p *i18n.Printer, m data.Meeting, st data.Settings, now time.Time, n int) ([]occurrence, error) {
	return s.meetingDates(ctx, p, m, st, now, n, false)
}

// meetingDates returns up to n dates of an active meeting from now on,
// described in p's language; cancelled ones are left out, or with
// withCancelled kept and marked.
func (s *Server) meetingDates(ctx context.Context, p *i18n.Printer, m data.Meeting, st data.Settings, now time.Time, n int, withCancelled bool) ([]occurrence, error) {
	if m.Status != data.MeetingActive {
		return nil, nil
	}
	sched, err := scheduler.Parse(m.Schedule)
	if err != nil {
		return nil, nil // a stored schedule always parses; show nothing rather than fail the page
	}
	loc := meetingZone(m, st)
	cancelled, err := s.cancelledStarts(ctx, m, now.Add(-m.Duration))
	if err != nil {
		return nil, err
	}
	var out []occurrence
	t := now.Add(-m.Duration) // include one happening now
	for range n + len(cancelled) {
		next, ok := sched.Next(t, loc)
		if !ok || len(out) == n {
			break
		}
		t = next
		if cancelled[next.Unix()] && !withCancelled {
			continue
		}
		out = append(out, occurrence{Meeting: m, Start: next, End: next.Add(m.Duration), Zone: loc,
			When: sched.DescribeIn(p), Where: meetingWhere(m), Cancelled: cancelled[next.Unix()]})
	}
	return out, nil
}

func (s *Server) cancelledStarts(ctx context.Context, m data.Meeting, from time.Time) (map[int64]bool, error) {
	os, err := s.opt.Store.Occurrences(ctx, m.GuildID, m.ID, from, from.AddDate(10, 0, 0))
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, o := range os {
		if o.Status == data.OccurrenceCancelled {
			out[o.StartsAt.Unix()] = true
		}
	}
	return out, nil
}

type hubData struct {
	Guidelines []string
	Invite     string
	Country    string
	Countries  []option // every country, in the reader's language and order
	Crisis     data.CrisisSet
	Resources  bool // the directory is switched on
	Query      string
	Category   string
	Found      []data.Resource
	Total      int
	Meetings   bool
	Upcoming   []occurrence
	Calendar   string
	GuildID    string
}

// hub is a server's public page.
func (s *Server) hub(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	guildID := r.PathValue("guild")
	name, icon, st, err := s.hubGuild(ctx, guildID)
	if errors.Is(err, errNoHub) {
		s.problem(w, r, http.StatusNotFound, "web.error.no_hub")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := hubPrinter(r, st.Language())
	d := &hubData{GuildID: guildID, Invite: st.Get(data.SettingInviteLink), Countries: countryOptions(p),
		Resources: st.Enabled(data.FeatureResources), Meetings: st.Enabled(data.FeatureMeetings),
		Calendar: s.public.String() + "/" + guildID + "/meetings.ics"}
	text := st.Get(data.SettingGuidelines)
	if text == "" {
		text = commands.DefaultGuidelinesIn(st.Language())
	}
	d.Guidelines = paragraphs(text)
	d.Country = strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	if _, ok := data.LookupCountry(d.Country); !ok {
		d.Country = st.Get(data.SettingCountry)
	}
	d.Crisis = data.CrisisFor(d.Country)
	if d.Resources {
		d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
		d.Category = r.URL.Query().Get("category")
		if _, ok := data.LookupResourceCategory(d.Category); !ok {
			d.Category = ""
		}
		if d.Found, d.Total, err = s.findResources(ctx, guildID, d.Query, d.Category); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if d.Meetings {
		if d.Upcoming, err = s.hubMeetings(ctx, p, guildID, st); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	s.render(w, r, http.StatusOK, "hub", &page{Title: p.T("web.hub.title"), Guild: name, GuildID: "", Icon: icon, Data: d,
		P: p, Lang: queryLang(r)})
}

// findResources searches (q) or browses (category) the directory.
func (s *Server) findResources(ctx context.Context, guildID, q, category string) ([]data.Resource, int, error) {
	const limit = 100
	if q == "" {
		return s.opt.Store.BrowseResources(ctx, guildID, data.ResourceFilter{Category: category}, 0, limit)
	}
	found, err := s.opt.Store.SearchResources(ctx, guildID, q, limit)
	if err != nil {
		return nil, 0, err
	}
	if category != "" {
		kept := found[:0]
		for _, r := range found {
			if r.Category == category {
				kept = append(kept, r)
			}
		}
		found = kept
	}
	return found, len(found), nil
}

// hubMeetings lists the next dates of every active meeting, soonest first.
func (s *Server) hubMeetings(ctx context.Context, p *i18n.Printer, guildID string, st data.Settings) ([]occurrence, error) {
	ms, err := s.opt.Store.Meetings(ctx, guildID)
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	var all []occurrence
	for _, m := range ms {
		os, err := s.upcomingDates(ctx, p, m, st, now, 3)
		if err != nil {
			return nil, err
		}
		all = append(all, os...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Start.Before(all[j].Start) })
	if len(all) > 20 {
		all = all[:20]
	}
	return all, nil
}

// countryOptions lists the crisis table's countries by their names in
// p's language, sorted as that language sorts.
func countryOptions(p *i18n.Printer) []option {
	var out []option
	for _, c := range data.CrisisCountries() {
		out = append(out, option{Value: c.Code, Label: commands.CountryName(p, c.Code, c.Name)})
	}
	col := collate.New(language.Make(p.Lang()))
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Label, out[j].Label) < 0 })
	return out
}

// paragraphs splits text on blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
