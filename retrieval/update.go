package retrieval

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"archivist/corpus"
)

// embedBatch is how many passages are embedded between progress reports.
const embedBatch = 64

// refresh reads the corpus as it is now and returns the snapshot that
// mirrors it, reusing from prev (which may be nil) every file that did not
// change, every chunking of an unchanged article and every vector of an
// unchanged passage. When nothing changed it returns prev itself.
func refresh(ctx context.Context, cfg Config, prev *snapshot, rep *Report) (*snapshot, error) {
	changed := prev == nil || prev.Embedder != cfg.EmbedderName
	// Articles read by other reader code are read again (their vectors are
	// still reused wherever a passage's text is unchanged).
	reread := prev != nil && prev.Reader != corpus.Version && len(prev.Sources) > 0
	if reread {
		changed = true
		rep.Notes = append(rep.Notes, fmt.Sprintf("the saved index was read by reader version %q, not %q: reading every file again", prev.Reader, corpus.Version))
	}
	if prev != nil && prev.Embedder != cfg.EmbedderName {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the saved index was made by %s, not %s: re-embedding everything", prev.Embedder, cfg.EmbedderName))
		prev = &snapshot{Articles: prev.Articles, Sources: prev.Sources, Kept: prev.Kept}
	}
	if prev == nil {
		prev = &snapshot{}
	}
	paths, skipped, err := listFiles(cfg)
	if err != nil {
		return nil, err
	}
	next := &snapshot{Embedder: cfg.EmbedderName, Reader: corpus.Version, Sources: make(map[string]source, len(paths))}
	rep.Skipped = append(rep.Skipped, skipped...)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, arts, parsed, err := readSource(cfg.Corpus, p, prev, reread)
		if err != nil {
			rep.Skipped = append(rep.Skipped, corpus.Skipped{Path: p, Error: err.Error()})
			changed = true
			continue
		}
		if _, had := prev.Sources[p]; parsed || !had {
			changed = true
		}
		src.First, src.Count = len(next.Articles), len(arts)
		next.Articles = append(next.Articles, arts...)
		next.Sources[p] = src
		rep.Skipped = append(rep.Skipped, src.Skipped...)
	}

	if !changed && len(next.Sources) == len(prev.Sources) {
		count(prev, prev, rep)
		rep.Chunks = len(prev.Chunks)
		rep.Skipped = append(rep.Skipped, prev.Dupskips...)
		return prev, nil
	}

	kept, folded, dupskips := corpus.Dedup(next.Articles)
	next.Folded, next.Dupskips = folded, dupskips
	rep.Skipped = append(rep.Skipped, dupskips...)
	next.Kept = keptPositions(next.Articles, kept)

	count(prev, next, rep)
	if err := chunkAll(ctx, cfg, prev, next, rep); err != nil {
		return nil, err
	}
	return next, nil
}

// listFiles lists the corpus files: all of them, or the one cfg names.
func listFiles(cfg Config) ([]string, []corpus.Skipped, error) {
	if cfg.File != "" {
		return []string{cfg.File}, nil, nil
	}
	paths, skipped, err := corpus.Files(cfg.Corpus)
	if err != nil {
		return nil, nil, fmt.Errorf("list corpus: %w", err)
	}
	return paths, skipped, nil
}

// readSource returns the articles of file p, reusing prev's when the file's
// size and time, or else its content hash, are unchanged, unless force;
// parsed says the file was parsed again.
func readSource(fsys fs.FS, p string, prev *snapshot, force bool) (src source, arts []corpus.Article, parsed bool, err error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return source{}, nil, false, err
	}
	old, had := prev.Sources[p]
	had = had && !force
	src = source{Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	reuse := func() []corpus.Article { return prev.Articles[old.First : old.First+old.Count] }
	if had && old.Size == src.Size && old.ModTime == src.ModTime {
		src.Hash, src.Skipped = old.Hash, old.Skipped
		return src, reuse(), false, nil
	}
	if src.Hash, err = hashFile(fsys, p); err != nil {
		return source{}, nil, false, err
	}
	if had && old.Hash == src.Hash {
		// Touched, not changed: the next update hashes it again, which
		// costs a read but no re-parse.
		src.Skipped = old.Skipped
		return src, reuse(), false, nil
	}
	arts, skipped := corpus.ReadFile(fsys, p, corpus.Options{})
	src.Skipped = skipped
	return src, arts, true, nil
}

func hashFile(fsys fs.FS, p string) ([32]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}, err
	}
	return [32]byte(h.Sum(nil)), nil
}

// keptPositions finds each kept article's position in all. Dedup returns
// kept articles in the order of all, so one forward scan pairs them.
func keptPositions(all, kept []corpus.Article) []int32 {
	out := make([]int32, 0, len(kept))
	j := 0
	for i := range all {
		if j < len(kept) && all[i].ID == kept[j].ID && all[i].Path == kept[j].Path && all[i].Text == kept[j].Text {
			out = append(out, int32(i))
			j++
		}
	}
	return out
}

// count fills the article counts of rep: what next adds, changes, drops and
// keeps of prev's kept articles.
func count(prev, next *snapshot, rep *Report) {
	old := make(map[string]*corpus.Article, len(prev.Kept))
	for _, k := range prev.Kept {
		old[prev.Articles[k].ID] = &prev.Articles[k]
	}
	seen := make(map[string]bool, len(next.Kept))
	for _, k := range next.Kept {
		a := next.Articles[k]
		seen[a.ID] = true
		switch o := old[a.ID]; {
		case o == nil:
			rep.Added++
		case *o != a:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	for id := range old {
		if !seen[id] {
			rep.Removed++
		}
	}
	rep.Articles = len(next.Kept)
	rep.Duplicates = len(next.Folded)
	rep.Folded = next.Folded
}

// chunkAll splits next's kept articles into chunks, reusing prev's chunks of
// an article whose text is unchanged, and gives every chunk a vector: prev's
// for a passage it already embedded, else a new one.
func chunkAll(ctx context.Context, cfg Config, prev, next *snapshot, rep *Report) error {
	prevChunks := make(map[string][]chunk) // article id → its chunks in prev
	prevVec := make(map[[16]byte]vec8, len(prev.Chunks))
	for i, c := range prev.Chunks {
		a := prev.Articles[prev.Kept[c.article]]
		prevChunks[a.ID] = append(prevChunks[a.ID], c)
		if i < len(prev.vectors) {
			prevVec[passageKey(a.Text[c.start:c.end])] = prev.vectors[i]
		}
	}
	prevText := make(map[string]string, len(prev.Kept))
	for _, k := range prev.Kept {
		prevText[prev.Articles[k].ID] = prev.Articles[k].Text
	}

	var todo []int // chunks that need a vector
	for i, k := range next.Kept {
		a := next.Articles[k]
		if old, ok := prevChunks[a.ID]; ok && prevText[a.ID] == a.Text {
			for _, c := range old {
				next.Chunks = append(next.Chunks, chunk{article: int32(i), start: c.start, end: c.end})
			}
			continue
		}
		for _, c := range corpus.Split(a, corpus.SplitOptions{}) {
			next.Chunks = append(next.Chunks, chunk{article: int32(i), start: int32(c.Start), end: int32(c.End)})
		}
	}
	next.vectors = make([]vec8, len(next.Chunks))
	texts := make([]string, len(next.Chunks))
	keys := make([][16]byte, len(next.Chunks))
	for i, c := range next.Chunks {
		texts[i] = next.Articles[next.Kept[c.article]].Text[c.start:c.end]
		keys[i] = passageKey(texts[i])
		if v, ok := prevVec[keys[i]]; ok {
			next.vectors[i] = v
		} else {
			todo = append(todo, i)
		}
	}
	rep.Chunks = len(next.Chunks)
	if len(todo) == 0 || cfg.IndexDir == "" {
		rep.Embedded = len(todo)
		return embedAll(ctx, cfg, texts, todo, next.vectors, nil)
	}

	// What an earlier, unfinished update embedded need not be embedded again.
	j, done, err := openJournal(cfg.IndexDir, cfg.EmbedderName)
	if err != nil {
		return err
	}
	defer j.close()
	rest := todo[:0]
	for _, i := range todo {
		if v, ok := done[keys[i]]; ok {
			next.vectors[i] = v
		} else {
			rest = append(rest, i)
		}
	}
	if n := len(todo) - len(rest); n > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d passages embedded by an earlier, unfinished update were reused", n))
	}
	rep.Embedded = len(rest)
	return embedAll(ctx, cfg, texts, rest, next.vectors, func(ids []int) error {
		ks, vs := make([][16]byte, len(ids)), make([]vec8, len(ids))
		for i, id := range ids {
			ks[i], vs[i] = keys[id], next.vectors[id]
		}
		return j.add(ks, vs)
	})
}

func passageKey(text string) [16]byte {
	sum := sha256.Sum256([]byte(text))
	return [16]byte(sum[:16])
}

// embedAll computes the vectors of texts[i] for i in todo, in batches, and
// stores them normalised, in 8 bits a component. stored, when set, is
// called with each batch's ids once their vectors are in place.
func embedAll(ctx context.Context, cfg Config, texts []string, todo []int, vectors []vec8, stored func(ids []int) error) error {
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
					vectors[id] = quantize(normalised(vs[i]))
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
	for start := 0; start < len(todo); start += embedBatch {
		select {
		case batches <- todo[start:min(start+embedBatch, len(todo))]:
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
