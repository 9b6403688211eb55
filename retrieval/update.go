package retrieval

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"

	"archivist/corpus"
	"archivist/retrieval/internal/store"
)

// refresh reads the corpus as it is now and returns the snapshot that
// mirrors it, reusing from prev (which may be nil) every file that did not
// change, every chunking of an unchanged article and every vector of an
// unchanged passage. When nothing changed it returns prev itself. Else it
// also returns, for each kept article, the place in prev.Kept of the
// article whose chunks it took whole, or -1 (chunkAll).
func refresh(ctx context.Context, cfg Config, prev *store.Snapshot, rep *Report) (*store.Snapshot, []int32, error) {
	orig := prev
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
		prev = &store.Snapshot{Articles: prev.Articles, Sources: prev.Sources, Kept: prev.Kept}
	}
	if prev == nil {
		prev = &store.Snapshot{}
	}
	paths, skipped, err := listFiles(cfg)
	if err != nil {
		return nil, nil, err
	}
	next := &store.Snapshot{Embedder: cfg.EmbedderName, Reader: corpus.Version, Sources: make(map[string]store.Source, len(paths))}
	next.Borrow(orig) // next reuses orig's texts and vectors in place
	rep.Skipped = append(rep.Skipped, skipped...)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		src, arts, parsed, err := readSource(ctx, cfg.Corpus, p, prev, reread)
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
		return prev, nil, nil
	}

	at, folded, dupskips := dedup(next)
	next.Folded, next.Dupskips = folded, dupskips
	rep.Skipped = append(rep.Skipped, dupskips...)
	next.Kept = make([]int32, len(at))
	for i, p := range at {
		next.Kept[i] = int32(p)
	}

	count(prev, next, rep)
	from, err := chunkAll(ctx, cfg, prev, next, rep)
	if err != nil {
		return nil, nil, err
	}
	return next, from, nil
}

// dedup is corpus.Dedup over s's articles, their texts compared by their
// keys (textKey): Dedup reads the texts only to tell equal ones apart, and
// the keys are made in a pass that lets the pages of the texts it has read
// go, where Dedup's own reading would bring a saved index's every text
// into memory at once.
func dedup(s *store.Snapshot) (at []int, folded []corpus.Duplicate, skipped []corpus.Skipped) {
	keyed := make([]corpus.Article, len(s.Articles))
	for i, a := range s.Articles {
		if i%1024 == 1023 {
			s.Release()
		}
		key := textKey(a.Text)
		a.Text = string(key[:])
		keyed[i] = a
	}
	s.Release()
	_, at, folded, skipped = corpus.Dedup(keyed)
	return at, folded, skipped
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
func readSource(ctx context.Context, fsys fs.FS, p string, prev *store.Snapshot, force bool) (src store.Source, arts []corpus.Article, parsed bool, err error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return store.Source{}, nil, false, err
	}
	if err := corpus.CheckFile(st); err != nil {
		return store.Source{}, nil, false, err
	}
	old, had := prev.Sources[p]
	had = had && !force
	src = store.Source{Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	reuse := func() []corpus.Article { return prev.Articles[old.First : old.First+old.Count] }
	if had && old.Size == src.Size && old.ModTime == src.ModTime {
		src.Hash, src.Skipped = old.Hash, old.Skipped
		return src, reuse(), false, nil
	}
	if src.Hash, err = hashFile(ctx, fsys, p); err != nil {
		return store.Source{}, nil, false, err
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

// hashFile returns the SHA-256 of file p, giving up when ctx ends.
func hashFile(ctx context.Context, fsys fs.FS, p string) ([32]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return [32]byte{}, err
	}
	return [32]byte(h.Sum(nil)), nil
}

// ctxReader is a reader that stops with ctx's error once ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// count fills the article counts of rep: what next adds, changes, drops and
// keeps of prev's kept articles.
func count(prev, next *store.Snapshot, rep *Report) {
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
