package store

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// savedStream returns the file a format-4 archivist wrote for s.
func savedStream(t testing.TB, s *Snapshot) []byte {
	var buf bytesBuffer
	crc := crc32.New(crcTable)
	w := bufio.NewWriter(io.MultiWriter(&buf, crc))
	if err := s.encodeStream(w); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	binary.Write(&buf, binary.LittleEndian, crc.Sum32())
	return buf.b
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

// writeIndex writes b as the saved index of a new folder.
func writeIndex(t testing.TB, b []byte) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SnapshotFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A format-4 index loads, marked Older so that it is saved again.
func TestLoadFormat4(t *testing.T) {
	want := testSnapshot(30)
	got, err := Load(writeIndex(t, savedStream(t, want)))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Older || len(got.Chunks) != 30 || got.Chunks[7] != want.Chunks[7] || got.Articles[0].Text != want.Articles[0].Text {
		t.Errorf("format 4 loaded as Older=%v with %d chunks", got.Older, len(got.Chunks))
	}
	dir := t.TempDir()
	if err := got.Save(dir); err != nil {
		t.Fatal(err)
	}
	again, err := Load(dir)
	if err != nil || again.Older || again.Vectors.Len() != 30 || again.Vectors.At(3).Dot([]float32{0, 0, 0, 1, 0, 0, 0, 0}) != 1 {
		t.Errorf("saved again: Load = %v, Older %v", err, again != nil && again.Older)
	}
}

func (s *Snapshot) encodeStream(w io.Writer) error {
	if _, err := io.WriteString(w, snapshotMagic); err != nil {
		return err
	}
	if err := binary.Write(w, binary.LittleEndian, uint32(snapshotStream)); err != nil {
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
	dim := s.Vectors.Dim()
	if err := binary.Write(w, binary.LittleEndian, [2]uint32{uint32(s.Vectors.Len()), uint32(dim)}); err != nil {
		return err
	}
	buf := make([]byte, 4+dim)
	for j := range s.Vectors.Len() {
		v := s.Vectors.At(j)
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
