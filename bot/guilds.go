package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kindred-bot/kindred/commands"
	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// welcomeMessage is the catalogue ID of the message posted when Kindred joins.
const welcomeMessage = "bot.welcome"

// onGuildCreate records the server and, until its welcome is posted,
// queues the welcome message.
func (b *Bot) onGuildCreate(ctx context.Context, g *discordgo.Guild) {
	if g.Unavailable || !b.begin() {
		return
	}
	defer b.inflight.Done()
	needsWelcome, err := b.cfg.Store.GuildJoined(ctx, g.ID)
	if err != nil {
		b.log.Error("record server", "guild", g.ID, "err", err)
		return
	}
	b.recordGuildName(ctx, g)
	if !needsWelcome {
		return
	}
	channelID := b.welcomeChannel(g)
	if channelID == "" {
		b.log.Warn("no channel to post the welcome message in", "guild", g.ID)
		return
	}
	w := welcome{guildID: g.ID, channelID: channelID, lang: i18n.Match(string(g.PreferredLocale))}
	if !b.begin() {
		return // stopping: the next start welcomes it
	}
	if !b.welcomes.add(w, func() { b.postWelcomes(ctx) }) {
		b.inflight.Done() // queued already (a second GUILD_CREATE)
	}
}

// welcome is a welcome post waiting for its turn: only what posting it
// needs, so that the GUILD_CREATE it came with (the server's channels,
// roles and members) is not kept while it waits.
type welcome struct {
	guildID, channelID, lang string
	// tries is how many times posting it failed for a reason that may
	// pass.
	tries int
}

// defaultWelcomeRetries are the waits before each new try of a welcome
// post that failed for a reason that may pass (Discord answered 5xx or
// did not answer, or the database was busy), so that a moderator who
// adds Kindred during a hiccup of Discord's still sees it arrive. After
// the last, or a refusal that will not pass (Kindred may not write in
// the channel), the welcome waits for the next start, as GuildJoined
// says. Config.WelcomeRetries replaces them.
var defaultWelcomeRetries = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute}

// maxWelcomeSenders is how many welcome posts are sent at once. They
// wait for the global pace anyway; a thousand servers added at once
// queue as a thousand small values, not a thousand goroutines each
// holding its server's GUILD_CREATE.
const maxWelcomeSenders = 4

// welcomeQueue holds the welcome posts waiting to be sent.
type welcomeQueue struct {
	mu      sync.Mutex
	waiting []welcome
	queued  map[string]bool // servers waiting or being welcomed
	senders int
}

// add queues w, unless its server is queued already, and starts a sender
// (send) if fewer than maxWelcomeSenders are running. It reports whether
// w was queued.
func (q *welcomeQueue) add(w welcome, send func()) bool {
	q.mu.Lock()
	if q.queued[w.guildID] {
		q.mu.Unlock()
		return false
	}
	if q.queued == nil {
		q.queued = map[string]bool{}
	}
	q.queued[w.guildID] = true
	q.mu.Unlock()
	q.push(w, send)
	return true
}

// push puts w, whose server is marked queued, in line, and starts a
// sender (send) if fewer than maxWelcomeSenders are running.
func (q *welcomeQueue) push(w welcome, send func()) {
	q.mu.Lock()
	q.waiting = append(q.waiting, w)
	start := q.senders < maxWelcomeSenders
	if start {
		q.senders++
	}
	q.mu.Unlock()
	if start {
		go send()
	}
}

// next takes the next welcome, or reports that none is left, in which
// case the sender that asked stops.
func (q *welcomeQueue) next() (welcome, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.senders--
		q.waiting = nil
		return welcome{}, false
	}
	w := q.waiting[0]
	q.waiting = q.waiting[1:]
	return w, true
}

// done forgets a welcome that was tried, so a later GUILD_CREATE may
// queue its server again should it still need one.
func (q *welcomeQueue) done(guildID string) {
	q.mu.Lock()
	delete(q.queued, guildID)
	q.mu.Unlock()
}

// postWelcomes posts queued welcomes until none is left. Each was
// counted in flight when it was queued, so shutdown waits for it.
func (b *Bot) postWelcomes(ctx context.Context) {
	for {
		w, ok := b.welcomes.next()
		if !ok {
			return
		}
		err := b.postWelcome(ctx, w)
		switch {
		case err == nil:
			b.welcomes.done(w.guildID)
		case b.retryWelcome(ctx, w, err):
			b.log.Warn("post welcome message; will try again", "guild", w.guildID, "tries", w.tries+1, "err", err)
		default:
			b.log.Error("post welcome message", "guild", w.guildID, "tries", w.tries+1, "err", err)
			b.welcomes.done(w.guildID)
		}
		b.inflight.Done()
	}
}

// retryWelcome queues w again after its next wait, if err may pass and
// w has tries left, and reports whether it will. While it waits, its
// server stays queued (a second GUILD_CREATE adds nothing) but nothing
// is in flight, so shutdown does not wait for it: the next start tries
// again.
func (b *Bot) retryWelcome(ctx context.Context, w welcome, err error) bool {
	var de *data.DeliveryError
	if errors.As(classifySendError(err, false), &de) || w.tries >= len(b.cfg.WelcomeRetries) {
		return false
	}
	wait := b.cfg.WelcomeRetries[w.tries]
	w.tries++
	time.AfterFunc(wait, func() {
		if !b.begin() {
			b.welcomes.done(w.guildID) // stopping: the next start welcomes it
			return
		}
		b.welcomes.push(w, func() { b.postWelcomes(ctx) })
	})
	return true
}

// WelcomeNonce is the nonce of a server's welcome post, and of the
// marker it carries (see DeliveryNonce).
func WelcomeNonce(guildID string) string {
	return DeliveryNonce(data.Delivery{GuildID: guildID, Key: "welcome"})
}

// postWelcome posts a server's welcome once, as deliveries are posted
// (deliver.go): with a nonce, so that Discord takes a repeat within
// minutes as the same message, and marked with it, so that after an
// attempt that may have gone out unseen (the process stopped mid-send, or
// Discord took the post and then failed) the channel is looked at first.
// Until it is recorded as posted, every GUILD_CREATE of the server (each
// start) tries again; a failure that may pass is also retried while
// Kindred runs (retryWelcome).
func (b *Bot) postWelcome(ctx context.Context, w welcome) error {
	earlier, since, err := b.cfg.Store.WelcomeAttempt(ctx, w.guildID)
	if err != nil {
		return err
	}
	nonce := WelcomeNonce(w.guildID)
	if earlier {
		// A channel whose history Kindred can't read is posted to: a
		// welcome twice is better than none.
		if _, found, err := b.send.findMarked(ctx, w.channelID, nonce, since); err == nil && found {
			return b.cfg.Store.WelcomePosted(ctx, w.guildID)
		}
	}
	msg := &discordgo.MessageSend{Content: i18n.For(w.lang).T(welcomeMessage)}
	if _, err := b.send.sendOnce(ctx, w.channelID, msg, nonce, false); err != nil {
		return err
	}
	return b.cfg.Store.WelcomePosted(ctx, w.guildID)
}

// welcomeChannel is the system channel, or else the first text channel
// (in the server's order) Kindred may write in.
func (b *Bot) welcomeChannel(g *discordgo.Guild) string {
	const need = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages
	canWrite := func(id string) bool {
		p, err := b.send.BotPermissions(g.ID, id)
		return err == nil && p&need == need
	}
	if g.SystemChannelID != "" && canWrite(g.SystemChannelID) {
		return g.SystemChannelID
	}
	channels := append([]*discordgo.Channel(nil), g.Channels...)
	sort.SliceStable(channels, func(i, j int) bool { return channels[i].Position < channels[j].Position })
	for _, ch := range channels {
		if ch.Type == discordgo.ChannelTypeGuildText && canWrite(ch.ID) {
			return ch.ID
		}
	}
	return ""
}

// onReady notices the servers that removed Kindred while it was offline:
// it missed their GUILD_DELETE. A server recorded as active that is
// neither in READY nor in GET /users/@me/guilds is recorded as removed,
// which starts its grace period (see scheduler.GuildGrace). If Discord
// can't be asked, nothing is changed: a server is never marked removed
// on a guess.
func (b *Bot) onReady(ctx context.Context, st *discordgo.State, r *discordgo.Ready) {
	if !b.begin() {
		return
	}
	defer b.inflight.Done()
	// The database first: a server that adds Kindred while Discord is
	// asked is then not among those compared.
	known, err := b.cfg.Store.ActiveGuilds(ctx)
	if err != nil {
		b.log.Error("compare servers at start-up", "err", err)
		return
	}
	// discordgo's state updates READY's guilds in place as GUILD_CREATEs
	// arrive, under its lock.
	present := map[string]bool{}
	st.RLock()
	for _, g := range r.Guilds {
		present[g.ID] = true
	}
	for _, g := range st.Guilds {
		present[g.ID] = true
	}
	st.RUnlock()
	ids, err := b.currentGuilds(ctx)
	if err != nil {
		b.log.Warn("could not list Kindred's servers; servers that removed it while offline are noticed at the next start", "err", err)
		return
	}
	for _, id := range ids {
		present[id] = true
	}
	for _, id := range known {
		if present[id] {
			continue
		}
		if err := b.cfg.Store.GuildRemoved(ctx, id); err != nil {
			b.log.Error("record server removal", "guild", id, "err", err)
			continue
		}
		b.log.Info("Kindred was removed from a server while it was offline; its data is deleted after the grace period unless Kindred is added back", "guild", id)
	}
}

// currentGuilds lists every server Kindred is in, from GET
// /users/@me/guilds, 200 a page.
func (b *Bot) currentGuilds(ctx context.Context) ([]string, error) {
	var ids []string
	after := ""
	for {
		page, err := b.session.UserGuilds(200, "", after, false, discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("list Kindred's servers: %w", err)
		}
		for _, g := range page {
			ids = append(ids, g.ID)
		}
		if len(page) < 200 {
			return ids, nil
		}
		after = page[len(page)-1].ID
	}
}

// onGuildDelete records that Kindred was removed from a server. An outage
// (Unavailable) is not a removal.
func (b *Bot) onGuildDelete(ctx context.Context, g *discordgo.GuildDelete) {
	if g.Unavailable || !b.begin() {
		return
	}
	defer b.inflight.Done()
	if err := b.cfg.Store.GuildRemoved(ctx, g.ID); err != nil {
		b.log.Error("record server removal", "guild", g.ID, "err", err)
	}
}

// onMemberLeft starts a departed member's grace period: their data in the
// server is deleted once it is over, unless they come back. Kindred's own
// departures arrive as GUILD_DELETE instead.
func (b *Bot) onMemberLeft(ctx context.Context, m *discordgo.Member) {
	if m == nil || m.User == nil || m.User.Bot || m.GuildID == "" || !b.begin() {
		return
	}
	defer b.inflight.Done()
	if err := b.cfg.Store.MemberLeft(ctx, m.GuildID, m.User.ID); err != nil {
		b.log.Error("record a member leaving", "guild", m.GuildID, "err", err)
	}
}

// onMemberJoined ends the grace period of a member who comes back.
func (b *Bot) onMemberJoined(ctx context.Context, m *discordgo.Member) {
	if m == nil || m.User == nil || m.User.Bot || m.GuildID == "" || !b.begin() {
		return
	}
	defer b.inflight.Done()
	if err := b.cfg.Store.MemberReturned(ctx, m.GuildID, m.User.ID); err != nil {
		b.log.Error("record a member joining", "guild", m.GuildID, "err", err)
	}
}

// IsMember reports whether a user is still a member of a server, asking
// Discord (GET /guilds/{guild}/members/{user}) within the global rate
// limit: Kindred may have missed them coming back while it was offline.
// Unknown Member, Unknown User and Unknown Guild (Kindred is no longer in
// the server) mean they are not. With it the bot is the scheduler's
// MemberChecker, asked before a departed member's data is deleted.
func (b *Bot) IsMember(ctx context.Context, guildID, userID string) (bool, error) {
	// The retention sweep can wait for every post that is due.
	ctx = withRank(ctx, math.MaxInt64)
	_, err := b.session.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	if err == nil {
		return true, nil
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		switch re.Message.Code {
		case discordgo.ErrCodeUnknownMember, discordgo.ErrCodeUnknownUser, discordgo.ErrCodeUnknownGuild:
			return false, nil
		}
	}
	return false, fmt.Errorf("look up a member of guild %s: %w", guildID, err)
}

// onConfiguredGone notices that a channel or role a setting points at was
// deleted in Discord: it clears the setting (audited as Kindred's change)
// and tells the moderators in the alerts channel, or else the system
// channel.
func (b *Bot) onConfiguredGone(ctx context.Context, guildID, id string, kind data.SettingKind, what string) {
	if guildID == "" || !b.begin() {
		return
	}
	defer b.inflight.Done()
	st, err := b.cfg.Store.Settings(ctx, guildID)
	if err != nil {
		b.log.Error("load settings", "guild", guildID, "err", err)
		return
	}
	var cleared []data.SettingDef
	for _, d := range data.SettingDefs() {
		if d.Kind != kind || st.Get(d.Key) != id {
			continue
		}
		if _, err := b.cfg.Store.ResetSetting(ctx, guildID, b.botUserID(), d.Key); err != nil {
			b.log.Error("clear setting of deleted channel or role", "guild", guildID, "key", d.Key, "err", err)
			continue
		}
		cleared = append(cleared, d)
	}
	if len(cleared) == 0 {
		return
	}
	after, err := b.cfg.Store.Settings(ctx, guildID)
	if err != nil {
		b.log.Error("load settings", "guild", guildID, "err", err)
		return
	}
	target := after.Get(data.SettingAlertsChannel)
	if target == "" {
		target = systemChannel(b.sessionFor(guildID).State, guildID)
	}
	if target == "" {
		b.log.Warn("a configured channel or role was deleted and there is nowhere to tell the moderators", "guild", guildID)
		return
	}
	// A post everyone in the channel may see: the server's language.
	p := i18n.For(after.Language())
	if kind == data.KindRole {
		what = p.T("guilds.a_role")
	}
	for _, d := range cleared {
		msg := p.T("guilds.setting_gone", "What", what, "Label", d.Label, "Settings", strings.TrimSuffix(p.Command("settings set"), "`")+" "+d.Key+"`")
		if _, err := b.send.SendMessage(ctx, target, &discordgo.MessageSend{Content: msg}); err != nil {
			b.log.Error("tell moderators about a deleted channel or role", "guild", guildID, "err", err)
		}
	}
}

func (b *Bot) botUserID() string {
	if u := b.session.State.User; u != nil {
		return u.ID
	}
	return "kindred"
}

// onDirectMessage answers the stop word in a DM, and any DM with crisis
// language with the safety net (privately, in the language it was written
// in). Kindred does nothing else with a DM: it is never stored or logged.
func (b *Bot) onDirectMessage(ctx context.Context, m *discordgo.Message) {
	if m.GuildID != "" || m.Author == nil || m.Author.Bot || !b.begin() {
		return
	}
	defer b.inflight.Done()
	if !commands.IsStopWord(m.Content) {
		b.dmSafetyNet(ctx, m)
		return
	}
	reply, err := commands.StopDMsAsk(ctx, b.cfg.Store, m.Author.ID, m.Content)
	if err != nil {
		b.log.Error("stop word", "err", err)
		reply = &discordgo.MessageSend{Content: commands.StopFailed(ctx, b.cfg.Store, m.Author.ID)}
	}
	if _, err := b.send.SendMessage(ctx, m.ChannelID, reply); err != nil {
		b.log.Error("answer the stop word", "err", err)
	}
}

// dmSafetyNet answers a DM that holds crisis language; other DMs get no
// answer. Neither the words nor what matched are logged.
func (b *Bot) dmSafetyNet(ctx context.Context, m *discordgo.Message) {
	reply, err := commands.DMSafetyNet(ctx, b.cfg.Store, m.Author.ID, m.Content)
	if err != nil {
		b.log.Error("load member country for the DM safety net", "err", err)
	}
	if reply == nil {
		return
	}
	if _, err := b.send.SendMessage(ctx, m.ChannelID, reply); err != nil {
		b.log.Error("answer a DM with the safety net", "err", err)
		return
	}
	b.log.Info("safety net answered a DM")
}
