package bot

import (
	"reflect"
	"time"
)

// RateLimitBuckets is how many rate-limit buckets b's discordgo session
// keeps (discordgo has no way to ask).
func (b *Bot) RateLimitBuckets() int {
	rl := b.session.Ratelimiter
	rl.Lock()
	defer rl.Unlock()
	return reflect.ValueOf(rl).Elem().FieldByName("buckets").Len()
}

// SetWelcomeRetries replaces the waits between tries of a failed welcome
// post until the test ends.
func SetWelcomeRetries(t interface{ Cleanup(func()) }, waits ...time.Duration) {
	was := welcomeRetries
	welcomeRetries = waits
	t.Cleanup(func() { welcomeRetries = was })
}
