package retrieval

import (
	"context"
	"slices"
	"strings"
	"time"

	"archivist/retrieval/internal/store"
)

// Stats describes what the archive holds: the current index, or, for a
// reader of Weaviate (WeaviateConfig.ReadOnly), what the writer last wrote
// there (zero when Weaviate cannot be reached).
func (a *Archive) Stats() Stats {
	if a.remote != nil && a.cfg.Weaviate.ReadOnly {
		ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
		defer cancel()
		s, err := a.remote.archiveStats(ctx, a.cfg.EmbedderName)
		if err != nil {
			return Stats{Embedder: a.cfg.EmbedderName}
		}
		return s.Summary
	}
	return a.cur.Load().summary()
}

// statsTimeout bounds how long Stats waits for Weaviate.
const statsTimeout = 10 * time.Second

// summary returns what the index holds, made the first time it is asked.
func (ix *index) summary() Stats {
	ix.summaryOnce.Do(func() { ix.stats = snapshotStats(ix.snap) })
	return ix.stats
}

// snapshotStats describes what snap holds.
func snapshotStats(snap *store.Snapshot) Stats {
	st := Stats{Articles: len(snap.Kept), Chunks: len(snap.Chunks), Embedder: snap.Embedder}
	var dated []ArticleInfo
	for _, k := range snap.Kept {
		art := &snap.Articles[k]
		if art.Published == "" {
			continue
		}
		dated = append(dated, ArticleInfo{ArticleID: art.ID, Title: art.Title, URL: art.URL, Published: art.Published})
	}
	slices.SortStableFunc(dated, func(x, y ArticleInfo) int { return strings.Compare(y.Published, x.Published) })
	if len(dated) > 0 {
		st.Newest, st.Oldest = dated[0].Published, dated[len(dated)-1].Published
		st.Latest = slices.Clone(dated[:min(5, len(dated))])
	}
	return st
}
