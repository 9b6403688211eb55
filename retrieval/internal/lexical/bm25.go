package lexical

import (
	"encoding/binary"
	"math"
	"slices"
	"sort"
)

// BM25 parameters: the usual defaults, which suit ~100-word passages.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Index is an inverted index scored with Okapi BM25. Its vocabulary is
// sorted and shared with the other index of the same build; each term's
// postings are the documents that hold it, in document order, as varints
// (the gap from the document before, then the term's count in it). The
// same form is built in the heap (Build) and read in place from a saved
// index (OpenIndexes). It is immutable and safe for concurrent reads.
type Index struct {
	vocab *vocab
	// A saved index's postings are one run: term i's are
	// post[starts[i]:starts[i+1]]. A built index's are lists[i].
	starts  []uint64
	post    []byte
	lists   [][]byte
	df      []uint32 // df[i] is the number of documents that hold term i
	lengths []int32  // document lengths in terms
	avgLen  float64
	// global, when set, replaces the document counts and frequencies
	// this index's own documents give (WithStats).
	global *Stats
}

// postings returns term i's postings.
func (ix *Index) postings(i int) []byte {
	if ix.lists != nil {
		return ix.lists[i]
	}
	return ix.post[ix.starts[i]:ix.starts[i+1]]
}

// vocab is a sorted list of terms: term i is data[offs[i]:offs[i+1]].
type vocab struct {
	offs []uint64
	data string
}

func (v *vocab) len() int { return len(v.offs) - 1 }

func (v *vocab) term(i int) string { return v.data[v.offs[i]:v.offs[i+1]] }

// find returns term t's number, and whether the vocabulary holds it.
func (v *vocab) find(t string) (int, bool) {
	n := v.len()
	i := sort.Search(n, func(i int) bool { return v.term(i) >= t })
	return i, i < n && v.term(i) == t
}

// Scored is a document, by its position in the index, with its score.
type Scored struct {
	Doc   int
	Score float64
}

// Len is the number of documents indexed.
func (ix *Index) Len() int { return len(ix.lengths) }

// IDF is the BM25 inverse document frequency of term t (0 when no document
// holds it).
func (ix *Index) IDF(t string) float64 {
	if ix.global != nil {
		return ix.global.idf(t)
	}
	id, ok := ix.vocab.find(t)
	if !ok {
		return 0
	}
	return ix.idf(id)
}

func (ix *Index) idf(id int) float64 {
	if ix.global != nil {
		return ix.global.idf(ix.vocab.term(id))
	}
	if ix.df[id] == 0 {
		return 0
	}
	N, n := float64(len(ix.lengths)), float64(ix.df[id])
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
	// The terms in a fixed order, so that a document's score is the same
	// sum, to the last bit, every time.
	terms := make([]string, 0, len(query))
	for t := range query {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	var found []term
	postings := 0
	for _, t := range terms {
		if id, ok := ix.vocab.find(t); ok {
			found = append(found, term{id, query[t]})
			postings += int(ix.df[id])
		}
	}
	// Scores add up in a map, or, when the terms' postings are many, in an
	// array over every document, which costs less than a map that large.
	return ix.search(found, n, keep, postings > len(ix.lengths)/16)
}

// search scores the documents of terms' postings for which keep is true,
// adding up in an array when dense, else in a map, and returns the n best.
func (ix *Index) search(found []term, n int, keep func(doc int) bool, dense bool) []Scored {
	var acc accumulator
	if dense {
		acc.dense = make([]float64, len(ix.lengths))
	} else {
		acc.sparse = make(map[int32]float64)
	}
	for _, t := range found {
		idf := t.w * ix.idf(t.id)
		p := ix.postings(t.id)
		doc := int64(-1)
		for len(p) > 0 {
			gap, k := binary.Uvarint(p)
			if k <= 0 {
				break
			}
			f, l := binary.Uvarint(p[k:])
			if l <= 0 {
				break
			}
			p = p[k+l:]
			doc += int64(gap)
			if gap == 0 || doc >= int64(len(ix.lengths)) {
				break // a saved index that lies; its checksum held
			}
			if keep != nil && !keep(int(doc)) {
				continue
			}
			tf := float64(f)
			norm := bm25K1 * (1 - bm25B + bm25B*float64(ix.lengths[doc])/ix.avgLen)
			acc.add(int32(doc), idf*tf*(bm25K1+1)/(tf+norm))
		}
	}
	return best(acc.scored(), n)
}

// term is a query term: its number and its weight.
type term struct {
	id int
	w  float64
}

// accumulator sums documents' scores: in sparse, or in dense with the
// documents met listed in order of first meeting.
type accumulator struct {
	sparse map[int32]float64
	dense  []float64
	met    []int32
	seen   []uint64 // bits of the documents in met
}

func (a *accumulator) add(doc int32, s float64) {
	if a.sparse != nil {
		a.sparse[doc] += s
		return
	}
	if a.seen == nil {
		a.seen = make([]uint64, (len(a.dense)+63)/64)
	}
	if a.seen[doc/64]&(1<<(doc%64)) == 0 {
		a.seen[doc/64] |= 1 << (doc % 64)
		a.met = append(a.met, doc)
	}
	a.dense[doc] += s
}

func (a *accumulator) scored() []Scored {
	if a.sparse != nil {
		out := make([]Scored, 0, len(a.sparse))
		for d, s := range a.sparse {
			out = append(out, Scored{Doc: int(d), Score: s})
		}
		return out
	}
	out := make([]Scored, len(a.met))
	for i, d := range a.met {
		out[i] = Scored{Doc: int(d), Score: a.dense[d]}
	}
	return out
}

// best returns the n best of all, best first (ByScore), reordering all.
// When all is much longer than n it keeps the n best in a heap instead of
// sorting every one; ByScore is a total order, so both give the same list.
func best(all []Scored, n int) []Scored {
	if len(all) <= 4*n {
		slices.SortFunc(all, ByScore)
		return all[:min(n, len(all))]
	}
	// A heap of the n best so far, the worst of them at the top.
	h := all[:n]
	worse := func(i, j int) bool { return ByScore(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && worse(c+1, c) {
				c++
			}
			if !worse(c, i) {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, s := range all[n:] {
		if ByScore(s, h[0]) < 0 {
			h[0] = s
			down(0)
		}
	}
	top := slices.Clone(h)
	slices.SortFunc(top, ByScore)
	return top
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

// averageLength is the mean of lengths, as BM25 normalises by it.
func averageLength(lengths []int32) float64 {
	if len(lengths) == 0 {
		return 0
	}
	total := 0
	for _, l := range lengths {
		total += int(l)
	}
	return float64(total) / float64(len(lengths))
}
