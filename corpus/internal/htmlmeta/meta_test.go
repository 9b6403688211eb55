package htmlmeta

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

func TestRead(t *testing.T) {
	base, _ := url.Parse("https://site.example/a/b.html")
	tests := []struct {
		name, head string
		want       Meta
	}{
		{
			name: "open graph and meta",
			head: `<title> Doc  title </title><meta property="og:title" content="OG title"><meta property="og:site_name" content="Site">` +
				`<meta property="og:url" content="/canon"><meta name="author" content="By Ana Lima"><meta name="date" content="2020/06/12">`,
			want: Meta{Title: "OG title", Site: "Site", Canonical: "https://site.example/canon", Dates: []string{"2020/06/12"}, MetaAuthors: []string{"Ana Lima"}},
		},
		{
			name: "json-ld beats meta",
			head: `<link rel="canonical" href="https://site.example/story"><meta property="article:published_time" content="2019-01-02T10:00:00Z">` +
				`<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"BlogPosting","headline":"LD title","datePublished":"2018-05-06",` +
				`"dateCreated":"2018-05-05","author":{"@type":"Person","name":"Bo Chen"},"publisher":{"name":"LD Site"}}]</script>`,
			want: Meta{Title: "LD title", Site: "LD Site", Canonical: "https://site.example/story",
				Dates: []string{"2018-05-06", "2019-01-02T10:00:00Z", "2018-05-05"}, LDAuthors: []string{"Bo Chen"}},
		},
		{
			name: "broken json-ld is ignored",
			head: `<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><title>Fallback</title><meta itemprop="datePublished" content="20170112">`,
			want: Meta{Title: "Fallback", Dates: []string{"20170112"}},
		},
		{
			name: "time element and handle authors",
			head: `<meta name="author" content="https://facebook.example/someone"><time pubdate datetime="2021-11-30T23:59:00-05:00">Nov 30</time>`,
			want: Meta{Dates: []string{"2021-11-30T23:59:00-05:00"}},
		},
		{
			name: "base element resolves relative urls",
			head: `<base href="https://other.example/x/"><link rel="canonical" href="story.html">`,
			want: Meta{Canonical: "https://other.example/x/story.html"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + tt.head + "</head><body><p>x</p></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Read(doc, base), tt.want); diff != "" {
				t.Errorf("Read mismatch (-got +want):\n%s", diff)
			}
		})
	}
}

func TestCleanByline(t *testing.T) {
	tests := map[string]string{
		"By Jane Roe":                              "Jane Roe",
		"by Jane Roe and John Doe":                 "Jane Roe, John Doe",
		"Dan Goodin - Apr 16, 2015 8:02 pm UTC":    "Dan Goodin",
		"Alex Perry 1 day ago":                     "Alex Perry",
		"By GILLIAN MOHNEY\n   March 11, 2015":     "GILLIAN MOHNEY",
		"Par Sébastien Farcis":                     "Sébastien Farcis",
		"Written by Rob Ewaschuk":                  "Rob Ewaschuk",
		"Stella Kim, Jennifer Jett":                "Stella Kim, Jennifer Jett",
		"Nicolas Perriault —":                      "Nicolas Perriault",
		"Updated 2019-04-29":                       "",
		"12/03/2020":                               "",
		"":                                         "",
		strings.Repeat("very long byline ", 12):    "",
		"Bylines Are Rare | The Example Times":     "Bylines Are Rare",
		"Ana Sandoiu, Published Tuesday 12 May 20": "Ana Sandoiu",
		"@someone":                                 "",
		"https://facebook.example/someone":         "",
		"Bradley M. Kuhn (http://ebb.org/bkuhn/)":  "Bradley M. Kuhn (http://ebb.org/bkuhn/)",
	}
	for in, want := range tests {
		if got := CleanByline(in); got != want {
			t.Errorf("CleanByline(%q) = %q, want %q", in, got, want)
		}
	}
}
