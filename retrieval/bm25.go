package retrieval

import (
	"math"
	"slices"
)

// BM25 parameters: the usual defaults, which suit ~100-word passages.
var (
	bm25K1 = envFloat("K1", 1.2)
	bm25B  = envFloat("B", 0.75)
)

// bm25 is an inverted index over passages, scored with Okapi BM25.
// It is immutable once built and safe for concurrent reads.
type bm25 struct {
	postings map[string][]posting
	lengths  []int32 // passage lengths in terms
	avgLen   float64
}

type posting struct {
	doc int32
	tf  int32
}

// scored is a passage index with a score.
type scored struct {
	doc   int
	score float64
}

func newBM25(texts []string) *bm25 {
	ix := &bm25{postings: make(map[string][]posting), lengths: make([]int32, len(texts))}
	tf := make(map[string]int32)
	var total int
	for i, text := range texts {
		clear(tf)
		ts := terms(text)
		for _, t := range ts {
			tf[t]++
		}
		for t, n := range tf {
			ix.postings[t] = append(ix.postings[t], posting{doc: int32(i), tf: n})
		}
		ix.lengths[i] = int32(len(ts))
		total += len(ts)
	}
	if len(texts) > 0 {
		ix.avgLen = float64(total) / float64(len(texts))
	}
	return ix
}

// idf is the BM25 inverse document frequency of term t (0 when unknown).
func (ix *bm25) idf(t string) float64 {
	n := len(ix.postings[t])
	if n == 0 {
		return 0
	}
	N := float64(len(ix.lengths))
	return math.Log(1 + (N-float64(n)+0.5)/(float64(n)+0.5))
}

// search returns the best n passages for the query terms, best first.
func (ix *bm25) search(query []string, n int) []scored {
	if n <= 0 || len(ix.lengths) == 0 {
		return nil
	}
	scores := make(map[int32]float64)
	seen := make(map[string]bool, len(query))
	for _, t := range query {
		if seen[t] {
			continue
		}
		seen[t] = true
		idf := ix.idf(t)
		for _, p := range ix.postings[t] {
			tf := float64(p.tf)
			norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.lengths[p.doc])/ix.avgLen)
			scores[p.doc] += idf * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	out := make([]scored, 0, len(scores))
	for d, s := range scores {
		out = append(out, scored{doc: int(d), score: s})
	}
	slices.SortFunc(out, byScore)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// byScore orders best first, ties by passage order so results are stable.
func byScore(a, b scored) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	}
	return a.doc - b.doc
}
