package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/i18n"
)

// Replies the runtime itself gives (catalogue IDs).
const (
	msgRestarting = "bot.restarting"
	msgNotAllowed = "bot.not_allowed"
	// msgModeratorsInServer answers a moderators' command sent from a DM.
	msgModeratorsInServer = "common.moderators_in_server"
	msgFeatureOff         = "bot.feature_off"
	msgUnknown            = "bot.unknown"
	msgWentWrong          = "bot.went_wrong"
	msgTooLong            = "bot.too_long"
)

// runtimeReply is one of the runtime's own replies, in lang (replyLanguage),
// for replies given outside a request; in one, the router answers with
// req.PrivateT.
func runtimeReply(lang string, id string, kv ...any) *commands.Response {
	return &commands.Response{Content: i18n.For(lang).T(id, kv...), Ephemeral: true}
}

// replyLanguage is the language of a runtime reply to i: the member's
// /me language when the store holds it in memory (it reads no database,
// which may be failing or closing, and writes nothing), else their
// Discord language. Once a request was built, the cache has it.
func (b *Bot) replyLanguage(i *discordgo.Interaction) string {
	discord := i18n.Match(string(i.Locale))
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
	}
	if u != nil {
		if m, ok := b.cfg.Store.CachedMemberLanguage(u.ID); ok {
			return i18n.Pick(m.Chosen, discord)
		}
	}
	return i18n.Pick(discord)
}

// interactionTimeout is how long a handler may work: an interaction token
// is valid for 15 minutes.
const interactionTimeout = 14 * time.Minute

func (b *Bot) onInteraction(i *discordgo.Interaction) {
	start := time.Now()
	if !b.begin() {
		b.respondNow(i, runtimeReply(b.replyLanguage(i), msgRestarting))
		return
	}
	defer b.inflight.Done()
	ctx, cancel := context.WithTimeout(context.Background(), interactionTimeout)
	defer cancel()

	name, handler, resp := b.route(ctx, i)
	log := b.log.With("interaction", interactionKind(i), "name", name, "guild", i.GuildID)
	deferred := false
	outcome := "refused" // answered by the router: not allowed, switched off, unknown
	if resp == nil {
		var failed atomic.Bool
		outcome = "ok"
		resp, deferred = b.runWithDefer(ctx, log, i, observeFailure(handler, &failed))
		if failed.Load() {
			outcome = "error"
		}
	}
	if err := b.deliver(ctx, log, i, resp, deferred); err != nil {
		log.Error("interaction reply failed", "err", err, "latency", time.Since(start))
		b.cfg.Metrics.Interaction(b.metricName(name), "reply_failed", time.Since(start))
		return
	}
	log.Info("interaction", "latency", time.Since(start), "deferred", deferred)
	b.cfg.Metrics.Interaction(b.metricName(name), outcome, time.Since(start))
}

// observeFailure wraps h so that failed is set when it returns an error or
// panics (the panic goes on to runWithDefer's recover).
func observeFailure(h func(context.Context) (*commands.Response, error), failed *atomic.Bool) func(context.Context) (*commands.Response, error) {
	return func(ctx context.Context) (*commands.Response, error) {
		defer func() {
			if p := recover(); p != nil {
				failed.Store(true)
				panic(p)
			}
		}()
		resp, err := h(ctx)
		if err != nil || resp == nil {
			failed.Store(true)
		}
		return resp, err
	}
}

// metricName is the label for an interaction: its command's name, or
// "unknown" for one no command answers (whose name may be a crafted
// custom ID), so that no ID or member input becomes a label.
func (b *Bot) metricName(name string) string {
	command, _, _ := strings.Cut(name, " ")
	if _, ok := b.router.byName[command]; !ok {
		return "unknown"
	}
	return command
}

// route finds the handler for i and builds its request, or returns a reply
// straight away when the member may not use it.
func (b *Bot) route(ctx context.Context, i *discordgo.Interaction) (string, func(context.Context) (*commands.Response, error), *commands.Response) {
	i = outsideInstall(i)
	settings, err := b.cfg.Store.Settings(ctx, i.GuildID)
	if err != nil {
		b.log.Error("load settings", "guild", i.GuildID, "err", err)
		return "", nil, wentWrong(b.log, b.replyLanguage(i), err)
	}
	req := &commands.Request{
		Interaction: i,
		GuildID:     i.GuildID,
		ChannelID:   i.ChannelID,
		Settings:    settings,
		Now:         b.cfg.Now(),
		Log:         b.log.With("guild", i.GuildID),
	}
	if i.Member != nil {
		req.User = i.Member.User
		req.Roles = i.Member.Roles
		req.IsModerator = i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 ||
			settings.IsModerator(i.Member.Roles)
	} else {
		req.User = i.User
	}
	b.setLanguages(ctx, req)

	var (
		cmd       *commands.Command
		handler   commands.Handler
		moderator bool
		name      string
	)
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		name = i.ApplicationCommandData().Name
		cmd = b.router.byName[name]
		if cmd == nil {
			return name, nil, req.PrivateT(msgUnknown)
		}
		sub := req.Subcommand()
		if sub != "" {
			name += " " + sub
		}
		moderator = cmd.Moderator || contains(cmd.ModeratorSubcommands, sub)
		handler = cmd.Handle
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			handler = cmd.Autocomplete
			if handler == nil || (moderator && !req.IsModerator) || (cmd.Feature != "" && !settings.Enabled(cmd.Feature)) {
				return name, nil, &commands.Response{Choices: []*discordgo.ApplicationCommandOptionChoice{}}
			}
		}
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		customID := componentID(i)
		rt, args, ok := b.router.component(customID)
		if !ok {
			return customID, nil, req.PrivateT(msgUnknown)
		}
		name = rt.command.Definition.Name + " " + firstPart(customID)
		cmd, handler, req.Args = rt.command, rt.component.Handle, args
		moderator = rt.command.Moderator || rt.component.Moderator
	default:
		return "", nil, req.PrivateT(msgUnknown)
	}
	if moderator && i.GuildID == "" && i.Type == discordgo.InteractionApplicationCommand {
		// From a DM, where Discord doesn't offer moderators' commands (a
		// stale or modified client): there is no server to moderate.
		return name, nil, req.PrivateT(msgModeratorsInServer, "Command", req.P().Command(cmd.Definition.Name))
	}
	if moderator && !req.IsModerator {
		return name, nil, req.PrivateT(msgNotAllowed)
	}
	if cmd.Feature != "" && i.GuildID != "" && !settings.Enabled(cmd.Feature) {
		return name, nil, req.PrivateT(msgFeatureOff)
	}
	if handler == nil {
		return name, nil, req.PrivateT(msgUnknown)
	}
	return name, func(ctx context.Context) (*commands.Response, error) { return handler(ctx, req) }, nil
}

// runWithDefer runs the handler, recovering a panic, and defers the reply
// if the handler is still working after DeferAfter so that Discord's
// 3-second deadline is never missed.
func (b *Bot) runWithDefer(ctx context.Context, log *slog.Logger, i *discordgo.Interaction, h func(context.Context) (*commands.Response, error)) (*commands.Response, bool) {
	done := make(chan *commands.Response, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- wentWrong(log, b.replyLanguage(i), fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		resp, err := h(ctx)
		if err != nil {
			resp = wentWrong(log, b.replyLanguage(i), err)
		} else if resp == nil {
			resp = wentWrong(log, b.replyLanguage(i), fmt.Errorf("handler returned no response"))
		}
		done <- resp
	}()
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return <-done, false // autocomplete cannot be deferred
	}
	timer := time.NewTimer(b.cfg.DeferAfter)
	defer timer.Stop()
	select {
	case resp := <-done:
		return resp, false
	case <-timer.C:
	}
	kind := discordgo.InteractionResponseDeferredChannelMessageWithSource
	if onMessage(i) {
		kind = discordgo.InteractionResponseDeferredMessageUpdate
	}
	err := b.respond(ctx, i, &discordgo.InteractionResponse{
		Type: kind,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		log.Error("defer reply", "err", err)
	}
	return <-done, true
}

// deliver sends resp as the interaction's reply.
func (b *Bot) deliver(ctx context.Context, log *slog.Logger, i *discordgo.Interaction, resp *commands.Response, deferred bool) error {
	if n := utf8.RuneCountInString(resp.Content); n > maxContent {
		// Discord would refuse the whole reply, and the member would see
		// only that Kindred did not answer: a reply that quotes too much
		// of what they typed is a bug, but they get an answer.
		log.Warn("reply longer than Discord allows; clipped", "length", n)
		clipped := *resp
		clipped.Content = string([]rune(resp.Content)[:maxContent-1]) + "…"
		resp = &clipped
	}
	if !deferred {
		return b.respond(ctx, i, interactionResponse(i, resp))
	}
	if resp.Modal != nil {
		resp = runtimeReply(b.replyLanguage(i), msgTooLong)
	}
	switch {
	case onMessage(i) && resp.Update:
		return b.editOriginal(ctx, i, webhookEdit(resp))
	case onMessage(i) || !resp.Ephemeral:
		// A deferred update shows nothing of its own, and a deferred
		// command reply is ephemeral: a public answer goes as a follow-up.
		if !onMessage(i) {
			if err := b.deleteOriginal(ctx, i); err != nil {
				return err
			}
		}
		return b.followup(ctx, i, webhookParams(resp))
	default:
		return b.editOriginal(ctx, i, webhookEdit(resp))
	}
}

// respondNow answers at once, logging a failure.
func (b *Bot) respondNow(i *discordgo.Interaction, resp *commands.Response) {
	if err := b.respond(context.Background(), i, interactionResponse(i, resp)); err != nil {
		b.log.Error("interaction reply failed", "err", err)
	}
}

func interactionResponse(i *discordgo.Interaction, r *commands.Response) *discordgo.InteractionResponse {
	switch {
	case r.Choices != nil || i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		choices := r.Choices
		if choices == nil {
			choices = []*discordgo.ApplicationCommandOptionChoice{}
		}
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		}
	case r.Modal != nil:
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseModal,
			Data: &discordgo.InteractionResponseData{CustomID: r.Modal.CustomID, Title: r.Modal.Title, Components: r.Modal.Components},
		}
	}
	kind := discordgo.InteractionResponseChannelMessageWithSource
	if r.Update && onMessage(i) {
		kind = discordgo.InteractionResponseUpdateMessage
	}
	d := &discordgo.InteractionResponseData{
		Content:         r.Content,
		Embeds:          r.Embeds,
		Components:      leanComponents(r.Components),
		Files:           r.Files,
		AllowedMentions: allowedMentions(r.Mentions),
	}
	if r.Ephemeral && kind != discordgo.InteractionResponseUpdateMessage {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: kind, Data: d}
}

func webhookEdit(r *commands.Response) *discordgo.WebhookEdit {
	e := &discordgo.WebhookEdit{
		Content:         &r.Content,
		Embeds:          &r.Embeds,
		Files:           r.Files,
		AllowedMentions: allowedMentions(r.Mentions),
	}
	if r.Components != nil {
		cs := leanComponents(r.Components)
		e.Components = &cs
	}
	return e
}

func webhookParams(r *commands.Response) *discordgo.WebhookParams {
	p := &discordgo.WebhookParams{
		Content:         r.Content,
		Embeds:          r.Embeds,
		Components:      leanComponents(r.Components),
		Files:           r.Files,
		AllowedMentions: allowedMentions(r.Mentions),
	}
	if r.Ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}

// allowedMentions pings nobody unless a feature says whom to ping.
func allowedMentions(m *discordgo.MessageAllowedMentions) *discordgo.MessageAllowedMentions {
	if m != nil {
		return m
	}
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// wentWrong logs err under a fresh reference and returns the member's
// reply, in lang.
func wentWrong(log *slog.Logger, lang string, err error) *commands.Response {
	ref := newRef()
	log.Error("interaction failed", "ref", ref, "err", err)
	return runtimeReply(lang, msgWentWrong, "Ref", ref)
}

func newRef() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// onMessage reports whether i came from a message Kindred can update in
// place: a component on it, or a modal opened from one.
func onMessage(i *discordgo.Interaction) bool {
	return i.Type == discordgo.InteractionMessageComponent ||
		(i.Type == discordgo.InteractionModalSubmit && i.Message != nil)
}

func componentID(i *discordgo.Interaction) string {
	if i.Type == discordgo.InteractionModalSubmit {
		return i.ModalSubmitData().CustomID
	}
	return i.MessageComponentData().CustomID
}

func interactionKind(i *discordgo.Interaction) string {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return "command"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionMessageComponent:
		return "component"
	case discordgo.InteractionModalSubmit:
		return "modal"
	}
	return "other"
}

func firstPart(customID string) string {
	for i, r := range customID {
		if r == ':' {
			return customID[:i]
		}
	}
	return customID
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s && s != "" {
			return true
		}
	}
	return false
}
