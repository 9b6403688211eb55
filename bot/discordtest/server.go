// Package discordtest is a fake Discord for tests: an httptest server that
// speaks the gateway's websocket protocol (HELLO, IDENTIFY, READY, heartbeats,
// RESUME, and shards: each guild's events go to the connection of its shard)
// and the REST routes a bot uses (and those that read its account,
// commands, guilds and roles), records every REST call with its JSON body,
// and lets a test inject events, rate limits, failures and a dropped
// connection.
package discordtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options describes the bot account the fake Discord serves. The zero value
// is usable: every empty field gets a default.
type Options struct {
	// BotID and BotName are the bot user's id and name in READY.
	BotID, BotName string
	// AppID is the application id in READY.
	AppID string
	// HeartbeatInterval is sent in HELLO; 0 means 41.25 s, as Discord does.
	HeartbeatInterval time.Duration
	// RecommendedShards is the shard count GET /api/v9/gateway/bot
	// recommends; 0 means 1.
	RecommendedShards int
}

// Server is a fake Discord. Its methods are safe for concurrent use.
type Server struct {
	// URL is the origin (http://127.0.0.1:port) to use as the bot's API URL.
	URL string

	opts Options
	srv  *httptest.Server
	ids  atomic.Int64 // snowflake counter

	mu      sync.Mutex // guards everything below
	calls   []Call
	faults  map[string][]fault // by route
	reject  bool               // set by RejectToken
	refused int                // intents refused at IDENTIFY, set by RefuseIntents
	// registered holds the commands registered, by guild id ("" for the
	// global ones); guilds, the guilds the bot is in, by id.
	registered map[string][]map[string]any
	guilds     map[string]Guild
	// channels are the channels the fake knows, by id; history, the
	// messages of each channel, oldest first.
	channels map[string]Channel
	history  map[string][]map[string]any
	// originals are the interactions' original replies as last edited,
	// by token; asked, the channel of each dispatched interaction, by token.
	originals map[string]map[string]any
	asked     map[string]string
	changed   chan struct{} // closed and replaced whenever state changes
	gw        gatewayState
}

// NewServer starts a fake Discord. Close it when done.
func NewServer(opts Options) *Server {
	if opts.BotID == "" {
		opts.BotID = "1100000000000000001"
	}
	if opts.BotName == "" {
		opts.BotName = "Archivist"
	}
	if opts.AppID == "" {
		opts.AppID = opts.BotID
	}
	if opts.RecommendedShards <= 0 {
		opts.RecommendedShards = 1
	}
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	s := &Server{
		opts:    opts,
		faults:  make(map[string][]fault),
		changed: make(chan struct{}),
		gw:      gatewayState{sessions: make(map[string]*gwSession)},

		channels: make(map[string]Channel),
		history:  make(map[string][]map[string]any),

		originals: make(map[string]map[string]any),
		asked:     make(map[string]string),
	}
	s.ids.Store(1200000000000000000)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveGateway)
	s.routes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record("", r, http.StatusNotFound)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close drops every gateway connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := s.gw.conns
	s.gw.conns = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// BotID returns the bot user's id.
func (s *Server) BotID() string { return s.opts.BotID }

// AppID returns the application's id.
func (s *Server) AppID() string { return s.opts.AppID }

// Snowflake returns a new unique id, as Discord's ids are.
func (s *Server) Snowflake() string {
	return strconv.FormatInt(s.ids.Add(1), 10)
}

// notifyLocked wakes everyone waiting for a change. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil calls cond with s.mu held until it returns true or ctx is done.
func (s *Server) waitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// wsURL is the gateway's address, as GET /api/v9/gateway returns it.
func (s *Server) wsURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http")
}
