package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"archivist/corpus"
	"archivist/retrieval"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
)

func ExampleRender() {
	a := retrieval.Answer{
		Question: "When did the bridge open?",
		Text:     "According to “The new bridge opens”: “The new bridge opened to traffic on 1 June 1998.” [1]\nMore from the same article: [2].",
		Citations: []retrieval.Citation{{
			N: 1, ArticleID: "bridge", Title: "The new bridge opens", URL: "https://news.example/bridge", Published: "1998-06-02",
			Quote: "The new bridge opened to traffic on 1 June 1998.",
		}, {
			N: 2, ArticleID: "bridge", Title: "The new bridge opens", URL: "https://news.example/bridge", Published: "1998-06-02",
			Quote: "It opened a year later than planned.",
		}},
		Took: 420 * time.Millisecond,
	}
	e := Render(a, 1234)
	fmt.Println(e.Title)
	fmt.Println(e.Description)
	for _, f := range e.Fields {
		fmt.Println(f.Name)
		fmt.Println(f.Value)
	}
	fmt.Println(e.Footer.Text)
	// Output:
	// When did the bridge open?
	// According to “The new bridge opens”: “The new bridge opened to traffic on 1 June 1998.” [1]
	// More from the same article: [2].
	// [1] [2] 1998-06-02
	// [The new bridge opens](https://news.example/bridge)
	// > \[2\] It opened a year later than planned.
	// Searched 1,234 articles in 420 ms
}

// embedSize is the number of characters Discord counts towards an embed's
// 6,000: title, description, field names and values, footer and author.
func embedSize(e *discordgo.MessageEmbed) int {
	n := size(e.Title) + size(e.Description)
	for _, f := range e.Fields {
		n += size(f.Name) + size(f.Value)
	}
	if e.Footer != nil {
		n += size(e.Footer.Text)
	}
	if e.Author != nil {
		n += size(e.Author.Name)
	}
	return n
}

// checkLimits reports every Discord limit e breaks.
func checkLimits(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	if n := size(e.Title); n > maxTitle {
		t.Errorf("title has %d characters, want at most %d", n, maxTitle)
	}
	if n := size(e.Description); n > maxDescription {
		t.Errorf("description has %d characters, want at most %d", n, maxDescription)
	}
	if n := len(e.Fields); n > maxFields {
		t.Errorf("%d fields, want at most %d", n, maxFields)
	}
	for _, f := range e.Fields {
		if n := size(f.Name); n > maxFieldName || n == 0 {
			t.Errorf("field name has %d characters, want 1 to %d", n, maxFieldName)
		}
		if n := size(f.Value); n > maxFieldValue || n == 0 {
			t.Errorf("field value has %d characters, want 1 to %d", n, maxFieldValue)
		}
	}
	if e.Footer != nil && size(e.Footer.Text) > maxFooter {
		t.Errorf("footer has %d characters, want at most %d", size(e.Footer.Text), maxFooter)
	}
	if n := embedSize(e); n > maxEmbedTotal {
		t.Errorf("embed has %d characters, want at most %d", n, maxEmbedTotal)
	}
}

func TestRenderKeepsLimits(t *testing.T) {
	emoji := retrieval.Answer{Question: strings.Repeat("😀", 300), Text: strings.Repeat("Emoji 😀 count twice. ", 400)}
	for i := 1; i <= 10; i++ {
		emoji.Citations = append(emoji.Citations, retrieval.Citation{N: i, Title: strings.Repeat("😀", 200), Quote: strings.Repeat("😀 ", 600)})
	}
	tests := []struct {
		name string
		a    retrieval.Answer
	}{
		{"longest", longestAnswer(strings.Repeat("Why is this question so long? ", 20))},
		{"emoji", emoji},
		{"abstained with passages", retrieval.Answer{Abstained: true, Passages: longestAnswer("q").Passages}},
		{"empty", retrieval.Answer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Render(tt.a, 10)
			checkLimits(t, e)
			if e.Title == "" || e.Description == "" {
				t.Errorf("Render gave title %q, description %q; want both", e.Title, e.Description)
			}
		})
	}
}

func TestRenderCutsAtSentencesAndSources(t *testing.T) {
	a := longestAnswer("q")
	e := Render(a, 10)
	desc, ok := strings.CutSuffix(e.Description, " "+ellipsis)
	if !ok {
		t.Fatalf("description ends %q, want a cut marked with an ellipsis", e.Description[len(e.Description)-20:])
	}
	if !strings.HasPrefix(a.Text, desc) || !strings.HasSuffix(desc, "].") {
		t.Errorf("description ends %q, want a prefix of the answer ending with a sentence and its marker", desc[len(desc)-30:])
	}
	if len(e.Fields) == 0 || len(e.Fields) == len(a.Citations) {
		t.Fatalf("%d of %d sources shown, want some left out", len(e.Fields), len(a.Citations))
	}
	for i, f := range e.Fields {
		if want := fmt.Sprintf("[%d] 2001-02-03", i+1); f.Name != want {
			t.Errorf("field %d name = %q, want %q", i, f.Name, want)
		}
		if !strings.HasPrefix(f.Value, "[Title") || !strings.Contains(f.Value, fmt.Sprintf("](https://news.example/%d)\n> ", i+1)) {
			t.Errorf("field %d value = %q, want a whole linked title and a quote", i, f.Value)
		}
	}
	want := fmt.Sprintf("%d more sources not shown", len(a.Citations)-len(e.Fields))
	if !strings.Contains(e.Footer.Text, want) || !strings.Contains(e.Footer.Text, "answer written without the model") {
		t.Errorf("footer = %q, want the note and %q", e.Footer.Text, want)
	}
}

func TestRenderSource(t *testing.T) {
	tests := []struct {
		name      string
		c         retrieval.Citation
		wantName  string
		wantValue string
	}{
		{
			"linked and dated",
			retrieval.Citation{N: 2, Title: "A *bold* [claim]", URL: "https://x.example/a_(b)", Published: "2016-12-08", Quote: "It said > so."},
			"[2] 2016-12-08",
			"[A \\*bold\\* \\[claim\\]](https://x.example/a_%28b%29)\n> It said \\> so.",
		},
		{
			"no URL, no date, no title",
			retrieval.Citation{N: 1, Quote: "Quoted."},
			"[1] date unknown",
			"**Untitled**\n> Quoted.",
		},
		{
			"not a web link",
			retrieval.Citation{N: 3, Title: "Local", URL: "file:///etc/passwd", Published: "2001", Quote: "Q."},
			"[3] 2001",
			"**Local**\n> Q.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Render(retrieval.Answer{Question: "q", Text: "t", Citations: []retrieval.Citation{tt.c}}, 1)
			if len(e.Fields) != 1 {
				t.Fatalf("%d fields, want 1", len(e.Fields))
			}
			got := [2]string{e.Fields[0].Name, e.Fields[0].Value}
			if diff := cmp.Diff([2]string{tt.wantName, tt.wantValue}, got); diff != "" {
				t.Errorf("field (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderAbstained(t *testing.T) {
	a := retrieval.Answer{
		Question: "Who won?", Abstained: true, Text: "The archive does not say who won.",
		Passages: []retrieval.Passage{{Title: "Match report", URL: "https://x.example/m", Published: "1999-01-01", Text: "The match was played."}},
	}
	e := Render(a, 3)
	if e.Color != colorAbstain || !strings.HasPrefix(e.Description, "The archive does not say who won.") ||
		!strings.Contains(e.Description, "The nearest passages:") {
		t.Errorf("Render(abstained) = colour %x, %q; want grey, saying so and showing the nearest passages", e.Color, e.Description)
	}
	if len(e.Fields) != 1 || e.Fields[0].Name != "1. 1999-01-01" {
		t.Errorf("fields = %+v, want the nearest passage, dated", e.Fields)
	}
}

func TestRenderSearchAndPassagesKeepLimits(t *testing.T) {
	ps := longestAnswer("q").Passages
	checkLimits(t, renderSearch(strings.Repeat("query ", 100), ps, 5, time.Second, retrieval.Time{}))
	checkLimits(t, renderPassages(ps))
	st := retrieval.Stats{Articles: 5, Chunks: 9, Oldest: "1990", Newest: "2020"}
	for i := range 5 {
		st.Latest = append(st.Latest, retrieval.ArticleInfo{Title: strings.Repeat("t", 500), URL: fmt.Sprint("https://x.example/", i)})
	}
	checkLimits(t, renderSources(st))
	checkLimits(t, renderHelp(true))
	if with, without := renderHelp(true).Description, renderHelp(false).Description; !strings.Contains(with, "direct message") ||
		strings.Contains(without, "direct message") {
		t.Errorf("help mentions DMs: with DMs %v, without %v; want only with",
			strings.Contains(with, "direct message"), strings.Contains(without, "direct message"))
	}
}

func TestRenderReload(t *testing.T) {
	r := retrieval.Report{Articles: 1200, Added: 3, Updated: 1, Removed: 2}
	if got, want := renderReload(r, 1500*time.Millisecond),
		"Reload done in 1.5 s: 3 added, 1 updated, 2 removed, 0 skipped. The archive now holds 1,200 articles."; got != want {
		t.Errorf("renderReload = %q, want %q", got, want)
	}
	for i := range 40 {
		r.Skipped = append(r.Skipped, corpus.Skipped{Path: fmt.Sprintf("dir/file%d.html", i), Error: strings.Repeat("bad ", 100)})
	}
	got := renderReload(r, time.Second)
	if size(got) > maxContent {
		t.Errorf("renderReload has %d characters, want at most %d", size(got), maxContent)
	}
	if !strings.Contains(got, "40 skipped") || !strings.Contains(got, "dir/file0.html") || !strings.Contains(got, "more (see the log)") {
		t.Errorf("renderReload = %q, want the count, the first skipped files and how many more", got)
	}
}

// TestRenderHelp checks that /help names every way to ask, whole: within
// an embed's description, not cut.
func TestRenderHelp(t *testing.T) {
	for _, dms := range []bool{true, false} {
		got := renderHelp(dms).Description
		if !strings.HasSuffix(got, "check each source's date.") {
			t.Errorf("renderHelp(%v) ends %q, want the whole text", dms, got[max(0, len(got)-40):])
		}
		if n := size(got); n > maxDescription {
			t.Errorf("renderHelp(%v) has %d characters, want at most %d", dms, n, maxDescription)
		}
		for _, want := range []string{"/ask question:", "private: True", "thread: True", "from: YYYY-MM-DD", "to: YYYY-MM-DD",
			"/search", "/sources", "/reload", "Ask the archive", "👍", "👎", "Show passages", "thread", "without mentioning me", "reply to one of my answers"} {
			if !strings.Contains(got, want) {
				t.Errorf("renderHelp(%v) = %q, want it to hold %q", dms, got, want)
			}
		}
	}
}
