package retrieval

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"archivist/retrieval/internal/lexical"
)

// Answers and time: a question about a window the archive does not cover,
// and a fact that the archive gives differently at different dates.

// emptyWindow returns an abstaining answer when the question names, against
// its own time, a strong window ("this weekend", "yesterday", "last month")
// in which the archive, within the filter, holds no article at all: it says
// so and names the archive's nearest coverage, with its date, rather than
// cite another time as this one. A date named outright ("in October 1954")
// does not abstain: an article of any date may tell of it. Nor does an
// archive whose articles have no dates.
func (ix *index) emptyWindow(sc scope, hits []hit) (Answer, bool) {
	if sc.implicit || sc.window.Strength < strongWindow || strings.ContainsAny(sc.window.Phrase, "0123456789") {
		return Answer{}, false
	}
	dated := false
	for _, d := range ix.dates {
		if sc.inWindow(d) && sc.allows(d) {
			return Answer{}, false
		}
		dated = dated || d.known
	}
	if !dated {
		return Answer{}, false
	}
	text := fmt.Sprintf("The archive holds nothing published %s, the time “%s” means here.", describeWindow(sc.window), oneLine(sc.window.Phrase))
	ans := ix.abstain("", hits, citeMax)
	if len(ans.Citations) > 0 {
		c := ans.Citations[0]
		date := humanDate(c.Published)
		if date == "" {
			date = "an unknown date"
		}
		text += fmt.Sprintf(" Its nearest coverage is “%s”, published %s [1].", c.Title, date)
	}
	ans.Text = text
	return ans, true
}

// changedFact finds, among the best candidates that hold the kind of answer
// asked for, two from articles of different dates that answer differently:
// for a number, the same unit with other figures ("about 25 researchers",
// "more than 110 researchers"); for a name or a date, nothing in common.
// lead is the one nearest before the question's time, preferring those
// inside the window the question names; other is the best of the rest that
// differs from it. An article published after the question's time never
// leads.
func (ix *index) changedFact(cands []candidate, q *query, sc scope) (lead, other candidate, ok bool) {
	if q.kind == kindAny || len(cands) == 0 {
		return lead, other, false
	}
	var pool []candidate
	for _, c := range cands {
		if c.score < cands[0].score-citeSpread {
			break
		}
		if c.kind && ix.dates[c.article].known && sc.allows(ix.dates[c.article]) {
			pool = append(pool, c)
		}
	}
	if len(pool) < 2 {
		return lead, other, false
	}
	// Which may lead: not from the future; inside the window if any is.
	eligible := slices.DeleteFunc(slices.Clone(pool), func(c candidate) bool { return sc.future(ix.dates[c.article]) })
	if inside := slices.DeleteFunc(slices.Clone(eligible), func(c candidate) bool { return !sc.inWindow(ix.dates[c.article]) }); len(inside) > 0 {
		eligible = inside
	}
	// The newest article's best candidates, in score order, each tried as
	// the lead against the others.
	newest := day(-1 << 30)
	for _, c := range eligible {
		newest = max(newest, ix.dates[c.article].from)
	}
	for _, l := range eligible {
		if ix.dates[l.article].from != newest {
			continue
		}
		lv := ix.answerValues(l, q)
		for _, c := range pool {
			if ix.dates[c.article].from != newest && differs(lv, ix.answerValues(c, q)) {
				return l, c, true
			}
		}
	}
	return lead, other, false
}

// newestLead returns, for a question about now, the best candidate of the
// newest article among the best candidates that hold the kind of answer
// asked for: an older figure is never presented as current when the archive
// holds a newer one.
func (ix *index) newestLead(cands []candidate, q *query, sc scope) (candidate, bool) {
	if !sc.latest() || len(cands) == 0 {
		return candidate{}, false
	}
	var lead candidate
	found := false
	for _, c := range cands {
		if c.score < cands[0].score-citeSpread {
			break
		}
		d := ix.dates[c.article]
		if !d.known || sc.future(d) || q.kind != kindAny && !c.kind {
			continue
		}
		if !found || d.from > ix.dates[lead.article].from {
			lead, found = c, true
		}
	}
	return lead, found && lead != cands[0]
}

// figureRe matches a figure as written ("30", "1,500", "4.50", "2 million")
// and the word after it, its unit ("researchers", "pounds"; "per cent" as
// one).
var figureRe = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)*(?:\s+(?:hundred|thousand|million|billion|trillion))?)(?:\s+(per\s+\p{L}+|\p{L}+))?`)

// answerValues returns what candidate c answers, lower-cased, each as
// "unit=value": its figures (years left out) with the word after each for a
// question about a number, its dates for one about a time, its names for
// one about who or which (unit ""); those the question itself holds are
// left out.
func (ix *index) answerValues(c candidate, q *query) []string {
	s := ix.articles[c.article].Text[c.start:c.end]
	var out []string
	add := func(unit, v string) {
		v = strings.ToLower(v)
		if q.words[v] {
			return
		}
		if kv := unit + "=" + v; !slices.Contains(out, kv) {
			out = append(out, kv)
		}
	}
	switch q.kind {
	case kindNumber:
		for _, m := range figureRe.FindAllStringSubmatch(s, -1) {
			f, unit := m[1], strings.ToLower(strings.Join(strings.Fields(m[2]), " "))
			if len(f) == 4 && (strings.HasPrefix(f, "19") || strings.HasPrefix(f, "20")) && unit == "" {
				continue // a year dates the figure; it is not the figure
			}
			if unit == "" {
				continue // a bare figure says nothing of what it counts
			}
			add(lexicalStem(unit), f)
		}
	case kindDate:
		for _, d := range dateRe.FindAllString(s, -1) {
			add("", d)
		}
	case kindName:
		first := true
		forEachRawWord(s, func(w string) {
			if first {
				first = false
				return
			}
			// A weekday or a month dates the news; it does not name anyone.
			if r := []rune(w); unicode.IsUpper(r[0]) && !dateRe.MatchString(w) {
				add("", w)
			}
		})
	}
	return out
}

// differs reports whether two answers' values disagree: some unit they both
// give has no value in common.
func differs(a, b []string) bool {
	units := func(vs []string) map[string][]string {
		m := map[string][]string{}
		for _, kv := range vs {
			u, v, _ := strings.Cut(kv, "=")
			m[u] = append(m[u], v)
		}
		return m
	}
	ua, ub := units(a), units(b)
	for u, va := range ua {
		vb, ok := ub[u]
		if ok && !slices.ContainsFunc(va, func(v string) bool { return slices.Contains(vb, v) }) {
			return true
		}
	}
	return false
}

// changedText writes an answer whose sources disagree over time: the
// current answer, with its date, then the other with its own.
func changedText(cites []Citation, k answerKind) string {
	first, second := cites[0], cites[1]
	var b strings.Builder
	b.WriteString("According to ")
	writeSource(&b, first)
	fmt.Fprintf(&b, ": “%s” [1]", oneLine(first.Quote))
	what := "another answer"
	if k == kindNumber {
		what = "another figure"
	}
	b.WriteString("\n")
	if second.Published < first.Published {
		b.WriteString("Earlier, ")
	} else {
		b.WriteString("Later, ")
	}
	writeSource(&b, second)
	fmt.Fprintf(&b, " gave %s: “%s” [2]", what, oneLine(second.Quote))
	writeSeeAlso(&b, cites[:2], cites[2:])
	return b.String()
}

// writeSource writes “Title” (published 8 December 2016) for c.
func writeSource(b *strings.Builder, c Citation) {
	if c.Title != "" {
		fmt.Fprintf(b, "“%s”", c.Title)
	} else {
		b.WriteString("the archive")
	}
	if d := humanDate(c.Published); d != "" {
		fmt.Fprintf(b, " (published %s)", d)
	} else {
		b.WriteString(" (publication date unknown)")
	}
}

// lexicalStem is the search term of a unit word ("researchers" gives
// "research"), so that "30 researchers" and "110 researchers" share a unit.
func lexicalStem(w string) string {
	if ts := lexical.Terms(w); len(ts) > 0 {
		return strings.Join(ts, " ")
	}
	return w
}
