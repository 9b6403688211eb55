package weaviatetest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"archivist/corpus"
	"archivist/retrieval/embed"
)

const class = "ArchivistKillTest"

// cluster returns the three nodes named by ARCHIVIST_TEST_WEAVIATE_CLUSTER,
// skipping the test when it is unset.
func cluster(t *testing.T) []node {
	t.Helper()
	v := os.Getenv("ARCHIVIST_TEST_WEAVIATE_CLUSTER")
	if v == "" {
		t.Skip("ARCHIVIST_TEST_WEAVIATE_CLUSTER is unset (the three nodes' HTTP origins, from scripts/weaviate start 3)")
	}
	var nodes []node
	for i, u := range strings.Split(v, ",") {
		nodes = append(nodes, node{name: fmt.Sprintf("node%d", i+1), url: strings.TrimSpace(u)})
	}
	if len(nodes) != 3 {
		t.Fatalf("ARCHIVIST_TEST_WEAVIATE_CLUSTER names %d nodes, want 3", len(nodes))
	}
	return nodes
}

// script runs scripts/weaviate with the given arguments on the instance
// whose base port is node 1's.
func script(t *testing.T, n node, args ...string) {
	t.Helper()
	u, err := url.Parse(n.url)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{filepath.Join("..", "weaviate")}, args...)...)
	cmd.Env = append(os.Environ(), "WEAVIATE_PORT="+u.Port())
	out, err := cmd.CombinedOutput()
	t.Logf("$ scripts/weaviate %s\n%s", strings.Join(args, " "), out)
	if err != nil {
		t.Fatalf("scripts/weaviate %s: %v", strings.Join(args, " "), err)
	}
}

// question is one of the news questions and the ids of the articles that
// answer it.
type question struct {
	Text string
	Gold []string
}

// newsPassages reads the news corpus and its questions from ../shared/data,
// skipping the test when they are absent. It returns the passages of the
// questions' gold articles and of the first extra other articles (before),
// those of the next later articles (after), and the questions.
func newsPassages(t *testing.T, extra, later int) (before, after []passage, questions []question) {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "news-2022")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no shared data at %s", dir)
	}
	arts, _ := corpus.ReadFile(os.DirFS(dir), "corpus.jsonl.gz", corpus.Options{})
	gold := map[string]bool{}
	f, err := os.Open(filepath.Join(dir, "questions-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var q struct {
			Question string   `json:"question"`
			Gold     []string `json:"gold_article_ids"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		questions = append(questions, question{q.Question, q.Gold})
		for _, id := range q.Gold {
			gold[id] = true
		}
	}
	e := embed.Hash(0)
	ctx := context.Background()
	chunk := func(a corpus.Article) []passage {
		var ps []passage
		for _, c := range corpus.Split(a, corpus.SplitOptions{}) {
			v, err := e.Embed(ctx, c.Text)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, passage{PID: a.ID + "#" + strconv.Itoa(c.Seq), Article: a.ID, Text: c.Text, Vector: v})
		}
		return ps
	}
	for _, a := range arts {
		switch {
		case gold[a.ID]:
			before = append(before, chunk(a)...)
		case extra > 0:
			before = append(before, chunk(a)...)
			extra--
		case later > 0:
			after = append(after, chunk(a)...)
			later--
		}
	}
	return before, after, questions
}

// envInt reads a whole number from the environment, or def.
func envInt(t *testing.T, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q is not a whole number", key, v)
	}
	return n
}

// answers asks every question, as BM25 and as nearVector, on n at level, and
// returns the top five passage ids per query ("bm25 3", "vector 3").
// Each query is retried for up to a minute; retried counts the failures.
func answers(ctx context.Context, t *testing.T, n node, level string, questions []question) (got map[string][]string, retried int) {
	t.Helper()
	e := embed.Hash(0)
	got = map[string][]string{}
	for i, q := range questions {
		v, _ := e.Embed(ctx, q.Text)
		for kind, clause := range map[string]string{"bm25": bm25Clause(q.Text), "vector": nearVectorClause(v)} {
			deadline := time.Now().Add(time.Minute)
			for {
				ids, err := search(ctx, n, class, clause, level, 5)
				if err == nil {
					got[fmt.Sprintf("%s %d", kind, i)] = ids
					break
				}
				retried++
				if time.Now().After(deadline) {
					t.Fatalf("%s on %s at %s: %v", kind, n.name, level, err)
				}
				if retried <= 3 {
					t.Logf("query failed, retrying: %v", err)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	return got, retried
}

// found tells, per kind of query, for how many questions a passage of a
// gold article is among the top five.
func found(got map[string][]string, questions []question) string {
	var out []string
	for _, kind := range []string{"bm25", "vector"} {
		n := 0
		for i, q := range questions {
			if slices.ContainsFunc(got[fmt.Sprintf("%s %d", kind, i)], func(pid string) bool {
				return slices.Contains(q.Gold, pid[:strings.LastIndexByte(pid, '#')])
			}) {
				n++
			}
		}
		out = append(out, fmt.Sprintf("%s %d of %d", kind, n, len(questions)))
	}
	return strings.Join(out, ", ")
}

// checkSame fails the test when b does not repeat every BM25 answer of a
// in order. Vector answers are only compared in the log: each replica
// builds its own HNSW graph, which is approximate, and hash vectors tie, so
// which replica answers may change a vector top 5 at the margin.
func checkSame(t *testing.T, what string, a, b map[string][]string) {
	t.Helper()
	for k, v := range a {
		if strings.HasPrefix(k, "bm25 ") && !slices.Equal(v, b[k]) {
			t.Errorf("%s: %s = %v, want %v", what, k, b[k], v)
		}
	}
}

// compare tells, per kind of query, how many of a's answers b repeats in
// order, and how many more it repeats as a set.
func compare(a, b map[string][]string) string {
	var out []string
	for _, kind := range []string{"bm25", "vector"} {
		total, inOrder, asSet := 0, 0, 0
		for k, v := range a {
			if !strings.HasPrefix(k, kind+" ") {
				continue
			}
			total++
			w := b[k]
			if slices.Equal(v, w) {
				inOrder++
				continue
			}
			x, y := slices.Clone(v), slices.Clone(w)
			slices.Sort(x)
			slices.Sort(y)
			if slices.Equal(x, y) {
				asSet++
			}
		}
		out = append(out, fmt.Sprintf("%s %d of %d in order, %d more as a set", kind, inOrder, total, asSet))
	}
	return strings.Join(out, "; ")
}

// present counts the passages whose object the replica on target holds.
func present(ctx context.Context, t *testing.T, via node, target string, ps []passage) int {
	t.Helper()
	n := 0
	for _, p := range ps {
		ok, err := onNode(ctx, via, class, target, p.PID)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			n++
		}
	}
	return n
}

// TestKillOneNode is issue #14's proof that the cluster is distributed:
// a collection of 3 shards, each on all 3 nodes, answers the same on node 2
// after node 3 is killed, takes writes while node 3 is down, and node 3
// holds those writes some time after it is back (async replication).
func TestKillOneNode(t *testing.T) {
	nodes := cluster(t)
	n1, n2, n3 := nodes[0], nodes[1], nodes[2]
	ctx := context.Background()
	start := time.Now()
	logf := func(format string, args ...any) {
		t.Logf("[%6.1fs] %s", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
	}

	// The vector index type: "hnsw" (Weaviate's default) or "flat" (exact).
	vectorIndex := os.Getenv("ARCHIVIST_TEST_WEAVIATE_VECTOR_INDEX")
	if vectorIndex == "" {
		vectorIndex = "hnsw"
	}
	settleFor := time.Duration(envInt(t, "ARCHIVIST_TEST_WEAVIATE_SETTLE", 75)) * time.Second
	// settle waits until settleFor has passed since the last write, so that
	// every node has flushed the memtables it wrote: until then BM25 scores
	// differ (weaviate v1.35 flushes a memtable 60s after its last write by
	// default, PERSISTENCE_MEMTABLES_FLUSH_DIRTY_AFTER_SECONDS).
	settle := func(last time.Time) {
		if d := time.Until(last.Add(settleFor)); d > 0 {
			logf("waiting %.0fs for the memtables to be flushed", d.Seconds())
			time.Sleep(d)
		}
	}

	before, after, questions := newsPassages(t,
		envInt(t, "ARCHIVIST_TEST_WEAVIATE_ARTICLES", 300), envInt(t, "ARCHIVIST_TEST_WEAVIATE_LATER", 30))
	logf("vector index %s; news: %d passages to index first, %d to write while node3 is down, %d questions",
		vectorIndex, len(before), len(after), len(questions))

	if err := createCollection(ctx, n1, class, 3, 3, vectorIndex); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := insert(ctx, n1, class, "ALL", before); err != nil {
		t.Fatal(err)
	}
	indexed := time.Now()
	logf("indexed %d passages through node1 at consistency ALL in %.1fs", len(before), indexed.Sub(t0).Seconds())
	counts, err := shardCounts(ctx, n2, class)
	if err != nil {
		t.Fatal(err)
	}
	logf("shards of %s per node (GET /v1/nodes): node1 %d, node2 %d, node3 %d",
		class, counts["node1"], counts["node2"], counts["node3"])
	for _, nd := range nodes {
		if c := counts[nd.name]; c != 3 {
			t.Errorf("%s holds %d shards of %s, want 3 (3 shards, factor 3)", nd.name, c, class)
		}
	}

	fresh, _ := answers(ctx, t, n2, "QUORUM", questions)
	settle(indexed)
	quorum, _ := answers(ctx, t, n2, "QUORUM", questions)
	logf("node2 at QUORUM, settled vs. right after indexing: %s", compare(quorum, fresh))
	logf("a gold article in the top 5: right after indexing %s; settled %s", found(fresh, questions), found(quorum, questions))
	one, _ := answers(ctx, t, n2, "ONE", questions)
	logf("all up: on node2, ONE repeats QUORUM's top 5: %s", compare(quorum, one))
	on1, _ := answers(ctx, t, n1, "ONE", questions)
	on3, _ := answers(ctx, t, n3, "ONE", questions)
	logf("all up: node1 at ONE repeats node2's QUORUM top 5: %s", compare(quorum, on1))
	logf("all up: node3 at ONE repeats node2's QUORUM top 5: %s", compare(quorum, on3))

	leader := raftLeader(ctx, n2)
	script(t, n1, "kill", "3")
	killed := time.Now()
	logf("killed node3; the Raft leader was %s", leader)
	since := func() float64 { return time.Since(killed).Seconds() }
	// write tries one object at the consistency level, giving up after 10s.
	write := func(level string) error {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return insert(wctx, n2, class, level, after[:1])
	}
	downQuorum, retriedQ := answers(ctx, t, n2, "QUORUM", questions)
	logf("node3 killed: on node2, QUORUM repeats its top 5: %s (%d retries); %.1fs after the kill",
		compare(quorum, downQuorum), retriedQ, since())
	checkSame(t, "with node3 down, node2 at QUORUM", quorum, downQuorum)
	// Before any write: one more object changes BM25's statistics, and so
	// the order of near ties.
	downOne, retriedO := answers(ctx, t, n2, "ONE", questions)
	logf("node3 killed: on node2, ONE repeats QUORUM's top 5: %s (%d retries); %.1fs after the kill",
		compare(quorum, downOne), retriedO, since())
	checkSame(t, "with node3 down, node2 at ONE", quorum, downOne)
	for failed := 0; ; failed++ {
		err := write("QUORUM")
		if err == nil {
			logf("%.1fs after the kill, a write at QUORUM succeeds (%d failed before)", since(), failed)
			break
		}
		logf("%.1fs after the kill, a write at QUORUM fails: %.120s", since(), err)
		if since() > 300 {
			t.Fatal("no write at QUORUM succeeded within 300s of the kill")
		}
	}
	// ALL means all the replicas that memberlist still lists: a write at
	// ALL fails while node3 is only unreachable, and succeeds once memberlist
	// has declared it dead (weaviate v1.35 cluster/router: buildReplicas).
	if err := write("ALL"); err != nil {
		logf("%.1fs after the kill, a write at ALL fails: %.120s", since(), err)
	} else {
		logf("%.1fs after the kill, a write at ALL succeeds (ALL is now node1 and node2)", since())
	}
	for time.Since(killed) < 30*time.Second {
		time.Sleep(time.Second)
	}
	if err := write("ALL"); err != nil {
		logf("%.1fs after the kill, a write at ALL fails: %.120s", since(), err)
	} else {
		logf("%.1fs after the kill, a write at ALL succeeds (ALL is now node1 and node2)", since())
	}
	logf("the Raft leader is now %s", raftLeader(ctx, n2))

	t0 = time.Now()
	if err := insert(ctx, n2, class, "QUORUM", after); err != nil {
		t.Fatal(err)
	}
	logf("wrote %d more passages through node2 at QUORUM in %.1fs with node3 down", len(after), time.Since(t0).Seconds())
	gone := present(ctx, t, n2, n2.name, after)
	logf("node2's own replicas hold %d of them", gone)

	t0 = time.Now()
	script(t, n1, "restart", "3")
	back := time.Now()
	logf("node3 restarted and ready in %.1fs", back.Sub(t0).Seconds())
	had := present(ctx, t, n2, n3.name, after)
	logf("node3's own replicas hold %d of the %d passages written while it was down", had, len(after))

	deadline := back.Add(time.Duration(envInt(t, "ARCHIVIST_TEST_WEAVIATE_CATCHUP", 300)) * time.Second)
	var caught time.Time
	for last := -1; ; {
		have := present(ctx, t, n2, n3.name, after)
		if have == len(after) {
			caught = time.Now()
			logf("node3 caught up: it holds all %d, %.1fs after it was ready", have, caught.Sub(back).Seconds())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node3 holds %d of %d passages %.0fs after it came back", have, len(after), time.Since(back).Seconds())
		}
		if have != last {
			logf("node3 holds %d of %d", have, len(after))
			last = have
		}
		time.Sleep(time.Second)
	}
	oldOK := present(ctx, t, n2, n3.name, before)
	logf("node3 still holds %d of the %d passages indexed first", oldOK, len(before))
	if oldOK != len(before) {
		t.Errorf("node3 holds %d of the %d passages indexed first", oldOK, len(before))
	}

	settle(caught)
	all, _ := answers(ctx, t, n2, "QUORUM", questions)
	on3, _ = answers(ctx, t, n3, "ONE", questions)
	// With BlockMax WAND (USE_INVERTED_SEARCHABLE=true, Weaviate's default
	// but not scripts/weaviate's) this fails: v1.35's BM25 top k then misses
	// passages depending on how each replica's segments were written
	// (docs/WEAVIATE-CLUSTER.md).
	checkSame(t, "after catch-up, node3 at ONE", all, on3)
	logf("after catch-up: node3 at ONE repeats node2's top 5 at QUORUM: %s", compare(all, on3))
	logf("a gold article in the top 5: node2 %s; node3 %s", found(all, questions), found(on3, questions))
}
