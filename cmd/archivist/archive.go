package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"archivist/retrieval"
)

// openArchive opens the saved index for the corpus c names and brings it up
// to date, so that no command answers from a stale index.
func (m *Main) openArchive(ctx context.Context, cfg Config, c common, logger *slog.Logger, rc retrieval.Config) (*retrieval.Archive, retrieval.Report, error) {
	root, file, err := corpusRoot(c.corpus)
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	emb, err := newEmbedder(ctx, cfg, logger)
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	rc.Corpus, rc.File, rc.IndexDir = os.DirFS(root), file, c.index
	rc.Embed, rc.EmbedderName, rc.EmbedBatch = emb.Embed, emb.Name, emb.Batch
	if rc.VectorWeight == 0 {
		rc.VectorWeight = emb.VectorWeight
	}
	rc.AdaptiveWeight = emb.Semantic
	rc.Progress = progressLine(m.Stderr)
	rc.Waiting = func(holder string) {
		logger.Warn("another archivist is updating this index; waiting for it", "index", c.index, "holder", holder)
	}
	a, err := retrieval.Open(ctx, rc)
	if err != nil {
		return nil, retrieval.Report{}, err
	}
	rep, err := a.Update(ctx)
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

// progressLine reports embedding progress on w at most once a second.
func progressLine(w io.Writer) func(done, total int) {
	start := time.Now()
	var (
		mu   sync.Mutex // guards last
		last = start
	)
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < time.Second && (done < total || last == start) {
			return // quick enough that nobody waited
		}
		last = time.Now()
		rate := float64(done) / time.Since(start).Seconds()
		fmt.Fprintf(w, "archivist: embedded %d of %d passages (%.0f/s)\n", done, total, rate)
	}
}
