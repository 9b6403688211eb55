package retrieval

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"archivist/corpus"
)

// markerRE matches a bracketed group of citation numbers as models write
// them: [1], [1, 2], [1; 3], [1-3], [1 and 2], [Passage 2].
var markerRE = regexp.MustCompile(`(?i)\[\s*(?:(?:passages?|sources?)\s*)?` +
	`(\d{1,4}(?:\s*(?:,|;|-|–|and)\s*(?:(?:passages?|sources?)\s*)?\d{1,4})*)\s*\]`)

// marker is one group of citation numbers in an answer.
type marker struct {
	start, end int   // byte span of the group, brackets included
	nums       []int // the numbers written, ranges expanded, in order
}

// findMarkers returns the citation groups of text in order.
func findMarkers(text string) []marker {
	var ms []marker
	for _, loc := range markerRE.FindAllStringSubmatchIndex(text, -1) {
		ms = append(ms, marker{start: loc[0], end: loc[1], nums: markerNums(text[loc[2]:loc[3]])})
	}
	return ms
}

// markerNums reads the numbers of a group's inside, expanding short ranges
// ("1-3"); a range written backwards or longer than ten keeps its ends only.
func markerNums(s string) []int {
	var nums []int
	// Walk digits and dashes: a dash between two numbers makes a range.
	prev, cur, dash := -1, -1, false
	flush := func() {
		if cur < 0 {
			return
		}
		if dash && prev >= 0 && cur > prev && cur-prev <= 10 {
			for n := prev + 1; n <= cur; n++ {
				nums = append(nums, n)
			}
		} else {
			nums = append(nums, cur)
		}
		prev, cur, dash = cur, -1, false
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if cur < 0 {
				cur = 0
			}
			cur = cur*10 + int(r-'0')
		case r == '-' || r == '–':
			flush()
			dash = true
		case cur >= 0:
			flush()
		case unicode.IsLetter(r) || r == ',' || r == ';':
			dash = false
		}
	}
	flush()
	return nums
}

// checked is an answer whose markers were checked against the passages.
type checked struct {
	text string
	// cited holds the 0-based indexes of the cited passages; cited[i] is
	// written [i+1] in text.
	cited []int
	// claims holds, for each cited passage, the content words of each claim
	// it was cited after.
	claims [][]map[string]bool
}

// checkCitations keeps the markers of text that name one of n passages
// (numbered from 1), drops the others, and renumbers the kept ones 1..m in
// order of first appearance, written [1][2]. It also gathers the claim each
// marker follows: the words since the previous marker in its sentence, else
// its sentence before it, else the sentence before that.
func checkCitations(text string, n int) checked {
	ms := findMarkers(text)
	var sentences []corpus.Span // split only once a marker is kept
	var c checked
	renum := map[int]int{} // passage index → new number
	var out []byte
	last := 0 // end of the previous marker
	for _, m := range ms {
		out = append(out, text[last:m.start]...)
		var kept []int
		for _, num := range m.nums {
			if num < 1 || num > n {
				continue
			}
			idx := num - 1
			if _, ok := renum[idx]; !ok {
				renum[idx] = len(c.cited) + 1
				c.cited = append(c.cited, idx)
				c.claims = append(c.claims, nil)
			}
			if !slices.Contains(kept, idx) {
				kept = append(kept, idx)
			}
		}
		if len(kept) == 0 {
			// Drop the marker with the spaces around it, then put back one
			// space if a word follows on the same line.
			out = bytes.TrimRight(out, " \t")
			last = m.end
			for last < len(text) && (text[last] == ' ' || text[last] == '\t') {
				last++
			}
			if len(out) > 0 && out[len(out)-1] != '\n' && last < len(text) && !strings.ContainsRune(".,;:!?)\n", rune(text[last])) {
				out = append(out, ' ')
			}
			continue
		}
		if sentences == nil {
			sentences = corpus.Sentences(text)
		}
		claim := claimWords(text, sentences, ms, m)
		for _, idx := range kept {
			out = append(out, '[')
			out = strconv.AppendInt(out, int64(renum[idx]), 10)
			out = append(out, ']')
			c.claims[renum[idx]-1] = append(c.claims[renum[idx]-1], claim)
		}
		last = m.end
	}
	out = append(out, text[last:]...)
	c.text = strings.TrimSpace(string(out))
	return c
}

// claimWords returns the content words of the claim marker m follows.
func claimWords(text string, sentences []corpus.Span, ms []marker, m marker) map[string]bool {
	si := -1
	for i, s := range sentences {
		if s.Start <= m.start {
			si = i
		}
	}
	start := 0
	if si >= 0 {
		start = sentences[si].Start
	}
	segStart := start
	for _, o := range ms {
		if o.end <= m.start && o.end > segStart {
			segStart = o.end
		}
	}
	if w := contentWords(stripMarkers(text[segStart:m.start])); len(w) > 0 {
		return w
	}
	if w := contentWords(stripMarkers(text[start:m.start])); len(w) > 0 {
		return w
	}
	if si > 0 {
		s := sentences[si-1]
		return contentWords(stripMarkers(text[s.Start:s.End]))
	}
	return nil
}

// stripMarkers removes every citation group from s.
func stripMarkers(s string) string {
	return markerRE.ReplaceAllString(s, " ")
}
