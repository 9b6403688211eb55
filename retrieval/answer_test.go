package retrieval

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// askOne builds an archive of files and asks it question.
func askOne(t *testing.T, files map[string]string, question string) Answer {
	t.Helper()
	t0 := time.Unix(1_700_000_000, 0)
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = file(text, t0)
	}
	a := testArchive(t, fsys, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	ans, err := a.Ask(context.Background(), question, AskOptions{})
	if err != nil {
		t.Fatalf("Ask(%q): %v", question, err)
	}
	for _, c := range ans.Citations {
		if text := articleText(a, c.ArticleID); !strings.Contains(text, c.Quote) {
			t.Errorf("quote %q is not in article %s", c.Quote, c.ArticleID)
		}
	}
	return ans
}

func TestQuotable(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"The lab had about 30 researchers, most of them with PhDs.", true},
		{"This is a sample article written for the archivist project.", false},
		{"This is a sample article written for the archivist project; the glacier and the survey are invented.", false},
		{"This article was first published in 2019 and has been updated.", false},
		{"All rights reserved by the publisher of this newspaper.", false},
		{"Photo: Reuters.", false},
		{"He said no.", false},
		{"The town and its ferry are invented.", false},
		{"The 2001 election cost £80m.", true},
	} {
		if got := quotable(tc.s); got != tc.want {
			t.Errorf("quotable(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

const sampleGlacier = `---
id: glacier
title: The Varden glacier lost a fifth of its ice
published: 2021-09-30
---
This is a sample article written for the archivist project; the glacier and the survey are invented.

Photo: survey team.

The Varden glacier lost a fifth of its ice between 2001 and 2021, a survey by the Nordholm institute found.
`

func TestAnswerNeverQuotesBoilerplateOrFragments(t *testing.T) {
	files := map[string]string{"glacier.md": sampleGlacier, "ferry.md": ferry}
	for _, q := range []string{
		"How much ice did the Varden glacier lose?",
		"Who won the 1998 football world cup final in Paris?", // abstains: nearest passages
	} {
		ans := askOne(t, files, q)
		for _, c := range ans.Citations {
			if !quotable(c.Quote) || strings.Contains(c.Quote, "sample article") || strings.Contains(c.Quote, "Photo:") {
				t.Errorf("Ask(%q) quotes %q, want no boilerplate or fragment", q, c.Quote)
			}
		}
	}
}

func TestAbstainTextDoesNotAnnounceTheList(t *testing.T) {
	ans := askOne(t, map[string]string{"tencent.md": tencent, "ferry.md": ferry}, "Who won the 1998 football world cup final in Paris?")
	if !ans.Abstained {
		t.Fatalf("Ask = %q, want an abstention", ans.Text)
	}
	if ans.Text != abstainText {
		t.Errorf("abstaining text = %q, want %q (the renderer heads the nearest passages)", ans.Text, abstainText)
	}
}

const timeWarner = `---
id: timewarner
title: Ad sales boost Time Warner profit
---
Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.

The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections and higher advert sales.

Time Warner's fourth quarter profits were slightly better than analysts' expectations. But its film division saw profits slump 27% to $284m, helped by box-office flops Alexander and Catwoman.
`

// The sentence that answers spells the name solid ("TimeWarner") and does
// not repeat the question's "quarterly"; the one that restates the question
// ("fourth quarter profits") must not win on the word "quarter" as if it
// were a figure.
func TestAnswerPrefersTheSentenceThatAnswers(t *testing.T) {
	ans := askOne(t, map[string]string{"tw.md": timeWarner, "ferry.md": ferry}, "How much did Time Warner's quarterly profits rise?")
	if ans.Abstained || len(ans.Citations) == 0 {
		t.Fatalf("Ask abstained: %q", ans.Text)
	}
	if got := ans.Citations[0].Quote; !strings.Contains(got, "jumped 76%") {
		t.Errorf("first quote = %q, want the sentence saying profits jumped 76%%", got)
	}
}

func TestSeeAlsoNeverPointsAtTheQuotedArticle(t *testing.T) {
	cites := []Citation{
		{N: 1, ArticleID: "a", Title: "A", Quote: "One."},
		{N: 2, ArticleID: "a", Title: "A", Quote: "Two."},
		{N: 3, ArticleID: "b", Title: "B", Quote: "Three."},
	}
	got := extractiveText(cites)
	want := "According to “A” (publication date unknown): “One.” [1]\nMore from the same article: [2].\nSee also [3]."
	if got != want {
		t.Errorf("extractiveText = %q, want %q", got, want)
	}
	got = extractiveText(cites[:2])
	if strings.Contains(got, "See also") {
		t.Errorf("extractiveText(one article) = %q, want no See also", got)
	}
}

func TestSources(t *testing.T) {
	cites := []Citation{{N: 1, ArticleID: "a"}, {N: 2, ArticleID: "b"}, {N: 3, ArticleID: "a"}}
	got := Sources(cites)
	if len(got) != 2 || len(got[0]) != 2 || got[0][1].N != 3 || got[1][0].N != 2 {
		t.Errorf("Sources(%v) = %v, want [[1 3] [2]]", cites, got)
	}
}

func TestAnswerInText(t *testing.T) {
	a := Answer{Text: "According to “A”: “The lab had\nabout 30 researchers.” [1]"}
	if !a.InText(Citation{Quote: "The lab had about 30 researchers."}) {
		t.Errorf("InText(quoted) = false, want true")
	}
	if a.InText(Citation{Quote: "Another sentence entirely."}) || a.InText(Citation{}) {
		t.Errorf("InText(not quoted) = true, want false")
	}
}

// A sentence's coverage of a question is the same sum, to the last bit,
// every time: near-ties between sentences then fall the same way from run
// to run (they once followed map order).
func TestCoverageIsTheSameEveryTime(t *testing.T) {
	words := strings.Fields("harbour ferry ticket pounds dawn lantern quarry ember violin glacier orchard falcon copper meadow thunder saffron council budget river bridge")
	fsys := fstest.MapFS{}
	for i := range 60 {
		// Word j is in every (j+2)th article, so that each has its own
		// document frequency and weight.
		var b strings.Builder
		fmt.Fprintf(&b, "Article %d\n\nThe article number %d", i, i)
		for j, w := range words {
			if i%(j+2) == 0 {
				b.WriteString(" " + w)
			}
		}
		b.WriteString(".")
		fsys[fmt.Sprintf("a%02d.md", i)] = file(b.String(), time.Unix(0, 0))
	}
	a := testArchive(t, fsys, "")
	if _, err := a.Update(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix, err := a.current()
	if err != nil {
		t.Fatal(err)
	}
	question := "Which " + strings.Join(words, " ") + "?"
	text := strings.Join(words[:7], " ") + " and " + strings.Join(words[9:17], " ") + "."
	want := newQuery(ix, question).coverage(text)
	for range 300 {
		if got := newQuery(ix, question).coverage(text); got != want {
			t.Fatalf("coverage = %v, then %v", want, got)
		}
	}
}
