package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"archivist/bot/discordtest"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// askEvent returns an /ask interaction from the bot's testdata asking
// question, for the fake Discord to dispatch, and its token.
func askEvent(t *testing.T, fake *discordtest.Server, question string) (map[string]any, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "bot", "testdata", "interaction_ask.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ask map[string]any
	if err := json.Unmarshal(data, &ask); err != nil {
		t.Fatal(err)
	}
	ask["application_id"] = fake.AppID()
	ask["data"].(map[string]any)["options"] = []any{map[string]any{"name": "question", "type": 3, "value": question}}
	return ask, ask["token"].(string)
}

// TestServeMetrics runs `archivist serve` with METRICS_ADDR against the fake
// Discord: /healthz says 200 once it is ready, an /ask is counted in
// /metrics with its latency, and /healthz says 503 while the gateway is
// down, until it is back.
func TestServeMetrics(t *testing.T) {
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_API_URL"] = fake.URL
	env["METRICS_ADDR"] = "127.0.0.1:0" // any free port; the log names it

	srv := startServe(t, env)
	ctx, stderr := srv.ctx, srv.stderr
	deadline := time.Now().Add(30 * time.Second)
	// poll calls cond until it holds, failing the test at the deadline.
	poll := func(what string, cond func() bool) {
		t.Helper()
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: timed out; log:\n%s", what, stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	listening := regexp.MustCompile(`msg="metrics listening" addr=(\S+)`)
	var base string
	poll("metrics listening", func() bool {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			base = "http://" + m[1]
			return true
		}
		return false
	})
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp.StatusCode, string(body)
	}
	type health struct {
		Status, Gateway string
		Index           struct{ Articles, Chunks int }
		LastReload      *struct{ Outcome string } `json:"last_reload"`
	}
	healthz := func() (int, health) {
		t.Helper()
		code, body := get("/healthz")
		var h health
		if err := json.Unmarshal([]byte(body), &h); err != nil {
			t.Fatalf("GET /healthz = %d %s: %v", code, body, err)
		}
		return code, h
	}

	poll("/healthz 200 once ready", func() bool { code, _ := healthz(); return code == http.StatusOK })
	_, h := healthz()
	if h.Status != "ok" || h.Gateway != "connected" || h.Index.Articles == 0 || h.Index.Chunks == 0 ||
		h.LastReload == nil || h.LastReload.Outcome != "ok" {
		t.Errorf("GET /healthz = %+v, want ok, connected, the index's counts and the start-up reload", h)
	}

	ask, token := askEvent(t, fake, "How many researchers did Tencent's AI lab have?")
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if err := fake.Dispatch(wctx, "INTERACTION_CREATE", ask); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.Wait(wctx, func(c discordtest.Call) bool {
		return discordtest.Match(discordtest.RouteEditOriginal, token)(c) && bytes.Contains(c.Body, []byte("30 researchers"))
	}); err != nil {
		t.Fatalf("no answer edited in: %v; log:\n%s", err, stderr.String())
	}
	// The question is counted once its answer is sent: poll for it.
	answered := `archivist_questions_total{outcome="answered",source="slash"} 1`
	var metrics string
	poll("the question counted and timed", func() bool {
		_, metrics = get("/metrics")
		return strings.Contains(metrics, answered+"\n") &&
			strings.Contains(metrics, `archivist_answer_duration_seconds_count{source="slash"} 1`+"\n")
	})
	for _, want := range []string{
		`archivist_answer_duration_seconds_count{source="slash"} 1`,
		`archivist_questions_total{outcome="failed",source="slash"} 0`,
		`archivist_reloads_total{outcome="ok"} 1`,
		`archivist_discord_gateway_connected 1`,
		fmt.Sprintf("archivist_index_articles %d", h.Index.Articles),
		fmt.Sprintf("archivist_index_chunks %d", h.Index.Chunks),
	} {
		if !strings.Contains(metrics, want+"\n") {
			t.Errorf("GET /metrics lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`archivist_answer_duration_seconds_sum\{source="slash"\} (\S+)`).FindStringSubmatch(metrics); m == nil || m[1] == "0" {
		t.Errorf("answer latency sum = %v, want above 0", m)
	}
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(metrics, "\n"+want) {
			t.Errorf("GET /metrics lacks the runtime and process metric %q", want)
		}
	}

	// Drop the gateway and keep it down: 503 until it is back.
	fake.RefuseGateway(true)
	fake.DropConnection()
	poll("/healthz 503 with the gateway down", func() bool {
		code, h := healthz()
		return code == http.StatusServiceUnavailable && h.Status == "unavailable" && h.Gateway == "disconnected"
	})
	if err := fake.WaitGateway(wctx, func(s discordtest.GatewayStats) bool { return s.Refused > 0 }); err != nil {
		t.Fatalf("the bot never tried to reconnect: %v", err)
	}
	if code, h := healthz(); code != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz while reconnecting fails = %d %+v, want 503", code, h)
	}
	fake.RefuseGateway(false)
	poll("/healthz 200 with the gateway back", func() bool { code, _ := healthz(); return code == http.StatusOK })
	if !fake.Gateway().Live {
		t.Errorf("/healthz said 200 before the gateway was live again")
	}
	if _, metrics = get("/metrics"); !strings.Contains(metrics, "archivist_discord_gateway_disconnects_total 1\n") {
		t.Errorf("GET /metrics lacks one gateway disconnect")
	}

	srv.stop(t)
	if _, err := client.Get(base + "/healthz"); err == nil {
		t.Errorf("the metrics server still answers after serve returned")
	}
}

// TestServeMetricsAddrInUse runs serve with a METRICS_ADDR another program
// holds: it exits 1 before connecting to Discord, saying why.
func TestServeMetricsAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	fake := discordtest.NewServer(discordtest.Options{})
	defer fake.Close()
	env := testEnv(t)
	env["DISCORD_TOKEN"] = "test-token-not-secret"
	env["DISCORD_API_URL"] = fake.URL
	env["METRICS_ADDR"] = ln.Addr().String()
	_, stderr, code := run(t, env, "serve")
	if code != exitFailure || !strings.Contains(stderr, "serve: metrics: listen tcp "+ln.Addr().String()) {
		t.Errorf("serve exit %d, stderr %q; want %d saying it cannot listen on %s", code, stderr, exitFailure, ln.Addr())
	}
	if n := len(fake.Calls(nil)); n != 0 {
		t.Errorf("serve made %d calls to Discord, want none", n)
	}
}
