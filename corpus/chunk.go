package corpus

import (
	"unicode"
	"unicode/utf8"
)

// Chunk sizes that Split uses when SplitOptions leaves them zero. The
// built-in neural embedder reads only the first 128 tokens of a passage,
// about 90 words of English news prose.
const (
	// DefaultMaxWords is the default target size of a chunk in words.
	DefaultMaxWords = 90
	// DefaultOverlapSentences is how many sentences a chunk repeats, by
	// default, from the end of the previous one.
	DefaultOverlapSentences = 1
	// LongSentenceFactor bounds a single sentence: one longer than this many
	// times MaxWords is cut, at word boundaries, into pieces of MaxWords.
	// A shorter overlong sentence is kept whole as a chunk of its own.
	LongSentenceFactor = 3
)

// SplitOptions sizes chunks. The zero value uses the defaults.
type SplitOptions struct {
	// MaxWords is the target size of a chunk in words; 0 means the default.
	MaxWords int
	// OverlapSentences is how many sentences a chunk repeats from the end of
	// the previous one; negative means none, 0 the default.
	OverlapSentences int
}

func (o SplitOptions) maxWords() int {
	if o.MaxWords <= 0 {
		return DefaultMaxWords
	}
	return o.MaxWords
}

func (o SplitOptions) overlap() int {
	switch {
	case o.OverlapSentences < 0:
		return 0
	case o.OverlapSentences == 0:
		return DefaultOverlapSentences
	}
	return o.OverlapSentences
}

// Split cuts an article's text into overlapping, sentence-aligned chunks.
// Every chunk's Text is a.Text[Start:End].
//
// A chunk is the longest run of whole sentences (see Sentences) that stays
// within MaxWords, starting with the last OverlapSentences sentences of the
// previous chunk when they leave room for at least one new sentence. Every
// sentence is in some chunk; a sentence longer than MaxWords is a chunk on
// its own, cut at word boundaries only when it is longer than
// LongSentenceFactor times MaxWords. Chunks may span paragraph breaks. An
// article with no text has no chunks.
func Split(a Article, opts SplitOptions) []Chunk {
	limit, overlap := opts.maxWords(), opts.overlap()
	var units []Span // sentences, with overlong ones cut into pieces
	var words []int  // words in each unit
	for _, s := range Sentences(a.Text) {
		n := countWords(a.Text[s.Start:s.End])
		if n <= LongSentenceFactor*limit {
			units, words = append(units, s), append(words, n)
			continue
		}
		for _, p := range cutWords(a.Text, s, limit) {
			units, words = append(units, p), append(words, countWords(a.Text[p.Start:p.End]))
		}
	}

	var chunks []Chunk
	for first := 0; first < len(units); {
		total, last := words[first], first+1
		for last < len(units) && total+words[last] <= limit {
			total += words[last]
			last++
		}
		start, end := units[first].Start, units[last-1].End
		chunks = append(chunks, Chunk{
			ArticleID: a.ID,
			Seq:       len(chunks),
			Text:      a.Text[start:end],
			Start:     start,
			End:       end,
		})
		if last == len(units) {
			break
		}
		// Repeat up to overlap sentences, as long as the next chunk still
		// has room for the first new sentence.
		next := last
		for k, w := 0, words[last]; k < overlap && next-1 > first; k++ {
			if w+words[next-1] > limit {
				break
			}
			next--
			w += words[next]
		}
		first = next
	}
	return chunks
}

// countWords counts the runs of non-space characters in s.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// cutWords cuts the span s of text into pieces of at most limit words,
// each starting and ending at a word.
func cutWords(text string, s Span, limit int) []Span {
	var pieces []Span
	start, n, inWord := -1, 0, false
	for i := s.Start; i < s.End; {
		r, size := utf8.DecodeRuneInString(text[i:s.End])
		space := unicode.IsSpace(r)
		switch {
		case !space && !inWord:
			if start < 0 {
				start = i
			}
			n++
			inWord = true
		case space && inWord:
			inWord = false
			if n == limit {
				pieces = append(pieces, Span{start, i})
				start, n = -1, 0
			}
		}
		i += size
	}
	if start >= 0 {
		pieces = append(pieces, Span{start, s.End})
	}
	return pieces
}
