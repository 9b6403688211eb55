package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the program as main() would, with env as its whole environment.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code = m.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

// testEnv is a hash-embedder environment over a copy of the sample archive.
func testEnv(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "archive")
	if err := os.CopyFS(corpus, os.DirFS(filepath.Join("..", "..", "examples", "archive"))); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"EMBEDDER": "hash", "ARCHIVE_DIR": corpus, "INDEX_DIR": filepath.Join(dir, "index")}
}

func TestAskJSON(t *testing.T) {
	env := testEnv(t)
	// Flags may follow the question.
	out, stderr, code := run(t, env, "ask", "How many researchers did Tencent's AI lab have?", "--json")
	if code != 0 {
		t.Fatalf("ask exit %d, stderr %s", code, stderr)
	}
	var got askOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("ask --json printed %q: %v", out, err)
	}
	if got.Abstained || len(got.Citations) == 0 || !strings.Contains(got.Citations[0].Quote, "about 30 researchers") {
		t.Errorf("ask --json = %+v, want a citation quoting about 30 researchers", got)
	}
	if got.Citations[0].Published != "2016-12-08" || got.Citations[0].N != 1 || !strings.Contains(got.Answer, "[1]") {
		t.Errorf("first citation %+v, answer %q: want n 1, published 2016-12-08 and a [1] marker", got.Citations[0], got.Answer)
	}
	var raw map[string]any
	json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"question", "answer", "abstained", "citations", "took_ms"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("ask --json lacks %q", k)
		}
	}
}

func TestAskText(t *testing.T) {
	out, stderr, code := run(t, testEnv(t), "ask", "-k", "3", "How", "much", "does", "a", "ferry", "ticket", "cost?")
	if code != 0 {
		t.Fatalf("ask exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(out, "4.50 pounds") || !strings.Contains(out, "Sources:") || !strings.Contains(out, "2019-05-14") {
		t.Errorf("ask printed %q, want the ticket price quoted with its dated source", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no command", nil, nil, "no command"},
		{"unknown command", nil, []string{"frobnicate"}, "unknown command"},
		{"unknown embedder", map[string]string{"EMBEDDER": "magic"}, []string{"ask", "q"}, "EMBEDDER"},
		{"serve without token", map[string]string{"EMBEDDER": "hash"}, []string{"serve"}, "DISCORD_TOKEN"},
		{"ask without question", map[string]string{"EMBEDDER": "hash"}, []string{"ask"}, "no question"},
		{"bad flag", map[string]string{"EMBEDDER": "hash"}, []string{"search", "--nope", "x"}, "nope"},
		{"eval without questions", map[string]string{"EMBEDDER": "hash"}, []string{"eval"}, "--questions"},
		{"llm without model", map[string]string{"LLM_BASE_URL": "http://localhost:1/v1"}, []string{"ask", "q"}, "LLM_MODEL"},
		{"bad log level", map[string]string{"LOG_LEVEL": "loud"}, []string{"ask", "q"}, "LOG_LEVEL"},
		{"bad ALLOW_DMS", map[string]string{"EMBEDDER": "hash", "DISCORD_TOKEN": "t", "ALLOW_DMS": "maybe"}, []string{"serve"}, "ALLOW_DMS"},
		{"doctor with an argument", map[string]string{"EMBEDDER": "hash"}, []string{"doctor", "now"}, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.env, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("archivist %v: exit %d, stderr %q; want exit 2 naming %q", tc.args, code, stderr, tc.want)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("stderr holds a stack trace: %s", stderr)
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"ask", "-h"}, {"eval", "-h"}, {"doctor", "-h"}} {
		if _, _, code := run(t, nil, args...); code != 0 {
			t.Errorf("archivist %v exit %d, want 0", args, code)
		}
	}
}

func TestRuntimeErrorExitsOne(t *testing.T) {
	env := testEnv(t)
	env["ARCHIVE_DIR"] = filepath.Join(t.TempDir(), "missing")
	_, stderr, code := run(t, env, "ask", "anything?")
	if code != exitFailure || !strings.Contains(stderr, "missing") {
		t.Errorf("ask over a missing corpus: exit %d, stderr %q; want exit 1 naming the folder", code, stderr)
	}
}

func TestIndexSkipsBadFiles(t *testing.T) {
	env := testEnv(t)
	corpus := env["ARCHIVE_DIR"]
	files := map[string][]byte{
		"empty.txt":    {},
		"binary.txt":   {0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 7},
		"broken.jsonl": []byte("{\"id\":\"ok\",\"title\":\"Fine\",\"text\":\"A fine article about kites.\"}\n{not json\n"),
		"latin1.txt":   []byte("Caf\xe9 news\n\nThe caf\xe9 opened on Monday and served cr\xeapes.\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(corpus, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, code := run(t, env, "index", "--json")
	if code != 0 {
		t.Fatalf("index exit %d, stderr %s", code, stderr)
	}
	var rep struct {
		Articles, Added, Embedded int
		Embedder                  string
		Skipped                   []struct{ Path, Error string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("index --json printed %q: %v", out, err)
	}
	skipped := map[string]string{}
	for _, s := range rep.Skipped {
		skipped[s.Path] = s.Error
	}
	for _, want := range []string{"empty.txt", "binary.txt", "broken.jsonl#2"} {
		if skipped[want] == "" {
			t.Errorf("index skipped %v, want %s named with a reason", skipped, want)
		}
	}
	// 4 samples + the good JSONL line + the Latin-1 file.
	if rep.Articles != 6 || rep.Embedder != "hash:512" || rep.Embedded == 0 {
		t.Errorf("index = %+v, want 6 articles embedded by hash:512", rep)
	}
	// Again: nothing changed, nothing embedded.
	out, _, _ = run(t, env, "index", "--json")
	json.Unmarshal([]byte(out), &rep)
	if rep.Embedded != 0 || rep.Added != 0 {
		t.Errorf("second index = %+v, want nothing added or embedded", rep)
	}
}

func TestExtractJSON(t *testing.T) {
	out, stderr, code := run(t, nil, "extract", "--json", filepath.Join("..", "..", "examples", "archive", "harbour-ferry.md"))
	if code != 0 {
		t.Fatalf("extract exit %d, stderr %s", code, stderr)
	}
	var got extractOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 1 || got.Articles[0].ID != "sample-harbour-ferry" || got.Articles[0].Published != "2019-05-14" {
		t.Errorf("extract = %+v, want the ferry article with its id and date", got.Articles)
	}
}

func TestEvalJSON(t *testing.T) {
	env := testEnv(t)
	qfile := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qfile, []byte(`{"id":"a","question":"How many researchers did Tencent's AI lab have?","answers":["about 30"],"gold_article_ids":["sample-tencent-ai-lab"]}
{"id":"b","question":"Who won the 1966 chess olympiad in Havana?","answers":[],"unanswerable":true}
`), 0o644)
	out, stderr, code := run(t, env, "eval", "--questions", qfile, "--json", "--floor", "recall@1=1,answer_support=1")
	if code != 0 {
		t.Fatalf("eval exit %d, stderr %s", code, stderr)
	}
	var got evalOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Questions != 2 || got.RecallAt["1"] != 1 || got.AnswerSupport != 1 || got.AbstainCorrect == nil || *got.AbstainCorrect != 1 {
		t.Errorf("eval = %+v, want recall@1 1, answer support 1, abstain correct 1", got)
	}
	if len(got.Results) != 2 || got.Results[0].Retrieved[0] != "sample-tencent-ai-lab" {
		t.Errorf("eval results = %+v", got.Results)
	}
}

func TestDotenv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	os.WriteFile(path, []byte("EMBEDDER=hash\nLOG_LEVEL=debug\n"), 0o644)
	t.Setenv("LOG_LEVEL", "warn")
	t.Setenv("EMBEDDER", "")
	getenv, err := envWithDotenv(path)
	if err != nil {
		t.Fatal(err)
	}
	// The environment wins; an empty variable counts as unset.
	if got := getenv("LOG_LEVEL"); got != "warn" {
		t.Errorf("LOG_LEVEL = %q, want the environment's warn", got)
	}
	if got := getenv("EMBEDDER"); got != "hash" {
		t.Errorf("EMBEDDER = %q, want .env's hash (the environment's is empty)", got)
	}
	if _, err := envWithDotenv(filepath.Join(dir, "missing.env")); err != nil {
		t.Errorf("a missing .env: %v, want no error", err)
	}
	os.WriteFile(path, []byte("EMBEDDER='unterminated\n"), 0o644)
	if _, err := envWithDotenv(path); err == nil {
		t.Error("a malformed .env gave no error")
	}
}
