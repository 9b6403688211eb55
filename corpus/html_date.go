package corpus

import "strings"

// pageDate turns a date a page states into "YYYY-MM-DD", "YYYY-MM" or
// "YYYY". An ISO timestamp keeps the calendar date the page wrote, whatever
// its time zone; other forms go through NormalizeDate.
func pageDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) >= 10 && asciiDigits(s[0:4]) && s[4] == '-' && asciiDigits(s[5:7]) && s[7] == '-' && asciiDigits(s[8:10]) {
		if plausibleYMD(s[0:4], s[5:7], s[8:10]) {
			return s[:10]
		}
		return ""
	}
	if (len(s) == 8 || len(s) == 14) && asciiDigits(s) { // 20170112, 20170112190504
		if plausibleYMD(s[0:4], s[4:6], s[6:8]) {
			return s[0:4] + "-" + s[4:6] + "-" + s[6:8]
		}
		return ""
	}
	return NormalizeDate(s)
}

// plausibleYMD reports whether the digits name a plausible calendar date.
func plausibleYMD(y, m, d string) bool {
	return y >= "1800" && y <= "2999" && m >= "01" && m <= "12" && d >= "01" && d <= "31"
}

func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// firstPageDate returns the first of dates that pageDate reads, or "".
func firstPageDate(dates []string) string {
	for _, d := range dates {
		if p := pageDate(d); p != "" {
			return p
		}
	}
	return ""
}
