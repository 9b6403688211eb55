// Package store keeps an archive's index on disk: the saved snapshot (one
// file of checksummed sections, replaced atomically, read in place through a
// memory mapping), the journal of vectors embedded by an update that has not
// finished, the folder's writer lock, and passage vectors in 8 bits a
// component. It knows nothing of ranking or answers.
package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"

	"archivist/corpus"
)

// The saved index is one file, written whole to a temporary file, synced and
// renamed over the old one, so a crash leaves either the old snapshot or the
// new one. Each of its sections has a CRC-32C, checked when it is opened, so
// a truncated or bit-flipped snapshot is detected and rebuilt rather than
// trusted (sections.go).
const (
	// SnapshotFile is the saved index's file name in its folder.
	SnapshotFile    = "index.snapshot"
	snapshotMagic   = "ARCHIVIST-INDEX\n"
	snapshotVersion = 5
	// snapshotStream is the format before sections: one gob stream.
	snapshotStream = 4
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
//
// A Snapshot loaded from a saved index reads its articles' texts, its
// chunks, vectors, means and lexical section in place, from a mapping of
// the file: those strings and slices are valid while the Snapshot (or one
// that borrowed them, see Borrow) is reachable. A caller that keeps one
// longer must copy it (strings.Clone).
type Snapshot struct {
	Embedder string // the embedder and model that made Vectors
	Reader   string // the corpus.Version that read the articles
	Articles []corpus.Article
	Kept     []int32 // positions in Articles of the articles kept after de-duplication
	Folded   []corpus.Duplicate
	Dupskips []corpus.Skipped
	Sources  map[string]Source // by corpus path
	Chunks   []Chunk           // grouped by article, in Kept order
	Vectors  Vectors           // vector i is Chunks[i]'s
	// Means holds a vector per kept article, in Kept order, each of the
	// Vectors' dimension: the caller's summary of the article's passages
	// (zero for none). Empty when not made; Save keeps it only when it
	// holds exactly one vector per kept article.
	Means []float32
	// MeanRows, when Means is empty, holds the same a row per kept
	// article, each a vector of its own: an update's, whose unchanged
	// articles' rows are views of the old index's means. Save writes
	// them as it writes Means.
	MeanRows [][]float32
	// Lexical is a section that the caller makes and reads (the lexical
	// indexes): Save writes it as it is, and Load gives back what was
	// written as Bytes. Nil when there is none.
	Lexical Section
	// Older says the snapshot was read from an older format and should be
	// saved again in this one.
	Older bool

	maps []*mapping // the mappings the fields above read from
}

// JoinedMeans returns the means in one piece: Means, or MeanRows joined
// when each row has dim components, else nil.
func (s *Snapshot) JoinedMeans(dim int) []float32 {
	if len(s.Means) > 0 || !s.meanRowsFit(dim) {
		return s.Means
	}
	means := make([]float32, 0, len(s.MeanRows)*dim)
	for _, r := range s.MeanRows {
		means = append(means, r...)
	}
	return means
}

// meanRowsFit says whether MeanRows holds a row of dim components per
// kept article.
func (s *Snapshot) meanRowsFit(dim int) bool {
	if dim == 0 || len(s.MeanRows) != len(s.Kept) || len(s.Kept) == 0 {
		return false
	}
	for _, r := range s.MeanRows {
		if len(r) != dim {
			return false
		}
	}
	return true
}

// Section is a part of the saved index that another package writes and
// reads.
type Section interface {
	WriteTo(w io.Writer) (int64, error)
}

// SectionFunc makes a function a Section.
type SectionFunc func(w io.Writer) (int64, error)

// WriteTo calls f.
func (f SectionFunc) WriteTo(w io.Writer) (int64, error) { return f(w) }

// Bytes is a Section as Load gives it back: its bytes, in place.
type Bytes []byte

// WriteTo writes b.
func (b Bytes) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}

// Borrow records that s holds texts or vectors of from, so that what from
// reads in place stays mapped as long as s is reachable.
func (s *Snapshot) Borrow(from *Snapshot) {
	if from == nil || from == s {
		return
	}
	for _, m := range from.maps {
		if !slices.Contains(s.maps, m) {
			s.maps = append(s.maps, m)
		}
	}
}

// Release lets the system take back from this process the pages of the
// files s reads in place (its own and those it borrowed) that were read so
// far. Nothing changes for s or its readers: a page read again is brought
// back from the file. An update that reads the whole of the old index calls
// it so that the old file does not add up in its resident memory.
func (s *Snapshot) Release() {
	for _, m := range s.maps {
		if m.mapped {
			release(m.data)
		}
	}
}

// releaseEvery passes writes on to w and calls release after every n bytes.
type releaseEvery struct {
	w       io.Writer
	n, left int
	release func()
}

func (r *releaseEvery) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if r.left -= n; r.left <= 0 {
		r.release()
		r.left = r.n
	}
	return n, err
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
	w := bufio.NewWriterSize(f, 1<<20)
	// The texts and vectors written may be read from the old index's
	// mapping: its pages are let go as they are written.
	rw := &releaseEvery{w: w, n: 32 << 20, left: 32 << 20, release: s.Release}
	if err := s.encode(rw); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := w.Flush(); err != nil {
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

// Load reads the snapshot in dir. It returns an error wrapping
// fs.ErrNotExist when there is none and ErrCorrupt when it fails a checksum
// or cannot be decoded. Every checksum is checked before anything in the
// file is trusted, so a corrupt size field cannot make Load allocate what
// the file does not hold.
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
	head := make([]byte, len(snapshotMagic)+4)
	if _, err := f.ReadAt(head, 0); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not an archivist index (%d bytes)", ErrCorrupt, size)
	}
	switch version := uint32(head[16]) | uint32(head[17])<<8 | uint32(head[18])<<16 | uint32(head[19])<<24; version {
	case snapshotVersion:
		s, err := load5(f, size)
		var me *mapError
		if errors.As(err, &me) {
			return nil, fmt.Errorf("load index: %w", me.err)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return s, nil
	case snapshotStream, snapshotFloat32:
		return loadStream(f, size)
	default:
		return nil, fmt.Errorf("%w: index format %d, this archivist reads %d", ErrCorrupt, version, snapshotVersion)
	}
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
