package retrieval

import (
	"context"
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
