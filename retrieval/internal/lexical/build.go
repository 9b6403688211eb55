package lexical

import (
	"encoding/binary"
	"slices"
)

// builder gathers one index's postings, document by document in order,
// with term ids in order of first appearance.
type builder struct {
	lists   [][]byte // by term id: varint gaps and counts
	last    []int32  // by term id: the last document added
	df      []uint32 // by term id
	lengths []int32
	tf      []int32 // counts of the current document, by term id
	seen    []int32 // ids counted in the current document
}

// count counts term id in the current document.
func (b *builder) count(id int32) {
	for int(id) >= len(b.tf) {
		b.tf = append(b.tf, 0)
		b.lists = append(b.lists, nil)
		b.last = append(b.last, -1)
		b.df = append(b.df, 0)
	}
	if b.tf[id] == 0 {
		b.seen = append(b.seen, id)
	}
	b.tf[id]++
}

// end closes the current document, the next in order.
func (b *builder) end() {
	doc := int32(len(b.lengths))
	length := int32(0)
	for _, id := range b.seen {
		l := b.lists[id]
		l = binary.AppendUvarint(l, uint64(doc-b.last[id]))
		l = binary.AppendUvarint(l, uint64(b.tf[id]))
		b.lists[id] = l
		b.last[id] = doc
		b.df[id]++
		length += b.tf[id]
		b.tf[id] = 0
	}
	b.seen = b.seen[:0]
	b.lengths = append(b.lengths, length)
}

// sortVocab returns the terms of vocab sorted, and each term id's place
// among them.
func sortVocab(ids map[string]int32) (*vocab, []int32) {
	terms := make([]string, len(ids))
	for t, id := range ids {
		terms[id] = t
	}
	order := make([]int32, len(terms)) // order[rank] = id
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch ta, tb := terms[a], terms[b]; {
		case ta < tb:
			return -1
		case ta > tb:
			return 1
		}
		return 0
	})
	rank := make([]int32, len(terms))
	v := &vocab{offs: make([]uint64, 1, len(terms)+1)}
	size := 0
	for _, t := range terms {
		size += len(t)
	}
	data := make([]byte, 0, size)
	for r, id := range order {
		rank[id] = int32(r)
		data = append(data, terms[id]...)
		v.offs = append(v.offs, uint64(len(data)))
	}
	v.data = string(data)
	return v, rank
}

// index makes the built index over v, whose order gives the term id of
// each place in it. The index takes the builder's lists.
func (b *builder) index(v *vocab, order []int32) *Index {
	n := v.len()
	ix := &Index{vocab: v, lists: make([][]byte, n), df: make([]uint32, n), lengths: b.lengths}
	for r, id := range order {
		if int(id) < len(b.lists) {
			ix.lists[r] = b.lists[id]
			ix.df[r] = b.df[id]
		}
	}
	b.lists = nil
	ix.avgLen = averageLength(ix.lengths)
	return ix
}
