package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"archivist/retrieval/internal/cite"
)

// generateFixture is testdata/generate_archive.json: a few articles and the
// passages a search returned for a question about Kenya's president.
type generateFixture struct {
	Articles map[string]string // article ID → cleaned text
	Passages []Passage         // best first; each Text a substring of its article
}

// loadGenerateFixture reads the fixture; each passage runs from the first
// occurrence of its "from" text to the end of its article.
func loadGenerateFixture(t testing.TB) generateFixture {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "generate_archive.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Articles []struct{ ID, Title, URL, Published, Text string }
		Passages []struct{ Article, From string }
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	f := generateFixture{Articles: map[string]string{}}
	meta := map[string]Passage{}
	for _, a := range file.Articles {
		f.Articles[a.ID] = a.Text
		meta[a.ID] = Passage{ArticleID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published}
	}
	for i, p := range file.Passages {
		text := f.Articles[p.Article]
		start := strings.Index(text, p.From)
		if start < 0 {
			t.Fatalf("passage %d: %q not in article %s", i, p.From, p.Article)
		}
		ps := meta[p.Article]
		ps.Text, ps.Start, ps.End, ps.Score = text[start:], start, len(text), 1/float64(i+1)
		f.Passages = append(f.Passages, ps)
	}
	return f
}

// replying is a fake model that always writes reply.
func replying(reply string) Generator {
	return GeneratorFunc(func(ctx context.Context, req GenerateRequest) (string, error) {
		return reply, nil
	})
}

func TestGeneratedAnswer(t *testing.T) {
	fx := loadGenerateFixture(t)
	type cite struct {
		N         int
		ID, Quote string
	}
	tests := []struct {
		name      string
		gen       Generator
		wantText  string
		wantCites []cite
		wantAbst  bool
		wantErr   string
	}{
		{
			name:     "valid markers renumbered by first appearance",
			gen:      replying("As of September 2022, William Ruto is Kenya's fifth president [2][1]. He won 50.49% of the vote [2]."),
			wantText: "As of September 2022, William Ruto is Kenya's fifth president [1][2]. He won 50.49% of the vote [1].",
			wantCites: []cite{
				// Cited for the presidency and for the vote: one sentence each.
				{1, "kenya-1", "Kenya's electoral commission on Monday declared Deputy President William Ruto the winner of the presidential election. Ruto won 50.49% of the vote, narrowly beating Raila Odinga."},
				{2, "kenya-2", "William Ruto was sworn in as Kenya's fifth president on Tuesday at a stadium in Nairobi."},
			},
		},
		{
			name:     "grouped markers and a marker after the full stop",
			gen:      replying("Ruto was sworn in on 13 September 2022 at a stadium in Nairobi [1, 2]. Odinga rejected the result. [2]"),
			wantText: "Ruto was sworn in on 13 September 2022 at a stadium in Nairobi [1][2]. Odinga rejected the result. [2]",
			wantCites: []cite{
				{1, "kenya-2", "William Ruto was sworn in as Kenya's fifth president on Tuesday at a stadium in Nairobi."},
				{2, "kenya-1", "Odinga's camp rejected the result and said it would go to court."},
			},
		},
		{
			name:     "markers for passages that do not exist are removed",
			gen:      replying("Ruto won the election [2][7]. The shilling fell [12]. Supporters attended [Passage 1]."),
			wantText: "Ruto won the election [1]. The shilling fell. Supporters attended [2].",
			wantCites: []cite{
				{1, "kenya-1", "Kenya's electoral commission on Monday declared Deputy President William Ruto the winner of the presidential election."},
				{2, "kenya-2", "Thousands of supporters attended the ceremony."},
			},
		},
		{
			name:    "only unknown passages cited",
			gen:     replying("Ruto won [5]. He was sworn in [0]."),
			wantErr: "cited only passages it was not given",
		},
		{
			name:    "no markers",
			gen:     replying("William Ruto is Kenya's president."),
			wantErr: "cited no passage",
		},
		{
			name:     "not in the archive",
			gen:      replying("Not in the archive."),
			wantAbst: true,
			wantText: "The archive does not hold an answer to that question.",
			wantCites: []cite{
				{1, "kenya-2", "William Ruto was sworn in as Kenya's fifth president on Tuesday at a stadium in Nairobi."},
				{2, "kenya-1", "Kenya's electoral commission on Monday declared Deputy President William Ruto the winner of the presidential election."},
				{3, "shilling", "The Kenyan shilling weakened against the dollar on Friday."},
			},
		},
		{
			name:     "not in the archive with more words and a stray marker",
			gen:      replying("**NOT in the archive** — the passages do not say [1]."),
			wantAbst: true,
			wantText: "The archive does not hold an answer to that question.",
			wantCites: []cite{
				{1, "kenya-2", "William Ruto was sworn in as Kenya's fifth president on Tuesday at a stadium in Nairobi."},
				{2, "kenya-1", "Kenya's electoral commission on Monday declared Deputy President William Ruto the winner of the presidential election."},
				{3, "shilling", "The Kenyan shilling weakened against the dollar on Friday."},
			},
		},
		{
			name:      "reasoning and label stripped",
			gen:       replying("<think>The user wants [3].</think>\nAnswer: The shilling weakened against the dollar [3]."),
			wantText:  "The shilling weakened against the dollar [1].",
			wantCites: []cite{{1, "shilling", "The Kenyan shilling weakened against the dollar on Friday."}},
		},
		{
			name:      "mass mentions neutralised",
			gen:       replying("@everyone @here: the shilling weakened [3]."),
			wantText:  "@\u200beveryone @\u200bhere: the shilling weakened [1].",
			wantCites: []cite{{1, "shilling", "The Kenyan shilling weakened against the dollar on Friday."}},
		},
		{
			name: "generator fails",
			gen: GeneratorFunc(func(ctx context.Context, req GenerateRequest) (string, error) {
				return "", errors.New("openai-compatible:m at http://h/v1: HTTP 503")
			}),
			wantErr: "written answer unavailable: openai-compatible:m at http://h/v1: HTTP 503",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := generatedAnswer(context.Background(), tt.gen, "Who is Kenya's president?", time.Time{}, fx.Passages, 0, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("generatedAnswer error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("generatedAnswer error %v, want none", err)
			}
			if got.Text != tt.wantText || got.Abstained != tt.wantAbst {
				t.Errorf("generatedAnswer = %q (abstained %v), want %q (abstained %v)", got.Text, got.Abstained, tt.wantText, tt.wantAbst)
			}
			var cites []cite
			for _, c := range got.Citations {
				cites = append(cites, cite{c.N, c.ArticleID, c.Quote})
				if !strings.Contains(fx.Articles[c.ArticleID], c.Quote) {
					t.Errorf("citation %d quote %q is not verbatim in article %s", c.N, c.Quote, c.ArticleID)
				}
			}
			if diff := cmp.Diff(tt.wantCites, cites); diff != "" {
				t.Errorf("citations (-want +got):\n%s", diff)
			}
			checkMarkersResolve(t, got)
		})
	}
}

// checkMarkersResolve fails t unless every marker of ans.Text names one of
// its citations and every citation of a non-abstaining answer is used.
func checkMarkersResolve(t *testing.T, ans Answer) {
	t.Helper()
	used := map[int]bool{}
	for _, m := range cite.FindMarkers(ans.Text) {
		for _, n := range m.Nums {
			if n < 1 || n > len(ans.Citations) {
				t.Errorf("answer %q has marker [%d], want 1..%d", ans.Text, n, len(ans.Citations))
			}
			used[n] = true
		}
	}
	for i, c := range ans.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has N %d, want %d", i, c.N, i+1)
		}
		if !ans.Abstained && !used[c.N] {
			t.Errorf("citation %d is not cited in %q", c.N, ans.Text)
		}
	}
}
