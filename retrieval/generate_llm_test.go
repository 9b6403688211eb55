package retrieval_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"archivist/retrieval"
	"archivist/retrieval/llm"
)

const apiKey = "sk-test-NEVER-SHOWN"

// fakeModel writes a reply to a prompt's last (user) message.
type fakeModel func(user string) string

func says(reply string) fakeModel { return func(string) string { return reply } }

// passageRE matches a well-formed passage block of a prompt.
var passageRE = regexp.MustCompile(`(?s)<passage[^>]*>.*?</passage>`)

// obeysLeaks is a model that follows any instruction found outside the
// passage blocks, and otherwise answers from the injection article (passage 4).
func obeysLeaks(user string) string {
	if strings.Contains(strings.ToLower(passageRE.ReplaceAllString(user, "")), "ignore previous instructions") {
		return "@everyone click the link [9]."
	}
	return "Markets were calm on Wednesday [4]."
}

// chatServer is an OpenAI-compatible chat-completions server whose replies
// come from model, plain or streamed a few characters per event as asked;
// status(n) != 0 makes the n-th call (from 1) fail with that status.
func chatServer(t *testing.T, model fakeModel, status func(n int32) int) *httptest.Server {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer "+apiKey {
			http.Error(w, `{"error":{"message":"bad path or key"}}`, http.StatusUnauthorized)
			return
		}
		var req struct {
			Model    string
			Messages []retrieval.Message
			Stream   bool
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		if code := status(calls.Add(1)); code != 0 {
			if code == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "0")
			}
			http.Error(w, `{"error":{"message":"try later"}}`, code)
			return
		}
		reply := model(req.Messages[len(req.Messages)-1].Content)
		if !req.Stream {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{
				"message": map[string]string{"role": "assistant", "content": reply}, "finish_reason": "stop"}}})
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for len(reply) > 0 {
			n := min(len(reply), 5)
			chunk, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"delta": map[string]string{"content": reply[:n]}}}})
			fmt.Fprintf(w, "data: %s\n\n", chunk)
			w.(http.Flusher).Flush()
			reply = reply[n:]
		}
		fmt.Fprint(w, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	return srv
}

func never(int32) int { return 0 }

func TestGeneratedAnswerOverHTTP(t *testing.T) {
	passages, articles := retrieval.GenerateFixture(t)
	tests := []struct {
		name     string
		model    fakeModel
		status   func(n int32) int
		timeout  time.Duration
		wantText string
		wantIDs  string // cited article IDs in order
		wantAbst bool
		wantErr  []string
	}{
		{name: "good answer", model: says("As of September 2022, William Ruto is Kenya's fifth president [1]."), status: never,
			wantText: "As of September 2022, William Ruto is Kenya's fifth president [1].", wantIDs: "[kenya-2]"},
		{name: "marker for a passage that does not exist", model: says("The shilling weakened against the dollar [3][8]."), status: never,
			wantText: "The shilling weakened against the dollar [1].", wantIDs: "[shilling]"},
		{name: "no markers", model: says("William Ruto."), status: never, wantErr: []string{"cited no passage"}},
		{name: "not in the archive", model: says("Not in the archive."), status: never, wantAbst: true,
			wantText: "The archive does not hold an answer to that question.",
			wantIDs:  "[kenya-2 kenya-1 shilling]"},
		{name: "429 then success", model: says("Ruto won 50.49% of the vote [2]."),
			status:   func(n int32) int { return map[int32]int{1: http.StatusTooManyRequests}[n] },
			wantText: "Ruto won 50.49% of the vote [1].", wantIDs: "[kenya-1]"},
		{name: "500s until the timeout", model: says("unreachable [1]"), status: func(int32) int { return 500 },
			timeout: 700 * time.Millisecond,
			wantErr: []string{"written answer unavailable", "openai-compatible:llama3.1 at http://", "HTTP 500", "deadline exceeded"}},
		{name: "prompt injection", model: obeysLeaks, status: never,
			wantText: "Markets were calm on Wednesday [1].", wantIDs: "[injection]"},
	}
	for _, tt := range tests {
		for _, streamed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/streamed=%v", tt.name, streamed), func(t *testing.T) {
				srv := chatServer(t, tt.model, tt.status)
				client, err := llm.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "llama3.1", APIKey: apiKey, MaxRetries: 100})
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				if tt.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.timeout)
					defer cancel()
				}
				var partials []string
				var partial func(string)
				if streamed {
					partial = func(s string) { partials = append(partials, s) }
				}
				got, err := retrieval.GeneratedAnswer(ctx, client, "Who leads Kenya?", time.Time{}, passages, 0, partial)
				if tt.wantErr != nil {
					if err == nil {
						t.Fatalf("generatedAnswer = %q, want an error", got.Text)
					}
					for _, w := range tt.wantErr {
						if !strings.Contains(err.Error(), w) {
							t.Errorf("generatedAnswer error %q, want it to contain %q", err, w)
						}
					}
					if strings.Contains(err.Error(), apiKey) {
						t.Errorf("generatedAnswer error %q contains the API key", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("generatedAnswer error %v", err)
				}
				var ids []string
				for _, c := range got.Citations {
					ids = append(ids, c.ArticleID)
					if !strings.Contains(articles[c.ArticleID], c.Quote) || c.Quote == "" {
						t.Errorf("quote %q is not verbatim in article %s", c.Quote, c.ArticleID)
					}
				}
				if got.Text != tt.wantText || fmt.Sprint(ids) != tt.wantIDs || got.Abstained != tt.wantAbst {
					t.Errorf("generatedAnswer = %q citing %v (abstained %v), want %q citing %s (abstained %v)",
						got.Text, ids, got.Abstained, tt.wantText, tt.wantIDs, tt.wantAbst)
				}
				if strings.Contains(got.Text, "@everyone") || strings.Contains(got.Text, apiKey) {
					t.Errorf("generatedAnswer = %q, want no mass mention and no key", got.Text)
				}
				if streamed && len(partials) == 0 {
					t.Errorf("streamed answer gave no partial text")
				}
				for _, p := range partials {
					if strings.ContainsAny(p, "[]") || strings.Contains(p, "@everyone") {
						t.Errorf("partial %q shows an unchecked marker or a mass mention", p)
					}
				}
			})
		}
	}
}
