package retrieval

import "archivist/retrieval/internal/lexical"

// query is a question prepared for scoring sentences: its distinct terms
// weighted by how rare they are in the archive.
type query struct {
	kind   answerKind
	words  map[string]bool    // the question's lower-cased words
	weight map[string]float64 // term → idf
	total  float64
}

func newQuery(ix *index, question string) *query {
	q := &query{kind: kindOf(question), words: wordSet(question), weight: make(map[string]float64)}
	for _, t := range lexical.Terms(question) {
		if _, ok := q.weight[t]; ok {
			continue
		}
		w := ix.passageBM25.IDF(t)
		if w == 0 {
			// A term the archive never uses still counts: its absence is
			// evidence that the archive does not hold the answer.
			w = ix.passageBM25.RareIDF()
		}
		q.weight[t] = w
		q.total += w
	}
	return q
}

// coverage is the weighted share of the question's terms that text holds.
func (q *query) coverage(text string) float64 {
	if q.total == 0 {
		return 0
	}
	have := make(map[string]bool)
	for _, t := range lexical.Terms(text) {
		have[t] = true
	}
	var got float64
	for t, w := range q.weight {
		if have[t] {
			got += w
		}
	}
	return got / q.total
}
