package lexical

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// The saved form of a build's two indexes, read in place by OpenIndexes:
//
//	magic (8 bytes), then six uint64: terms, vocabulary bytes, and for
//	each index its documents and postings bytes
//	the vocabulary: terms+1 uint64 offsets, then the terms' bytes
//	each index: terms+1 uint64 starts, terms uint32 document counts,
//	documents int32 lengths, the postings
//
// every part padded with zeros to a multiple of 8 bytes, all little-endian.
const savedMagic = "BM25v1\x00\x00"

// WriteIndexes writes byPassage and byArticle, which Build made together,
// in the form OpenIndexes reads.
func WriteIndexes(w io.Writer, byPassage, byArticle *Index) (int64, error) {
	if byPassage.vocab != byArticle.vocab {
		return 0, errors.New("lexical: indexes of two builds")
	}
	v := byPassage.vocab
	cw := &countWriter{w: w}
	cw.bytes([]byte(savedMagic))
	cw.uint64s([]uint64{uint64(v.len()), uint64(len(v.data)),
		uint64(len(byPassage.lengths)), uint64(byPassage.postBytes()),
		uint64(len(byArticle.lengths)), uint64(byArticle.postBytes())})
	cw.uint64s(v.offs)
	cw.bytes(unsafe.Slice(unsafe.StringData(v.data), len(v.data)))
	for _, ix := range []*Index{byPassage, byArticle} {
		cw.uint64s(ix.runStarts())
		cw.uint32s(ix.df)
		cw.int32s(ix.lengths)
		for i := range v.len() {
			cw.raw(ix.postings(i))
		}
		cw.bytes(nil) // pad
	}
	return cw.n, cw.err
}

// runStarts returns where each term's postings start in the one run that
// WriteIndexes writes, and where the last ends.
func (ix *Index) runStarts() []uint64 {
	if ix.lists == nil {
		return ix.starts
	}
	starts := make([]uint64, len(ix.lists)+1)
	for i, l := range ix.lists {
		starts[i+1] = starts[i] + uint64(len(l))
	}
	return starts
}

// postBytes is the size of the postings' run.
func (ix *Index) postBytes() int {
	if ix.lists == nil {
		return len(ix.post)
	}
	n := 0
	for _, l := range ix.lists {
		n += len(l)
	}
	return n
}

// countWriter writes parts, each padded to 8 bytes, and keeps the first
// error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
	buf []byte
}

// raw writes b, unpadded.
func (c *countWriter) raw(b []byte) {
	if c.err != nil || len(b) == 0 {
		return
	}
	var n int
	n, c.err = c.w.Write(b)
	c.n += int64(n)
}

func (c *countWriter) bytes(b []byte) {
	c.raw(b)
	if c.err != nil {
		return
	}
	var n int
	if pad := (8 - c.n%8) % 8; pad > 0 && c.err == nil {
		n, c.err = c.w.Write(make([]byte, pad))
		c.n += int64(n)
	}
}

func (c *countWriter) flushNums(last bool) {
	if len(c.buf) >= 1<<16 || last {
		b := c.buf
		c.buf = c.buf[:0]
		if c.err == nil {
			var n int
			n, c.err = c.w.Write(b)
			c.n += int64(n)
		}
	}
}

func (c *countWriter) uint64s(xs []uint64) {
	for _, x := range xs {
		c.buf = binary.LittleEndian.AppendUint64(c.buf, x)
		c.flushNums(false)
	}
	c.flushNums(true)
}

func (c *countWriter) uint32s(xs []uint32) {
	for _, x := range xs {
		c.buf = binary.LittleEndian.AppendUint32(c.buf, x)
		c.flushNums(false)
	}
	c.flushNums(true)
	c.bytes(nil) // pad
}

func (c *countWriter) int32s(xs []int32) {
	for _, x := range xs {
		c.buf = binary.LittleEndian.AppendUint32(c.buf, uint32(x))
		c.flushNums(false)
	}
	c.flushNums(true)
	c.bytes(nil) // pad
}

// OpenIndexes returns the two indexes WriteIndexes wrote to b, reading b in
// place: b must stay unchanged and reachable while they are used. It checks
// that every count and offset fits b, so a saved form that lies gives an
// error, never a crash.
func OpenIndexes(b []byte) (byPassage, byArticle *Index, err error) {
	r := reader{b: b}
	if string(r.take(8)) != savedMagic {
		return nil, nil, errors.New("lexical: not a saved index")
	}
	h := r.uint64s(6)
	if r.err != nil {
		return nil, nil, r.err
	}
	for _, x := range h {
		if x > uint64(len(b)) {
			return nil, nil, fmt.Errorf("lexical: a count of %d in %d bytes", x, len(b))
		}
	}
	terms := int(h[0])
	v := &vocab{offs: r.uint64s(terms + 1)}
	data := r.take(int(h[1]))
	if r.err != nil {
		return nil, nil, r.err
	}
	if len(data) > 0 {
		v.data = unsafe.String(&data[0], len(data))
	}
	if err := monotonic(v.offs, uint64(len(data))); err != nil {
		return nil, nil, fmt.Errorf("lexical: vocabulary: %w", err)
	}
	var ixs [2]*Index
	for i := range ixs {
		ix := &Index{vocab: v, starts: r.uint64s(terms + 1), df: r.uint32s(terms), lengths: r.int32s(int(h[2+2*i]))}
		ix.post = r.take(int(h[3+2*i]))
		if r.err != nil {
			return nil, nil, r.err
		}
		if err := monotonic(ix.starts, uint64(len(ix.post))); err != nil {
			return nil, nil, fmt.Errorf("lexical: postings: %w", err)
		}
		ix.avgLen = averageLength(ix.lengths)
		ixs[i] = ix
	}
	if len(r.b) != 0 {
		return nil, nil, fmt.Errorf("lexical: %d bytes after the indexes", len(r.b))
	}
	return ixs[0], ixs[1], nil
}

// monotonic checks that offs starts at 0, never falls and ends at end.
func monotonic(offs []uint64, end uint64) error {
	if len(offs) == 0 || offs[0] != 0 || offs[len(offs)-1] != end {
		return fmt.Errorf("offsets do not span %d bytes", end)
	}
	for i := 1; i < len(offs); i++ {
		if offs[i] < offs[i-1] {
			return fmt.Errorf("offset %d falls", i)
		}
	}
	return nil
}

// reader takes parts from b, each padded to 8 bytes, in place where this
// machine's byte order and b's alignment allow.
type reader struct {
	b   []byte
	err error
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func (r *reader) take(n int) []byte {
	padded := (n + 7) &^ 7
	if r.err != nil || n < 0 || padded > len(r.b) {
		if r.err == nil {
			r.err = fmt.Errorf("lexical: %d bytes wanted, %d left", n, len(r.b))
		}
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[padded:]
	return out
}

func aligned(b []byte, to uintptr) bool {
	return littleEndian && (len(b) == 0 || uintptr(unsafe.Pointer(&b[0]))%to == 0)
}

func (r *reader) uint64s(n int) []uint64 {
	return takeNums(r, n, 8, binary.LittleEndian.Uint64)
}

func (r *reader) uint32s(n int) []uint32 {
	return takeNums(r, n, 4, binary.LittleEndian.Uint32)
}

func (r *reader) int32s(n int) []int32 {
	return takeNums(r, n, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

// takeNums takes n numbers of size bytes each from r: in place when this
// machine's byte order and their alignment allow, else decoded by get.
func takeNums[T uint64 | uint32 | int32](r *reader, n, size int, get func([]byte) T) []T {
	if n < 0 || n > len(r.b)/size {
		r.take(-1)
		return nil
	}
	b := r.take(size * n)
	if r.err != nil || n == 0 {
		return []T{}
	}
	if aligned(b, uintptr(size)) {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	xs := make([]T, n)
	for i := range xs {
		xs[i] = get(b[size*i:])
	}
	return xs
}
