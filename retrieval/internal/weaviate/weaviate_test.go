package weaviate

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// testClient connects to the server ARCHIVIST_TEST_WEAVIATE_URL names
// (with ARCHIVIST_TEST_WEAVIATE_GRPC_URL), in collections of its own that
// it drops when the test ends; without the variable the test is skipped.
// ARCHIVIST_TEST_WEAVIATE_SHARDS and ARCHIVIST_TEST_WEAVIATE_REPLICATION,
// when set, give the collections' shards and copies (on a cluster).
func testClient(t *testing.T) *Client {
	t.Helper()
	u := os.Getenv("ARCHIVIST_TEST_WEAVIATE_URL")
	if u == "" {
		t.Skip("no Weaviate: start one with `scripts/weaviate start` and set ARCHIVIST_TEST_WEAVIATE_URL (and ARCHIVIST_TEST_WEAVIATE_GRPC_URL) to run this test")
	}
	ctx := context.Background()
	c, err := Open(ctx, Config{
		URL: u, GRPC: os.Getenv("ARCHIVIST_TEST_WEAVIATE_GRPC_URL"), APIKey: os.Getenv("ARCHIVIST_TEST_WEAVIATE_API_KEY"),
		Prefix: fmt.Sprintf("Test%d", time.Now().UnixNano()),
		Shards: envInt(t, "ARCHIVIST_TEST_WEAVIATE_SHARDS"), Replication: envInt(t, "ARCHIVIST_TEST_WEAVIATE_REPLICATION"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Drop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return c
}

// envInt reads a whole number from the environment; unset is 0.
func envInt(t *testing.T, key string) int {
	t.Helper()
	v := os.Getenv(key)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: want a whole number", key, v)
	}
	return n
}

func unit(xs ...float32) []float32 { return xs }

func TestRoundTrip(t *testing.T) {
	c := testClient(t)
	ctx := context.Background()
	arts := []Article{
		{ID: "a", Title: "Rain", Text: "It rained in Paris. The river rose.", Days: Days{From: 19000, To: 19001}, Terms: "rain rain pari river rose", Hash: "h1"},
		{ID: "b", Title: "Sun", Text: "The sun shone on Rome.", Days: Days{From: 19100, To: 19131}, Terms: "sun sun shone rome", Hash: "h2"},
		{ID: "c", Title: "Undated", Text: "Rain and sun, some day.", Terms: "undat rain sun dai", Hash: "h3"},
	}
	ps := []Passage{
		{ArticleID: "a", Seq: 0, Start: 0, End: 19, Days: arts[0].Days, Terms: "rain rain pari", Vector: unit(1, 0, 0)},
		{ArticleID: "a", Seq: 1, Start: 20, End: 35, Days: arts[0].Days, Terms: "rain river rose", Vector: unit(0.6, 0.8, 0)},
		{ArticleID: "b", Seq: 0, Start: 0, End: 22, Days: arts[1].Days, Terms: "sun sun shone rome", Vector: unit(0, 0, 1)},
		{ArticleID: "c", Seq: 0, Start: 0, End: 23, Terms: "undat rain sun dai", Vector: unit(0, 1, 0)},
	}
	if err := c.Put(ctx, arts, ps); err != nil {
		t.Fatal(err)
	}
	// Writing again replaces, never duplicates.
	if err := c.Put(ctx, arts[:1], ps[:2]); err != nil {
		t.Fatal(err)
	}
	hashes, err := c.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"a": "h1", "b": "h2", "c": "h3"}; fmt.Sprint(hashes) != fmt.Sprint(want) {
		t.Errorf("Hashes = %v, want %v", hashes, want)
	}

	ids := func(hs []PassageHit) []string {
		var out []string
		for _, h := range hs {
			out = append(out, fmt.Sprintf("%s/%d", h.ArticleID, h.Seq))
		}
		return out
	}
	hits, err := c.PassagesBM25(ctx, "river rain", 10, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); len(got) != 3 || got[0] != "a/1" {
		t.Errorf("PassagesBM25(river rain) = %v, want a/1 first of 3", got)
	}
	if len(hits[0].Vector) != 3 || hits[0].Score <= 0 || hits[0].Start != 20 || hits[0].End != 35 {
		t.Errorf("PassagesBM25 hit = %+v, want its vector, score and range", hits[0])
	}
	hits, err = c.PassagesBM25(ctx, "rain", 10, Filter{Within: &Days{From: 18990, To: 19050}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); !slices.Equal(sorted(got), []string{"a/0", "a/1"}) {
		t.Errorf("PassagesBM25(rain) within = %v, want a's passages only (c has no date)", got)
	}
	hits, err = c.PassagesNear(ctx, unit(0, 0, 1), 2, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); len(got) != 2 || got[0] != "b/0" || hits[0].Score < 0.99 {
		t.Errorf("PassagesNear = %v (%v), want b/0 first with similarity 1", got, hits)
	}
	hits, err = c.PassagesNear(ctx, unit(0, 0, 1), 10, Filter{Overlaps: &Days{From: 19000, To: 19001}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); !slices.Equal(sorted(got), []string{"a/0", "a/1"}) {
		t.Errorf("PassagesNear overlapping a's day = %v, want a's passages", got)
	}
	hits, err = c.PassagesHybrid(ctx, "sun", unit(0, 0, 1), 0.35, 10, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); len(got) == 0 || got[0] != "b/0" {
		t.Errorf("PassagesHybrid = %v, want b/0 first", got)
	}
	ah, err := c.ArticlesBM25(ctx, "sun", 10, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ah) != 2 || ah[0].ID != "b" {
		t.Errorf("ArticlesBM25(sun) = %v, want b then c", ah)
	}
	got, err := c.Articles(ctx, []string{"b", "a", "zz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Articles = %d articles, want 2", len(got))
	}
	for _, a := range got {
		if a.ID == "a" && (a.Text != arts[0].Text || a.Days != arts[0].Days || a.Title != "Rain") {
			t.Errorf("Articles a = %+v, want %+v", a, arts[0])
		}
	}

	if err := c.Delete(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	hits, err = c.PassagesBM25(ctx, "rain", 10, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); !slices.Equal(got, []string{"c/0"}) {
		t.Errorf("PassagesBM25(rain) after deleting a = %v, want [c/0]", got)
	}

	if _, err := c.Meta(ctx, true); err != ErrNoMeta {
		t.Errorf("Meta before PutMeta: %v, want ErrNoMeta", err)
	}
	m := Meta{Embedder: "hash:3", Dims: 3, Stats: []byte{0, 1, 2, 255}, Version: "v1"}
	if err := c.PutMeta(ctx, m); err != nil {
		t.Fatal(err)
	}
	back, err := c.Meta(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(m) {
		t.Errorf("Meta = %+v, want %+v", back, m)
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

func TestOpenRefusesBadURL(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:8080", "ftp://x", "http://"} {
		if _, err := Open(context.Background(), Config{URL: u}); err == nil {
			t.Errorf("Open(%q) = nil error, want one", u)
		}
	}
}

func TestObjectIDIsStable(t *testing.T) {
	a, b := objectID("passage", "x\x001"), objectID("passage", "x\x001")
	if a != b || a == objectID("passage", "x\x002") || len(a) != 36 || a[14] != '5' {
		t.Errorf("objectID = %s, %s: want equal, 36 characters, version 5", a, b)
	}
}
