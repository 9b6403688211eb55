package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"
)

// The REST routes the fake serves, as http.ServeMux patterns, with the
// account's read-only routes in account.go. A Call's Route is one of these
// (or "" for an unknown route, answered 404).
const (
	RouteGateway        = "GET /api/v9/gateway"
	RouteGatewayBot     = "GET /api/v9/gateway/bot"
	RouteGlobalCommands = "PUT /api/v9/applications/{app}/commands"
	RouteGuildCommands  = "PUT /api/v9/applications/{app}/guilds/{guild}/commands"
	RouteCallback       = "POST /api/v9/interactions/{id}/{token}/callback"
	RouteEditOriginal   = "PATCH /api/v9/webhooks/{app}/{token}/messages/@original"
	RouteGetOriginal    = "GET /api/v9/webhooks/{app}/{token}/messages/@original"
	RouteDeleteOriginal = "DELETE /api/v9/webhooks/{app}/{token}/messages/@original"
	RouteFollowup       = "POST /api/v9/webhooks/{app}/{token}"
	RouteEditFollowup   = "PATCH /api/v9/webhooks/{app}/{token}/messages/{message}"
	RouteChannelMessage = "POST /api/v9/channels/{channel}/messages"
	RouteTyping         = "POST /api/v9/channels/{channel}/typing"
)

// Call is one REST request the fake received.
type Call struct {
	// Route is the pattern the request matched; "" when none did.
	Route  string
	Method string
	Path   string
	// Token is the {token} path value: an interaction's token on the
	// interaction and webhook routes.
	Token string
	// Channel is the {channel} path value on the channel routes.
	Channel string
	Header  http.Header
	Body    []byte
	// Status is the status the fake answered with.
	Status int
	At     time.Time
}

// Decode unmarshals the call's JSON body into v.
func (c Call) Decode(v any) error {
	if err := json.Unmarshal(c.Body, v); err != nil {
		return fmt.Errorf("decode %s body: %w", c.Route, err)
	}
	return nil
}

// fault is an injected failure of one request on a route.
type fault struct {
	status     int
	retryAfter time.Duration
}

// RateLimit makes the next n requests on route fail with 429 Too Many
// Requests and retry_after, as Discord's rate limits do.
func (s *Server) RateLimit(route string, retryAfter time.Duration, n int) {
	s.inject(route, fault{status: http.StatusTooManyRequests, retryAfter: retryAfter}, n)
}

// Fail makes the next n requests on route fail with status.
func (s *Server) Fail(route string, status, n int) {
	s.inject(route, fault{status: status}, n)
}

// RejectToken makes the fake refuse the bot's token from now on, as
// Discord refuses a wrong or reset one: every REST request is answered 401
// Unauthorized with a message that echoes the Authorization header it was
// sent (as some proxies do), and an IDENTIFY on the gateway is answered by
// closing the connection with code 4004, "Authentication failed.".
func (s *Server) RejectToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = true
}

// RefuseIntents makes the gateway close the connection with code 4014,
// "Disallowed intent(s).", on an IDENTIFY that asks for any of mask, as
// Discord does for a privileged intent the application has not turned on.
func (s *Server) RefuseIntents(mask int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused = mask
}

func (s *Server) rejecting() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reject
}

func (s *Server) inject(route string, f fault, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[route] = append(s.faults[route], f)
	}
}

// Calls returns the recorded calls for which match returns true (every call
// when match is nil), in the order received.
func (s *Server) Calls(match func(Call) bool) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if match == nil || match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Wait returns the first recorded call for which match returns true,
// waiting for it until ctx is done.
func (s *Server) Wait(ctx context.Context, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitUntil(ctx, func() bool {
		for _, c := range s.calls {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("wait for call: %w", err)
	}
	return found, nil
}

// Match returns a matcher of successful calls on route with the given
// {token} path value (any token when token is "").
func Match(route, token string) func(Call) bool {
	return func(c Call) bool {
		return c.Route == route && (token == "" || c.Token == token) && c.Status < 300
	}
}

// record stores a call and returns its body. A handler records exactly once.
func (s *Server) record(route string, r *http.Request, status int) []byte {
	body, _ := io.ReadAll(r.Body)
	c := Call{
		Route:   route,
		Method:  r.Method,
		Path:    r.URL.Path,
		Token:   r.PathValue("token"),
		Channel: r.PathValue("channel"),
		Header:  r.Header.Clone(),
		Body:    body,
		Status:  status,
		At:      time.Now(),
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	return body
}

// takeFault pops the next injected fault of route, if any.
func (s *Server) takeFault(route string) (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[route]
	if len(q) == 0 {
		return fault{}, false
	}
	s.faults[route] = q[1:]
	return q[0], true
}

// routes registers the REST handlers on mux.
func (s *Server) routes(mux *http.ServeMux) {
	handle := func(route string, h func(w http.ResponseWriter, r *http.Request, body []byte)) {
		mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) {
			if s.rejecting() {
				s.record(route, r, http.StatusUnauthorized)
				writeJSON(w, http.StatusUnauthorized, map[string]any{
					"message": "401: Unauthorized: invalid token " + r.Header.Get("Authorization"), "code": 0,
				})
				return
			}
			if f, ok := s.takeFault(route); ok {
				s.record(route, r, f.status)
				writeFault(w, f)
				return
			}
			h(w, r, s.record(route, r, http.StatusOK))
		})
	}
	handle(RouteGateway, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, map[string]any{"url": s.wsURL()})
	})
	handle(RouteGatewayBot, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, map[string]any{
			"url": s.wsURL(), "shards": s.opts.RecommendedShards,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
		})
	})
	commands := func(w http.ResponseWriter, r *http.Request, body []byte) {
		var cmds []map[string]any
		if err := json.Unmarshal(body, &cmds); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
			return
		}
		s.storeCommands(r.PathValue("app"), r.PathValue("guild"), cmds)
		writeJSON(w, http.StatusOK, cmds)
	}
	handle(RouteGlobalCommands, commands)
	handle(RouteGuildCommands, commands)
	handle(RouteCallback, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(http.StatusNoContent)
	})
	message := func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, http.StatusOK, s.message(r, body))
	}
	handle(RouteEditOriginal, func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, http.StatusOK, s.editOriginal(r, body))
	})
	handle(RouteGetOriginal, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		s.mu.Lock()
		m, ok := s.originals[r.PathValue("token")]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Message", "code": 10008})
			return
		}
		writeJSON(w, http.StatusOK, m)
	})
	handle(RouteFollowup, message)
	handle(RouteEditFollowup, message)
	handle(RouteChannelMessage, func(w http.ResponseWriter, r *http.Request, body []byte) {
		m := s.message(r, body)
		s.AddMessage(r.PathValue("channel"), m)
		writeJSON(w, http.StatusOK, m)
	})
	handle(RouteDeleteOriginal, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(http.StatusNoContent)
	})
	handle(RouteTyping, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(http.StatusNoContent)
	})
	s.accountRoutes(handle)
	s.channelRoutes(handle)
}

// editOriginal keeps and returns an interaction's original reply as
// edited: it keeps one id through every edit, and the interaction's channel
// when it was dispatched through the fake.
func (s *Server) editOriginal(r *http.Request, body []byte) map[string]any {
	m := s.message(r, body)
	token := r.PathValue("token")
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.originals[token]; ok {
		m["id"] = old["id"]
	}
	m["channel_id"] = s.asked[token]
	s.originals[token] = m
	return m
}

// message is the message object Discord returns for a sent or edited message.
func (s *Server) message(r *http.Request, body []byte) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(body, &m)
	id := r.PathValue("message")
	if id == "" || id == "@original" {
		id = s.Snowflake()
	}
	m["id"] = id
	m["type"] = 0
	m["channel_id"] = r.PathValue("channel")
	m["timestamp"] = time.Now().UTC().Format(time.RFC3339)
	m["author"] = map[string]any{"id": s.opts.BotID, "username": s.opts.BotName, "discriminator": "0", "bot": true}
	return m
}

func writeFault(w http.ResponseWriter, f fault) {
	if f.status != http.StatusTooManyRequests {
		writeJSON(w, f.status, map[string]any{"message": http.StatusText(f.status), "code": 0})
		return
	}
	secs := f.retryAfter.Seconds()
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	w.Header().Set("X-RateLimit-Scope", "user")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
