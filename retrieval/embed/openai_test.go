package embed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeOpenAI speaks the OpenAI embeddings API at /v1/embeddings. It answers
// in reverse order, as the API may, tagging each vector with its index.
type fakeOpenAI struct {
	recorder
	models []string
	key    string // when set, requests must carry it as a bearer token
}

func (f *fakeOpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model string   `json:"model"`
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		openAIError(w, http.StatusBadRequest, "bad json", "invalid_request_error")
		return
	}
	if f.start(w, r, len(req.Input)) {
		return
	}
	switch got := r.Header.Get("Authorization"); {
	case r.URL.Path != "/v1/embeddings":
		openAIError(w, http.StatusNotFound, "Invalid URL (POST "+r.URL.Path+")", "invalid_request_error")
	case f.key != "" && got == "":
		openAIError(w, http.StatusUnauthorized, "You didn't provide an API key.", "invalid_request_error")
	case f.key != "" && got != "Bearer "+f.key:
		// Like some servers, echo what was sent.
		openAIError(w, http.StatusUnauthorized, "Incorrect API key provided: "+strings.TrimPrefix(got, "Bearer "), "invalid_api_key")
	case !slices.Contains(f.models, req.Model):
		openAIError(w, http.StatusNotFound, fmt.Sprintf("The model `%s` does not exist", req.Model), "model_not_found")
	default:
		type datum struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		var data []datum
		for i := len(req.Input) - 1; i >= 0; i-- {
			data = append(data, datum{"embedding", i, rawVector(req.Input[i])})
		}
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "model": req.Model, "data": data})
	}
}

func openAIError(w http.ResponseWriter, status int, msg, code string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error", "code": code}})
}

// newOpenAI starts f and returns an embedder for it; r.BaseURL defaults to
// the server's /v1.
func newOpenAI(t *testing.T, f *fakeOpenAI, r Remote) (Embedder, string) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	if r.BaseURL == "" {
		r.BaseURL = srv.URL + "/v1"
	}
	e, err := OpenAI(r)
	if err != nil {
		t.Fatalf("OpenAI(%+v): %v", r, err)
	}
	return e, srv.URL
}

func TestOpenAIConfig(t *testing.T) {
	tests := []struct {
		name     string
		r        Remote
		wantName string
		wantErr  string
	}{
		{"no base URL", Remote{Model: "m"}, "", "EMBED_BASE_URL"},
		{"no model off OpenAI", Remote{BaseURL: "http://localhost:8080/v1"}, "", "EMBED_MODEL"},
		{"OpenAI's default model", Remote{BaseURL: "https://api.openai.com/v1/", APIKey: "sk-x"}, "openai:text-embedding-3-small", ""},
		{"given model", Remote{BaseURL: "http://localhost:8080/v1", Model: "bge-m3"}, "openai:bge-m3", ""},
		{"bad URL", Remote{BaseURL: "localhost:8080/v1", Model: "m"}, "", "EMBED_BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := OpenAI(tt.r)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("OpenAI(%+v) error = %v, want one naming %s", tt.r, err, tt.wantErr)
				}
				return
			}
			if err != nil || e.Name != tt.wantName || e.Embed == nil || e.Batch == nil {
				t.Errorf("OpenAI(%+v) = %q, %v, want %q with Embed and Batch", tt.r, e.Name, err, tt.wantName)
			}
		})
	}
}

func TestOpenAIEmbedAndBatch(t *testing.T) {
	f := &fakeOpenAI{models: []string{"nomic-embed-text"}}
	e, _ := newOpenAI(t, f, Remote{Model: "nomic-embed-text"})
	got, err := e.Embed(context.Background(), "one text")
	if err != nil || !near(got, unitVector("one text")) {
		t.Fatalf("Embed = %v, %v, want %v, nil", got, err, unitVector("one text"))
	}
	texts := make([]string, 2*openAIBatch+2)
	for i := range texts {
		texts[i] = strings.Repeat("x", i)
	}
	vs, err := e.Batch(context.Background(), texts)
	if err != nil {
		t.Fatalf("Batch(%d texts): %v", len(texts), err)
	}
	for i, text := range texts {
		if i >= len(vs) || !near(vs[i], unitVector(text)) {
			t.Fatalf("Batch vector %d of %d: want %v, in input order", i, len(vs), unitVector(text))
		}
	}
	_, _, sizes := f.requests()
	if want := []int{1, openAIBatch, openAIBatch, 2}; !slices.Equal(sizes, want) {
		t.Errorf("texts per request = %v, want %v", sizes, want)
	}
}

func TestOpenAIUnindexedReply(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A server that leaves out "index" answers in order.
		fmt.Fprint(w, `{"data":[{"embedding":[1,0]},{"embedding":[0,2]}]}`)
	}))
	defer srv.Close()
	e, err := OpenAI(Remote{BaseURL: srv.URL + "/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Batch(context.Background(), []string{"a", "b"})
	if err != nil || len(vs) != 2 || !near(vs[0], []float32{1, 0}) || !near(vs[1], []float32{0, 1}) {
		t.Errorf("Batch = %v, %v, want [[1 0] [0 1]]", vs, err)
	}
}

func TestOpenAIErrors(t *testing.T) {
	const key = "sk-test-0123456789abcdef"
	tests := []struct {
		name           string
		serverKey, key string
		model          string
		steps          []step
		retries        int
		wantErr        []string
		wantTries      int
	}{
		{name: "model not found", model: "nope", wantErr: []string{`model "nope" not found`, "does not exist"}, wantTries: 1},
		{name: "key missing", serverKey: key, model: "m", wantErr: []string{"401 Unauthorized", "set EMBED_API_KEY"}, wantTries: 1},
		{name: "key wrong", serverKey: "sk-other", key: key, model: "m", wantErr: []string{"API key was refused", "[redacted]"}, wantTries: 1},
		{
			name: "5xx until retries run out", model: "m", retries: 3,
			steps:     []step{{status: 502}, {status: 503}, {status: 500}, {status: 504, body: "upstream timed out"}},
			wantErr:   []string{"504 Gateway Timeout: upstream timed out (gave up after 4 attempts)"},
			wantTries: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeOpenAI{models: []string{"m"}, key: tt.serverKey}
			f.steps = tt.steps
			e, url := newOpenAI(t, f, Remote{Model: tt.model, APIKey: tt.key, MaxRetries: tt.retries, sleep: (&sleeper{}).sleep})
			_, err := e.Embed(context.Background(), "x")
			if err == nil {
				t.Fatal("Embed succeeded, want an error")
			}
			msg := err.Error()
			for _, want := range append(tt.wantErr, "openai-compatible server at "+url+"/v1") {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			if strings.Contains(msg, key) {
				t.Errorf("error %q reveals the API key", msg)
			}
			if paths, _, _ := f.requests(); len(paths) != tt.wantTries {
				t.Errorf("server got %d requests, want %d", len(paths), tt.wantTries)
			}
		})
	}
}

func TestOpenAIRetryAfter(t *testing.T) {
	f := &fakeOpenAI{models: []string{"m"}}
	f.steps = []step{{status: 429, retryAfter: "2", body: `{"error":{"message":"Rate limit reached"}}`}, {status: 503}}
	s := &sleeper{}
	e, _ := newOpenAI(t, f, Remote{Model: "m", sleep: s.sleep})
	got, err := e.Embed(context.Background(), "hi")
	if err != nil || !near(got, unitVector("hi")) {
		t.Fatalf("Embed = %v, %v, want %v, nil", got, err, unitVector("hi"))
	}
	waits := s.recorded()
	if len(waits) != 2 || waits[0] != 2*time.Second || waits[1] < retryPolicy.Base || waits[1] > 2*retryPolicy.Base {
		t.Errorf("waits = %v, want [2s (Retry-After), then a backoff within [%v, %v]]", waits, retryPolicy.Base, 2*retryPolicy.Base)
	}
}

func TestOpenAIAuthorizationHeader(t *testing.T) {
	for _, key := range []string{"", "sk-live-secret"} {
		t.Run("key="+key, func(t *testing.T) {
			f := &fakeOpenAI{models: []string{"m"}}
			e, _ := newOpenAI(t, f, Remote{Model: "m", APIKey: key})
			if _, err := e.Embed(context.Background(), "x"); err != nil {
				t.Fatal(err)
			}
			want := ""
			if key != "" {
				want = "Bearer " + key
			}
			if _, auth, _ := f.requests(); len(auth) != 1 || auth[0] != want {
				t.Errorf("Authorization headers = %q, want [%q]", auth, want)
			}
			if strings.Contains(e.Name, "sk-") {
				t.Errorf("Name %q reveals the API key", e.Name)
			}
		})
	}
}

// countingTransport counts the requests it passes on.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestOpenAIUsesGivenHTTPClient(t *testing.T) {
	f := &fakeOpenAI{models: []string{"m"}}
	tr := &countingTransport{}
	e, _ := newOpenAI(t, f, Remote{Model: "m", HTTPClient: &http.Client{Transport: tr}})
	if _, err := e.Batch(context.Background(), []string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	if n := tr.n.Load(); n != 1 {
		t.Errorf("the given client sent %d requests, want 1", n)
	}
}
