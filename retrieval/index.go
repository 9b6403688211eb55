package retrieval

import (
	"context"

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
	first    []int32             // first[i] is article i's first chunk; first[len] = len(chunks)
	coll     *chromem.Collection // one vector per article
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
	ix.lex, ix.docs = lexicalIndexes(ix.articles, ix.chunks)
	// Chunks come grouped by article, in article order.
	ix.first = make([]int32, len(ix.articles)+1)
	for i, c := range ix.chunks {
		ix.first[c.article+1] = int32(i + 1)
	}
	for i := 1; i < len(ix.first); i++ {
		ix.first[i] = max(ix.first[i], ix.first[i-1])
	}
	coll, err := articleCollection(ctx, len(ix.articles), ix.first, s.vectors)
	if err != nil {
		return nil, err
	}
	ix.coll = coll
	return ix, nil
}
