package retrieval

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/embed"
)

// weaviateArchive opens an Archive over fsys that keeps its passages in
// the Weaviate server ARCHIVIST_TEST_WEAVIATE_URL names, in collections of
// its own that are dropped when the test ends. Without the variable the
// test is skipped.
func weaviateArchive(t *testing.T, fsys fstest.MapFS, ranking WeaviateRanking) *Archive {
	t.Helper()
	u := os.Getenv("ARCHIVIST_TEST_WEAVIATE_URL")
	if u == "" {
		t.Skip("no Weaviate: start one with `scripts/weaviate start` and set ARCHIVIST_TEST_WEAVIATE_URL (and ARCHIVIST_TEST_WEAVIATE_GRPC_URL) to run this test")
	}
	h := embed.Hash(64)
	a, err := Open(context.Background(), Config{
		Corpus: fsys, Embed: h.Embed, EmbedderName: h.Name,
		Weaviate: &WeaviateConfig{
			URL: u, GRPC: os.Getenv("ARCHIVIST_TEST_WEAVIATE_GRPC_URL"), APIKey: os.Getenv("ARCHIVIST_TEST_WEAVIATE_API_KEY"),
			Collections: fmt.Sprintf("Test%d", time.Now().UnixNano()), Ranking: ranking,
		},
	})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := a.remote.c.Drop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return a
}

const lighthouse = `---
id: lighthouse
title: Lighthouse keeper retires
published: 2019-06-02
---
After forty-one years, the keeper of the Gannet Island lighthouse has retired.

She lit the lamp for the last time on Sunday, the harbour board said.
`

// TestWeaviateMatchesEmbedded runs the same questions on the embedded
// store and through Weaviate: the passages, answers and citations must be
// the same, date filters included.
func TestWeaviateMatchesEmbedded(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0), "lighthouse.md": file(lighthouse, t0)}
	ctx := context.Background()
	local := testArchive(t, fsys, "")
	remote := weaviateArchive(t, fsys, WeaviateOwn)
	for _, a := range []*Archive{local, remote} {
		if _, err := a.Update(ctx); err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	day := func(s string) time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return d
	}
	for _, tc := range []struct {
		q    string
		time Time
	}{
		{"How many researchers did Tencent's AI lab have?", Time{}},
		{"What does a ferry ticket cost?", Time{}},
		{"Who retired from Gannet Island?", Time{AsOf: day("2019-06-05")}},
		{"Gannet Island news", Time{From: day("2019-05-01"), To: day("2019-05-31")}},
		{"Gannet Island news", Time{From: day("2019-06-01")}},
		{"What happened at Gannet Island this week?", Time{AsOf: day("2019-06-03")}},
	} {
		t.Run(tc.q, func(t *testing.T) {
			var got [2]string
			var scores [2][]float64
			for i, a := range []*Archive{local, remote} {
				ps, err := a.Search(ctx, tc.q, SearchOptions{Time: tc.time})
				if err != nil {
					t.Fatalf("Search: %v", err)
				}
				ans, err := a.Ask(ctx, tc.q, AskOptions{Time: tc.time})
				if err != nil {
					t.Fatalf("Ask: %v", err)
				}
				var b strings.Builder
				for _, p := range ps {
					fmt.Fprintf(&b, "%s %q\n", p.ArticleID, p.Text)
					scores[i] = append(scores[i], p.Score)
				}
				fmt.Fprintf(&b, "answer %q abstained %v\n", ans.Text, ans.Abstained)
				for _, c := range ans.Citations {
					fmt.Fprintf(&b, "cite %s %q\n", c.ArticleID, c.Quote)
				}
				got[i] = b.String()
			}
			if got[0] != got[1] {
				t.Errorf("embedded:\n%s\nweaviate:\n%s", got[0], got[1])
			}
			// Vectors go through Weaviate as floats and are stored
			// in 8 bits again: scores may move in the third decimal.
			for j := range scores[0] {
				if d := scores[0][j] - scores[1][j]; d > 0.01 || d < -0.01 {
					t.Errorf("score %d: weaviate %.4f, embedded %.4f", j, scores[1][j], scores[0][j])
				}
			}
		})
	}
	// The hard filter keeps undated and out-of-range articles out.
	ps, err := remote.Search(ctx, "Gannet Island", SearchOptions{Time: Time{From: day("2019-05-01"), To: day("2019-05-31")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ArticleID != "ferry" {
		t.Errorf("Search within May 2019 = %v, want the ferry alone", ps)
	}
}

// TestWeaviateUpdateIsIncremental changes, adds and removes files: each
// update writes only what changed, and queries see it at once.
func TestWeaviateUpdateIsIncremental(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}
	ctx := context.Background()
	a := weaviateArchive(t, fsys, WeaviateOwn)
	sync := func() SyncReport {
		t.Helper()
		rep, err := a.Update(ctx)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if rep.Weaviate == nil {
			t.Fatal("Update reported no Weaviate sync")
		}
		w := *rep.Weaviate
		w.TookMS = 0
		return w
	}
	if got, want := sync(), (SyncReport{Written: 2, Passages: 2, Unchanged: 0}); got != want {
		t.Errorf("first sync = %+v, want %+v", got, want)
	}
	if got, want := sync(), (SyncReport{Unchanged: 2}); got != want {
		t.Errorf("sync with nothing changed = %+v, want %+v", got, want)
	}
	fsys["ferry.md"] = file(strings.Replace(ferry, "4.50 pounds", "6 pounds", 1), t0.Add(time.Hour))
	fsys["lighthouse.md"] = file(lighthouse, t0)
	delete(fsys, "tencent.md")
	if got, want := sync(), (SyncReport{Written: 2, Passages: 2, Deleted: 1}); got != want {
		t.Errorf("sync after a change, an addition and a removal = %+v, want %+v", got, want)
	}
	ans, err := a.Ask(ctx, "What does a ferry ticket cost?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Quote, "6 pounds") {
		t.Errorf("Ask after the change cites %+v, want the new price", ans.Citations)
	}
	ps, err := a.Search(ctx, "Tencent lab researchers", SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(ps, func(p Passage) bool { return p.ArticleID == "tencent" }) {
		t.Errorf("Search finds the removed article: %v", ps)
	}
	hashes, err := a.remote.c.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != 2 {
		t.Errorf("Weaviate holds %d articles, want 2", len(hashes))
	}
}

// TestWeaviateRefusesAnotherEmbedder: vectors of another embedder are
// never compared with the question's.
func TestWeaviateRefusesAnotherEmbedder(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"ferry.md": file(ferry, t0)}
	ctx := context.Background()
	a := weaviateArchive(t, fsys, WeaviateHybrid)
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ask(ctx, "What does a ferry ticket cost?", AskOptions{}); err != nil {
		t.Fatalf("Ask (hybrid): %v", err)
	}
	h := embed.Hash(32)
	a.cfg.Embed, a.cfg.EmbedderName = h.Embed, h.Name
	a.remote.forget()
	if _, err := a.Ask(ctx, "What does a ferry ticket cost?", AskOptions{}); err == nil || !strings.Contains(err.Error(), "not hash:32") {
		t.Errorf("Ask with another embedder: %v, want an error naming both", err)
	}
}

// TestWeaviateReader: a reader with no corpus and no saved index answers
// from the collections a writer fills, and sees the writer's next update
// once it updates (as /reload does).
func TestWeaviateReader(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"ferry.md": file(ferry, t0)}
	ctx := context.Background()
	w := weaviateArchive(t, fsys, WeaviateOwn)
	if _, err := w.Update(ctx); err != nil {
		t.Fatal(err)
	}
	rc := *w.cfg.Weaviate
	rc.ReadOnly = true
	r, err := Open(ctx, Config{Embed: w.cfg.Embed, EmbedderName: w.cfg.EmbedderName, Weaviate: &rc})
	if err != nil {
		t.Fatalf("Open reader: %v", err)
	}
	ask := func() Answer {
		t.Helper()
		if _, err := r.Update(ctx); err != nil {
			t.Fatalf("reader Update: %v", err)
		}
		ans, err := r.Ask(ctx, "What does a ferry ticket cost?", AskOptions{})
		if err != nil {
			t.Fatalf("reader Ask: %v", err)
		}
		return ans
	}
	if ans := ask(); len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Quote, "4.50 pounds") {
		t.Errorf("reader cites %+v, want the ferry's price", ans.Citations)
	}
	fsys["ferry.md"] = file(strings.Replace(ferry, "4.50 pounds", "6 pounds", 1), t0.Add(time.Hour))
	if _, err := w.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if ans := ask(); len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Quote, "6 pounds") {
		t.Errorf("reader after the writer's update cites %+v, want the new price", ans.Citations)
	}
	// /sources on the reader says what the writer holds.
	fsys["lighthouse.md"] = file(lighthouse, t0)
	if _, err := w.Update(ctx); err != nil {
		t.Fatal(err)
	}
	r.Update(ctx)
	if got, want := r.Stats(), w.Stats(); !reflect.DeepEqual(got, want) || got.Articles != 2 || len(got.Latest) == 0 {
		t.Errorf("reader Stats = %+v, want the writer's %+v", got, want)
	}
}

// TestWeaviateEmbedderChange: another embedder, of another dimension,
// writes every article again.
func TestWeaviateEmbedderChange(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"ferry.md": file(ferry, t0), "lighthouse.md": file(lighthouse, t0)}
	ctx := context.Background()
	a := weaviateArchive(t, fsys, WeaviateOwn)
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	h := embed.Hash(32)
	a.cfg.Embed, a.cfg.EmbedderName = h.Embed, h.Name
	rep, err := a.Update(ctx)
	if err != nil {
		t.Fatalf("Update with another embedder: %v", err)
	}
	if rep.Weaviate == nil || rep.Weaviate.Written != 2 {
		t.Errorf("Update with another embedder wrote %+v, want both articles", rep.Weaviate)
	}
	ans, err := a.Ask(ctx, "What does a ferry ticket cost?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "ferry" {
		t.Errorf("Ask after the change cites %+v, want the ferry", ans.Citations)
	}
}

// TestWeaviateRebuildsWhenMostGo: an update that removes most articles
// writes the collections again from nothing instead of deleting.
func TestWeaviateRebuildsWhenMostGo(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{}
	put := func(prefix string) {
		for i := range rebuildMin + 10 {
			fsys[fmt.Sprintf("%s%d.md", prefix, i)] = file(fmt.Sprintf("---\nid: %s%d\ntitle: Note %d\n---\nThe %s note number %d says little.\n", prefix, i, i, prefix, i), t0)
		}
	}
	put("a")
	ctx := context.Background()
	a := weaviateArchive(t, fsys, WeaviateOwn)
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	for k := range fsys {
		delete(fsys, k)
	}
	put("b")
	rep, err := a.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := rebuildMin + 10
	if w := rep.Weaviate; w == nil || w.Written != n || w.Deleted != n || w.Unchanged != 0 {
		t.Errorf("sync = %+v, want %d written and %d deleted", rep.Weaviate, n, n)
	}
	hashes, err := a.remote.c.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != n {
		t.Errorf("Weaviate holds %d articles, want %d", len(hashes), n)
	}
	for id := range hashes {
		if !strings.HasPrefix(id, "b") {
			t.Errorf("Weaviate still holds %s", id)
			break
		}
	}
}
