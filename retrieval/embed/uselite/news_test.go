package uselite

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"archivist/corpus"
)

// TestNewsCosineInt8 embeds the first 2,000 passages of the news corpus in
// ../shared/data (chunked as the index chunks them) with the fp32 and the
// 8-bit kernels and compares the vectors: the 1st percentile of their
// cosines must be at least 0.99. It logs the minimum, 1st percentile and
// median; run it with -v to see them (docs/BENCHMARKS.md quotes them).
func TestNewsCosineInt8(t *testing.T) {
	if testing.Short() {
		t.Skip("embeds 2,000 passages twice")
	}
	dir := filepath.Join("..", "..", "..", "..", "shared", "data", "news-2022")
	if _, err := os.Stat(filepath.Join(dir, "corpus.jsonl.gz")); err != nil {
		t.Skip("../shared/data/news-2022 is absent")
	}
	m := testModel(t)
	if m.Kernel() != "int8-vnni" {
		t.Skipf("the model runs on %s", m.Kernel())
	}
	arts, skipped := corpus.ReadFile(os.DirFS(dir), "corpus.jsonl.gz", corpus.Options{})
	if len(arts) == 0 {
		t.Fatalf("no articles in the news corpus (%d skipped)", len(skipped))
	}
	const want = 2000
	var texts []string
	for _, a := range arts {
		for _, c := range corpus.Split(a, corpus.SplitOptions{}) {
			texts = append(texts, a.Text[c.Start:c.End])
		}
		if len(texts) >= want {
			break
		}
	}
	texts = texts[:min(len(texts), want)]
	ctx := context.Background()
	ref, err := m.fp32().EmbedBatch(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.EmbedBatch(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	cos := make([]float64, len(texts))
	for i := range texts {
		cos[i] = cosine(got[i], ref[i])
	}
	slices.Sort(cos)
	p1, median := cos[len(cos)/100], cos[len(cos)/2]
	t.Logf("%d passages: cosine int8 vs fp32: min %.5f, p1 %.5f, median %.5f", len(cos), cos[0], p1, median)
	if p1 < 0.99 {
		t.Errorf("1st percentile of cosine(int8, fp32) over %d passages = %.5f, want >= 0.99", len(cos), p1)
	}
}
