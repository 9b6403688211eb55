package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// candidates is how many passages each retriever contributes before fusion.
const candidates = 200

// Ranking weights, tuned on the news dev questions (docs/EVAL.md).
const (
	// wDoc weighs the whole-article BM25 score against the passage score.
	wDoc = 5.0
	// Pseudo-relevance feedback: the terms of the fbDocs best articles
	// join the question's, the fbTerms most telling of them at up to
	// fbWeight of a question term's weight.
	fbDocs   = 5
	fbTerms  = 10
	fbWeight = 0.3
)

// hit is a passage the hybrid ranking found, with the parts of its score.
type hit struct {
	chunk           int
	score           float64
	lexical, vector float64 // normalised component scores in [0, 1]
}

// rank returns the passages for query, best first, scored by a convex
// combination of BM25 and vector similarity. Each list is normalised by its
// own range first, so the weight means the same across queries.
func (ix *index) rank(ctx context.Context, embed func(context.Context, string) ([]float32, error), query string, wVec float64) ([]hit, error) {
	if len(ix.chunks) == 0 {
		return nil, ErrNoPassages
	}
	byChunk := make(map[int]*hit)
	get := func(c int) *hit {
		h := byChunk[c]
		if h == nil {
			h = &hit{chunk: c}
			byChunk[c] = h
		}
		return h
	}
	if wVec < 1 {
		lex := ix.lex.search(terms(query), candidates)
		for _, s := range normalise(lex) {
			get(s.doc).lexical = s.score
		}
	}
	if wVec > 0 {
		q, err := embed(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("embed question: %w", err)
		}
		vec, err := ix.vectorSearch(ctx, q, candidates)
		if err != nil {
			return nil, err
		}
		for _, s := range normalise(vec) {
			get(s.doc).vector = s.score
		}
	}
	// Whole-article BM25 says which articles are about the question as a
	// whole, where the passage scores say where the answer is.
	docScore := make(map[int]float64)
	for _, s := range normalise(ix.expand(terms(query))) {
		docScore[s.doc] = s.score
	}
	hits := make([]hit, 0, len(byChunk))
	for _, h := range byChunk {
		h.score = (1-wVec)*h.lexical + wVec*h.vector + wDoc*docScore[int(ix.chunks[h.chunk].article)]
		hits = append(hits, *h)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return byScore(scored{a.chunk, a.score}, scored{b.chunk, b.score})
	})
	return hits, nil
}

// normalise maps a best-first list's scores onto [0, 1]: the best gets 1 and
// the last of the list 0, so a list's tail counts for nothing.
func normalise(list []scored) []scored {
	if len(list) == 0 {
		return nil
	}
	hi, lo := list[0].score, list[len(list)-1].score
	out := make([]scored, len(list))
	for i, s := range list {
		v := 1.0
		if hi > lo {
			v = (s.score - lo) / (hi - lo)
		}
		out[i] = scored{doc: s.doc, score: math.Max(0, v)}
	}
	return out
}

// perArticle keeps the best hit of each article, in order, up to n articles.
func (ix *index) perArticle(hits []hit, n int) []hit {
	seen := make(map[int32]bool)
	var out []hit
	for _, h := range hits {
		a := ix.chunks[h.chunk].article
		if seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, h)
		if len(out) == n {
			break
		}
	}
	return out
}

// passage turns a hit into a Passage with its article's citation fields.
func (ix *index) passage(h hit) Passage {
	c := ix.chunks[h.chunk]
	a := ix.articles[c.article]
	return Passage{
		ArticleID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published,
		Score: h.score, Text: ix.text(c), Start: int(c.start), End: int(c.end),
	}
}

// expand searches whole articles with the question's terms, then again with
// the terms that the best of them share (pseudo-relevance feedback, RM3):
// an article about the same event uses the same words, even where the
// question does not.
func (ix *index) expand(query []string) []scored {
	first := ix.docs.search(query, candidates)
	if fbDocs == 0 || len(first) == 0 {
		return first
	}
	top := normalise(first[:min(fbDocs, len(first))])
	if len(top) == 1 {
		top[0].score = 1
	}
	weight := make(map[string]float64)
	for _, d := range top {
		a := ix.articles[d.doc]
		ts := terms(a.Title + "\n" + a.Text)
		if len(ts) == 0 {
			continue
		}
		for _, t := range ts {
			weight[t] += (0.5 + d.score) / float64(len(ts))
		}
	}
	q := make(map[string]float64)
	for _, t := range query {
		q[t] = 1
	}
	type tw struct {
		t string
		w float64
	}
	var cands []tw
	for t, w := range weight {
		if _, ok := q[t]; !ok {
			cands = append(cands, tw{t, w * ix.docs.idf(t)})
		}
	}
	slices.SortFunc(cands, func(a, b tw) int {
		if a.w != b.w {
			if a.w > b.w {
				return -1
			}
			return 1
		}
		return strings.Compare(a.t, b.t)
	})
	if len(cands) > 0 {
		hi := cands[0].w
		for _, c := range cands[:min(fbTerms, len(cands))] {
			q[c.t] = fbWeight * c.w / hi
		}
	}
	return ix.docs.searchWeighted(q, candidates)
}
