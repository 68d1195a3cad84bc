package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
)

// The "Time zone & features" page of /setup also holds the daily check-in
// prompt, how long check-in notes are kept and the crisis lines country:
// a sixth tab would not fit Discord's five buttons a row.

// setupPromptRow offers the daily one-tap check-in prompt's hour, or off.
// The prompt is posted in the check-in channel (the first page).
func setupPromptRow(st data.Settings) discordgo.MessageComponent {
	current := st.Get(data.SettingCheckinPromptTime)
	opts := []discordgo.SelectMenuOption{{Label: "No daily prompt", Value: "off", Default: current == ""}}
	for h := 0; h < 24; h++ {
		v := fmt.Sprintf("%02d:00", h)
		opts = append(opts, discordgo.SelectMenuOption{Label: "Every day at " + v, Value: v, Default: current == v})
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: "setup-prompt",
		Placeholder: "Daily check-in prompt in the check-in channel", Options: opts,
	}}}
}

// setupRetentionRow offers how long check-in notes are kept.
func setupRetentionRow(st data.Settings) discordgo.MessageComponent {
	d, _ := data.LookupSetting(data.SettingNoteRetentionDays)
	current := st.Get(data.SettingNoteRetentionDays)
	var opts []discordgo.SelectMenuOption
	for _, v := range d.Choices {
		opts = append(opts, discordgo.SelectMenuOption{Label: retentionLabel(v), Value: v, Default: current == v})
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: "setup-retention",
		Placeholder: "How long check-in notes are kept", Options: opts,
	}}}
}

func retentionLabel(days string) string {
	if days == "0" || days == "" {
		return "Keep notes until the member deletes them"
	}
	return "Keep notes for " + days + " days"
}

// setupCareText describes the prompt, retention and country for the page.
func setupCareText(st data.Settings) string {
	var b strings.Builder
	prompt := "off"
	if t := st.Get(data.SettingCheckinPromptTime); t != "" {
		prompt = "every day at " + t + " (server time)"
		if st.Get(data.SettingCheckinChannel) == "" {
			prompt += ", once a check-in channel is chosen"
		}
	}
	fmt.Fprintf(&b, "Daily check-in prompt: %s\n", prompt)
	notes := "kept until the member deletes them"
	if days := st.Get(data.SettingNoteRetentionDays); days != "" && days != "0" {
		notes = "kept for " + days + " days"
	}
	fmt.Fprintf(&b, "Check-in notes: %s\n", notes)
	d, _ := data.LookupSetting(data.SettingCountry)
	fmt.Fprintf(&b, "Country for crisis lines: %s\n", displayValue(d, st.Get(data.SettingCountry)))
	return b.String()
}

func (s *setup) prompt(ctx context.Context, req *Request) (*Response, error) {
	values := req.Values()
	if len(values) == 0 || values[0] == "off" {
		if _, err := s.store.ResetSetting(ctx, req.GuildID, req.User.ID, data.SettingCheckinPromptTime); err != nil {
			return nil, err
		}
		return s.view(ctx, req, "general", "**Saved.** No daily check-in prompt.", nil)
	}
	v, err := data.NormalizeSetting(data.SettingCheckinPromptTime, values[0])
	if err != nil {
		return s.problem(ctx, req, "general", err)
	}
	if _, err := s.store.SetSetting(ctx, req.GuildID, req.User.ID, data.SettingCheckinPromptTime, v); err != nil {
		return s.problem(ctx, req, "general", err)
	}
	notice := fmt.Sprintf("**Saved.** The check-in prompt is posted every day at %s.", v)
	if req.Settings.Get(data.SettingCheckinChannel) == "" {
		notice += " Choose a check-in channel on the first page for it to appear."
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
	return s.view(ctx, req, "general", "**Saved.** "+retentionLabel(v)+".", nil)
}

func (s *setup) countryForm(ctx context.Context, req *Request) (*Response, error) {
	return &Response{Modal: oneLineForm("setup-countryform", "Country for crisis lines", "country", "Country or two-letter code",
		"Like United Kingdom, GB, US or DE", req.Settings.Get(data.SettingCountry), 60)}, nil
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
	return s.view(ctx, req, "general", "**Saved.** Crisis lines default to "+displayValue(d, code)+".", nil)
}
