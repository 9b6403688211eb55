package retrieval

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"archivist/corpus"
)

// Extractive answering: the answer is the archive's own sentences. Each
// sentence of the top passages is scored from inputs of the answer's own,
// each on a scale that does not move when the ranking is retuned: how much
// of the question the sentence and its passage cover, how strong its passage
// is beside the best one, the passage's rank, and whether the sentence holds
// the kind of thing asked for. The weights were tuned on the news and XQuAD
// dev questions; docs/EVAL.md ("Answer scoring") gives the figures.
const (
	// minSupport is the share of the question's weighted terms that the best
	// sentence and its passage must hold for the archive to answer at all.
	minSupport = 0.35
	// citeMax is how many sentences an answer quotes.
	citeMax = 3
	// quoteMaxBytes bounds a two-sentence quote; a longer pair quotes one.
	quoteMaxBytes = 420

	// wPassageCover weighs the coverage of the sentence's whole passage
	// beside the sentence's own (weight 1): context that names the subject.
	wPassageCover = 0.25
	// wStrength weighs the passage's ranking score as a share of the best
	// passage's (0..1). 0.4-0.6 gave the same figures; 0.3 times the raw
	// hybrid score, as before, lost 7 XQuAD answers (0.879 against 0.891).
	wStrength = 0.5
	// rankStep is taken off for each place the passage stands below the first.
	rankStep = 0.03
	// kindBonus is added when the sentence holds the kind of answer asked
	// for (a number for "how many") and taken off when it does not.
	kindBonus = 0.15
	// shortWords: a sentence of fewer words is a fragment (a caption, a
	// dateline) and is never quoted (see quotable).
	shortWords = 5
	// questionPenalty: a sentence that asks a question restates, it does
	// not answer.
	questionPenalty = 0.3
	// citeSpread: a sentence scoring this much below the best is not cited.
	citeSpread = 0.5
	// neighbourKindBonus: a neighbouring sentence that holds the kind of
	// answer asked for joins the quote before one that only shares words
	// (a coverage share is at most 1, so 0.5 outweighs most differences).
	neighbourKindBonus = 0.5
	// wSentenceSupport is the sentence's share of the support that decides
	// abstention; its passage has the rest.
	wSentenceSupport = 0.7
)

// candidate is a sentence of a retrieved passage that may answer.
type candidate struct {
	article    int32
	start, end int // byte span in the article's text
	rank       int // rank of the passage it came from
	score      float64
	support    float64 // weighted share of question terms in sentence+passage
	kind       bool    // holds the kind of answer asked for
}

// extract answers question from the best hits with the archive's own
// sentences. When the best of them, from articles of different dates, give
// different answers, the one nearest before the question's time (within the
// time the question names, if it names one) leads and the other follows with
// its date (see changedFact).
func (ix *index) extract(question string, hits []hit, k int, sc scope) Answer {
	q := newQuery(ix, sc.withoutTime(question))
	if len(hits) == 0 {
		return ix.abstain(question, hits, k)
	}
	best := hits[0].score
	var cands []candidate
	seen := make(map[[2]int]bool)
	for rank, h := range hits[:min(k, len(hits))] {
		c := ix.chunks[h.chunk]
		text := ix.text(c)
		passageCover := q.coverage(text)
		for _, sp := range corpus.Sentences(text) {
			start, end := int(c.Start)+sp.Start, int(c.Start)+sp.End
			key := [2]int{int(c.Article), start}
			if seen[key] {
				continue
			}
			seen[key] = true
			s := text[sp.Start:sp.End]
			if !quotable(s) {
				continue
			}
			cover := q.coverage(s)
			score := cover + wPassageCover*passageCover + wStrength*strength(h.score, best) - rankStep*float64(rank)
			kind := q.kind != kindAny && hasKind(q.kind, s, q.words)
			if q.kind != kindAny {
				if kind {
					score += kindBonus
				} else {
					score -= kindBonus
				}
			}
			if strings.HasSuffix(strings.TrimRight(s, "\"”’' )"), "?") {
				score -= questionPenalty
			}
			cands = append(cands, candidate{
				article: c.Article, start: start, end: end, rank: rank,
				score: score, support: wSentenceSupport*cover + (1-wSentenceSupport)*passageCover, kind: kind,
			})
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	if len(cands) == 0 || cands[0].support < minSupport {
		return ix.abstain(question, hits, k)
	}
	var cites []Citation
	var quoted []quoteSpan // what the citations so far quote
	changed := false
	if lead, other, ok := ix.changedFact(cands, q, sc); ok {
		// The two answers go first, the current one leading; the rest
		// follow as usual.
		rest := slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return c == lead || c == other })
		cands = append([]candidate{lead, other}, rest...)
		changed = true
	} else if lead, ok := ix.newestLead(cands, q, sc); ok {
		rest := slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return c == lead })
		cands = append([]candidate{lead}, rest...)
	}
	for i, c := range cands {
		if len(cites) == citeMax || (i >= 2 || !changed) && c.score < cands[0].score-citeSpread {
			break
		}
		qs := ix.quote(c, q)
		if slices.ContainsFunc(quoted, qs.overlaps) {
			continue
		}
		quoted = append(quoted, qs)
		a := ix.articles[c.article]
		cites = append(cites, Citation{
			N: len(cites) + 1, ArticleID: a.ID, Title: a.Title, URL: a.URL,
			Published: a.Published, Quote: a.Text[qs.start:qs.end],
		})
	}
	if changed && len(cites) >= 2 {
		return Answer{Question: question, Text: changedText(cites, q.kind), Citations: cites}
	}
	return Answer{Question: question, Text: extractiveText(cites), Citations: cites}
}

// strength is a passage's ranking score as a share of the best one's: 1 for
// the best passage, 0 for one that scored nothing.
func strength(score, best float64) float64 {
	if best <= 0 {
		return 0
	}
	return max(0, score/best)
}

// quoteSpan is a quote's byte range in an article's text.
type quoteSpan struct {
	article    int32
	start, end int
}

func (s quoteSpan) overlaps(o quoteSpan) bool {
	return s.article == o.article && s.start < o.end && o.start < s.end
}

// quote returns the candidate sentence, with the neighbour that shares more
// of the question's terms when the pair stays short: two sentences often
// hold the answer where one holds only the question's words.
func (ix *index) quote(c candidate, q *query) quoteSpan {
	text := ix.articles[c.article].Text
	spans := corpus.Sentences(text[max(0, c.start-quoteMaxBytes):min(len(text), c.end+quoteMaxBytes)])
	off := max(0, c.start-quoteMaxBytes)
	var prev, next string
	var ps, ne int
	for i, sp := range spans {
		if sp.Start+off == c.start && sp.End+off == c.end {
			if i > 0 {
				ps = spans[i-1].Start + off
				prev = text[ps:c.start]
			}
			if i+1 < len(spans) {
				ne = spans[i+1].End + off
				next = text[c.end:ne]
			}
			break
		}
	}
	// The neighbour that holds the kind of answer asked for, else the one
	// sharing more of the question; the following one on a tie, since news
	// prose states a fact and then gives its figure or name.
	span := quoteSpan{article: c.article, start: c.start, end: c.end}
	fits := func(s string) bool { return s != "" && c.end-c.start+len(s) <= quoteMaxBytes && quotable(s) }
	value := func(s string) float64 {
		v := q.coverage(s)
		if q.kind != kindAny && hasKind(q.kind, s, q.words) {
			v += neighbourKindBonus
		}
		return v
	}
	switch {
	case fits(next) && (!fits(prev) || value(next) >= value(prev)):
		span.end = ne
	case fits(prev):
		span.start = ps
	}
	return span
}

// extractiveText writes the answer around the quotes: the best quote, said
// with its source's date, then where else the archive says so.
func extractiveText(cites []Citation) string {
	if len(cites) == 0 {
		return ""
	}
	first := cites[0]
	var b strings.Builder
	b.WriteString("According to ")
	writeSource(&b, first)
	fmt.Fprintf(&b, ": “%s” [1]", oneLine(first.Quote))
	writeSeeAlso(&b, cites[:1], cites[1:])
	return b.String()
}

// writeSeeAlso writes, each on a line of its own, "More from the same
// article: [2]." for the citations of rest that quote an article the quoted
// citations already name, and "See also [3], [4]." for those that quote
// other articles; nothing when rest is empty. "See also" never points at an
// article the answer has already named.
func writeSeeAlso(b *strings.Builder, quoted, rest []Citation) {
	var same, other []Citation
	for _, c := range rest {
		if slices.ContainsFunc(quoted, func(q Citation) bool { return q.ArticleID == c.ArticleID }) {
			same = append(same, c)
		} else {
			other = append(other, c)
		}
	}
	noun := "article"
	if len(quoted) > 1 {
		noun = "articles"
	}
	writeMarkers(b, "\nMore from the same "+noun+":", same)
	writeMarkers(b, "\nSee also", other)
}

// writeMarkers writes lead and the markers of cites, "[2], [3].", unless
// cites is empty.
func writeMarkers(b *strings.Builder, lead string, cites []Citation) {
	if len(cites) == 0 {
		return
	}
	b.WriteString(lead)
	for i, c := range cites {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(b, " [%d]", c.N)
	}
	b.WriteString(".")
}

// abstain says plainly that the archive does not hold the answer, and cites
// the nearest passages' first quotable sentences. The text does not announce
// them: the renderer heads them as the nearest passages.
func (ix *index) abstain(question string, hits []hit, k int) Answer {
	var cites []Citation
	for _, h := range ix.perArticle(hits, min(k, citeMax)) {
		c := ix.chunks[h.chunk]
		text := ix.text(c)
		quote := firstQuotable(text)
		if quote == "" {
			continue
		}
		a := ix.articles[c.Article]
		cites = append(cites, Citation{
			N: len(cites) + 1, ArticleID: a.ID, Title: a.Title, URL: a.URL,
			Published: a.Published, Quote: quote,
		})
	}
	return Answer{Question: question, Text: abstainText, Abstained: true, Citations: cites}
}

// humanDate writes "2016-12-08" as "8 December 2016"; partial dates as far
// as they go; "" stays "".
func humanDate(d string) string {
	for _, layout := range []struct{ in, out string }{
		{"2006-01-02", "2 January 2006"}, {"2006-01", "January 2006"}, {"2006", "2006"},
	} {
		if t, err := time.Parse(layout.in, d); err == nil {
			return t.Format(layout.out)
		}
	}
	return d
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
