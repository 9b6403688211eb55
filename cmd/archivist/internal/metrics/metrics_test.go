package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"archivist/bot"
	"archivist/retrieval"
)

var noon = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// get serves one GET request through m's handler.
func get(t *testing.T, m *Metrics, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, err := io.ReadAll(rec.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Code, string(body)
}

func TestHealthz(t *testing.T) {
	loaded := func(m *Metrics) { m.Reload(true, time.Second, retrieval.Report{Articles: 4, Chunks: 9}) }
	tests := []struct {
		name        string
		events      []func(m *Metrics)
		wantCode    int
		wantStatus  string
		wantGateway string
		wantReload  string // the last reload's outcome; "" for none
	}{
		{"nothing yet", nil, 503, "unavailable", "disconnected", ""},
		{"index loaded, gateway down", []func(*Metrics){loaded}, 503, "unavailable", "disconnected", "ok"},
		{"gateway up, index not loaded", []func(*Metrics){func(m *Metrics) { m.Gateway(true) }},
			503, "unavailable", "connected", ""},
		{"both", []func(*Metrics){loaded, func(m *Metrics) { m.Gateway(true) }}, 200, "ok", "connected", "ok"},
		{"gateway dropped", []func(*Metrics){loaded, func(m *Metrics) { m.Gateway(true) }, func(m *Metrics) { m.Gateway(false) }},
			503, "unavailable", "disconnected", "ok"},
		{"a failed reload keeps the index", []func(*Metrics){loaded, func(m *Metrics) { m.Gateway(true) },
			func(m *Metrics) { m.Reload(false, time.Second, retrieval.Report{}) }}, 200, "ok", "connected", "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(func() time.Time { return noon })
			for _, e := range tt.events {
				e(m)
			}
			code, body := get(t, m, "/healthz")
			var got health
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("GET /healthz = %s: %v", body, err)
			}
			if code != tt.wantCode || got.Status != tt.wantStatus || got.Gateway != tt.wantGateway {
				t.Errorf("GET /healthz = %d %s, want %d with status %q and gateway %q", code, body, tt.wantCode, tt.wantStatus, tt.wantGateway)
			}
			gotReload := ""
			if got.LastReload != nil {
				gotReload = got.LastReload.Outcome
				if !got.LastReload.Time.Equal(noon) {
					t.Errorf("last_reload.time = %v, want %v", got.LastReload.Time, noon)
				}
			}
			if gotReload != tt.wantReload {
				t.Errorf("last_reload.outcome = %q, want %q", gotReload, tt.wantReload)
			}
			if tt.wantReload != "" && (got.Index.Articles != 4 || got.Index.Chunks != 9 || !got.Index.Loaded) {
				t.Errorf("index = %+v, want loaded with 4 articles and 9 chunks", got.Index)
			}
		})
	}
}

func TestMetricsText(t *testing.T) {
	m := New(nil)
	m.Question(bot.SourceMention, bot.OutcomeAnswered, 1500*time.Millisecond)
	m.Question(bot.SourceSlash, bot.OutcomeRateLimited, 0)
	m.Search(bot.OutcomeFailed)
	m.LLMFallback()
	m.Reload(true, 2*time.Second, retrieval.Report{Articles: 4, Chunks: 9})
	m.Gateway(true)
	m.Gateway(false)
	m.Gateway(false) // a second Disconnect for the same loss
	m.RateLimited("edit")
	gen := m.Generator(retrieval.GeneratorFunc(func(context.Context, retrieval.GenerateRequest) (string, error) {
		return "", errors.New("connection refused")
	}))
	if _, err := gen.Generate(context.Background(), retrieval.GenerateRequest{}); err == nil {
		t.Error("the wrapped generator hid the error")
	}

	code, body := get(t, m, "/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics = %d, want 200", code)
	}
	for _, want := range []string{
		`archivist_questions_total{outcome="answered",source="mention"} 1`,
		`archivist_questions_total{outcome="rate_limited",source="slash"} 1`,
		`archivist_questions_total{outcome="abstained",source="dm"} 0`,
		`archivist_answer_duration_seconds_count{source="mention"} 1`,
		`archivist_answer_duration_seconds_sum{source="mention"} 1.5`,
		`archivist_answer_duration_seconds_count{source="slash"} 0`,
		`archivist_searches_total{outcome="failed"} 1`,
		`archivist_llm_fallbacks_total 1`,
		`archivist_llm_requests_total{outcome="error"} 1`,
		`archivist_llm_request_duration_seconds_count 1`,
		`archivist_reloads_total{outcome="ok"} 1`,
		`archivist_reload_duration_seconds_sum 2`,
		`archivist_index_articles 4`,
		`archivist_index_chunks 9`,
		`archivist_discord_gateway_connected 0`,
		`archivist_discord_gateway_disconnects_total 1`,
		`archivist_discord_rate_limited_total{request="edit"} 1`,
		`go_goroutines `, // a prefix: the value varies
		`process_cpu_seconds_total `,
	} {
		line := "\n" + want
		if !strings.HasSuffix(want, " ") {
			line += "\n" // a whole line
		}
		if !strings.Contains("\n"+body, line) {
			t.Errorf("GET /metrics lacks the line %q", want)
		}
	}
	if code, _ := get(t, m, "/"); code != 404 {
		t.Errorf("GET / = %d, want 404", code)
	}
}
