package main

import (
	"slices"
	"strings"
	"unicode"

	"archivist/retrieval"
)

// This file computes the eval's figures as INTERFACE.md defines them, from
// the questions and their raw outcomes alone: no I/O, no archive.

// answerable reports whether the question counts for answer support: it has
// answers, is not unanswerable, and its answer is not said to lie outside
// its gold articles.
func (q question) answerable() bool {
	return len(q.Answers) > 0 && !q.Unanswerable && (q.AnswerInGoldArticle == nil || *q.AnswerInGoldArticle)
}

// resultOf is the raw outcome of the question id answered by ans: the
// retrieved articles in rank order and the quotes in citation order.
func resultOf(id string, ans retrieval.Answer) evalResult {
	r := evalResult{ID: id, Answer: ans.Text, Abstained: ans.Abstained, TookMS: msOf(ans.Took),
		Retrieved: []string{}, Quotes: []string{}}
	for _, p := range ans.Passages {
		r.Retrieved = append(r.Retrieved, p.ArticleID)
	}
	for _, c := range ans.Citations {
		r.Quotes = append(r.Quotes, c.Quote)
	}
	return r
}

// score computes the figures of results, where results[i] is the outcome of
// qs[i]; the output holds the results too.
func score(qs []question, results []evalResult) evalOutput {
	out := evalOutput{Questions: len(qs), Results: results}
	var withGold, answerable, unanswerable, supported, abstained int
	var recall [3]int
	var rr float64
	for i, q := range qs {
		r := results[i]
		if len(q.GoldArticleIDs) > 0 {
			withGold++
			if rank := goldRank(r.Retrieved, q.GoldArticleIDs); rank > 0 {
				rr += 1 / float64(rank)
				for j, k := range []int{1, 5, 10} {
					if rank <= k {
						recall[j]++
					}
				}
			}
		}
		if q.answerable() {
			answerable++
			if !r.Abstained && supports(r.Quotes, q.Answers) {
				supported++
			}
		}
		if q.Unanswerable {
			unanswerable++
			if r.Abstained {
				abstained++
			}
		}
	}
	out.RecallAt = map[string]float64{"1": share(recall[0], withGold), "5": share(recall[1], withGold), "10": share(recall[2], withGold)}
	out.MRR = round(rr / float64(max(withGold, 1)))
	out.AnswerSupport = share(supported, answerable)
	if unanswerable > 0 {
		v := share(abstained, unanswerable)
		out.AbstainCorrect = &v
	}
	took := make([]float64, len(results))
	for i, r := range results {
		took[i] = r.TookMS
	}
	out.P50MS, out.P95MS = percentile(took, 0.50), percentile(took, 0.95)
	return out
}

// goldRank is the rank, from 1, of the first gold article among the distinct
// retrieved articles (INTERFACE.md), or 0 when none was retrieved. An
// article listed again takes no second rank.
func goldRank(retrieved, gold []string) int {
	seen := make(map[string]bool, len(retrieved))
	for _, id := range retrieved {
		if seen[id] {
			continue
		}
		seen[id] = true
		if slices.Contains(gold, id) {
			return len(seen)
		}
	}
	return 0
}

// supports reports whether one of the first three quotes holds an answer,
// both lower-cased with punctuation turned into spaces.
func supports(quotes, answers []string) bool {
	for _, q := range quotes[:min(3, len(quotes))] {
		q = fold(q)
		for _, a := range answers {
			if a = fold(a); strings.TrimSpace(a) != "" && strings.Contains(q, a) {
				return true
			}
		}
	}
	return false
}

// fold lower-cases s and turns each punctuation mark into a space.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
}

// share is n/of rounded to three decimals, 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return round(float64(n) / float64(of))
}

// round rounds a non-negative x to three decimals.
func round(x float64) float64 {
	return float64(int(x*1000+0.5)) / 1000
}

// percentile is the nearest-rank percentile p of xs: the smallest value
// that at least a share p of xs do not exceed (for p = 0.5 and an even
// count, the lower of the two middle values); 0 for no values.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	// The rank is ceil(len·p); the allowance, instead of math.Ceil, keeps
	// a product that floating point puts a hair above a whole number at
	// that number.
	i := int(float64(len(s))*p+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}
