package weaviate

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/go-openapi/strfmt"
	wv "github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/filters"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/graphql"
	"github.com/weaviate/weaviate/entities/models"
)

// Days is a publication date as a range of day numbers (days since
// 1970-01-01), [From, To); the zero Days is an unknown date.
type Days struct {
	From, To int32
}

func (d Days) known() bool { return d.To > d.From }

// Article is an archived article as the collection keeps it.
type Article struct {
	ID, Title, URL, Published, Author, Source string
	Text                                      string
	Days                                      Days
	// Terms are the analysed terms of the title, URL words and text,
	// space-separated: what BM25 over whole articles reads.
	Terms string
	// Hash identifies this version of the article and its passages:
	// an article whose hash is unchanged is not written again.
	Hash string
}

// Passage is a passage of an article: the byte range [Start, End) of its
// text, the Seq'th of the article.
type Passage struct {
	ArticleID  string
	Seq        int
	Start, End int
	Days       Days
	// Terms are the analysed terms of the article's heading and of the
	// passage, space-separated: what BM25 over passages reads.
	Terms  string
	Vector []float32
}

// batchSize is how many objects one batch request carries.
const batchSize = 500

// Hashes returns the Hash of every article the collection holds, by
// article ID.
func (c *Client) Hashes(ctx context.Context) (map[string]string, error) {
	out := make(map[string]string)
	after := ""
	for {
		res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
			s := node.Experimental().Search().WithCollection(c.article).WithLimit(1000).WithConsistencyLevel(c.consistency).
				WithProperties(pArticleID, pHash).WithMetadata(&graphql.Metadata{ID: true})
			if after != "" {
				s = s.WithAfter(after)
			}
			return s
		})
		if err != nil {
			return nil, fmt.Errorf("weaviate: list articles: %w", clean(err))
		}
		for _, r := range res {
			out[str(r.Properties[pArticleID])] = str(r.Properties[pHash])
		}
		if len(res) < 1000 {
			return out, nil
		}
		after = res[len(res)-1].ID
	}
}

// Delete removes the articles with these IDs and all their passages.
func (c *Client) Delete(ctx context.Context, ids []string) error {
	for len(ids) > 0 {
		n := min(len(ids), batchSize)
		for _, class := range []string{c.passage, c.article} {
			if err := c.deleteWhere(ctx, class, ids[:n]); err != nil {
				return err
			}
		}
		ids = ids[n:]
	}
	return nil
}

// deleteWhere deletes the objects of class whose article ID is one of
// ids. One batch delete removes at most the server's limit of objects
// (QUERY_MAXIMUM_RESULTS, 10,000 by default), so it runs until a round
// matches fewer.
func (c *Client) deleteWhere(ctx context.Context, class string, ids []string) error {
	for {
		where := filters.Where().WithPath([]string{pArticleID}).WithOperator(filters.ContainsAny).WithValueText(ids...)
		var res *models.BatchDeleteResponse
		err := c.write(ctx, func(ctx context.Context) error {
			return c.do(ctx, func(node *wv.Client) (err error) {
				res, err = node.Batch().ObjectsBatchDeleter().WithClassName(class).WithWhere(where).
					WithOutput("minimal").WithConsistencyLevel(c.consistency).Do(ctx)
				return err
			})
		})
		if err != nil {
			return fmt.Errorf("weaviate: delete from %s: %w", class, clean(err))
		}
		if res == nil || res.Results == nil {
			return nil
		}
		if res.Results.Failed > 0 {
			return fmt.Errorf("weaviate: delete from %s: %d objects failed", class, res.Results.Failed)
		}
		if res.Results.Limit <= 0 || res.Results.Matches < res.Results.Limit || res.Results.Successful == 0 {
			return nil
		}
	}
}

// Put writes articles and passages, replacing any object of the same
// article ID (and passage number). Passages of an article that has fewer
// than before must be deleted first (Delete).
func (c *Client) Put(ctx context.Context, arts []Article, ps []Passage) error {
	objs := make([]*models.Object, 0, batchSize)
	flush := func() error {
		if len(objs) == 0 {
			return nil
		}
		if err := c.putObjects(ctx, objs); err != nil {
			return err
		}
		objs = objs[:0]
		return nil
	}
	add := func(o *models.Object) error {
		objs = append(objs, o)
		if len(objs) == batchSize {
			return flush()
		}
		return nil
	}
	for _, a := range arts {
		props := map[string]any{
			pArticleID: a.ID, pTitle: a.Title, pURL: a.URL, pPublished: a.Published, pAuthor: a.Author,
			pSource: a.Source, pText: a.Text, pHash: a.Hash, pTerms: a.Terms,
		}
		if a.Days.known() {
			props[pFrom], props[pTo] = int64(a.Days.From), int64(a.Days.To)
		}
		if err := add(&models.Object{Class: c.article, ID: strfmt.UUID(objectID("article", a.ID)), Properties: props}); err != nil {
			return err
		}
	}
	for _, p := range ps {
		props := map[string]any{
			pArticleID: p.ArticleID, pSeq: int64(p.Seq), pStart: int64(p.Start), pEnd: int64(p.End), pTerms: p.Terms,
		}
		if p.Days.known() {
			props[pFrom], props[pTo] = int64(p.Days.From), int64(p.Days.To)
		}
		id := objectID("passage", fmt.Sprintf("%s\x00%d", p.ArticleID, p.Seq))
		if err := add(&models.Object{Class: c.passage, ID: strfmt.UUID(id), Properties: props, Vector: p.Vector}); err != nil {
			return err
		}
	}
	return flush()
}

// putObjects writes objs in one batch request, at the client's
// consistency level, tried again as write says.
func (c *Client) putObjects(ctx context.Context, objs []*models.Object) error {
	return c.write(ctx, func(ctx context.Context) error {
		var res []models.ObjectsGetResponse
		err := c.do(ctx, func(node *wv.Client) (err error) {
			res, err = node.Batch().ObjectsBatcher().WithObjects(objs...).WithConsistencyLevel(c.consistency).Do(ctx)
			return err
		})
		if err != nil {
			return fmt.Errorf("weaviate: write batch: %w", clean(err))
		}
		return batchErrors(res)
	})
}

// batchErrors gathers the errors a batch reply holds, object by object.
func batchErrors(res []models.ObjectsGetResponse) error {
	var msgs []string
	for _, r := range res {
		if r.Result == nil || r.Result.Errors == nil {
			continue
		}
		for _, e := range r.Result.Errors.Error {
			msgs = append(msgs, e.Message)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("weaviate: write batch: %d objects failed, the first: %s", len(msgs), msgs[0])
}

// Meta is what the collections hold besides articles and passages.
type Meta struct {
	// Embedder names the embedder and model of the passage vectors.
	Embedder string
	Dims     int
	// Stats is the archive's BM25 statistics, encoded by the caller.
	Stats []byte
	// Version changes whenever the collections change: a reader that
	// saw the same Version has nothing to reload.
	Version string
}

// ErrNoMeta is returned by Meta when the collections have never been
// filled.
var ErrNoMeta = errors.New("the weaviate collections hold no archive yet (run archivist index with STORE=weaviate)")

var metaID = objectID("meta", "archive")

// PutMeta writes m, replacing the previous Meta.
func (c *Client) PutMeta(ctx context.Context, m Meta) error {
	props := map[string]any{
		pEmbedder: m.Embedder, pDims: int64(m.Dims), pVersion: m.Version,
		pStats: base64.StdEncoding.EncodeToString(m.Stats),
	}
	if err := c.putObjects(ctx, []*models.Object{{Class: c.meta, ID: strfmt.UUID(metaID), Properties: props}}); err != nil {
		return fmt.Errorf("weaviate: write meta: %w", err)
	}
	return nil
}

// Meta reads what PutMeta wrote; withStats false leaves Stats out.
func (c *Client) Meta(ctx context.Context, withStats bool) (Meta, error) {
	props := []string{pEmbedder, pDims, pVersion}
	if withStats {
		props = append(props, pStats)
	}
	// The collection holds one object, metaID.
	res, err := c.search(ctx, func(node *wv.Client) *graphql.Search {
		return node.Experimental().Search().WithCollection(c.meta).WithLimit(1).WithConsistencyLevel(c.consistency).
			WithProperties(props...)
	})
	if err != nil {
		if strings.Contains(err.Error(), "could not find class") || strings.Contains(err.Error(), "not found") {
			return Meta{}, ErrNoMeta
		}
		return Meta{}, fmt.Errorf("weaviate: read meta: %w", clean(err))
	}
	if len(res) == 0 {
		return Meta{}, ErrNoMeta
	}
	p := res[0].Properties
	m := Meta{Embedder: str(p[pEmbedder]), Version: str(p[pVersion]), Dims: int(num(p[pDims]))}
	if withStats {
		b, err := base64.StdEncoding.DecodeString(str(p[pStats]))
		if err != nil {
			return Meta{}, fmt.Errorf("weaviate: read meta: stats: %w", clean(err))
		}
		m.Stats = b
	}
	return m, nil
}

// str and num read a property value as gRPC replies give it.
func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return 0
}
