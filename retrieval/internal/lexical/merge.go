package lexical

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"
)

// Remap says where the documents of two indexes go in a merged one: the
// documents of an older index that stay, and those of a delta index that
// Build made over what is new or changed.
type Remap struct {
	// Docs is the number of documents in the merged index.
	Docs int
	// Old[d] is old document d's place in the merged index, or -1 when it
	// is gone. The places of the documents that stay rise with d.
	Old []int32
	// Delta[d] is delta document d's place in the merged index; they rise
	// with d.
	Delta []int32
}

// check says whether r sends every document of an old index of oldDocs and
// a delta of deltaDocs to its own place, in order, and fills every place.
func (r Remap) check(oldDocs, deltaDocs int) error {
	if len(r.Old) != oldDocs || len(r.Delta) != deltaDocs {
		return fmt.Errorf("lexical: a remap of %d and %d documents for indexes of %d and %d", len(r.Old), len(r.Delta), oldDocs, deltaDocs)
	}
	filled := make([]bool, r.Docs)
	rising := func(to []int32, what string) error {
		last := int32(-1)
		for d, p := range to {
			if p == -1 && what == "old" {
				continue
			}
			if p <= last || int(p) >= r.Docs || filled[p] {
				return fmt.Errorf("lexical: %s document %d sent to %d", what, d, p)
			}
			filled[p], last = true, p
		}
		return nil
	}
	if err := rising(r.Old, "old"); err != nil {
		return err
	}
	if err := rising(r.Delta, "delta"); err != nil {
		return err
	}
	for p, ok := range filled {
		if !ok {
			return fmt.Errorf("lexical: no document for place %d of %d", p, r.Docs)
		}
	}
	return nil
}

// WriteMerged writes, in the form WriteIndexes writes, the two indexes
// that Build would make over a merged set of documents: those of old (a
// pair that Build made or OpenIndexes read) that stay and every one of
// delta (a pair Build made), placed as byPassage and byArticle say. When
// the documents kept are unchanged, it writes the same bytes as
// WriteIndexes over a full Build, at a cost in memory of the vocabulary
// and a document count, not of the postings: the postings are merged term
// by term as they are written. It reads old's postings twice (once to
// size them, once to write them); release, when not nil, is called after
// every 32 MB of them, so that a caller that reads them from a mapping
// can let their pages go.
func WriteMerged(w io.Writer, old, delta [2]*Index, byPassage, byArticle Remap, release func()) (int64, error) {
	if old[0].vocab != old[1].vocab || delta[0].vocab != delta[1].vocab {
		return 0, errors.New("lexical: indexes of two builds")
	}
	remaps := [2]Remap{byPassage, byArticle}
	for i, r := range remaps {
		if err := r.check(old[i].Len(), delta[i].Len()); err != nil {
			return 0, err
		}
	}
	m := merger{old: old, delta: delta, remaps: remaps, release: release}
	if err := m.plan(); err != nil {
		return 0, err
	}
	return m.write(w)
}

// merger merges two pairs of indexes; plan finds the merged vocabulary and
// the size of each term's postings, write writes them.
type merger struct {
	old, delta [2]*Index
	remaps     [2]Remap
	// terms lists the merged vocabulary in order, each term's number in
	// the old and the delta vocabulary (-1 where it has none).
	terms     [][2]int32
	termBytes int
	starts    [2][]uint64 // by index: where each term's postings start
	df        [2][]uint32 // by index
	buf       []byte
	release   func() // called after every releaseEvery bytes of old postings read
	read      int    // old postings read since the last release
}

// releaseEvery is how many bytes of old postings are read between calls of
// a merger's release.
const releaseEvery = 32 << 20

// plan walks both vocabularies in order and keeps each term that some
// merged document holds, with its postings' sizes and document counts.
func (m *merger) plan() error {
	ov, dv := m.old[0].vocab, m.delta[0].vocab
	m.starts = [2][]uint64{{0}, {0}}
	i, j := 0, 0
	for i < ov.len() || j < dv.len() {
		t := [2]int32{-1, -1}
		switch {
		case j == dv.len():
			t[0] = int32(i)
		case i == ov.len():
			t[1] = int32(j)
		default:
			switch c := strings.Compare(ov.term(i), dv.term(j)); {
			case c < 0:
				t[0] = int32(i)
			case c > 0:
				t[1] = int32(j)
			default:
				t = [2]int32{int32(i), int32(j)}
			}
		}
		if t[0] >= 0 {
			i++
		}
		if t[1] >= 0 {
			j++
		}
		var sizes [2]int
		var dfs [2]uint32
		for x := range 2 {
			var err error
			m.buf, dfs[x], err = m.postings(m.buf[:0], x, t)
			if err != nil {
				return err
			}
			sizes[x] = len(m.buf)
		}
		if dfs[0] == 0 && dfs[1] == 0 {
			continue // every document that held it is gone
		}
		m.terms = append(m.terms, t)
		m.termBytes += len(m.term(t))
		for x := range 2 {
			m.starts[x] = append(m.starts[x], m.starts[x][len(m.starts[x])-1]+uint64(sizes[x]))
			m.df[x] = append(m.df[x], dfs[x])
		}
	}
	return nil
}

// term is the text of merged term t.
func (m *merger) term(t [2]int32) string {
	if t[0] >= 0 {
		return m.old[0].vocab.term(int(t[0]))
	}
	return m.delta[0].vocab.term(int(t[1]))
}

// write writes the merged indexes that plan laid out.
func (m *merger) write(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	n := len(m.terms)
	cw.bytes([]byte(savedMagic))
	cw.uint64s([]uint64{uint64(n), uint64(m.termBytes),
		uint64(m.remaps[0].Docs), m.starts[0][n], uint64(m.remaps[1].Docs), m.starts[1][n]})
	offs := make([]uint64, 1, n+1)
	for _, t := range m.terms {
		offs = append(offs, offs[len(offs)-1]+uint64(len(m.term(t))))
	}
	cw.uint64s(offs)
	offs = nil
	for _, t := range m.terms {
		s := m.term(t)
		cw.raw(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
	cw.bytes(nil) // pad
	for x := range 2 {
		cw.uint64s(m.starts[x])
		cw.uint32s(m.df[x])
		cw.int32s(m.lengths(x))
		for _, t := range m.terms {
			var err error
			if m.buf, _, err = m.postings(m.buf[:0], x, t); err != nil {
				return cw.n, err
			}
			cw.raw(m.buf)
		}
		cw.bytes(nil) // pad
	}
	return cw.n, cw.err
}

// lengths returns the merged document lengths of index x.
func (m *merger) lengths(x int) []int32 {
	r := m.remaps[x]
	out := make([]int32, r.Docs)
	for d, p := range r.Old {
		if p >= 0 {
			out[p] = m.old[x].lengths[d]
		}
	}
	for d, p := range r.Delta {
		out[p] = m.delta[x].lengths[d]
	}
	return out
}

// postings appends to dst the merged postings of term t in index x, and
// gives their document count.
func (m *merger) postings(dst []byte, x int, t [2]int32) ([]byte, uint32, error) {
	var a, b cursor
	if t[0] >= 0 {
		a = cursor{p: m.old[x].postings(int(t[0])), to: m.remaps[x].Old, doc: -1}
		if m.read += len(a.p); m.read >= releaseEvery && m.release != nil {
			m.release()
			m.read = 0
		}
	}
	if t[1] >= 0 {
		b = cursor{p: m.delta[x].postings(int(t[1])), to: m.remaps[x].Delta, doc: -1}
	}
	a.next()
	b.next()
	last, df := int64(-1), uint32(0)
	for a.at >= 0 || b.at >= 0 {
		c := &a
		if a.at < 0 || (b.at >= 0 && b.at < a.at) {
			c = &b
		}
		dst = binary.AppendUvarint(dst, uint64(c.at-last))
		dst = binary.AppendUvarint(dst, c.tf)
		last = c.at
		df++
		c.next()
	}
	if a.err != nil {
		return dst, 0, a.err
	}
	return dst, df, b.err
}

// cursor reads one term's postings, giving each document that stays at its
// merged place.
type cursor struct {
	p   []byte
	to  []int32 // a document's merged place, or -1
	doc int64   // the document last read
	at  int64   // its merged place; -1 when the postings are done
	tf  uint64
	err error
}

// next moves to the next posting whose document stays.
func (c *cursor) next() {
	c.at = -1
	for len(c.p) > 0 {
		gap, k := binary.Uvarint(c.p)
		if k <= 0 {
			c.err = errors.New("lexical: a broken posting")
			return
		}
		f, l := binary.Uvarint(c.p[k:])
		if l <= 0 {
			c.err = errors.New("lexical: a broken posting")
			return
		}
		c.p = c.p[k+l:]
		c.doc += int64(gap)
		if gap == 0 || c.doc >= int64(len(c.to)) {
			c.err = fmt.Errorf("lexical: a posting for document %d of %d", c.doc, len(c.to))
			return
		}
		if p := c.to[c.doc]; p >= 0 {
			c.at, c.tf = int64(p), f
			return
		}
	}
}
