package main

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"archivist/retrieval"
)

// ranking returns n distinct article ids, "a1" to "aN", with gold at
// position pos (from 1) when pos is within them.
func ranking(n, pos int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "a" + strconv.Itoa(i+1)
	}
	if pos >= 1 && pos <= n {
		ids[pos-1] = "gold"
	}
	return ids
}

// figures is what a test checks of an evalOutput.
type figures struct {
	r1, r5, r10, mrr float64
}

func retrievalFigures(out evalOutput) figures {
	return figures{out.RecallAt["1"], out.RecallAt["5"], out.RecallAt["10"], out.MRR}
}

func TestScoreRankOfOneQuestion(t *testing.T) {
	tests := []struct {
		name      string
		gold      []string
		retrieved []string
		want      figures
	}{
		{"gold first", []string{"gold"}, ranking(12, 1), figures{1, 1, 1, 1}},
		{"gold second", []string{"gold"}, ranking(12, 2), figures{0, 1, 1, 0.5}},
		{"gold fifth", []string{"gold"}, ranking(12, 5), figures{0, 1, 1, 0.2}},
		{"gold sixth", []string{"gold"}, ranking(12, 6), figures{0, 0, 1, 0.167}},
		{"gold tenth", []string{"gold"}, ranking(12, 10), figures{0, 0, 1, 0.1}},
		{"gold eleventh", []string{"gold"}, ranking(12, 11), figures{0, 0, 0, 0.091}},
		{"gold absent", []string{"gold"}, ranking(12, 0), figures{0, 0, 0, 0}},
		{"nothing retrieved", []string{"gold"}, []string{}, figures{0, 0, 0, 0}},
		{"first of several golds counts", []string{"a7", "a3", "a9"}, ranking(12, 0), figures{0, 1, 1, 0.333}},
		{"a gold later in the list changes nothing", []string{"a2", "a4"}, ranking(12, 0), figures{0, 1, 1, 0.5}},
		{"only the second gold retrieved", []string{"missing", "a6"}, ranking(12, 0), figures{0, 0, 1, 0.167}},
		{"repeated articles take no rank", []string{"gold"}, []string{"a1", "a1", "a2", "a1", "a2", "a3", "a4", "gold"}, figures{0, 1, 1, 0.2}},
		{"repeats push no gold out of the top 5", []string{"gold"}, []string{"a1", "a1", "a1", "a1", "a1", "gold"}, figures{0, 1, 1, 0.5}},
		{"a repeated gold keeps its first rank", []string{"gold"}, []string{"a1", "gold", "gold"}, figures{0, 1, 1, 0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := []question{{ID: "q", GoldArticleIDs: tt.gold}}
			out := score(qs, []evalResult{{ID: "q", Retrieved: tt.retrieved}})
			if got := retrievalFigures(out); got != tt.want {
				t.Errorf("score(gold %v, retrieved %v) = %+v, want %+v", tt.gold, tt.retrieved, got, tt.want)
			}
		})
	}
}

func TestScoreRankOverQuestions(t *testing.T) {
	qs := []question{
		{ID: "first", GoldArticleIDs: []string{"gold"}},
		{ID: "sixth", GoldArticleIDs: []string{"gold"}},
		{ID: "absent", GoldArticleIDs: []string{"gold"}},
		{ID: "eleventh", GoldArticleIDs: []string{"gold"}},
		// Without gold: left out of recall and MRR even though "gold" leads.
		{ID: "no gold", GoldArticleIDs: nil},
		{ID: "empty gold", GoldArticleIDs: []string{}},
	}
	results := []evalResult{
		{ID: "first", Retrieved: ranking(12, 1)},
		{ID: "sixth", Retrieved: ranking(12, 6)},
		{ID: "absent", Retrieved: ranking(12, 0)},
		{ID: "eleventh", Retrieved: ranking(12, 11)},
		{ID: "no gold", Retrieved: ranking(12, 1)},
		{ID: "empty gold", Retrieved: ranking(12, 1)},
	}
	out := score(qs, results)
	// Over 4 questions: found at 1, 6, never, 11.
	// MRR = (1 + 1/6 + 0 + 1/11) / 4 = 0.31439…
	want := figures{r1: 0.25, r5: 0.25, r10: 0.5, mrr: 0.314}
	if got := retrievalFigures(out); got != want {
		t.Errorf("score = %+v, want %+v", got, want)
	}
	if out.Questions != 6 || len(out.Results) != 6 {
		t.Errorf("score counts %d questions and %d results, want 6 and 6", out.Questions, len(out.Results))
	}
}

func TestScoreNoGold(t *testing.T) {
	out := score([]question{{ID: "q"}}, []evalResult{{ID: "q", Retrieved: ranking(10, 1)}})
	if got, want := retrievalFigures(out), (figures{}); got != want {
		t.Errorf("score without gold = %+v, want %+v", got, want)
	}
}

func TestScoreAnswerSupport(t *testing.T) {
	yes, no := true, false
	// answerable is a question counted for answer support, answering "30".
	answerable := question{ID: "q", Answers: []string{"30"}}
	tests := []struct {
		name   string
		q      question
		r      evalResult
		counts bool // whether the question is in the denominator
		want   bool // whether it counts as supported
	}{
		{"exact", answerable, evalResult{Quotes: []string{"about 30 researchers"}}, true, true},
		{"lower-cased", question{Answers: []string{"Tencent AI Lab"}}, evalResult{Quotes: []string{"TENCENT AI LAB had"}}, true, true},
		{"punctuation in the quote", question{Answers: []string{"jean luc"}}, evalResult{Quotes: []string{"Jean-Luc said"}}, true, true},
		{"punctuation in the answer", question{Answers: []string{"Jean-Luc"}}, evalResult{Quotes: []string{"jean luc said"}}, true, true},
		{"punctuation on both sides", question{Answers: []string{"U.S."}}, evalResult{Quotes: []string{"the u.s. army"}}, true, true},
		{"a substring of a word counts", question{Answers: []string{"cat"}}, evalResult{Quotes: []string{"concatenate"}}, true, true},
		{"not there", answerable, evalResult{Quotes: []string{"about forty"}}, true, false},
		{"no quotes", answerable, evalResult{Quotes: []string{}}, true, false},
		{"in the answer text only", answerable, evalResult{Answer: "30", Quotes: []string{"about forty"}}, true, false},
		{"third quote", answerable, evalResult{Quotes: []string{"x", "y", "30 of them"}}, true, true},
		{"fourth quote is not read", answerable, evalResult{Quotes: []string{"x", "y", "z", "30 of them"}}, true, false},
		{"second answer matches", question{Answers: []string{"thirty", "30"}}, evalResult{Quotes: []string{"30 of them"}}, true, true},
		{"answer of punctuation only never matches", question{Answers: []string{"?!"}}, evalResult{Quotes: []string{"what?!"}}, true, false},
		{"abstained never supports", answerable, evalResult{Abstained: true, Quotes: []string{"30 of them"}}, true, false},
		{"answer in gold article", question{Answers: []string{"30"}, AnswerInGoldArticle: &yes}, evalResult{Quotes: []string{"30"}}, true, true},
		{"answer outside gold article is excluded", question{Answers: []string{"30"}, AnswerInGoldArticle: &no}, evalResult{Quotes: []string{"40"}}, false, false},
		{"unanswerable is excluded", question{Answers: []string{"30"}, Unanswerable: true}, evalResult{Quotes: []string{"40"}}, false, false},
		{"no answers is excluded", question{}, evalResult{Quotes: []string{"40"}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Beside the question under test stand one supported and one
			// unsupported answerable question: the share tells both
			// whether it counted and whether it was supported.
			qs := []question{tt.q, answerable, answerable}
			rs := []evalResult{tt.r, {Quotes: []string{"30"}}, {Quotes: []string{"40"}}}
			want := 0.5
			switch {
			case tt.counts && tt.want:
				want = 0.667
			case tt.counts:
				want = 0.333
			}
			if got := score(qs, rs).AnswerSupport; got != want {
				t.Errorf("answer_support with %+v answered %+v = %v, want %v", tt.q, tt.r, got, want)
			}
		})
	}
}

func TestScoreAnswerSupportNone(t *testing.T) {
	out := score([]question{{ID: "q", Unanswerable: true}}, []evalResult{{ID: "q", Abstained: true}})
	if out.AnswerSupport != 0 {
		t.Errorf("answer_support without answerable questions = %v, want 0", out.AnswerSupport)
	}
}

func TestScoreAbstainCorrect(t *testing.T) {
	unanswerable := question{Unanswerable: true}
	answerable := question{Answers: []string{"30"}}
	tests := []struct {
		name      string
		qs        []question
		abstained []bool
		want      string // "null" or the share
	}{
		{"no unanswerable", []question{answerable, answerable}, []bool{true, false}, "null"},
		{"no questions", nil, nil, "null"},
		{"all abstained", []question{unanswerable, unanswerable}, []bool{true, true}, "1"},
		{"none abstained", []question{unanswerable}, []bool{false}, "0"},
		{"one of three", []question{unanswerable, unanswerable, unanswerable}, []bool{true, false, false}, "0.333"},
		{"abstaining on answerable ones does not count", []question{unanswerable, answerable, unanswerable}, []bool{false, true, true}, "0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := make([]evalResult, len(tt.qs))
			for i := range rs {
				rs[i].Abstained = tt.abstained[i]
			}
			got := "null"
			if v := score(tt.qs, rs).AbstainCorrect; v != nil {
				got = strconv.FormatFloat(*v, 'g', -1, 64)
			}
			if got != tt.want {
				t.Errorf("abstain_correct = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestScorePercentiles(t *testing.T) {
	tests := []struct {
		name     string
		took     []float64
		p50, p95 float64
	}{
		{"none", nil, 0, 0},
		{"one", []float64{7}, 7, 7},
		{"two", []float64{9, 3}, 3, 9},
		{"three, unsorted", []float64{30, 10, 20}, 20, 30},
		{"four: the lower middle", []float64{4, 1, 3, 2}, 2, 4},
		{"five", []float64{5, 1, 4, 2, 3}, 3, 5},
		{"twenty", seq(20), 10, 19},
		{"twenty-one", seq(21), 11, 20},
		{"one hundred", seq(100), 50, 95},
		{"one hundred and one", seq(101), 51, 96},
		{"ties", []float64{2, 2, 2, 9}, 2, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := make([]question, len(tt.took))
			rs := make([]evalResult, len(tt.took))
			for i, ms := range tt.took {
				rs[i].TookMS = ms
			}
			before := slices.Clone(tt.took)
			out := score(qs, rs)
			if out.P50MS != tt.p50 || out.P95MS != tt.p95 {
				t.Errorf("p50, p95 of %v = %v, %v, want %v, %v", tt.took, out.P50MS, out.P95MS, tt.p50, tt.p95)
			}
			for i := range rs {
				if rs[i].TookMS != before[i] {
					t.Fatalf("score reordered the results' times: %v, want %v", rs, before)
				}
			}
		})
	}
}

// TestPercentileNearestRank checks every length up to 1,000 against the
// nearest rank in whole numbers: ceil(n·50/100) and ceil(n·95/100).
func TestPercentileNearestRank(t *testing.T) {
	for n := 1; n <= 1000; n++ {
		xs := seq(n)
		for _, p := range []int{50, 95} {
			want := float64((n*p + 99) / 100)
			if got := percentile(xs, float64(p)/100); got != want {
				t.Fatalf("percentile(1..%d, 0.%d) = %v, want %v", n, p, got, want)
			}
		}
	}
}

// seq returns 1, 2, …, n in a shuffled but fixed order.
func seq(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64((i*7)%n + 1)
	}
	if n%7 == 0 { // 7 would not permute 1..n; fall back to descending
		for i := range xs {
			xs[i] = float64(n - i)
		}
	}
	return xs
}

func TestResultOf(t *testing.T) {
	tests := []struct {
		name string
		ans  retrieval.Answer
		want evalResult
	}{
		{"empty lists stay lists", retrieval.Answer{Text: "Not in the archive.", Abstained: true},
			evalResult{ID: "q", Answer: "Not in the archive.", Abstained: true, Retrieved: []string{}, Quotes: []string{}}},
		{"ranks and quotes in order", retrieval.Answer{
			Text:      "About 30 [1], later 70 [2].",
			Passages:  []retrieval.Passage{{ArticleID: "b"}, {ArticleID: "a"}, {ArticleID: "c"}},
			Citations: []retrieval.Citation{{N: 1, Quote: "about 30"}, {N: 2, Quote: "then 70"}},
			Took:      12345 * time.Microsecond,
		}, evalResult{ID: "q", Answer: "About 30 [1], later 70 [2].", Retrieved: []string{"b", "a", "c"},
			Quotes: []string{"about 30", "then 70"}, TookMS: 12.345}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resultOf("q", tt.ans)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("resultOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}
