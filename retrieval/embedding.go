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
// for a passage it already embedded, else a new one. It returns, for each of
// next's kept articles, the place in prev.Kept of the article whose chunks
// and vectors it took whole, or -1.
//
// What it holds beyond next's chunks and vectors grows with what changed,
// not with the archive: an unchanged article's chunks and vectors are taken
// by position, and prev's passages are searched for the texts of the new
// chunks only.
func chunkAll(ctx context.Context, cfg Config, prev, next *store.Snapshot, rep *Report) ([]int32, error) {
	prevAt := make(map[string]int32, len(prev.Kept)) // article id → its place in prev.Kept
	for i, k := range prev.Kept {
		prevAt[prev.Articles[k].ID] = int32(i)
	}
	prevFirst := chunkStarts(prev.Chunks, len(prev.Kept))

	// First which articles keep their chunks, and the new chunks of the
	// others, so that next's chunks and vectors are made at their size.
	from := make([]int32, len(next.Kept)) // the article of prev whose chunks next's reuses, or -1
	split := make(map[int][]store.Chunk)  // the chunks of the others
	total := 0
	for i, k := range next.Kept {
		a := &next.Articles[k]
		from[i] = -1
		if f, ok := prevAt[a.ID]; ok && prevFirst[f] < prevFirst[f+1] && prev.Articles[prev.Kept[f]].Text == a.Text {
			from[i] = f
			total += int(prevFirst[f+1] - prevFirst[f])
			continue
		}
		var cs []store.Chunk
		for _, c := range corpus.Split(*a, corpus.SplitOptions{}) {
			cs = append(cs, store.Chunk{Article: int32(i), Start: int32(c.Start), End: int32(c.End)})
		}
		split[i] = cs
		total += len(cs)
	}
	var todo []int // chunks that need a vector
	next.Chunks = make([]store.Chunk, 0, total)
	next.Vectors = store.Reusing(prev.Vectors, total)
	for i, f := range from {
		if f < 0 {
			for _, c := range split[i] {
				todo = append(todo, len(next.Chunks))
				next.Chunks = append(next.Chunks, c)
				next.Vectors.AppendNew()
			}
			continue
		}
		for c := prevFirst[f]; c < prevFirst[f+1]; c++ {
			old := prev.Chunks[c]
			if int(c) < prev.Vectors.Len() {
				next.Vectors.Append(prev.Vectors, int(c))
			} else {
				todo = append(todo, len(next.Chunks))
				next.Vectors.AppendNew()
			}
			next.Chunks = append(next.Chunks, store.Chunk{Article: int32(i), Start: old.Start, End: old.End})
		}
	}
	text := func(i int) string {
		c := next.Chunks[i]
		return next.Articles[next.Kept[c.Article]].Text[c.Start:c.End]
	}
	keys := make(map[int][16]byte, len(todo))
	for _, i := range todo {
		keys[i] = textKey(text(i))
	}
	todo = reuseVectors(prev, todo, keys, &next.Vectors)
	rep.Chunks = len(next.Chunks)
	withMeans := func(err error) ([]int32, error) {
		if err != nil {
			return nil, err
		}
		next.MeanRows = reuseMeans(prev, next, from)
		return from, nil
	}
	if len(todo) == 0 || cfg.IndexDir == "" {
		rep.Embedded = len(todo)
		return withMeans(embedAll(ctx, cfg, text, todo, &next.Vectors, nil))
	}

	// What an earlier, unfinished update embedded need not be embedded again.
	j, done, err := store.OpenJournal(cfg.IndexDir, cfg.EmbedderName)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	rest := todo[:0]
	for _, i := range todo {
		if v, ok := done[keys[i]]; ok {
			next.Vectors.Set(i, v)
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
	return withMeans(embedAll(ctx, cfg, text, rest, &next.Vectors, func(ids []int) error {
		ks, vs := make([][16]byte, len(ids)), make([]store.Vec8, len(ids))
		for i, id := range ids {
			ks[i], vs[i] = keys[id], next.Vectors.At(id)
		}
		return j.Add(ks, vs)
	}))
}

// reuseVectors gives each chunk in todo whose text (keys[i]) some passage
// of prev has that passage's vector, and returns the chunks still without
// one. It reads every passage of prev when there is something to look for,
// and lets their pages go as it reads.
func reuseVectors(prev *store.Snapshot, todo []int, keys map[int][16]byte, vectors *store.Vectors) []int {
	if len(todo) == 0 || prev.Vectors.Len() == 0 {
		return todo
	}
	wanted := make(map[[16]byte]store.Vec8, len(todo))
	for _, i := range todo {
		wanted[keys[i]] = store.Vec8{}
	}
	for i, c := range prev.Chunks[:min(len(prev.Chunks), prev.Vectors.Len())] {
		if i%(64<<10) == 64<<10-1 {
			prev.Release()
		}
		k := textKey(prev.Articles[prev.Kept[c.Article]].Text[c.Start:c.End])
		if _, ok := wanted[k]; ok {
			wanted[k] = prev.Vectors.At(i) // the last, as a map of every passage kept it
		}
	}
	rest := todo[:0]
	for _, i := range todo {
		if v := wanted[keys[i]]; v.V != nil {
			vectors.Set(i, v)
		} else {
			rest = append(rest, i)
		}
	}
	return rest
}

// chunkStarts returns where each of n articles' chunks begin in chunks
// (grouped by article, in order), and len(chunks) after the last.
func chunkStarts(chunks []store.Chunk, n int) []int32 {
	first := make([]int32, n+1)
	for i, c := range chunks {
		first[c.Article+1] = int32(i + 1)
	}
	for i := 1; i < len(first); i++ {
		first[i] = max(first[i], first[i-1])
	}
	return first
}

// reuseMeans returns the article means of next (articleMeans), a row per
// kept article: a view of prev's for an article whose chunks next reuses
// whole (from[i] is its place in prev, or -1), whose vectors are then
// prev's too, so that an update reads the vectors of what changed only. It
// returns nil when prev has no means of next's dimension.
func reuseMeans(prev, next *store.Snapshot, from []int32) [][]float32 {
	if next.Vectors.Len() == 0 {
		return nil
	}
	dim := next.Vectors.Dim()
	if len(prev.Means) != len(prev.Kept)*dim || len(prev.Means) == 0 {
		return nil
	}
	rows := make([][]float32, len(next.Kept))
	c := 0 // next's chunks are grouped by article, in order
	for i, f := range from {
		start := c
		for c < len(next.Chunks) && int(next.Chunks[c].Article) == i {
			c++
		}
		if f >= 0 {
			rows[i] = prev.Means[int(f)*dim : int(f+1)*dim : int(f+1)*dim]
		} else if mean := meanVector(next.Vectors, start, c); len(mean) == dim {
			rows[i] = mean
		} else {
			rows[i] = make([]float32, dim)
		}
	}
	return rows
}

// textKey identifies a text (a passage's, an article's) by its SHA-256.
func textKey(text string) [16]byte {
	// The text is hashed where it lies (often a saved index's mapping),
	// not copied first.
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	return [16]byte(sum[:16])
}

// embedAll computes the vectors of text(i) for i in todo, in batches, and
// stores them as unit vectors, in 8 bits a component. stored, when set, is
// called with each batch's ids once their vectors are in place.
func embedAll(ctx context.Context, cfg Config, text func(i int) string, todo []int, vectors *store.Vectors, stored func(ids []int) error) error {
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
					batch[i] = text(id)
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
					vectors.Set(id, store.Quantize(unitVector(vs[i])))
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
