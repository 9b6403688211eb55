package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"archivist/corpus"
	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
	"archivist/retrieval/internal/weaviate"
)

// statsCheck is how often a query compares the statistics it holds with
// the server's; an update in another process is seen within it.
const statsCheck = 5 * time.Second

// archiveStats returns the archive's BM25 statistics, reading them again
// when the collections changed since they were read. It refuses
// collections whose vectors another embedder made.
func (r *remote) archiveStats(ctx context.Context, embedder string) (*archiveStats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stats != nil && time.Since(r.checked) < statsCheck {
		return r.stats, nil
	}
	m, err := r.c.Meta(ctx, false)
	if err != nil {
		if errors.Is(err, weaviate.ErrNoMeta) {
			return nil, ErrNoPassages
		}
		return nil, err
	}
	if m.Embedder != embedder {
		return nil, fmt.Errorf("the Weaviate collections hold vectors made by %s, not %s: run archivist index with this embedder", m.Embedder, embedder)
	}
	if r.stats == nil || m.Version != r.version {
		full, err := r.c.Meta(ctx, true)
		if err != nil {
			return nil, err
		}
		s, err := decodeStats(full.Stats)
		if err != nil {
			return nil, err
		}
		r.stats, r.version = s, full.Version
	}
	r.checked = time.Now()
	return r.stats, nil
}

// forget drops the statistics held, so that the next query reads them.
func (r *remote) forget() {
	r.mu.Lock()
	r.stats = nil
	r.mu.Unlock()
}

// filters are the Weaviate filters of the scope's retrievers, as rank
// has them: the hard filter (or none), then, when the question names a
// window, the window within the hard filter.
func weaviateFilters(sc scope) []weaviate.Filter {
	var hard *weaviate.Days
	if sc.filtered {
		hard = &weaviate.Days{From: int32(sc.fromDay), To: int32(sc.toDay)}
	}
	out := []weaviate.Filter{{Within: hard}}
	if sc.window.Strength > 0 {
		out = append(out, weaviate.Filter{Within: hard, Overlaps: &weaviate.Days{From: int32(sc.winFrom), To: int32(sc.winTo)}})
	}
	return out
}

// retrieve ranks the passages for query from Weaviate. It returns a small
// index that holds only the articles and passages found, scored with the
// whole archive's BM25 statistics, so that the answer stage runs on it as
// on the embedded index, and the hits into it.
func (r *remote) retrieve(ctx context.Context, cfg Config, query string, fw fusion, sc scope) (*index, []hit, error) {
	stats, err := r.archiveStats(ctx, cfg.EmbedderName)
	if err != nil {
		return nil, nil, err
	}
	var qterms []string
	for _, t := range lexical.Terms(query) {
		if !slices.Contains(qterms, t) {
			qterms = append(qterms, t)
		}
	}
	terms := strings.Join(qterms, " ")
	var q []float32
	if fw.vector > 0 || r.ranking == WeaviateHybrid {
		v, err := cfg.Embed(ctx, query)
		if err != nil {
			return nil, nil, fmt.Errorf("embed question: %w", err)
		}
		q = unitVector(v)
	}

	// Every search runs at once; each fills its own slot.
	var searches []func() error
	var mu sync.Mutex
	var passages []weaviate.PassageHit
	var articleIDs []string
	hybrid := map[[2]string]float64{} // WeaviateHybrid: passage → fused score
	addPassages := func(hs []weaviate.PassageHit) {
		mu.Lock()
		passages = append(passages, hs...)
		mu.Unlock()
	}
	for _, f := range weaviateFilters(sc) {
		if r.ranking == WeaviateHybrid {
			searches = append(searches, func() error {
				hs, err := r.c.PassagesHybrid(ctx, terms, q, float32(fw.vector), candidates, f)
				mu.Lock()
				for _, h := range hs {
					k := weaviateKey(h.ArticleID, h.Seq)
					hybrid[k] = max(hybrid[k], h.Score)
				}
				mu.Unlock()
				addPassages(hs)
				return err
			})
			continue
		}
		if fw.vector < 1 {
			searches = append(searches, func() error {
				hs, err := r.c.PassagesBM25(ctx, terms, candidates, f)
				addPassages(hs)
				return err
			}, func() error {
				as, err := r.c.ArticlesBM25(ctx, terms, candidates, f)
				mu.Lock()
				for _, a := range as {
					articleIDs = append(articleIDs, a.ID)
				}
				mu.Unlock()
				return err
			})
		}
		if fw.vector > 0 {
			searches = append(searches, func() error {
				hs, err := r.c.PassagesNear(ctx, q, candidates, f)
				addPassages(hs)
				return err
			})
		}
	}
	errs := make([]error, len(searches))
	var wg sync.WaitGroup
	for i, s := range searches {
		wg.Go(func() { errs[i] = s() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}

	ix, seqs, err := r.smallIndex(ctx, cfg.EmbedderName, passages, articleIDs, stats)
	if err != nil {
		return nil, nil, err
	}
	if len(ix.chunks) == 0 {
		if len(passages) == 0 && len(articleIDs) == 0 {
			return ix, nil, nil
		}
		return nil, nil, ErrNoPassages
	}
	if r.ranking == WeaviateHybrid {
		hits := make([]hit, 0, len(ix.chunks))
		for c, ch := range ix.chunks {
			a := int(ch.Article)
			if !sc.allows(ix.dates[a]) {
				continue
			}
			s := hybrid[weaviateKey(ix.articles[a].ID, seqs[c])]
			hits = append(hits, hit{chunk: c, score: s + sc.timeBonus(ix.dates[a])})
		}
		slices.SortFunc(hits, func(a, b hit) int {
			return lexical.ByScore(lexical.Scored{Doc: a.chunk, Score: a.score}, lexical.Scored{Doc: b.chunk, Score: b.score})
		})
		return ix, hits, nil
	}
	embedded := func(context.Context, string) ([]float32, error) { return q, nil }
	hits, err := ix.rank(ctx, embedded, query, fw, sc)
	if err != nil {
		return nil, nil, err
	}
	return ix, hits, nil
}

func weaviateKey(article string, seq int) [2]string {
	return [2]string{article, fmt.Sprint(seq)}
}

// smallIndex builds the index of the passages found and of the articles
// found or holding them, fetched from Weaviate, scoring with the whole
// archive's statistics. seqs[c] is chunk c's number in its article.
func (r *remote) smallIndex(ctx context.Context, embedder string, found []weaviate.PassageHit, articleIDs []string, stats *archiveStats) (ix *index, seqs []int, err error) {
	byArticle := make(map[string]map[int]weaviate.PassageHit)
	ids := slices.Clone(articleIDs)
	for _, p := range found {
		m := byArticle[p.ArticleID]
		if m == nil {
			m = make(map[int]weaviate.PassageHit)
			byArticle[p.ArticleID] = m
			ids = append(ids, p.ArticleID)
		}
		m[p.Seq] = p
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	arts, err := r.c.Articles(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(arts, func(a, b weaviate.Article) int { return strings.Compare(a.ID, b.ID) })
	snap := &store.Snapshot{Embedder: embedder, Reader: corpus.Version}
	var artTerms, passTerms [][]string
	var vecs []store.Vec8
	for i, a := range arts {
		artTerms = append(artTerms, strings.Fields(a.Terms))
		snap.Articles = append(snap.Articles, corpus.Article{
			ID: a.ID, Title: a.Title, URL: a.URL, Author: a.Author, Published: a.Published, Source: a.Source, Text: a.Text,
		})
		snap.Kept = append(snap.Kept, int32(i))
		ps := byArticle[a.ID]
		order := make([]int, 0, len(ps))
		for seq := range ps {
			order = append(order, seq)
		}
		slices.Sort(order)
		for _, seq := range order {
			p := ps[seq]
			if p.Start < 0 || p.End > len(a.Text) || p.Start >= p.End || len(p.Vector) == 0 {
				continue // written by another version of the article
			}
			snap.Chunks = append(snap.Chunks, store.Chunk{Article: int32(i), Start: int32(p.Start), End: int32(p.End)})
			vecs = append(vecs, store.Quantize(unitVector(p.Vector)))
			seqs = append(seqs, seq)
			passTerms = append(passTerms, strings.Fields(p.Terms))
		}
	}
	snap.Vectors = store.MadeVectors(vecs)
	ix, err = buildSmall(ctx, snap, artTerms, passTerms, stats)
	if err != nil {
		return nil, nil, err
	}
	return ix, seqs, nil
}

// buildSmall is build for a query's small index: the texts come analysed
// (artTerms[i] is article i's terms, passTerms[c] chunk c's, as Weaviate
// keeps them), and BM25 scores with the whole archive's statistics.
func buildSmall(ctx context.Context, s *store.Snapshot, artTerms, passTerms [][]string, stats *archiveStats) (*index, error) {
	ix := newIndex(s)
	ix.once.Do(func() {
		ix.layout()
		p, a := lexical.BuildTerms(artTerms, passTerms)
		ix.passageBM25, ix.articleBM25 = p.WithStats(stats.Passage), a.WithStats(stats.Article)
		dim := ix.vectorDim()
		ix.means = articleMeans(ix.first, ix.vectors, dim)
		ix.coll, ix.err = articleCollection(ctx, ix.means, dim)
	})
	return ix, ix.err
}
