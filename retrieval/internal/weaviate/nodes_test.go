package weaviate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/weaviate/weaviate-go-client/v5/weaviate/fault"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A node that cannot be reached is told apart from one that answers.
func TestUnreachable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"refused", refused, true},
		{"refused, through the client", &fault.WeaviateClientError{DerivedFromError: refused}, true},
		{"refused, wrapped", fmt.Errorf("weaviate: write batch: %w", refused), true},
		{"gRPC unavailable", status.Error(codes.Unavailable, "connection refused"), true},
		{"503", &fault.WeaviateClientError{IsUnexpectedStatusCode: true, StatusCode: 503}, true},
		{"422", &fault.WeaviateClientError{IsUnexpectedStatusCode: true, StatusCode: 422, Msg: "bad class"}, false},
		{"gRPC invalid argument", status.Error(codes.InvalidArgument, "bad filter"), false},
		{"another error", errors.New("no such class"), false},
	} {
		if got := unreachable(tt.err); got != tt.want {
			t.Errorf("unreachable(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOpenRefusesBadNodeLists(t *testing.T) {
	for _, cfg := range []Config{
		{URL: "http://a:8080,ftp://b"},
		{URL: "http://a:8080,http://b:8080", GRPC: "a:50051"},
		{URL: "http://a:8080,"},
	} {
		if _, err := Open(context.Background(), cfg); err == nil {
			t.Errorf("Open(%+v) = nil error, want one", cfg)
		}
	}
}

// Given a dead node before the live one, the client talks to the live one
// and works as with it alone.
func TestOpenPassesOverADeadNode(t *testing.T) {
	u := os.Getenv("ARCHIVIST_TEST_WEAVIATE_URL")
	if u == "" {
		t.Skip("no Weaviate: start one with `scripts/weaviate start` and set ARCHIVIST_TEST_WEAVIATE_URL (and ARCHIVIST_TEST_WEAVIATE_GRPC_URL) to run this test")
	}
	g := os.Getenv("ARCHIVIST_TEST_WEAVIATE_GRPC_URL")
	if g == "" {
		pu, _ := url.Parse(u)
		g = pu.Hostname() + ":50051"
	}
	dead := deadAddr(t)
	ctx := context.Background()
	c, err := Open(ctx, Config{
		URL: "http://" + dead + "," + u, GRPC: dead + "," + g, APIKey: os.Getenv("ARCHIVIST_TEST_WEAVIATE_API_KEY"),
		Prefix: fmt.Sprintf("Test%d", time.Now().UnixNano()),
	})
	if err != nil {
		t.Fatalf("Open with a dead node first: %v", err)
	}
	if live, _ := url.Parse(u); c.Node() != live.Host {
		t.Errorf("the client talks to %s, want %s", c.Node(), live.Host)
	}
	// The node it talks to dies (as far as the client knows): it goes on
	// with the live one.
	c.cur.Store(0)
	if err := c.EnsureSchema(ctx); err != nil {
		t.Fatalf("EnsureSchema with the dead node current: %v", err)
	}
	defer c.Drop(context.Background())
	c.cur.Store(0)
	arts := []Article{{ID: "a", Title: "Rain", Text: "It rained in Paris.", Terms: "rain rain pari", Hash: "h1"}}
	ps := []Passage{{ArticleID: "a", Seq: 0, Start: 0, End: 19, Terms: "rain rain pari", Vector: unit(1, 0, 0)}}
	if err := c.Put(ctx, arts, ps); err != nil {
		t.Fatalf("Put with the dead node current: %v", err)
	}
	c.cur.Store(0)
	hits, err := c.PassagesBM25(ctx, "rain", 5, Filter{})
	if err != nil || len(hits) != 1 {
		t.Fatalf("PassagesBM25 with the dead node current = %v, %v", hits, err)
	}
	if !strings.Contains(c.Node(), strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")) {
		t.Errorf("after the failover the client talks to %s", c.Node())
	}
}

// deadAddr is a loopback host:port that nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
