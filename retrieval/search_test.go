package retrieval

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

const ballot = `---
id: ballot
title: Harbour board election results
published: 2021-03-02
---
The harbour board election was won by Mara Quint, who promised cheaper ferry tickets.
`

func TestSearch(t *testing.T) {
	ctx := context.Background()
	t0 := time.Unix(0, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0), "ballot.md": file(ballot, t0)}
	a := testArchive(t, fsys, "")
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := a.Search(ctx, "ferry ticket price", SearchOptions{K: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 || got[0].ArticleID != "ferry" {
		t.Fatalf("Search(ferry ticket price) = %+v, want the ferry article first and the ballot one after", got)
	}
	seen := map[string]bool{}
	for i, p := range got {
		if seen[p.ArticleID] {
			t.Errorf("Search listed article %s twice", p.ArticleID)
		}
		seen[p.ArticleID] = true
		if i > 0 && p.Score > got[i-1].Score {
			t.Errorf("result %d scores %v above result %d's %v", i, p.Score, i-1, got[i-1].Score)
		}
		if text := articleText(a, p.ArticleID); text[p.Start:p.End] != p.Text {
			t.Errorf("result %d's Start:End does not locate its Text in the article", i)
		}
	}
	if got[0].Published != "2019-05-14" || got[0].Title != "Night ferry returns" {
		t.Errorf("first result's citation fields = %q, %q", got[0].Title, got[0].Published)
	}
	if one, _ := a.Search(ctx, "ferry", SearchOptions{K: 1}); len(one) != 1 {
		t.Errorf("Search with k=1 gave %d results", len(one))
	}
	if _, err := a.Search(ctx, "   ", SearchOptions{K: 5}); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("Search of blanks: %v, want ErrEmptyQuestion", err)
	}
}

func TestSearchEmptyArchive(t *testing.T) {
	a := testArchive(t, fstest.MapFS{}, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Search(context.Background(), "ferry", SearchOptions{K: 5}); !errors.Is(err, ErrNoPassages) {
		t.Errorf("Search of an empty archive: %v, want ErrNoPassages", err)
	}
}

func TestStats(t *testing.T) {
	t0 := time.Unix(0, 0)
	undated := "---\nid: undated\ntitle: Undated\n---\nA note without a date about the ferry.\n"
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0), "ballot.md": file(ballot, t0), "u.md": file(undated, t0)}
	a := testArchive(t, fsys, "")
	if st := a.Stats(); st.Articles != 0 || st.Newest != "" {
		t.Errorf("Stats before the first update = %+v, want an empty archive", st)
	}
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := a.Stats()
	if st.Articles != 4 || st.Chunks < 4 || st.Embedder != "hash:64" {
		t.Errorf("Stats = %+v, want 4 articles, at least 4 chunks, hash:64", st)
	}
	if st.Oldest != "2016-12-08" || st.Newest != "2021-03-02" {
		t.Errorf("Stats range = %s..%s, want 2016-12-08..2021-03-02", st.Oldest, st.Newest)
	}
	var ids []string
	for _, l := range st.Latest {
		ids = append(ids, l.ArticleID)
	}
	if len(ids) != 3 || ids[0] != "ballot" || ids[1] != "ferry" || ids[2] != "tencent" {
		t.Errorf("Stats.Latest = %v, want the 3 dated articles, newest first", ids)
	}
}

// Many articles can share a cosine of exactly 0 with a short question
// (the hash embedder's vectors are sparse); the vector search picks among
// them the same way every time, so that a question's results do not
// change from run to run.
func TestVectorSearchBreaksTiesTheSameWay(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 3 * vecArticles {
		fsys[fmt.Sprintf("a%03d.md", i)] = file(fmt.Sprintf("Article %d\n\nThe harbour of town %d opened on a Monday.", i, i), time.Unix(0, 0))
	}
	a := testArchive(t, fsys, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix, err := a.current()
	if err != nil {
		t.Fatal(err)
	}
	q, err := a.cfg.Embed(context.Background(), "zebra")
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]bool{}
	for range 30 {
		_, arts, err := ix.vectorSearch(context.Background(), q, candidates)
		if err != nil {
			t.Fatal(err)
		}
		sets[fmt.Sprint(slices.Sorted(maps.Keys(arts)))] = true
	}
	if len(sets) != 1 {
		t.Errorf("30 vector searches for one question gave %d different sets of articles", len(sets))
	}
}
