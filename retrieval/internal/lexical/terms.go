// Package lexical is the word side of retrieval: the analyzer that turns
// text into search terms (lower-cased words and figures, stop words dropped,
// English stems), and BM25 indexes over passages and over whole articles.
// Indexes are immutable once built and safe for concurrent reads.
package lexical

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Terms returns the search terms of text: lower-cased words and numbers,
// stop words dropped, English words stemmed. Digits stay as they are.
func Terms(text string) []string {
	var out []string
	ForEachWord(text, func(w string) {
		if stopWords[w] {
			return
		}
		out = append(out, stem(w))
	})
	return out
}

// ForEachWord calls f with each lower-cased word or number of text. Inner
// apostrophes and hyphens split words ("Tencent's" gives "tencent", "s");
// a figure such as "2.9" or "1,500" is one word.
func ForEachWord(text string, f func(w string)) {
	forEachWordAt(text, func(w string, _ int) { f(w) })
}

// forEachWordAt is ForEachWord that also passes each word's byte offset.
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

// stemCacheMax bounds the stems remembered: news text repeats a small
// vocabulary, but a long-running bot hears every word its users type.
const stemCacheMax = 1 << 16

// stemCache memoises stems, up to stemCacheMax of them; when full it is
// started again, which costs a few re-stemmed words and bounds the memory.
var stemCache struct {
	m atomic.Pointer[sync.Map] // string → string
	n atomic.Int64             // entries stored in m, about
}

func init() { stemCache.m.Store(new(sync.Map)) }

// stem returns the English stem of the lower-cased word w; words of three
// letters or fewer, and figures, are their own stems.
func stem(w string) string {
	if len(w) <= 3 || w[0] <= '9' {
		return w
	}
	m := stemCache.m.Load()
	if s, ok := m.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, true)
	if stemCache.n.Add(1) > stemCacheMax {
		stemCache.m.Store(new(sync.Map))
		stemCache.n.Store(0)
	} else {
		// w may be a view into a mapped index that is unmapped later: the
		// cache, which outlives it, keeps copies.
		w, s = strings.Clone(w), strings.Clone(s)
		m.Store(w, s)
	}
	return s
}

// IsStopWord reports whether the lower-cased word w is too common to say
// anything about a passage (and so is never a search term).
func IsStopWord(w string) bool { return stopWords[w] }

// stopWords are the words too common to say anything about a passage.
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
