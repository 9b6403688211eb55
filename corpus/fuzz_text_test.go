package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCleanSplit checks the invariants of Clean, Sentences and Split on any text:
// cleaning twice changes nothing (for text without entities), sentence spans
// are ordered, non-empty and trimmed, and every chunk is the slice of the
// text it names.
func FuzzCleanSplit(f *testing.F) {
	for _, s := range []string{
		"", "One. Two.", "Dr. J. K. Rowling moved to the U.S. The move.", "a\n\nb\nc d e.",
		"He said \"no.\" Then left.", "1. First\n2. Second", "Wait… what?", "x\u200dy \u00ad z\r\n\r\nw",
	} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, raw string, max int) {
		text := Clean(raw)
		if !utf8.ValidString(text) {
			t.Fatalf("Clean(%q) = %q, not valid UTF-8", raw, text)
		}
		if !strings.Contains(raw, "&") {
			if again := Clean(text); again != text {
				t.Fatalf("Clean(Clean(%q)) = %q, want %q", raw, again, text)
			}
		}
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("Sentences(%q): span %v out of order or empty", text, s)
			}
			if sub := text[s.Start:s.End]; strings.TrimSpace(sub) != sub {
				t.Fatalf("Sentences(%q): span %q has surrounding space", text, sub)
			}
			prev = s.End
		}
		a := Article{ID: "f", Text: text}
		checkChunks(t, a, Split(a, SplitOptions{MaxWords: max%40 + 1}))
	})
}
