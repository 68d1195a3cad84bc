package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// auditStore is what /audit needs of the store.
type auditStore interface {
	ModeratorAudit(ctx context.Context, guildID, feature string, limit int) ([]data.ModeratorAction, error)
}

// Auditor records what moderators change, for /audit. Moderator handlers
// of every feature call RecordAction after a change; *data.Store
// satisfies it.
type Auditor interface {
	RecordModeratorAction(ctx context.Context, a data.ModeratorAction) error
}

// RecordAction writes a moderator's change to the audit log. The change is
// already saved, so a failure to record it is logged (with the request's
// logger) rather than turned into "something went wrong": a moderator who
// saw a failure would retry, and repeat the change.
func RecordAction(ctx context.Context, a Auditor, req *Request, feature, action, target, detail string) {
	err := a.RecordModeratorAction(ctx, data.ModeratorAction{
		GuildID: req.GuildID, ModeratorID: req.User.ID, Feature: feature, Action: action,
		Target: target, Detail: detail, At: req.Now,
	})
	if err != nil && req.Log != nil {
		req.Log.Error("audit a moderator's change", "feature", feature, "action", action, "guild", req.GuildID, "err", err)
	}
}

// auditShowLimit is how many entries /audit show lists.
const auditShowLimit = 20

// Audit is /audit: the moderator audit log of a server, across features
// (settings, resources, meetings, milestones, concerns),
// shown or exported as a file.
func Audit(store auditStore) *Command {
	featureOpt := func() *discordgo.ApplicationCommandOption {
		o := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "feature", Description: "Only this part of Kindred",
		}
		for _, f := range data.AuditFeatures() {
			o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: f, Value: f})
		}
		return o
	}
	c := &Command{
		Definition: &discordgo.ApplicationCommand{
			Name:        "audit",
			Description: "What moderators changed, and who and when (moderators)",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show",
					Description: "The most recent moderator actions",
					Options:     []*discordgo.ApplicationCommandOption{featureOpt()}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "export",
					Description: "The whole audit log as a CSV or JSON file",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "format", Description: "CSV (the default) or JSON",
							Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "CSV", Value: "csv"}, {Name: "JSON", Value: "json"}}},
						featureOpt(),
					}},
			},
		},
		Moderator: true,
	}
	c.Handle = func(ctx context.Context, req *Request) (*Response, error) {
		if req.GuildID == "" {
			return req.PrivateT("audit.dm_only"), nil
		}
		feature := req.String("feature")
		if feature != "" && !data.IsAuditFeature(feature) {
			return req.PrivateT("audit.unknown_feature", "Feature", fmt.Sprintf("%q", clipRunes(feature, 40)), "Features", strings.Join(data.AuditFeatures(), ", ")), nil
		}
		switch req.Subcommand() {
		case "show":
			return auditShow(ctx, store, req, feature)
		case "export":
			return auditExport(ctx, store, req, feature)
		}
		return req.PrivateT("audit.unknown_part"), nil
	}
	return c
}

// moderatorName shows who did something, or that they erased their data.
func moderatorName(p *i18n.Printer, id string) string {
	if id == data.ErasedMember {
		return p.T("audit.erased")
	}
	return "<@" + id + ">"
}

func auditShow(ctx context.Context, store auditStore, req *Request, feature string) (*Response, error) {
	entries, err := store.ModeratorAudit(ctx, req.GuildID, feature, auditShowLimit)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		if feature != "" {
			return req.PrivateT("audit.none_feature", "Feature", feature), nil
		}
		return req.PrivateT("audit.none"), nil
	}
	var b strings.Builder
	for _, a := range entries {
		line := fmt.Sprintf("<t:%d:f> %s · **%s** %s", a.At.Unix(), moderatorName(req.P(), a.ModeratorID), a.Feature, a.Action)
		target, detail := readableAudit(req.P(), a)
		if target != "" {
			line += " · " + clipRunes(target, 80)
		}
		if detail != "" {
			line += " — " + clipRunes(strings.Join(strings.Fields(detail), " "), 120)
		}
		line += "\n"
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > 4000 {
			break
		}
		b.WriteString(line)
	}
	title := req.T("audit.title")
	if feature != "" {
		title = req.T("audit.title_feature", "Feature", feature)
	}
	return &Response{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: title, Description: b.String(), Color: concernColor,
		Footer: &discordgo.MessageEmbedFooter{Text: req.T("audit.footer")},
	}}}, nil
}

// readableAudit is an entry's target and detail as moderators think of
// them: a setting's label rather than its key, and its values as channel
// and role mentions (which Discord renders as names; embeds never ping).
// Entries of other features are shown as recorded.
func readableAudit(p *i18n.Printer, a data.ModeratorAction) (target, detail string) {
	if a.Feature != data.AuditSettings || a.Action != "change" {
		return a.Target, a.Detail
	}
	d, ok := data.LookupSetting(a.Target)
	if !ok {
		return a.Target, a.Detail
	}
	switch d.Key {
	case data.SettingGuidelines:
		return settingLabel(p, d), a.Detail
	case data.SettingGuidelinesMessage:
		_, newValue, _ := strings.Cut(a.Detail, " → ")
		if ch, _, ok := strings.Cut(newValue, "/"); ok && ch != "" {
			return p.T("audit.guidelines_post"), p.T("audit.posted_in", "Channel", ch)
		}
		return p.T("audit.guidelines_post"), p.T("audit.removed")
	}
	oldValue, newValue, ok := strings.Cut(a.Detail, " → ")
	if !ok {
		return settingLabel(p, d), a.Detail
	}
	shown := func(v string) string {
		if v == "(not set)" {
			v = ""
		}
		if v == "" && d.Default != "" {
			return p.T("audit.default_value", "Value", displayValue(p, d, d.Default))
		}
		return displayValue(p, d, v)
	}
	return settingLabel(p, d), shown(oldValue) + " → " + shown(newValue)
}

// auditRecord is one entry of an exported audit log.
type auditRecord struct {
	At          string `json:"at"`
	ModeratorID string `json:"moderator_id"`
	Feature     string `json:"feature"`
	Action      string `json:"action"`
	Target      string `json:"target"`
	Detail      string `json:"detail"`
}

func auditExport(ctx context.Context, store auditStore, req *Request, feature string) (*Response, error) {
	entries, err := store.ModeratorAudit(ctx, req.GuildID, feature, 0)
	if err != nil {
		return nil, err
	}
	records := make([]auditRecord, 0, len(entries))
	for _, a := range entries {
		records = append(records, auditRecord{
			At: a.At.UTC().Format("2006-01-02T15:04:05Z"), ModeratorID: a.ModeratorID,
			Feature: a.Feature, Action: a.Action, Target: a.Target, Detail: a.Detail,
		})
	}
	name := "kindred-audit-" + req.Now.UTC().Format("2006-01-02")
	if feature != "" {
		name += "-" + feature
	}
	var buf bytes.Buffer
	file := &discordgo.File{}
	if req.String("format") == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(records); err != nil {
			return nil, fmt.Errorf("encode audit log: %w", err)
		}
		file.Name, file.ContentType = name+".json", "application/json"
	} else {
		w := csv.NewWriter(&buf)
		w.Write([]string{"at_utc", "moderator_id", "feature", "action", "target", "detail"})
		for _, r := range records {
			w.Write([]string{r.At, r.ModeratorID, csvCell(r.Feature), csvCell(r.Action), csvCell(r.Target), csvCell(r.Detail)})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("encode audit log: %w", err)
		}
		file.Name, file.ContentType = name+".csv", "text/csv"
	}
	file.Reader = &buf
	return &Response{
		Ephemeral: true,
		Content:   req.N("audit.exported", len(records)),
		Files:     []*discordgo.File{file},
	}, nil
}

// countWord is "1 entry", "2 entries".
func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
