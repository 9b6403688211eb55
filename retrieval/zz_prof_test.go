package retrieval

import (
	"context"
	"os"
	"testing"
	"time"

	"archivist/retrieval/embed"
)

func TestZZProf(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	h := embed.Hash(embed.DefaultHashDim)
	a, err := Open(context.Background(), Config{Corpus: os.DirFS("/work/shared/data/news-2022"), File: "corpus.jsonl.gz", IndexDir: "/tmp/wv-ix-news", Embed: h.Embed, EmbedderName: h.Name,
		Weaviate: &WeaviateConfig{URL: "http://127.0.0.1:28080", GRPC: "127.0.0.1:25051", Collections: "News"}})
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{"How many Russians could soon be conscripted?", "What did the Fed decide about interest rates?", "Who won the World Cup final?", "What happened to the price of oil?"}
	sc := newScope(qs[0], Time{AsOf: time.Date(2022, 9, 25, 0, 0, 0, 0, time.UTC)})
	for i := 0; i < 5; i++ {
		for _, q := range qs {
			t0 := time.Now()
			ix, hits, err := a.remote.retrieve(context.Background(), a.cfg, q, a.weights(), sc)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v articles %d chunks %d hits %d", time.Since(t0), len(ix.articles), len(ix.chunks), len(hits))
		}
	}
}
