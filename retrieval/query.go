package retrieval

import "archivist/retrieval/internal/lexical"

// query is a question prepared for scoring sentences: its distinct terms
// weighted by how rare they are in the archive.
type query struct {
	kind   answerKind
	words  map[string]bool    // the question's lower-cased words
	weight map[string]float64 // term → idf
	terms  []string           // the terms of weight, in the question's order
	total  float64
	// joined maps two adjacent question words written as one ("time
	// warner" as "timewarner") to their terms, so that a text spelling the
	// name solid still holds them.
	joined map[string][]string
}

func newQuery(ix *index, question string) *query {
	q := &query{kind: kindOf(question), words: wordSet(question), weight: make(map[string]float64)}
	for _, t := range lexical.Terms(question) {
		// A word that shares a stem with the question's ("quarter" for
		// "quarterly") restates it; it is not the answer hasKind looks for.
		q.words[t] = true
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
		q.terms = append(q.terms, t)
		q.total += w
	}
	var prev string
	lexical.ForEachWord(question, func(w string) {
		if prev != "" && !lexical.IsStopWord(prev) && !lexical.IsStopWord(w) && len(prev)+len(w) >= 6 {
			if q.joined == nil {
				q.joined = make(map[string][]string)
			}
			q.joined[prev+w] = lexical.Terms(prev + " " + w)
		}
		prev = w
	})
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
	if q.joined != nil {
		lexical.ForEachWord(text, func(w string) {
			for _, t := range q.joined[w] {
				have[t] = true
			}
		})
	}
	// Summed in a fixed order, so that a score is the same to the last
	// bit every time and near-ties between sentences fall the same way.
	var got float64
	for _, t := range q.terms {
		if have[t] {
			got += q.weight[t]
		}
	}
	return got / q.total
}
