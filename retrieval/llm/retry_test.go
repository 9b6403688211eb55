package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// step is one scripted reply of a fake server: a status with optional
// Retry-After, or (status 0) a good completion.
type step struct {
	status     int
	retryAfter string
}

func TestGenerateRetries(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		script     []step // the replies in order; the last repeats
		wantErr    string // a substring of the error, "" for success
		wantCalls  int
		wantWaits  string
	}{
		{"429 then success honours Retry-After", 0, []step{{429, "2"}, {}}, "", 2, "[2s]"},
		{"503 then success backs off", 0, []step{{503, ""}, {}}, "", 2, "[500ms]"},
		{"backoff doubles", 3, []step{{502, ""}, {500, ""}, {504, ""}, {}}, "", 4, "[500ms 1s 2s]"},
		{"Retry-After as a date in the past backs off", 0, []step{{429, "Wed, 21 Oct 2015 07:28:00 GMT"}, {}}, "", 2, "[500ms]"},
		{"500s until retries run out", 2, []step{{500, ""}}, "HTTP 500 Internal Server Error: overloaded (after 3 attempts)", 3, "[500ms 1s]"},
		{"retries off", -1, []step{{500, ""}}, "HTTP 500", 1, "[]"},
		{"400 is not retried", 0, []step{{400, ""}}, "HTTP 400", 1, "[]"},
		{"Retry-After too long", 0, []step{{429, "120"}}, "retry after 2m0s", 1, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				n := int(calls.Add(1))
				s := tt.script[min(n, len(tt.script))-1]
				if s.status == 0 {
					writeCompletion(w, "done")
					return
				}
				if s.retryAfter != "" {
					w.Header().Set("Retry-After", s.retryAfter)
				}
				w.WriteHeader(s.status)
				fmt.Fprint(w, `{"error":{"message":"overloaded"}}`)
			})
			c, waits := newTestClient(t, srv, Config{MaxRetries: tt.maxRetries})
			got, err := c.Generate(context.Background(), question)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Generate error %v, want none", err)
			case tt.wantErr == "" && got != "done":
				t.Errorf("Generate = %q, want %q", got, "done")
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Generate error %v, want one containing %q", err, tt.wantErr)
			}
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("server called %d times, want %d", got, tt.wantCalls)
			}
			if got := fmt.Sprint(*waits); got != tt.wantWaits {
				t.Errorf("waits = %s, want %s", got, tt.wantWaits)
			}
		})
	}
}

func TestGenerateServerErrorsUntilDeadline(t *testing.T) {
	var calls atomic.Int32
	srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		calls.Add(1)
		http.Error(w, "upstream down", http.StatusBadGateway)
	})
	c, err := New(Config{BaseURL: srv.URL + "/v1", Model: "qwen2.5", APIKey: testKey, MaxRetries: 1000})
	if err != nil {
		t.Fatal(err)
	}
	c.policy.Base, c.policy.Max = time.Millisecond, 20*time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	_, err = c.Generate(ctx, question)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Generate error %v, want one wrapping context.DeadlineExceeded", err)
	}
	for _, w := range []string{"qwen2.5", srv.URL, "HTTP 502", "attempts"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Generate error %q, want it to contain %q", err, w)
		}
	}
	if strings.Contains(err.Error(), testKey) {
		t.Errorf("Generate error %q contains the API key", err)
	}
	if calls.Load() < 2 {
		t.Errorf("server called %d times, want retries until the deadline", calls.Load())
	}
}

func TestGenerateAttemptTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		calls.Add(1)
		<-r.Context().Done() // a model that never answers
	})
	c, _ := newTestClient(t, srv, Config{Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := c.Generate(context.Background(), question)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no complete reply within 50ms") {
		t.Errorf("Generate error %v, want the per-attempt timeout", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Generate took %v, want about 50ms", took)
	}
	if calls.Load() != 1 {
		t.Errorf("server called %d times, want 1 (a timeout is not retried)", calls.Load())
	}
}

func TestGenerateBoundsConcurrency(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		writeCompletion(w, "ok")
	})
	c, _ := newTestClient(t, srv, Config{MaxConcurrent: 2})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Generate(context.Background(), question); err != nil {
				t.Errorf("Generate error %v", err)
			}
		})
	}
	wg.Wait()
	if most > 2 {
		t.Errorf("at most %d requests in flight, want at most 2", most)
	}
}

func TestGenerateRetriesRefusedConnection(t *testing.T) {
	srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {})
	c, waits := newTestClient(t, srv, Config{})
	srv.Close() // nothing listens at the address any more

	_, err := c.Generate(context.Background(), question)
	if err == nil || !strings.Contains(err.Error(), "(after 3 attempts)") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("Generate error %v, want one naming the server after 3 attempts", err)
	}
	if got := fmt.Sprint(*waits); got != "[500ms 1s]" {
		t.Errorf("waits = %s, want [500ms 1s]", got)
	}
}
