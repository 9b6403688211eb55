package lexical

import (
	"math"
	"slices"
)

// BM25 parameters: the usual defaults, which suit ~100-word passages.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Index is an inverted index scored with Okapi BM25. Terms are numbered by a
// vocabulary shared with the other index of the same build. It is immutable
// once built and safe for concurrent reads.
type Index struct {
	vocab    map[string]int32 // term → id; shared, read-only
	postings [][]posting      // by term id
	lengths  []int32          // document lengths in terms
	avgLen   float64
	// global, when set, replaces the document counts and frequencies
	// this index's own documents give (WithStats).
	global *Stats
}

type posting struct {
	doc int32
	tf  int32
}

// Scored is a document, by its position in the index, with its score.
type Scored struct {
	Doc   int
	Score float64
}

// newIndex indexes n documents whose term ids termsOf(i, f) passes to f.
func newIndex(vocab map[string]int32, n int, termsOf func(i int, f func(id int32))) *Index {
	ix := &Index{vocab: vocab, postings: make([][]posting, len(vocab)), lengths: make([]int32, n)}
	tf := make([]int32, len(vocab)) // counts of the current document
	var seen []int32                // ids counted in the current document
	var total int
	for i := range n {
		length := int32(0)
		termsOf(i, func(id int32) {
			if tf[id] == 0 {
				seen = append(seen, id)
			}
			tf[id]++
			length++
		})
		for _, id := range seen {
			ix.postings[id] = append(ix.postings[id], posting{doc: int32(i), tf: tf[id]})
			tf[id] = 0
		}
		seen = seen[:0]
		ix.lengths[i] = length
		total += int(length)
	}
	if n > 0 {
		ix.avgLen = float64(total) / float64(n)
	}
	return ix
}

// Len is the number of documents indexed.
func (ix *Index) Len() int { return len(ix.lengths) }

// IDF is the BM25 inverse document frequency of term t (0 when no document
// holds it).
func (ix *Index) IDF(t string) float64 {
	if ix.global != nil {
		return ix.global.idf(t)
	}
	id, ok := ix.vocab[t]
	if !ok || len(ix.postings[id]) == 0 {
		return 0
	}
	N, n := float64(len(ix.lengths)), float64(len(ix.postings[id]))
	return math.Log(1 + (N-n+0.5)/(n+0.5))
}

// RareIDF is the inverse document frequency of a term that one document
// holds: the most a term can tell.
func (ix *Index) RareIDF() float64 {
	n := float64(len(ix.lengths))
	if ix.global != nil {
		n = float64(ix.global.Docs)
	}
	if n == 0 {
		return 1
	}
	return math.Log1p((n - 0.5) / 1.5)
}

// Search returns the best n documents for the query terms (as Terms gives
// them), best first; a repeated term counts once.
func (ix *Index) Search(query []string, n int) []Scored {
	weights := make(map[string]float64, len(query))
	for _, t := range query {
		weights[t] = 1
	}
	return ix.SearchWeighted(weights, n)
}

// SearchWeighted is Search with a weight for each query term.
func (ix *Index) SearchWeighted(query map[string]float64, n int) []Scored {
	return ix.SearchFunc(query, n, nil)
}

// SearchFunc is SearchWeighted over the documents for which keep is true
// (all of them when keep is nil).
func (ix *Index) SearchFunc(query map[string]float64, n int, keep func(doc int) bool) []Scored {
	if n <= 0 || len(ix.lengths) == 0 {
		return nil
	}
	scores := make(map[int32]float64)
	for t, w := range query {
		id, ok := ix.vocab[t]
		if !ok {
			continue
		}
		idf := w * ix.IDF(t)
		for _, p := range ix.postings[id] {
			if keep != nil && !keep(int(p.doc)) {
				continue
			}
			tf := float64(p.tf)
			norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.lengths[p.doc])/ix.avgLen)
			scores[p.doc] += idf * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	out := make([]Scored, 0, len(scores))
	for d, s := range scores {
		out = append(out, Scored{Doc: int(d), Score: s})
	}
	slices.SortFunc(out, ByScore)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// ByScore orders best first, ties by document order so that results are
// stable: a comparison for slices.SortFunc.
func ByScore(a, b Scored) int {
	switch {
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	}
	return a.Doc - b.Doc
}
