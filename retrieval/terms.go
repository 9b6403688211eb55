package retrieval

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// terms returns the search terms of text: lower-cased words and numbers,
// stop words dropped, English words stemmed. Digits stay as they are.
func terms(text string) []string {
	var out []string
	forEachWord(text, func(w string) {
		if stopWords[w] {
			return
		}
		out = append(out, stem(w))
	})
	return out
}

// forEachWord calls f with each lower-cased word or number of text. Inner
// apostrophes and hyphens split words ("Tencent's" gives "tencent", "s").
func forEachWord(text string, f func(w string)) {
	forEachWordAt(text, func(w string, _ int) { f(w) })
}

// forEachWordAt is forEachWord that also passes each word's byte offset.
func forEachWordAt(text string, f func(w string, off int)) {
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		// Keep "2.9" and "1,500" whole: a figure is one term.
		if (r == '.' || r == ',') && start >= 0 && isDigitAt(text, i-1) && isDigitAt(text, i+1) {
			continue
		}
		if start >= 0 {
			f(lowerWord(text[start:i]), start)
			start = -1
		}
	}
	if start >= 0 {
		f(lowerWord(text[start:]), start)
	}
}

func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}

// stemCache memoises stems: news text repeats a small vocabulary.
var stemCache sync.Map // string → string

func stem(w string) string {
	if len(w) <= 3 || w[0] <= '9' {
		return w
	}
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, true)
	stemCache.Store(w, s)
	return s
}

// stopWords are words too common to say anything about a passage.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from further had has
		have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
		no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
		the their theirs them themselves then there these they this those through to too under until up very was we were
		what when where which while who whom why will with would you your yours yourself yourselves s t d ll m re ve also
		said says say according per via than whose`) {
		m[w] = true
	}
	return m
}()

func isDigitAt(s string, i int) bool {
	return i >= 0 && i < len(s) && '0' <= s[i] && s[i] <= '9'
}
