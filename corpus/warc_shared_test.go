package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// TestParseWARCShared reads the real WARC and ARC files in ../shared/data/warc.
func TestParseWARCShared(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "warc")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/data/warc is absent")
	}
	small := filepath.Join("ukwa-webarchive-test-suite", "small-arcs-and-warcs")
	sopa := filepath.Join("ukwa-webarchive-test-suite", "wikipedia-sopa-blackout-2012")
	tests := []struct {
		file  string
		count int
		check []articleWant // checked against the first len(check) articles
	}{
		{filepath.Join("dolma-testdata", "sample-0000.warc.gz"), 22, []articleWant{
			{ID: "sample-0000.warc.gz#3", URL: "https://www.semanticscholar.org/research/research-team", Captured: "2024-04-25", Published: "2024-04-25"},
		}},
		{filepath.Join("dolma-testdata", "sample-0001.warc.gz"), 15, []articleWant{
			{ID: "sample-0001.warc.gz#3", URL: "https://creativecommons.org/", Captured: "2024-04-25"},
			{ID: "sample-0001.warc.gz#5", URL: "https://creativecommons.org/mission/"},
			{ID: "sample-0001.warc.gz#7", Captured: "2024-04-25", Published: "2024-03-28", Author: "Brigitte Vézina", Source: "Creative Commons",
				URL: "https://creativecommons.org/2024/03/28/cc-joins-civil-society-letter-urging-u-s-to-support-openness-and-transparency-in-ai/"},
		}},
		{filepath.Join(small, "IAH-20080430204825-00000-blackbook-truncated.warc"), 2, []articleWant{
			{ID: "IAH-20080430204825-00000-blackbook-truncated.warc#6", URL: "http://www.archive.org/", Captured: "2008-04-30"},
			{ID: "IAH-20080430204825-00000-blackbook-truncated.warc#9", URL: "http://www.archive.org/index.php", Title: "Internet Archive"},
		}},
		{filepath.Join(small, "IAH-20080430204825-00000-blackbook-truncated.warc.gz"), 2, nil},
		{filepath.Join(small, "IAH-20080430204825-00000-blackbook-truncated.arc"), 2, []articleWant{
			{ID: "IAH-20080430204825-00000-blackbook-truncated.arc#4", URL: "http://www.archive.org/", Captured: "2008-04-30"},
			{ID: "IAH-20080430204825-00000-blackbook-truncated.arc#5", URL: "http://www.archive.org/index.php", Title: "Internet Archive"},
		}},
		{filepath.Join(small, "IAH-20080430204825-00000-blackbook-truncated.arc.gz"), 2, nil},
		{filepath.Join(small, "IAH-urls-wget.warc.gz"), 2, []articleWant{{ID: "IAH-urls-wget.warc.gz#11", URL: "https://archive.org/", Captured: "2013-10-21"}}},
		{filepath.Join(sopa, "wikipedia-blackout", "sopa-wikipedia-homepage.warc.gz"), 1, []articleWant{
			{ID: "sopa-wikipedia-homepage.warc.gz#105", URL: "http://en.wikipedia.org/wiki/Main_Page", Captured: "2012-01-18"},
		}},
		{filepath.Join(sopa, "wikipedia-post-blackout", "main-page.warc.gz"), 1, nil},
		{filepath.Join(sopa, "wikipedia-post-blackout", "post-blackout.warc.gz"), 1, nil},
		{filepath.Join("warcio-testdata", "example.warc"), 2, []articleWant{
			{ID: "example.warc#3", URL: "http://example.com/", Title: "Example Domain", Captured: "2017-03-06"},
			{ID: "example.warc#5", URL: "http://example.com/", Title: "Example Domain"}, // a revisit of #3
		}},
		{filepath.Join("warcio-testdata", "example.warc.gz"), 2, nil},
		{filepath.Join("warcio-testdata", "example-iana.org-chunked.warc"), 1, []articleWant{
			{URL: "http://www.iana.org/", Title: "Internet Assigned Numbers Authority"},
		}},
		{filepath.Join("warcio-testdata", "example-resource.warc.gz"), 1, []articleWant{{URL: "http://example.com/", Title: "Example Domain"}}},
		{filepath.Join("warcio-testdata", "example-digest.warc"), 0, nil},
		{filepath.Join("warcio-testdata", "post-test.warc.gz"), 0, nil},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, tt.file))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			name := filepath.Base(tt.file)
			arts, skipped := parseWARC(name, f)
			switch {
			case tt.count == 0 && (len(skipped) != 1 || skipped[0].Path != name):
				t.Errorf("skipped %v, want the file named for having no pages", skipped)
			case tt.count > 0 && len(skipped) > 0:
				t.Errorf("skipped %v, want none", skipped)
			}
			if len(arts) != tt.count {
				t.Fatalf("got %d articles, want %d", len(arts), tt.count)
			}
			expectArticles(t, arts[:len(tt.check)], tt.check)
			for _, a := range arts {
				if a.Text == "" || a.URL == "" || a.Captured == "" {
					t.Errorf("%s: empty text, URL or capture date: %+v", a.ID, a)
				}
			}
		})
	}
}
