package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"archivist/retrieval"
)

// question is one line of a question file (INTERFACE.md).
type question struct {
	ID                  string   `json:"id"`
	Question            string   `json:"question"`
	Answers             []string `json:"answers"`
	GoldArticleIDs      []string `json:"gold_article_ids"`
	Unanswerable        bool     `json:"unanswerable"`
	AnswerInGoldArticle *bool    `json:"answer_in_gold_article"`
	AskedOn             string   `json:"asked_on"`
	From                string   `json:"from"`
	To                  string   `json:"to"`
}

// evalResult is one question's raw outcome, so anyone can recompute the figures.
type evalResult struct {
	ID        string   `json:"id"`
	Retrieved []string `json:"retrieved_article_ids"`
	Answer    string   `json:"answer"`
	Abstained bool     `json:"abstained"`
	Quotes    []string `json:"quotes"`
	AsOf      string   `json:"as_of"`
	TookMS    float64  `json:"took_ms"`
}

// evalOutput is the JSON shape of `eval --json`.
type evalOutput struct {
	Questions      int                `json:"questions"`
	RecallAt       map[string]float64 `json:"recall_at"`
	MRR            float64            `json:"mrr"`
	AnswerSupport  float64            `json:"answer_support"`
	AbstainCorrect *float64           `json:"abstain_correct"`
	P50MS          float64            `json:"p50_ms"`
	P95MS          float64            `json:"p95_ms"`
	Results        []evalResult       `json:"results"`
}

func (m *Main) eval(ctx context.Context, args []string) error {
	cfg, logger, err := m.setup()
	if err != nil {
		return err
	}
	var c common
	fs := newFlags("eval", "eval [flags] --questions FILE", cfg, &c, 5, m.Stderr, "corpus", "index", "json", "k", "llm", "time")
	ignoreTime := fs.Bool("ignore-time", false, "rank as if no question had a time (asked_on and --as-of are not read; from/to filters still hold)")
	qfile := fs.String("questions", "", "the question file (JSONL; see INTERFACE.md)")
	ranking := fs.String("ranking", "hybrid", "the retrievers: hybrid, lexical (BM25 alone) or vector (vectors alone)")
	limit := fs.Int("limit", 0, "evaluate only the first N questions (0: all)")
	wVec := fs.Float64("vector-weight", 0, "hybrid ranking: the weight of vector similarity against BM25, between 0 and 1 (0: the embedder's default)")
	floor := fs.String("floor", "", "fail (exit 1) when a figure is below its floor, e.g. recall@5=0.72,answer_support=0.5")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *qfile == "" {
		return usagef("eval: --questions FILE is required")
	}
	when, err := c.time.resolve("eval", m.now())
	if err != nil {
		return err
	}
	rc, err := generatorConfig(cfg, c.noLLM)
	if err != nil {
		return err
	}
	if *wVec < 0 || *wVec >= 1 {
		return usagef("eval: --vector-weight %v: want a number between 0 and 1 (use --ranking for one retriever alone)", *wVec)
	}
	rc.VectorWeight = *wVec
	switch *ranking {
	case "hybrid":
	case "lexical":
		rc.Ranking = retrieval.Lexical
	case "vector":
		rc.Ranking = retrieval.Vector
	default:
		return usagef("eval: --ranking %q: want hybrid, lexical or vector", *ranking)
	}
	floors, err := parseFloors(*floor)
	if err != nil {
		return err
	}
	qs, err := readQuestions(*qfile)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < len(qs) {
		qs = qs[:*limit]
	}
	times := make([]retrieval.Time, len(qs))
	for i, q := range qs {
		if times[i], err = questionTime(q, when, *ignoreTime); err != nil {
			return err
		}
	}
	a, _, err := m.openArchive(ctx, cfg, c, logger, rc)
	if err != nil {
		return err
	}
	results := make([]evalResult, 0, len(qs))
	for i, q := range qs {
		ans, err := a.Ask(ctx, q.Question, retrieval.AskOptions{K: c.k, NoLLM: c.noLLM, Time: times[i]})
		if err != nil {
			return fmt.Errorf("eval: question %s: %w", q.ID, err)
		}
		r := resultOf(q.ID, ans)
		r.AsOf = asOfText(times[i].AsOf)
		results = append(results, r)
	}
	out := score(qs, results)
	if c.json {
		if err := writeJSON(m.Stdout, out); err != nil {
			return err
		}
	} else {
		writeEval(m, out, *ranking)
	}
	return checkFloors(out, floors)
}

// figure reads one named figure of an eval.
func figure(out evalOutput, name string) (float64, bool) {
	switch name {
	case "recall@1", "recall@5", "recall@10":
		return out.RecallAt[strings.TrimPrefix(name, "recall@")], true
	case "mrr":
		return out.MRR, true
	case "answer_support":
		return out.AnswerSupport, true
	case "abstain_correct":
		if out.AbstainCorrect == nil {
			return 0, false
		}
		return *out.AbstainCorrect, true
	}
	return 0, false
}

// parseFloors reads "recall@5=0.72,answer_support=0.5".
func parseFloors(s string) (map[string]float64, error) {
	floors := map[string]float64{}
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(v, 64)
		if _, known := figure(evalOutput{AbstainCorrect: new(float64)}, k); !ok || err != nil || !known {
			return nil, usagef("eval: --floor %q: want NAME=NUMBER with NAME one of recall@1, recall@5, recall@10, mrr, answer_support, abstain_correct", kv)
		}
		floors[k] = f
	}
	return floors, nil
}

func checkFloors(out evalOutput, floors map[string]float64) error {
	var below []string
	for _, k := range slices.Sorted(maps.Keys(floors)) {
		if got, ok := figure(out, k); ok && got < floors[k] {
			below = append(below, fmt.Sprintf("%s %.3f < %.3f", k, got, floors[k]))
		}
	}
	if len(below) > 0 {
		return fmt.Errorf("eval: below the floor: %s", strings.Join(below, ", "))
	}
	return nil
}

func readQuestions(path string) ([]question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var qs []question
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q question
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, usagef("eval: %s line %d: %v", path, n, err)
		}
		if strings.TrimSpace(q.Question) == "" {
			return nil, usagef("eval: %s line %d: no question", path, n)
		}
		if q.ID == "" {
			q.ID = fmt.Sprintf("line-%d", n)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read %s: %w", path, err)
	}
	return qs, nil
}

func writeEval(m *Main, out evalOutput, ranking string) {
	abst := "n/a"
	if out.AbstainCorrect != nil {
		abst = fmt.Sprintf("%.3f", *out.AbstainCorrect)
	}
	fmt.Fprintf(m.Stdout, "questions %d (ranking: %s)\n", out.Questions, ranking)
	fmt.Fprintf(m.Stdout, "recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  mrr %.3f\n",
		out.RecallAt["1"], out.RecallAt["5"], out.RecallAt["10"], out.MRR)
	fmt.Fprintf(m.Stdout, "answer support %.3f  abstain correct %s\n", out.AnswerSupport, abst)
	fmt.Fprintf(m.Stdout, "p50 %.1f ms  p95 %.1f ms\n", out.P50MS, out.P95MS)
}
