// Package when reads the time a question speaks of: relative expressions
// ("this week", "last weekend", "on Monday", "recently") read against the
// question's own time, and explicit ones ("in June 2021", "between 2019 and
// 2021", "in the 1990s"). The result is a Window of dates with a strength,
// meant to be matched against the publication dates of articles. Its
// functions are pure: no clock, no locale, no state.
//
// Dates are days at midnight UTC. asOf is reduced to its calendar day in its
// own location, so a question asked at 23:30 in New York is read against
// that New York day. Weeks are rolling seven-day spans, not calendar weeks;
// months and years are calendar ones. A relative window never ends after
// asOf's day. A window is the span the question names, not a guess at when
// reports of it appeared: a caller that matches publication dates may allow
// a day or two after To for reports that follow the event.
package when

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Window is the span of dates a question speaks of: [From, To), each a date
// at midnight UTC; a zero From or To leaves that side open, and never both.
// Strength, in (0, 1], says how precisely the question named it: 1 for a day,
// a weekend or a week, 0.8 for a month, 0.6 for a year, 0.4 for a decade or a
// span of years (a range such as "between March and June 2021" or "the past
// two weeks" is scored by its length on the same scale), at most 0.5 for a
// half-open window ("since 2021"), 0.6 for "in recent days", and 0.3 for
// "recently", "now", "latest" or "in recent weeks". The zero Window
// (Strength 0) means the question names no time. Phrase is the words that named the window, and
// [Start, End) their byte span in the question.
type Window struct {
	From, To   time.Time
	Strength   float64
	Phrase     string
	Start, End int
}

// Strengths of the kinds of window; see Window.
const (
	strengthDay   = 1.0
	strengthWeek  = 1.0
	strengthMonth = 0.8
	strengthYear  = 0.6
	strengthYears = 0.4
	strengthOpen  = 0.5
	strengthSoft  = 0.3
)

// candidate is one time expression found in a question.
type candidate struct {
	w        Window
	explicit bool // named by a date rather than read against asOf
}

// reader finds one family of time expressions. read turns a match (the
// submatch indexes of re in q) into a window, or reports false when the
// match is not a time expression after all. It may set Start and End to
// narrow the phrase; left zero, the phrase is the whole match.
type reader struct {
	re   *regexp.Regexp
	read func(q string, m []int, today time.Time) (candidate, bool)
}

// readers holds every family, relative and explicit.
var readers = slices.Concat(relativeReaders, explicitReaders)

// Read returns the window question names, read against asOf (the time the
// question was asked), or the zero Window when it names none. When it names
// several, the longest of overlapping expressions counts, and of the rest
// the strongest, then a named date over a relative one, then the first.
func Read(question string, asOf time.Time) Window {
	today := dayOf(asOf)
	var cands []candidate
	for _, r := range readers {
		for _, m := range r.re.FindAllStringSubmatchIndex(question, -1) {
			c, ok := r.read(question, m, today)
			if !ok {
				continue
			}
			if c.w.End == 0 {
				c.w.Start, c.w.End = m[0], m[1]
			}
			cands = append(cands, c)
		}
	}
	c, ok := choose(cands)
	if !ok {
		return Window{}
	}
	c.w.Phrase = question[c.w.Start:c.w.End]
	return c.w
}

// choose keeps the longest of overlapping candidates, then returns the
// strongest of those left, preferring explicit ones, then the earliest.
func choose(cands []candidate) (candidate, bool) {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if la, lb := a.w.End-a.w.Start, b.w.End-b.w.Start; la != lb {
			return lb - la
		}
		return a.w.Start - b.w.Start
	})
	var kept []candidate
	for _, c := range cands {
		if !slices.ContainsFunc(kept, func(k candidate) bool {
			return c.w.Start < k.w.End && k.w.Start < c.w.End
		}) {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return candidate{}, false
	}
	return slices.MinFunc(kept, func(a, b candidate) int {
		switch {
		case a.w.Strength != b.w.Strength:
			if a.w.Strength > b.w.Strength {
				return -1
			}
			return 1
		case a.explicit != b.explicit:
			if a.explicit {
				return -1
			}
			return 1
		}
		return a.w.Start - b.w.Start
	}), true
}

// settle applies the rules every window obeys. A relative window is cut to
// end with today; an open end of one is closed there. It reports false for
// a window that is empty, begins after today (the question speaks of the
// future, which no article has reported yet) or excludes nothing before
// today ("before 2030").
func settle(w Window, relative bool, today time.Time) (Window, bool) {
	next := today.AddDate(0, 0, 1)
	if relative && (w.To.IsZero() || w.To.After(next)) {
		w.To = next
	}
	switch {
	case !w.From.IsZero() && !w.From.Before(next):
		return Window{}, false
	case w.From.IsZero() && (w.To.IsZero() || w.To.After(today)):
		return Window{}, false
	case !w.To.IsZero() && !w.From.Before(w.To):
		return Window{}, false
	}
	return w, true
}

// span returns the window [from, to) with the strength its length earns:
// a week or less is a week, up to 31 days a month, up to a leap year a year.
func span(from, to time.Time) Window {
	days := int(to.Sub(from).Hours() / 24)
	s := strengthYears
	switch {
	case days <= 7:
		s = strengthWeek
	case days <= 31:
		s = strengthMonth
	case days <= 366:
		s = strengthYear
	}
	return Window{From: from, To: to, Strength: s}
}

// dayOf returns t's calendar day, in t's own location, as midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Strip returns question without the phrase that named w, with the spaces
// and punctuation around the gap tidied. It returns question unchanged when w
// is the zero Window or its span does not hold its Phrase in question.
func Strip(question string, w Window) string {
	if w.Strength == 0 || w.Start < 0 || w.Start > w.End || w.End > len(question) ||
		question[w.Start:w.End] != w.Phrase {
		return question
	}
	before := strings.TrimRight(question[:w.Start], " \t")
	after := question[w.End:]
	for _, s := range []string{"'s", "’s"} { // "this week's final"
		after = strings.TrimPrefix(after, s)
	}
	after = strings.TrimLeft(after, " \t")
	switch {
	case before == "":
		after = strings.TrimLeft(after, ",;: ")
	case after == "" || strings.ContainsRune(",.?!;:)", rune(after[0])):
		before = strings.TrimRight(before, ",;:")
	default:
		before += " "
	}
	return before + after
}
