package retrieval

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"

	"archivist/corpus"
)

// The saved index is one file, written whole to a temporary file, synced and
// renamed over the old one, so a crash leaves either the old snapshot or the
// new one. A CRC-32C of every byte before it ends the file, so a truncated or
// bit-flipped snapshot is detected and rebuilt rather than trusted.
const (
	snapshotFile    = "index.snapshot"
	snapshotMagic   = "ARCHIVIST-INDEX\n"
	snapshotVersion = 4
	// snapshotFloat32 is the format before vectors took 8 bits a component.
	snapshotFloat32 = 3
)

// ErrCorruptSnapshot is returned when a saved index fails its checksum or
// cannot be decoded.
var ErrCorruptSnapshot = errors.New("the saved index is corrupt")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// source is what the index knows of one corpus file.
type source struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
	Hash    [32]byte
	// First and Count locate the file's articles in snapshot.Articles.
	First, Count int
	Skipped      []corpus.Skipped
}

// snapshot is the saved form of an index: every article read (duplicates
// too, so that removing a file can bring its twin back without reading the
// archive again), which of them are kept, and the chunks with their vectors.
type snapshot struct {
	Embedder string
	Reader   string // the corpus.Version that read the articles
	Articles []corpus.Article
	Kept     []int32
	Folded   []corpus.Duplicate
	Dupskips []corpus.Skipped
	Sources  map[string]source
	Chunks   []chunk // chunk.article indexes Kept
	vectors  []vec8  // vectors[i] is Chunks[i]'s
	// older says the snapshot was read from an older format and should be
	// saved again in this one. Guarded by the Archive's update lock.
	older bool
}

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
	Sources  map[string]source
	Chunks   []chunk
}

// chunk is gob-encoded through these exported twins of its fields.
func (c chunk) GobEncode() ([]byte, error) {
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b, uint32(c.article))
	binary.LittleEndian.PutUint32(b[4:], uint32(c.start))
	binary.LittleEndian.PutUint32(b[8:], uint32(c.end))
	return b, nil
}

func (c *chunk) GobDecode(b []byte) error {
	if len(b) != 12 {
		return fmt.Errorf("chunk: %d bytes, want 12", len(b))
	}
	c.article = int32(binary.LittleEndian.Uint32(b))
	c.start = int32(binary.LittleEndian.Uint32(b[4:]))
	c.end = int32(binary.LittleEndian.Uint32(b[8:]))
	return nil
}

// save writes s to dir atomically.
func (s *snapshot) save(dir string) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	// A writer killed mid-save leaves its temporary file; the caller holds
	// the folder's lock, so any such file is stale.
	if stale, _ := filepath.Glob(filepath.Join(dir, snapshotFile+".tmp-*")); len(stale) > 0 {
		for _, p := range stale {
			os.Remove(p)
		}
	}
	f, err := os.CreateTemp(dir, snapshotFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.New(crcTable)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	if err := s.encode(w); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := binary.Write(f, binary.LittleEndian, crc.Sum32()); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, snapshotFile)); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename durable; not every file system can
		d.Close()
	}
	return nil
}

func (s *snapshot) encode(w io.Writer) error {
	if _, err := io.WriteString(w, snapshotMagic); err != nil {
		return err
	}
	if err := binary.Write(w, binary.LittleEndian, uint32(snapshotVersion)); err != nil {
		return err
	}
	// The articles go one message each, so the encoder never buffers the
	// whole archive's text at once.
	enc := gob.NewEncoder(w)
	if err := enc.Encode(snapshotHeader{s.Embedder, s.Reader, len(s.Articles), s.Kept, s.Folded, s.Dupskips, s.Sources, s.Chunks}); err != nil {
		return err
	}
	for i := range s.Articles {
		if err := enc.Encode(&s.Articles[i]); err != nil {
			return err
		}
	}
	dim := 0
	if len(s.vectors) > 0 {
		dim = len(s.vectors[0].v)
	}
	if err := binary.Write(w, binary.LittleEndian, [2]uint32{uint32(len(s.vectors)), uint32(dim)}); err != nil {
		return err
	}
	buf := make([]byte, 4+dim)
	for _, v := range s.vectors {
		if len(v.v) != dim {
			return fmt.Errorf("vector of %d dimensions among %d", len(v.v), dim)
		}
		binary.LittleEndian.PutUint32(buf, math.Float32bits(v.scale))
		for i, x := range v.v {
			buf[4+i] = byte(x)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// loadSnapshot reads the snapshot in dir. It returns an error wrapping
// fs.ErrNotExist when there is none and ErrCorruptSnapshot when it fails its
// checksum or cannot be decoded.
func loadSnapshot(dir string) (*snapshot, error) {
	f, err := os.Open(filepath.Join(dir, snapshotFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < int64(len(snapshotMagic))+8 {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorruptSnapshot, st.Size())
	}
	crc := crc32.New(crcTable)
	// The buffer sits above the checksum so that gob, which wants an
	// io.ByteReader, reads from it without a buffer of its own that would
	// swallow the vectors after its part.
	body := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, st.Size()-4), crc), 1<<20)
	s, err := decodeSnapshot(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptSnapshot, err)
	}
	return s, verify(f, body, crc)
}

// verify reads what is left of body and checks the trailing checksum.
func verify(f io.Reader, body io.Reader, crc hash.Hash32) error {
	if n, _ := io.Copy(io.Discard, body); n != 0 {
		return fmt.Errorf("%w: %d bytes of trailing garbage", ErrCorruptSnapshot, n)
	}
	var want uint32
	if err := binary.Read(f, binary.LittleEndian, &want); err != nil {
		return fmt.Errorf("%w: no checksum: %v", ErrCorruptSnapshot, err)
	}
	if got := crc.Sum32(); got != want {
		return fmt.Errorf("%w: checksum %08x, want %08x", ErrCorruptSnapshot, got, want)
	}
	return nil
}

func decodeSnapshot(r io.Reader) (*snapshot, error) {
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapshotMagic {
		return nil, errors.New("not an archivist index")
	}
	var version uint32
	if err := binary.Read(r, binary.LittleEndian, &version); err != nil {
		return nil, err
	}
	if version != snapshotVersion && version != snapshotFloat32 {
		return nil, fmt.Errorf("index format %d, this archivist reads %d", version, snapshotVersion)
	}
	dec := gob.NewDecoder(r)
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	if h.Articles < 0 || h.Articles > 1<<28 {
		return nil, fmt.Errorf("%d articles", h.Articles)
	}
	s := &snapshot{Embedder: h.Embedder, Reader: h.Reader, Kept: h.Kept, Folded: h.Folded, Dupskips: h.Dupskips, Sources: h.Sources, Chunks: h.Chunks}
	s.Articles = make([]corpus.Article, h.Articles)
	for i := range s.Articles {
		if err := dec.Decode(&s.Articles[i]); err != nil {
			return nil, err
		}
	}
	var shape [2]uint32
	if err := binary.Read(r, binary.LittleEndian, &shape); err != nil {
		return nil, err
	}
	n, dim := int(shape[0]), int(shape[1])
	if n != len(s.Chunks) {
		return nil, fmt.Errorf("%d vectors for %d chunks", n, len(s.Chunks))
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	if version == snapshotFloat32 {
		s.older = true
		return s, s.readFloat32Vectors(r, n, dim)
	}
	// One allocation for all vectors keeps the heap compact.
	flat := make([]int8, n*dim)
	buf := make([]byte, 4+dim)
	s.vectors = make([]vec8, n)
	for i := range n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		v := flat[i*dim : (i+1)*dim : (i+1)*dim]
		for j := range v {
			v[j] = int8(buf[4+j])
		}
		s.vectors[i] = vec8{v: v, scale: math.Float32frombits(binary.LittleEndian.Uint32(buf))}
	}
	return s, nil
}

// readFloat32Vectors reads the vectors of a format-3 snapshot, which stored
// them as float32, so that an index saved by an earlier archivist is
// converted rather than embedded again.
func (s *snapshot) readFloat32Vectors(r io.Reader, n, dim int) error {
	buf := make([]byte, 4*dim)
	v := make([]float32, dim)
	s.vectors = make([]vec8, n)
	for i := range n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		s.vectors[i] = quantize(v)
	}
	return nil
}

// validate checks that every index in s points where it may, so a snapshot
// that decodes but lies cannot panic a query later.
func (s *snapshot) validate() error {
	for _, k := range s.Kept {
		if k < 0 || int(k) >= len(s.Articles) {
			return fmt.Errorf("kept article %d of %d", k, len(s.Articles))
		}
	}
	for i, c := range s.Chunks {
		if c.article < 0 || int(c.article) >= len(s.Kept) {
			return fmt.Errorf("chunk of article %d of %d", c.article, len(s.Kept))
		}
		if i > 0 && c.article < s.Chunks[i-1].article {
			return fmt.Errorf("chunk %d out of article order", i)
		}
		text := s.Articles[s.Kept[c.article]].Text
		if c.start < 0 || c.start > c.end || int(c.end) > len(text) {
			return fmt.Errorf("chunk %d-%d of a %d-byte text", c.start, c.end, len(text))
		}
	}
	for p, src := range s.Sources {
		if src.First < 0 || src.Count < 0 || src.First+src.Count > len(s.Articles) {
			return fmt.Errorf("source %s: articles %d+%d of %d", p, src.First, src.Count, len(s.Articles))
		}
	}
	return nil
}
