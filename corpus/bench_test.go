package corpus

import (
	"os"
	"testing"
)

// BenchmarkReadNews reads the news-2022 corpus (3,820 records in one
// gzipped JSON Lines file) and reports articles per second.
func BenchmarkReadNews(b *testing.B) {
	fsys := os.DirFS(sharedData(b, "news-2022"))
	n := 0
	for b.Loop() {
		arts, _ := ReadFile(fsys, "corpus.jsonl.gz", Options{})
		n += len(arts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkReadBBC reads the bbc-2005 corpus (2,225 small text files) with
// Read, duplicates folded, and reports files per second.
func BenchmarkReadBBC(b *testing.B) {
	fsys := os.DirFS(sharedData(b, "bbc-2005", "articles"))
	files := 0
	for b.Loop() {
		arts, dups, _, err := Read(fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		files += len(arts) + len(dups)
	}
	b.ReportMetric(float64(files)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkSplit splits the news-2022 articles into chunks with the
// default options and reports chunks and words per second.
func BenchmarkSplit(b *testing.B) {
	arts, _ := ReadFile(os.DirFS(sharedData(b, "news-2022")), "corpus.jsonl.gz", Options{})
	arts = arts[:500]
	words := 0
	for _, a := range arts {
		words += countWords(a.Text)
	}
	b.ResetTimer()
	chunks, rounds := 0, 0
	for b.Loop() {
		for _, a := range arts {
			chunks += len(Split(a, SplitOptions{}))
		}
		rounds++
	}
	b.ReportMetric(float64(chunks)/b.Elapsed().Seconds(), "chunks/s")
	b.ReportMetric(float64(words*rounds)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkClean cleans the raw text of the bbc-2005 articles.
func BenchmarkClean(b *testing.B) {
	arts, _, _, err := Read(os.DirFS(sharedData(b, "bbc-2005", "articles")), Options{})
	if err != nil {
		b.Fatal(err)
	}
	bytes := 0
	for _, a := range arts {
		bytes += len(a.Text)
	}
	b.SetBytes(int64(bytes))
	for b.Loop() {
		for _, a := range arts {
			Clean(a.Text)
		}
	}
}
