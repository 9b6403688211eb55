package corpus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// words returns n words "w1 w2 ..." ending with a full stop.
func words(prefix string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return strings.Join(ws, " ") + "."
}

func chunkTexts(cs []Chunk) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}

func TestSplit(t *testing.T) {
	a4, b4, c4, d4 := words("A", 4), words("B", 4), words("C", 4), words("D", 4)
	tests := []struct {
		name string
		text string
		opts SplitOptions
		want []string
	}{
		{"empty", "", SplitOptions{}, nil},
		{"one short sentence", a4, SplitOptions{}, []string{a4}},
		{"all fit", a4 + " " + b4, SplitOptions{MaxWords: 8}, []string{a4 + " " + b4}},
		{"overlap of one sentence", strings.Join([]string{a4, b4, c4, d4}, " "), SplitOptions{MaxWords: 8},
			[]string{a4 + " " + b4, b4 + " " + c4, c4 + " " + d4}},
		{"no overlap", strings.Join([]string{a4, b4, c4, d4}, " "), SplitOptions{MaxWords: 8, OverlapSentences: -1},
			[]string{a4 + " " + b4, c4 + " " + d4}},
		{"overlap dropped when no room", a4 + " " + words("B", 8), SplitOptions{MaxWords: 8},
			[]string{a4, words("B", 8)}},
		{"overlong sentence kept whole", a4 + " " + words("X", 20) + " " + b4, SplitOptions{MaxWords: 8},
			[]string{a4, words("X", 20), b4}},
		{"very long sentence cut at words", words("x", 20), SplitOptions{MaxWords: 6},
			[]string{"x1 x2 x3 x4 x5 x6", "x7 x8 x9 x10 x11 x12", "x13 x14 x15 x16 x17 x18", "x19 x20."}},
		{"paragraphs", a4 + "\n\n" + b4, SplitOptions{MaxWords: 8}, []string{a4 + "\n\n" + b4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "x", Text: tt.text}
			got := Split(a, tt.opts)
			if diff := cmp.Diff(tt.want, chunkTexts(got)); diff != "" {
				t.Errorf("Split(%q, %+v) mismatch (-want +got):\n%s", tt.text, tt.opts, diff)
			}
			checkChunks(t, a, got)
		})
	}
}

// checkChunks checks the invariants of Split's result: ids and sequence
// numbers, Text equal to the slice it names, chunks in order and covering
// every sentence.
func checkChunks(t *testing.T, a Article, cs []Chunk) {
	t.Helper()
	end := 0
	for i, c := range cs {
		if c.ArticleID != a.ID || c.Seq != i {
			t.Errorf("chunk %d: ArticleID %q, Seq %d, want %q, %d", i, c.ArticleID, c.Seq, a.ID, i)
		}
		if c.Start < 0 || c.End > len(a.Text) || c.Start >= c.End || c.Text != a.Text[c.Start:c.End] {
			t.Fatalf("chunk %d: Text %q is not a.Text[%d:%d]", i, c.Text, c.Start, c.End)
		}
		if c.Start > end && strings.TrimSpace(a.Text[end:c.Start]) != "" {
			t.Errorf("chunk %d starts at %d, leaving %q out", i, c.Start, a.Text[end:c.Start])
		}
		if c.End <= end {
			t.Errorf("chunk %d ends at %d, no further than the last (%d)", i, c.End, end)
		}
		end = c.End
	}
	if strings.TrimSpace(a.Text[end:]) != "" {
		t.Errorf("text after the last chunk left out: %q", a.Text[end:])
	}
}

func TestSplitDefaults(t *testing.T) {
	var b strings.Builder
	for i := range 60 {
		fmt.Fprintf(&b, "Sentence number %d has exactly seven words. ", i)
		if i%7 == 6 {
			b.WriteString("\n\n")
		}
	}
	a := Article{ID: "long", Text: Clean(b.String())}
	cs := Split(a, SplitOptions{})
	checkChunks(t, a, cs)
	for _, c := range cs {
		if n := countWords(c.Text); n > DefaultMaxWords {
			t.Errorf("chunk %d has %d words, want at most %d", c.Seq, n, DefaultMaxWords)
		}
	}
	if len(cs) < 5 {
		t.Errorf("Split made %d chunks of 420 words, want at least 5", len(cs))
	}
}

func ExampleSplit() {
	a := Article{
		ID: "news/a.txt",
		Text: "The council met on Monday. It approved the budget. " +
			"Dr. Lee voted against it. The vote was 5 to 2.",
	}
	for _, c := range Split(a, SplitOptions{MaxWords: 11}) {
		fmt.Printf("%d [%d:%d] %s\n", c.Seq, c.Start, c.End, c.Text)
	}
	// Output:
	// 0 [0:50] The council met on Monday. It approved the budget.
	// 1 [27:76] It approved the budget. Dr. Lee voted against it.
	// 2 [51:97] Dr. Lee voted against it. The vote was 5 to 2.
}
