package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"archivist/retrieval/internal/lexical"
)

// candidates is how many passages each retriever contributes before fusion.
const candidates = 200

// Ranking weights, tuned on the news dev questions (docs/EVAL.md).
const (
	// wDoc weighs the whole-article BM25 score against the passage score.
	wDoc = 5.0
	// Pseudo-relevance feedback: the terms of the fbDocs best articles
	// join the question's, the fbTerms most telling of them at up to
	// fbWeight of a question term's weight.
	fbDocs   = 5
	fbTerms  = 10
	fbWeight = 0.3
)

// hit is a passage the hybrid ranking found, by its position in the
// index's chunks, with its hybrid score (only comparable within one query).
type hit struct {
	chunk int
	score float64
}

// rank returns the passages for query, best first, within the time scope
// sc. BM25 and the vector search each propose candidates; every candidate is
// then scored by both, each score normalised over the candidates, and the
// two combined with weight wVec on the vector side. A whole-article BM25
// score (with feedback) is added, which lifts the passages of articles that
// are about the question as a whole. (The articles' mean vectors, tried in
// its place or beside it, lowered recall on the news questions:
// docs/EVAL.md.) Time adds its bonus last (scope.timeBonus); when the
// question names a window, each retriever also proposes its best candidates
// inside it. Passages outside sc's filter are never proposed.
func (ix *index) rank(ctx context.Context, embed func(context.Context, string) ([]float32, error), query string, fw fusion, sc scope) ([]hit, error) {
	wVec := fw.vector
	if len(ix.chunks) == 0 {
		return nil, ErrNoPassages
	}
	allowed := func(a int) bool { return sc.allows(ix.dates[a]) }
	inWindow := func(a int) bool { return sc.inWindow(ix.dates[a]) && allowed(a) }
	var filters []func(a int) bool // each one adds its own candidates
	switch {
	case sc.filtered:
		filters = append(filters, allowed)
	default:
		filters = append(filters, nil)
	}
	if sc.window.Strength > 0 {
		filters = append(filters, inWindow)
	}
	passageOf := func(keep func(a int) bool) func(c int) bool {
		if keep == nil {
			return nil
		}
		return func(c int) bool { return keep(int(ix.chunks[c].Article)) }
	}

	qterms := lexical.Terms(query)
	lex := make(map[int]float64) // passage → BM25
	if wVec < 1 {
		weights := make(map[string]float64, len(qterms))
		for _, t := range qterms {
			weights[t] = 1
		}
		for _, keep := range filters {
			for _, s := range ix.passageBM25.SearchFunc(weights, candidates, passageOf(keep)) {
				lex[s.Doc] = s.Score
			}
		}
	}
	var q []float32
	var vecTop []lexical.Scored // the vector search's passages, best first
	cands := make(map[int]bool, 2*candidates)
	for c := range lex {
		cands[c] = true
	}
	if wVec > 0 {
		v, err := embed(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("embed question: %w", err)
		}
		q = unitVector(v)
		vec, _, err := ix.vectorSearch(ctx, q, candidates)
		if err != nil {
			return nil, err
		}
		vecTop = vec
		for _, s := range vec {
			if allowed(int(ix.chunks[s.Doc].Article)) {
				cands[s.Doc] = true
			}
		}
		for _, keep := range filters {
			if keep != nil {
				for _, s := range ix.vectorScan(q, keep, candidates) {
					cands[s.Doc] = true
				}
			}
		}
	}

	if fw.adaptive && wVec > 0 && wVec < 1 {
		wVec = ix.adaptiveWeight(query, lex, vecTop, wVec)
	}
	docScore := make(map[int]float64)
	if wVec < 1 {
		for _, s := range minMaxScale(ix.expand(qterms, filters)) {
			docScore[s.Doc] = (1 - wVec) * s.Score
		}
	}
	passageScore := combine(cands, lex, func(c int) float64 { return float64(ix.vectors.At(c).Dot(q)) }, wVec)
	newest := ix.newestBonus(cands, sc)
	hits := make([]hit, 0, len(cands))
	for c := range cands {
		a := int(ix.chunks[c].Article)
		hits = append(hits, hit{chunk: c, score: passageScore[c] + wDoc*docScore[a] + sc.timeBonus(ix.dates[a]) + newest(a)})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return lexical.ByScore(lexical.Scored{Doc: a.chunk, Score: a.score}, lexical.Scored{Doc: b.chunk, Score: b.score})
	})
	return hits, nil
}

// newestBonus returns, for a question about now, what each article adds
// for being recent among the candidates: wLatest for the newest published
// by the question's time, down to 0 for the oldest; 0 for the rest, and for
// every article when the question is not about now.
func (ix *index) newestBonus(cands map[int]bool, sc scope) func(a int) float64 {
	none := func(int) float64 { return 0 }
	if !sc.latest() {
		return none
	}
	lo, hi := day(1<<30), day(-1<<30)
	for c := range cands {
		if d := ix.dates[ix.chunks[c].Article]; d.known && !sc.future(d) {
			lo, hi = min(lo, d.from), max(hi, d.from)
		}
	}
	if hi <= lo {
		return none
	}
	return func(a int) float64 {
		d := ix.dates[a]
		if !d.known || sc.future(d) {
			return 0
		}
		return wLatest * float64(d.from-lo) / float64(hi-lo)
	}
}

// combine scores every key of keys as (1-wVec)·lexical + wVec·sim, each
// normalised onto [0, 1] over keys (a key BM25 did not find scores 0
// there). sim is called only when wVec > 0.
func combine(keys map[int]bool, lexical map[int]float64, sim func(int) float64, wVec float64) map[int]float64 {
	out := make(map[int]float64, len(keys))
	if len(keys) == 0 {
		return out
	}
	var lexMax float64
	for k := range keys {
		lexMax = math.Max(lexMax, lexical[k])
	}
	vec := make(map[int]float64, len(keys))
	lo, hi := math.Inf(1), math.Inf(-1)
	if wVec > 0 {
		for k := range keys {
			v := sim(k)
			vec[k] = v
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for k := range keys {
		var s float64
		if lexMax > 0 {
			s += (1 - wVec) * lexical[k] / lexMax
		}
		if hi > lo {
			s += wVec * (vec[k] - lo) / (hi - lo)
		}
		out[k] = s
	}
	return out
}

// minMaxScale maps a best-first list's scores onto [0, 1]: the best gets 1
// and the last of the list 0, so a list's tail counts for nothing.
func minMaxScale(list []lexical.Scored) []lexical.Scored {
	if len(list) == 0 {
		return nil
	}
	hi, lo := list[0].Score, list[len(list)-1].Score
	out := make([]lexical.Scored, len(list))
	for i, s := range list {
		v := 1.0
		if hi > lo {
			v = (s.Score - lo) / (hi - lo)
		}
		out[i] = lexical.Scored{Doc: s.Doc, Score: math.Max(0, v)}
	}
	return out
}

// perArticle keeps the best hit of each article, in order, up to n articles.
func (ix *index) perArticle(hits []hit, n int) []hit {
	seen := make(map[int32]bool)
	var out []hit
	for _, h := range hits {
		a := ix.chunks[h.chunk].Article
		if seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, h)
		if len(out) == n {
			break
		}
	}
	return out
}

// passage turns a hit into a Passage with its article's citation fields.
func (ix *index) passage(h hit) Passage {
	c := ix.chunks[h.chunk]
	a := ix.articles[c.Article]
	return Passage{
		ArticleID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published,
		Score: h.score, Text: ix.text(c), Start: int(c.Start), End: int(c.End),
	}
}

// expand searches whole articles with the question's terms, then again with
// the terms that the best of them share (pseudo-relevance feedback, RM3):
// an article about the same event uses the same words, even where the
// question does not.
//
// Each filter (nil for every article) contributes its own best articles, and
// the feedback terms come from the last filter's best: with a window, the
// window's own articles, unless it holds none that match.
func (ix *index) expand(query []string, filters []func(a int) bool) []lexical.Scored {
	q := make(map[string]float64)
	for _, t := range query {
		q[t] = 1
	}
	first := ix.articleBM25.SearchFunc(q, candidates, filters[len(filters)-1])
	if len(first) == 0 && len(filters) > 1 {
		first = ix.articleBM25.SearchFunc(q, candidates, filters[0])
	}
	if fbDocs == 0 || len(first) == 0 {
		return ix.searchArticles(q, filters)
	}
	top := minMaxScale(first[:min(fbDocs, len(first))])
	if len(top) == 1 {
		top[0].Score = 1
	}
	weight := make(map[string]float64)
	for _, d := range top {
		a := ix.articles[d.Doc]
		ts := lexical.Terms(a.Title + "\n" + a.Text)
		if len(ts) == 0 {
			continue
		}
		for _, t := range ts {
			weight[t] += (0.5 + d.Score) / float64(len(ts))
		}
	}
	type tw struct {
		t string
		w float64
	}
	var cands []tw
	for t, w := range weight {
		if _, ok := q[t]; !ok {
			cands = append(cands, tw{t, w * ix.articleBM25.IDF(t)})
		}
	}
	slices.SortFunc(cands, func(a, b tw) int {
		if a.w != b.w {
			if a.w > b.w {
				return -1
			}
			return 1
		}
		return strings.Compare(a.t, b.t)
	})
	if len(cands) > 0 {
		hi := cands[0].w
		for _, c := range cands[:min(fbTerms, len(cands))] {
			q[c.t] = fbWeight * c.w / hi
		}
	}
	return ix.searchArticles(q, filters)
}

// searchArticles is the union of each filter's best articles for the
// weighted query q, best first.
func (ix *index) searchArticles(q map[string]float64, filters []func(a int) bool) []lexical.Scored {
	if len(filters) == 1 {
		return ix.articleBM25.SearchFunc(q, candidates, filters[0])
	}
	seen := make(map[int]bool)
	var out []lexical.Scored
	for _, keep := range filters {
		for _, s := range ix.articleBM25.SearchFunc(q, candidates, keep) {
			if !seen[s.Doc] {
				seen[s.Doc] = true
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, lexical.ByScore)
	return out
}

// fusion is how a ranking weighs its retrievers: vector is the weight of
// vector similarity against BM25; adaptive moves it question by question
// (see adaptiveWeight).
type fusion struct {
	vector   float64
	adaptive bool
}

// Adaptive fusion, tuned with the built-in model on the news, XQuAD and
// paraphrase dev questions (docs/EVAL.md, "Fusion").
const (
	// coverPower: the lexical side's weight is scaled by the share of the
	// question's weighted terms its best passage holds, to this power.
	coverPower = 3.0
	// marginGain: the vector side's weight is scaled by 1 + marginGain ×
	// how far the best article's similarity stands above the tenth's.
	marginGain = 5.0
)

// adaptiveWeight returns the vector weight for this question: wVec, moved
// towards the vectors when the best lexical match (lex: passage → BM25)
// covers little of the question, since its words are then not the
// article's, and when the best vector match (vec: passages, best first)
// stands well above the rest.
func (ix *index) adaptiveWeight(query string, lex map[int]float64, vec []lexical.Scored, wVec float64) float64 {
	if len(lex) == 0 || len(vec) == 0 {
		return wVec
	}
	best, top := -1, 0.0
	for c, s := range lex {
		if s > top || s == top && c < best {
			best, top = c, s
		}
	}
	ch := ix.chunks[best]
	cover := newQuery(ix, query).coverage(ix.articles[ch.Article].Title + "\n" + ix.text(ch))
	var arts []float64 // each article's best similarity, best first
	seen := map[int32]bool{}
	for _, v := range vec {
		if a := ix.chunks[v.Doc].Article; !seen[a] {
			seen[a] = true
			arts = append(arts, v.Score)
		}
	}
	margin := arts[0] - arts[min(len(arts)-1, 9)]
	mLex, mVec := math.Pow(cover, coverPower), 1+marginGain*margin
	return wVec * mVec / (wVec*mVec + (1-wVec)*mLex)
}
