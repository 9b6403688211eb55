package weaviate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	wv "github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/filters"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/graphql"
)

// Filter narrows a search to articles by publication date. Its zero value
// keeps everything; each condition that is set must hold, and an article
// of unknown date matches no condition.
type Filter struct {
	// Within, when set, keeps articles published wholly inside it.
	Within *Days
	// Overlaps, when set, keeps articles whose date overlaps it.
	Overlaps *Days
}

func (f Filter) where() *filters.WhereBuilder {
	var ops []*filters.WhereBuilder
	cond := func(path string, op filters.WhereOperator, v int32) {
		ops = append(ops, filters.Where().WithPath([]string{path}).WithOperator(op).WithValueInt(int64(v)))
	}
	if f.Within != nil {
		cond(pFrom, filters.GreaterThanEqual, f.Within.From)
		cond(pTo, filters.LessThanEqual, f.Within.To)
	}
	if f.Overlaps != nil {
		cond(pFrom, filters.LessThan, f.Overlaps.To)
		cond(pTo, filters.GreaterThan, f.Overlaps.From)
	}
	switch len(ops) {
	case 0:
		return nil
	case 1:
		return ops[0]
	}
	return filters.Where().WithOperator(filters.And).WithOperands(ops)
}

// PassageHit is a passage a search found, with its vector and score:
// BM25 for PassagesBM25, cosine similarity for PassagesNear, Weaviate's
// fused score for PassagesHybrid.
type PassageHit struct {
	Passage
	Score float64
}

// search runs the search that build makes against a node, failing over
// to another node as do does.
func (c *Client) search(ctx context.Context, build func(node *wv.Client) *graphql.Search) ([]graphql.SearchResult, error) {
	var res []graphql.SearchResult
	err := c.do(ctx, func(node *wv.Client) (err error) {
		res, err = build(node).Do(ctx)
		return err
	})
	return res, err
}

func (c *Client) passageSearch(node *wv.Client, f Filter, n int) *graphql.Search {
	s := node.Experimental().Search().WithCollection(c.passage).WithLimit(n).WithConsistencyLevel(c.consistency).
		WithProperties(pArticleID, pSeq, pStart, pEnd, pFrom, pTo, pTerms)
	if w := f.where(); w != nil {
		s = s.WithWhere(w)
	}
	return s
}

// PassagesBM25 returns the n passages whose terms best match terms (a
// space-separated list, each counted once), best first.
func (c *Client) PassagesBM25(ctx context.Context, terms string, n int, f Filter) ([]PassageHit, error) {
	if strings.TrimSpace(terms) == "" {
		return nil, nil
	}
	bm := (&graphql.BM25ArgumentBuilder{}).WithQuery(terms).WithProperties(pTerms)
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		return c.passageSearch(node, f, n).WithBM25(bm).WithMetadata(&graphql.Metadata{ID: true, Score: true, Vector: true})
	})
	if err != nil {
		return nil, fmt.Errorf("weaviate: passage BM25: %w", clean(err))
	}
	return passageHits(res, func(r graphql.SearchResult) float64 { return float64(r.Metadata.Score) }), nil
}

// PassagesNear returns the n passages nearest to the vector v, best first,
// scored by cosine similarity.
func (c *Client) PassagesNear(ctx context.Context, v []float32, n int, f Filter) ([]PassageHit, error) {
	nv := (&graphql.NearVectorArgumentBuilder{}).WithVector(v)
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		return c.passageSearch(node, f, n).WithNearVector(nv).WithMetadata(&graphql.Metadata{ID: true, Distance: true, Vector: true})
	})
	if err != nil {
		return nil, fmt.Errorf("weaviate: passage vector search: %w", clean(err))
	}
	return passageHits(res, func(r graphql.SearchResult) float64 { return 1 - float64(r.Metadata.Distance) }), nil
}

// PassagesHybrid returns the n best passages by Weaviate's hybrid query:
// BM25 on terms and the vector v, each score scaled onto [0, 1] and
// combined with weight alpha on the vector side.
func (c *Client) PassagesHybrid(ctx context.Context, terms string, v []float32, alpha float32, n int, f Filter) ([]PassageHit, error) {
	h := (&graphql.HybridArgumentBuilder{}).WithQuery(terms).WithVector(v).WithAlpha(alpha).
		WithProperties([]string{pTerms}).WithFusionType(graphql.RelativeScore)
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		return c.passageSearch(node, f, n).WithHybrid(h).WithMetadata(&graphql.Metadata{ID: true, Score: true, Vector: true})
	})
	if err != nil {
		return nil, fmt.Errorf("weaviate: passage hybrid search: %w", clean(err))
	}
	return passageHits(res, func(r graphql.SearchResult) float64 { return float64(r.Metadata.Score) }), nil
}

func passageHits(res []graphql.SearchResult, score func(graphql.SearchResult) float64) []PassageHit {
	out := make([]PassageHit, 0, len(res))
	for _, r := range res {
		p := r.Properties
		out = append(out, PassageHit{
			Passage: Passage{
				ArticleID: str(p[pArticleID]), Seq: int(num(p[pSeq])),
				Start: int(num(p[pStart])), End: int(num(p[pEnd])),
				Days:   Days{From: int32(num(p[pFrom])), To: int32(num(p[pTo]))},
				Terms:  str(p[pTerms]),
				Vector: r.Vector,
			},
			Score: score(r),
		})
	}
	return out
}

// ArticleHit is an article a search found, by ID, with its BM25 score.
type ArticleHit struct {
	ID    string
	Score float64
}

// ArticlesBM25 returns the n articles whose terms best match terms, best
// first.
func (c *Client) ArticlesBM25(ctx context.Context, terms string, n int, f Filter) ([]ArticleHit, error) {
	if strings.TrimSpace(terms) == "" {
		return nil, nil
	}
	bm := (&graphql.BM25ArgumentBuilder{}).WithQuery(terms).WithProperties(pTerms)
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		s := node.Experimental().Search().WithCollection(c.article).WithLimit(n).WithConsistencyLevel(c.consistency).WithProperties(pArticleID).
			WithBM25(bm).WithMetadata(&graphql.Metadata{ID: true, Score: true})
		if w := f.where(); w != nil {
			s = s.WithWhere(w)
		}
		return s
	})
	if err != nil {
		return nil, fmt.Errorf("weaviate: article BM25: %w", clean(err))
	}
	out := make([]ArticleHit, 0, len(res))
	for _, r := range res {
		out = append(out, ArticleHit{ID: str(r.Properties[pArticleID]), Score: float64(r.Metadata.Score)})
	}
	return out, nil
}

// fetchBatch bounds the articles one request returns, to stay well under
// gRPC's message size limit (4 MB by default); fetchers is how many
// requests run at once.
const (
	fetchBatch = 30
	fetchers   = 4
)

// Articles returns the articles with these IDs, with their text and
// terms, in no particular order; an ID the collection does not hold is
// left out.
func (c *Client) Articles(ctx context.Context, ids []string) ([]Article, error) {
	var batches [][]string
	for len(ids) > 0 {
		n := min(len(ids), fetchBatch)
		batches = append(batches, ids[:n])
		ids = ids[n:]
	}
	got := make([][]Article, len(batches))
	errs := make([]error, len(batches))
	sem := make(chan struct{}, fetchers)
	var wg sync.WaitGroup
	for i, b := range batches {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			got[i], errs[i] = c.articles(ctx, b)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var out []Article
	for _, g := range got {
		out = append(out, g...)
	}
	return out, nil
}

func (c *Client) articles(ctx context.Context, ids []string) ([]Article, error) {
	where := filters.Where().WithPath([]string{pArticleID}).WithOperator(filters.ContainsAny).WithValueText(ids...)
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		return node.Experimental().Search().WithCollection(c.article).WithLimit(len(ids)).WithConsistencyLevel(c.consistency).WithWhere(where).
			WithProperties(pArticleID, pTitle, pURL, pPublished, pAuthor, pSource, pText, pHash, pFrom, pTo, pTerms)
	})
	if err != nil {
		return nil, fmt.Errorf("weaviate: fetch articles: %w", clean(err))
	}
	out := make([]Article, 0, len(res))
	for _, r := range res {
		p := r.Properties
		out = append(out, Article{
			ID: str(p[pArticleID]), Title: str(p[pTitle]), URL: str(p[pURL]), Published: str(p[pPublished]),
			Author: str(p[pAuthor]), Source: str(p[pSource]), Text: str(p[pText]), Hash: str(p[pHash]),
			Days: Days{From: int32(num(p[pFrom])), To: int32(num(p[pTo]))}, Terms: str(p[pTerms]),
		})
	}
	return out, nil
}
