package retrieval

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"archivist/retrieval/internal/lexical"
)

func TestAdaptiveWeight(t *testing.T) {
	t0 := time.Unix(0, 0)
	a := testArchive(t, fstest.MapFS{"tencent.md": file(tencent, t0), "ferry.md": file(ferry, t0), "ballot.md": file(ballot, t0)}, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix, err := a.current()
	if err != nil {
		t.Fatal(err)
	}
	ferryChunk := int(ix.first[1]) // articles are kept in path order: ballot, ferry, tencent
	flat := []lexical.Scored{{Doc: 0, Score: 0.5}, {Doc: ferryChunk, Score: 0.5}}
	steep := []lexical.Scored{{Doc: ferryChunk, Score: 0.9}, {Doc: 0, Score: 0.1}}
	lex := map[int]float64{ferryChunk: 3}
	// The best lexical passage holds every word: the weight stays, unless
	// the vectors stand out.
	if got := ix.adaptiveWeight("night ferry ticket", lex, flat, 0.5); got != 0.5 {
		t.Errorf("full cover, no margin: weight %v, want 0.5", got)
	}
	if got := ix.adaptiveWeight("night ferry ticket", lex, steep, 0.5); got <= 0.5 {
		t.Errorf("full cover, a clear vector winner: weight %v, want above 0.5", got)
	}
	// It holds none of the question's words: the vectors decide.
	if got := ix.adaptiveWeight("Which lender made loans pricier?", lex, flat, 0.5); got < 0.99 {
		t.Errorf("no cover: weight %v, want about 1", got)
	}
	if got := ix.adaptiveWeight("anything", nil, flat, 0.5); got != 0.5 {
		t.Errorf("no lexical match: weight %v, want it unchanged", got)
	}
}
