package retrieval

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

// journal appends vectors to the journal file. It is safe for concurrent use.
type journal struct {
	mu sync.Mutex // guards w and f
	f  *os.File
	w  *bufio.Writer
}

// openJournal reads the journal in dir left by an earlier update with the
// same embedder and opens it for appending; a journal of another embedder,
// or one that cannot be read, is started again.
func openJournal(dir, embedder string) (*journal, map[[16]byte]vec8, error) {
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
		if err := f.Truncate(0); err == nil {
			_, err = f.WriteString(journalMagic + embedder + "\n")
		}
		good = int64(len(journalMagic) + len(embedder) + 1)
	}
	if err := f.Truncate(good); err != nil { // drop a torn last record
		f.Close()
		return nil, nil, fmt.Errorf("open vector journal: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open vector journal: %w", err)
	}
	return &journal{f: f, w: bufio.NewWriter(f)}, vecs, nil
}

// readJournal returns the vectors of the journal at path and the length of
// its sound part; 0 when it holds nothing usable for embedder.
func readJournal(path, embedder string) (map[[16]byte]vec8, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	head := journalMagic + embedder + "\n"
	buf := make([]byte, len(head))
	if _, err := io.ReadFull(r, buf); err != nil || string(buf) != head {
		return nil, 0, nil
	}
	good := int64(len(head))
	vecs := make(map[[16]byte]vec8)
	for {
		var fixed [22]byte // key, scale, dimension
		if _, err := io.ReadFull(r, fixed[:]); err != nil {
			return vecs, good, nil
		}
		dim := int(binary.LittleEndian.Uint16(fixed[20:]))
		rest := make([]byte, dim+4)
		if _, err := io.ReadFull(r, rest); err != nil {
			return vecs, good, nil
		}
		crc := crc32.Update(crc32.Checksum(fixed[:], crcTable), crcTable, rest[:dim])
		if crc != binary.LittleEndian.Uint32(rest[dim:]) {
			return vecs, good, nil
		}
		v := vec8{v: make([]int8, dim), scale: math.Float32frombits(binary.LittleEndian.Uint32(fixed[16:]))}
		for i := range v.v {
			v.v[i] = int8(rest[i])
		}
		vecs[[16]byte(fixed[:16])] = v
		good += int64(len(fixed) + len(rest))
	}
}

// add appends the vectors of one batch and flushes them to the file.
func (j *journal) add(keys [][16]byte, vs []vec8) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, v := range vs {
		rec := make([]byte, 22+len(v.v)+4)
		copy(rec, keys[i][:])
		binary.LittleEndian.PutUint32(rec[16:], math.Float32bits(v.scale))
		binary.LittleEndian.PutUint16(rec[20:], uint16(len(v.v)))
		for k, x := range v.v {
			rec[22+k] = byte(x)
		}
		binary.LittleEndian.PutUint32(rec[22+len(v.v):], crc32.Checksum(rec[:22+len(v.v)], crcTable))
		if _, err := j.w.Write(rec); err != nil {
			return fmt.Errorf("vector journal: %w", err)
		}
	}
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("vector journal: %w", err)
	}
	return nil
}

func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}

// removeJournal deletes the journal in dir once a snapshot holds its work.
func removeJournal(dir string) {
	os.Remove(filepath.Join(dir, journalFile))
}
