package lexical

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"archivist/corpus"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Tencent's AI lab", []string{"tencent", "ai", "lab"}},
		{"It grew 2.9% to 1,500 researchers.", []string{"grew", "2.9", "1,500", "research"}},
		{"The elections", []string{"elect"}},
		{"", nil},
		{"Ünïcode WORDS", []string{"ünïcode", "word"}},
	} {
		if got := Terms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Terms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsStopWord(t *testing.T) {
	if !IsStopWord("the") || IsStopWord("ferry") {
		t.Errorf("IsStopWord(the), IsStopWord(ferry) = %v, %v; want true, false", IsStopWord("the"), IsStopWord("ferry"))
	}
}

// The stem cache stays bounded however many distinct words it hears, and
// stems stay right across a reset.
func TestStemCacheBounded(t *testing.T) {
	for i := range stemCacheMax + 1000 {
		stem(fmt.Sprintf("word%dings", i))
	}
	n := 0
	stemCache.m.Load().Range(func(any, any) bool { n++; return true })
	if n > stemCacheMax {
		t.Errorf("stem cache holds %d words, want at most %d", n, stemCacheMax)
	}
	if got := stem("ferries"); got != "ferri" {
		t.Errorf("stem(ferries) = %q, want ferri", got)
	}
}

func TestBuildAndSearch(t *testing.T) {
	arts := []corpus.Article{
		{Title: "Harbour ferry", Text: "The ferry sails at dawn. Tickets cost two pounds."},
		{Title: "Mountain railway", Text: "The railway climbs the mountain. The ferry is elsewhere."},
		{Title: "Bakery", Text: "Bread and cakes.", URL: "https://example.org/2022/06/ferry-strike/index.html"},
	}
	spans := []Span{{0, 0, 24}, {0, 25, 50}, {1, 0, 32}, {1, 33, 56}, {2, 0, 16}}
	byPassage, byArticle := Build(arts, spans)
	if byPassage.Len() != 5 || byArticle.Len() != 3 {
		t.Fatalf("Len = %d, %d; want 5, 3", byPassage.Len(), byArticle.Len())
	}
	got := byArticle.Search(Terms("ferry"), 10)
	// Every article holds "ferry": the first in its title and text, the
	// third only in its URL's words.
	if len(got) != 3 || got[0].Doc != 0 {
		t.Errorf("article search for ferry = %+v, want all three, article 0 first", got)
	}
	if got := byPassage.Search(Terms("railway mountain"), 10); len(got) != 2 || got[0].Doc != 2 {
		t.Errorf("passage search = %+v, want passages 2 then 3 (its title)", got)
	}
	if got := byPassage.Search(Terms("nothing matches"), 10); len(got) != 0 {
		t.Errorf("search for unknown words = %+v, want none", got)
	}
	if got := byPassage.Search(Terms("ferry"), 1); len(got) != 1 {
		t.Errorf("search with n=1 gave %d results", len(got))
	}
	// idf of a term in 1 of 5 passages: log(1 + (5-1+0.5)/(1+0.5)).
	if got, want := byPassage.IDF("cake"), math.Log(1+4.5/1.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("IDF(cake) = %v, want %v", got, want)
	}
	if got := byPassage.IDF("absent"); got != 0 {
		t.Errorf("IDF of an absent term = %v, want 0", got)
	}
	if got, want := byPassage.RareIDF(), math.Log1p(4.5/1.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("RareIDF = %v, want %v", got, want)
	}
}

func TestByScoreIsStable(t *testing.T) {
	s := []Scored{{Doc: 3, Score: 1}, {Doc: 1, Score: 1}, {Doc: 2, Score: 2}}
	slices.SortFunc(s, ByScore)
	if s[0].Doc != 2 || s[1].Doc != 1 || s[2].Doc != 3 {
		t.Errorf("sorted = %+v, want 2, then 1 and 3 in document order", s)
	}
}

func TestSearchFunc(t *testing.T) {
	arts := []corpus.Article{
		{Title: "Ferry", Text: "The ferry sails."},
		{Title: "Ferry again", Text: "The ferry sails again."},
		{Title: "Bread", Text: "Bread."},
	}
	_, byArticle := Build(arts, nil)
	q := map[string]float64{"ferri": 1}
	if got := byArticle.SearchFunc(q, 10, func(d int) bool { return d != 0 }); len(got) != 1 || got[0].Doc != 1 {
		t.Errorf("SearchFunc without document 0 = %+v, want document 1 alone", got)
	}
	if got, all := byArticle.SearchFunc(q, 10, nil), byArticle.SearchWeighted(q, 10); !slices.Equal(got, all) {
		t.Errorf("SearchFunc with nil keep = %+v, want SearchWeighted's %+v", got, all)
	}
}

// TestBuildTermsIsBuild: indexes built from analysed terms score as those
// Build makes from the texts.
func TestBuildTermsIsBuild(t *testing.T) {
	arts := []corpus.Article{
		{Title: "Ferries", URL: "https://example.org/news/night-ferry-returns.html", Text: "The night ferry runs again. Tickets cost more."},
		{Title: "Lighthouse", Text: "The keeper retired after forty years. The lamp is automatic now."},
	}
	spans := []Span{{0, 0, 26}, {0, 27, 46}, {1, 0, 37}, {1, 38, 64}}
	bp, ba := Build(arts, spans)
	var at, pt [][]string
	for _, a := range arts {
		at = append(at, append(Terms(Heading(a)), Terms(a.Text)...))
	}
	for _, s := range spans {
		a := arts[s.Article]
		pt = append(pt, append(Terms(Heading(a)), Terms(a.Text[s.Start:s.End])...))
	}
	tp, ta := BuildTerms(at, pt)
	for _, q := range []string{"ferry tickets", "keeper lamp", "night lighthouse"} {
		w := map[string]float64{}
		for _, t := range Terms(q) {
			w[t] = 1
		}
		for _, pair := range [][2]*Index{{bp, tp}, {ba, ta}} {
			want, got := pair[0].SearchWeighted(w, 10), pair[1].SearchWeighted(w, 10)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%q: BuildTerms gives %v, Build %v", q, got, want)
			}
		}
	}
}
