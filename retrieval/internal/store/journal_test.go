package store

import (
	"os"
	"path/filepath"
	"testing"
)

func TestJournalDropsATornRecord(t *testing.T) {
	dir := t.TempDir()
	j, _, err := OpenJournal(dir, "hash:8")
	if err != nil {
		t.Fatal(err)
	}
	keys := [][16]byte{{1}, {2}}
	vs := []Vec8{Quantize([]float32{1, 0}), Quantize([]float32{0, 1})}
	if err := j.Add(keys, vs); err != nil {
		t.Fatal(err)
	}
	j.Close()
	path := filepath.Join(dir, journalFile)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-3], 0o644) // a crash mid-append
	j, got, err := OpenJournal(dir, "hash:8")
	if err != nil || len(got) != 1 {
		t.Errorf("OpenJournal after a torn record = %d vectors, %v; want the 1 sound one", len(got), err)
	}
	// The torn record is cut off, so what is added next is read back.
	if err := j.Add([][16]byte{{3}}, []Vec8{Quantize([]float32{0.6, 0.8})}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if _, got, err := OpenJournal(dir, "hash:8"); err != nil || len(got) != 2 {
		t.Errorf("OpenJournal after appending to a repaired journal = %d vectors, %v; want 2", len(got), err)
	}
	if _, got, err := OpenJournal(dir, "hash:16"); err != nil || len(got) != 0 {
		t.Errorf("OpenJournal for another embedder = %d vectors, %v; want none", len(got), err)
	}
}

// A journal whose header cannot be written is an error, not a journal that
// silently loses every record after it.
func TestJournalHeaderWriteFails(t *testing.T) {
	if os.Getuid() == 0 {
		// root writes through permission bits; a read-only folder still
		// refuses the create below for everyone else.
		t.Skip("root ignores permission bits")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	if _, _, err := OpenJournal(dir, "hash:8"); err == nil {
		t.Error("OpenJournal in a read-only folder succeeded")
	}
}

func TestRemoveJournal(t *testing.T) {
	dir := t.TempDir()
	j, _, err := OpenJournal(dir, "hash:8")
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	RemoveJournal(dir)
	if _, err := os.Stat(filepath.Join(dir, journalFile)); !os.IsNotExist(err) {
		t.Errorf("journal still there after RemoveJournal: %v", err)
	}
}
