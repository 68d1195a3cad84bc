package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The "Time zone & features" page of /setup also holds the daily check-in
// prompt, how long check-in notes are kept and the crisis lines country:
// a sixth tab would not fit Discord's five buttons a row.

// setupPromptRow offers the daily one-tap check-in prompt's hour, or off.
// The prompt is posted in the check-in channel (the first page).
func setupPromptRow(p *i18n.Printer, st data.Settings) discordgo.MessageComponent {
	current := st.Get(data.SettingCheckinPromptTime)
	opts := []discordgo.SelectMenuOption{{Label: p.T("setup.prompt_none"), Value: "off", Default: current == ""}}
	for h := 0; h < 24; h++ {
		v := fmt.Sprintf("%02d:00", h)
		opts = append(opts, discordgo.SelectMenuOption{Label: p.T("setup.prompt_every", "Time", v), Value: v, Default: current == v})
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: "setup-prompt",
		Placeholder: p.T("setup.prompt_placeholder"), Options: opts,
	}}}
}

// setupRetentionRow offers how long check-in notes are kept.
func setupRetentionRow(p *i18n.Printer, st data.Settings) discordgo.MessageComponent {
	d, _ := data.LookupSetting(data.SettingNoteRetentionDays)
	current := st.Get(data.SettingNoteRetentionDays)
	var opts []discordgo.SelectMenuOption
	for _, v := range d.Choices {
		opts = append(opts, discordgo.SelectMenuOption{Label: retentionLabel(p, v), Value: v, Default: current == v})
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: "setup-retention",
		Placeholder: p.T("setup.retention_placeholder"), Options: opts,
	}}}
}

func retentionLabel(p *i18n.Printer, days string) string {
	n, err := strconv.Atoi(days)
	if err != nil || n == 0 {
		return p.T("setup.retention_forever")
	}
	return p.N("setup.retention_days", n)
}

// setupCareText describes the prompt, retention and country for the page.
func setupCareText(p *i18n.Printer, st data.Settings) string {
	var b strings.Builder
	prompt := p.T("common.off")
	if t := st.Get(data.SettingCheckinPromptTime); t != "" {
		prompt = p.T("setup.prompt_at", "Time", t)
		if st.Get(data.SettingCheckinChannel) == "" {
			prompt = p.T("setup.prompt_at_no_channel", "Time", t)
		}
	}
	b.WriteString(p.T("setup.prompt_line", "Prompt", prompt) + "\n")
	notes := p.T("setup.notes_forever")
	if n, err := strconv.Atoi(st.Get(data.SettingNoteRetentionDays)); err == nil && n != 0 {
		notes = p.N("setup.notes_days", n)
	}
	b.WriteString(p.T("setup.notes_line", "Notes", notes) + "\n")
	d, _ := data.LookupSetting(data.SettingCountry)
	b.WriteString(p.T("setup.country_line", "Country", displayValue(p, d, st.Get(data.SettingCountry))) + "\n")
	return b.String()
}

func (s *setup) prompt(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 || values[0] == "off" {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingCheckinPromptTime); err != nil {
			return nil, err
		}
		return s.view(ctx, req, "general", req.T("setup.prompt_cleared"), nil)
	}
	v, err := data.NormalizeSetting(data.SettingCheckinPromptTime, values[0])
	if err != nil {
		return s.problem(ctx, req, "general", err)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingCheckinPromptTime, v); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	notice := req.T("setup.prompt_saved", "Time", v)
	if req.Settings.Get(data.SettingCheckinChannel) == "" {
		notice += " " + req.T("setup.prompt_needs_channel")
	}
	return s.view(ctx, req, "general", notice, nil)
}

func (s *setup) retention(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 {
		return s.view(ctx, req, "general", "", nil)
	}
	v, err := data.NormalizeSetting(data.SettingNoteRetentionDays, values[0])
	if err != nil {
		return s.problem(ctx, req, "general", err)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingNoteRetentionDays, v); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	return s.view(ctx, req, "general", req.T("setup.retention_saved", "Retention", retentionLabel(req.P(), v)), nil)
}

func (s *setup) countryForm(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Modal: oneLineForm("setup-countryform", req.T("setup.country_form_title"), "country", req.T("setup.country_form_label"),
		req.T("setup.country_form_placeholder"), req.Settings.Get(data.SettingCountry), 60)}, nil
}

func (s *setup) countryTyped(ctx context.Context, req *Request) (*Response, error) {
	code, err := data.NormalizeCountry(req.ModalValue("country"))
	if err != nil {
		return s.problem(ctx, req, "general", err)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingCountry, code); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	d, _ := data.LookupSetting(data.SettingCountry)
	return s.view(ctx, req, "general", req.T("setup.country_saved", "Country", displayValue(req.P(), d, code)), nil)
}
