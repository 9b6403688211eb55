package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
)

// rateLimiter allows each user n requests per window: a token bucket per
// user that holds n tokens and refills n per window. A user it refuses is
// to be told so at most once per window, and refused in silence otherwise.
type rateLimiter struct {
	n      int // tokens per window; no limit when n < 0
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex // guards buckets
	buckets map[string]*tokens
}

type tokens struct {
	left    float64
	at      time.Time // when left was computed
	noticed time.Time // when the user was last told of the limit
}

func newRateLimiter(n int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{n: n, window: window, now: now, buckets: make(map[string]*tokens)}
}

// allow takes a token for user and reports whether there was one. When
// there was not, wait is how long until there is, and notify is true when
// the user has not been told of the limit within the last window: tell
// them, once; refuse the rest in silence.
func (l *rateLimiter) allow(user string) (ok bool, wait time.Duration, notify bool) {
	if l.n < 0 {
		return true, 0, false
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
		return true, 0, false
	}
	wait = time.Duration((1 - t.left) / rate * float64(time.Second))
	if t.noticed.IsZero() || now.Sub(t.noticed) >= l.window {
		t.noticed = now
		notify = true
	}
	return false, wait, notify
}

// pruneLocked forgets the users whose buckets are full again, and with
// them when they were last told of the limit: most of a window ago.
func (l *rateLimiter) pruneLocked(now time.Time, rate float64) {
	for user, t := range l.buckets {
		if t.left+now.Sub(t.at).Seconds()*rate >= float64(l.n) {
			delete(l.buckets, user)
		}
	}
}

// Names of what each limiter counts, for its notice.
const (
	nounQuestions = "questions"
	nounCommands  = "commands"
)

// limitNotice is what a user over a limit of n a minute is told, once.
func limitNotice(n int, noun string, wait time.Duration) string {
	return fmt.Sprintf("You're asking quickly: the limit is %d %s a minute. Please try again %s; until then I won't reply.",
		n, noun, waitText(wait))
}

// overLimit takes a token for the interaction's user from the limiter of
// its kind: questions (/ask, /search) or commands (every other command and
// button). When there is none, it answers the interaction, as Discord
// requires within 3 seconds: with a private notice the first time in a
// window, else in silence; and it returns true.
func (b *Bot) overLimit(ctx context.Context, out *sender, i *discordgo.Interaction) bool {
	lim, n, noun := b.commands, b.cfg.CommandRateLimit, nounCommands
	if isQuestion(i) {
		lim, n, noun = b.questions, b.cfg.RateLimit, nounQuestions
	}
	ok, wait, notify := lim.allow(userID(i))
	if ok {
		return false
	}
	if notify {
		b.log.Info("rate limited; user told", "interaction", i.ID, "user", userID(i), "limit", noun)
		b.respond(ctx, out, i, reply{Content: limitNotice(n, noun, wait), Ephemeral: true})
		return true
	}
	b.log.Debug("rate limited; acknowledged in silence", "interaction", i.ID, "user", userID(i), "limit", noun)
	if err := out.ackSilently(ctx, i); err != nil {
		b.log.Warn("acknowledge a rate-limited interaction", "interaction", i.ID, "err", err)
	}
	return true
}

// isQuestion reports whether i asks the archive a question: /ask or
// /search, which the questions limit counts.
func isQuestion(i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionApplicationCommand {
		return false
	}
	switch i.ApplicationCommandData().Name {
	case "ask", "search":
		return true
	}
	return false
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
