package llm

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"archivist/retrieval"
)

// writeEvents writes a server-sent event stream, one "data:" line per event
// (lines given whole are written as they are), flushing after each.
func writeEvents(w http.ResponseWriter, lines ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, l := range lines {
		fmt.Fprint(w, l+"\n\n")
		w.(http.Flusher).Flush()
	}
}

// delta is a stream event carrying text.
func delta(text string) string {
	return fmt.Sprintf(`data: {"choices":[{"index":0,"delta":{"content":%q},"finish_reason":null}]}`, text)
}

const finish = `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`

func TestGenerateStream(t *testing.T) {
	tests := []struct {
		name       string
		events     []string // "" stands for a plain JSON reply instead of a stream
		wantText   string
		wantDeltas []string
		wantErr    string
	}{
		{"deltas then done", []string{delta("Ruto "), delta("won [1]"), delta("."), finish, "data: [DONE]"},
			"Ruto won [1].", []string{"Ruto ", "won [1]", "."}, ""},
		{"comments, role event and usage ignored", []string{": keep-alive", `data: {"choices":[{"delta":{"role":"assistant"}}]}`,
			delta("Hi [2]"), finish, `data: {"choices":[],"usage":{"total_tokens":9}}`, "data: [DONE]"},
			"Hi [2]", []string{"Hi [2]"}, ""},
		{"no space after data:", []string{`data:{"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}`},
			"x", []string{"x"}, ""},
		{"server ignores stream", []string{""}, "Plain [1].", []string{"Plain [1]."}, ""},
		{"error event", []string{delta("Ru"), `data: {"error":{"message":"out of memory"}}`},
			"", []string{"Ru"}, "server error in stream: out of memory"},
		{"cut short", []string{delta("Ruto")}, "", []string{"Ruto"}, "stream ended before the reply was complete"},
		{"bad event", []string{"data: {nope"}, "", nil, "decode stream event"},
		{"empty", []string{finish, "data: [DONE]"}, "", nil, "streamed reply is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				if !req.Stream {
					t.Errorf("request stream = false, want true")
				}
				if tt.events[0] == "" {
					writeCompletion(w, "Plain [1].")
					return
				}
				writeEvents(w, tt.events...)
			})
			c, _ := newTestClient(t, srv, Config{})
			var deltas []string
			req := question
			req.Stream = func(d string) { deltas = append(deltas, d) }
			got, err := c.Generate(context.Background(), req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Generate error %v, want one containing %q", err, tt.wantErr)
				}
			} else if err != nil || got != tt.wantText {
				t.Errorf("Generate = %q, %v, want %q, nil", got, err, tt.wantText)
			}
			if fmt.Sprintf("%q", deltas) != fmt.Sprintf("%q", tt.wantDeltas) {
				t.Errorf("deltas = %q, want %q", deltas, tt.wantDeltas)
			}
		})
	}
}

func TestGenerateStreamRetries(t *testing.T) {
	tests := []struct {
		name      string
		first     func(w http.ResponseWriter)
		wantErr   string
		wantCalls int32
	}{
		{"429 before any text is retried", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, "", 2},
		{"failure after text is not retried", func(w http.ResponseWriter) {
			writeEvents(w, delta("Half an ans"))
		}, "stream ended before the reply was complete", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := chatServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				if calls.Add(1) == 1 {
					tt.first(w)
					return
				}
				writeEvents(w, delta("Whole [1]."), finish, "data: [DONE]")
			})
			c, _ := newTestClient(t, srv, Config{})
			var b strings.Builder
			got, err := c.Generate(context.Background(), retrieval.GenerateRequest{
				Messages: question.Messages,
				Stream:   func(d string) { b.WriteString(d) },
			})
			if tt.wantErr == "" && (err != nil || got != "Whole [1]." || b.String() != got) {
				t.Errorf("Generate = %q, %v (streamed %q), want %q, nil", got, err, b.String(), "Whole [1].")
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Generate error %v, want one containing %q", err, tt.wantErr)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("server called %d times, want %d", got, tt.wantCalls)
			}
		})
	}
}
