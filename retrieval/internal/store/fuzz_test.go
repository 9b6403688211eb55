package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
)

// savedBytes returns the file Save writes for s.
func savedBytes(t testing.TB, s *Snapshot) []byte {
	dir := t.TempDir()
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dimOffset is where the vector dimension field stands in a saved file of
// n vectors of dim components.
func dimOffset(file []byte, n, dim int) int {
	return len(file) - 4 - n*(4+dim) - 4
}

// A corrupt size field must be caught by the checksum before anything is
// allocated from it: writing 0x01000200 into the dimension field made every
// later run die of "out of memory" before.
func TestLoadCorruptDimension(t *testing.T) {
	s := testSnapshot(50)
	good := savedBytes(t, s)
	off := dimOffset(good, 50, 8)
	if got := binary.LittleEndian.Uint32(good[off:]); got != 8 {
		t.Fatalf("dimension field at %d = %d, want 8", off, got)
	}
	write := func(t *testing.T, b []byte) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, SnapshotFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	bad := bytes.Clone(good)
	binary.LittleEndian.PutUint32(bad[off:], 0x01000200)
	if _, err := Load(write(t, bad)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load with dimension 0x01000200 = %v, want ErrCorrupt", err)
	}
	for bit := range 32 {
		bad := bytes.Clone(good)
		binary.LittleEndian.PutUint32(bad[off:], 8^(1<<bit))
		if _, err := Load(write(t, bad)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Load with bit %d of the dimension flipped = %v, want ErrCorrupt", bit, err)
		}
	}
	// The same lie with a checksum that matches it: decode bounds the count
	// by the bytes left instead of trusting it.
	binary.LittleEndian.PutUint32(bad[off:], 0x01000200)
	body := bad[:len(bad)-4]
	binary.LittleEndian.PutUint32(bad[len(bad)-4:], crc32.Checksum(body, crcTable))
	var ms runtimeMem
	ms.start()
	_, err := Load(write(t, bad))
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load of a lying dimension with a good checksum = %v, want ErrCorrupt", err)
	}
	if grew := ms.grown(); grew > 64<<20 {
		t.Errorf("Load of a lying dimension allocated %d MB", grew>>20)
	}
}

// FuzzDecodeSnapshot feeds decode arbitrary bodies, starting from real
// ones: it must return an error or a snapshot that validates, never panic,
// and never allocate far beyond its input.
func FuzzDecodeSnapshot(f *testing.F) {
	for _, n := range []int{0, 1, 7} {
		b := savedBytes(f, testSnapshot(n))
		f.Add(b[:len(b)-4])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := decode(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			return
		}
		if err := s.validate(); err != nil {
			t.Fatalf("decode returned a snapshot that does not validate: %v", err)
		}
		if len(s.Vectors) != len(s.Chunks) {
			t.Fatalf("decode returned %d vectors for %d chunks", len(s.Vectors), len(s.Chunks))
		}
	})
}

// FuzzDecodeJournal feeds the journal reader arbitrary files: the sound
// part it reports never exceeds the input, and it never panics.
func FuzzDecodeJournal(f *testing.F) {
	dir := f.TempDir()
	j, _, err := OpenJournal(dir, "hash:8")
	if err != nil {
		f.Fatal(err)
	}
	j.Add([][16]byte{{1}, {2}}, []Vec8{Quantize([]float32{1, 0}), Quantize([]float32{0.6, 0.8})})
	j.Close()
	b, _ := os.ReadFile(filepath.Join(dir, journalFile))
	f.Add(b)
	f.Add(b[:len(b)-5])
	f.Fuzz(func(t *testing.T, data []byte) {
		vecs, good := decodeJournal(bytes.NewReader(data), "hash:8")
		if good > int64(len(data)) {
			t.Fatalf("sound part %d of a %d-byte journal", good, len(data))
		}
		if good == 0 && len(vecs) > 0 {
			t.Fatalf("%d vectors from a journal with no sound part", len(vecs))
		}
	})
}

// Every byte of a saved index, flipped, is caught: Load says ErrCorrupt and
// returns nothing.
func TestLoadCatchesEveryByte(t *testing.T) {
	good := savedBytes(t, testSnapshot(5))
	dir := t.TempDir()
	path := filepath.Join(dir, SnapshotFile)
	for i := range good {
		bad := bytes.Clone(good)
		bad[i] ^= 0x5a
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if s, err := Load(dir); !errors.Is(err, ErrCorrupt) || s != nil {
			t.Fatalf("byte %d of %d flipped: Load = %v, %v; want ErrCorrupt and no snapshot", i, len(good), s != nil, err)
		}
	}
	t.Logf("%d bytes, each flipped, all caught", len(good))
}
