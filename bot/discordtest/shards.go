package discordtest

import (
	"strconv"
	"time"
)

// WithShards makes the fake an application Discord asks to run count
// shards, of which maxConcurrency may identify at once (GET /gateway/bot),
// and enforces Discord's rules: an IDENTIFY without a shard is closed with
// 4011 (sharding required), one outside 0..count-1 with 4010 (invalid
// shard), and two IDENTIFYs in the same bucket (shard_id %
// maxConcurrency) closer than interval are a violation (Discord's is 5 s).
// Each session then receives only its shard's servers, (guild_id >> 22)
// % count, and direct messages go to shard 0.
func WithShards(count, maxConcurrency int, interval time.Duration) Option {
	return func(c *config) {
		c.shards, c.maxConcurrency, c.identifyInterval = count, maxConcurrency, interval
	}
}

// guildShard is Discord's sharding formula.
func guildShard(guildID string, count int) int {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || count <= 1 {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// shardCloseLocked checks an IDENTIFY's shard against the fake's sharding
// and returns the close code to refuse it with, or 0. It records the
// identify for the bucket rule.
func (s *Server) shardCloseLocked(shard []int) int {
	if s.cfg.shards <= 1 {
		return 0
	}
	if len(shard) != 2 {
		return 4011
	}
	if shard[0] < 0 || shard[1] < 1 || shard[0] >= shard[1] {
		return 4010
	}
	mc := max(s.cfg.maxConcurrency, 1)
	bucket := shard[0] % mc
	now := time.Now()
	if last, ok := s.lastIdentify[bucket]; ok && now.Sub(last) < s.cfg.identifyInterval {
		s.violatef("gateway: shards %v identified %v after another in bucket %d (max_concurrency %d): wait %v",
			shard, now.Sub(last).Round(time.Millisecond), bucket, mc, s.cfg.identifyInterval)
	}
	if s.lastIdentify == nil {
		s.lastIdentify = map[int]time.Time{}
	}
	s.lastIdentify[bucket] = now
	return 0
}

// onShardLocked reports whether an event about guildID ("" for none, as
// for direct messages) belongs on sess's shard.
func (sess *gwSession) onShard(guildID string) bool {
	if sess.shard == nil || sess.shard[1] <= 1 {
		return true
	}
	return guildShard(guildID, sess.shard[1]) == sess.shard[0]
}

// ShardIdentifies returns the shard ([id, count]) of every IDENTIFY so
// far, in order; nil entries identified without one.
func (s *Server) ShardIdentifies() [][]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out [][]int
	for _, raw := range s.identifyData {
		out = append(out, shardOf(raw))
	}
	return out
}

// shardOf reads the "shard" field of an IDENTIFY payload.
func shardOf(raw map[string]any) []int {
	sh, ok := raw["shard"].([]any)
	if !ok || len(sh) != 2 {
		return nil
	}
	a, ok1 := sh[0].(float64)
	b, ok2 := sh[1].(float64)
	if !ok1 || !ok2 {
		return nil
	}
	return []int{int(a), int(b)}
}

// eventGuild is the server an event is about: its guild_id, or for
// GUILD_* events about the guild itself, its id.
func eventGuild(eventType string, m map[string]any) string {
	if g, ok := m["guild_id"].(string); ok {
		return g
	}
	if id, ok := m["id"].(string); ok && (eventType == "GUILD_CREATE" || eventType == "GUILD_UPDATE" || eventType == "GUILD_DELETE") {
		return id
	}
	return ""
}
