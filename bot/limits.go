package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"archivist/retrieval"
)

// rateLimiter allows each user n questions per window: a token bucket per
// user that holds n tokens and refills n per window.
type rateLimiter struct {
	n      int // tokens per window; no limit when n < 0
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex // guards buckets
	buckets map[string]*tokens
}

type tokens struct {
	left float64
	at   time.Time // when left was computed
}

func newRateLimiter(n int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{n: n, window: window, now: now, buckets: make(map[string]*tokens)}
}

// allow takes a token for user and reports whether there was one; when
// there was not, wait is how long until there is.
func (l *rateLimiter) allow(user string) (ok bool, wait time.Duration) {
	if l.n < 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	rate := float64(l.n) / l.window.Seconds() // tokens per second
	t := l.buckets[user]
	if t == nil {
		if len(l.buckets) >= 10000 {
			l.pruneLocked(now, rate)
		}
		t = &tokens{left: float64(l.n), at: now}
		l.buckets[user] = t
	}
	t.left = min(float64(l.n), t.left+now.Sub(t.at).Seconds()*rate)
	t.at = now
	if t.left >= 1 {
		t.left--
		return true, 0
	}
	return false, time.Duration((1 - t.left) / rate * float64(time.Second))
}

// pruneLocked forgets the users whose buckets are full again.
func (l *rateLimiter) pruneLocked(now time.Time, rate float64) {
	for user, t := range l.buckets {
		if t.left+now.Sub(t.at).Seconds()*rate >= float64(l.n) {
			delete(l.buckets, user)
		}
	}
}

// waitText says how long to wait, in words: "in 8 seconds".
func waitText(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s <= 1 {
		return "in a second"
	}
	return fmt.Sprintf("in %d seconds", s)
}

// turn waits for one of the bot's answer slots, for up to QueueTimeout, and
// returns the function that gives it back.
func (b *Bot) turn(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(b.cfg.QueueTimeout)
	defer t.Stop()
	select {
	case b.slots <- struct{}{}:
		return func() { <-b.slots }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// passageCache keeps the passages of recent answers for their "Show
// passages" button, forgetting the oldest beyond its capacity.
type passageCache struct {
	mu    sync.Mutex // guards the fields below
	max   int
	byKey map[string][]retrieval.Passage
	order []string // keys, oldest first
}

func newPassageCache(max int) *passageCache {
	return &passageCache{max: max, byKey: make(map[string][]retrieval.Passage)}
}

func (c *passageCache) put(key string, ps []retrieval.Passage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; !ok {
		c.order = append(c.order, key)
	}
	c.byKey[key] = ps
	for len(c.order) > c.max {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *passageCache) get(key string) ([]retrieval.Passage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps, ok := c.byKey[key]
	return ps, ok
}
