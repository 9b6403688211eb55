package cite

import (
	"regexp"
	"strings"
	"unicode"
)

// AbstainPhrase is what a model is asked to reply when the passages do not
// hold the answer, as normalised by normaliseWords.
const AbstainPhrase = "not in the archive"

// answerLabelRE matches a label some models put before their answer.
var answerLabelRE = regexp.MustCompile(`(?i)^\s*(?:\*\*)?answer(?:\*\*)?\s*:\s*(?:\*\*)?`)

// CleanCompletion removes a completion's reasoning block, an "Answer:"
// label and surrounding space.
func CleanCompletion(raw string) string {
	s := strings.TrimSpace(StripThinking(raw))
	return strings.TrimSpace(answerLabelRE.ReplaceAllString(s, ""))
}

// Abstains reports whether the model said the passages do not hold the
// answer: its reply text begins with AbstainPhrase (in any case, with any
// punctuation), or says it somewhere and c cites no given passage.
func Abstains(text string, c Checked) bool {
	words := normaliseWords(StripMarkers(text))
	return strings.HasPrefix(words, AbstainPhrase) ||
		(strings.Contains(words, AbstainPhrase) && len(c.Cited) == 0)
}

// normaliseWords lower-cases s, turns everything but letters and digits into
// spaces and joins the words with single spaces.
func normaliseWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
