// Package store keeps an archive's index on disk: the saved snapshot (one
// checksummed file, replaced atomically), the journal of vectors embedded by
// an update that has not finished, the folder's writer lock, and passage
// vectors in 8 bits a component. It knows nothing of ranking or answers.
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
	"path/filepath"

	"archivist/corpus"
)

// The saved index is one file, written whole to a temporary file, synced and
// renamed over the old one, so a crash leaves either the old snapshot or the
// new one. A CRC-32C of every byte before it ends the file, so a truncated or
// bit-flipped snapshot is detected and rebuilt rather than trusted.
const (
	// SnapshotFile is the saved index's file name in its folder.
	SnapshotFile    = "index.snapshot"
	snapshotMagic   = "ARCHIVIST-INDEX\n"
	snapshotVersion = 4
	// snapshotFloat32 is the format before vectors took 8 bits a component.
	snapshotFloat32 = 3
)

// ErrCorrupt is returned when a saved index fails its checksum or cannot be
// decoded.
var ErrCorrupt = errors.New("the saved index is corrupt")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Source is what the index knows of one corpus file.
type Source struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
	Hash    [32]byte
	// First and Count locate the file's articles in Snapshot.Articles.
	First, Count int
	Skipped      []corpus.Skipped
}

// Snapshot is the saved form of an index: every article read (duplicates
// too, so that removing a file can bring its twin back without reading the
// archive again), which of them are kept, and the chunks with their vectors.
// A loaded Snapshot has been validated: every position in it points where it
// may.
type Snapshot struct {
	Embedder string // the embedder and model that made Vectors
	Reader   string // the corpus.Version that read the articles
	Articles []corpus.Article
	Kept     []int32 // positions in Articles of the articles kept after de-duplication
	Folded   []corpus.Duplicate
	Dupskips []corpus.Skipped
	Sources  map[string]Source // by corpus path
	Chunks   []Chunk           // grouped by article, in Kept order
	Vectors  []Vec8            // Vectors[i] is Chunks[i]'s
	// Older says the snapshot was read from an older format and should be
	// saved again in this one.
	Older bool
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
	Sources  map[string]Source
	Chunks   []Chunk
}

// Chunk is a passage: the byte range [Start, End) of one kept article's
// cleaned text. Article is a position in Snapshot.Kept.
type Chunk struct {
	Article    int32
	Start, End int32
}

// GobEncode writes c as 12 bytes, the form the saved index has always had.
func (c Chunk) GobEncode() ([]byte, error) {
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b, uint32(c.Article))
	binary.LittleEndian.PutUint32(b[4:], uint32(c.Start))
	binary.LittleEndian.PutUint32(b[8:], uint32(c.End))
	return b, nil
}

// GobDecode reads what GobEncode wrote.
func (c *Chunk) GobDecode(b []byte) error {
	if len(b) != 12 {
		return fmt.Errorf("chunk: %d bytes, want 12", len(b))
	}
	c.Article = int32(binary.LittleEndian.Uint32(b))
	c.Start = int32(binary.LittleEndian.Uint32(b[4:]))
	c.End = int32(binary.LittleEndian.Uint32(b[8:]))
	return nil
}

// Save writes s to dir atomically: a crash leaves the old snapshot or the
// new one. The caller must hold the folder's lock (LockDir).
func (s *Snapshot) Save(dir string) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	// A writer killed mid-save leaves its temporary file; the caller holds
	// the folder's lock, so any such file is stale.
	if stale, _ := filepath.Glob(filepath.Join(dir, SnapshotFile+".tmp-*")); len(stale) > 0 {
		for _, p := range stale {
			os.Remove(p)
		}
	}
	f, err := os.CreateTemp(dir, SnapshotFile+".tmp-*")
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
	if err := os.Rename(f.Name(), filepath.Join(dir, SnapshotFile)); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename durable; not every file system can
		d.Close()
	}
	return nil
}

func (s *Snapshot) encode(w io.Writer) error {
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
	if len(s.Vectors) > 0 {
		dim = len(s.Vectors[0].V)
	}
	if err := binary.Write(w, binary.LittleEndian, [2]uint32{uint32(len(s.Vectors)), uint32(dim)}); err != nil {
		return err
	}
	buf := make([]byte, 4+dim)
	for _, v := range s.Vectors {
		if len(v.V) != dim {
			return fmt.Errorf("vector of %d dimensions among %d", len(v.V), dim)
		}
		binary.LittleEndian.PutUint32(buf, math.Float32bits(v.Scale))
		for i, x := range v.V {
			buf[4+i] = byte(x)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// Load reads the snapshot in dir. It returns an error wrapping
// fs.ErrNotExist when there is none and ErrCorrupt when it fails its
// checksum or cannot be decoded. The checksum is checked over the whole file
// before anything in it is trusted, so a corrupt size field cannot make Load
// allocate what the file does not hold.
func Load(dir string) (*Snapshot, error) {
	f, err := os.Open(filepath.Join(dir, SnapshotFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
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
	if version != snapshotVersion && version != snapshotFloat32 {
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
	var err error
	if version == snapshotFloat32 {
		s.Older = true
		s.Vectors, err = readFloat32Vectors(br, int(n), int(dim))
	} else {
		s.Vectors, err = readVectors(br, int(n), int(dim))
	}
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

// validate checks that every position in s points where it may, so a
// snapshot that decodes but lies cannot panic a query later.
func (s *Snapshot) validate() error {
	for _, k := range s.Kept {
		if k < 0 || int(k) >= len(s.Articles) {
			return fmt.Errorf("kept article %d of %d", k, len(s.Articles))
		}
	}
	for i, c := range s.Chunks {
		if c.Article < 0 || int(c.Article) >= len(s.Kept) {
			return fmt.Errorf("chunk of article %d of %d", c.Article, len(s.Kept))
		}
		if i > 0 && c.Article < s.Chunks[i-1].Article {
			return fmt.Errorf("chunk %d out of article order", i)
		}
		text := s.Articles[s.Kept[c.Article]].Text
		if c.Start < 0 || c.Start > c.End || int(c.End) > len(text) {
			return fmt.Errorf("chunk %d-%d of a %d-byte text", c.Start, c.End, len(text))
		}
	}
	for p, src := range s.Sources {
		if src.First < 0 || src.Count < 0 || src.First > len(s.Articles) || src.Count > len(s.Articles)-src.First {
			return fmt.Errorf("source %s: articles %d+%d of %d", p, src.First, src.Count, len(s.Articles))
		}
	}
	return nil
}

// Stamp identifies one saved snapshot file: another process's save replaces
// the file, which changes its stamp.
type Stamp struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// StampOf returns the stamp of the snapshot in dir; the zero Stamp when there
// is none.
func StampOf(dir string) Stamp {
	st, err := os.Stat(filepath.Join(dir, SnapshotFile))
	if err != nil {
		return Stamp{}
	}
	return Stamp{Size: st.Size(), ModTime: st.ModTime().UnixNano()}
}
