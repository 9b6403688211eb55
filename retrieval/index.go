package retrieval

import (
	"context"
	"fmt"
	"runtime"
	"strconv"

	chromem "github.com/philippgille/chromem-go"

	"archivist/corpus"
)

// index is one immutable build of the archive: the saved snapshot it comes
// from, the kept articles, the chromem-go collection of chunk vectors and the
// BM25 index beside it. Once built it is only read, so queries need no lock;
// an update builds a new index and swaps it in.
type index struct {
	snap     *snapshot
	articles []corpus.Article // the kept articles; chunk.article indexes it
	byID     map[string]int   // article id → position in articles
	chunks   []chunk
	coll     *chromem.Collection
	lex      *bm25
	docs     *bm25 // over whole articles: title and text
}

// chunk is a passage: a byte range of one kept article's cleaned text.
type chunk struct {
	article    int32
	start, end int32
}

func (ix *index) text(c chunk) string {
	return ix.articles[c.article].Text[c.start:c.end]
}

// build makes the searchable index of a snapshot. It does not embed: the
// snapshot's vectors must be complete and normalised.
func build(ctx context.Context, s *snapshot) (*index, error) {
	ix := &index{
		snap:     s,
		articles: make([]corpus.Article, len(s.Kept)),
		byID:     make(map[string]int, len(s.Kept)),
		chunks:   s.Chunks,
	}
	for i, k := range s.Kept {
		ix.articles[i] = s.Articles[k]
		ix.byID[s.Articles[k].ID] = i
	}
	texts := make([]string, len(ix.chunks))
	for i, c := range ix.chunks {
		texts[i] = ix.text(c)
	}
	ix.lex, ix.docs = lexicalIndexes(ix.articles, ix.chunks)

	// The collection never embeds: documents come with vectors and queries
	// are embedded by the caller, so its embedding func must not be called.
	coll, err := chromem.NewDB().CreateCollection("passages", nil, func(context.Context, string) ([]float32, error) {
		return nil, fmt.Errorf("the index embeds queries itself")
	})
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	// AddDocuments would start a goroutine per document; a plain loop over a
	// few workers keeps memory flat at 70,000 passages.
	if err := addAll(ctx, coll, texts, s.vectors); err != nil {
		return nil, err
	}
	ix.coll = coll
	return ix, nil
}

// vectorSearch returns the n chunks nearest to the query vector, best first.
func (ix *index) vectorSearch(ctx context.Context, q []float32, n int) ([]scored, error) {
	n = min(n, len(ix.chunks)) // chromem errors when asked for more than it holds
	if n == 0 {
		return nil, nil
	}
	res, err := ix.coll.QueryEmbedding(ctx, q, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	out := make([]scored, 0, len(res))
	for _, r := range res {
		i, err := strconv.Atoi(r.ID)
		if err != nil {
			return nil, fmt.Errorf("vector search: bad passage id %q", r.ID)
		}
		out = append(out, scored{doc: i, score: float64(r.Similarity)})
	}
	return out, nil
}

func addAll(ctx context.Context, coll *chromem.Collection, texts []string, vectors [][]float32) error {
	workers := runtime.GOMAXPROCS(0)
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := w; i < len(texts); i += workers {
				doc := chromem.Document{ID: strconv.Itoa(i), Embedding: vectors[i], Content: texts[i]}
				if err := coll.AddDocument(ctx, doc); err != nil {
					errs <- fmt.Errorf("add passage %d: %w", i, err)
					return
				}
			}
			errs <- nil
		}()
	}
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
