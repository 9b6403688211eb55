package weaviate

import (
	"context"
	"fmt"

	wv "github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate/entities/models"
)

// Property names. Dates are day numbers (days since 1970-01-01): from is
// an article's first day of publication, to the day after its last (a
// date known only to the month spans the month); both are absent when the
// date is unknown, so that no date filter matches the article.
const (
	pArticleID = "articleId"
	pSeq       = "seq"
	pStart     = "start"
	pEnd       = "end"
	pFrom      = "pubFrom"
	pTo        = "pubTo"
	pTerms     = "terms"
	pTitle     = "title"
	pURL       = "url"
	pPublished = "published"
	pAuthor    = "author"
	pSource    = "source"
	pText      = "text"
	pHash      = "hash"
	pEmbedder  = "embedder"
	pDims      = "dims"
	pStats     = "stats"
	pVersion   = "version"
)

// EnsureSchema creates the collections that do not exist yet. The passage
// collection holds vectors (HNSW, cosine) given with each object; the
// others hold none. The passage and article collections have the shard
// count Config.Shards asks for, the meta collection one shard; all three
// have Config.Replication copies of every shard. A collection that exists
// already is left as it is (its shards and replication included).
func (c *Client) EnsureSchema(ctx context.Context) error {
	for _, cl := range []*models.Class{c.passageClass(), c.articleClass(), c.metaClass()} {
		c.distribute(cl)
		ok, err := c.exists(ctx, cl.Class)
		if err != nil {
			return fmt.Errorf("weaviate: check collection %s: %w", cl.Class, clean(err))
		}
		if ok {
			continue
		}
		if err := c.do(ctx, func(node *wv.Client) error { return node.Schema().ClassCreator().WithClass(cl).Do(ctx) }); err != nil {
			return fmt.Errorf("weaviate: create collection %s: %w", cl.Class, clean(err))
		}
	}
	return nil
}

// Drop deletes the three collections and everything in them.
func (c *Client) Drop(ctx context.Context) error {
	for _, name := range []string{c.passage, c.article, c.meta} {
		ok, err := c.exists(ctx, name)
		if err != nil {
			return fmt.Errorf("weaviate: check collection %s: %w", name, clean(err))
		}
		if !ok {
			continue
		}
		if err := c.do(ctx, func(node *wv.Client) error { return node.Schema().ClassDeleter().WithClassName(name).Do(ctx) }); err != nil {
			return fmt.Errorf("weaviate: delete collection %s: %w", name, clean(err))
		}
	}
	return nil
}

// exists says whether the collection named name exists.
func (c *Client) exists(ctx context.Context, name string) (ok bool, err error) {
	err = c.do(ctx, func(node *wv.Client) error {
		ok, err = node.Schema().ClassExistenceChecker().WithClassName(name).Do(ctx)
		return err
	})
	return ok, err
}

// distribute sets cl's shard count and replication: c.shards for the
// passage and article collections and one for the meta collection (always
// said, since Weaviate's default is one shard per node), asynchronous
// replication when there is more than one copy, so that a node that was
// down catches up on the writes it missed. A copy that another node has
// deleted is deleted (DeleteOnConflict): a node that was down while an
// article was deleted drops its copy. Weaviate's default,
// NoAutomatedResolution, leaves it there; TimeBasedResolution, with the
// batch deletes the client sends (no deletion time), copies it back to the
// nodes that had deleted it (both seen in docs/WEAVIATE-CLUSTER.md's kill
// test). A rewritten article is no conflict: its objects exist on both
// sides, and the later write wins.
func (c *Client) distribute(cl *models.Class) {
	shards := c.shards
	if cl.Class == c.meta {
		shards = 1
	}
	cl.ShardingConfig = map[string]any{"desiredCount": shards}
	if c.replication > 1 {
		cl.ReplicationConfig = &models.ReplicationConfig{
			Factor: int64(c.replication), AsyncEnabled: true,
			DeletionStrategy: models.ReplicationConfigDeletionStrategyDeleteOnConflict,
		}
	}
}

// inverted is the text index setting of every collection: BM25 with the
// usual parameters (those of the archive's own), and no stop words, since
// the terms indexed are already stemmed and stripped of them.
func inverted() *models.InvertedIndexConfig {
	return &models.InvertedIndexConfig{
		Bm25:      &models.BM25Config{K1: 1.2, B: 0.75},
		Stopwords: &models.StopwordConfig{Preset: "none"},
	}
}

func (c *Client) passageClass() *models.Class {
	return &models.Class{
		Class:               c.passage,
		Description:         "A passage of an archived article: a byte range of its cleaned text.",
		Vectorizer:          "none",
		VectorIndexType:     "hnsw",
		VectorIndexConfig:   map[string]any{"distance": "cosine"},
		InvertedIndexConfig: inverted(),
		Properties: []*models.Property{
			key(pArticleID), number(pSeq, false), number(pStart, false), number(pEnd, false),
			number(pFrom, true), number(pTo, true), terms(pTerms),
		},
	}
}

func (c *Client) articleClass() *models.Class {
	return &models.Class{
		Class:               c.article,
		Description:         "An archived article with its citation fields and cleaned text.",
		Vectorizer:          "none",
		VectorIndexConfig:   map[string]any{"skip": true},
		InvertedIndexConfig: inverted(),
		Properties: []*models.Property{
			key(pArticleID), stored(pTitle), stored(pURL), stored(pPublished), stored(pAuthor), stored(pSource),
			stored(pText), key(pHash), number(pFrom, true), number(pTo, true), terms(pTerms),
		},
	}
}

func (c *Client) metaClass() *models.Class {
	return &models.Class{
		Class:             c.meta,
		Description:       "What archivist keeps about the collections: the embedder, and the BM25 statistics of the whole archive.",
		Vectorizer:        "none",
		VectorIndexConfig: map[string]any{"skip": true},
		Properties: []*models.Property{
			stored(pEmbedder), {Name: pDims, DataType: []string{"int"}}, {Name: pStats, DataType: []string{"blob"}}, stored(pVersion),
		},
	}
}

var yes, no = true, false

// key is a text property matched whole by filters, never searched.
func key(name string) *models.Property {
	return &models.Property{Name: name, DataType: []string{"text"}, Tokenization: "field", IndexFilterable: &yes, IndexSearchable: &no}
}

// stored is a text property kept and returned, not indexed.
func stored(name string) *models.Property {
	return &models.Property{Name: name, DataType: []string{"text"}, Tokenization: "field", IndexFilterable: &no, IndexSearchable: &no}
}

// terms is a text property of space-separated analysed terms, searched by
// BM25.
func terms(name string) *models.Property {
	return &models.Property{Name: name, DataType: []string{"text"}, Tokenization: "whitespace", IndexFilterable: &no, IndexSearchable: &yes}
}

// number is an int property; ranged ones are indexed for < and >.
func number(name string, ranged bool) *models.Property {
	p := &models.Property{Name: name, DataType: []string{"int"}, IndexFilterable: &ranged}
	if ranged {
		p.IndexRangeFilters = &yes
	}
	return p
}
