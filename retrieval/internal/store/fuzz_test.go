package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	good := savedStream(t, s)
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
		b := savedStream(f, testSnapshot(n))
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
		if s.Vectors.Len() != len(s.Chunks) {
			t.Fatalf("decode returned %d vectors for %d chunks", s.Vectors.Len(), len(s.Chunks))
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

// A saved index cut short anywhere is caught.
func TestLoadCatchesTruncation(t *testing.T) {
	good := savedBytes(t, testSnapshot(5))
	dir := t.TempDir()
	path := filepath.Join(dir, SnapshotFile)
	for n := range len(good) {
		if err := os.WriteFile(path, good[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if s, err := Load(dir); !errors.Is(err, ErrCorrupt) || s != nil {
			t.Fatalf("the first %d of %d bytes: Load = %v, %v; want ErrCorrupt", n, len(good), s != nil, err)
		}
	}
}

// resave rebuilds a format-5 file with section name's bytes changed by
// edit and every checksum right, as a lying writer would.
func resave(t *testing.T, file []byte, name string, edit func([]byte) []byte) []byte {
	t.Helper()
	secs, err := readTable(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	order := make([]section, 0, len(secs))
	for _, s := range secs {
		order = append(order, s)
	}
	slices.SortFunc(order, func(a, b section) int { return int(a.off - b.off) })
	var out bytesBuffer
	sw, err := newSectionWriter(&out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range order {
		b := bytes.Clone(file[s.off : s.off+s.len])
		if s.name == name {
			b = edit(b)
		}
		if err := sw.add(s.name, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.finish(); err != nil {
		t.Fatal(err)
	}
	return out.b
}

// A file whose checksums hold but whose sections lie about their sizes is
// refused without allocating what it claims.
func TestLoadRefusesLyingSections(t *testing.T) {
	good := savedBytes(t, testSnapshot(50))
	if s, err := Load(writeIndex(t, resave(t, good, secVectors, func(b []byte) []byte { return b }))); err != nil || s.Vectors.Len() != 50 {
		t.Fatalf("a file rebuilt unchanged: Load = %v", err)
	}
	lies := map[string]func(m *meta5){
		"dimension":   func(m *meta5) { m.Dim = 0x01000200 },
		"chunk count": func(m *meta5) { m.Chunks = 1 << 30 },
		"text length": func(m *meta5) { m.Articles[0].TextLen = 1 << 30 },
		"short text":  func(m *meta5) { m.Articles[0].TextLen-- },
		"kept":        func(m *meta5) { m.Kept = []int32{7} },
	}
	for name, lie := range lies {
		bad := resave(t, good, secMeta, func(b []byte) []byte {
			var m meta5
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil {
				t.Fatal(err)
			}
			lie(&m)
			var buf bytes.Buffer
			gob.NewEncoder(&buf).Encode(m)
			return buf.Bytes()
		})
		var ms runtimeMem
		ms.start()
		if _, err := Load(writeIndex(t, bad)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("a lying %s: Load = %v, want ErrCorrupt", name, err)
		}
		if grew := ms.grown(); grew > 16<<20 {
			t.Errorf("a lying %s: Load allocated %d MB", name, grew>>20)
		}
	}
	for _, sec := range []string{secChunks, secScales, secVectors, secMeans, secTexts} {
		bad := resave(t, good, sec, func(b []byte) []byte { return b[:len(b)-1] })
		if _, err := Load(writeIndex(t, bad)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("section %s a byte short: Load = %v, want ErrCorrupt", sec, err)
		}
	}
	bad := resave(t, good, secChunks, func(b []byte) []byte {
		binary.LittleEndian.PutUint32(b[12*3+8:], 1<<30) // chunk 3 ends past its text
		return b
	})
	if _, err := Load(writeIndex(t, bad)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a chunk past its text: Load = %v, want ErrCorrupt", err)
	}
}

// FuzzLoad feeds Load arbitrary files, starting from real ones of format
// 5: it must return ErrCorrupt or a snapshot that validates, never panic.
func FuzzLoad(f *testing.F) {
	for _, n := range []int{0, 1, 7} {
		f.Add(savedBytes(f, testSnapshot(n)))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, SnapshotFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(dir)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Load = %v, want ErrCorrupt", err)
			}
			return
		}
		if err := s.validate(); err != nil || s.Vectors.Len() != len(s.Chunks) {
			t.Fatalf("Load returned a snapshot that does not validate: %v", err)
		}
	})
}
