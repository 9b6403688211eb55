package store

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"archivist/corpus"
)

// Formats 3 and 4 were one stream: the magic, the version, a gob header,
// the articles one gob message each, then the vectors, and a CRC-32C of all
// of it. They are read whole into the heap and saved again as format 5.

// snapshotHeader is the saved form of a snapshot less its articles, which
// follow it one by one, and its vectors, which follow them: for each, its
// float32 scale and its int8 components.
type snapshotHeader struct {
	Embedder string
	Reader   string
	Articles int
	Kept     []int32
	Folded   []corpus.Duplicate
	Dupskips []corpus.Skipped
	Sources  map[string]Source
	Chunks   []Chunk
}

// loadStream reads a format-3 or format-4 snapshot from f, of size bytes,
// into the heap, and marks it Older.
func loadStream(f *os.File, size int64) (*Snapshot, error) {
	if size < int64(len(snapshotMagic))+8 {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorrupt, size)
	}
	if err := verify(f, size); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	s, err := decode(bufio.NewReaderSize(io.LimitReader(f, size-4), 1<<20), size-4)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s.Older = true
	return s, nil
}

// verify checks the CRC-32C that ends the size bytes of f against the bytes
// before it.
func verify(f io.Reader, size int64) error {
	crc := crc32.New(crcTable)
	if _, err := io.CopyBuffer(crc, io.LimitReader(f, size-4), make([]byte, 1<<20)); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	var want uint32
	if err := binary.Read(f, binary.LittleEndian, &want); err != nil {
		return fmt.Errorf("%w: no checksum: %v", ErrCorrupt, err)
	}
	if got := crc.Sum32(); got != want {
		return fmt.Errorf("%w: checksum %08x, want %08x", ErrCorrupt, got, want)
	}
	return nil
}

// decode reads a snapshot's body (the file less its checksum) of size bytes
// from r, and validates it. It trusts no count in it: every allocation is
// bounded by the bytes that remain, so any input gives an error or a sound
// Snapshot, never a crash. Load checks the checksum before it calls decode.
func decode(r io.Reader, size int64) (*Snapshot, error) {
	cr := &countingReader{r: r}
	// gob wants an io.ByteReader; without one it adds a buffer of its own
	// that would swallow the vectors after its part.
	br := bufio.NewReader(cr)
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != snapshotMagic {
		return nil, errors.New("not an archivist index")
	}
	var version uint32
	if err := binary.Read(br, binary.LittleEndian, &version); err != nil {
		return nil, err
	}
	if version != snapshotStream && version != snapshotFloat32 {
		return nil, fmt.Errorf("index format %d, this archivist reads %d", version, snapshotVersion)
	}
	dec := gob.NewDecoder(br)
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	// Every article takes at least a byte, so a count beyond the size is a lie.
	if h.Articles < 0 || int64(h.Articles) > size {
		return nil, fmt.Errorf("%d articles in %d bytes", h.Articles, size)
	}
	s := &Snapshot{Embedder: h.Embedder, Reader: h.Reader, Kept: h.Kept, Folded: h.Folded, Dupskips: h.Dupskips, Sources: h.Sources, Chunks: h.Chunks}
	s.Articles = make([]corpus.Article, 0, min(h.Articles, 1<<16))
	for range h.Articles {
		var a corpus.Article
		if err := dec.Decode(&a); err != nil {
			return nil, err
		}
		s.Articles = append(s.Articles, a)
	}
	var shape [2]uint32
	if err := binary.Read(br, binary.LittleEndian, &shape); err != nil {
		return nil, err
	}
	n, dim := int64(shape[0]), int64(shape[1])
	if n != int64(len(s.Chunks)) {
		return nil, fmt.Errorf("%d vectors for %d chunks", n, len(s.Chunks))
	}
	width := 4 + dim // a float32 scale and dim int8 components
	if version == snapshotFloat32 {
		width = 4 * dim
	}
	if left := size - (cr.n - int64(br.Buffered())); n > 0 && (dim > left || n*width > left) {
		return nil, fmt.Errorf("%d vectors of %d dimensions in %d bytes", n, dim, left)
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	var vs []Vec8
	var err error
	if version == snapshotFloat32 {
		s.Older = true
		vs, err = readFloat32Vectors(br, int(n), int(dim))
	} else {
		vs, err = readVectors(br, int(n), int(dim))
	}
	s.Vectors = MadeVectors(vs)
	if err != nil {
		return nil, err
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("trailing bytes after the vectors")
	}
	return s, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readVectors reads n vectors of dim components, each a float32 scale and
// dim int8 components.
func readVectors(r io.Reader, n, dim int) ([]Vec8, error) {
	// One allocation for all vectors keeps the heap compact.
	flat := make([]int8, n*dim)
	buf := make([]byte, 4+dim)
	vs := make([]Vec8, n)
	for i := range n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		v := flat[i*dim : (i+1)*dim : (i+1)*dim]
		for j := range v {
			v[j] = int8(buf[4+j])
		}
		vs[i] = Vec8{V: v, Scale: math.Float32frombits(binary.LittleEndian.Uint32(buf))}
	}
	return vs, nil
}

// readFloat32Vectors reads the vectors of a format-3 snapshot, which stored
// them as float32, so that an index saved by an earlier archivist is
// converted rather than embedded again.
func readFloat32Vectors(r io.Reader, n, dim int) ([]Vec8, error) {
	buf := make([]byte, 4*dim)
	v := make([]float32, dim)
	vs := make([]Vec8, n)
	for i := range n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		vs[i] = Quantize(v)
	}
	return vs, nil
}
