package corpus

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

// trafilaturaExtractor is go-trafilatura with its defaults and its fallback
// (go-readability and go-domdistiller) enabled, on its own parse of the page.
var trafilaturaExtractor = pageExtractor{"go-trafilatura +fallback", func(src []byte) pageResult {
	r, err := trafilatura.Extract(bytes.NewReader(src), trafilatura.Options{EnableFallback: true})
	if err != nil || r == nil || r.ContentNode == nil {
		return pageResult{}
	}
	var date string
	if !r.Metadata.Date.IsZero() {
		date = r.Metadata.Date.Format("2006-01-02")
	}
	return pageResult{Clean(renderText(r.ContentNode)), r.Metadata.Title, r.Metadata.Author, date}
}}

// compareRun is one extractor's results on every page, in page order.
type compareRun struct {
	name  string
	f1    []float64
	took  []time.Duration
	texts []string
}

// runCompare extracts every page with ex, timing each page.
func runCompare(pages []qualityPage, ex pageExtractor) compareRun {
	run := compareRun{name: ex.name}
	for _, p := range pages {
		start := time.Now()
		r := ex.extract(p.source)
		run.took = append(run.took, time.Since(start))
		run.f1 = append(run.f1, tokenF1(r.text, p.text))
		run.texts = append(run.texts, r.text)
	}
	return run
}

// compareSummary is a run's figures on a subset of the pages.
type compareSummary struct {
	n      int
	meanF1 float64
	under  int // pages with F1 under 0.5
}

// summarize sums run over the pages for which keep is true.
func (run compareRun) summarize(pages []qualityPage, keep func(qualityPage) bool) compareSummary {
	var s compareSummary
	for i, p := range pages {
		if !keep(p) {
			continue
		}
		s.n++
		s.meanF1 += run.f1[i]
		if run.f1[i] < 0.5 {
			s.under++
		}
	}
	if s.n > 0 {
		s.meanF1 /= float64(s.n)
	}
	return s
}

// medianMS is the median time per page of run, in milliseconds.
func (run compareRun) medianMS() float64 {
	t := slices.Clone(run.took)
	slices.Sort(t)
	if len(t) == 0 {
		return 0
	}
	return float64(t[len(t)/2].Microseconds()) / 1000
}

func isNews(p qualityPage) bool { return p.category == "news_en" }

// TestHTMLCompare scores archivist's extraction and go-trafilatura's (its
// defaults, fallback on) page by page on the 130 saved pages, with the time
// each takes, then the means on all pages, on English news and on the rest,
// and the pages under F1 0.5:
//
//	go test ./corpus -run TestHTMLCompare -v
//
// expected.txt is Readability.js's output, which favours archivist's
// go-readability; the comparison shows where the two differ, not which is
// right on an independent annotation.
func TestHTMLCompare(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("extracts every saved page twice")
	}
	pages := loadQualityPages(t)
	runs := []compareRun{runCompare(pages, archivistExtractor), runCompare(pages, trafilaturaExtractor)}

	var b strings.Builder
	fmt.Fprintf(&b, "\n| page | category | %s F1 | ms | %s F1 | ms |\n", runs[0].name, runs[1].name)
	for i, p := range pages {
		fmt.Fprintf(&b, "| %-32s | %-8s | %.3f | %6.1f | %.3f | %6.1f |\n", p.id, p.category,
			runs[0].f1[i], ms(runs[0].took[i]), runs[1].f1[i], ms(runs[1].took[i]))
	}
	fmt.Fprintf(&b, "\n| extractor | all (n=%d) | news_en | other | pages < 0.5 (all/news) | median ms/page |\n",
		len(pages))
	var all, news [2]compareSummary
	for i, run := range runs {
		all[i] = run.summarize(pages, func(qualityPage) bool { return true })
		news[i] = run.summarize(pages, isNews)
		other := run.summarize(pages, func(p qualityPage) bool { return !isNews(p) })
		fmt.Fprintf(&b, "| %-28s | %.3f | %.3f | %.3f | %d/%d | %.1f |\n",
			run.name, all[i].meanF1, news[i].meanF1, other.meanF1, all[i].under, news[i].under, run.medianMS())
	}
	t.Log(b.String())
	if all[0].meanF1 < all[1].meanF1 || news[0].meanF1 < news[1].meanF1 {
		t.Errorf("archivist's mean F1 (all %.3f, news %.3f) is under go-trafilatura's (%.3f, %.3f)",
			all[0].meanF1, news[0].meanF1, all[1].meanF1, news[1].meanF1)
	}
	if all[0].under > all[1].under {
		t.Errorf("archivist has %d pages under F1 0.5, go-trafilatura %d", all[0].under, all[1].under)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
