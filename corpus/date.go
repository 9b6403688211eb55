package corpus

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeDate turns a date as archives write it ("2022/06/12",
// "2016-12-08T10:00:00Z", "December 8, 2016", ...) into "YYYY-MM-DD",
// "YYYY-MM" or "YYYY"; it returns "" when s holds no recognisable date.
//
// It reads ISO 8601 and RFC 3339 dates and times (the date as written, its
// time zone ignored), "YYYY/MM/DD", "YYYY.MM.DD", compact "YYYYMMDD" and
// WARC's 14-digit "YYYYMMDDhhmmss", dates with an English month name in any
// order ("8 Dec 2016", "Thu, 08 Dec 2016 10:00:00 GMT", "December 2016"),
// and "DD/MM/YYYY" or "MM/DD/YYYY" (day first unless that is impossible,
// except that an ambiguous date is read month first, as US archives write it).
// Years outside 1000-2999 and impossible days are not dates.
func NormalizeDate(s string) string {
	toks := dateTokens(s)
	if len(toks) == 0 {
		return ""
	}
	first := toks[0]
	if isDigits(first) {
		switch len(first) {
		case 8, 12, 14: // YYYYMMDD, YYYYMMDDhhmm, YYYYMMDDhhmmss
			return ymd(first[:4], first[4:6], first[6:8])
		case 6: // YYYYMM
			return ymd(first[:4], first[4:6], "")
		case 4:
			// CJK dates mark the year, month and day with a letter each
			// (2022年6月12日): pass over one-letter words.
			rest := slices.DeleteFunc(slices.Clone(toks[1:]), func(t string) bool {
				return !isDigits(t) && utf8.RuneCountInString(t) == 1
			})
			if len(rest) > 0 {
				if m := monthOf(rest[0]); m > 0 {
					return ymdNamed(first, m, nth(rest, 1))
				}
				if isDigits(rest[0]) {
					return ymd(first, rest[0], nth(rest, 1))
				}
			}
			return ymd(first, "", "")
		case 1, 2:
			if len(toks) >= 3 && isDigits(toks[1]) && isDigits(toks[2]) && len(toks[2]) == 4 {
				return numericDMY(first, toks[1], toks[2])
			}
		}
	}
	// An English month name somewhere: the day is a number of one or two
	// digits, the year one of four.
	month, day, year := 0, "", ""
	for _, t := range toks {
		switch {
		case month == 0 && monthOf(t) > 0:
			month = monthOf(t)
		case isDigits(t) && len(t) <= 2 && day == "" && year == "":
			day = t
		case isDigits(t) && len(t) == 4 && year == "":
			year = t
		}
	}
	if month == 0 || year == "" {
		return ""
	}
	return ymdNamed(year, month, day)
}

// dateTokens splits s into runs of digits and runs of letters, after
// cutting off a time of day ("T10:00:00Z", " 10:00 GMT") and what follows it,
// so that the time's numbers are not read as a date.
func dateTokens(s string) []string {
	if i := strings.IndexByte(s, ':'); i > 0 {
		j := i
		for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
			j--
		}
		if j < i {
			s = s[:j]
		}
	}
	var toks []string
	start, kind := -1, 0 // kind: 1 digits, 2 letters
	for i, r := range s {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case unicode.IsLetter(r):
			k = 2
		}
		if k != kind {
			if start >= 0 {
				toks = append(toks, s[start:i])
			}
			start, kind = -1, k
			if k != 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	// A "T" joining an ISO date to its time is no word.
	if n := len(toks); n > 0 && toks[n-1] == "T" {
		toks = toks[:n-1]
	}
	return toks
}

func nth(toks []string, i int) string {
	if i < len(toks) && isDigits(toks[i]) {
		return toks[i]
	}
	return ""
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numericDMY reads "a/b/YYYY": day first unless the month would be
// impossible; when both readings are possible, month first.
func numericDMY(a, b, year string) string {
	ai, _ := strconv.Atoi(a)
	bi, _ := strconv.Atoi(b)
	if ai > 12 && bi <= 12 {
		return ymd(year, b, a)
	}
	return ymd(year, a, b)
}

func ymdNamed(year string, month int, day string) string {
	return ymd(year, strconv.Itoa(month), day)
}

// ymd checks and formats a date; month and day may be "" (unknown).
func ymd(year, month, day string) string {
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 1000 || y > 2999 {
		return ""
	}
	if month == "" {
		return year
	}
	m, err := strconv.Atoi(month)
	if err != nil || len(month) > 2 || m < 1 || m > 12 {
		return ""
	}
	if day == "" {
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	d, err := strconv.Atoi(day)
	if err != nil || len(day) > 2 || d < 1 || d > daysIn(y, m) {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// monthOf returns the month an English month name or its abbreviation
// names (1-12), or 0.
func monthOf(word string) int {
	w := strings.ToLower(strings.TrimSuffix(word, "."))
	if len(w) < 3 {
		return 0
	}
	names := [...]string{"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december"}
	if w == "sept" {
		return 9
	}
	for i, n := range names {
		if strings.HasPrefix(n, w) {
			return i + 1
		}
	}
	return 0
}
