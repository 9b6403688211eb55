package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"archivist/retrieval"
)

// openArchive opens the saved index for the corpus c names and brings it up
// to date, so that no command answers from a stale index.
func (m *Main) openArchive(ctx context.Context, cfg Config, c common, logger *slog.Logger, rc retrieval.Config) (*retrieval.Archive, retrieval.Report, error) {
	emb, err := newEmbedder(ctx, cfg, logger)
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	if !cfg.WeaviateReadOnly { // a reader of Weaviate needs no corpus
		root, file, err := corpusRoot(c.corpus)
		if err != nil {
			return nil, retrieval.Report{}, err
		}
		rc.Corpus, rc.File, rc.IndexDir = os.DirFS(root), file, c.index
	}
	rc.Embed, rc.EmbedderName, rc.EmbedBatch = emb.Embed, emb.Name, emb.Batch
	if rc.VectorWeight == 0 {
		rc.VectorWeight = emb.VectorWeight
	}
	rc.AdaptiveWeight = emb.Semantic
	rc.Weaviate = cfg.weaviateConfig()
	progress := newProgress(m.Stderr, isTerminal(m.Stderr))
	rc.Progress, rc.Resuming = progress.report, progress.resuming
	rc.Waiting = func(holder string) {
		logger.Warn("another archivist is updating this index; waiting for it", "index", c.index, "holder", holder)
	}
	a, err := retrieval.Open(ctx, rc)
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	rep, err := a.Update(ctx)
	progress.end()
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	for _, n := range rep.Notes {
		logger.Warn(n)
	}
	for _, d := range rep.Folded {
		logger.Debug("duplicate folded", "article", d.ID, "into", d.KeptID, "reason", d.Reason)
	}
	for _, s := range rep.Skipped {
		logger.Debug("skipped", "path", s.Path, "error", s.Error)
	}
	if w := rep.Weaviate; w != nil {
		logger.Debug("weaviate up to date", "written", w.Written, "passages", w.Passages, "deleted", w.Deleted, "unchanged", w.Unchanged, "took_ms", w.TookMS)
	}
	logger.Debug("index up to date", "articles", rep.Articles, "chunks", rep.Chunks, "embedded", rep.Embedded, "took_ms", rep.TookMS)
	return a, rep, nil
}

// corpusRoot splits --corpus into the root folder and, for a single file,
// the file's name in it.
func corpusRoot(path string) (root, file string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", "", fmt.Errorf("corpus: %w", err)
	}
	if st.IsDir() {
		return path, "", nil
	}
	return filepath.Dir(path), filepath.Base(path), nil
}
