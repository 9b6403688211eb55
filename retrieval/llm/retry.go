package llm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter is the longest Retry-After the client waits for; a server
// that asks for more is reported as an error instead.
const maxRetryAfter = 30 * time.Second

// do sends body, retrying rate limits, server errors and transport errors
// with exponential backoff, until it succeeds, the retries run out, or ctx
// is done.
func (c *Client) do(ctx context.Context, body []byte, stream func(string)) (string, error) {
	var prev error // the last attempt's error that ctx did not cause
	for try := 0; ; try++ {
		text, delivered, err := c.attempt(ctx, body, stream)
		if err == nil {
			return text, nil
		}
		if ctx.Err() != nil {
			if try == 0 {
				return "", err
			}
			// The deadline cut an attempt short: the server's own
			// error before it says more than the cut does.
			return "", fmt.Errorf("%w after %s; last error: %v", context.Cause(ctx), attempts(try+1), prev)
		}
		prev = err
		wait, retry := c.retryDelay(err, try)
		if !retry || delivered || try >= c.retries {
			if try > 0 {
				return "", fmt.Errorf("%w (after %d attempts)", err, try+1)
			}
			return "", err
		}
		if wait > maxRetryAfter {
			return "", fmt.Errorf("%w (the server asks to retry after %v)", err, wait.Round(time.Second))
		}
		if c.sleep(ctx, wait) != nil {
			return "", fmt.Errorf("%w after %s; last error: %v", context.Cause(ctx), attempts(try+1), err)
		}
	}
}

// attempts writes "1 attempt", "3 attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// retryDelay says whether a failed attempt may be retried and how long to
// wait first: the server's Retry-After when it sent one, else an exponential
// backoff with jitter.
func (c *Client) retryDelay(err error, try int) (time.Duration, bool) {
	var se *statusError
	var te *transportError
	switch {
	case errors.As(err, &se):
		if !se.retryable() {
			return 0, false
		}
		if d, ok := parseRetryAfter(se.retryAfter, time.Now()); ok {
			return d, true
		}
	case errors.Is(err, context.DeadlineExceeded):
		// The per-attempt timeout: a model this slow will be slow again.
		return 0, false
	case !errors.As(err, &te):
		// A reply that could not be read or made no sense.
		return 0, false
	}
	// A rate limit or server error without Retry-After, or a transport
	// error (refused, reset): back off exponentially.
	d := c.baseDelay << min(try, 20)
	if d <= 0 || d > c.maxDelay {
		d = c.maxDelay
	}
	return c.jitter(d), true
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// fullJitter returns a random delay in [d/2, d], so clients that failed
// together do not retry together.
func fullJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// sleepCtx waits d, or returns ctx's error if ctx is done first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
