package lexical

import (
	"math"

	"archivist/corpus"
)

// Stats are the collection statistics a BM25 score depends on beyond the
// document scored: how many documents there are, their mean length, and
// how many hold each term. A small index over some documents of a large
// archive scores them as the archive's index would when it is given the
// archive's Stats (WithStats).
type Stats struct {
	Docs   int
	AvgLen float64
	DF     map[string]int32 // term → documents holding it
}

// idf is the BM25 inverse document frequency of t under s.
func (s *Stats) idf(t string) float64 {
	n := float64(s.DF[t])
	if n == 0 {
		return 0
	}
	return math.Log(1 + (float64(s.Docs)-n+0.5)/(n+0.5))
}

// Stats returns ix's own statistics (a copy: the caller may keep it).
func (ix *Index) Stats() Stats {
	if ix.global != nil {
		return *ix.global
	}
	s := Stats{Docs: len(ix.lengths), AvgLen: ix.avgLen, DF: make(map[string]int32, ix.vocab.len())}
	for i := range ix.vocab.len() {
		if n := ix.df[i]; n > 0 {
			s.DF[ix.vocab.term(i)] = int32(n)
		}
	}
	return s
}

// WithStats returns ix scoring with s in place of its own statistics; ix is
// not changed. s must not be changed afterwards.
func (ix *Index) WithStats(s Stats) *Index {
	out := *ix
	out.global = &s
	out.avgLen = s.AvgLen
	return &out
}

// Heading is the text an article's passages are indexed with besides their
// own: its title and its URL's words (see Build).
func Heading(a corpus.Article) string {
	return a.Title + "\n" + urlWords(a.URL)
}

// BuildTerms is Build for texts already analysed: articles[i] is the terms
// of article i's heading and text (as Terms gives them), passages[i] those
// of passage i's article heading and of the passage itself. It gives the
// indexes Build gives for the same texts, without analysing them again.
func BuildTerms(articles, passages [][]string) (byPassage, byArticle *Index) {
	ids := make(map[string]int32)
	add := func(b *builder, terms []string) {
		for _, t := range terms {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			b.count(id)
		}
		b.end()
	}
	var bp, ba builder
	for _, ts := range passages {
		add(&bp, ts)
	}
	for _, ts := range articles {
		add(&ba, ts)
	}
	v, rank := sortVocab(ids)
	order := make([]int32, len(rank)) // order[rank] = id
	for id, r := range rank {
		order[r] = int32(id)
	}
	return bp.index(v, order), ba.index(v, order)
}
