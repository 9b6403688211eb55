//go:build extractcompare

package corpus

import (
	"bytes"
	"testing"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

// TestHTMLQualityCompare scores go-trafilatura on the same pages as
// TestHTMLQuality, the measurement behind the choice of go-readability:
//
//	go test ./corpus -tags extractcompare -run HTMLQuality -v
func TestHTMLQualityCompare(t *testing.T) {
	pages := loadQualityPages(t)
	extractors := []pageExtractor{archivistExtractor}
	for _, fallback := range []bool{false, true} {
		name := "go-trafilatura"
		if fallback {
			name += " +fallback"
		}
		extractors = append(extractors, pageExtractor{name, func(src []byte) pageResult {
			r, err := trafilatura.Extract(bytes.NewReader(src), trafilatura.Options{ExcludeComments: true, EnableFallback: fallback})
			if err != nil || r == nil || r.ContentNode == nil {
				return pageResult{}
			}
			var date string
			if !r.Metadata.Date.IsZero() {
				date = r.Metadata.Date.Format("2006-01-02")
			}
			return pageResult{Clean(renderText(r.ContentNode)), r.Metadata.Title, r.Metadata.Author, date}
		}})
	}
	t.Log("| extractor | pages | n | mean F1 | title | byline | date |")
	for _, ex := range extractors {
		news, all := scoreExtractor(pages, ex)
		t.Log(news.row(ex.name, "news_en"))
		t.Log(all.row(ex.name, "all"))
	}
}
