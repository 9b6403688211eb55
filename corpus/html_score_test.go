package corpus

import (
	"strings"
	"unicode"
)

// f1Tokens splits s into lower-cased words; each Han, Hiragana, Katakana or
// Hangul character counts as a word of its own.
func f1Tokens(s string) []string {
	var out []string
	var cur strings.Builder
	end := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, c := range strings.ToLower(s) {
		switch {
		case unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			end()
			out = append(out, string(c))
		case unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c):
			cur.WriteRune(c)
		default:
			end()
		}
	}
	end()
	return out
}

// tokenF1 is the F1 of the bag of words of got against want.
func tokenF1(got, want string) float64 {
	g, w := f1Tokens(got), f1Tokens(want)
	if len(g) == 0 && len(w) == 0 {
		return 1
	}
	if len(g) == 0 || len(w) == 0 {
		return 0
	}
	counts := map[string]int{}
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(g))
	r := float64(common) / float64(len(w))
	return 2 * p * r / (p + r)
}
