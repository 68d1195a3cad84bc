package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/i18n"
)

// recordGuildName keeps the server's name, so DMs about it can say which
// server they come from.
func (b *Bot) recordGuildName(ctx context.Context, g *discordgo.Guild) {
	if g == nil || g.Name == "" {
		return
	}
	if err := b.cfg.Store.SetGuildName(ctx, g.ID, g.Name); err != nil {
		b.log.Error("record server name", "guild", g.ID, "err", err)
	}
	if g.PreferredLocale != "" {
		if err := b.cfg.Store.SetGuildLocale(ctx, g.ID, string(g.PreferredLocale)); err != nil {
			b.log.Error("record server language", "guild", g.ID, "err", err)
		}
	}
}

// setLanguages picks the languages of an interaction's answers: the
// member's own (/me language, else this interaction's Discord language,
// else the server's) and the server's for public posts. It notes the
// server's Discord language, for posts sent later. (A member's is noted
// only by features that will DM them, which keep their ID anyway: noting
// it on every interaction would put the authors of anonymous concerns in
// the database.)
func (b *Bot) setLanguages(ctx context.Context, req *commands.Request) {
	i := req.Interaction
	if req.GuildID != "" && i.GuildLocale != nil && *i.GuildLocale != "" {
		if err := b.cfg.Store.SetGuildLocale(ctx, req.GuildID, string(*i.GuildLocale)); err != nil {
			b.log.Error("record server language", "guild", req.GuildID, "err", err)
		} else if st, err := b.cfg.Store.Settings(ctx, req.GuildID); err == nil {
			req.Settings = st
		}
	}
	req.ServerLang = req.Settings.Language()
	req.Lang = i18n.Pick(i18n.Match(string(i.Locale)), req.ServerLang)
	if req.User == nil {
		return
	}
	lang, err := b.cfg.Store.MemberLanguage(ctx, req.User.ID)
	if err != nil {
		b.log.Error("load member language", "err", err)
		return
	}
	req.Lang = i18n.Pick(lang.Chosen, req.Lang)
}
