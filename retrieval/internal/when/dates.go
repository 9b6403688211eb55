package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// date is a date as written: a year, a month or a day, with the parts not
// given left zero.
type date struct {
	y, m, d  int
	abbrev   bool // the month was abbreviated ("Sept")
	lowerMay bool // the month was "may", which is more often a verb
}

var (
	isoRE  = regexp.MustCompile(`^(\d{4})-(\d\d)-(\d\d)$`)
	wordRE = regexp.MustCompile(`[A-Za-z]+`)
	numRE  = regexp.MustCompile(`\d+`)
)

var monthNames = []string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

// parseDate reads text matched by datePat.
func parseDate(text string) (date, bool) {
	if m := isoRE.FindStringSubmatch(text); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return date{y: y, m: mo, d: d}, true
	}
	var dt date
	for _, w := range wordRE.FindAllString(text, -1) {
		lw := strings.ToLower(w)
		for i, name := range monthNames {
			if lw == name || len(lw) >= 3 && strings.HasPrefix(name, lw) {
				dt.m, dt.abbrev, dt.lowerMay = i+1, lw != name, w == "may"
			}
		}
	}
	for _, n := range numRE.FindAllString(text, -1) {
		v, _ := strconv.Atoi(n)
		if len(n) == 4 {
			dt.y = v
		} else {
			dt.d = v
		}
	}
	return dt, dt.m != 0 || dt.y != 0
}

// in returns the window of d in year y: a day, a month or the year. It
// reports false for a day or month the calendar lacks (31 April, 29
// February 2023) and for a year outside 1900–2099.
func (d date) in(y int) (Window, bool) {
	if y < 1900 || y > 2099 || d.m > 12 {
		return Window{}, false
	}
	switch {
	case d.m == 0:
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return Window{From: from, To: from.AddDate(1, 0, 0), Strength: strengthYear}, true
	case d.d == 0:
		from := time.Date(y, time.Month(d.m), 1, 0, 0, 0, 0, time.UTC)
		return Window{From: from, To: from.AddDate(0, 1, 0), Strength: strengthMonth}, true
	}
	from := time.Date(y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
	if from.Day() != d.d || from.Month() != time.Month(d.m) {
		return Window{}, false
	}
	return days(from, 1, strengthDay), true
}

// window returns d's window and whether it was read against today: a date
// without a year is the latest one that begins by today, or (strict) before
// today's month.
func (d date) window(today time.Time, strict bool) (w Window, relative, ok bool) {
	if d.y != 0 {
		w, ok = d.in(d.y)
		return w, false, ok
	}
	limit := today.AddDate(0, 0, 1)
	if strict {
		limit = today.AddDate(0, 0, 1-today.Day())
	}
	for y := today.Year(); y >= today.Year()-8; y-- { // 29 February recurs within 8 years
		if w, ok := d.in(y); ok && w.From.Before(limit) {
			return w, true, true
		}
	}
	return Window{}, false, false
}

// yearEnds reports whether what follows a year at byte i of q lets it be a
// year: not a decimal, a percentage or a range ("2020-21"), and not a
// number counting the next word ("2000 employees"). The next word may be
// capitalised or one of followers.
func yearEnds(q string, i int) bool {
	rest := q[i:]
	if rest == "" {
		return true
	}
	if r, n := utf8.DecodeRuneInString(rest); r != ' ' && r != '\t' && r != '\n' {
		if r == '%' {
			return false
		}
		next := rest[n:]
		return !strings.ContainsRune("-–—/.,:", r) || next == "" || next[0] < '0' || next[0] > '9'
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return true
	}
	w := f[0]
	switch {
	case w[0] >= '0' && w[0] <= '9':
		return false
	case isUpper(w[0]) || w[0] < 'a' || w[0] > 'z':
		return true
	}
	return followers[strings.ToLower(strings.TrimRight(w, `.,;:?!)"'”’`))]
}

// followers are the lower-case words that may follow a year in a question.
var followers = setOf(`and or but nor to the a an was were is are be been has had have did do does will would
could should can may might must when what who whom whose where why how which that this these those after
before during for from in on at by with about of than as so then while until since compared vs versus not
there it its they he she we you i his her their our my your also alone only too already again still ever just
saw see happened began ended`)

func setOf(words string) map[string]bool {
	s := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		s[w] = true
	}
	return s
}
