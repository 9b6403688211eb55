package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Sentences splits text into sentences and returns their byte spans, in
// order, without surrounding space. It copes with news prose: abbreviations
// ("U.S.", "Dr."), decimals, initials, quotes and brackets after the full stop.
//
// A sentence ends at a line break (always), or at ".", "!", "?" or "…" (and
// their runs, such as "?!" or "...") followed by any closing quotes or
// brackets, then space, then something that does not start in lower case.
// A full stop does not end a sentence after a list item's number ("1. The
// first point"), after a title ("Dr.", "Gov."), after
// "No.", "Jan.", "p." and the like when a number follows, or after an
// initial ("J. K. Rowling") or a dotted abbreviation ("U.S.", "a.m.") or a
// company suffix ("Inc.") unless the next word is one that commonly starts
// a sentence ("The", "He", "But"...). Every span is non-empty.
func Sentences(text string) []Span {
	var spans []Span
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		spans = splitLine(text, start, end, spans)
		start = end + 1
	}
	return spans
}

// splitLine appends the sentences of the line text[lo:hi] to spans.
func splitLine(text string, lo, hi int, spans []Span) []Span {
	start := lo
	for i := lo; i < hi; {
		r, size := utf8.DecodeRuneInString(text[i:hi])
		if !isTerminator(r) {
			i += size
			continue
		}
		// The run of terminators, then any closing quotes and brackets.
		runStart := i
		for i < hi {
			r, size := utf8.DecodeRuneInString(text[i:hi])
			if !isTerminator(r) {
				break
			}
			i += size
		}
		runEnd := i
		for i < hi {
			r, size := utf8.DecodeRuneInString(text[i:hi])
			if !isCloser(r) {
				break
			}
			i += size
		}
		end := i
		// Space must follow, then the next sentence.
		next := end
		for next < hi {
			r, size := utf8.DecodeRuneInString(text[next:hi])
			if !unicode.IsSpace(r) {
				break
			}
			next += size
		}
		if next == end || next == hi {
			continue
		}
		if !endsSentence(text[lo:hi], start-lo, runStart-lo, runEnd-lo, end-lo, next-lo) {
			continue
		}
		spans = appendTrimmed(spans, text, start, end)
		start, i = next, next
	}
	return appendTrimmed(spans, text, start, hi)
}

// endsSentence decides whether the terminators line[runStart:runEnd], with
// closers up to end and the next sentence at next, end the sentence that
// began at start.
func endsSentence(line string, start, runStart, runEnd, end, next int) bool {
	nr, _ := utf8.DecodeRuneInString(line[next:])
	if unicode.IsLower(nr) || strings.ContainsRune(",;:", nr) || isTerminator(nr) {
		return false // "e.g. this", "Inc., the", ". . ."
	}
	// Only a lone full stop, right after a word, can close an abbreviation.
	if line[runStart:runEnd] != "." || end != runEnd {
		return true
	}
	word := wordBefore(line, runStart)
	if word == "" {
		return true
	}
	// The number of a list item: "1. The first point".
	if len(word) <= 3 && isDigits(word) && strings.TrimSpace(line[start:runStart]) == word {
		return false
	}
	nextWord, initial := wordAfter(line, next)
	switch abbreviations[word] {
	case abbrTitle:
		return false
	case abbrNumber:
		return !unicode.IsDigit(nr)
	case abbrMayEnd:
		return !unicode.IsDigit(nr) && sentenceStarters[nextWord] && !initial
	}
	if isInitial(word) || isDottedAbbreviation(word) {
		return sentenceStarters[nextWord] && !initial
	}
	return true
}

// wordBefore returns the letters, digits and inner dots right before
// line[i], the full stop.
func wordBefore(line string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(line[:j])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' {
			break
		}
		j -= size
	}
	return strings.TrimLeft(line[j:i], ".")
}

// wordAfter returns the word at line[i:], past any opening quotes and
// brackets, and whether it is an initial (one capital and a full stop).
func wordAfter(line string, i int) (word string, initial bool) {
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if unicode.IsLetter(r) {
			break
		}
		if !isOpener(r) {
			return "", false
		}
		i += size
	}
	j := i
	for j < len(line) {
		r, size := utf8.DecodeRuneInString(line[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	word = line[i:j]
	return word, isInitial(word) && strings.HasPrefix(line[j:], ".")
}

// isInitial reports whether word is a single capital letter.
func isInitial(word string) bool {
	r, size := utf8.DecodeRuneInString(word)
	return size == len(word) && unicode.IsUpper(r)
}

// isDottedAbbreviation reports whether word is letters of one or two
// separated by dots: "U.S", "e.g", "a.m", "Ph.D".
func isDottedAbbreviation(word string) bool {
	if !strings.Contains(word, ".") {
		return false
	}
	for part := range strings.SplitSeq(word, ".") {
		n := utf8.RuneCountInString(part)
		if n < 1 || n > 2 {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// appendTrimmed appends text[start:end] without its surrounding space, unless
// nothing is left.
func appendTrimmed(spans []Span, text string, start, end int) []Span {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if start == end {
		return spans
	}
	return append(spans, Span{start, end})
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '}', '»', '›':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '{', '«', '‹':
		return true
	}
	return false
}
