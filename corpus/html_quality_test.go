package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// qualityPage is one saved page of ../shared/data/html-pages/readability with
// the text and metadata it should yield.
type qualityPage struct {
	id, category string
	source       []byte
	text         string
	title        string
	byline       string
	published    string
}

// pageResult is what an extractor got from one page.
type pageResult struct {
	text, title, author, published string
}

// pageExtractor is one way of extracting an article from an HTML page.
type pageExtractor struct {
	name    string
	extract func(src []byte) pageResult
}

// archivistExtractor is the extraction parseHTML does.
var archivistExtractor = pageExtractor{"archivist", func(src []byte) pageResult {
	a, err := extractPage(src, "", nil)
	if err != nil {
		return pageResult{}
	}
	return pageResult{a.Text, a.Title, a.Author, a.Published}
}}

// loadQualityPages reads the saved pages, or skips the test when they are absent.
func loadQualityPages(t testing.TB) []qualityPage {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "html-pages")
	f, err := os.Open(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		t.Skip("../shared/data/html-pages is absent")
	}
	defer f.Close()
	var pages []qualityPage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row struct{ ID, Category string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("index.jsonl: %v", err)
		}
		pdir := filepath.Join(dir, "readability", row.ID)
		src, err := os.ReadFile(filepath.Join(pdir, "source.html"))
		if err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join(pdir, "expected.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var meta struct{ Title, Byline, PublishedTime *string }
		if b, err := os.ReadFile(filepath.Join(pdir, "expected-metadata.json")); err == nil {
			if err := json.Unmarshal(b, &meta); err != nil {
				t.Fatalf("%s metadata: %v", row.ID, err)
			}
		}
		pages = append(pages, qualityPage{
			id: row.ID, category: row.Category, source: src, text: string(text),
			title: deref(meta.Title), byline: deref(meta.Byline), published: deref(meta.PublishedTime),
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pages
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// qualityScore sums an extractor's results over a set of pages.
type qualityScore struct {
	pages                     int
	f1                        float64
	titleOK, bylineOK, dateOK int
	bylines, dates            int // pages whose expected byline, date is known
}

func (s *qualityScore) add(p qualityPage, r pageResult) {
	s.pages++
	s.f1 += tokenF1(r.text, p.text)
	if squashSpace(strings.ToLower(r.title)) == squashSpace(strings.ToLower(p.title)) {
		s.titleOK++
	}
	if want := comparableByline(p.byline); want != "" {
		s.bylines++
		if got := comparableByline(r.author); got != "" && strings.HasPrefix(want, got) {
			s.bylineOK++
		}
	}
	if len(p.published) >= 10 {
		s.dates++
		if r.published == p.published[:10] {
			s.dateOK++
		}
	}
}

func (s qualityScore) meanF1() float64 { return s.f1 / float64(max(s.pages, 1)) }

func (s qualityScore) row(name, set string) string {
	pct := func(ok, n int) string { return fmt.Sprintf("%d/%d", ok, n) }
	return fmt.Sprintf("| %-28s | %-8s | %3d | %.3f | %7s | %7s | %5s |", name, set, s.pages, s.meanF1(),
		pct(s.titleOK, s.pages), pct(s.bylineOK, s.bylines), pct(s.dateOK, s.dates))
}

var (
	bylineLead = regexp.MustCompile(`(?i)^(by|par|von|por)\s+`)
	bylineAnd  = regexp.MustCompile(`(?i)\s+(and|&)\s+`)
)

// comparableByline lower-cases a byline, drops a leading "By" and writes
// "A and B" as "a, b", so that the names can be compared.
func comparableByline(s string) string {
	s = squashSpace(strings.ToLower(s))
	s = bylineLead.ReplaceAllString(s, "")
	return bylineAnd.ReplaceAllString(s, ", ")
}

// scoreExtractor runs one extractor over the pages and scores English news
// and all pages.
func scoreExtractor(pages []qualityPage, ex pageExtractor) (news, all qualityScore) {
	for _, p := range pages {
		r := ex.extract(p.source)
		all.add(p, r)
		if p.category == "news_en" {
			news.add(p, r)
		}
	}
	return news, all
}

// TestHTMLQuality measures the body text, title, byline and date that
// extraction gets from 130 saved pages against Mozilla Readability's expected
// output. Run with -v for the table. The expected text is Readability's own
// output, which favours Readability ports and keeps the figure captions and
// link lists that archivist drops; TestHTMLCompare sets go-trafilatura
// beside it page by page.
func TestHTMLQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every saved page")
	}
	pages := loadQualityPages(t)
	news, all := scoreExtractor(pages, archivistExtractor)
	t.Log("| extractor | pages | n | mean F1 | title | byline | date |")
	t.Log(news.row(archivistExtractor.name, "news_en"))
	t.Log(all.row(archivistExtractor.name, "all"))
	floors := []struct {
		name      string
		got, want float64
	}{
		{"news_en mean F1", news.meanF1(), 0.98},
		{"all mean F1", all.meanF1(), 0.98},
		{"news_en title accuracy", float64(news.titleOK) / float64(news.pages), 0.95},
		{"news_en byline accuracy", float64(news.bylineOK) / float64(max(news.bylines, 1)), 0.9},
		{"all date accuracy", float64(all.dateOK) / float64(max(all.dates, 1)), 0.95},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s = %.3f, want at least %.2f", f.name, f.got, f.want)
		}
	}
}

func TestTokenF1(t *testing.T) {
	tests := []struct {
		got, want string
		f1        float64
	}{
		{"The cat sat.", "the CAT sat", 1},
		{"", "", 1},
		{"cat", "", 0},
		{"a b", "a b c d", 2 * 1 * 0.5 / 1.5},
		{"東京都", "東京", 2 * (2.0 / 3) * 1 / (2.0/3 + 1)},
	}
	for _, tt := range tests {
		if got := tokenF1(tt.got, tt.want); absFloat(got-tt.f1) > 1e-9 {
			t.Errorf("tokenF1(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.f1)
		}
	}
}

func absFloat(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
