package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/embed"
	"archivist/retrieval/internal/store"
)

// Two processes serving one index folder: an update saved by one reaches
// the other when it calls LoadSaved, and only then.
func TestLoadSavedFollowsAnotherWriter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}
	writer := testArchive(t, fsys, dir)
	if _, err := writer.Update(ctx); err != nil {
		t.Fatal(err)
	}
	reader := testArchive(t, fsys, dir)
	if _, err := reader.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := reader.LoadSaved(); got || err != nil {
		t.Errorf("LoadSaved with nothing new = %v, %v; want false, nil", got, err)
	}

	fsys["tencent.md"] = file(tencent, time.Unix(0, 0))
	if _, err := writer.Update(ctx); err != nil {
		t.Fatal(err)
	}
	const q = "How many researchers did Tencent's AI lab have?"
	if ans, err := reader.Ask(ctx, q, AskOptions{}); err != nil || strings.Contains(ans.Text, "30 researchers") {
		t.Fatalf("before LoadSaved the reader answered %q, %v; want the old index, which does not know", ans.Text, err)
	}
	if got, err := reader.LoadSaved(); !got || err != nil {
		t.Fatalf("LoadSaved after another's update = %v, %v; want true, nil", got, err)
	}
	if st := reader.Stats(); st.Articles != 2 {
		t.Errorf("the reader serves %d articles, want 2", st.Articles)
	}
	ans, err := reader.Ask(ctx, q, AskOptions{})
	if err != nil || !strings.Contains(ans.Text, "30 researchers") {
		t.Errorf("after LoadSaved the reader answered %q, %v; want the new article's 30 researchers", ans.Text, err)
	}
	if got, err := reader.LoadSaved(); got || err != nil {
		t.Errorf("second LoadSaved = %v, %v; want false, nil", got, err)
	}
	// The reader's own update finds its index current: nothing to embed.
	rep, err := reader.Update(ctx)
	if err != nil || rep.Embedded != 0 || rep.Unchanged != 2 {
		t.Errorf("the reader's Update = %+v, %v; want nothing embedded, 2 unchanged", rep, err)
	}
}

// A snapshot LoadSaved cannot use leaves the current index serving, and is
// reported once.
func TestLoadSavedRefusesABadSnapshot(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0)), "tencent.md": file(tencent, time.Unix(0, 0))}
	t.Run("corrupt", func(t *testing.T) {
		dir := t.TempDir()
		a := testArchive(t, fsys, dir)
		if _, err := a.Update(ctx); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, store.SnapshotFile)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		checkRefused(t, a)
	})
	t.Run("another embedder", func(t *testing.T) {
		dir := t.TempDir()
		a := testArchive(t, fsys, dir)
		if _, err := a.Update(ctx); err != nil {
			t.Fatal(err)
		}
		h := embed.Hash(32)
		other, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.Update(ctx); err != nil {
			t.Fatal(err)
		}
		checkRefused(t, a)
	})
}

func checkRefused(t *testing.T, a *Archive) {
	t.Helper()
	if got, err := a.LoadSaved(); got || err == nil {
		t.Errorf("LoadSaved = %v, %v; want false and an error", got, err)
	}
	if got, err := a.LoadSaved(); got || err != nil {
		t.Errorf("LoadSaved again = %v, %v; want false, nil: the same snapshot is not tried twice", got, err)
	}
	ans, err := a.Ask(context.Background(), "How many researchers did Tencent's AI lab have?", AskOptions{})
	if err != nil || !strings.Contains(ans.Text, "30 researchers") {
		t.Errorf("after a refused snapshot Ask = %q, %v; want the index serving before", ans.Text, err)
	}
}
