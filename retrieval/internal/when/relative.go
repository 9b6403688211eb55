package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// relativeReaders find the expressions read against the question's time.
// Their windows never end after today.
var relativeReaders = []reader{
	{regexp.MustCompile(`(?i)\b(?:(?:earlier|later)\s+)?this\s+(week|weekend|month|year)\b`), readThis},
	{regexp.MustCompile(`(?i)\blast\s+(week|weekend|month|year|night)\b`), readLast},
	{regexp.MustCompile(`(?i)\b(today|tonight|yesterday)\b`), readDay},
	{regexp.MustCompile(`(?i)\b(?:(on|last|early|late|since|until|before)\s+)?` +
		`(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?:\s+(morning|afternoon|evening|night)\b)?`), readWeekday},
	{regexp.MustCompile(`(?i)\b(?:(?:in|over|during|within|for)\s+)?(the\s+)?(?:past|last)\s+` +
		`(?:(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?few|couple(?:\s+of)?|several)\s+)?` +
		`(days?|weeks?|months?|years?)\b`), readPast},
	{regexp.MustCompile(`(?i)\b(?:(?:in|over|during)\s+)?recent\s+(days|weeks|months|years)\b`), readRecent},
	{regexp.MustCompile(`(?i)\b(?:recently|lately|latest|currently|nowadays|now|recent|these\s+days|right\s+now|at\s+the\s+moment|at\s+present)\b`), readSoft},
}

// relative settles a window read against today.
func relative(w Window, today time.Time) (candidate, bool) {
	w, ok := settle(w, true, today)
	return candidate{w: w}, ok
}

// days returns the window of n days beginning at from.
func days(from time.Time, n int, strength float64) Window {
	return Window{From: from, To: from.AddDate(0, 0, n), Strength: strength}
}

// group returns the text of submatch i of m in q, lower-cased, or "".
func group(q string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return strings.ToLower(q[m[2*i]:m[2*i+1]])
}

// readThis reads "this week" (the seven days ending today), "this weekend"
// (see weekend), "this month" and "this year" (from their first day to
// today).
func readThis(q string, m []int, today time.Time) (candidate, bool) {
	switch group(q, m, 1) {
	case "week":
		return relative(days(today.AddDate(0, 0, -6), 7, strengthWeek), today)
	case "weekend":
		return relative(weekend(today, false), today)
	case "month":
		return relative(days(today.AddDate(0, 0, 1-today.Day()), 31, strengthMonth), today)
	}
	return relative(days(today.AddDate(0, 0, 1-today.YearDay()), 366, strengthYear), today)
}

// readLast reads "last week" (the seven days before this week's), "last
// weekend" (see weekend), "last month" and "last year" (the calendar month
// or year before today's) and "last night" (yesterday).
func readLast(q string, m []int, today time.Time) (candidate, bool) {
	var w Window
	switch group(q, m, 1) {
	case "week":
		w = days(today.AddDate(0, 0, -13), 7, strengthWeek)
	case "weekend":
		w = weekend(today, true)
	case "month":
		first := today.AddDate(0, 0, 1-today.Day())
		w = Window{From: first.AddDate(0, -1, 0), To: first, Strength: strengthMonth}
	case "year":
		y := today.Year() - 1
		w = Window{From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC), Strength: strengthYear}
	default:
		w = days(today.AddDate(0, 0, -1), 1, strengthDay)
	}
	return relative(w, today)
}

// weekend returns the Saturday and Sunday a question means. On a Saturday or
// Sunday "this weekend" is the current one, up to today; on a weekday it is
// the one just gone, as the coming one is not yet news. "last weekend"
// (last set) is the one just gone on a weekday too, and the one before the
// current one at a weekend.
func weekend(today time.Time, last bool) Window {
	back := (int(today.Weekday()) + 1) % 7 // days since the latest Saturday
	if last && back < 2 {
		back += 7
	}
	return days(today.AddDate(0, 0, -back), 2, strengthWeek)
}

// readDay reads "today" and "tonight" (today) and "yesterday". "Today" after
// a capitalised word or "the" names a paper or a show ("USA Today").
func readDay(q string, m []int, today time.Time) (candidate, bool) {
	switch group(q, m, 1) {
	case "yesterday":
		return relative(days(today.AddDate(0, 0, -1), 1, strengthDay), today)
	case "today":
		if prev := prevWord(q, m[0]); isUpper(q[m[0]]) && (prev == "the" || prev != "" && isUpper(prev[0])) {
			return candidate{}, false
		}
	}
	return relative(days(today, 1, strengthDay), today)
}

// notWeekday holds the words that make a day name a name ("Black Friday").
var notWeekday = map[string]bool{
	"black": true, "good": true, "super": true, "cyber": true, "ash": true, "easter": true, "bloody": true,
	"holy": true, "palm": true, "maundy": true, "shrove": true, "giving": true, "fat": true, "blue": true,
}

// readWeekday reads a day of the week after on, last, early, late, since,
// until or before, or followed by a part of the day ("Monday night"). It is
// the latest such day up to today, today included; "last Monday" asked on a
// Monday is the one a week before. since, until and before give a
// half-open window. A capitalised part of the day ("Saturday Night Live")
// or a name such as "Black Friday" is no window.
func readWeekday(q string, m []int, today time.Time) (candidate, bool) {
	trig, part := group(q, m, 1), group(q, m, 3)
	if part != "" && isUpper(q[m[6]]) ||
		trig == "" && (part == "" || notWeekday[strings.ToLower(prevWord(q, m[0]))]) {
		return candidate{}, false
	}
	want := time.Weekday(strings.Index("sumotuwethfrsa", group(q, m, 2)[:2]) / 2)
	back := (int(today.Weekday()) - int(want) + 7) % 7
	if trig == "last" && back == 0 {
		back = 7
	}
	w := days(today.AddDate(0, 0, -back), 1, strengthDay)
	return relative(halfOpen(trig, w), today)
}

// halfOpen returns the half-open window a word such as since or before
// makes of w: since keeps From, after begins at To, before ends at From,
// until ends at To. Other words leave w whole.
func halfOpen(trig string, w Window) Window {
	switch trig {
	case "since":
		w.To = time.Time{}
	case "after":
		w.From, w.To = w.To, time.Time{}
	case "before":
		w.From, w.To = time.Time{}, w.From
	case "until", "till", "through":
		w.From = time.Time{}
	default:
		return w
	}
	w.Strength = min(w.Strength, strengthOpen)
	return w
}

// counts holds the number words readPast knows.
var counts = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "few": 3, "a few": 3, "couple": 2, "couple of": 2, "several": 5,
}

// readPast reads "the past week", "over the last 12 months", "in the past
// few days": the n units ending today (a unit without a number is one; a
// plural without one is a few). Without a number it needs "the", as "last
// week" and "last year" are read by readLast. Its strength follows its
// length.
func readPast(q string, m []int, today time.Time) (candidate, bool) {
	the, num, unit := group(q, m, 1), group(q, m, 2), group(q, m, 3)
	n, err := strconv.Atoi(num)
	switch {
	case num == "" && the == "":
		return candidate{}, false
	case num == "" && strings.HasSuffix(unit, "s"):
		n = 3
	case num == "":
		n = 1
	case err != nil:
		n = counts[strings.Join(strings.Fields(num), " ")]
	}
	if n < 1 {
		return candidate{}, false
	}
	end := today.AddDate(0, 0, 1)
	var from time.Time
	switch unit[:3] {
	case "day":
		from = end.AddDate(0, 0, -n)
	case "wee":
		from = end.AddDate(0, 0, -7*n)
	case "mon":
		from = end.AddDate(0, -n, 0)
	default:
		from = end.AddDate(-n, 0, 0)
	}
	return relative(span(from, end), today)
}

// readRecent reads "in recent days" (the past week, strength 0.6) and
// "recent weeks", "months" or "years" (the past 30 days, 3 months or 3
// years, strength 0.3).
func readRecent(q string, m []int, today time.Time) (candidate, bool) {
	end := today.AddDate(0, 0, 1)
	w := Window{To: end, Strength: strengthSoft}
	switch group(q, m, 1) {
	case "days":
		w.From, w.Strength = end.AddDate(0, 0, -7), 0.6
	case "weeks":
		w.From = end.AddDate(0, 0, -30)
	case "months":
		w.From = end.AddDate(0, -3, 0)
	default:
		w.From = end.AddDate(-3, 0, 0)
	}
	return relative(w, today)
}

// readSoft reads "recently", "lately", "latest", "now", "currently" and the
// like: the 30 days ending today, strength 0.3.
func readSoft(q string, m []int, today time.Time) (candidate, bool) {
	return relative(days(today.AddDate(0, 0, -29), 30, strengthSoft), today)
}

// prevWord returns the word before byte offset i of q, lower-cased only if
// it was, or "".
func prevWord(q string, i int) string {
	f := strings.Fields(q[:i])
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], `"'“”‘’(,`)
}

// isUpper reports whether b is an ASCII capital letter.
func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }
