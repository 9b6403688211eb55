package retrieval

import (
	"context"
	"io"
	"sync"

	chromem "github.com/philippgille/chromem-go"

	"archivist/corpus"
	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
)

// index is one immutable build of the archive: the saved snapshot it comes
// from, the kept articles, the chromem-go collection of article vectors and
// the two BM25 indexes beside it. The texts, vectors, means and postings of
// an index loaded from a saved snapshot are views into its mapping, valid
// while the index is reachable: a query keeps it so (runtime.KeepAlive)
// until it has copied out what it returns. Its search structures are built once, by
// ready; after that it is only read, so queries need no lock. An update
// builds a new index and swaps it in.
type index struct {
	snap *store.Snapshot

	once sync.Once // builds the fields below
	err  error     // why they could not be built

	articles []corpus.Article // the kept articles; a chunk's Article indexes it
	chunks   []store.Chunk    // grouped by article, in article order
	vectors  store.Vectors    // vector i is chunks[i]'s
	first    []int32          // first[i] is article i's first chunk; first[len] = len(chunks)
	dates    []dayRange       // dates[i] is article i's publication date
	coll     *chromem.Collection
	// means holds each article's mean vector, the chromem-go documents'
	// embeddings: read in place from a loaded snapshot.
	means []float32
	// passageBM25 scores passages (with their article's title); articleBM25
	// scores whole articles.
	passageBM25, articleBM25 *lexical.Index

	summaryOnce sync.Once // makes stats
	stats       Stats     // what the index holds (summary)
}

// text is the passage c's text.
func (ix *index) text(c store.Chunk) string {
	return ix.articles[c.Article].Text[c.Start:c.End]
}

// newIndex returns the index of a snapshot, its search structures not yet
// built.
func newIndex(s *store.Snapshot) *index {
	return &index{snap: s}
}

// ready builds the index's search structures the first time it is called,
// and says whether they could be built.
func (ix *index) ready() error {
	ix.once.Do(func() { ix.err = ix.build(context.Background()) })
	return ix.err
}

// build makes the search structures of the index's snapshot. It does not
// embed: the snapshot's vectors must be complete and of unit length. What
// the snapshot was saved with (the lexical indexes and the article means of
// a loaded index) is read in place; what it lacks is built in the heap.
func (ix *index) build(ctx context.Context) error {
	s := ix.snap
	ix.layout()
	if !ix.openLexical() {
		spans := make([]lexical.Span, len(ix.chunks))
		for i, c := range ix.chunks {
			spans[i] = lexical.Span{Article: c.Article, Start: c.Start, End: c.End}
		}
		// The build reads every text; where they are read in place, the
		// pages read are let go every thousand articles.
		ix.passageBM25, ix.articleBM25 = lexical.BuildFunc(len(ix.articles), func(i int) *corpus.Article {
			if i%1024 == 1023 {
				s.Release()
			}
			return &ix.articles[i]
		}, spans)
		s.Release()
	}
	dim := ix.vectorDim()
	ix.means = s.JoinedMeans(dim)
	if len(ix.means) != len(ix.articles)*dim || len(ix.means) == 0 {
		ix.means = articleMeans(ix.first, ix.vectors, dim)
	}
	coll, err := articleCollection(ctx, ix.means, dim)
	if err != nil {
		return err
	}
	ix.coll = coll
	return nil
}

// layout sets the kept articles, their dates, the chunks and vectors, and
// where each article's chunks begin, from the index's snapshot.
func (ix *index) layout() {
	s := ix.snap
	ix.articles = make([]corpus.Article, len(s.Kept))
	ix.chunks, ix.vectors = s.Chunks, s.Vectors
	ix.dates = make([]dayRange, len(s.Kept))
	for i, k := range s.Kept {
		ix.articles[i] = s.Articles[k]
		ix.dates[i] = publishedRange(ix.articles[i].Published)
	}
	ix.first = chunkStarts(ix.chunks, len(ix.articles))
}

// vectorDim is the dimension of the index's passage vectors (0 when it
// has none).
func (ix *index) vectorDim() int {
	return ix.vectors.Dim()
}

// openLexical reads the lexical indexes the snapshot was saved with, in
// place, and says whether there were any that fit it.
func (ix *index) openLexical() bool {
	b, ok := ix.snap.Lexical.(store.Bytes)
	if !ok {
		return false
	}
	p, a, err := lexical.OpenIndexes(b)
	if err != nil || p.Len() != len(ix.chunks) || a.Len() != len(ix.articles) {
		return false
	}
	ix.passageBM25, ix.articleBM25 = p, a
	return true
}

// sections returns what the index built that a saved snapshot keeps, so
// that the next open reads it instead of building it: the lexical indexes
// and the article means.
func (ix *index) sections() (store.Section, []float32) {
	p, a := ix.passageBM25, ix.articleBM25
	return store.SectionFunc(func(w io.Writer) (int64, error) { return lexical.WriteIndexes(w, p, a) }), ix.means
}
