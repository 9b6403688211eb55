package corpus

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// BenchmarkExtractPages extracts the 130 saved pages of
// ../shared/data/html-pages once per iteration and reports pages per second
// and the median time of one page.
func BenchmarkExtractPages(b *testing.B) {
	pages := loadQualityPages(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p.source))
	}
	b.SetBytes(size)
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			start := time.Now()
			parseHTML(p.id, bytes.NewReader(p.source))
			took = append(took, time.Since(start))
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/page-median")
}
