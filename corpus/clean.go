package corpus

// Clean normalises article text: HTML entities decoded, soft hyphens and
// zero-width characters removed, runs of spaces folded, paragraphs kept as
// single blank-line breaks, and leading and trailing space trimmed.
func Clean(s string) string {
	panic("TODO")
}

// NormalizeDate turns a date as archives write it ("2022/06/12",
// "2016-12-08T10:00:00Z", "December 8, 2016", ...) into "YYYY-MM-DD",
// "YYYY-MM" or "YYYY"; it returns "" when s holds no recognisable date.
func NormalizeDate(s string) string {
	panic("TODO")
}
