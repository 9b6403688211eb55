package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"archivist/corpus"
)

func testSnapshot(n int) *Snapshot {
	text := strings.Repeat("A sentence about the harbour ferry. ", 40)
	s := &Snapshot{
		Embedder: "hash:8",
		Articles: []corpus.Article{{ID: "a", Title: "A", Text: text, Path: "a.txt"}},
		Kept:     []int32{0},
		Sources:  map[string]Source{"a.txt": {Size: 10, First: 0, Count: 1}},
	}
	var vs []Vec8
	for i := range n {
		s.Chunks = append(s.Chunks, Chunk{Article: 0, Start: int32(i % 100), End: int32(i%100 + 10)})
		v := make([]float32, 8)
		v[i%8] = 1
		vs = append(vs, Quantize(v))
	}
	s.Vectors = MadeVectors(vs)
	if n > 0 {
		s.Means = []float32{0.6, 0.8, 0, 0, 0, 0, 0, 0}
	}
	s.Lexical = Bytes("the caller's own section")
	return s
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := testSnapshot(50)
	if err := want.Save(dir); err != nil {
		t.Fatalf("save: %v", err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(got.Chunks) != 50 || got.Chunks[7] != want.Chunks[7] || got.Vectors.At(9).Dot([]float32{0, 1, 0, 0, 0, 0, 0, 0}) != 1 || got.Articles[0].Text != want.Articles[0].Text {
		t.Errorf("Load gave %d chunks, chunk 7 %+v, want %+v", len(got.Chunks), got.Chunks[7], want.Chunks[7])
	}
	if got.Older || !slices.Equal(got.Means, want.Means) || !bytes.Equal(got.Lexical.(Bytes), want.Lexical.(Bytes)) ||
		got.Articles[0].Title != "A" || got.Sources["a.txt"].Size != 10 || len(got.maps) != 1 {
		t.Errorf("Load gave means %v, lexical %q, older %v", got.Means, got.Lexical, got.Older)
	}
	// Means that do not fit the kept articles are not saved.
	want.Means = want.Means[:4]
	want.Lexical = nil
	if err := want.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := Load(dir); err != nil || got.Means != nil || got.Lexical != nil {
		t.Errorf("Load of a snapshot without means or lexical section: %v, means %v, lexical %v", err, got.Means, got.Lexical)
	}
	if _, err := Load(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of an empty folder error = %v, want fs.ErrNotExist", err)
	}
}

// Means given a row per kept article are saved as the same means in one
// piece; rows that do not fit are not saved.
func TestSnapshotSavesMeanRows(t *testing.T) {
	dir := t.TempDir()
	s := testSnapshot(5)
	want := s.Means
	s.Means, s.MeanRows = nil, [][]float32{slices.Clone(want)}
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := Load(dir); err != nil || !slices.Equal(got.Means, want) {
		t.Errorf("Load of a snapshot saved with mean rows: means %v, %v; want %v", got.Means, err, want)
	}
	if got := s.JoinedMeans(8); !slices.Equal(got, want) {
		t.Errorf("JoinedMeans = %v, want %v", got, want)
	}
	s.MeanRows = [][]float32{want[:4]}
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := Load(dir); err != nil || got.Means != nil {
		t.Errorf("Load of a snapshot saved with a short mean row: means %v, %v; want none", got.Means, err)
	}
}

func TestSnapshotRejectsLies(t *testing.T) {
	s := testSnapshot(3)
	s.Chunks[1].End = 1 << 20
	if err := s.validate(); err == nil {
		t.Error("validate accepted a chunk past its article's end")
	}
}

// A process killed at any moment while saving leaves the old snapshot or
// the new one, never a broken one. The test kills a helper process that
// saves in a loop, many times, at varying moments.
func TestSnapshotSurvivesKill(t *testing.T) {
	if os.Getenv("ARCHIVIST_SAVE_LOOP") != "" {
		s := testSnapshot(20000)
		for {
			if err := s.Save(os.Getenv("ARCHIVIST_SAVE_LOOP")); err != nil {
				os.Exit(3)
			}
		}
	}
	if testing.Short() {
		t.Skip("kills a helper process repeatedly")
	}
	dir := t.TempDir()
	if err := testSnapshot(10).Save(dir); err != nil { // the old snapshot
		t.Fatal(err)
	}
	for i := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSnapshotSurvivesKill$")
		cmd.Env = append(os.Environ(), "ARCHIVIST_SAVE_LOOP="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+17*i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		if _, err := Load(dir); err != nil {
			t.Fatalf("after kill %d: Load: %v", i, err)
		}
	}
}

// A format-3 snapshot stored float32 vectors; they are read and converted.
func TestReadFloat32Vectors(t *testing.T) {
	var buf bytes.Buffer
	for _, v := range [][]float32{{1, 0}, {0.6, -0.8}} {
		binary.Write(&buf, binary.LittleEndian, v)
	}
	vs, err := readFloat32Vectors(&buf, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := vs[1].Dot([]float32{0.6, -0.8}); math.Abs(float64(got)-1) > 0.01 {
		t.Errorf("converted vector · itself = %v, want 1", got)
	}
}
