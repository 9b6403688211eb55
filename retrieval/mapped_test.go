package retrieval

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/embed"
	"archivist/retrieval/internal/store"
)

// An index saved by an archivist of format 4 (one gob stream) is read,
// served and saved again in the sectioned format, with nothing embedded.
func TestFormat4IndexIsSavedAgain(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile("testdata/format4/index.snapshot")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, store.SnapshotFile)
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	h := embed.Hash(0) // the archivist that saved it used the default
	a, err := Open(context.Background(), Config{Corpus: os.DirFS("testdata/format4/archive"), IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.Update(context.Background())
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if rep.Embedded != 0 || rep.Articles != 2 || len(rep.Notes) != 0 {
		t.Errorf("Update of a format-4 index: embedded %d of %d articles, notes %q; want 0 of 2, none", rep.Embedded, rep.Articles, rep.Notes)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 20 || b[16] != 5 {
		t.Fatalf("the index was not saved again in format 5 (%d bytes)", len(b))
	}
	s, err := store.Load(dir)
	if err != nil || s.Older || s.Lexical == nil || len(s.Means) == 0 {
		t.Fatalf("Load of the saved index: %v (older %v, lexical and means saved: %v)", err, s != nil && s.Older, s != nil && s.Lexical != nil && len(s.Means) > 0)
	}
	ans, err := a.Ask(context.Background(), "How many researchers did Tencent's AI lab have?", AskOptions{})
	if err != nil || len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Quote, "30 researchers") {
		t.Errorf("Ask after the conversion = %+v, %v", ans.Citations, err)
	}
}

// A query that holds the index an update replaces keeps reading its texts
// and postings in place: the old mapping lives as long as the index. What a
// query returned outlives every mapping.
func TestUpdateWhileQueryHoldsOldMapping(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}
	dir := t.TempDir()
	a := testArchive(t, fsys, dir)
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A second process's view: loaded from the file, read in place.
	a = testArchive(t, fsys, dir)
	held, err := a.current()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := held.snap.Lexical.(store.Bytes); !ok {
		t.Fatal("the loaded index does not read its lexical section in place")
	}
	before, err := a.Search(context.Background(), "night ferry ticket", SearchOptions{})
	if err != nil || len(before) == 0 {
		t.Fatalf("Search = %v, %v", before, err)
	}
	for round := range 3 {
		fsys["extra.md"] = file(strings.Replace(ferry, "id: ferry", "id: extra", 1)+strings.Repeat(" More news.", round+1), t0.Add(time.Duration(round+1)*time.Hour))
		if _, err := a.Update(context.Background()); err != nil {
			t.Fatalf("Update %d: %v", round, err)
		}
		runtime.GC()
		runtime.GC()
		// The held index still reads its own mapping, whose file was
		// replaced.
		for _, c := range held.chunks {
			if txt := held.text(c); len(txt) == 0 || strings.ToValidUTF8(txt, "") != txt {
				t.Fatalf("round %d: the held index's passage %+v reads %q", round, c, txt)
			}
		}
		if got := held.passageBM25.Search([]string{"ferri"}, 5); len(got) == 0 {
			t.Fatalf("round %d: the held index finds no ferry", round)
		}
	}
	runtime.KeepAlive(held)
	held = nil
	for range 5 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
	// Whatever was unmapped by now, the passages returned before are copies.
	if !strings.Contains(before[0].Text, "ferry") {
		t.Errorf("a passage returned before the updates reads %q", before[0].Text)
	}
	if n, err := io.WriteString(io.Discard, before[0].Text); err != nil || n == 0 {
		t.Error("cannot read a passage returned before the updates")
	}
	after, err := a.Search(context.Background(), "night ferry ticket", SearchOptions{})
	if err != nil || len(after) < 2 {
		t.Errorf("Search after the updates = %d passages, %v; want both ferry articles", len(after), err)
	}
}
