package embed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeOllama speaks Ollama's embedding API: /api/embed (many texts) and, for
// old servers, only /api/embeddings (one text). Unknown models get Ollama's
// JSON 404, unknown routes a plain-text 404.
type fakeOllama struct {
	recorder
	models     []string
	legacyOnly bool
	// reply, when set, replaces the vectors of a successful /api/embed.
	reply string
}

func (f *fakeOllama) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model  string   `json:"model"`
		Input  []string `json:"input"`
		Prompt string   `json:"prompt"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
		return
	}
	switch {
	case r.URL.Path == "/api/embed" && !f.legacyOnly:
		if f.start(w, r, len(req.Input)) {
			return
		}
		if !slices.Contains(f.models, req.Model) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("model '%s' not found", req.Model)})
			return
		}
		if f.reply != "" {
			fmt.Fprint(w, f.reply)
			return
		}
		vs := make([][]float32, len(req.Input))
		for i, text := range req.Input {
			vs[i] = rawVector(text)
		}
		writeJSON(w, http.StatusOK, map[string]any{"model": req.Model, "embeddings": vs})
	case r.URL.Path == "/api/embeddings":
		if f.start(w, r, 1) {
			return
		}
		if !slices.Contains(f.models, req.Model) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("model %q not found, try pulling it first", req.Model)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"embedding": rawVector(req.Prompt)})
	default:
		f.start(w, r, 0)
		http.NotFound(w, r) // "404 page not found", as Ollama's router says
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// newOllama starts f and returns an embedder for it with the given model.
func newOllama(t *testing.T, f *fakeOllama, r Remote) (Embedder, string) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	if r.BaseURL == "" {
		r.BaseURL = srv.URL
	}
	e, err := Ollama(r)
	if err != nil {
		t.Fatalf("Ollama(%+v): %v", r, err)
	}
	return e, srv.URL
}

func TestOllamaEmbed(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			f := &fakeOllama{models: []string{"nomic-embed-text"}, legacyOnly: legacy}
			e, _ := newOllama(t, f, Remote{})
			if e.Name != "ollama:nomic-embed-text" {
				t.Errorf("Name = %q, want %q", e.Name, "ollama:nomic-embed-text")
			}
			for _, text := range []string{"a", "the cat sat", "a"} {
				got, err := e.Embed(context.Background(), text)
				if err != nil {
					t.Fatalf("Embed(%q): %v", text, err)
				}
				if want := unitVector(text); !near(got, want) {
					t.Errorf("Embed(%q) = %v, want %v", text, got, want)
				}
			}
			paths, _, _ := f.requests()
			wantEmbed := 3 // one per call on a current server
			if legacy {
				wantEmbed = 1 // tried once, then the fallback sticks
			}
			if n := countOf(paths, "/api/embed"); n != wantEmbed {
				t.Errorf("requests %v: /api/embed tried %d times, want %d", paths, n, wantEmbed)
			}
			if n := countOf(paths, "/api/embeddings"); (n > 0) != legacy {
				t.Errorf("requests %v: /api/embeddings used %d times, want some only on a legacy server", paths, n)
			}
		})
	}
}

func countOf(paths []string, path string) int {
	n := 0
	for _, p := range paths {
		if p == path {
			n++
		}
	}
	return n
}

func TestOllamaBatch(t *testing.T) {
	f := &fakeOllama{models: []string{"all-minilm"}}
	_, url := newOllama(t, f, Remote{Model: "all-minilm"})
	// A base URL given with /api/ still reaches the server.
	e, err := Ollama(Remote{BaseURL: url + "/api/", Model: "all-minilm"})
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 2*ollamaBatch+5)
	for i := range texts {
		texts[i] = strings.Repeat("w ", i)
	}
	got, err := e.Batch(context.Background(), texts)
	if err != nil {
		t.Fatalf("Batch(%d texts): %v", len(texts), err)
	}
	if len(got) != len(texts) {
		t.Fatalf("Batch(%d texts) returned %d vectors", len(texts), len(got))
	}
	for i, text := range texts {
		if want := unitVector(text); !near(got[i], want) {
			t.Errorf("Batch vector %d = %v, want %v", i, got[i], want)
		}
	}
	_, _, sizes := f.requests()
	if want := []int{ollamaBatch, ollamaBatch, 5}; !slices.Equal(sizes, want) {
		t.Errorf("texts per request = %v, want %v", sizes, want)
	}
	if vs, err := e.Batch(context.Background(), nil); err != nil || len(vs) != 0 {
		t.Errorf("Batch(nil) = %v, %v, want no vectors and no error", vs, err)
	}
}

func TestOllamaModelNotFound(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			f := &fakeOllama{models: []string{"other"}, legacyOnly: legacy}
			e, url := newOllama(t, f, Remote{})
			_, err := e.Embed(context.Background(), "x")
			want := "ollama at " + url + ": model \"nomic-embed-text\" not found: run `ollama pull nomic-embed-text`"
			if err == nil || err.Error() != want {
				t.Errorf("Embed with a missing model: error = %v, want %q", err, want)
			}
		})
	}
}

func TestOllamaRetries(t *testing.T) {
	tests := []struct {
		name      string
		steps     []step
		retries   int
		wantErr   string // "" means success
		wantWaits []time.Duration
		wantCalls int
	}{
		{
			name:      "429 then success, honouring Retry-After",
			steps:     []step{{status: 429, retryAfter: "3", body: `{"error":"busy"}`}},
			wantWaits: []time.Duration{3 * time.Second},
			wantCalls: 2,
		},
		{
			name:      "503 twice then success",
			steps:     []step{{status: 503}, {status: 503}},
			wantCalls: 3,
		},
		{
			name:      "500 until retries run out",
			steps:     []step{{status: 500, body: `{"error":"runner crashed"}`}, {status: 500, body: `{"error":"runner crashed"}`}, {status: 500, body: `{"error":"runner crashed"}`}},
			retries:   2,
			wantErr:   `model "nomic-embed-text": 500 Internal Server Error: runner crashed (gave up after 3 attempts)`,
			wantCalls: 3,
		},
		{
			name:      "400 is not retried",
			steps:     []step{{status: 400, body: `{"error":"input too long"}`}},
			wantErr:   "400 Bad Request: input too long",
			wantCalls: 1,
		},
		{
			name:      "Retry-After beyond patience",
			steps:     []step{{status: 429, retryAfter: "3600"}},
			wantErr:   "asks to retry after 1h0m0s",
			wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeOllama{models: []string{"nomic-embed-text"}}
			f.steps = tt.steps
			s := &sleeper{}
			e, url := newOllama(t, f, Remote{MaxRetries: tt.retries, sleep: s.sleep})
			got, err := e.Embed(context.Background(), "hello")
			if tt.wantErr == "" {
				if err != nil || !near(got, unitVector("hello")) {
					t.Errorf("Embed = %v, %v, want %v, nil", got, err, unitVector("hello"))
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), url) {
				t.Errorf("Embed error = %v, want one naming %s and containing %q", err, url, tt.wantErr)
			}
			paths, _, _ := f.requests()
			if len(paths) != tt.wantCalls {
				t.Errorf("server got %d requests, want %d", len(paths), tt.wantCalls)
			}
			waits := s.recorded()
			if tt.wantWaits != nil && !slices.Equal(waits, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", waits, tt.wantWaits)
			}
			if len(waits) != max(tt.wantCalls-1, 0) && tt.wantErr == "" {
				t.Errorf("waits = %v, want one before each of %d retries", waits, tt.wantCalls-1)
			}
		})
	}
}

func TestOllamaUnreachable(t *testing.T) {
	url := closedURL(t)
	s := &sleeper{}
	e, err := Ollama(Remote{BaseURL: url, sleep: s.sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), "x")
	want := "ollama at " + url + ` is unreachable (model "nomic-embed-text"): `
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "refused") {
		t.Errorf("Embed via a closed server: error = %v, want it to start %q and say the connection was refused", err, want)
	}
	if w := s.recorded(); len(w) != 0 {
		t.Errorf("waits = %v, want no retries when nothing listens", w)
	}
}

func TestOllamaBadReplies(t *testing.T) {
	tests := []struct {
		name, reply, wantErr string
	}{
		{"too few vectors", `{"embeddings":[]}`, "got 0 vectors for 1 texts"},
		{"empty vector", `{"embeddings":[[]]}`, "empty vector"},
		{"zero vector", `{"embeddings":[[0,0,0]]}`, "zero vector"},
		{"not json", `<html>`, "decode /api/embed reply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeOllama{models: []string{"nomic-embed-text"}, reply: tt.reply}
			e, _ := newOllama(t, f, Remote{})
			if _, err := e.Embed(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Embed with reply %s: error = %v, want one containing %q", tt.reply, err, tt.wantErr)
			}
		})
	}
}

func TestOllamaDimensionChange(t *testing.T) {
	f := &fakeOllama{models: []string{"nomic-embed-text"}}
	e, _ := newOllama(t, f, Remote{})
	if _, err := e.Embed(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	f.reply = `{"embeddings":[[1,2]]}`
	if _, err := e.Embed(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), "2 dimensions, earlier ones had 3") {
		t.Errorf("Embed after the model changed size: error = %v, want a dimension mismatch", err)
	}
}

func TestOllamaAuthorization(t *testing.T) {
	for _, key := range []string{"", "sk-secret-ollama"} {
		t.Run("key="+key, func(t *testing.T) {
			f := &fakeOllama{models: []string{"nomic-embed-text"}}
			f.steps = []step{{status: 400, body: `{"error":"bad key sk-secret-ollama"}`}}
			e, _ := newOllama(t, f, Remote{APIKey: key})
			_, err := e.Embed(context.Background(), "x")
			if err == nil {
				t.Fatal("Embed succeeded, want the canned 400")
			}
			if key != "" && strings.Contains(err.Error(), key) {
				t.Errorf("error %q reveals the API key", err)
			}
			if strings.Contains(e.Name, "sk-") {
				t.Errorf("Name %q reveals the API key", e.Name)
			}
			if _, err := e.Embed(context.Background(), "y"); err != nil {
				t.Fatal(err)
			}
			_, auth, _ := f.requests()
			want := ""
			if key != "" {
				want = "Bearer " + key
			}
			for i, got := range auth {
				if got != want {
					t.Errorf("request %d Authorization = %q, want %q", i, got, want)
				}
			}
		})
	}
}
