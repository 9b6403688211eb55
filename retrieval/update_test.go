package retrieval

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/embed"
	"archivist/retrieval/internal/store"
)

// Two processes updating one index: the second, opened before the first
// saved, must start from what the first saved rather than embed it all again.
func TestUpdateStartsFromAnotherWritersSave(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := fstest.MapFS{}
	for i := range 40 {
		fsys[fmt.Sprintf("a%02d.txt", i)] = file(fmt.Sprintf("Article %d\n\nThe %d ferries of harbour %d sail at dawn.", i, i, i), time.Unix(0, 0))
	}
	first, second := testArchive(t, fsys, dir), testArchive(t, fsys, dir)
	if rep, err := first.Update(ctx); err != nil || rep.Embedded != 40 {
		t.Fatalf("first Update = %+v, %v; want 40 embedded", rep, err)
	}
	rep, err := second.Update(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded != 0 || rep.Added != 0 || rep.Unchanged != 40 {
		t.Errorf("second Update = added %d, embedded %d, unchanged %d; want 0, 0, 40", rep.Added, rep.Embedded, rep.Unchanged)
	}
	if st := second.Stats(); st.Articles != 40 {
		t.Errorf("second archive serves %d articles, want 40", st.Articles)
	}
}

// An update cancelled while it embeds returns promptly, releases the lock
// and leaves what it embedded in the journal for the next one.
func TestUpdateCancelled(t *testing.T) {
	dir := t.TempDir()
	fsys := fstest.MapFS{}
	for i := range 400 {
		fsys[fmt.Sprintf("a%03d.txt", i)] = file(fmt.Sprintf("Article %d\n\nThe %d ferries of harbour %d sail at dawn.", i, i, i), time.Unix(0, 0))
	}
	h := embed.Hash(64)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	slow := func(ctx context.Context, text string) ([]float32, error) {
		calls++
		if calls == 200 {
			cancel() // as SIGINT would, mid-build
		}
		return h.Embed(ctx, text)
	}
	a, err := Open(ctx, Config{Corpus: fsys, IndexDir: dir, Embed: slow, EmbedderName: h.Name,
		EmbedBatch: func(ctx context.Context, texts []string) ([][]float32, error) {
			out := make([][]float32, len(texts))
			for i, t := range texts {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				v, err := slow(ctx, t)
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
			return out, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := a.Update(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Update: %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled Update took %v", d)
	}
	lockCtx, done := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer done()
	unlock, err := store.LockDir(lockCtx, dir, nil)
	if err != nil {
		t.Fatalf("the lock is still held after a cancelled update: %v", err)
	}
	unlock()
	rep, err := testArchive(t, fsys, dir).Update(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded == 0 || rep.Embedded > 400-128 {
		t.Errorf("Update after a cancelled one embedded %d of 400, want the journal's batches reused", rep.Embedded)
	}
}
