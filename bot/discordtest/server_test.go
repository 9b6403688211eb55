package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func read(t *testing.T, ws *websocket.Conn) payload {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var p payload
	if err := ws.ReadJSON(&p); err != nil {
		t.Fatalf("read gateway: %v", err)
	}
	return p
}

func dial(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(s.wsURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if p := read(t, ws); p.Op != opHello || !strings.Contains(string(p.Data), `"heartbeat_interval":41250`) {
		t.Fatalf("first payload op %d %s, want HELLO with heartbeat_interval 41250", p.Op, p.Data)
	}
	return ws
}

func TestGateway(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ws := dial(t, s)
	ws.WriteJSON(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 4609}})
	ready := read(t, ws)
	var rd struct {
		SessionID string `json:"session_id"`
		User      struct {
			ID  string `json:"id"`
			Bot bool   `json:"bot"`
		} `json:"user"`
		Application struct {
			ID string `json:"id"`
		} `json:"application"`
	}
	if err := json.Unmarshal(ready.Data, &rd); err != nil {
		t.Fatal(err)
	}
	if ready.Type == nil || *ready.Type != "READY" || *ready.Seq != 1 || rd.User.ID != s.BotID() || !rd.User.Bot ||
		rd.Application.ID != s.AppID() || rd.SessionID == "" {
		t.Fatalf("after IDENTIFY got %+v %s, want READY with the bot user, application and a session", ready, ready.Data)
	}
	if st := s.Gateway(); st.Identifies != 1 || st.Intents != 4609 || st.Token != "Bot t" || !st.Live {
		t.Errorf("gateway stats %+v, want one live identify with its intents and token", st)
	}

	ws.WriteJSON(map[string]any{"op": opHeartbeat, "d": 1})
	if p := read(t, ws); p.Op != opHeartbeatAck {
		t.Errorf("after a heartbeat got op %d, want 11", p.Op)
	}

	if err := s.Dispatch(ctx, "MESSAGE_CREATE", map[string]any{"id": "1"}); err != nil {
		t.Fatal(err)
	}
	if p := read(t, ws); p.Op != opDispatch || *p.Type != "MESSAGE_CREATE" || *p.Seq != 2 {
		t.Errorf("dispatch arrived as %+v, want MESSAGE_CREATE with seq 2", p)
	}

	s.DropConnection()
	if _, _, err := ws.ReadMessage(); err == nil {
		t.Errorf("read after DropConnection succeeded, want the connection gone")
	}
	ws2 := dial(t, s)
	ws2.WriteJSON(map[string]any{"op": opResume, "d": map[string]any{"token": "Bot t", "session_id": rd.SessionID, "seq": 2}})
	if p := read(t, ws2); p.Type == nil || *p.Type != "RESUMED" {
		t.Errorf("after RESUME got %+v, want RESUMED", p)
	}

	s.InvalidateSessions()
	ws3 := dial(t, s)
	ws3.WriteJSON(map[string]any{"op": opResume, "d": map[string]any{"token": "Bot t", "session_id": rd.SessionID, "seq": 3}})
	if p := read(t, ws3); p.Op != opInvalidSession {
		t.Errorf("after RESUME of a forgotten session got op %d, want 9", p.Op)
	}
}

func TestREST(t *testing.T) {
	s := NewServer(Options{AppID: "77"})
	defer s.Close()
	s.RateLimit(RouteGlobalCommands, 250*time.Millisecond, 1)
	put := func() *http.Response {
		req, _ := http.NewRequest("PUT", s.URL+"/api/v9/applications/77/commands", strings.NewReader(`[{"name":"ask"}]`))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := put()
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || !strings.Contains(string(body), `"retry_after":0.25`) {
		t.Errorf("first PUT = %d %q %s, want 429 with retry_after 0.25", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	resp = put()
	var cmds []map[string]any
	json.NewDecoder(resp.Body).Decode(&cmds)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(cmds) != 1 || cmds[0]["id"] == nil || cmds[0]["application_id"] != "77" {
		t.Errorf("second PUT = %d %v, want the commands with ids", resp.StatusCode, cmds)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := s.Wait(ctx, Match(RouteGlobalCommands, ""))
	if err != nil {
		t.Fatal(err)
	}
	if string(c.Body) != `[{"name":"ask"}]` || c.Status != 200 {
		t.Errorf("recorded %d %s, want the body and 200", c.Status, c.Body)
	}
	if n := len(s.Calls(nil)); n != 2 {
		t.Errorf("%d calls recorded, want 2 (the 429 too)", n)
	}

	resp, err = http.Post(s.URL+"/api/v9/webhooks/77/tok/messages/@original", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST on the edit route = %d, want it refused", resp.StatusCode)
	}
}

func TestRejectToken(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	s.RejectToken()

	req, _ := http.NewRequest("PUT", s.URL+"/api/v9/applications/1/commands", strings.NewReader(`[]`))
	req.Header.Set("Authorization", "Bot t0ken")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(body), "Bot t0ken") {
		t.Errorf("PUT = %d %s, want 401 echoing the Authorization header", resp.StatusCode, body)
	}

	ws := dial(t, s)
	ws.WriteJSON(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t0ken", "intents": 1}})
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err = ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Errorf("read after IDENTIFY = %v, want close 4004", err)
	}
	if st := s.Gateway(); st.Identifies != 1 || st.Live {
		t.Errorf("gateway stats %+v, want one identify and no live session", st)
	}
}

func TestAccountRoutes(t *testing.T) {
	s := NewServer(Options{BotID: "10", AppID: "20"})
	defer s.Close()
	s.AddGuild(Guild{ID: "30", Name: "Readers", Roles: []Role{{ID: "30", Name: "@everyone", Permissions: 1 << 35}, {ID: "31", Name: "Bots", Permissions: 2048}}, BotRoles: []string{"31"}})
	s.SetCommands("", "ask", "help")
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		path       string
		wantStatus int
		wantBody   []string
	}{
		{"/api/v9/users/@me", 200, []string{`"id":"10"`, `"bot":true`}},
		{"/api/v9/applications/@me", 200, []string{`"id":"20"`}},
		{"/api/v9/applications/20/commands", 200, []string{`"name":"ask"`, `"name":"help"`, `"application_id":"20"`}},
		{"/api/v9/applications/20/guilds/30/commands", 200, []string{`[]`}},
		{"/api/v9/applications/99/commands", 403, []string{"Missing Access"}},
		{"/api/v9/guilds/30", 200, []string{`"name":"Readers"`, `"permissions":"34359738368"`, `"permissions":"2048"`}},
		{"/api/v9/guilds/30/members/10", 200, []string{`"roles":["31"]`}},
		{"/api/v9/guilds/30/members/11", 404, []string{"Unknown Member"}},
		{"/api/v9/guilds/40", 404, []string{"Unknown Guild"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(tt.path)
			if status != tt.wantStatus {
				t.Errorf("GET %s = %d %s, want %d", tt.path, status, body, tt.wantStatus)
			}
			for _, w := range tt.wantBody {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s = %s, want it to hold %s", tt.path, body, w)
				}
			}
		})
	}

	// A PUT replaces the registered set, which a GET then shows.
	req, _ := http.NewRequest("PUT", s.URL+"/api/v9/applications/20/guilds/30/commands", strings.NewReader(`[{"name":"sources"}]`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if status, body := get("/api/v9/applications/20/guilds/30/commands"); status != 200 || !strings.Contains(body, `"name":"sources"`) || !strings.Contains(body, `"guild_id":"30"`) {
		t.Errorf("GET guild commands after PUT = %d %s, want the command put", status, body)
	}

	s.RejectToken()
	if status, _ := get("/api/v9/users/@me"); status != 401 {
		t.Errorf("GET /users/@me with the token rejected = %d, want 401", status)
	}
}

func TestRefuseGateway(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	s.RefuseGateway(true)
	_, resp, err := websocket.DefaultDialer.Dial(s.wsURL()+"/?v=9&encoding=json", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("Dial while refusing = %v (response %v), want HTTP 503", err, resp)
	}
	if got := s.Gateway().Refused; got != 1 {
		t.Errorf("Refused = %d, want 1", got)
	}
	s.RefuseGateway(false)
	dial(t, s)
	if got := s.Gateway().Connections; got != 1 {
		t.Errorf("Connections = %d after refusing no more, want 1", got)
	}
}

// TestChannels checks the channel routes: unknown channels are 404, a
// thread started on a message of a known text channel takes the message's
// id and the bot as owner, and a channel's messages are listed newest first.
func TestChannels(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	s.AddChannel(Channel{ID: "10", GuildID: "1"})
	do := func(method, path, body string) (int, string) {
		req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	tests := []struct {
		method, path, body string
		wantStatus         int
		want               string
	}{
		{"GET", "/api/v9/channels/99", "", 404, `"code":10003`},
		{"POST", "/api/v9/channels/99/messages/5/threads", `{"name":"q"}`, 404, `"code":10003`},
		{"POST", "/api/v9/channels/10/messages/5/threads", `{"name":"` + strings.Repeat("x", 101) + `"}`, 400, `"code":50035`},
		{"POST", "/api/v9/channels/10/messages/5/threads", `{"name":"q"}`, 201, `"owner_id":"` + s.BotID() + `"`},
		{"POST", "/api/v9/channels/10/messages/5/threads", `{"name":"q"}`, 400, `"code":160004`},
		{"GET", "/api/v9/channels/5", "", 200, `"parent_id":"10"`},
		{"POST", "/api/v9/channels/5/messages", `{"content":"first"}`, 200, `"content":"first"`},
		{"POST", "/api/v9/channels/5/messages", `{"content":"second"}`, 200, `"content":"second"`},
		{"GET", "/api/v9/channels/5/messages?limit=1", "", 200, `"content":"second"`},
	}
	for _, tt := range tests {
		status, body := do(tt.method, tt.path, tt.body)
		if status != tt.wantStatus || !strings.Contains(body, tt.want) {
			t.Errorf("%s %s = %d %s, want %d with %s", tt.method, tt.path, status, body, tt.wantStatus, tt.want)
		}
	}
	if _, ok := s.Thread("5"); !ok {
		t.Errorf("Thread(5) not found, want the thread started on message 5")
	}
}

// TestOriginalReply edits an interaction's original reply twice and reads
// it back: one id through the edits, the last edit's content.
func TestOriginalReply(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	url := s.URL + "/api/v9/webhooks/" + s.AppID() + "/tok/messages/@original"
	do := func(method, body string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		m := map[string]any{}
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if code, _ := do(http.MethodGet, ""); code != http.StatusNotFound {
		t.Errorf("GET before any edit = %d, want 404", code)
	}
	_, first := do(http.MethodPatch, `{"content":"one"}`)
	_, second := do(http.MethodPatch, `{"content":"two"}`)
	code, got := do(http.MethodGet, "")
	if code != http.StatusOK || got["id"] != first["id"] || second["id"] != first["id"] || got["content"] != "two" {
		t.Errorf("GET = %d %v (edits %v, %v), want the last edit with the first's id", code, got, first["id"], second["id"])
	}
}

// identifyShard identifies on ws as shard [id, count] and returns READY's
// shard.
func identifyShard(t *testing.T, ws *websocket.Conn, id, count int) [2]int {
	t.Helper()
	ws.WriteJSON(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 513, "shard": []int{id, count}}})
	p := read(t, ws)
	var rd struct {
		Shard [2]int `json:"shard"`
	}
	if p.Type == nil || *p.Type != "READY" || json.Unmarshal(p.Data, &rd) != nil {
		t.Fatalf("after IDENTIFY as shard %d/%d got %+v %s, want READY", id, count, p, p.Data)
	}
	return rd.Shard
}

func TestShardOf(t *testing.T) {
	for _, c := range []struct {
		guild string
		count int
		want  int
	}{
		{"", 2, 0},
		{"not-a-number", 3, 0},
		{"41771983423143937", 1, 0},  // 41771983423143937 >> 22 = 9959216934
		{"41771983423143937", 2, 0},  // 9959216934 % 2
		{"41771983423143937", 5, 4},  // 9959216934 % 5
		{"41771983423143937", 16, 6}, // 9959216934 % 16
		{"4194304", 2, 1},            // 1 << 22
		{"8388608", 2, 0},            // 2 << 22
	} {
		if got := ShardOf(c.guild, c.count); got != c.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", c.guild, c.count, got, c.want)
		}
	}
}

// TestShardedDispatch connects two shards of two: each guild's events reach
// only its shard, events without a guild reach shard 0, and a shard that is
// not connected holds its guild's events back until it is.
func TestShardedDispatch(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ws0, ws1 := dial(t, s), dial(t, s)
	if got := identifyShard(t, ws0, 0, 2); got != [2]int{0, 2} {
		t.Errorf("shard 0's READY says shard %v, want [0 2]", got)
	}
	if got := identifyShard(t, ws1, 1, 2); got != [2]int{1, 2} {
		t.Errorf("shard 1's READY says shard %v, want [1 2]", got)
	}
	if st := s.Gateway(); st.LiveShards != 2 || !st.Live || st.Shard != [2]int{1, 2} {
		t.Errorf("gateway stats %+v, want two live shards, the last [1 2]", st)
	}

	odd, even := "4194305", "8388609" // guilds 1<<22+1 and 2<<22+1
	events := []struct {
		t    string
		data map[string]any
		to   *websocket.Conn
	}{
		{"MESSAGE_CREATE", map[string]any{"id": "10", "guild_id": odd, "channel_id": "5"}, ws1},
		{"MESSAGE_CREATE", map[string]any{"id": "11", "guild_id": even, "channel_id": "6"}, ws0},
		{"INTERACTION_CREATE", map[string]any{"id": "12", "guild_id": odd, "token": "tok"}, ws1},
		{"GUILD_CREATE", map[string]any{"id": even}, ws0},
		{"MESSAGE_CREATE", map[string]any{"id": "13", "channel_id": "7"}, ws0}, // a DM
	}
	for _, e := range events {
		if err := s.Dispatch(ctx, e.t, e.data); err != nil {
			t.Fatal(err)
		}
		p := read(t, e.to)
		var got struct {
			ID string `json:"id"`
		}
		json.Unmarshal(p.Data, &got)
		if p.Type == nil || *p.Type != e.t || got.ID != e.data["id"] {
			t.Errorf("%s %v arrived as %+v %s on its shard", e.t, e.data, p, p.Data)
		}
	}
	// Neither connection got another's event: the next frame on each is
	// the heartbeat ack.
	for i, ws := range []*websocket.Conn{ws0, ws1} {
		ws.WriteJSON(map[string]any{"op": opHeartbeat, "d": 1})
		if p := read(t, ws); p.Op != opHeartbeatAck {
			t.Errorf("shard %d got op %d %s, want only its own events and then the heartbeat ack", i, p.Op, p.Data)
		}
	}

	// Shard 1 goes away: its guild's events wait for it.
	ws1.Close()
	if err := s.WaitGateway(ctx, func(st GatewayStats) bool { return st.LiveShards == 1 }); err != nil {
		t.Fatal(err)
	}
	short, scancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer scancel()
	if err := s.Dispatch(short, "MESSAGE_CREATE", map[string]any{"id": "14", "guild_id": odd}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Dispatch to a shard not connected = %v, want it to wait until its context ends", err)
	}
}

func TestInvalidShard(t *testing.T) {
	s := NewServer(Options{})
	defer s.Close()
	ws := dial(t, s)
	ws.WriteJSON(map[string]any{"op": opIdentify, "d": map[string]any{"token": "Bot t", "intents": 513, "shard": []int{2, 2}}})
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != closeInvalidShard {
		t.Errorf("IDENTIFY as shard 2 of 2: read = %v, want close %d", err, closeInvalidShard)
	}
}
