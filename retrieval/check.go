package retrieval

import (
	"context"
	"errors"
	"io/fs"

	"archivist/corpus"
	"archivist/retrieval/internal/store"
)

// IndexCheck is what CheckIndex found: what the saved index holds, and how
// far the corpus has moved from it.
type IndexCheck struct {
	Articles int
	Chunks   int
	// Embedder names the embedder and model that made the saved vectors.
	Embedder string
	// Files counts the corpus files a parser reads; Changed, those of them
	// that are new or whose content changed since the index was saved;
	// Removed, the files the index holds that the corpus no longer does.
	Files, Changed, Removed int
	// Reread says the index was read by another version of the corpus
	// reader, so the next update reads every file again.
	Reread bool
}

// CheckIndex reads the saved index in cfg.IndexDir and compares it with the
// corpus the way Update would, but it writes, locks and embeds nothing, so
// it is safe beside a running server. It reads cfg.Corpus, cfg.File and
// cfg.IndexDir only; with a nil Corpus it checks the index alone. A file
// whose size or time changed counts as changed only when its content did.
// The error wraps fs.ErrNotExist when there is no saved index, and
// ErrCorruptSnapshot when it fails its checksum or cannot be decoded.
func CheckIndex(ctx context.Context, cfg Config) (IndexCheck, error) {
	if cfg.IndexDir == "" {
		return IndexCheck{}, errors.New("retrieval: CheckIndex needs IndexDir")
	}
	s, err := store.Load(cfg.IndexDir)
	if err != nil {
		return IndexCheck{}, err
	}
	ck := IndexCheck{
		Articles: len(s.Kept), Chunks: len(s.Chunks), Embedder: s.Embedder,
		Reread: s.Reader != corpus.Version && len(s.Sources) > 0,
	}
	if cfg.Corpus == nil {
		return ck, nil
	}
	paths, _, err := listFiles(cfg)
	if err != nil {
		return IndexCheck{}, err
	}
	ck.Files = len(paths)
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		seen[p] = true
		same, err := unchanged(ctx, cfg.Corpus, p, s)
		if err != nil {
			return IndexCheck{}, err
		}
		if !same {
			ck.Changed++
		}
	}
	for p := range s.Sources {
		if !seen[p] {
			ck.Removed++
		}
	}
	return ck, nil
}

// unchanged reports whether file p is in s with the same size and time, or
// else the same content. A file that cannot be read counts as changed (an
// update would skip it); only the end of ctx is an error.
func unchanged(ctx context.Context, fsys fs.FS, p string, s *store.Snapshot) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	old, had := s.Sources[p]
	if !had {
		return false, nil
	}
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return false, nil
	}
	if st.Size() == old.Size && st.ModTime().UnixNano() == old.ModTime {
		return true, nil
	}
	h, err := hashFile(ctx, fsys, p)
	if err != nil {
		return false, ctx.Err()
	}
	return h == old.Hash, nil
}
