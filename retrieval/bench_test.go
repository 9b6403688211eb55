package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"archivist/retrieval/embed"
	"archivist/retrieval/internal/store"
)

// The benchmarks run on the news corpus in ../shared/data and skip without
// it. docs/BENCHMARKS.md quotes their figures.
var newsDir = filepath.Join("..", "..", "shared", "data", "news-2022")

func newsArchive(b *testing.B, dir string) *Archive {
	b.Helper()
	if _, err := os.Stat(filepath.Join(newsDir, "corpus.jsonl.gz")); err != nil {
		b.Skip("no ../shared/data/news-2022: ", err)
	}
	h := embed.Hash(embed.DefaultHashDim)
	a, err := Open(context.Background(), Config{
		Corpus: os.DirFS(newsDir), File: "corpus.jsonl.gz", IndexDir: dir, Embed: h.Embed, EmbedderName: h.Name,
	})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkIndexNews builds the news corpus's index from nothing with the
// hash embedder, saving it.
func BenchmarkIndexNews(b *testing.B) {
	for b.Loop() {
		a := newsArchive(b, b.TempDir())
		rep, err := a.Update(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Articles)/(rep.TookMS/1000), "articles/s")
		b.ReportMetric(float64(rep.Chunks), "chunks")
	}
}

// BenchmarkLoadNews opens a saved news index, brings it up to date (nothing
// changed, so nothing is read again or embedded) and builds its search
// structures: what ask waits for before its first answer.
func BenchmarkLoadNews(b *testing.B) {
	dir := b.TempDir()
	if _, err := newsArchive(b, dir).Update(context.Background()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a := newsArchive(b, dir)
		if _, err := a.Update(context.Background()); err != nil {
			b.Fatal(err)
		}
		if err := a.Warm(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateOneFile brings a saved news index up to date after one
// small file was added or changed: the cost of an incremental update, which
// should follow what changed, not the archive. B/op is what it allocates.
func BenchmarkUpdateOneFile(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(newsDir, "corpus.jsonl.gz"))
	if err != nil {
		b.Skip("no ../shared/data/news-2022: ", err)
	}
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{"corpus.jsonl.gz": {Data: data, ModTime: t0}}
	h := embed.Hash(embed.DefaultHashDim)
	cfg := Config{Corpus: fsys, IndexDir: b.TempDir(), Embed: h.Embed, EmbedderName: h.Name}
	a, err := Open(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Update(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		fsys["note.md"] = &fstest.MapFile{ModTime: t0.Add(time.Duration(i) * time.Minute),
			Data: []byte(fmt.Sprintf("# A new note\n\nNote %d: the archive gained one small file about a squid game sequel premiere in Seoul.\n", i))}
		rep, err := a.Update(context.Background())
		if err != nil || rep.Added+rep.Updated != 1 {
			b.Fatalf("Update = %+v, %v; want one article added or updated", rep, err)
		}
	}
}

// BenchmarkAskNews asks the dev questions, warm, one after another, and
// reports the median and 95th percentile time per question.
func BenchmarkAskNews(b *testing.B) {
	a := newsArchive(b, b.TempDir())
	if _, err := a.Update(context.Background()); err != nil {
		b.Fatal(err)
	}
	qs := devQuestions(b)
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := a.Ask(context.Background(), qs[i%len(qs)], AskOptions{}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

func devQuestions(b *testing.B) []string {
	f, err := os.Open(filepath.Join(newsDir, "questions-dev.jsonl"))
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct{ Question string }
		if json.Unmarshal(sc.Bytes(), &q) == nil && q.Question != "" {
			qs = append(qs, q.Question)
		}
	}
	return qs
}

// BenchmarkVectorQuery compares chromem-go's exhaustive query over 96,000
// passage vectors (the size of the news corpus) with the two-stage search
// the index uses: chromem-go over 3,700 article vectors, then the passages
// of the nearest articles. Random unit vectors; 512 dimensions, as the
// built-in model makes.
func BenchmarkVectorQuery(b *testing.B) {
	const dim, passages, perArticle = 512, 96000, 26
	r := rand.New(rand.NewPCG(1, 2))
	vecs := make([][]float32, passages)
	for i := range vecs {
		v := make([]float32, dim)
		for j := range v {
			v[j] = r.Float32() - 0.5
		}
		vecs[i] = unitVector(v)
	}
	q := vecs[0]
	ctx := context.Background()
	b.Run("chromem-passages", func(b *testing.B) {
		coll, _ := chromem.NewDB().CreateCollection("p", nil, nil)
		for i, v := range vecs {
			coll.AddDocument(ctx, chromem.Document{ID: strconv.Itoa(i), Embedding: v})
		}
		for b.Loop() {
			if _, err := coll.QueryEmbedding(ctx, q, candidates, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("two-stage", func(b *testing.B) {
		n := passages / perArticle
		first := make([]int32, n+1)
		chunks := make([]store.Chunk, passages)
		for i := range chunks {
			chunks[i].Article = int32(min(i/perArticle, n-1))
		}
		for i, c := range chunks {
			first[c.Article+1] = int32(i + 1)
		}
		v8 := make([]store.Vec8, len(vecs))
		for i, v := range vecs {
			v8[i] = store.Quantize(v)
		}
		coll, err := articleCollection(ctx, articleMeans(first, store.MadeVectors(v8), len(v8[0].V)), len(v8[0].V))
		if err != nil {
			b.Fatal(err)
		}
		ix := &index{vectors: store.MadeVectors(v8), chunks: chunks, first: first, coll: coll}
		for b.Loop() {
			if _, _, err := ix.vectorSearch(ctx, q, candidates); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOpenSaved opens the saved index in $ARCHIVIST_BENCH_INDEX (any
// size: scripts/scalecorpus makes large ones) and makes it ready to answer:
// every section's checksum checked, the file mapped, the chromem-go
// collection filled from the saved means. It skips when the variable is
// unset.
func BenchmarkOpenSaved(b *testing.B) {
	dir := os.Getenv("ARCHIVIST_BENCH_INDEX")
	if dir == "" {
		b.Skip("ARCHIVIST_BENCH_INDEX is unset")
	}
	var ix *index
	for b.Loop() {
		s, err := store.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		ix = newIndex(s)
		if err := ix.ready(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ix.chunks)), "passages")
}
