package retrieval

import (
	"os"
	"runtime"
	"testing"
	"time"

	"archivist/corpus"
	"archivist/retrieval/internal/lexical"
	"archivist/retrieval/internal/store"
)

func TestZZBuild(t *testing.T) {
	dir := os.Getenv("ZZ_INDEX")
	if dir == "" {
		t.Skip()
	}
	s, err := store.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	arts := make([]corpus.Article, len(s.Kept))
	for i, k := range s.Kept {
		arts[i] = s.Articles[k]
	}
	spans := make([]lexical.Span, len(s.Chunks))
	for i, c := range s.Chunks {
		spans[i] = lexical.Span{Article: c.Article, Start: c.Start, End: c.End}
	}
	t0 := time.Now()
	lexical.Build(arts, spans)
	t.Log("build", time.Since(t0))
	runtime.KeepAlive(s)
}
