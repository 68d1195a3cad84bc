package data

import "sync"

// memo keeps values loaded from the database in memory, by key, for
// reads that are many times more common than writes (a server's settings,
// a member's language). A load that raced a write is not kept: put stores
// only if no forget came between the load's generation and the put, so
// the memo never holds a value older than the database's. Past max
// entries it starts afresh, which costs one read per key used again.
type memo[V any] struct {
	mu     sync.Mutex
	gen    uint64
	values map[string]V
	max    int
}

func (c *memo[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	return v, ok
}

// generation is taken before a load, and given back to put.
func (c *memo[V]) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *memo[V]) put(gen uint64, key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.values == nil || len(c.values) >= c.max {
		c.values = map[string]V{}
	}
	c.values[key] = v
}

// forget drops key after a write to it, committed or not.
func (c *memo[V]) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.values, key)
}
