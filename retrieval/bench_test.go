package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"archivist/retrieval/embed"
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

// BenchmarkLoadNews opens a saved news index and brings it up to date
// (nothing changed, so nothing is read again or embedded).
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
