package htmlmeta

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

// CleanByline turns a byline as a page writes it ("By Jane Roe and John Doe
// - Apr 16, 2015 8:02 pm") into names joined with ", " ("Jane Roe, John
// Doe"). It returns "" for text that does not read as names, a link or a
// social-media handle among them.
func CleanByline(s string) string {
	s = squashSpace(s)
	if !strings.Contains(s, " ") && (strings.HasPrefix(s, "@") || strings.Contains(s, "://")) {
		return ""
	}
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
