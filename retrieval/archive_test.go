package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"archivist/corpus"
	"archivist/retrieval/embed"
	"archivist/retrieval/internal/store"
)

const tencent = `---
id: tencent
title: Tencent builds an AI lab
url: https://example.org/tencent
published: 2016-12-08
---
Tencent, the company behind WeChat, is building a research lab for artificial intelligence in Shenzhen.

The company created the lab in April. The lab had about 30 researchers, most of them with PhDs, according to vice president Xing Yao.
`

const ferry = `---
id: ferry
title: Night ferry returns
published: 2019-05-14
---
The night ferry between Port Ellery and Gannet Island will run again from June, the harbour board said.

A single ticket will cost 4.50 pounds, and children under 12 travel free.
`

func testArchive(t *testing.T, fsys fstest.MapFS, dir string) *Archive {
	t.Helper()
	h := embed.Hash(64)
	a, err := Open(context.Background(), Config{Corpus: fsys, IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return a
}

func file(text string, mod time.Time) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(text), ModTime: mod}
}

func TestAskQuotesTheArchiveVerbatim(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}
	a := testArchive(t, fsys, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	ans, err := a.Ask(context.Background(), "How many researchers did Tencent's AI lab have?", AskOptions{})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if ans.Abstained || len(ans.Citations) == 0 {
		t.Fatalf("Ask abstained or cited nothing: %+v", ans)
	}
	c := ans.Citations[0]
	if c.ArticleID != "tencent" || !strings.Contains(c.Quote, "about 30 researchers") {
		t.Errorf("first citation = %+v, want the tencent article quoting about 30 researchers", c)
	}
	if !strings.Contains(ans.Text, "[1]") || !strings.Contains(ans.Text, "December 2016") {
		t.Errorf("answer %q lacks the [1] marker or the source's date", ans.Text)
	}
	for _, c := range ans.Citations {
		if text := articleText(a, c.ArticleID); !strings.Contains(text, c.Quote) {
			t.Errorf("quote %q is not in article %s", c.Quote, c.ArticleID)
		}
	}
}

func TestAskAbstainsWhenTheArchiveDoesNotKnow(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	a := testArchive(t, fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	ans, err := a.Ask(context.Background(), "Who won the 1998 football world cup final in Paris?", AskOptions{})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if !ans.Abstained {
		t.Errorf("Ask = %q, want an abstention", ans.Text)
	}
}

func TestAskRefusesBadQuestions(t *testing.T) {
	a := testArchive(t, fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	for _, tc := range []struct {
		name, q string
		want    error
	}{
		{"empty", "  \n", ErrEmptyQuestion},
		{"too long", strings.Repeat("ferry ", 2000), ErrQuestionTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := a.Ask(context.Background(), tc.q, AskOptions{}); !errors.Is(err, tc.want) {
				t.Errorf("Ask(%.20q) error = %v, want %v", tc.q, err, tc.want)
			}
		})
	}
	// Another script gets an answer or an abstention, never an error.
	if _, err := a.Ask(context.Background(), "渡し船はいつ再開しますか？", AskOptions{}); err != nil {
		t.Errorf("Ask(Japanese) error = %v, want nil", err)
	}
}

func TestAskOnEmptyArchive(t *testing.T) {
	a := testArchive(t, fstest.MapFS{}, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if _, err := a.Ask(context.Background(), "anything?", AskOptions{}); !errors.Is(err, ErrNoPassages) {
		t.Errorf("Ask on an empty archive error = %v, want ErrNoPassages", err)
	}
}

func TestUpdateIsIncremental(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{
		"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0),
		"glacier.txt": file("Glacier survey\n\nThe Varden glacier lost a fifth of its ice since 1990.\n", t0),
	}

	rep, err := testArchive(t, fsys, dir).Update(ctx)
	if err != nil {
		t.Fatalf("first Update: %v", err)
	}
	if rep.Added != 3 || rep.Embedded != rep.Chunks || rep.Chunks == 0 {
		t.Fatalf("first Update = %+v, want 3 added and every chunk embedded", rep)
	}

	// A new process: nothing changed, nothing is embedded again.
	rep, err = testArchive(t, fsys, dir).Update(ctx)
	if err != nil {
		t.Fatalf("second Update: %v", err)
	}
	if rep.Unchanged != 3 || rep.Embedded != 0 {
		t.Errorf("unchanged Update = %+v, want 3 unchanged, 0 embedded", rep)
	}

	// One article changes, one goes, one comes.
	fsys["tencent.md"] = file(strings.Replace(tencent, "about 30", "about 40", 1), t0.Add(time.Hour))
	delete(fsys, "ferry.md")
	fsys["library.txt"] = file("The library reopens\n\nThe Old Mill Library reopened on Saturday after two years.\n", t0)
	rep, err = testArchive(t, fsys, dir).Update(ctx)
	if err != nil {
		t.Fatalf("third Update: %v", err)
	}
	if rep.Added != 1 || rep.Updated != 1 || rep.Removed != 1 || rep.Unchanged != 1 {
		t.Errorf("third Update = %+v, want 1 added, 1 updated, 1 removed, 1 unchanged", rep)
	}
	if rep.Embedded == 0 || rep.Embedded >= rep.Chunks {
		t.Errorf("third Update embedded %d of %d chunks, want only the changed ones", rep.Embedded, rep.Chunks)
	}
}

func TestUpdateReembedsForAnotherEmbedder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}
	if _, err := testArchive(t, fsys, dir).Update(ctx); err != nil {
		t.Fatal(err)
	}
	h := embed.Hash(32)
	a, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded != rep.Chunks || len(rep.Notes) == 0 {
		t.Errorf("Update after switching embedders = %+v, want every chunk embedded and a note saying why", rep)
	}
}

func TestCorruptSnapshotIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}
	if _, err := testArchive(t, fsys, dir).Update(ctx); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, store.SnapshotFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"truncated":   data[:len(data)/2],
		"bit flipped": flip(data, len(data)/3),
		"empty":       {},
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := store.Load(dir); !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("loadSnapshot error = %v, want ErrCorrupt", err)
			}
			rep, err := testArchive(t, fsys, dir).Update(ctx)
			if err != nil {
				t.Fatalf("Update over a %s snapshot: %v", name, err)
			}
			if len(rep.Notes) == 0 || rep.Embedded != rep.Chunks {
				t.Errorf("Update = %+v, want a note and a full rebuild", rep)
			}
			if _, err := store.Load(dir); err != nil {
				t.Errorf("the rebuilt snapshot does not load: %v", err)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 0x10
	return out
}

// Queries keep being answered, from the old index or the new, while an
// update runs; the race detector watches the swap.
func TestAskDuringUpdate(t *testing.T) {
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0)}
	a := testArchive(t, fsys, t.TempDir())
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := a.Ask(ctx, "When does the night ferry run again?", AskOptions{}); err != nil {
					t.Errorf("Ask during update: %v", err)
					return
				}
			}
		})
	}
	for i := range 5 {
		fsys["ferry.md"] = file(ferry+strings.Repeat("\nMore news. ", i), t0.Add(time.Duration(i+1)*time.Minute))
		if _, err := a.Update(ctx); err != nil {
			t.Errorf("Update: %v", err)
		}
	}
	close(stop)
	wg.Wait()
}

func TestUpdateRereadsForAnotherReaderVersion(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}
	a := testArchive(t, fsys, dir)
	if _, err := a.Update(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := store.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Reader = "an older reader"
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	rep, err := testArchive(t, fsys, dir).Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Notes) == 0 || rep.Unchanged != 1 || rep.Embedded != 0 {
		t.Errorf("Update over an older reader's index = %+v, want a note, the article re-read unchanged and nothing embedded", rep)
	}
	if s, _ := store.Load(dir); s == nil || s.Reader != corpus.Version {
		t.Errorf("the saved index was not rewritten with reader %q", corpus.Version)
	}
}

func TestUpdateWaitsForAnotherWriter(t *testing.T) {
	dir := t.TempDir()
	unlock, err := store.LockDir(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	h := embed.Hash(32)
	var told string
	a, err := Open(context.Background(), Config{
		Corpus: fstest.MapFS{"ferry.md": file(ferry, time.Unix(0, 0))}, IndexDir: dir,
		Embed: h.Embed, EmbedderName: h.Name, Waiting: func(holder string) { told = holder },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err = a.Update(ctx)
	if err == nil || !strings.Contains(err.Error(), "being updated by another archivist") {
		t.Errorf("Update while another holds the lock: %v, want it to say who holds the index", err)
	}
	if !strings.HasPrefix(told, "pid ") {
		t.Errorf("Waiting was told %q, want the holder's pid", told)
	}
}

// An update that fails part way leaves its vectors in the journal, and the
// next update embeds only the rest.
func TestUnfinishedUpdateIsResumed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{}
	for i := range 300 {
		fsys[fmt.Sprintf("a%03d.txt", i)] = file(fmt.Sprintf("Article %d\n\nThe %d ferries of harbour %d sail at dawn.", i, i, i), time.Unix(0, 0))
	}
	h := embed.Hash(64) // as testArchive's
	var calls atomic.Int32
	failing := func(ctx context.Context, text string) ([]float32, error) {
		if calls.Add(1) > 150 { // after two batches of 64
			return nil, errors.New("the embedding server went away")
		}
		return h.Embed(ctx, text)
	}
	a, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: failing, EmbedderName: h.Name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Update(ctx); err == nil {
		t.Fatal("Update with a failing embedder succeeded")
	}
	rep, err := testArchive(t, fsys, dir).Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks != 300 || rep.Embedded == 0 || rep.Embedded > 300-64 || len(rep.Notes) == 0 {
		t.Errorf("resumed Update embedded %d of %d passages, notes %q; want at least a batch taken from the journal, with a note", rep.Embedded, rep.Chunks, rep.Notes)
	}
	if _, err := os.Stat(filepath.Join(dir, "vectors.journal")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the journal is still there after a saved update: %v", err)
	}
}

// articleText is the cleaned text of the kept article id in a's index.
func articleText(a *Archive, id string) string {
	ix, _ := a.current()
	for _, art := range ix.articles {
		if art.ID == id {
			return art.Text
		}
	}
	return ""
}

func TestUnfinishedUpdateCallsResuming(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{}
	for i := range 300 {
		fsys[fmt.Sprintf("a%03d.txt", i)] = file(fmt.Sprintf("Article %d\n\nThe %d ferries of harbour %d sail at dawn.", i, i, i), time.Unix(0, 0))
	}
	h := embed.Hash(64)
	var calls atomic.Int32
	failing := func(ctx context.Context, text string) ([]float32, error) {
		if calls.Add(1) > 150 {
			return nil, errors.New("the embedding server went away")
		}
		return h.Embed(ctx, text)
	}
	a, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: failing, EmbedderName: h.Name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Update(ctx); err == nil {
		t.Fatal("Update with a failing embedder succeeded")
	}
	var reused, left int
	b, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name,
		Resuming: func(r, l int) { reused, left = r, l }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := b.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reused == 0 || reused+left != 300 || left != rep.Embedded || len(rep.Notes) != 0 {
		t.Errorf("Resuming(%d, %d), report embedded %d, notes %q; want the reused and the rest, and no note", reused, left, rep.Embedded, rep.Notes)
	}
}
