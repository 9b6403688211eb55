package cite

import (
	"strings"

	"archivist/corpus"
	"archivist/retrieval/internal/lexical"
)

// pairGain is how many more claim words two sentences must share than the
// best one does to be quoted together, so that a repeated name alone does not
// earn the second sentence its place.
const pairGain = 2

// maxPairQuote bounds, in bytes, a quote made of two sentences; a longer
// pair is not worth its length and the best single sentence is quoted.
const maxPairQuote = 600

// SupportingQuote returns the sentence of text, or two adjacent sentences,
// that best support claims (the content words of each claim a passage was
// cited after): verbatim, a substring of text. The sentence sharing the most
// words with the claims is chosen, the earliest on a tie; two adjacent
// sentences are quoted instead when together they share at least pairGain
// more (the claim's subject in one, its figure in the next; or two claims,
// one in each). With
// no overlap at all it returns the first sentence.
func SupportingQuote(text string, claims []map[string]bool) string {
	spans := corpus.Sentences(text)
	if len(spans) == 0 {
		return strings.TrimSpace(text)
	}
	words := make([]map[string]bool, len(spans))
	for i, s := range spans {
		words[i] = contentWords(text[s.Start:s.End])
	}
	support := func(a, b map[string]bool) int {
		total := 0
		for _, claim := range claims {
			total += overlap(claim, a, b)
		}
		return total
	}
	best, bestTotal := 0, -1
	for i := range spans {
		if total := support(words[i], nil); total > bestTotal {
			best, bestTotal = i, total
		}
	}
	pair, pairTotal := -1, bestTotal+pairGain-1
	for i := 0; i+1 < len(spans); i++ {
		if spans[i+1].End-spans[i].Start > maxPairQuote {
			continue
		}
		if total := support(words[i], words[i+1]); total > pairTotal {
			pair, pairTotal = i, total
		}
	}
	if pair >= 0 {
		return text[spans[pair].Start:spans[pair+1].End]
	}
	return text[spans[best].Start:spans[best].End]
}

// FirstSentence returns text's first sentence, verbatim.
func FirstSentence(text string) string {
	if spans := corpus.Sentences(text); len(spans) > 0 {
		return text[spans[0].Start:spans[0].End]
	}
	return strings.TrimSpace(text)
}

// overlap counts the claim words found in a or b (b may be nil).
func overlap(claim, a, b map[string]bool) int {
	n := 0
	for w := range claim {
		if a[w] || b[w] {
			n++
		}
	}
	return n
}

// contentWords returns the distinct search terms of s (see terms): lower
// case, stop words dropped, English words stemmed so that "elections" meets
// "election", numbers kept, as dates and counts are what a claim most often
// rests on.
func contentWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, t := range lexical.Terms(s) {
		words[t] = true
	}
	return words
}
