package weaviate

import (
	"context"
	"fmt"
	"time"
)

// retryPause is the pause between two tries of a write; tests shorten it.
var retryPause = time.Second

// write runs f, a write that may safely be repeated (objects have fixed
// IDs, deletes match by filter), up to c.writeTries times while it fails
// and ctx is not done. The first try has c.writeTimeout, each later one
// twice the one before: a write that hangs on a dead node is cut short,
// and one that is merely slow on a loaded server gets more time.
func (c *Client) write(ctx context.Context, f func(context.Context) error) error {
	timeout := c.writeTimeout
	for try := 1; ; try++ {
		tctx, cancel := context.WithTimeout(ctx, timeout)
		err := f(tctx)
		cancel()
		if err == nil || ctx.Err() != nil {
			return err
		}
		if try >= c.writeTries {
			if try > 1 {
				return fmt.Errorf("%w (%d tries)", err, try)
			}
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(retryPause):
		}
		timeout *= 2
	}
}
