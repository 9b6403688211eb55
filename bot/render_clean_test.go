package bot

import (
	"strings"
	"testing"

	"archivist/retrieval"
)

func TestRenderShowsEachQuoteOnce(t *testing.T) {
	quote := "The lab had about 30 researchers."
	cites := []retrieval.Citation{{N: 1, ArticleID: "a", Title: "A", Quote: quote}}
	for _, tt := range []struct {
		name, text string
		wantUnder  bool // the quote is shown under its source
	}{
		{"extractive, quoted in the text", "According to “A”: “The lab had\nabout 30 researchers.” [1]", false},
		{"written, not quoted", "The lab had some thirty researchers [1].", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := Render(retrieval.Answer{Question: "q", Text: tt.text, Citations: cites}, 1)
			if len(e.Fields) != 1 {
				t.Fatalf("%d fields, want 1", len(e.Fields))
			}
			if got := strings.Contains(e.Fields[0].Value, "about 30 researchers"); got != tt.wantUnder {
				t.Errorf("field %q shows the quote: %v, want %v", e.Fields[0].Value, got, tt.wantUnder)
			}
		})
	}
}

func TestRenderOneSourcePerArticle(t *testing.T) {
	a := retrieval.Answer{
		Question: "q", Text: "Written [1] [2] [3].",
		Citations: []retrieval.Citation{
			{N: 1, ArticleID: "a", Title: "A", Published: "2001-01-01", Quote: "First of A."},
			{N: 2, ArticleID: "b", Title: "B", Published: "2002-02-02", Quote: "Only B."},
			{N: 3, ArticleID: "a", Title: "A", Published: "2001-01-01", Quote: "Second of A."},
		},
	}
	e := Render(a, 2)
	if len(e.Fields) != 2 {
		t.Fatalf("%d fields, want 2 (one per article): %+v", len(e.Fields), e.Fields)
	}
	if got, want := e.Fields[0].Name, "[1] [3] 2001-01-01"; got != want {
		t.Errorf("first field name = %q, want %q", got, want)
	}
	for _, want := range []string{`\[1\] First of A.`, `\[3\] Second of A.`} {
		if !strings.Contains(e.Fields[0].Value, want) {
			t.Errorf("first field value = %q, want it to hold %q", e.Fields[0].Value, want)
		}
	}
	if got, want := e.Fields[1].Name, "[2] 2002-02-02"; got != want {
		t.Errorf("second field name = %q, want %q", got, want)
	}
}

func TestRenderAbstainedSaysNearestOnce(t *testing.T) {
	a := retrieval.Answer{
		Question: "q", Abstained: true, Text: "The archive does not hold an answer to that question.",
		Citations: []retrieval.Citation{{N: 1, ArticleID: "a", Title: "A", Quote: "Nearby sentence."}},
	}
	e := Render(a, 1)
	if n := strings.Count(strings.ToLower(e.Description), "nearest passages"); n != 1 {
		t.Errorf("description %q speaks of the nearest passages %d times, want once", e.Description, n)
	}
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Value, "Nearby sentence.") {
		t.Errorf("fields = %+v, want the nearest passage with its sentence", e.Fields)
	}
}
