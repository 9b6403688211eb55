// Package weaviate keeps an archive's articles and passages in a Weaviate
// collection and asks it for candidates: BM25 over passages and over whole
// articles, nearest passage vectors, and Weaviate's own hybrid query, each
// within a range of publication days. Vectors come from the caller (the
// collections have no vectorizer); text is indexed as the terms the
// caller's analyser gives, so that Weaviate's BM25 counts what the
// archive's own BM25 counts.
//
// It talks to the server with the official Go client: REST for the schema
// and gRPC for batches and searches.
package weaviate

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	wv "github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/auth"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/fault"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/grpc"
)

// Config says where the server is. URL is required.
type Config struct {
	// URL is the server's HTTP origin, e.g. http://127.0.0.1:8080, or the
	// origins of several nodes of one cluster separated by commas: the
	// client talks to the first that answers, and moves to the next when
	// the one it talks to cannot be reached.
	URL string
	// GRPC is its gRPC host:port (one per URL, separated by commas);
	// empty means each URL's host on port 50051.
	GRPC string
	// APIKey, when set, is sent with every request; it is never logged.
	APIKey string
	// Prefix starts the names of the three collections (Article, Passage,
	// Meta follow it); empty means "Archivist".
	Prefix string
	// Timeout bounds each request; 0 means 60 seconds.
	Timeout time.Duration
	// Shards is the shard count EnsureSchema asks for in the passage and
	// article collections; 0 means 1. The meta collection has one shard.
	Shards int
	// Replication is the replication factor EnsureSchema gives all three
	// collections; 0 means 1. Above 1, the collections replicate
	// asynchronously too (so that a node that was down catches up), and
	// reads and writes ask for a quorum of replicas, so that they go on
	// while one node of three is down.
	Replication int
	// WriteTimeout bounds each try of a write; 0 means 10 seconds. A
	// write that fails or times out is tried again, WriteTries times in
	// all (0 means 4): when the cluster's Raft leader dies, the first
	// write may hang until a new leader is elected.
	WriteTimeout time.Duration
	WriteTries   int
}

// Client is a connection to one server (or to one node of a cluster at a
// time) and one set of collections. It is safe for concurrent use.
type Client struct {
	nodes                  []*wv.Client // one per node Config names
	hosts                  []string     // their HTTP hosts, for messages
	cur                    atomic.Int32 // the node talked to
	article, passage, meta string
	shards, replication    int
	// consistency is the consistency level of every read and write:
	// QUORUM when collections are replicated, else the server's default.
	consistency  string
	writeTimeout time.Duration
	writeTries   int
}

// Open connects to the server cfg names (to the first of its nodes that
// is ready) and checks that it answers; it changes nothing there.
func Open(ctx context.Context, cfg Config) (*Client, error) {
	urls := strings.Split(cfg.URL, ",")
	var grpcs []string
	if cfg.GRPC != "" {
		grpcs = strings.Split(cfg.GRPC, ",")
		if len(grpcs) != len(urls) {
			return nil, fmt.Errorf("weaviate: %d gRPC addresses for %d URLs", len(grpcs), len(urls))
		}
	}
	var nodes []*wv.Client
	var hosts []string
	for i, raw := range urls {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("weaviate URL %q: want an origin like http://127.0.0.1:8080", raw)
		}
		gh := u.Hostname() + ":50051"
		if grpcs != nil {
			gh = strings.TrimSpace(grpcs[i])
		}
		gh = strings.TrimPrefix(strings.TrimPrefix(gh, "http://"), "https://")
		conf := wv.Config{
			Host:       u.Host,
			Scheme:     u.Scheme,
			GrpcConfig: &grpc.Config{Host: gh, Secured: u.Scheme == "https"},
			Timeout:    cfg.Timeout,
		}
		if cfg.APIKey != "" {
			conf.AuthConfig = auth.ApiKey{Value: cfg.APIKey}
		}
		c, err := wv.NewClient(conf)
		if err != nil {
			return nil, fmt.Errorf("connect to weaviate at %s: %w", u.Host, scrub(clean(err), cfg.APIKey))
		}
		nodes, hosts = append(nodes, c), append(hosts, u.Host)
	}
	p := cfg.Prefix
	if p == "" {
		p = "Archivist"
	}
	cl := &Client{
		nodes: nodes, hosts: hosts, article: p + "Article", passage: p + "Passage", meta: p + "Meta",
		shards: max(cfg.Shards, 1), replication: max(cfg.Replication, 1),
		writeTimeout: cfg.WriteTimeout, writeTries: cfg.WriteTries,
	}
	if cl.replication > 1 {
		cl.consistency = "QUORUM"
	}
	if cl.writeTimeout <= 0 {
		cl.writeTimeout = 10 * time.Second
	}
	if cl.writeTries <= 0 {
		cl.writeTries = 4
	}
	if err := cl.Ready(ctx); err != nil {
		return nil, err
	}
	return cl, nil
}

// Ready reports whether the server answers and is ready to serve.
func (c *Client) Ready(ctx context.Context) error {
	var ok bool
	err := c.do(ctx, func(n *wv.Client) (err error) {
		ok, err = n.Misc().ReadyChecker().Do(ctx)
		if err == nil && !ok && len(c.nodes) > 1 {
			return errNotReady // another node may be
		}
		return err
	})
	if errors.Is(err, errNotReady) {
		ok, err = false, nil
	}
	if err != nil {
		return fmt.Errorf("weaviate ready check: %w", clean(err))
	}
	if !ok {
		return errors.New("weaviate is not ready")
	}
	return nil
}

// Version is the server's version, e.g. "1.35.2".
func (c *Client) Version(ctx context.Context) (string, error) {
	var version string
	err := c.do(ctx, func(n *wv.Client) error {
		m, err := n.Misc().MetaGetter().Do(ctx)
		if err == nil {
			version = m.Version
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("weaviate meta: %w", clean(err))
	}
	return version, nil
}

// scrub removes key from err's text, so that an error may be logged.
func scrub(err error, key string) error {
	if err == nil || key == "" || !strings.Contains(err.Error(), key) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), key, "***"))
}

// objectID is the UUID of the object named name: the same name always
// gives the same UUID (version 5 style, SHA-1), so that writing an object
// again replaces it.
func objectID(kind, name string) string {
	h := sha1.Sum([]byte("archivist\x00" + kind + "\x00" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// clean turns the client's errors into plain ones: the network error
// itself, or the status code and the server's message.
func clean(err error) error {
	var ce *fault.WeaviateClientError
	if !errors.As(err, &ce) {
		return err
	}
	if ce.DerivedFromError != nil && !ce.IsUnexpectedStatusCode {
		return ce.DerivedFromError
	}
	return fmt.Errorf("status %d: %s", ce.StatusCode, ce.Msg)
}
