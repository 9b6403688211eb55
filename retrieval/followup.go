package retrieval

import (
	"time"

	"archivist/retrieval/internal/when"
)

// TimePhrase returns the words of question that name a time, as ranking
// reads them against asOf ("in 2018", "last week"), or "" when it names
// none. A follow-up question that names no time can then be given the
// time of the question before it.
func TimePhrase(question string, asOf time.Time) string {
	if asOf.IsZero() {
		return ""
	}
	w := when.Read(question, asOf)
	if w.Strength == 0 {
		return ""
	}
	return w.Phrase
}
