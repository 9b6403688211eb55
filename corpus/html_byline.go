package corpus

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// bylinePrefix is the word that introduces a byline in several languages.
	bylinePrefix = regexp.MustCompile(`(?i)^(?:(?:written|posted|reported|text|words|story)\s+)?(?:by|par|von|por|di|door|av|af)\b[:\s]*`)
	// bylineTail starts what follows the names in a byline: a date, a time,
	// an "updated" note or a separator.
	bylineTail = regexp.MustCompile(`(?i)\s*(?:\s[-–—|•·]\s|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{2,4}|\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|\b(?:updated|published|posted|last updated)\b).*$`)
	// bylineJoin separates two names.
	bylineJoin = regexp.MustCompile(`(?i)\s+(?:and|&|und|et|y|e)\s+`)
)

// cleanByline turns a byline as a page writes it ("By Jane Roe and John Doe
// - Apr 16, 2015 8:02 pm") into names joined with ", " ("Jane Roe, John
// Doe"). It returns "" for text that does not read as names.
func cleanByline(s string) string {
	s = squashSpace(s)
	s = bylinePrefix.ReplaceAllString(s, "")
	s = bylineTail.ReplaceAllString(s, "")
	s = bylineJoin.ReplaceAllString(s, ", ")
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '.' && r != ')'
	})
	if s == "" || len([]rune(s)) > 100 || len(strings.Fields(s)) > 16 {
		return ""
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return ""
	}
	return s
}

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
