package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// changingEnv is a hash-embedder environment over the changed-facts sample
// archive of package retrieval.
func changingEnv(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "archive")
	if err := os.CopyFS(corpus, os.DirFS(filepath.Join("..", "..", "retrieval", "testdata", "changing", "archive"))); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"EMBEDDER": "hash", "ARCHIVE_DIR": corpus, "INDEX_DIR": filepath.Join(dir, "index")}
}

func TestTimeFlagsAreChecked(t *testing.T) {
	env := changingEnv(t)
	for _, args := range [][]string{
		{"ask", "--as-of", "30/11/2026", "q"},
		{"ask", "--from", "2020-13-01", "q"},
		{"search", "--to", "yesterday", "q"},
		{"ask", "--from", "2021-01-01", "--to", "2020-01-01", "q"},
		{"eval", "--questions", "x.jsonl", "--as-of", "2020-02-30"},
	} {
		_, stderr, code := run(t, env, args...)
		if code != exitUsage || !strings.Contains(stderr, "--") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 naming the flag", args, code, stderr)
		}
	}
}

func TestAskAsOfAndFilter(t *testing.T) {
	env := changingEnv(t)
	q := "What Orrin Isle ferry fare was announced this week?"
	// The same question on two days gets two different articles.
	var first []string
	for _, asOf := range []string{"2020-01-02", "2022-06-10"} {
		out, stderr, code := run(t, env, "ask", "--json", "--as-of", asOf, q)
		if code != 0 {
			t.Fatalf("ask exit %d: %s", code, stderr)
		}
		var got askOutput
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.AsOf != asOf || len(got.Citations) == 0 {
			t.Fatalf("ask --as-of %s = %+v, want as_of echoed and a citation", asOf, got)
		}
		first = append(first, got.Citations[0].ArticleID)
	}
	if first[0] == first[1] {
		t.Errorf("the same \"this week\" question asked on two days cited %s both times", first[0])
	}
	// A filter is hard: nothing outside it is cited.
	out, stderr, code := run(t, env, "ask", "--json", "--from", "2017-01-01", "--to", "2019-12-31", "How much is the Orrin Isle ferry fare?")
	if code != 0 {
		t.Fatalf("ask exit %d: %s", code, stderr)
	}
	var got askOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, c := range got.Citations {
		if c.Published < "2017-01-01" || c.Published > "2019-12-31" {
			t.Errorf("ask --from 2017-01-01 --to 2019-12-31 cited %s of %s", c.ArticleID, c.Published)
		}
	}
	// The default question time is today.
	m := &Main{Now: func() time.Time { return time.Date(2031, 5, 6, 12, 0, 0, 0, time.UTC) }}
	if got := m.now().Format(dateLayout); got != "2031-05-06" {
		t.Errorf("Main.now = %s, want the injected clock", got)
	}
}

func TestEvalReadsAskedOn(t *testing.T) {
	env := changingEnv(t)
	qfile := filepath.Join("..", "..", "retrieval", "testdata", "changing", "questions.jsonl")
	out, stderr, code := run(t, env, "eval", "--json", "--questions", qfile)
	if code != 0 {
		t.Fatalf("eval exit %d: %s", code, stderr)
	}
	var withTime evalOutput
	if err := json.Unmarshal([]byte(out), &withTime); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = run(t, env, "eval", "--json", "--ignore-time", "--questions", qfile)
	if code != 0 {
		t.Fatalf("eval --ignore-time exit %d: %s", code, stderr)
	}
	var without evalOutput
	if err := json.Unmarshal([]byte(out), &without); err != nil {
		t.Fatal(err)
	}
	if withTime.Results[0].AsOf == "" || without.Results[0].AsOf != "" {
		t.Errorf("as_of with time %q, ignoring time %q; want a date, then none", withTime.Results[0].AsOf, without.Results[0].AsOf)
	}
	// On a set where only dates tell the articles apart, time must help.
	if withTime.RecallAt["1"] < 0.9 || withTime.RecallAt["1"] <= without.RecallAt["1"] {
		t.Errorf("recall@1 %.3f with time, %.3f without; want at least 0.9 and better", withTime.RecallAt["1"], without.RecallAt["1"])
	}
}
