package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// identifyInterval is how long Discord wants between two IDENTIFYs in
// the same rate-limit bucket (shard_id % max_concurrency).
const identifyInterval = 5 * time.Second

// ShardOf is the shard that receives a server's events, by Discord's rule
// (guild_id >> 22) % shard_count. Direct messages (guildID "") arrive on
// shard 0. A server ID that is not a number is put on shard 0 too.
func ShardOf(guildID string, count int) int {
	if count <= 1 || guildID == "" {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// shardSet is the gateway connections of this process: which shards it
// runs out of how many, each with its own session and state.
type shardSet struct {
	count    int
	ids      []int
	sessions map[int]*discordgo.Session
	up       map[int]*atomic.Bool // whether each shard's connection is up
}

// setUp records a shard's connection going up or down and reports
// whether all of this process's shards are up.
func (s *shardSet) setUp(id int, up bool) bool {
	s.up[id].Store(up)
	return s.allUp()
}

func (s *shardSet) allUp() bool {
	for _, id := range s.ids {
		if !s.up[id].Load() {
			return false
		}
	}
	return true
}

// Owns reports whether this process runs the shard that receives
// guildID's events (shard 0 for "": DMs).
func (s *shardSet) Owns(guildID string) bool {
	_, ok := s.sessions[ShardOf(guildID, s.count)]
	return ok
}

// planShards decides how many shards there are and which this process
// runs: the configured ones, or every shard Discord recommends
// (GET /gateway/bot), and how many may identify at once.
func (b *Bot) planShards(ctx context.Context) (maxConcurrency int, err error) {
	count, ids := b.cfg.ShardCount, slices.Clone(b.cfg.ShardIDs)
	maxConcurrency = 1
	if err := b.patiently(ctx, "read the recommended shard count", func() error {
		gb, err := b.session.GatewayBot(discordgo.WithContext(ctx))
		if err != nil {
			return err
		}
		if gb.SessionStartLimit.MaxConcurrency > 0 {
			maxConcurrency = gb.SessionStartLimit.MaxConcurrency
		}
		if count == 0 {
			count = max(gb.Shards, 1)
		}
		if gb.SessionStartLimit.Remaining < len(ids) || (len(ids) == 0 && gb.SessionStartLimit.Remaining < count) {
			b.log.Warn("few gateway session starts left today; Discord may refuse some shards",
				"remaining", gb.SessionStartLimit.Remaining, "reset_after_ms", gb.SessionStartLimit.ResetAfter)
		}
		return nil
	}); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		for i := range count {
			ids = append(ids, i)
		}
	}
	for _, id := range ids {
		if id < 0 || id >= count {
			return 0, fmt.Errorf("bot: shard %d is outside 0 to %d (shard_count %d)", id, count-1, count)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	set := &shardSet{count: count, ids: ids, sessions: map[int]*discordgo.Session{}, up: map[int]*atomic.Bool{}}
	for i, id := range ids {
		s := b.session
		if i > 0 {
			s = b.newShardSession()
		}
		if count > 1 {
			s.ShardID, s.ShardCount = id, count
		}
		set.sessions[id] = s
		set.up[id] = new(atomic.Bool)
	}
	b.shards = set // whole before anyone reads it
	return maxConcurrency, nil
}

// newShardSession is another gateway connection sharing the REST client,
// rate limiter and identity of the first, so that per-route limits are
// counted once for the process.
func (b *Bot) newShardSession() *discordgo.Session {
	first := b.session
	s, _ := discordgo.New(first.Identify.Token) // cannot fail: the token is not empty
	s.Client = first.Client
	s.Ratelimiter = first.Ratelimiter
	s.Identify.Intents = first.Identify.Intents
	s.LogLevel = first.LogLevel
	s.MaxRestRetries = first.MaxRestRetries
	s.ShouldRetryOnRateLimit = first.ShouldRetryOnRateLimit
	leanState(s)
	return s
}

// openShards connects every shard of this process, identifying in the
// buckets Discord requires: shards whose IDs differ only in their bucket
// (shard_id % max_concurrency) start together, and each bucket waits the
// identify interval between its shards.
func (b *Bot) openShards(ctx context.Context, maxConcurrency int) error {
	interval := b.cfg.IdentifyInterval
	if interval == 0 {
		interval = identifyInterval
	}
	buckets := map[int][]int{}
	for _, id := range b.shards.ids {
		k := id % maxConcurrency
		buckets[k] = append(buckets[k], id)
	}
	var wg sync.WaitGroup
	errs := make([]error, maxConcurrency)
	for k, ids := range buckets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, id := range ids {
				if i > 0 {
					select {
					case <-ctx.Done():
						errs[k] = ctx.Err()
						return
					case <-time.After(interval):
					}
				}
				s := b.shards.sessions[id]
				if err := b.patiently(ctx, "connect shard "+strconv.Itoa(id)+" to the gateway", s.Open); err != nil {
					errs[k] = err
					return
				}
				b.shards.setUp(id, true)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// sessionFor is the session whose state holds guildID: its shard's, when
// this process runs that shard, else the first (whose state then knows
// nothing of it, as for a server Kindred is not in).
func (b *Bot) sessionFor(guildID string) *discordgo.Session {
	if b.shards != nil {
		if s, ok := b.shards.sessions[ShardOf(guildID, b.shards.count)]; ok {
			return s
		}
	}
	return b.session
}

// channelOf finds a channel in the state of whichever of this process's
// shards holds it, for a caller that knows only the channel.
func (b *Bot) channelOf(channelID string) (*discordgo.Channel, error) {
	if b.shards == nil {
		return stateChannel(b.session.State, channelID)
	}
	var err error
	for _, id := range b.shards.ids {
		var ch *discordgo.Channel
		if ch, err = stateChannel(b.shards.sessions[id].State, channelID); err == nil {
			return ch, nil
		}
	}
	return nil, err
}

// Connected reports whether every shard of this process is connected to
// the gateway, for the health check.
func (b *Bot) Connected() bool {
	return b.shards != nil && b.shards.allUp()
}

// OwnsGuild reports whether this process runs the shard of guildID, so a
// deployment of several processes sends each server's deliveries from one.
// Before connecting, and in a single process, it owns every server.
func (b *Bot) OwnsGuild(guildID string) bool {
	return b.shards == nil || b.shards.Owns(guildID)
}

// closeShards disconnects every shard.
func (b *Bot) closeShards() error {
	var errs []error
	for _, id := range b.shards.ids {
		s := b.shards.sessions[id]
		// Without this discordgo's heartbeat can race Close and reconnect.
		s.Lock()
		s.ShouldReconnectOnError = false
		s.Unlock()
		if err := s.Close(); err != nil {
			errs = append(errs, fmt.Errorf("shard %d: %w", id, err))
		}
	}
	return errors.Join(errs...)
}
