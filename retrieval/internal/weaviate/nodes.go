package weaviate

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	wv "github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/fault"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// errNotReady is a node that answers but is not ready to serve, which do
// passes over like one that cannot be reached.
var errNotReady = errors.New("weaviate node not ready")

// do runs f against the node the client talks to. When that node cannot
// be reached (refused, reset, unavailable) and the client knows others, it
// moves to the next and runs f again, trying each node once; any other
// error, and ctx's end, are returned as they are.
func (c *Client) do(ctx context.Context, f func(n *wv.Client) error) error {
	var err error
	for range len(c.nodes) {
		i := c.cur.Load()
		if err = f(c.nodes[i]); err == nil || ctx.Err() != nil || len(c.nodes) == 1 ||
			!(unreachable(err) || errors.Is(err, errNotReady)) {
			return err
		}
		c.cur.CompareAndSwap(i, (i+1)%int32(len(c.nodes)))
	}
	return err
}

// Node is the HTTP host of the node the client talks to now.
func (c *Client) Node() string { return c.hosts[c.cur.Load()] }

// unreachable says whether err is a node that could not be reached, as
// opposed to an answer from it.
func unreachable(err error) bool {
	var ce *fault.WeaviateClientError
	if errors.As(err, &ce) {
		if ce.IsUnexpectedStatusCode {
			return ce.StatusCode == 502 || ce.StatusCode == 503
		}
		if ce.DerivedFromError != nil {
			err = ce.DerivedFromError
		}
	}
	if s, ok := status.FromError(err); ok && s.Code() == codes.Unavailable {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
