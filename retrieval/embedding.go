package retrieval

import (
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"archivist/corpus"
	"archivist/retrieval/internal/store"
)

// embedBatchSize is how many passages are embedded between progress
// reports (and journal appends).
const embedBatchSize = 64

// chunkAll splits next's kept articles into chunks, reusing prev's chunks of
// an article whose text is unchanged, and gives every chunk a vector: prev's
// for a passage it already embedded, else a new one.
func chunkAll(ctx context.Context, cfg Config, prev, next *store.Snapshot, rep *Report) error {
	prevChunks := make(map[string][]store.Chunk) // article id → its chunks in prev
	prevVec := make(map[[16]byte]store.Vec8, len(prev.Chunks))
	for i, c := range prev.Chunks {
		a := prev.Articles[prev.Kept[c.Article]]
		prevChunks[a.ID] = append(prevChunks[a.ID], c)
		if i < len(prev.Vectors) {
			prevVec[passageKey(a.Text[c.Start:c.End])] = prev.Vectors[i]
		}
	}
	prevText := make(map[string]string, len(prev.Kept))
	for _, k := range prev.Kept {
		prevText[prev.Articles[k].ID] = prev.Articles[k].Text
	}

	var todo []int                        // chunks that need a vector
	from := make([]int32, len(next.Kept)) // the article of prev whose chunks next's reuses, or -1
	withMeans := func(err error) error {
		if err == nil {
			next.Means = reuseMeans(prev, next, from)
		}
		return err
	}
	for i, k := range next.Kept {
		a := next.Articles[k]
		from[i] = -1
		if old, ok := prevChunks[a.ID]; ok && prevText[a.ID] == a.Text {
			from[i] = old[0].Article
			for _, c := range old {
				next.Chunks = append(next.Chunks, store.Chunk{Article: int32(i), Start: c.Start, End: c.End})
			}
			continue
		}
		for _, c := range corpus.Split(a, corpus.SplitOptions{}) {
			next.Chunks = append(next.Chunks, store.Chunk{Article: int32(i), Start: int32(c.Start), End: int32(c.End)})
		}
	}
	next.Vectors = make([]store.Vec8, len(next.Chunks))
	texts := make([]string, len(next.Chunks))
	keys := make([][16]byte, len(next.Chunks))
	for i, c := range next.Chunks {
		texts[i] = next.Articles[next.Kept[c.Article]].Text[c.Start:c.End]
		keys[i] = passageKey(texts[i])
		if v, ok := prevVec[keys[i]]; ok {
			next.Vectors[i] = v
		} else {
			todo = append(todo, i)
		}
	}
	rep.Chunks = len(next.Chunks)
	if len(todo) == 0 || cfg.IndexDir == "" {
		rep.Embedded = len(todo)
		return withMeans(embedAll(ctx, cfg, texts, todo, next.Vectors, nil))
	}

	// What an earlier, unfinished update embedded need not be embedded again.
	j, done, err := store.OpenJournal(cfg.IndexDir, cfg.EmbedderName)
	if err != nil {
		return err
	}
	defer j.Close()
	rest := todo[:0]
	for _, i := range todo {
		if v, ok := done[keys[i]]; ok {
			next.Vectors[i] = v
		} else {
			rest = append(rest, i)
		}
	}
	if n := len(todo) - len(rest); n > 0 && cfg.Resuming != nil {
		cfg.Resuming(n, len(rest))
	} else if n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d passages embedded by an earlier, unfinished update were reused", n))
	}
	rep.Embedded = len(rest)
	return withMeans(embedAll(ctx, cfg, texts, rest, next.Vectors, func(ids []int) error {
		ks, vs := make([][16]byte, len(ids)), make([]store.Vec8, len(ids))
		for i, id := range ids {
			ks[i], vs[i] = keys[id], next.Vectors[id]
		}
		return j.Add(ks, vs)
	}))
}

// reuseMeans returns the article means of next (articleMeans): prev's for
// an article whose chunks next reuses whole (from[i] is its place in prev,
// or -1), whose vectors are then prev's too, so that an update reads the
// vectors of what changed only. It returns nil when prev has no means of
// next's dimension.
func reuseMeans(prev, next *store.Snapshot, from []int32) []float32 {
	if len(next.Vectors) == 0 {
		return nil
	}
	dim := len(next.Vectors[0].V)
	if len(prev.Means) != len(prev.Kept)*dim || len(prev.Means) == 0 {
		return nil
	}
	means := make([]float32, len(next.Kept)*dim)
	c := 0 // next's chunks are grouped by article, in order
	for i, f := range from {
		start := c
		for c < len(next.Chunks) && int(next.Chunks[c].Article) == i {
			c++
		}
		if f >= 0 {
			copy(means[i*dim:], prev.Means[int(f)*dim:int(f+1)*dim])
		} else if mean := meanVector(next.Vectors[start:c]); len(mean) == dim {
			copy(means[i*dim:], mean)
		}
	}
	return means
}

// passageKey identifies a passage by its text.
func passageKey(text string) [16]byte {
	// The text is hashed where it lies (often a saved index's mapping),
	// not copied first.
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	return [16]byte(sum[:16])
}

// embedAll computes the vectors of texts[i] for i in todo, in batches, and
// stores them as unit vectors, in 8 bits a component. stored, when set, is
// called with each batch's ids once their vectors are in place.
func embedAll(ctx context.Context, cfg Config, texts []string, todo []int, vectors []store.Vec8, stored func(ids []int) error) error {
	var (
		mu   sync.Mutex // guards done and the Progress calls
		done int
	)
	progress := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		done += n
		if cfg.Progress != nil {
			cfg.Progress(done, len(todo))
		}
	}
	embedOne := func(ctx context.Context, batch []string) ([][]float32, error) {
		out := make([][]float32, len(batch))
		for i, t := range batch {
			v, err := cfg.Embed(ctx, t)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	workers := runtime.GOMAXPROCS(0)
	embed := embedOne
	if cfg.EmbedBatch != nil {
		// A batch embedder uses every core itself.
		embed, workers = cfg.EmbedBatch, 1
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan []int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ids := range batches {
				batch := make([]string, len(ids))
				for i, id := range ids {
					batch[i] = texts[id]
				}
				vs, err := embed(ctx, batch)
				if err == nil && len(vs) != len(ids) {
					err = fmt.Errorf("embedder returned %d vectors for %d passages", len(vs), len(ids))
				}
				if err != nil {
					cancel(fmt.Errorf("embed: %w", err))
					return
				}
				for i, id := range ids {
					vectors[id] = store.Quantize(unitVector(vs[i]))
				}
				if stored != nil {
					if err := stored(ids); err != nil {
						cancel(err)
						return
					}
				}
				progress(len(ids))
			}
		})
	}
feed:
	for start := 0; start < len(todo); start += embedBatchSize {
		select {
		case batches <- todo[start:min(start+embedBatchSize, len(todo))]:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}
