package corpus

import (
	"strings"
	"unicode/utf8"
)

// Hard-wrapped plain text: lines of a paragraph broken at a fixed width.
const (
	wrapMinWidth = 50  // the longest line of a wrapped paragraph is at least this long
	wrapMaxWidth = 100 // and at most this long
	wrapSlack    = 35  // every line but the last is at most this much shorter
)

// unwrapLines joins the lines of each hard-wrapped paragraph of plain text
// with spaces, so that a line break does not cut a sentence in two. A
// paragraph (lines between blank lines) is hard-wrapped when all its lines
// but the last have about the same length, between 50 and 100 characters,
// as text wrapped at a fixed width has, and it has three lines or more, or
// two of which the first does not end a sentence. Other paragraphs are left
// as they are.
func unwrapLines(text string) string {
	paras := strings.Split(text, "\n\n")
	for i, p := range paras {
		lines := strings.Split(strings.Trim(p, "\n"), "\n")
		if len(lines) < 2 || !hardWrapped(lines[:len(lines)-1]) ||
			len(lines) == 2 && sentenceEnd(strings.TrimSpace(lines[0])) != "" {
			continue
		}
		for j, l := range lines {
			lines[j] = strings.TrimSpace(l)
		}
		paras[i] = strings.Join(lines, " ")
	}
	return strings.Join(paras, "\n\n")
}

// hardWrapped reports whether lines (a paragraph without its last line) are
// of about the same length, as a fixed width leaves them.
func hardWrapped(lines []string) bool {
	lo, hi := wrapMaxWidth+1, 0
	for _, l := range lines {
		n := utf8.RuneCountInString(strings.TrimSpace(l))
		lo, hi = min(lo, n), max(hi, n)
	}
	return hi >= wrapMinWidth && hi <= wrapMaxWidth && lo >= hi-wrapSlack
}
