package bot

import "reflect"

// RateLimitBuckets is how many rate-limit buckets b's discordgo session
// keeps (discordgo has no way to ask).
func (b *Bot) RateLimitBuckets() int {
	rl := b.session.Ratelimiter
	rl.Lock()
	defer rl.Unlock()
	return reflect.ValueOf(rl).Elem().FieldByName("buckets").Len()
}
