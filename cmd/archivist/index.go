package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"archivist/corpus"
	"archivist/retrieval"
)

func (m *Main) index(ctx context.Context, args []string) error {
	cfg, logger, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("index", "index [flags]", cfg, &c, 0, m.Stderr, "corpus", "index", "json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index: unexpected argument %q (the corpus is --corpus PATH)", pos[0])
	}
	if cfg.WeaviateReadOnly {
		return usagef("index: WEAVIATE_READ_ONLY is set: this process only reads the Weaviate collections (unset it where the corpus is)")
	}
	_, rep, err := m.openArchive(ctx, cfg, c, logger, retrieval.Config{})
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(m.Stdout, rep)
	}
	fmt.Fprintf(m.Stdout, "%d articles, %d passages (%s) in %s\n", rep.Articles, rep.Chunks, printable(rep.Embedder), printable(c.index))
	fmt.Fprintf(m.Stdout, "added %d, updated %d, removed %d, unchanged %d; embedded %d passages; folded %d duplicates; %.0f ms\n",
		rep.Added, rep.Updated, rep.Removed, rep.Unchanged, rep.Embedded, rep.Duplicates, rep.TookMS)
	if w := rep.Weaviate; w != nil {
		fmt.Fprintf(m.Stdout, "weaviate: wrote %d articles (%d passages), deleted %d, unchanged %d; %.0f ms\n",
			w.Written, w.Passages, w.Deleted, w.Unchanged, w.TookMS)
	}
	writeSkipped(m.Stdout, rep.Skipped)
	return nil
}

// extractOutput is the JSON shape of `extract --json`.
type extractOutput struct {
	Articles []corpus.Article `json:"articles"`
	Skipped  []corpus.Skipped `json:"skipped"`
}

func (m *Main) extract(ctx context.Context, args []string) error {
	cfg, _, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("extract", "extract [flags] PATH...", cfg, &c, 0, m.Stderr, "json")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("extract: no PATH given (archivist extract examples/archive)")
	}
	out := extractOutput{Articles: []corpus.Article{}, Skipped: []corpus.Skipped{}}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		arts, skipped, err := extractPath(p)
		if err != nil {
			return err
		}
		out.Articles = append(out.Articles, arts...)
		out.Skipped = append(out.Skipped, skipped...)
	}
	if c.json {
		return writeJSON(m.Stdout, out)
	}
	writeArticles(m.Stdout, out.Articles)
	writeSkipped(m.Stdout, out.Skipped)
	return nil
}

// extractPath reads one PATH argument as its own corpus root.
func extractPath(p string) ([]corpus.Article, []corpus.Skipped, error) {
	root, file, err := corpusRoot(p)
	if err != nil {
		return nil, nil, fmt.Errorf("extract: %w", err)
	}
	fsys := os.DirFS(root)
	if file != "" {
		arts, skipped := corpus.ReadFile(fsys, file, corpus.Options{})
		return arts, skipped, nil
	}
	arts, _, skipped, err := corpus.Read(fsys, corpus.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("extract %s: %w", filepath.Clean(p), err)
	}
	return arts, skipped, nil
}
