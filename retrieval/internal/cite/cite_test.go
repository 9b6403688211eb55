package cite

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestMarkerNums(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"[1]", "[1]"},
		{"[1, 2]", "[1 2]"},
		{"[1,2 ; 4]", "[1 2 4]"},
		{"[1-3]", "[1 2 3]"},
		{"[2 – 4]", "[2 3 4]"},
		{"[3-1]", "[3 1]"},
		{"[1-40]", "[1 40]"},
		{"[1 and 2]", "[1 2]"},
		{"[Passage 2]", "[2]"},
		{"[passages 1, 3]", "[1 3]"},
		{"[sources 1 and source 4]", "[1 4]"},
	}
	for _, tt := range tests {
		ms := FindMarkers("x " + tt.in + ".")
		if len(ms) != 1 {
			t.Errorf("FindMarkers(%q) found %d groups, want 1", tt.in, len(ms))
			continue
		}
		if got := fmt.Sprint(ms[0].Nums); got != tt.want {
			t.Errorf("FindMarkers(%q) numbers = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, notMarker := range []string{"[a]", "[]", "[1.5]", "[see 1]", "array[i]"} {
		if ms := FindMarkers(notMarker); len(ms) != 0 {
			t.Errorf("FindMarkers(%q) = %v, want none", notMarker, ms)
		}
	}
}

func TestCheckCitations(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		n         int
		want      string
		wantCited string // 0-based passage indexes in their new order
	}{
		{"kept as is", "A [1]. B [2].", 3, "A [1]. B [2].", "[0 1]"},
		{"renumbered by first use", "A [3]. B [1][3]. C [2].", 3, "A [1]. B [2][1]. C [3].", "[2 0 1]"},
		{"group split", "A [2, 1].", 2, "A [1][2].", "[1 0]"},
		{"repeats in a group folded", "A [1, 1-2].", 2, "A [1][2].", "[0 1]"},
		{"unknown dropped before full stop", "A [4]. B [1].", 3, "A. B [1].", "[0]"},
		{"unknown dropped mid sentence", "A [4] and B [1].", 3, "A and B [1].", "[0]"},
		{"unknown dropped at start", "[4] A [1].", 3, "A [1].", "[0]"},
		{"paragraphs kept", "One [9].\n\n[9] Two [1].", 1, "One.\n\nTwo [1].", "[0]"},
		{"zero is not a passage", "A [0][1].", 1, "A [1].", "[0]"},
		{"no markers", "A. B.", 3, "A. B.", "[]"},
		{"n 0 removes all", "A [1], B [2, 3].", 0, "A, B.", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Check(tt.in, tt.n)
			if c.Text != tt.want || fmt.Sprint(c.Cited) != tt.wantCited {
				t.Errorf("Check(%q, %d) = %q, cited %v, want %q, cited %s", tt.in, tt.n, c.Text, c.Cited, tt.want, tt.wantCited)
			}
		})
	}
}

func TestClaimWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // the claim of each kept Marker, words sorted
	}{
		{"words before the Marker", "Ruto won the vote [1].", []string{"ruto vote won"}},
		{"since the previous Marker", "Ruto won [1] and Odinga lost [2].", []string{"ruto won", "lost odinga"}},
		{"group shares its claim", "Ruto won [1][2].", []string{"ruto won", "ruto won"}},
		{"Marker after the full stop", "Ruto won. [1] Odinga lost.", []string{"ruto won"}},
		{"Marker alone at the end", "Ruto won. Odinga lost. [1]", []string{"lost odinga"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Check(tt.in, 5)
			var got []string
			for _, claims := range c.Claims {
				for _, claim := range claims {
					got = append(got, sortedWords(claim))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("claims of %q = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSupportingQuote(t *testing.T) {
	text := "The ceremony took place in Nairobi. Ruto promised to lower the cost of living. " +
		"He said fuel subsidies would end. Thousands attended."
	tests := []struct {
		name   string
		claims []string
		want   string
	}{
		{"best sentence", []string{"Ruto promised to cut the cost of living"}, "Ruto promised to lower the cost of living."},
		{"a pair covers more of one claim", []string{"Ruto promised lower living costs and an end to fuel subsidies"},
			"Ruto promised to lower the cost of living. He said fuel subsidies would end."},
		{"two claims, each whole in one sentence", []string{"the ceremony was in Nairobi", "thousands attended"},
			"The ceremony took place in Nairobi."},
		{"no overlap quotes the first sentence", []string{"quantum chromodynamics"}, "The ceremony took place in Nairobi."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var claims []map[string]bool
			for _, c := range tt.claims {
				claims = append(claims, contentWords(c))
			}
			got := SupportingQuote(text, claims)
			if got != tt.want {
				t.Errorf("SupportingQuote(%q) = %q, want %q", tt.claims, got, tt.want)
			}
			if !strings.Contains(text, got) {
				t.Errorf("SupportingQuote(%q) = %q, not a substring of the passage", tt.claims, got)
			}
		})
	}
}

func TestAbstains(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"not in the archive", true},
		{"Not in the archive.", true},
		{"NOT IN THE ARCHIVE!", true},
		{`"Not in the archive."`, true},
		{"Sorry, the answer is not in the archive.", true},
		{"Not in the archive [1].", true},
		{"Ruto won [1]. His age is not in the archive.", false},
		{"Ruto won [1].", false},
		{"The archive does not say.", false},
	}
	for _, tt := range tests {
		text := CleanCompletion(tt.in)
		if got := Abstains(text, Check(text, 3)); got != tt.want {
			t.Errorf("Abstains(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func sortedWords(set map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(set)), " ")
}
