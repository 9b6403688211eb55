package when

import (
	"regexp"
	"strconv"
	"time"
)

// Patterns of a date, without capturing groups so that they compose.
const (
	monthPat = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?`
	yearPat  = `(?:19|20)\d\d\b`
	dayPat   = `\d{1,2}(?:st|nd|rd|th)?\b`
	// datePat is a day, a month or a year: 2022-03-12, 12 March 2022,
	// March 12th, 2022, March 2022, June of 2021, March, 2016.
	datePat = `(?:\d{4}-\d\d-\d\d\b` +
		`|` + dayPat + `\s+(?:of\s+)?` + monthPat + `(?:,?\s+` + yearPat + `)?` +
		`|` + monthPat + `\s+` + dayPat + `(?:,?\s+` + yearPat + `)?` +
		`|` + monthPat + `,?\s+(?:of\s+)?` + yearPat +
		`|` + monthPat + `|` + yearPat + `)`
)

// explicitReaders find the expressions that name dates.
var explicitReaders = []reader{
	{regexp.MustCompile(`(?i)\b(?:(in|on|during|since|before|after|until|till|through|from|last)\s+(the\s+)?(?:(early|late|mid)(?:-|\s+))?` +
		`|(early|late|mid)(?:-|\s+)|(?:end|start|beginning|middle|summer|spring|autumn|fall|winter|half|quarter|rest)\s+(of)\s+)?` +
		`(` + datePat + `)`), readDate},
	{regexp.MustCompile(`(?i)\b(?:between\s+(` + datePat + `)\s+and\s+(` + datePat + `)` +
		`|from\s+(` + datePat + `)\s+(?:to|until|till|through)\s+(` + datePat + `)` +
		`|(?:in|during|from|between)\s+(` + yearPat + `)\s*(?:-|–|—)\s*(` + yearPat + `))`), readRange},
	{regexp.MustCompile(`(?i)\b(?:(?:in|during)\s+)?(?:the\s+)?week\s+(of|beginning|starting|commencing)\s+(` + datePat + `)`), readWeekOf},
	{regexp.MustCompile(`(?i)\b(?:(in|during|since|before|after|until|through|from)\s+)?(?:the\s+)?(?:(?:early|mid|late)(?:-|\s+))?` +
		`(?:((?:19|20)\d)0['’]?s|['’](\d)0s)\b`), readDecade},
}

// readDate reads a date, perhaps after a word that says how it bounds the
// window (see halfOpen) and, before a day, "the" ("on the 12th of March"). A date with a month and a year, or a day, a month
// and a year, stands anywhere. A year alone needs a word before it (in,
// since, before, after, until, during, from, early, "the end of") and no
// noun after it, so "in 2000 cases" and "Route 2016" name no year. A month
// alone needs such a word, its full name, and a capital if it is May. A day
// without a year needs on, since, before, after, until or from before it,
// so "the Jan. 6 hearings" is no window. Without a year, a month or day is
// the latest one up to today; "last June" asked in June is a year before.
// "early", "mid" and "late" are read as the whole period.
func readDate(q string, m []int, today time.Time) (candidate, bool) {
	trig, the := group(q, m, 1), group(q, m, 2)
	hasTrig := trig != "" || m[8] >= 0 || m[10] >= 0
	d, ok := parseDate(q[m[12]:m[13]])
	if !ok {
		return candidate{}, false
	}
	switch {
	case the != "" && d.d == 0: // "in the 2016 election"
		ok = false
	case d.m == 0:
		ok = hasTrig && trig != "last" && yearEnds(q, m[13])
	case d.y == 0 && d.d == 0:
		ok = hasTrig && !d.abbrev && !d.lowerMay
	case d.y == 0:
		ok = trig != "" && trig != "last"
	default:
		ok = trig != "last"
	}
	if !ok {
		return candidate{}, false
	}
	w, rel, ok := d.window(today, trig == "last")
	if !ok {
		return candidate{}, false
	}
	w, ok = settle(halfOpen(trig, w), rel, today)
	c := candidate{w: w, explicit: !rel}
	if m[10] >= 0 { // "the end of 2020": the phrase begins at "of"
		c.w.Start, c.w.End = m[10], m[1]
	}
	return c, ok
}

// readRange reads "between 2019 and 2021", "from June to August 2021" and
// "in 2019-2021": from the first date's first day to the second date's last
// (both years whole). A first date without a year takes the second's, or
// the year before when it would otherwise come after it. Its strength
// follows its length.
func readRange(q string, m []int, today time.Time) (candidate, bool) {
	i := 1
	for m[2*i] < 0 {
		i += 2
	}
	a, okA := parseDate(q[m[2*i]:m[2*i+1]])
	b, okB := parseDate(q[m[2*i+2]:m[2*i+3]])
	if !okA || !okB || b.m == 0 && !yearEnds(q, m[1]) || a.y != 0 && b.y == 0 {
		return candidate{}, false
	}
	wb, rel, ok := b.window(today, false)
	if !ok {
		return candidate{}, false
	}
	if a.y == 0 {
		a.y = wb.From.Year()
		if wa, ok := a.in(a.y); ok && wa.From.After(wb.From) {
			a.y--
		}
	}
	wa, ok := a.in(a.y)
	if !ok || !wa.From.Before(wb.To) {
		return candidate{}, false
	}
	w, ok := settle(span(wa.From, wb.To), rel, today)
	return candidate{w: w, explicit: !rel}, ok
}

// readWeekOf reads "the week of 20 March 2022": the Monday-to-Sunday week
// holding that day, or the week it begins if it is a Sunday (a week is
// often named by its Sunday). "the week beginning" (or starting, or
// commencing) a day is the seven days from it.
func readWeekOf(q string, m []int, today time.Time) (candidate, bool) {
	d, ok := parseDate(q[m[4]:m[5]])
	if !ok || d.d == 0 {
		return candidate{}, false
	}
	day, rel, ok := d.window(today, false)
	if !ok {
		return candidate{}, false
	}
	start := day.From
	if wd := start.Weekday(); group(q, m, 1) == "of" && wd != time.Sunday {
		start = start.AddDate(0, 0, -(int(wd)+6)%7)
	}
	w, ok := settle(days(start, 7, strengthWeek), rel, today)
	return candidate{w: w, explicit: !rel}, ok
}

// readDecade reads "the 1990s", "the 1990's" and "the '90s" (a two-digit
// decade is this century's if it has begun, else the last's); "the 90s",
// without the apostrophe, may be an age or a temperature and is no window.
// "early", "mid" and "late" are read as the whole decade.
func readDecade(q string, m []int, today time.Time) (candidate, bool) {
	var y int
	if m[4] >= 0 {
		n, _ := strconv.Atoi(q[m[4]:m[5]])
		y = n * 10
	} else {
		y = int(q[m[6]]-'0') * 10
		if y <= today.Year()%100 {
			y += today.Year() / 100 * 100
		} else {
			y += today.Year()/100*100 - 100
		}
	}
	w := Window{
		From:     time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
		To:       time.Date(y+10, 1, 1, 0, 0, 0, 0, time.UTC),
		Strength: strengthYears,
	}
	w, ok := settle(halfOpen(group(q, m, 1), w), false, today)
	return candidate{w: w, explicit: true}, ok
}
