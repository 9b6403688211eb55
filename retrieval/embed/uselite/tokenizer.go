package uselite

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// reservedPieces is the number of leading vocabulary entries (unknown,
// <s>, </s> and three extra ids) that the tokenizer never matches.
const reservedPieces = 6

// wordBoundary is SentencePiece's visible space, U+2581.
const wordBoundary = '\u2581'

// tokenizer is a SentencePiece unigram tokenizer that reproduces the
// JavaScript one shipped with the model (@energetic-ai/embeddings), quirks
// included, so that token ids match it exactly.
type tokenizer struct {
	nodes []trieNode
	// stepBack[id] is the JavaScript (UTF-16) length of piece id, by which
	// the Viterbi back-trace steps back.
	stepBack []int
}

// trieNode is a node of the piece trie, keyed by code point.
type trieNode struct {
	children map[rune]int32
	end      bool
	length   int // code points from the root
	score    float64
	id       int32
}

// newTokenizer builds a tokenizer from the vocabulary: entry i is piece i as
// [piece, score]; a null score counts as 0.
func newTokenizer(vocab []vocabEntry) *tokenizer {
	t := &tokenizer{nodes: []trieNode{{}}, stepBack: make([]int, len(vocab))}
	for i, v := range vocab {
		t.stepBack[i] = len(utf16.Encode([]rune(v.piece)))
		if i >= reservedPieces {
			t.insert(v.piece, v.score, int32(i))
		}
	}
	return t
}

// insert adds a piece; a later duplicate overwrites an earlier one.
func (t *tokenizer) insert(piece string, score float64, id int32) {
	n, depth := int32(0), 0
	for _, r := range piece {
		depth++
		next, ok := t.nodes[n].children[r]
		if !ok {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{length: depth})
			if t.nodes[n].children == nil {
				t.nodes[n].children = make(map[rune]int32)
			}
			t.nodes[n].children[r] = next
		}
		n = next
	}
	if n != 0 {
		t.nodes[n].end, t.nodes[n].score, t.nodes[n].id = true, score, id
	}
}

// prepare applies the model's input normalisation: NFKC, then a leading
// word boundary and every ASCII space replaced by one.
func prepare(text string) []rune {
	s := norm.NFKC.String(text)
	if s == "" {
		return nil
	}
	return []rune(string(wordBoundary) + strings.ReplaceAll(s, " ", string(wordBoundary)))
}

// match is one lattice edge: a piece of length code points ending at a position.
type match struct {
	length int
	score  float64
	id     int32
}

// encode returns the token ids of text. It follows the JavaScript encoder
// step by step: where no piece starts at a position, the single code point
// there becomes the unknown id 0 with score 0; a candidate replaces the best
// path ending at a position when that path's score is exactly 0 or the
// candidate scores at least as high; the back-trace steps back by each
// piece's UTF-16 length; and a run of unknown ids collapses to one.
func (t *tokenizer) encode(text string) []int32 {
	symbols := prepare(text)
	n := len(symbols)
	if n == 0 {
		return nil
	}
	// incoming[end] lists the edges ending at end, by ascending start.
	incoming := make([][]match, n+1)
	for i := 0; i < n; i++ {
		found := false
		node, ok := t.nodes[0].children[symbols[i]]
		for j := i; ok; {
			nd := &t.nodes[node]
			if nd.end {
				incoming[i+nd.length] = append(incoming[i+nd.length], match{nd.length, nd.score, nd.id})
				found = true
			}
			j++
			if j >= n {
				break
			}
			node, ok = nd.children[symbols[j]]
		}
		if !found {
			incoming[i+1] = append(incoming[i+1], match{length: 1})
		}
	}
	best := make([]float64, n+1)
	words := make([]int32, n+1)
	for end := 0; end <= n; end++ {
		for _, m := range incoming[end] {
			score := m.score + best[end-m.length]
			if best[end] == 0 || score >= best[end] {
				best[end], words[end] = score, m.id
			}
		}
	}
	var reversed []int32
	for i := n; i > 0; i -= t.stepBack[words[i]] {
		reversed = append(reversed, words[i])
	}
	ids := make([]int32, 0, len(reversed))
	prevUnknown := false
	for _, id := range reversed {
		if !(prevUnknown && id == 0) {
			ids = append(ids, id)
		}
		prevUnknown = id == 0
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}

// vocabEntry is one vocabulary piece with its unigram log-probability.
type vocabEntry struct {
	piece string
	score float64
}

// parseVocab decodes vocab.json: an array of [piece, score] pairs.
func parseVocab(data []byte) ([]vocabEntry, error) {
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parse vocabulary: %w", err)
	}
	vocab := make([]vocabEntry, len(raw))
	for i, pair := range raw {
		if err := json.Unmarshal(pair[0], &vocab[i].piece); err != nil {
			return nil, fmt.Errorf("parse vocabulary entry %d: %w", i, err)
		}
		var score *float64
		if err := json.Unmarshal(pair[1], &score); err != nil {
			return nil, fmt.Errorf("parse vocabulary entry %d: %w", i, err)
		}
		if score != nil {
			vocab[i].score = *score
		}
	}
	return vocab, nil
}
