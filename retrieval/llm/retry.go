package llm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"archivist/retrieval/internal/httpretry"
)

// retryPolicy is the wait between retries: a backoff of 0.5s doubling up to
// 10s, with jitter, and a Retry-After of up to 30s; a server that asks for
// more is reported as an error instead.
var retryPolicy = httpretry.Policy{Base: 500 * time.Millisecond, Max: 10 * time.Second, MaxRetryAfter: 30 * time.Second}

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
		if !retryable(err) || delivered || try >= c.retries {
			if try > 0 {
				return "", fmt.Errorf("%w (after %d attempts)", err, try+1)
			}
			return "", err
		}
		var header string // the Retry-After of a status reply
		if se := (*statusError)(nil); errors.As(err, &se) {
			header = se.retryAfter
		}
		wait, ok := c.policy.Delay(ctx, try, header)
		if !ok {
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

// retryable reports whether a failed attempt may succeed when sent again: a
// reply httpretry.Retryable accepts (429, 5xx), or a transport error
// (refused, reset) other than the per-attempt timeout.
func retryable(err error) bool {
	var se *statusError
	var te *transportError
	switch {
	case errors.As(err, &se):
		return httpretry.Retryable(se.code)
	case errors.Is(err, context.DeadlineExceeded):
		// The per-attempt timeout: a model this slow will be slow again.
		return false
	default:
		// A transport error, or else a reply that could not be read or
		// made no sense.
		return errors.As(err, &te)
	}
}
