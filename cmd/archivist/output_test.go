package main

import (
	"strings"
	"testing"

	"archivist/retrieval"
)

func TestWriteAnswerQuotesOnceAndGroupsByArticle(t *testing.T) {
	a := retrieval.Answer{
		Text: "According to “A” (published 8 December 2016): “The lab had about 30 researchers.” [1]\nMore from the same article: [2].\nSee also [3].",
		Citations: []retrieval.Citation{
			{N: 1, ArticleID: "a", Title: "A", Published: "2016-12-08", Quote: "The lab had about 30 researchers."},
			{N: 2, ArticleID: "a", Title: "A", Published: "2016-12-08", Quote: "It was hiring quickly."},
			{N: 3, ArticleID: "b", Title: "B", Published: "2017-01-02", Quote: "The lab grew."},
		},
	}
	var b strings.Builder
	writeAnswer(&b, a)
	got := b.String()
	want := a.Text + "\n\nSources:\n" +
		"[1] [2] A · 2016-12-08\n" +
		"    [2] “It was hiring quickly.”\n" +
		"[3] B · 2017-01-02\n" +
		"    “The lab grew.”\n"
	if got != want {
		t.Errorf("writeAnswer =\n%s\nwant\n%s", got, want)
	}
	if n := strings.Count(got, "about 30 researchers"); n != 1 {
		t.Errorf("writeAnswer shows the first quote %d times, want once", n)
	}
}

func TestWriteAnswerNoteAndAbstention(t *testing.T) {
	a := retrieval.Answer{
		Text: "The archive does not hold an answer to that question.", Abstained: true,
		Note:      retrieval.NoteLLMFallback,
		Citations: []retrieval.Citation{{N: 1, ArticleID: "a", Title: "A", Quote: "Nearby."}},
	}
	var b strings.Builder
	writeAnswer(&b, a)
	got := b.String()
	for _, want := range []string{"\nNote: " + retrieval.NoteLLMFallback + "\n", "\nNearest passages:\n[1] A · date unknown\n    “Nearby.”\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("writeAnswer = %q, want it to hold %q", got, want)
		}
	}
	if strings.Contains(got, "Sources:") || strings.Count(strings.ToLower(got), "nearest passages") != 1 {
		t.Errorf("writeAnswer = %q, want the nearest passages headed once", got)
	}
}
