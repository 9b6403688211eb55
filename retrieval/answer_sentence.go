package retrieval

import (
	"archivist/corpus"

	"regexp"
	"strings"
)

// Which sentences may be quoted at all: a fragment (a caption, a dateline, a
// byline) and a sentence about the page rather than the news (a sample
// notice, a copyright line, a call to subscribe) are never an answer, nor a
// nearest passage's sample.

// boilerplateRe matches a sentence that speaks of the article or the site
// itself rather than of its subject.
var boilerplateRe = regexp.MustCompile(`(?i)\b(this is an? (sample|example|demo|test|fictional|fictitious) (article|story|page|post|text)` +
	`|(sample|example|demo) (article|story|page|post) (written|made|created|for)` +
	`|this (article|story|post|page) (was|is|has been|first|originally|appeared|contains|may)` +
	`|\b(are|is|were) (invented|fictional|fictitious|made up)\.?$|all rights reserved|click here|sign up for|subscribe to (our|the)|follow us on|copyright ©)`)

// quotable reports whether sentence s may be quoted: it has at least
// shortWords words and is not boilerplate.
func quotable(s string) bool {
	return len(strings.Fields(s)) >= shortWords && !boilerplateRe.MatchString(s)
}

// firstQuotable returns the first quotable sentence of text, "" when it has
// none.
func firstQuotable(text string) string {
	for _, sp := range corpus.Sentences(text) {
		if s := text[sp.Start:sp.End]; quotable(s) {
			return s
		}
	}
	return ""
}
