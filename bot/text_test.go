package bot

import (
	"strings"
	"testing"
)

func TestSize(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"café", 4},
		{"a😀b", 4}, // an emoji counts twice, as UTF-16 does
	}
	for _, tt := range tests {
		if got := size(tt.in); got != tt.want {
			t.Errorf("size(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "One. Two.", 9, "One. Two."},
		{"at a sentence end", "The bridge opened in 1998. It was long and wide.", 40, "The bridge opened in 1998. …"},
		{"keeps the marker after the sentence", "The bridge opened. [1] It cost a great deal of money to build.", 40, "The bridge opened. [1] …"},
		{"keeps markers before the space", "The bridge opened.[1][2] It cost a great deal of money.", 40, "The bridge opened.[1][2] …"},
		{"at a word when the sentence is too short", "Yes. The bridge opened in the summer of nineteen ninety eight", 40, "Yes. The bridge opened in the summer of…"},
		{"never inside a marker", "The bridge [12] opened in the summer [13] of nineteen", 38, "The bridge [12] opened in the summer…"},
		{"no space at all", strings.Repeat("x", 50), 10, "xxxxxxxxx…"},
		{"question mark and closing quote", `He asked "why?" Then he left the room for good.`, 30, `He asked "why?" …`},
		{"abbreviation-free decimal is no end", "It cost 3.5 million pounds to build the bridge", 30, "It cost 3.5 million pounds to…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cut(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if size(got) > tt.max {
				t.Errorf("cut(%q, %d) has size %d, over the max", tt.in, tt.max, size(got))
			}
		})
	}
}

func TestCutEscaped(t *testing.T) {
	in := strings.Repeat("a_b*c ", 100)
	got := cutEscaped(in, 100)
	if size(got) > 100 {
		t.Errorf("cutEscaped(…, 100) has size %d, want at most 100", size(got))
	}
	if strings.HasSuffix(strings.TrimSuffix(got, ellipsis), `\`) {
		t.Errorf("cutEscaped(…, 100) = %q ends inside an escape", got)
	}
	if want := `a\_b\*c`; !strings.HasPrefix(got, want) {
		t.Errorf("cutEscaped(…, 100) = %q, want it to start with %q", got, want)
	}
}

func TestStripMention(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@42> When did it open?", "When did it open?"},
		{"<@!42>   when?  <@42>", "when?"},
		{"<@42>", ""},
		{"ask <@43> about <@42> it", "ask <@43> about it"},
	}
	for _, tt := range tests {
		if got := stripMention(tt.in, "42"); got != tt.want {
			t.Errorf("stripMention(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
