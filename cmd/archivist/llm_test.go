package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"archivist/retrieval"
)

// fakeChat is an OpenAI-compatible chat-completions server that answers
// every prompt with reply.
func fakeChat(t *testing.T, reply string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": reply}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestAskWithLLM(t *testing.T) {
	srv, calls := fakeChat(t, "Tencent's AI lab had about 30 researchers as of December 2016 [1][7].")
	env := testEnv(t)
	env["LLM_BASE_URL"] = srv.URL + "/v1"
	env["LLM_MODEL"] = "test-model"
	env["LLM_API_KEY"] = "sk-test-secret"

	out, stderr, code := run(t, env, "ask", "--json", "How many researchers did Tencent's AI lab have?")
	if code != 0 {
		t.Fatalf("ask exit %d, stderr %s", code, stderr)
	}
	var got askOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 || !strings.HasPrefix(got.Answer, "Tencent's AI lab had about 30 researchers") {
		t.Errorf("ask with an LLM: %d calls, answer %q; want the model's answer", calls.Load(), got.Answer)
	}
	// [7] names no passage: it is dropped, and [1] is quoted from the article.
	if strings.Contains(got.Answer, "[7]") || len(got.Citations) != 1 || !strings.Contains(got.Citations[0].Quote, "30 researchers") {
		t.Errorf("citations %+v, answer %q: want one checked citation quoting the article", got.Citations, got.Answer)
	}
	if strings.Contains(out+stderr, "sk-test-secret") {
		t.Error("the API key appears in the output")
	}

	// --no-llm: the same JSON, extractive, and the model is not asked.
	out, _, code = run(t, env, "ask", "--json", "--no-llm", "How many researchers did Tencent's AI lab have?")
	if code != 0 || calls.Load() != 1 || !strings.Contains(out, "According to") {
		t.Errorf("ask --no-llm: exit %d, %d model calls, output %s; want an extractive answer and no call", code, calls.Load(), out)
	}
}

func TestAskFallsBackWhenTheLLMIsDown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "model not loaded", http.StatusNotFound)
	}))
	defer srv.Close()
	env := testEnv(t)
	env["LLM_BASE_URL"] = srv.URL + "/v1"
	env["LLM_MODEL"] = "test-model"
	out, stderr, code := run(t, env, "ask", "How many researchers did Tencent's AI lab have?")
	if code != 0 || !strings.Contains(out, "30 researchers") {
		t.Errorf("ask with a failing LLM: exit %d, output %q, stderr %q; want the extractive answer", code, out, stderr)
	}
	if !strings.Contains(stderr, "could not be used") {
		t.Errorf("stderr %q does not say the model's answer was not used", stderr)
	}
	if !strings.Contains(out, "Note: "+retrieval.NoteLLMFallback) {
		t.Errorf("ask with a failing LLM printed %q, want the note under the answer", out)
	}
	out, _, code = run(t, env, "ask", "--json", "How many researchers did Tencent's AI lab have?")
	var got struct {
		Note string `json:"note"`
	}
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || got.Note != retrieval.NoteLLMFallback {
		t.Errorf("ask --json with a failing LLM: exit %d, note %q (%v), want %q", code, got.Note, err, retrieval.NoteLLMFallback)
	}
}
