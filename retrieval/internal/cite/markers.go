// Package cite checks the citations of a written answer against the passages
// it was given and quotes them verbatim: citation markers ([1], [1-3],
// [Passage 2]), the claims they follow, the sentences that support those
// claims, and the hold-back that lets a streamed answer be shown before its
// markers are checked. Its functions are pure string work.
package cite

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

// Marker is one group of citation numbers in an answer.
type Marker struct {
	Start, End int   // byte span of the group, brackets included
	Nums       []int // the numbers written, ranges expanded, in order
}

// FindMarkers returns the citation groups of text in order.
func FindMarkers(text string) []Marker {
	var ms []Marker
	for _, loc := range markerRE.FindAllStringSubmatchIndex(text, -1) {
		ms = append(ms, Marker{Start: loc[0], End: loc[1], Nums: markerNums(text[loc[2]:loc[3]])})
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

// Checked is an answer whose markers were Checked against the passages.
type Checked struct {
	// Text is the answer with its markers checked and renumbered.
	Text string
	// Cited holds the 0-based indexes of the cited passages; Cited[i] is
	// written [i+1] in Text.
	Cited []int
	// Claims holds, for each cited passage, the content words of each claim
	// it was cited after.
	Claims [][]map[string]bool
}

// Check keeps the markers of text that name one of n passages
// (numbered from 1), drops the others, and renumbers the kept ones 1..m in
// order of first appearance, written [1][2]. It also gathers the claim each
// marker follows: the words since the previous marker in its sentence, else
// its sentence before it, else the sentence before that.
func Check(text string, n int) Checked {
	ms := FindMarkers(text)
	var sentences []corpus.Span // split only once a Marker is kept
	var c Checked
	renum := map[int]int{} // passage index → new number
	var out []byte
	last := 0 // end of the previous Marker
	for _, m := range ms {
		out = append(out, text[last:m.Start]...)
		var kept []int
		for _, num := range m.Nums {
			if num < 1 || num > n {
				continue
			}
			idx := num - 1
			if _, ok := renum[idx]; !ok {
				renum[idx] = len(c.Cited) + 1
				c.Cited = append(c.Cited, idx)
				c.Claims = append(c.Claims, nil)
			}
			if !slices.Contains(kept, idx) {
				kept = append(kept, idx)
			}
		}
		if len(kept) == 0 {
			// Drop the marker with the spaces around it, then put back one
			// space if a word follows on the same line.
			out = bytes.TrimRight(out, " \t")
			last = m.End
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
			c.Claims[renum[idx]-1] = append(c.Claims[renum[idx]-1], claim)
		}
		last = m.End
	}
	out = append(out, text[last:]...)
	c.Text = strings.TrimSpace(string(out))
	return c
}

// claimWords returns the content words of the claim marker m follows.
func claimWords(text string, sentences []corpus.Span, ms []Marker, m Marker) map[string]bool {
	si := -1
	for i, s := range sentences {
		if s.Start <= m.Start {
			si = i
		}
	}
	start := 0
	if si >= 0 {
		start = sentences[si].Start
	}
	segStart := start
	for _, o := range ms {
		if o.End <= m.Start && o.End > segStart {
			segStart = o.End
		}
	}
	if w := contentWords(StripMarkers(text[segStart:m.Start])); len(w) > 0 {
		return w
	}
	if w := contentWords(StripMarkers(text[start:m.Start])); len(w) > 0 {
		return w
	}
	if si > 0 {
		s := sentences[si-1]
		return contentWords(StripMarkers(text[s.Start:s.End]))
	}
	return nil
}

// StripMarkers removes every citation group from s.
func StripMarkers(s string) string {
	return markerRE.ReplaceAllString(s, " ")
}
