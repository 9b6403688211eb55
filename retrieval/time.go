package retrieval

import (
	"fmt"
	"strings"
	"time"

	"archivist/retrieval/internal/when"
)

// Time says when a question is asked and which publication dates its
// answer may draw on. The zero value asks with no time at all.
type Time struct {
	// AsOf is when the question was asked. "This week", "recently" and
	// the like are read against it, and articles published after it are
	// never preferred. The zero AsOf reads no dates from the question.
	AsOf time.Time
	// From and To, when set, bound the publication dates an answer may
	// draw on, both days included: an article outside them, or with no
	// known date, is never cited.
	From, To time.Time
}

// Ranking with time, tuned on the news dev questions (docs/EVAL.md, "Time").
const (
	// wWindow is added to a passage's score, times the window's strength,
	// when its article was published inside the time the question names.
	wWindow = 2.0
	// wFuture is taken off a passage whose article was published after the
	// question was asked: it cannot be the news the asker means.
	wFuture = 2.0
	// reportLag is how long after a window's end an article may appear and
	// still report on it: a Sunday's match is in Monday's paper.
	reportLag = 1
	// strongWindow is the strength from which a window that holds no
	// article at all makes the answer abstain, rather than cite other times.
	strongWindow = 0.8
	// wLatest is added, in proportion, to the newest of the candidates
	// published before the question when it asks about now ("now",
	// "currently", "latest", "recently"): the newest report is the current
	// one even when it is older than the window.
	wLatest = 1.0
	// latestStrength is the strength up to which a named window asks about
	// now, not about a span.
	latestStrength = 0.3
	// presentDays and presentStrength are the window of a question that
	// names no time: the week up to its asking, weakly. People ask a news
	// archive about the news of their day ("How many Russians could soon
	// be conscripted?"); an archive that ends long before the question has
	// nothing in that window, and then time changes nothing. On the news
	// dev questions it moves recall@5 from 0.873 to 0.922 (docs/EVAL.md).
	presentDays     = 7
	presentStrength = 0.5
	// scanPassages bounds the passages scored one by one, rather than
	// through the article vectors, when a window or a filter narrows the
	// archive.
	scanPassages = 20000
)

// day is a date as a count of days since 1970-01-01.
type day int32

// dayOf returns t's calendar day in its own location.
func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayRange is the span of days an article's publication date covers:
// [from, to), one day for "2022-06-12", a month for "2022-06", a year for
// "2022". known is false for an article with no date.
type dayRange struct {
	from, to day
	known    bool
}

// publishedRange reads an article's Published field.
func publishedRange(published string) dayRange {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(f.layout, published); err == nil {
			return dayRange{from: dayOf(t), to: dayOf(f.next(t)), known: true}
		}
	}
	return dayRange{}
}

// scope is what time means for one question: the hard filter, the window
// the question names, and the question's own day.
type scope struct {
	filtered       bool
	fromDay, toDay day // the filter, [fromDay, toDay); open sides are wide
	window         when.Window
	implicit       bool // the window is the question's present, not one it names
	winFrom, winTo day  // the window with reportLag, [winFrom, winTo)
	asOf           day
	hasAsOf        bool
}

// newScope reads t, and the window the question names against t.AsOf.
func newScope(question string, t Time) scope {
	s := scope{fromDay: -1 << 30, toDay: 1 << 30}
	if !t.From.IsZero() {
		s.filtered, s.fromDay = true, dayOf(t.From)
	}
	if !t.To.IsZero() {
		s.filtered, s.toDay = true, dayOf(t.To)+1
	}
	if t.AsOf.IsZero() {
		return s
	}
	s.hasAsOf, s.asOf = true, dayOf(t.AsOf)
	s.window = when.Read(question, t.AsOf)
	if s.window.Strength == 0 {
		// A question that names no time asks about its present.
		s.window = when.Window{From: t.AsOf.AddDate(0, 0, -presentDays), To: t.AsOf.AddDate(0, 0, 1), Strength: presentStrength}
		s.implicit = true
	}
	if s.window.Strength > 0 {
		s.winFrom, s.winTo = -1<<30, 1<<30
		if !s.window.From.IsZero() {
			s.winFrom = dayOf(s.window.From)
		}
		if !s.window.To.IsZero() {
			s.winTo = dayOf(s.window.To) + reportLag
		}
		// A window that ends by the question's day takes no lag past
		// it: what is published later is the future.
		if s.window.To.IsZero() || dayOf(s.window.To) <= s.asOf+1 {
			s.winTo = min(s.winTo, s.asOf+1)
		}
	}
	return s
}

// latest reports whether the question asks about now ("currently"), so
// that the newest candidate is preferred.
func (s scope) latest() bool {
	return !s.implicit && s.window.Strength > 0 && s.window.Strength <= latestStrength
}

// allows reports whether an article dated r may be cited.
func (s scope) allows(r dayRange) bool {
	if !s.filtered {
		return true
	}
	return r.known && r.from >= s.fromDay && r.to <= s.toDay
}

// inWindow reports whether an article dated r falls in the question's
// window (an article dated by month or year counts where it overlaps).
func (s scope) inWindow(r dayRange) bool {
	return s.window.Strength > 0 && r.known && r.from < s.winTo && r.to > s.winFrom
}

// future reports whether an article dated r was published after the
// question was asked.
func (s scope) future(r dayRange) bool {
	return s.hasAsOf && r.known && r.from > s.asOf
}

// timeBonus is what time adds to a passage of an article dated r.
func (s scope) timeBonus(r dayRange) float64 {
	var b float64
	if s.inWindow(r) {
		b += wWindow * s.window.Strength
	}
	if s.future(r) {
		b -= wFuture
	}
	return b
}

// describe writes a window for people: "between 3 and 9 May 2030".
func describeWindow(w when.Window) string {
	const layout = "2 January 2006"
	switch {
	case w.From.IsZero():
		return "before " + w.To.Format(layout)
	case w.To.IsZero():
		return "since " + w.From.Format(layout)
	case w.To.Sub(w.From) <= 24*time.Hour:
		return "on " + w.From.Format(layout)
	}
	return fmt.Sprintf("between %s and %s", w.From.Format(layout), w.To.AddDate(0, 0, -1).Format(layout))
}

// withoutTime returns question less the relative time phrase it names, if
// it names a day, a week or a month that way ("this week", "yesterday"):
// those words say when, not what the answer must hold. A phrase with a
// figure ("in 2022") stays, since an answer that holds the year is better
// evidence (stripping it let one more unanswerable news question through),
// and so do "now" and "currently", which XQuAD's questions use as content
// ("what is the city now called?").
func (s scope) withoutTime(question string) string {
	if s.implicit || s.window.Strength < strongWindow || strings.ContainsAny(s.window.Phrase, "0123456789") {
		return question
	}
	return when.Strip(question, s.window)
}
