package corpus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sentenceTexts returns the text of each span of Sentences(text).
func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"only space", "  \n\n \t ", nil},
		{"one without stop", "No full stop here", []string{"No full stop here"}},
		{"two", "It rained. We stayed in.", []string{"It rained.", "We stayed in."}},
		{"question and exclamation", "Why? Because! Fine.", []string{"Why?", "Because!", "Fine."}},
		{"surrounding space trimmed", "  One.   Two.  ", []string{"One.", "Two."}},
		{"US abbreviation mid-sentence", "The U.S. Senate voted. It passed.",
			[]string{"The U.S. Senate voted.", "It passed."}},
		{"US abbreviation ends sentence", "He moved to the U.S. The move was hard.",
			[]string{"He moved to the U.S.", "The move was hard."}},
		{"UK before name", "The U.K. Prime Minister spoke.", []string{"The U.K. Prime Minister spoke."}},
		{"titles", "Dr. Smith met Mr. Jones and Mrs. Brown at St. Paul's.",
			[]string{"Dr. Smith met Mr. Jones and Mrs. Brown at St. Paul's."}},
		{"company suffix mid-sentence", "Apple Inc. Chief Tim Cook spoke.", []string{"Apple Inc. Chief Tim Cook spoke."}},
		{"company suffix ends sentence", "He works for Apple Inc. The firm is big.",
			[]string{"He works for Apple Inc.", "The firm is big."}},
		{"month before a day", "On Jan. 5 it snowed. Then it stopped.", []string{"On Jan. 5 it snowed.", "Then it stopped."}},
		{"number sign", "It is No. 1 in sales.", []string{"It is No. 1 in sales."}},
		{"no as a word", "He said no. Then he left.", []string{"He said no.", "Then he left."}},
		{"initials", "J. K. Rowling wrote it.", []string{"J. K. Rowling wrote it."}},
		{"middle initial", "George W. Bush spoke. He left.", []string{"George W. Bush spoke.", "He left."}},
		{"initial ends sentence", "They chose plan B. The rest agreed.", []string{"They chose plan B.", "The rest agreed."}},
		{"decimals and money", "Growth was 3.5 percent. It cost $1.2 billion. Shares rose.",
			[]string{"Growth was 3.5 percent.", "It cost $1.2 billion.", "Shares rose."}},
		{"ellipsis then capital", "He paused... Then he spoke.", []string{"He paused...", "Then he spoke."}},
		{"ellipsis then lower case", "Wait… what happened?", []string{"Wait… what happened?"}},
		{"quote after stop", `He said "no." Then he left.`, []string{`He said "no."`, "Then he left."}},
		{"curly quote after stop", "She said “yes.” Then she left.", []string{"She said “yes.”", "Then she left."}},
		{"question in quote, lower case after", `"Why?" he asked.`, []string{`"Why?" he asked.`}},
		{"bracket after stop", "It fell (again.) Then it rose.", []string{"It fell (again.)", "Then it rose."}},
		{"newline is a boundary", "Headline without stop\nBody starts here. Ends.",
			[]string{"Headline without stop", "Body starts here.", "Ends."}},
		{"paragraphs", "First para.\n\nSecond para.", []string{"First para.", "Second para."}},
		{"no space after stop", "Visit example.com today. Or not.", []string{"Visit example.com today.", "Or not."}},
		{"am pm", "It starts at 10 a.m. Eastern time. The doors open.",
			[]string{"It starts at 10 a.m. Eastern time.", "The doors open."}},
		{"stop then digit", "Sales fell in 2004. 2005 was better.", []string{"Sales fell in 2004.", "2005 was better."}},
		{"only punctuation", "...", []string{"..."}},
		{"spaced ellipsis", "He paused . . . Then he spoke.", []string{"He paused . . .", "Then he spoke."}},
		{"stop then comma", "Apple Inc., the maker, grew.", []string{"Apple Inc., the maker, grew."}},
		{"e.g. lower case", "Fruit, e.g. apples, is good.", []string{"Fruit, e.g. apples, is good."}},
		{"list numbers", "Top teams:\n1. New England won. 2. Seattle lost.", []string{"Top teams:", "1. New England won.", "2. Seattle lost."}},
		{"number ends sentence", "He scored 1. The team won.", []string{"He scored 1.", "The team won."}},
		{"CJK", "你好。世界！", []string{"你好。世界！"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Sentences(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestSentencesInvariants checks, over texts built from awkward pieces, that
// spans are in order, inside the text, non-empty and without surrounding
// space.
func TestSentencesInvariants(t *testing.T) {
	pieces := []string{"U.S.", "Dr.", " ", "\n", "\n\n", ".", "...", "?", "!", `"`, "”", "a", "The", "3.5", "…", "é", "\t", "(", ")", "Inc."}
	for i := range 2000 {
		var b strings.Builder
		for j := range 12 {
			b.WriteString(pieces[(i*7+j*j*13+i*j)%len(pieces)])
		}
		text := b.String()
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("Sentences(%q): span %v out of order or empty", text, s)
			}
			sub := text[s.Start:s.End]
			if strings.TrimSpace(sub) != sub {
				t.Fatalf("Sentences(%q): span %q has surrounding space", text, sub)
			}
			prev = s.End
		}
	}
}

func ExampleSentences() {
	text := `Dr. J. K. Rowling moved to the U.S. The move cost $1.2 million. She said "never again." Then she left.`
	for _, s := range Sentences(text) {
		fmt.Println(text[s.Start:s.End])
	}
	// Output:
	// Dr. J. K. Rowling moved to the U.S.
	// The move cost $1.2 million.
	// She said "never again."
	// Then she left.
}
