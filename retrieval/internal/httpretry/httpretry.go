// Package httpretry is the one retry behaviour of archivist's HTTP clients
// (the embedding servers and the LLM server): which replies are worth
// sending again, how long to wait first (the server's Retry-After, else an
// exponential backoff with jitter), and a wait that ends when the caller
// gives up.
//
// It decides and waits; it neither sends requests nor logs.
package httpretry

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retryable reports whether a reply with this HTTP status may succeed when
// sent again: 429 Too Many Requests and every 5xx. Other statuses, 4xx
// included, are final.
func Retryable(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status <= 599)
}

// RetryAfter reads the value h of a Retry-After header (RFC 9110, section
// 10.2.3) received at now. It accepts both forms: delay-seconds (digits
// only, "0" included) and an HTTP-date in any of the three formats HTTP
// allows. It reports false for an absent or malformed value (a sign, a
// fraction, garbage) and for a date that is not after now, which is as
// likely the two clocks' skew as a real request; the caller then backs
// off as if no header had come. A value too large for a time.Duration
// saturates at the largest one, so that the caller's limit rejects it.
func RetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if allDigits(h) {
		secs, err := strconv.ParseUint(h, 10, 64)
		if err != nil || secs > math.MaxInt64/uint64(time.Second) {
			return math.MaxInt64, true // only a range error is possible here
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now) // saturates for dates far in the future
	if d <= 0 {
		return 0, false
	}
	return d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Sleep waits for d or until ctx is done, whichever comes first. It returns
// nil after a full wait and ctx.Err() as soon as ctx is done, even when d is
// zero or negative.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Defaults used where a Policy leaves a field zero.
const (
	DefaultBase          = 500 * time.Millisecond
	DefaultMax           = 20 * time.Second
	DefaultMaxRetryAfter = 2 * time.Minute
)

// Policy says how long to wait between attempts. Its zero value uses the
// defaults above and math/rand/v2 for jitter. A Policy is a value and safe
// for concurrent use when Rand is.
type Policy struct {
	// Base is the backoff before the first retry, before jitter; it doubles
	// with each retry. 0 means DefaultBase.
	Base time.Duration
	// Max caps the doubled backoff, before jitter. 0 means DefaultMax.
	Max time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a server asking for
	// more has failed for this call. 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Rand returns a uniformly random number in [0, n) for n > 0; nil means
	// math/rand/v2's Int64N. Tests set it to make the jitter deterministic.
	Rand func(n int64) int64
}

// Backoff returns the wait before retry attempt+1, attempt counting from 0:
// Base doubled attempt times, capped at Max, then jittered to a uniformly
// random duration in its upper half [d/2, d], so that clients that failed
// together spread out but no wait is shorter than half the schedule.
func (p Policy) Backoff(attempt int) time.Duration {
	base, ceiling := p.Base, p.Max
	if base <= 0 {
		base = DefaultBase
	}
	if ceiling <= 0 {
		ceiling = DefaultMax
	}
	d := ceiling
	if attempt < 0 {
		attempt = 0
	}
	if attempt < 62 && base <= ceiling>>attempt {
		d = base << attempt
	}
	rnd := p.Rand
	if rnd == nil {
		rnd = rand.Int64N
	}
	half := d / 2
	return half + time.Duration(rnd(int64(d-half)+1))
}

// Delay returns the wait before retry attempt+1 after a retryable reply
// whose Retry-After header is header ("" when absent): what the header asks
// for when RetryAfter accepts it, else Backoff(attempt).
//
// ok is false when the header asks for more than MaxRetryAfter, or for a
// retry after ctx's deadline: no retry can succeed in time, so the caller
// should stop at once and report d, what the server asked for, rather than
// wait in vain. A backoff is never refused; Sleep ends it when ctx is done.
func (p Policy) Delay(ctx context.Context, attempt int, header string) (d time.Duration, ok bool) {
	return p.delay(ctx, attempt, header, time.Now())
}

func (p Policy) delay(ctx context.Context, attempt int, header string, now time.Time) (time.Duration, bool) {
	d, asked := RetryAfter(header, now)
	if !asked {
		return p.Backoff(attempt), true
	}
	limit := p.MaxRetryAfter
	if limit <= 0 {
		limit = DefaultMaxRetryAfter
	}
	if d > limit {
		return d, false
	}
	if deadline, has := ctx.Deadline(); has && d > deadline.Sub(now) {
		return d, false
	}
	return d, true
}
