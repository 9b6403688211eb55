package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"archivist/retrieval"
)

// testKey is the API key tests send; no error or name may contain it.
const testKey = "sk-test-SECRET-1234"

// chatServer is a fake chat-completions server: reply handles each request
// to /v1/chat/completions after the request body is decoded into req.
func chatServer(t *testing.T, reply func(w http.ResponseWriter, r *http.Request, req chatRequest)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, r, req)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeCompletion writes a plain chat-completions reply holding text.
func writeCompletion(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, text)
}

// newTestClient returns a client for srv that never really sleeps between
// retries and records the waits it was asked for.
func newTestClient(t *testing.T, srv *httptest.Server, cfg Config) (*Client, *[]string) {
	t.Helper()
	cfg.BaseURL = srv.URL + "/v1"
	if cfg.Model == "" {
		cfg.Model = "llama3.1"
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v) error %v", cfg, err)
	}
	var waits []string
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d.String())
		return ctx.Err()
	}
	// The top of the jitter's range: each wait is the schedule itself.
	c.policy.Rand = func(n int64) int64 { return n - 1 }
	return c, &waits
}

var question = retrieval.GenerateRequest{Messages: []retrieval.Message{
	{Role: "system", Content: "Answer from the passages."},
	{Role: "user", Content: "Who won?"},
}}

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		wantErr  string // a substring of the error, "" for none
		wantName string
	}{
		{"ollama", Config{BaseURL: "http://localhost:11434/v1", Model: "llama3.1"}, "", "openai-compatible:llama3.1 at http://localhost:11434/v1"},
		{"trailing slash", Config{BaseURL: "https://api.example.test/v1/", Model: "gpt-4o-mini", APIKey: testKey}, "", "openai-compatible:gpt-4o-mini at https://api.example.test/v1"},
		{"user info hidden", Config{BaseURL: "http://user:pass@vllm:8000/v1", Model: "m"}, "", "openai-compatible:m at http://vllm:8000/v1"},
		{"query kept", Config{BaseURL: "https://example.test/openai/v1?api-version=1", Model: "m"}, "", "openai-compatible:m at https://example.test/openai/v1?api-version=1"},
		{"empty base url", Config{Model: "m"}, "BaseURL", ""},
		{"no scheme", Config{BaseURL: "localhost:11434/v1", Model: "m"}, "BaseURL", ""},
		{"ftp", Config{BaseURL: "ftp://host/v1", Model: "m"}, "BaseURL", ""},
		{"no host", Config{BaseURL: "http:///v1", Model: "m"}, "BaseURL", ""},
		{"bad url keeps password out", Config{BaseURL: "http://user:pass@host:port/v1", Model: "m"}, "BaseURL", ""},
		{"empty model", Config{BaseURL: "http://localhost:11434/v1", Model: " "}, "Model", ""},
		{"negative concurrency", Config{BaseURL: "http://localhost:11434/v1", Model: "m", MaxConcurrent: -1}, "MaxConcurrent", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New(%q, %q) error %v, want one naming %s", tt.cfg.BaseURL, tt.cfg.Model, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "pass@") {
					t.Errorf("New error %q shows the URL's password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q, %q) error %v, want none", tt.cfg.BaseURL, tt.cfg.Model, err)
			}
			if got := c.Name(); got != tt.wantName {
				t.Errorf("Name() = %q, want %q", got, tt.wantName)
			}
		})
	}
}

func TestGeneratePlain(t *testing.T) {
	temp := 0.1
	tests := []struct {
		name     string
		cfg      Config
		wantAuth string
		wantTemp *float64
	}{
		{"no key sends no authorization", Config{}, "", nil},
		{"key sent as bearer", Config{APIKey: testKey}, "Bearer " + testKey, nil},
		{"temperature", Config{Temperature: &temp}, "", &temp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				if got := r.Header.Get("Authorization"); got != tt.wantAuth {
					t.Errorf("Authorization = %q, want %q", got, tt.wantAuth)
				}
				if got := r.Header.Get("Content-Type"); got != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", got)
				}
				if req.Model != "llama3.1" || req.Stream || len(req.Messages) != 2 || req.Messages[1].Content != "Who won?" {
					t.Errorf("request = %+v, want model llama3.1, not streamed, the 2 messages", req)
				}
				if (req.Temperature == nil) != (tt.wantTemp == nil) || (req.Temperature != nil && *req.Temperature != *tt.wantTemp) {
					t.Errorf("temperature = %v, want %v", req.Temperature, tt.wantTemp)
				}
				writeCompletion(w, "Ruto won [1].")
			})
			c, _ := newTestClient(t, srv, tt.cfg)
			got, err := c.Generate(context.Background(), question)
			if err != nil {
				t.Fatalf("Generate error %v", err)
			}
			if got != "Ruto won [1]." {
				t.Errorf("Generate = %q, want %q", got, "Ruto won [1].")
			}
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   []string // substrings of the error
	}{
		{"model not found", 404, `{"error":{"message":"model \"llama3.1\" not found, try pulling it first","type":"api_error"}}`,
			[]string{"HTTP 404", `model "llama3.1" not found`}},
		{"bad key echoed", 401, `{"error":{"message":"Incorrect API key provided: ` + testKey + `"}}`,
			[]string{"HTTP 401", "Incorrect API key provided: [redacted]"}},
		{"string error", 400, `{"error":"context length exceeded"}`, []string{"HTTP 400", "context length exceeded"}},
		{"plain text error", 400, "bad request\n", []string{"HTTP 400 Bad Request: bad request"}},
		{"no choices", 200, `{"choices":[]}`, []string{"no choices"}},
		{"empty content", 200, `{"choices":[{"message":{"content":"  "}}]}`, []string{"empty"}},
		{"not json", 200, `<html>proxy</html>`, []string{"decode reply"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				calls++
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})
			c, _ := newTestClient(t, srv, Config{APIKey: testKey})
			_, err := c.Generate(context.Background(), question)
			if err == nil {
				t.Fatalf("Generate error nil, want one")
			}
			msg := err.Error()
			for _, w := range append(tt.want, "llama3.1", srv.URL) {
				if !strings.Contains(msg, w) {
					t.Errorf("Generate error %q, want it to contain %q", msg, w)
				}
			}
			if strings.Contains(msg, testKey) {
				t.Errorf("Generate error %q contains the API key", msg)
			}
			if calls != 1 {
				t.Errorf("server called %d times, want 1 (no retry)", calls)
			}
		})
	}
}

func TestGenerateEndpointKeepsQuery(t *testing.T) {
	var gotQuery string
	srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		gotQuery = r.URL.RawQuery
		writeCompletion(w, "ok")
	})
	c, err := New(Config{BaseURL: srv.URL + "/v1/?api-version=2024-06-01", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Generate(context.Background(), question); err != nil {
		t.Fatalf("Generate error %v", err)
	}
	if gotQuery != "api-version=2024-06-01" {
		t.Errorf("request query = %q, want %q", gotQuery, "api-version=2024-06-01")
	}
}
