package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
)

// The vector journal keeps the work of an update that did not finish. Every
// batch of passages embedded is appended to it; an update that is killed or
// fails before it saves the snapshot leaves the journal behind, and the next
// update takes its vectors instead of embedding those passages again (a
// neural build of the news corpus takes minutes). A saved snapshot makes the
// journal redundant, so it is removed then.
//
// The file is a header naming the embedder, then records of: the passage
// key (16 bytes), the scale (float32), the dimension (uint16), the
// components (int8 each) and a CRC-32C of the record. Reading stops at the
// first record that is cut short or fails its checksum: a crash mid-append
// loses that record only.
const (
	journalFile  = "vectors.journal"
	journalMagic = "ARCHIVIST-VECTORS\n"
)

// Journal appends vectors to the journal file. It is safe for concurrent use.
type Journal struct {
	mu sync.Mutex // guards w and f
	f  *os.File
	w  *bufio.Writer
}

// OpenJournal reads the journal in dir left by an earlier update with the
// same embedder, returning its vectors by passage key, and opens it for
// appending; a journal of another embedder, or one that cannot be read, is
// started again. The caller must hold the folder's lock (LockDir).
func OpenJournal(dir, embedder string) (*Journal, map[[16]byte]Vec8, error) {
	path := filepath.Join(dir, journalFile)
	vecs, good, err := readJournal(path, embedder)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("open vector journal: %w", err)
	}
	if good == 0 { // new, another embedder's, or unreadable: start again
		vecs = nil
		head := journalMagic + embedder + "\n"
		err := f.Truncate(0)
		if err == nil {
			_, err = f.WriteAt([]byte(head), 0)
		}
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("start vector journal: %w", err)
		}
		good = int64(len(head))
	}
	if err := f.Truncate(good); err != nil { // drop a torn last record
		f.Close()
		return nil, nil, fmt.Errorf("open vector journal: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open vector journal: %w", err)
	}
	return &Journal{f: f, w: bufio.NewWriter(f)}, vecs, nil
}

// readJournal returns the vectors of the journal at path and the length of
// its sound part; 0 when it holds nothing usable for embedder.
func readJournal(path, embedder string) (map[[16]byte]Vec8, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	vecs, good := decodeJournal(bufio.NewReader(f), embedder)
	return vecs, good, nil
}

// decodeJournal returns the vectors of a journal read from r and the length
// of its sound part; 0 when it holds nothing usable for embedder.
func decodeJournal(r io.Reader, embedder string) (map[[16]byte]Vec8, int64) {
	head := journalMagic + embedder + "\n"
	buf := make([]byte, len(head))
	if _, err := io.ReadFull(r, buf); err != nil || string(buf) != head {
		return nil, 0
	}
	good := int64(len(head))
	vecs := make(map[[16]byte]Vec8)
	for {
		var fixed [22]byte // key, scale, dimension
		if _, err := io.ReadFull(r, fixed[:]); err != nil {
			return vecs, good
		}
		dim := int(binary.LittleEndian.Uint16(fixed[20:]))
		rest := make([]byte, dim+4)
		if _, err := io.ReadFull(r, rest); err != nil {
			return vecs, good
		}
		crc := crc32.Update(crc32.Checksum(fixed[:], crcTable), crcTable, rest[:dim])
		if crc != binary.LittleEndian.Uint32(rest[dim:]) {
			return vecs, good
		}
		v := Vec8{V: make([]int8, dim), Scale: math.Float32frombits(binary.LittleEndian.Uint32(fixed[16:]))}
		for i := range v.V {
			v.V[i] = int8(rest[i])
		}
		vecs[[16]byte(fixed[:16])] = v
		good += int64(len(fixed) + len(rest))
	}
}

// Add appends the vectors of one batch, vs[i] for the passage keys[i], and
// flushes them to the file.
func (j *Journal) Add(keys [][16]byte, vs []Vec8) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, v := range vs {
		if len(v.V) > math.MaxUint16 {
			return fmt.Errorf("vector journal: a vector of %d dimensions", len(v.V))
		}
		rec := make([]byte, 22+len(v.V)+4)
		copy(rec, keys[i][:])
		binary.LittleEndian.PutUint32(rec[16:], math.Float32bits(v.Scale))
		binary.LittleEndian.PutUint16(rec[20:], uint16(len(v.V)))
		for k, x := range v.V {
			rec[22+k] = byte(x)
		}
		binary.LittleEndian.PutUint32(rec[22+len(v.V):], crc32.Checksum(rec[:22+len(v.V)], crcTable))
		if _, err := j.w.Write(rec); err != nil {
			return fmt.Errorf("vector journal: %w", err)
		}
	}
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("vector journal: %w", err)
	}
	return nil
}

// Close closes the journal file; its records stay for the next update.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}

// RemoveJournal deletes the journal in dir once a saved snapshot holds its
// work.
func RemoveJournal(dir string) {
	os.Remove(filepath.Join(dir, journalFile))
}
