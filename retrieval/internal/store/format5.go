package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"unsafe"

	"archivist/corpus"
)

// The sections of a format-5 snapshot. Texts, chunks, vectors, means and
// the lexical section are read in place; only the metadata is decoded.
const (
	secMeta    = "meta"    // gob of meta5
	secTexts   = "texts"   // the articles' texts, one after another
	secChunks  = "chunks"  // 12 bytes each: article, start, end (int32)
	secScales  = "scales"  // a float32 per vector
	secVectors = "vectors" // dim int8 components per vector
	secMeans   = "means"   // dim float32 per kept article
	secLexical = "lexical" // Snapshot.Lexical, as it was written
)

// meta5 is the decoded part of a format-5 snapshot.
type meta5 struct {
	Embedder string
	Reader   string
	Articles []articleMeta
	Kept     []int32
	Folded   []corpus.Duplicate
	Dupskips []corpus.Skipped
	Sources  map[string]Source
	Chunks   int
	Dim      int
}

// articleMeta is an article less its text, which the texts section holds:
// TextLen bytes after the texts of the articles before it.
type articleMeta struct {
	ID, Title, URL, Author, Published, Captured, Source, Path string
	TextLen                                                   int
}

// littleEndian says this machine stores numbers as the file does, so that
// chunks and float32 sections can be read in place.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// encode writes s in format 5.
func (s *Snapshot) encode(w io.Writer) error {
	dim := s.Vectors.Dim()
	for i := range s.Vectors.Len() {
		if v := s.Vectors.At(i); len(v.V) != dim {
			return fmt.Errorf("vector of %d dimensions among %d", len(v.V), dim)
		}
	}
	m := meta5{Embedder: s.Embedder, Reader: s.Reader, Kept: s.Kept, Folded: s.Folded, Dupskips: s.Dupskips,
		Sources: s.Sources, Chunks: len(s.Chunks), Dim: dim, Articles: make([]articleMeta, len(s.Articles))}
	for i, a := range s.Articles {
		m.Articles[i] = articleMeta{a.ID, a.Title, a.URL, a.Author, a.Published, a.Captured, a.Source, a.Path, len(a.Text)}
	}
	sw, err := newSectionWriter(w)
	if err != nil {
		return err
	}
	err = sw.add(secMeta, func(w io.Writer) error { return gob.NewEncoder(w).Encode(m) })
	m.Articles = nil
	if err != nil {
		return err
	}
	if err := sw.add(secTexts, func(w io.Writer) error {
		for _, a := range s.Articles {
			// Written where it lies (often the old index's mapping), not
			// copied first as io.WriteString would.
			if _, err := w.Write(unsafe.Slice(unsafe.StringData(a.Text), len(a.Text))); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := sw.add(secChunks, func(w io.Writer) error {
		return writeEach(w, s.Chunks, func(b []byte, c Chunk) []byte {
			b = binary.LittleEndian.AppendUint32(b, uint32(c.Article))
			b = binary.LittleEndian.AppendUint32(b, uint32(c.Start))
			return binary.LittleEndian.AppendUint32(b, uint32(c.End))
		})
	}); err != nil {
		return err
	}
	if err := sw.add(secScales, func(w io.Writer) error {
		return writeN(w, s.Vectors.Len(), func(b []byte, i int) []byte {
			return binary.LittleEndian.AppendUint32(b, math.Float32bits(s.Vectors.At(i).Scale))
		})
	}); err != nil {
		return err
	}
	if err := sw.add(secVectors, func(w io.Writer) error {
		for i := range s.Vectors.Len() {
			if _, err := w.Write(int8Bytes(s.Vectors.At(i).V)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	switch {
	case dim > 0 && len(s.Means) == len(s.Kept)*dim:
		if err := sw.add(secMeans, func(w io.Writer) error { return writeFloat32s(w, s.Means) }); err != nil {
			return err
		}
	case len(s.Means) == 0 && s.meanRowsFit(dim):
		if err := sw.add(secMeans, func(w io.Writer) error {
			return writeEach(w, s.MeanRows, func(b []byte, r []float32) []byte {
				for _, x := range r {
					b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
				}
				return b
			})
		}); err != nil {
			return err
		}
	}
	if s.Lexical != nil {
		if err := sw.add(secLexical, func(w io.Writer) error { _, err := s.Lexical.WriteTo(w); return err }); err != nil {
			return err
		}
	}
	return sw.finish()
}

// load5 reads the format-5 snapshot f of size bytes: it checks every
// section, maps the file, and makes the snapshot's texts, chunks, vectors
// and means views into the mapping.
func load5(f *os.File, size int64) (*Snapshot, error) {
	secs, err := readTable(f, size)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{secMeta, secTexts, secChunks, secScales, secVectors} {
		if _, ok := secs[name]; !ok {
			return nil, fmt.Errorf("no %s section", name)
		}
	}
	mp, err := openMapping(f, size)
	if err != nil {
		return nil, &mapError{err}
	}
	var m meta5
	if err := gob.NewDecoder(bytes.NewReader(mp.bytesOf(secs[secMeta]))).Decode(&m); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	s := &Snapshot{Embedder: m.Embedder, Reader: m.Reader, Kept: m.Kept, Folded: m.Folded, Dupskips: m.Dupskips,
		Sources: m.Sources, maps: []*mapping{mp}}

	texts := mp.bytesOf(secs[secTexts])
	s.Articles = make([]corpus.Article, len(m.Articles))
	off := 0
	for i, a := range m.Articles {
		if a.TextLen < 0 || a.TextLen > len(texts)-off {
			return nil, fmt.Errorf("article %d: %d bytes of text at %d of %d", i, a.TextLen, off, len(texts))
		}
		s.Articles[i] = corpus.Article{ID: a.ID, Title: a.Title, URL: a.URL, Author: a.Author, Published: a.Published,
			Captured: a.Captured, Source: a.Source, Path: a.Path, Text: stringOf(texts[off : off+a.TextLen])}
		off += a.TextLen
	}
	if off != len(texts) {
		return nil, fmt.Errorf("%d bytes of text for %d", len(texts), off)
	}

	n, dim := m.Chunks, m.Dim
	chunks, scales, vecs := mp.bytesOf(secs[secChunks]), mp.bytesOf(secs[secScales]), mp.bytesOf(secs[secVectors])
	if n < 0 || dim < 0 || int64(len(chunks)) != 12*int64(n) || int64(len(scales)) != 4*int64(n) || int64(len(vecs)) != int64(n)*int64(dim) {
		return nil, fmt.Errorf("%d chunks of %d dimensions in sections of %d, %d and %d bytes", n, dim, len(chunks), len(scales), len(vecs))
	}
	if n > 0 && dim == 0 {
		return nil, errors.New("vectors of no dimension")
	}
	s.Chunks = chunksOf(chunks)
	s.Vectors = inPlace(dim, int8sOf(vecs), float32sOf(scales))
	if sec, ok := secs[secMeans]; ok {
		b := mp.bytesOf(sec)
		if int64(len(b)) != 4*int64(len(s.Kept))*int64(dim) {
			return nil, fmt.Errorf("%d bytes of means for %d articles of %d dimensions", len(b), len(s.Kept), dim)
		}
		s.Means = float32sOf(b)
	}
	if sec, ok := secs[secLexical]; ok {
		s.Lexical = Bytes(mp.bytesOf(sec))
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// stringOf returns b as a string without copying it; b must never change.
func stringOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// int8Bytes returns v's memory as bytes.
func int8Bytes(v []int8) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v))
}

// int8sOf returns b's memory as int8s.
func int8sOf(b []byte) []int8 {
	if len(b) == 0 {
		return []int8{}
	}
	return unsafe.Slice((*int8)(unsafe.Pointer(&b[0])), len(b))
}

// chunksOf returns the chunks b holds, 12 bytes each: in place when this
// machine's layout is the file's, else copied.
func chunksOf(b []byte) []Chunk {
	n := len(b) / 12
	if n == 0 {
		return nil
	}
	if littleEndian && unsafe.Sizeof(Chunk{}) == 12 && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*Chunk)(unsafe.Pointer(&b[0])), n)
	}
	cs := make([]Chunk, n)
	for i := range cs {
		cs[i] = Chunk{
			Article: int32(binary.LittleEndian.Uint32(b[12*i:])),
			Start:   int32(binary.LittleEndian.Uint32(b[12*i+4:])),
			End:     int32(binary.LittleEndian.Uint32(b[12*i+8:])),
		}
	}
	return cs
}

// float32sOf returns the float32s b holds: in place when this machine's
// byte order is the file's, else copied.
func float32sOf(b []byte) []float32 {
	n := len(b) / 4
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
	}
	fs := make([]float32, n)
	for i := range fs {
		fs[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return fs
}

// writeFloat32s writes fs in little-endian order.
func writeFloat32s(w io.Writer, fs []float32) error {
	return writeEach(w, fs, func(b []byte, x float32) []byte {
		return binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	})
}

// writeEach writes the bytes put appends for each of xs, gathered into
// writes of about 16 KB.
func writeEach[T any](w io.Writer, xs []T, put func(b []byte, x T) []byte) error {
	return writeN(w, len(xs), func(b []byte, i int) []byte { return put(b, xs[i]) })
}

// writeN is writeEach over the numbers 0 to n-1.
func writeN(w io.Writer, n int, put func(b []byte, i int) []byte) error {
	b := make([]byte, 0, 16<<10)
	for i := range n {
		b = put(b, i)
		if len(b) >= cap(b)-64 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if len(b) > 0 {
		_, err := w.Write(b)
		return err
	}
	return nil
}

// mapError is a sound file that could not be mapped (no address space left,
// say): not corrupt, so not to be rebuilt.
type mapError struct{ err error }

func (e *mapError) Error() string { return e.err.Error() }
func (e *mapError) Unwrap() error { return e.err }
