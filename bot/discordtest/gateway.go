package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway op codes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// closeAuthFailed is the gateway's close code for a token it refuses.
const (
	closeAuthFailed        = 4004
	closeInvalidShard      = 4010
	closeDisallowedIntents = 4014
)

// GatewayStats counts what happened on the fake's gateway.
type GatewayStats struct {
	// Connections counts websocket connections accepted.
	Connections int
	// Identifies and Resumes count IDENTIFY (op 2) and RESUME (op 6)
	// payloads; Heartbeats counts op 1.
	Identifies, Resumes, Heartbeats int
	// Intents and Token are those of the last IDENTIFY.
	Intents int
	Token   string
	// Shard is the [id, count] of the last IDENTIFY: [0, 1] when it sent
	// none.
	Shard [2]int
	// Live is true while a client is identified or resumed on an open
	// connection, so that dispatches reach it; LiveShards counts such
	// connections, one per shard at most.
	Live       bool
	LiveShards int
	// Refused counts the connections refused while RefuseGateway was on.
	Refused int
}

// gatewayState is the fake's gateway; Server.mu guards it.
type gatewayState struct {
	stats    GatewayStats
	sessions map[string]*gwSession
	conns    []*gwConn
	live     []*gwConn // the connections dispatches go to, one per shard
	refuse   bool      // set by RefuseGateway
}

// gwSession is one gateway session, which RESUME continues, of one shard.
type gwSession struct {
	id    string
	seq   int64
	shard [2]int // [id, count]
}

// gwConn is one websocket connection.
type gwConn struct {
	ws      *websocket.Conn
	mu      sync.Mutex // serializes writes to ws
	session *gwSession
}

func (c *gwConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

type payload struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  *int64          `json:"s"`
	Type *string         `json:"t"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one gateway connection: HELLO, then IDENTIFY or RESUME,
// heartbeats, until the client or the test closes it.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	refuse := s.gw.refuse
	if refuse {
		s.gw.stats.Refused++
		s.notifyLocked()
	}
	s.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	s.gw.conns = append(s.gw.conns, c)
	s.gw.stats.Connections++
	s.notifyLocked()
	s.mu.Unlock()
	defer s.forget(c)

	hello := map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}
	if err := c.write(map[string]any{"op": opHello, "d": hello, "s": nil, "t": nil}); err != nil {
		return
	}
	for {
		var p payload
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		switch p.Op {
		case opHeartbeat:
			s.count(func(st *GatewayStats) { st.Heartbeats++ })
			if c.write(map[string]any{"op": opHeartbeatAck, "d": nil, "s": nil, "t": nil}) != nil {
				return
			}
		case opIdentify:
			if s.identify(c, p.Data) != nil {
				return
			}
		case opResume:
			if s.resume(c, p.Data) != nil {
				return
			}
		}
	}
}

func (s *Server) count(f func(*GatewayStats)) {
	s.mu.Lock()
	f(&s.gw.stats)
	s.notifyLocked()
	s.mu.Unlock()
}

// forget removes a closed connection.
func (s *Server) forget(c *gwConn) {
	c.ws.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.gw.conns {
		if x == c {
			s.gw.conns = append(s.gw.conns[:i], s.gw.conns[i+1:]...)
			break
		}
	}
	s.dropLiveLocked(c)
	s.notifyLocked()
}

// dropLiveLocked stops dispatches to c. s.mu must be held.
func (s *Server) dropLiveLocked(c *gwConn) {
	s.gw.live = slices.DeleteFunc(s.gw.live, func(x *gwConn) bool { return x == c })
	s.gw.stats.LiveShards = len(s.gw.live)
	s.gw.stats.Live = len(s.gw.live) > 0
}

func (s *Server) identify(c *gwConn, data json.RawMessage) error {
	var id struct {
		Token   string  `json:"token"`
		Intents int     `json:"intents"`
		Shard   *[2]int `json:"shard"`
	}
	if err := json.Unmarshal(data, &id); err != nil {
		return err
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	badShard := shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]
	sess := &gwSession{id: "session-" + s.Snowflake(), shard: shard}
	s.mu.Lock()
	s.gw.stats.Identifies++
	s.gw.stats.Intents = id.Intents
	s.gw.stats.Token = id.Token
	s.gw.stats.Shard = shard
	reject := s.reject
	disallowed := s.refused&id.Intents != 0
	if !reject && !disallowed && !badShard {
		s.gw.sessions[sess.id] = sess
	}
	s.notifyLocked()
	s.mu.Unlock()
	if disallowed {
		return c.closeWith(closeDisallowedIntents, "Disallowed intent(s).")
	}
	if reject {
		return c.closeWith(closeAuthFailed, "Authentication failed.")
	}
	if badShard {
		return c.closeWith(closeInvalidShard, "Invalid shard.")
	}
	ready := map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": s.wsURL(),
		"user": map[string]any{
			"id": s.opts.BotID, "username": s.opts.BotName, "discriminator": "0",
			"global_name": nil, "bot": true, "verified": true,
		},
		"application":      map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":           []any{},
		"private_channels": []any{},
		"shard":            shard,
	}
	return s.goLive(c, sess, "READY", ready)
}

func (s *Server) resume(c *gwConn, data json.RawMessage) error {
	var res struct {
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return err
	}
	s.mu.Lock()
	s.gw.stats.Resumes++
	sess := s.gw.sessions[res.SessionID]
	s.notifyLocked()
	s.mu.Unlock()
	if sess == nil {
		// Unknown session: the client must identify again.
		return c.write(map[string]any{"op": opInvalidSession, "d": false, "s": nil, "t": nil})
	}
	return s.goLive(c, sess, "RESUMED", map[string]any{})
}

// closeWith closes c with a gateway close code and reason, and returns an
// error that ends its loop.
func (c *gwConn) closeWith(code int, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := websocket.FormatCloseMessage(code, reason)
	if err := c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second)); err != nil {
		return err
	}
	return fmt.Errorf("closed with %d %s", code, reason)
}

// goLive sends READY or RESUMED on c and makes c the connection that its
// shard's dispatches go to, in place of any other of that shard. The write
// happens under s.mu so that no dispatch can overtake it.
func (s *Server) goLive(c *gwConn, sess *gwSession, event string, data any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess.seq++
	c.session = sess
	if err := c.write(map[string]any{"op": opDispatch, "t": event, "s": sess.seq, "d": data}); err != nil {
		return err
	}
	s.gw.live = slices.DeleteFunc(s.gw.live, func(x *gwConn) bool { return x.session.shard == sess.shard })
	s.gw.live = append(s.gw.live, c)
	s.gw.stats.LiveShards = len(s.gw.live)
	s.gw.stats.Live = true
	s.notifyLocked()
	return nil
}

// ShardOf returns the shard that receives the events of guild guildID when
// the bot runs count shards: (guild_id >> 22) % count, as Discord computes
// it. Events without a guild (direct messages) go to shard 0; so does an id
// that is not a number.
func ShardOf(guildID string, count int) int {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || count <= 1 {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// eventGuild returns the guild an event of type t belongs to: its guild_id,
// or for the GUILD_ events the guild's own id; "" for none.
func eventGuild(t string, raw []byte) string {
	var e struct {
		ID      string `json:"id"`
		GuildID string `json:"guild_id"`
	}
	if json.Unmarshal(raw, &e) != nil {
		return ""
	}
	if strings.HasPrefix(t, "GUILD_") && e.GuildID == "" {
		return e.ID
	}
	return e.GuildID
}

// liveFor returns the live connection whose shard receives guild's events,
// or nil. s.mu must be held.
func (s *Server) liveFor(guild string) *gwConn {
	for _, c := range s.gw.live {
		if sh := c.session.shard; ShardOf(guild, sh[1]) == sh[0] {
			return c
		}
	}
	return nil
}

// Gateway returns the gateway's counters.
func (s *Server) Gateway() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.stats
}

// WaitGateway waits until cond holds for the gateway's counters.
func (s *Server) WaitGateway(ctx context.Context, cond func(GatewayStats) bool) error {
	if err := s.waitUntil(ctx, func() bool { return cond(s.gw.stats) }); err != nil {
		return fmt.Errorf("wait for gateway: %w", err)
	}
	return nil
}

// Dispatch sends the event t with data (marshaled to JSON; a
// json.RawMessage is sent as is) to the connected bot, waiting until a
// client is live. With several shards connected, the event goes to the
// shard of its guild (see ShardOf), as Discord sends it: only that shard's
// connection receives it, and Dispatch waits for that one. It returns once
// the frame is written.
func (s *Server) Dispatch(ctx context.Context, t string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("dispatch %s: %w", t, err)
	}
	guild := eventGuild(t, raw)
	for {
		var c *gwConn
		if err := s.waitUntil(ctx, func() bool { c = s.liveFor(guild); return c != nil }); err != nil {
			return fmt.Errorf("dispatch %s: %w", t, err)
		}
		s.mu.Lock()
		if s.liveFor(guild) != c { // dropped meanwhile
			s.mu.Unlock()
			continue
		}
		c.session.seq++
		frame := map[string]any{"op": opDispatch, "t": t, "s": c.session.seq, "d": json.RawMessage(raw)}
		err := c.write(frame)
		if err == nil {
			s.recordDispatchLocked(t, raw)
		}
		s.mu.Unlock()
		if err == nil {
			return nil
		}
		s.forget(c)
	}
}

// DropConnection closes every live gateway connection (one per shard)
// abruptly, without a close frame, as a network failure would. The
// sessions stay resumable.
func (s *Server) DropConnection() {
	s.mu.Lock()
	live := s.gw.live
	s.gw.live = nil
	s.gw.stats.Live = false
	s.gw.stats.LiveShards = 0
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range live {
		c.ws.UnderlyingConn().Close()
	}
}

// InvalidateSessions forgets every gateway session, so that the next RESUME
// is answered with INVALID_SESSION (op 9) and the client must identify again.
func (s *Server) InvalidateSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.gw.sessions)
}

// RefuseGateway, while on, answers every new gateway connection with HTTP
// 503 instead of a websocket, as during an outage; connections already open
// are left alone. With DropConnection, it keeps a bot disconnected until it
// is turned off again.
func (s *Server) RefuseGateway(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.refuse = on
}
