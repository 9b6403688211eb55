package corpus

import (
	"bytes"
	"testing"
)

// BenchmarkExtractPages extracts the 130 saved pages of
// ../shared/data/html-pages once per iteration and reports pages per second.
func BenchmarkExtractPages(b *testing.B) {
	pages := loadQualityPages(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p.source))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			parseHTML(p.id, bytes.NewReader(p.source))
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}
